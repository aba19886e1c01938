-- Issue #16: youth needs surveys. A survey's questions live in versions (jsonb definitions the
-- app validates with zod); a response names the version it answered. The rules that matter are
-- the database's:
--   * a response is stored once (its submission key is unique), never half (one transaction);
--   * one answer per account where the survey asks for it (survey_participants, unique, kept
--     apart from the answers so the answers stay anonymous);
--   * a quota is never overfilled: the response's transaction takes the quota row
--     (UPDATE … WHERE filled < target) and a CHECK stops the rest.

CREATE TABLE surveys (
  office_id        uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  id               uuid NOT NULL DEFAULT gen_random_uuid(),
  title            text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  -- Which template it started from ('needs', 'feedback', '' for none): the trends page groups by it.
  template         text NOT NULL DEFAULT '' CHECK (template IN ('', 'needs', 'feedback')),
  opens_at         timestamptz,
  closes_at        timestamptz,
  one_per_account  boolean NOT NULL DEFAULT false,
  -- The smallest group a result shows (the office's default 5, only ever higher).
  threshold        int NOT NULL DEFAULT 5 CHECK (threshold BETWEEN 5 AND 1000),
  target           int CHECK (target IS NULL OR target BETWEEN 1 AND 1000000),
  current_version  int NOT NULL DEFAULT 1 CHECK (current_version >= 1),
  created_by       uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, id),
  CHECK (closes_at IS NULL OR opens_at IS NULL OR closes_at > opens_at)
);

CREATE TABLE survey_versions (
  office_id   uuid NOT NULL,
  survey_id   uuid NOT NULL,
  version     int NOT NULL CHECK (version >= 1),
  definition  jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, survey_id, version),
  FOREIGN KEY (office_id, survey_id) REFERENCES surveys (office_id, id) ON DELETE CASCADE
);

-- Target counts of respondents by demographic code; `filled` counts the stored responses.
CREATE TABLE survey_quotas (
  office_id  uuid NOT NULL,
  survey_id  uuid NOT NULL,
  dimension  text NOT NULL CHECK (dimension IN ('age_group', 'gender', 'settlement_kind')),
  code       text NOT NULL CHECK (length(code) BETWEEN 1 AND 40),
  target     int NOT NULL CHECK (target BETWEEN 1 AND 1000000),
  filled     int NOT NULL DEFAULT 0,
  PRIMARY KEY (office_id, survey_id, dimension, code),
  FOREIGN KEY (office_id, survey_id) REFERENCES surveys (office_id, id) ON DELETE CASCADE,
  CONSTRAINT survey_quotas_not_over CHECK (filled >= 0 AND filled <= target)
);

CREATE TABLE survey_responses (
  office_id        uuid NOT NULL,
  survey_id        uuid NOT NULL,
  id               uuid NOT NULL DEFAULT gen_random_uuid(),
  version          int NOT NULL,
  -- SHA-256 of the form's random key: a second post of the same form is refused.
  submission_key   text NOT NULL CHECK (length(submission_key) = 64),
  -- The demographic block, copied out of `answers` for cross-tabs and quotas (NULL: not answered).
  age_group        text,
  gender           text,
  settlement_kind  text,
  status           text,
  answers          jsonb NOT NULL,
  submitted_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, id),
  FOREIGN KEY (office_id, survey_id, version) REFERENCES survey_versions (office_id, survey_id, version) ON DELETE CASCADE,
  CONSTRAINT survey_responses_once UNIQUE (office_id, survey_id, submission_key)
);
CREATE INDEX survey_responses_survey_idx ON survey_responses (office_id, survey_id, submitted_at);

-- Who answered (only for one-answer-per-account surveys), with no link to what they answered.
CREATE TABLE survey_participants (
  office_id  uuid NOT NULL,
  survey_id  uuid NOT NULL,
  user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  PRIMARY KEY (office_id, survey_id, user_id),
  FOREIGN KEY (office_id, survey_id) REFERENCES surveys (office_id, id) ON DELETE CASCADE
);

-- Saved partial answers, reached by a private link (the SHA-256 of its random token).
CREATE TABLE survey_drafts (
  office_id   uuid NOT NULL,
  survey_id   uuid NOT NULL,
  token_hash  text NOT NULL CHECK (length(token_hash) = 64),
  version     int NOT NULL,
  section     int NOT NULL DEFAULT 0 CHECK (section >= 0),
  answers     jsonb NOT NULL DEFAULT '{}',
  user_id     uuid REFERENCES users (id) ON DELETE CASCADE,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, token_hash),
  FOREIGN KEY (office_id, survey_id, version) REFERENCES survey_versions (office_id, survey_id, version) ON DELETE CASCADE
);
CREATE UNIQUE INDEX survey_drafts_token_idx ON survey_drafts (token_hash);

-- The town's young population from census figures, for the inclusion dashboard.
CREATE TABLE survey_population (
  office_id  uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  dimension  text NOT NULL CHECK (dimension IN ('age_group', 'gender', 'settlement_kind')),
  code       text NOT NULL CHECK (length(code) BETWEEN 1 AND 40),
  people     int NOT NULL CHECK (people BETWEEN 0 AND 10000000),
  source     text NOT NULL DEFAULT '' CHECK (length(source) <= 200),
  PRIMARY KEY (office_id, dimension, code)
);
