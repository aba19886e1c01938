-- Registers of young people, associations and partners (issue #4), with consent, special
-- categories kept apart, the staff-access log, imports, and stored files.
-- Same rule as 0001: office_id in every office-owned primary key and foreign key.

-- ── Accounts: activity, for the retention rule ──────────────────────────────
-- Set at log-in and (at most hourly) while a session is used; an account inactive for
-- RETENTION_MONTHS is warned by mail (retention_warned_at) and anonymised a month later.
ALTER TABLE users ADD COLUMN last_active_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE users ADD COLUMN retention_warned_at timestamptz;
CREATE INDEX users_last_active_idx ON users (last_active_at);

-- ── Settlements: the town's own list (urban or rural) ───────────────────────
CREATE TABLE office_settlements (
  office_id  uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  id         uuid NOT NULL DEFAULT gen_random_uuid(),
  name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  kind       text NOT NULL CHECK (kind IN ('urban', 'rural')),
  search_key text NOT NULL DEFAULT '',
  position   integer NOT NULL DEFAULT 0,
  PRIMARY KEY (office_id, id)
);
CREATE UNIQUE INDEX office_settlements_name_key ON office_settlements (office_id, search_key);

-- ── Young people, per office ────────────────────────────────────────────────
-- What one office knows about a young person. user_id links an account (NULL for someone met
-- offline); a person who uses two offices is two rows. Erasure anonymises in place: name,
-- e-mail, phone, birth date, settlement and account go; birth_year, gender, settlement_kind
-- and status stay, so past counts do not change.
CREATE TABLE people (
  office_id       uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  id              uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id         uuid REFERENCES users (id) ON DELETE SET NULL,
  full_name       text NOT NULL DEFAULT '' CHECK (length(full_name) <= 120),
  email           text NOT NULL DEFAULT '' CHECK (length(email) <= 254),
  phone           text NOT NULL DEFAULT '' CHECK (length(phone) <= 40),
  birth_date      date,
  birth_year      smallint NOT NULL CHECK (birth_year BETWEEN 1900 AND 2100),
  -- NULL: not asked or not answered; 'undisclosed': "prefer not to say".
  gender          text CHECK (gender IN ('female', 'male', 'other', 'undisclosed')),
  settlement_id   uuid,
  -- Copied from the settlement on every write; kept after erasure.
  settlement_kind text CHECK (settlement_kind IN ('urban', 'rural')),
  status          text CHECK (status IN ('pupil', 'student', 'employed', 'unemployed', 'neet')),
  -- LAP area codes (src/core/domain.ts).
  interests       text[] NOT NULL DEFAULT '{}',
  script          text NOT NULL DEFAULT 'cir' CHECK (script IN ('cir', 'lat', 'en')),
  -- How the person came into the register.
  source          text NOT NULL CHECK (source IN ('online', 'offline', 'import')),
  -- searchKey(full_name + ' ' + email), so search ignores script and diacritics.
  search_key      text NOT NULL DEFAULT '',
  -- A merged duplicate points at the row it was merged into; both keep their history.
  merged_into_id  uuid,
  anonymised_at   timestamptz,
  created_by      uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, id),
  FOREIGN KEY (office_id, settlement_id) REFERENCES office_settlements (office_id, id),
  FOREIGN KEY (office_id, merged_into_id) REFERENCES people (office_id, id),
  CHECK (merged_into_id IS DISTINCT FROM id),
  CHECK (birth_date IS NULL OR extract(year FROM birth_date) = birth_year),
  CHECK (anonymised_at IS NULL OR (full_name = '' AND email = '' AND phone = '' AND birth_date IS NULL
                                   AND user_id IS NULL AND settlement_id IS NULL))
);
-- One live register row per account and office.
CREATE UNIQUE INDEX people_user_key ON people (office_id, user_id) WHERE user_id IS NOT NULL AND merged_into_id IS NULL;
CREATE INDEX people_email_idx ON people (office_id, lower(email)) WHERE email <> '';
CREATE INDEX people_user_idx ON people (user_id) WHERE user_id IS NOT NULL;

