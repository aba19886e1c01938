-- Activities and non-formal education (issue #5): the catalogue, sessions of a series,
-- registrations with a waitlist, check-in per session, certificates, feedback.
-- Same rule as before: office_id in every office-owned primary key and foreign key.

-- Whether approved association representatives may create activities in this office.
ALTER TABLE offices ADD COLUMN associations_create_activities boolean NOT NULL DEFAULT false;

-- ── Activities ──────────────────────────────────────────────────────────────
-- starts_at/ends_at are the first session's start and the last session's end, kept by the
-- service on every write (so the calendar reads one table). capacity NULL = no limit.
-- confirmed_count is the number of registrations with status 'confirmed', changed only by the
-- service while it holds this row's lock (FOR UPDATE): the database decides the last seat.
CREATE TABLE activities (
  office_id          uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  id                 uuid NOT NULL DEFAULT gen_random_uuid(),
  kind               text NOT NULL CHECK (kind IN ('workshop', 'seminar', 'training', 'camp', 'info_session', 'event', 'exchange', 'club')),
  status             text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'cancelled')),
  title              text NOT NULL CHECK (length(title) BETWEEN 3 AND 200),
  summary            text NOT NULL DEFAULT '' CHECK (length(summary) <= 300),
  description        text NOT NULL DEFAULT '' CHECK (length(description) <= 10000),
  -- LAP area codes (src/core/domain.ts).
  areas              text[] NOT NULL DEFAULT '{}',
  target_group       text NOT NULL DEFAULT '' CHECK (length(target_group) <= 200),
  age_min            smallint CHECK (age_min BETWEEN 10 AND 35),
  age_max            smallint CHECK (age_max BETWEEN 10 AND 35),
  place_kind         text NOT NULL CHECK (place_kind IN ('office', 'address', 'online')),
  -- The room (office) or the address (address); empty for online.
  place              text NOT NULL DEFAULT '' CHECK (length(place) <= 300),
  online_url         text NOT NULL DEFAULT '' CHECK (length(online_url) <= 500),
  capacity           integer CHECK (capacity BETWEEN 1 AND 100000),
  confirmed_count    integer NOT NULL DEFAULT 0 CHECK (confirmed_count >= 0),
  registration_opens timestamptz,
  registration_closes timestamptz,
  needs_approval     boolean NOT NULL DEFAULT false,
  -- Extra questions asked at sign-up: [{ "id": "q1", "label": "…", "required": true }].
  questions          jsonb NOT NULL DEFAULT '[]',
  image_file_id      uuid,
  image_alt          text NOT NULL DEFAULT '' CHECK (length(image_alt) <= 300),
  -- Empty: free. Otherwise as typed ("500 din.").
  cost               text NOT NULL DEFAULT '' CHECK (length(cost) <= 100),
  -- Hours of non-formal education (on the certificate); NULL: no certificate.
  certificate_hours  numeric(5, 1) CHECK (certificate_hours > 0),
  starts_at          timestamptz NOT NULL,
  ends_at            timestamptz NOT NULL,
  -- Set when an association's representative created it (the office allows it).
  association_id     uuid,
  -- searchKey(title + summary + place): script- and diacritic-insensitive search.
  search_key         text NOT NULL DEFAULT '',
  created_by         uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  -- Set by the reminder job (the day before) and the feedback job (after the end).
  reminders_sent_at  timestamptz,
  feedback_sent_at   timestamptz,
  PRIMARY KEY (office_id, id),
  FOREIGN KEY (office_id, image_file_id) REFERENCES files (office_id, id),
  FOREIGN KEY (office_id, association_id) REFERENCES associations (office_id, id) ON DELETE SET NULL (association_id),
  CHECK (starts_at < ends_at),
  CHECK (age_min IS NULL OR age_max IS NULL OR age_min <= age_max),
  CHECK (registration_opens IS NULL OR registration_closes IS NULL OR registration_opens < registration_closes),
  CHECK (capacity IS NULL OR confirmed_count <= capacity),
  CHECK (image_file_id IS NULL OR length(image_alt) > 0),
  CHECK (place_kind <> 'online' OR online_url <> '')
);
CREATE INDEX activities_calendar_idx ON activities (starts_at) WHERE status = 'published';
CREATE INDEX activities_office_idx ON activities (office_id, starts_at DESC);

-- One date or a series: every activity has at least one session (the service keeps it so).
CREATE TABLE activity_sessions (
  office_id   uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  id          uuid NOT NULL DEFAULT gen_random_uuid(),
  activity_id uuid NOT NULL,
  position    smallint NOT NULL CHECK (position >= 1),
  starts_at   timestamptz NOT NULL,
  ends_at     timestamptz NOT NULL,
  title       text NOT NULL DEFAULT '' CHECK (length(title) <= 200),
  PRIMARY KEY (office_id, id),
  FOREIGN KEY (office_id, activity_id) REFERENCES activities (office_id, id) ON DELETE CASCADE,
  UNIQUE (office_id, activity_id, position),
  CHECK (starts_at < ends_at)
);

CREATE TABLE activity_partners (
  office_id   uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  activity_id uuid NOT NULL,
  partner_id  uuid NOT NULL,
  PRIMARY KEY (office_id, activity_id, partner_id),
  FOREIGN KEY (office_id, activity_id) REFERENCES activities (office_id, id) ON DELETE CASCADE,
  FOREIGN KEY (office_id, partner_id) REFERENCES partners (office_id, id) ON DELETE CASCADE
);

