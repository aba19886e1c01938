-- Issue #15 point 5: the local Youth Council (Savet za mlade), an advisory body of the town
-- assembly. Its members, meetings (agenda, invitations, attendance, minutes) and its decisions,
-- opinions and recommendations per agenda item.
-- The Law on Youth asks that at least half of the members be young (15–30). The database
-- decides it, so no code path and no race can break it: a trigger on council_members takes the
-- office's council row lock (youth_councils) and checks the composition on today and on every
-- later day a term starts or ends; two older members added at once queue on that lock and the
-- second sees the first (READ COMMITTED: each statement of the trigger takes a new snapshot).

-- One row per office that keeps a council: the lock every change of its members takes.
CREATE TABLE youth_councils (
  office_id  uuid PRIMARY KEY REFERENCES offices (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE council_members (
  office_id    uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  id           uuid NOT NULL DEFAULT gen_random_uuid(),
  -- A person of the office's register, when chosen from it (the name is copied: the council's
  -- composition is a public record that outlives the register row).
  person_id    uuid,
  full_name    text NOT NULL CHECK (length(full_name) BETWEEN 2 AND 120),
  role         text NOT NULL CHECK (role IN ('chair', 'deputy', 'member', 'secretary')),
  organisation text NOT NULL DEFAULT '' CHECK (length(organisation) <= 200),
  -- Only the year (minimum data): enough for the 15–30 rule, never shown publicly.
  birth_year   smallint NOT NULL CHECK (birth_year BETWEEN 1900 AND 2100),
  -- For the meetings' invitations; never shown publicly.
  email        text NOT NULL DEFAULT '' CHECK (length(email) <= 254),
  term_from    date NOT NULL,
  term_to      date,
  created_by   uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, id),
  FOREIGN KEY (office_id, person_id) REFERENCES people (office_id, id) ON DELETE SET NULL (person_id),
  CHECK (term_to IS NULL OR term_to >= term_from)
);
CREATE INDEX council_members_term_idx ON council_members (office_id, term_from);

-- Young in a year: turning 15 to 30 in it (only the birth year is kept).
CREATE FUNCTION council_young(birth_year int, on_day date) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT extract(year FROM on_day)::int - birth_year BETWEEN 15 AND 30
$$;

-- The first day from today on (Belgrade) on which fewer than half of the members would be
-- young, with the counts; no row when the composition keeps the rule.
CREATE FUNCTION council_half_young_problem(p_office uuid)
RETURNS TABLE (on_day date, young int, total int) LANGUAGE sql STABLE AS $$
  WITH today AS (SELECT (now() AT TIME ZONE 'Europe/Belgrade')::date AS d),
  days AS (
    SELECT d FROM today
    UNION SELECT m.term_from FROM council_members m, today WHERE m.office_id = p_office AND m.term_from > today.d
    UNION SELECT m.term_to + 1 FROM council_members m, today WHERE m.office_id = p_office AND m.term_to >= today.d
  ),
  counts AS (
    SELECT days.d,
           count(m.id) FILTER (WHERE council_young(m.birth_year, days.d))::int AS young,
           count(m.id)::int AS total
      FROM days
      LEFT JOIN council_members m ON m.office_id = p_office AND m.term_from <= days.d AND (m.term_to IS NULL OR m.term_to >= days.d)
     GROUP BY days.d
  )
  SELECT d, young, total FROM counts WHERE total > 0 AND 2 * young < total ORDER BY d LIMIT 1
$$;

CREATE FUNCTION council_members_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  o uuid := COALESCE(NEW.office_id, OLD.office_id);
  today date := (now() AT TIME ZONE 'Europe/Belgrade')::date;
  p record;
BEGIN
  -- The office itself is being deleted (its members go with it).
  IF NOT EXISTS (SELECT 1 FROM offices WHERE id = o) THEN RETURN NULL; END IF;
  -- Changes that cannot lower the share of young members are never refused (so a council that
  -- aged out of the rule can still be edited and mended).
  IF TG_OP = 'UPDATE' AND NEW.birth_year = OLD.birth_year AND NEW.term_from = OLD.term_from
     AND NEW.term_to IS NOT DISTINCT FROM OLD.term_to THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'DELETE' AND NOT council_young(OLD.birth_year, today) THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' AND council_young(NEW.birth_year, today) THEN RETURN NULL; END IF;
  INSERT INTO youth_councils (office_id) VALUES (o) ON CONFLICT DO NOTHING;
  PERFORM 1 FROM youth_councils WHERE office_id = o FOR UPDATE;
  SELECT * INTO p FROM council_half_young_problem(o);
  IF FOUND THEN
    RAISE EXCEPTION 'fewer than half of the youth council''s members would be aged 15 to 30'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'council_members_half_young',
            DETAIL = format('%s|%s|%s', p.on_day, p.young, p.total);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER council_members_half_young AFTER INSERT OR UPDATE OR DELETE ON council_members
  FOR EACH ROW EXECUTE FUNCTION council_members_check();