-- Consent per office, person and purpose (purposes: src/features/people/purposes.ts, which
-- also generates the record of processing). From 15 the person consents ('self'); under 15 a
-- parent, and an online parent consent counts only once the parent confirmed it from their
-- own e-mail (parent_confirmed_at). Withdrawal sets withdrawn_at; a renewed consent is a new row.
CREATE TABLE person_consents (
  office_id           uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  id                  uuid NOT NULL DEFAULT gen_random_uuid(),
  person_id           uuid NOT NULL,
  purpose             text NOT NULL CHECK (purpose IN ('register', 'contact', 'photos', 'sensitive')),
  notice_version      text NOT NULL,
  given_by            text NOT NULL CHECK (given_by IN ('self', 'parent')),
  parent_name         text NOT NULL DEFAULT '',
  parent_email        text NOT NULL DEFAULT '',
  parent_confirmed_at timestamptz,
  -- online: given in KZM; paper: a signed form the office keeps; import: from an imported list.
  evidence            text NOT NULL CHECK (evidence IN ('online', 'paper', 'import')),
  -- Where the paper is kept, or which file it was imported from.
  evidence_note       text NOT NULL DEFAULT '' CHECK (length(evidence_note) <= 300),
  recorded_by         uuid REFERENCES users (id) ON DELETE SET NULL,
  given_at            timestamptz NOT NULL DEFAULT now(),
  withdrawn_at        timestamptz,
  PRIMARY KEY (office_id, id),
  FOREIGN KEY (office_id, person_id) REFERENCES people (office_id, id) ON DELETE CASCADE,
  -- An online parent consent names the parent, until erasure clears the name (and withdraws it).
  CHECK (given_by = 'self' OR parent_name <> '' OR parent_email <> '' OR evidence <> 'online' OR withdrawn_at IS NOT NULL),
  CHECK (given_by = 'parent' OR parent_confirmed_at IS NULL)
);
CREATE UNIQUE INDEX person_consents_live_key ON person_consents (office_id, person_id, purpose) WHERE withdrawn_at IS NULL;

-- Links mailed to a parent to confirm an under-15 consent.
CREATE TABLE consent_tokens (
  office_id  uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  token_hash text NOT NULL,
  consent_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at    timestamptz,
  PRIMARY KEY (office_id, token_hash),
  FOREIGN KEY (office_id, consent_id) REFERENCES person_consents (office_id, id) ON DELETE CASCADE
);

-- Special categories (ZZPL art. 17), apart from the profile, only under a live 'sensitive'
-- consent (withdrawing it deletes the row). Read only by a coordinator who gives a reason
-- (logged in personal_data_access); statistics use aggregates with small cells suppressed.
CREATE TABLE person_sensitive (
  office_id   uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  person_id   uuid NOT NULL,
  consent_id  uuid NOT NULL,
  ethnicity   text CHECK (ethnicity IN ('serbian', 'hungarian', 'roma', 'bosniak', 'croatian', 'slovak', 'romanian',
                                        'albanian', 'bulgarian', 'vlach', 'montenegrin', 'other')),
  disability  boolean,
  health_note text NOT NULL DEFAULT '' CHECK (length(health_note) <= 1000),
  recorded_by uuid REFERENCES users (id) ON DELETE SET NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, person_id),
  FOREIGN KEY (office_id, person_id) REFERENCES people (office_id, id) ON DELETE CASCADE,
  FOREIGN KEY (office_id, consent_id) REFERENCES person_consents (office_id, id)
);

-- Who looked: every staff view, export, reveal or change of a person's data.
CREATE TABLE personal_data_access (
  office_id uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  id        uuid NOT NULL DEFAULT gen_random_uuid(),
  actor_id  uuid REFERENCES users (id) ON DELETE SET NULL,
  person_id uuid NOT NULL,
  action    text NOT NULL CHECK (action IN ('view', 'export', 'reveal_sensitive', 'edit', 'merge', 'create', 'import', 'anonymise')),
  reason    text NOT NULL DEFAULT '' CHECK (length(reason) <= 500),
  at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, id),
  FOREIGN KEY (office_id, person_id) REFERENCES people (office_id, id) ON DELETE CASCADE,
  CHECK (action <> 'reveal_sensitive' OR length(trim(reason)) >= 5)
);
CREATE INDEX personal_data_access_person_idx ON personal_data_access (office_id, person_id, at DESC);
CREATE INDEX personal_data_access_at_idx ON personal_data_access (office_id, at DESC);