-- ── Registrations ───────────────────────────────────────────────────────────
-- One per person per activity (live ones: see the unique indexes). A guest gives name,
-- e-mail and birth year and confirms by a mailed link (status 'unconfirmed' until then).
-- person_id links the office's register row when the person is in it (profile dimensions
-- for statistics). Erasure anonymises in place (name and e-mail go, birth_year stays).
-- code: the check-in code in the QR (random, per office). token_hash: SHA-256 of the secret
-- in mailed links (confirm, cancel, feedback); token_expires_at bounds the guest's confirm link.
CREATE TABLE registrations (
  office_id        uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  id               uuid NOT NULL DEFAULT gen_random_uuid(),
  activity_id      uuid NOT NULL,
  user_id          uuid REFERENCES users (id) ON DELETE SET NULL,
  person_id        uuid,
  full_name        text NOT NULL DEFAULT '' CHECK (length(full_name) <= 120),
  email            text NOT NULL DEFAULT '' CHECK (length(email) <= 254),
  birth_year       smallint CHECK (birth_year BETWEEN 1900 AND 2100),
  status           text NOT NULL CHECK (status IN ('unconfirmed', 'pending', 'confirmed', 'waitlisted', 'declined', 'cancelled')),
  source           text NOT NULL CHECK (source IN ('account', 'guest', 'walk_in')),
  -- { "q1": "answer" }
  answers          jsonb NOT NULL DEFAULT '{}',
  -- Order of the waitlist (and of arrival generally).
  queued_at        timestamptz NOT NULL DEFAULT clock_timestamp(),
  code             text NOT NULL CHECK (code ~ '^[A-Za-z0-9_-]{16,64}$'),
  token_hash       text,
  token_expires_at timestamptz,
  script           text NOT NULL DEFAULT 'cir' CHECK (script IN ('cir', 'lat', 'en')),
  created_at       timestamptz NOT NULL DEFAULT now(),
  confirmed_at     timestamptz,
  cancelled_at     timestamptz,
  reminded_at      timestamptz,
  anonymised_at    timestamptz,
  PRIMARY KEY (office_id, id),
  FOREIGN KEY (office_id, activity_id) REFERENCES activities (office_id, id) ON DELETE CASCADE,
  FOREIGN KEY (office_id, person_id) REFERENCES people (office_id, id) ON DELETE SET NULL (person_id),
  UNIQUE (office_id, code)
);
-- One live registration per account and per e-mail address for an activity.
CREATE UNIQUE INDEX registrations_user_key ON registrations (office_id, activity_id, user_id)
  WHERE user_id IS NOT NULL AND status NOT IN ('cancelled', 'declined');
CREATE UNIQUE INDEX registrations_email_key ON registrations (office_id, activity_id, lower(email))
  WHERE email <> '' AND status NOT IN ('cancelled', 'declined');
CREATE INDEX registrations_activity_idx ON registrations (office_id, activity_id, status, queued_at);
CREATE INDEX registrations_user_idx ON registrations (user_id) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX registrations_token_key ON registrations (token_hash) WHERE token_hash IS NOT NULL;

-- Attendance per session of a series. checked_at is when the coordinator's device saw the
-- person (an offline check-in syncs later with its original time).
CREATE TABLE attendance (
  office_id       uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  registration_id uuid NOT NULL,
  session_id      uuid NOT NULL,
  checked_at      timestamptz NOT NULL,
  checked_by      uuid REFERENCES users (id) ON DELETE SET NULL,
  method          text NOT NULL CHECK (method IN ('qr', 'list')),
  PRIMARY KEY (office_id, registration_id, session_id),
  FOREIGN KEY (office_id, registration_id) REFERENCES registrations (office_id, id) ON DELETE CASCADE,
  FOREIGN KEY (office_id, session_id) REFERENCES activity_sessions (office_id, id) ON DELETE CASCADE
);
CREATE INDEX attendance_session_idx ON attendance (office_id, session_id);

-- ── Certificates ────────────────────────────────────────────────────────────
-- Issued once per registration; the public verification page looks the code up. What was
-- certified is copied at issue time so later edits of the activity do not change it.
CREATE TABLE certificates (
  office_id       uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  code            text NOT NULL CHECK (code ~ '^[A-Z0-9]{10,20}$'),
  registration_id uuid NOT NULL,
  full_name       text NOT NULL,
  activity_title  text NOT NULL,
  hours           numeric(5, 1) NOT NULL,
  first_day       date NOT NULL,
  last_day        date NOT NULL,
  issued_at       timestamptz NOT NULL DEFAULT now(),
  revoked_at      timestamptz,
  PRIMARY KEY (office_id, code),
  FOREIGN KEY (office_id, registration_id) REFERENCES registrations (office_id, id) ON DELETE CASCADE,
  UNIQUE (office_id, registration_id)
);

-- ── Feedback ────────────────────────────────────────────────────────────────
CREATE TABLE activity_feedback (
  office_id       uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  registration_id uuid NOT NULL,
  activity_id     uuid NOT NULL,
  rating          smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
  comment         text NOT NULL DEFAULT '' CHECK (length(comment) <= 2000),
  submitted_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, registration_id),
  FOREIGN KEY (office_id, registration_id) REFERENCES registrations (office_id, id) ON DELETE CASCADE,
  FOREIGN KEY (office_id, activity_id) REFERENCES activities (office_id, id) ON DELETE CASCADE
);