CREATE TABLE council_meetings (
  office_id          uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  id                 uuid NOT NULL DEFAULT gen_random_uuid(),
  starts_at          timestamptz NOT NULL,
  ends_at            timestamptz NOT NULL,
  place              text NOT NULL CHECK (length(place) BETWEEN 1 AND 300),
  -- Invitations: when last sent, and the iCalendar SEQUENCE of that version.
  invited_at         timestamptz,
  invite_sequence    int NOT NULL DEFAULT 0 CHECK (invite_sequence >= 0),
  -- The minutes, as typed (either script); adopted minutes are public and never change.
  minutes            text NOT NULL DEFAULT '' CHECK (length(minutes) <= 50000),
  minutes_adopted_at timestamptz,
  minutes_adopted_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_by         uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, id),
  CHECK (ends_at > starts_at AND ends_at - starts_at <= interval '12 hours'),
  CHECK (minutes_adopted_at IS NULL OR minutes <> '')
);
CREATE INDEX council_meetings_time_idx ON council_meetings (office_id, starts_at);

CREATE FUNCTION council_minutes_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.minutes_adopted_at IS NOT NULL AND (NEW.minutes IS DISTINCT FROM OLD.minutes OR NEW.minutes_adopted_at IS DISTINCT FROM OLD.minutes_adopted_at) THEN
    RAISE EXCEPTION 'adopted minutes cannot change' USING ERRCODE = 'check_violation', CONSTRAINT = 'council_minutes_adopted';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER council_minutes_frozen BEFORE UPDATE ON council_meetings FOR EACH ROW EXECUTE FUNCTION council_minutes_frozen();

CREATE TABLE council_agenda_items (
  office_id  uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  id         uuid NOT NULL DEFAULT gen_random_uuid(),
  meeting_id uuid NOT NULL,
  position   smallint NOT NULL CHECK (position BETWEEN 1 AND 50),
  title      text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  PRIMARY KEY (office_id, id),
  UNIQUE (office_id, meeting_id, position),
  FOREIGN KEY (office_id, meeting_id) REFERENCES council_meetings (office_id, id) ON DELETE CASCADE
);

CREATE TABLE council_attendance (
  office_id   uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  meeting_id  uuid NOT NULL,
  member_id   uuid NOT NULL,
  status      text NOT NULL CHECK (status IN ('present', 'absent', 'excused')),
  recorded_by uuid REFERENCES users (id) ON DELETE SET NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, meeting_id, member_id),
  FOREIGN KEY (office_id, meeting_id) REFERENCES council_meetings (office_id, id) ON DELETE CASCADE,
  FOREIGN KEY (office_id, member_id) REFERENCES council_members (office_id, id) ON DELETE CASCADE
);

-- A decision, opinion or recommendation adopted under an agenda item. Its subject is typed:
-- 'other' (described in words) or, once the plan links to it, a plan item by id (the integrator
-- adds the foreign key when the plan's tables exist).
CREATE TABLE council_decisions (
  office_id    uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  id           uuid NOT NULL DEFAULT gen_random_uuid(),
  meeting_id   uuid NOT NULL,
  item_id      uuid NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('decision', 'opinion', 'recommendation')),
  body         text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
  subject_kind text NOT NULL DEFAULT 'other' CHECK (subject_kind IN ('other', 'plan_item')),
  subject_id   uuid,
  subject_text text NOT NULL DEFAULT '' CHECK (length(subject_text) <= 300),
  created_by   uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, id),
  FOREIGN KEY (office_id, meeting_id) REFERENCES council_meetings (office_id, id) ON DELETE CASCADE,
  FOREIGN KEY (office_id, item_id) REFERENCES council_agenda_items (office_id, id) ON DELETE CASCADE,
  CHECK ((subject_kind = 'plan_item') = (subject_id IS NOT NULL))
);
CREATE INDEX council_decisions_meeting_idx ON council_decisions (office_id, meeting_id);