-- ── Stored files (small documents: agreements, scans) ───────────────────────
-- In the database, so app processes stay stateless; checked by core/http/uploads.ts.
CREATE TABLE files (
  office_id    uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  id           uuid NOT NULL DEFAULT gen_random_uuid(),
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  content_type text NOT NULL,
  size         integer NOT NULL CHECK (size > 0),
  sha256       text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  bytes        bytea NOT NULL,
  uploaded_by  uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, id),
  CHECK (octet_length(bytes) = size)
);

-- ── Associations ────────────────────────────────────────────────────────────
-- youth: at least two thirds of members young and goals aimed at youth; for_youth: goals
-- include youth; umbrella: a union of associations; informal: an unregistered group.
CREATE TABLE associations (
  office_id       uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  id              uuid NOT NULL DEFAULT gen_random_uuid(),
  kind            text NOT NULL CHECK (kind IN ('youth', 'for_youth', 'umbrella', 'informal')),
  name            text NOT NULL CHECK (length(name) BETWEEN 2 AND 200),
  short_name      text NOT NULL DEFAULT '' CHECK (length(short_name) <= 60),
  legal_form      text NOT NULL CHECK (legal_form IN ('association', 'union', 'foundation', 'informal_group', 'other')),
  -- Matični broj (8 digits, checked in the app with its check digit); NULL for informal groups.
  registry_number text CHECK (registry_number ~ '^[0-9]{8}$'),
  founded_year    integer CHECK (founded_year BETWEEN 1900 AND 2100),
  address         text NOT NULL DEFAULT '' CHECK (length(address) <= 300),
  email           text NOT NULL DEFAULT '' CHECK (length(email) <= 254),
  phone           text NOT NULL DEFAULT '' CHECK (length(phone) <= 40),
  website         text NOT NULL DEFAULT '' CHECK (length(website) <= 500),
  contact_person  text NOT NULL DEFAULT '' CHECK (length(contact_person) <= 120),
  description     text NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
  -- LAP area codes (src/core/domain.ts) and target-group codes (features/associations).
  areas           text[] NOT NULL DEFAULT '{}',
  target_groups   text[] NOT NULL DEFAULT '{}',
  members_total   integer CHECK (members_total >= 0),
  members_young   integer CHECK (members_young >= 0),
  active          boolean NOT NULL DEFAULT true,
  -- The public directory shows the association only when listed, and only these fields.
  listed          boolean NOT NULL DEFAULT false,
  published_fields text[] NOT NULL DEFAULT '{}',
  search_key      text NOT NULL DEFAULT '',
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, id),
  CHECK (members_young IS NULL OR members_total IS NULL OR members_young <= members_total),
  CHECK ((kind = 'informal') = (legal_form = 'informal_group')),
  CHECK (kind <> 'informal' OR registry_number IS NULL)
);
CREATE UNIQUE INDEX associations_registry_key ON associations (office_id, registry_number) WHERE registry_number IS NOT NULL;
CREATE INDEX associations_listed_idx ON associations (office_id) WHERE listed AND active;

-- Accounts that may edit an association's profile once the office approves them.
CREATE TABLE association_representatives (
  office_id      uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  association_id uuid NOT NULL,
  user_id        uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  status         text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
  note           text NOT NULL DEFAULT '' CHECK (length(note) <= 500),
  requested_at   timestamptz NOT NULL DEFAULT now(),
  decided_at     timestamptz,
  decided_by     uuid REFERENCES users (id) ON DELETE SET NULL,
  PRIMARY KEY (office_id, association_id, user_id),
  FOREIGN KEY (office_id, association_id) REFERENCES associations (office_id, id) ON DELETE CASCADE,
  CHECK ((status = 'pending') = (decided_at IS NULL))
);
CREATE INDEX association_representatives_user_idx ON association_representatives (user_id);

