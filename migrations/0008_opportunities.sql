-- Opportunities (issue #13 point 2): scholarships, competitions, jobs, internships, trainings
-- elsewhere, exchanges and mobility, each published by an office for young people.
-- Same rule as before: office_id in every office-owned primary key and foreign key.
--
-- deadline: the last day one may apply (Belgrade's calendar); NULL = rolling (open until the
-- office removes it). An opportunity whose deadline has passed leaves the lists by itself (the
-- lists compare it with today) and stays reachable at its address, marked closed.
-- Age range 10–35: wider than the 15–30 of the Law on Youth, because pupils' competitions start
-- at 12 or 13 and some programmes (the European Solidarity Corps' humanitarian strand, a few
-- scholarships) run to 35. statuses: who may apply (empty = anyone).
CREATE TABLE opportunities (
  office_id    uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  id           uuid NOT NULL DEFAULT gen_random_uuid(),
  kind         text NOT NULL CHECK (kind IN ('scholarship', 'competition', 'job', 'internship', 'training', 'exchange')),
  title        text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  description  text NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
  deadline     date,
  age_min      smallint CHECK (age_min BETWEEN 10 AND 35),
  age_max      smallint CHECK (age_max BETWEEN 10 AND 35),
  statuses     text[] NOT NULL DEFAULT '{}'
               CHECK (statuses <@ ARRAY['pupil', 'student', 'employed', 'unemployed']::text[]),
  link         text NOT NULL CHECK (link ~* '^https?://' AND length(link) <= 500),
  source       text NOT NULL CHECK (length(source) BETWEEN 1 AND 200),
  -- LAP area codes (src/core/domain.ts).
  areas        text[] NOT NULL DEFAULT '{}',
  -- searchKey(title + source + description): script- and diacritic-insensitive search.
  search_key   text NOT NULL DEFAULT '',
  created_by   uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, id),
  CHECK (age_min IS NULL OR age_max IS NULL OR age_min <= age_max)
);
-- The lists: open ones by deadline, per office and across offices.
CREATE INDEX opportunities_office_idx ON opportunities (office_id, deadline);
CREATE INDEX opportunities_deadline_idx ON opportunities (deadline);
