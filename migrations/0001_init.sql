-- KZM foundation schema.
-- Rule (checked by src/core/db/schema-rules.db.test.ts): every office-owned table carries
-- office_id in its primary key and in every foreign key to another office-owned table, so
-- rows of two offices can never point at each other and the tables can be distributed by
-- office_id (Citus). Tables without office_id are global and listed in GLOBAL_TABLES.

-- ── Offices (the tenant) ────────────────────────────────────────────────────
CREATE TABLE offices (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug         text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  -- 'full' offices use KZM; 'directory' offices are listed in the national directory only.
  status       text NOT NULL DEFAULT 'full' CHECK (status IN ('full', 'directory')),
  name         text NOT NULL CHECK (length(name) BETWEEN 2 AND 200),
  town         text NOT NULL CHECK (length(town) BETWEEN 2 AND 100),
  region       text NOT NULL CHECK (region IN ('vojvodina', 'belgrade', 'central', 'west', 'south_east')),
  address      text NOT NULL DEFAULT '',
  postal_code  text NOT NULL DEFAULT '',
  room         text NOT NULL DEFAULT '',
  email        text NOT NULL DEFAULT '',
  website      text NOT NULL DEFAULT '',
  -- [{ "label": "…", "number": "013/308-907" }]
  phones       jsonb NOT NULL DEFAULT '[]',
  -- [{ "network": "facebook", "url": "https://…", "label": "…" }]
  social_links jsonb NOT NULL DEFAULT '[]',
  latitude     double precision CHECK (latitude BETWEEN -90 AND 90),
  longitude    double precision CHECK (longitude BETWEEN -180 AND 180),
  founded_on   date,
  founded_year integer CHECK (founded_year BETWEEN 1990 AND 2100),
  description  text NOT NULL DEFAULT '',
  hours_note   text NOT NULL DEFAULT '',
  awards       text NOT NULL DEFAULT '',
  -- Folded name + town (searchKey) so search ignores script, case and diacritics.
  search_key   text NOT NULL DEFAULT '',
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX offices_region_idx ON offices (region);

-- Weekly opening hours, in the office's local time (Europe/Belgrade). weekday: 1 = Monday.
CREATE TABLE office_hours (
  office_id uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  weekday   smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  opens     time NOT NULL,
  closes    time NOT NULL,
  PRIMARY KEY (office_id, weekday, opens),
  CHECK (closes > opens)
);

-- Public contact people of an office (shown on its page); not necessarily accounts.
CREATE TABLE office_coordinators (
  office_id  uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  id         uuid NOT NULL DEFAULT gen_random_uuid(),
  full_name  text NOT NULL CHECK (length(full_name) BETWEEN 2 AND 120),
  title      text NOT NULL DEFAULT '',
  phone      text NOT NULL DEFAULT '',
  email      text NOT NULL DEFAULT '',
  position   integer NOT NULL DEFAULT 0,
  PRIMARY KEY (office_id, id)
);

-- ── Accounts (global: one person may use several offices) ───────────────────
CREATE TABLE users (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email              text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
  password_hash      text NOT NULL,
  display_name       text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 120),
  birth_date         date NOT NULL,
  locale             text NOT NULL DEFAULT 'cir' CHECK (locale IN ('cir', 'lat', 'en')),
  email_confirmed_at timestamptz,
  is_national_admin  boolean NOT NULL DEFAULT false,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

-- Consent given at sign-up (and later ones), with the version of the privacy notice.
CREATE TABLE consents (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id        uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  purpose        text NOT NULL CHECK (purpose IN ('privacy_notice')),
  notice_version text NOT NULL,
  -- 'self' from 15 (ZZPL art. 16); 'parent' below 15.
  given_by       text NOT NULL CHECK (given_by IN ('self', 'parent')),
  given_at       timestamptz NOT NULL DEFAULT now(),
  withdrawn_at   timestamptz
);
CREATE INDEX consents_user_idx ON consents (user_id);

-- Server-side sessions: the cookie holds a random token, the table its SHA-256.
CREATE TABLE sessions (
  id           text PRIMARY KEY,
  user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

-- One-time tokens mailed to people (confirm e-mail, reset password, change e-mail).
CREATE TABLE user_tokens (
  token_hash text PRIMARY KEY,
  user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  purpose    text NOT NULL CHECK (purpose IN ('confirm_email', 'reset_password', 'change_email')),
  new_email  text,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at    timestamptz
);
CREATE INDEX user_tokens_user_idx ON user_tokens (user_id, purpose);

-- Roles a person holds in an office.
CREATE TABLE office_members (
  office_id  uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role       text NOT NULL CHECK (role IN ('association_rep', 'youth_council', 'coordinator', 'office_admin')),
  granted_at timestamptz NOT NULL DEFAULT now(),
  granted_by uuid REFERENCES users (id) ON DELETE SET NULL,
  PRIMARY KEY (office_id, user_id, role)
);
CREATE INDEX office_members_user_idx ON office_members (user_id);

-- ── Audit ───────────────────────────────────────────────────────────────────
CREATE TABLE audit_events (
  office_id uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  id        uuid NOT NULL DEFAULT gen_random_uuid(),
  actor_id  uuid REFERENCES users (id) ON DELETE SET NULL,
  action    text NOT NULL,
  target    text NOT NULL DEFAULT '',
  data      jsonb NOT NULL DEFAULT '{}',
  at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, id)
);
CREATE INDEX audit_events_at_idx ON audit_events (office_id, at DESC);

-- Account-level events (sign-up, log-in, password changes), kept per person.
CREATE TABLE account_events (
  id      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid REFERENCES users (id) ON DELETE CASCADE,
  action  text NOT NULL,
  data    jsonb NOT NULL DEFAULT '{}',
  at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX account_events_user_idx ON account_events (user_id, at DESC);

-- ── Mail outbox (global) ────────────────────────────────────────────────────
-- Written in the same transaction as the change that causes the mail; a worker sends it.
CREATE TABLE outbox (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  recipient       text NOT NULL,
  subject         text NOT NULL,
  body_text       text NOT NULL,
  body_html       text,
  -- Stable Message-ID so that a retry after a crash is recognisable downstream.
  message_id      text NOT NULL UNIQUE,
  created_at      timestamptz NOT NULL DEFAULT now(),
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  locked_until    timestamptz,
  sent_at         timestamptz,
  -- 'smtp' or 'devbox' (no SMTP_URL: kept for the development mailbox page).
  transport       text,
  last_error      text,
  failed_at       timestamptz
);
CREATE INDEX outbox_due_idx ON outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;

-- ── Throttling (global, shared by every app process) ────────────────────────
CREATE TABLE throttle (
  key             text PRIMARY KEY,
  window_start    timestamptz NOT NULL,
  hits            integer NOT NULL
);