-- ── Partners ────────────────────────────────────────────────────────────────
CREATE TABLE partners (
  office_id      uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  id             uuid NOT NULL DEFAULT gen_random_uuid(),
  kind           text NOT NULL CHECK (kind IN ('school', 'faculty', 'police', 'employment_service', 'health_centre',
                                               'public_health', 'culture_centre', 'sports_club', 'pupils_parliament',
                                               'student_organisation', 'media', 'other')),
  name           text NOT NULL CHECK (length(name) BETWEEN 2 AND 200),
  address        text NOT NULL DEFAULT '' CHECK (length(address) <= 300),
  contact_person text NOT NULL DEFAULT '' CHECK (length(contact_person) <= 120),
  email          text NOT NULL DEFAULT '' CHECK (length(email) <= 254),
  phone          text NOT NULL DEFAULT '' CHECK (length(phone) <= 40),
  website        text NOT NULL DEFAULT '' CHECK (length(website) <= 500),
  notes          text NOT NULL DEFAULT '' CHECK (length(notes) <= 4000),
  active         boolean NOT NULL DEFAULT true,
  search_key     text NOT NULL DEFAULT '',
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, id)
);
CREATE UNIQUE INDEX partners_name_key ON partners (office_id, search_key);

CREATE TABLE partner_agreements (
  office_id   uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  id          uuid NOT NULL DEFAULT gen_random_uuid(),
  partner_id  uuid NOT NULL,
  title       text NOT NULL CHECK (length(title) BETWEEN 2 AND 200),
  signed_on   date NOT NULL,
  valid_until date,
  file_id     uuid,
  notes       text NOT NULL DEFAULT '' CHECK (length(notes) <= 2000),
  created_by  uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, id),
  FOREIGN KEY (office_id, partner_id) REFERENCES partners (office_id, id) ON DELETE CASCADE,
  FOREIGN KEY (office_id, file_id) REFERENCES files (office_id, id),
  CHECK (valid_until IS NULL OR valid_until >= signed_on)
);

-- The cooperation log: meetings, joint activities, letters.
CREATE TABLE partner_log (
  office_id   uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  id          uuid NOT NULL DEFAULT gen_random_uuid(),
  partner_id  uuid NOT NULL,
  happened_on date NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('joint_activity', 'meeting', 'letter', 'other')),
  title       text NOT NULL CHECK (length(title) BETWEEN 2 AND 200),
  notes       text NOT NULL DEFAULT '' CHECK (length(notes) <= 4000),
  created_by  uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, id),
  FOREIGN KEY (office_id, partner_id) REFERENCES partners (office_id, id) ON DELETE CASCADE
);
CREATE INDEX partner_log_partner_idx ON partner_log (office_id, partner_id, happened_on DESC);

-- ── Imports: parsed, previewed, then written in one transaction or not at all ──
-- rows: [{ "line": 2, "values": {field: as typed}, "errors": {field: {"key": messageKey, "vars": {…}}},
--          "duplicate": null | {"of": "file", "line": 3} | {"of": "register", "name": "…"}, "include": false }]
-- (errors are message keys, rendered in the reader's script when shown; a bare key string is
-- read too). ignored: headers of the file's columns that fill nothing (shown as a warning).
-- A preview holds personal data only until it is confirmed or cancelled (rows emptied) or
-- expires after a day (deleted by the retention job).
CREATE TABLE imports (
  office_id    uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  id           uuid NOT NULL DEFAULT gen_random_uuid(),
  kind         text NOT NULL CHECK (kind IN ('associations', 'partners', 'people')),
  filename     text NOT NULL CHECK (length(filename) BETWEEN 1 AND 200),
  encoding     text NOT NULL DEFAULT '',
  status       text NOT NULL CHECK (status IN ('preview', 'confirmed', 'cancelled')),
  rows         jsonb NOT NULL DEFAULT '[]',
  ignored      text[] NOT NULL DEFAULT '{}',
  row_count    integer NOT NULL DEFAULT 0,
  written      integer NOT NULL DEFAULT 0,
  created_by   uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz,
  PRIMARY KEY (office_id, id),
  CHECK ((status = 'preview') = (finished_at IS NULL)),
  -- A finished import keeps counts, never the file's rows (personal data).
  CHECK (status = 'preview' OR rows = '[]'::jsonb)
);
