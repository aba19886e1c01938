-- Issue #17 point 5: LAP consultation. An office shares a draft version of its Local Action Plan
-- with the national reviewers (the national admins), who comment item by item — a goal, a
-- measure, an activity or an indicator, named by its `key` (the same across the plan's versions);
-- the office answers each comment and revises the draft, and closes the consultation when done.
-- office_id in every key, as everywhere.

CREATE TABLE lap_consultations (
  office_id  uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  plan_id    uuid NOT NULL,
  shared_by  uuid REFERENCES users (id) ON DELETE SET NULL,
  shared_at  timestamptz NOT NULL DEFAULT now(),
  -- The office ended the consultation (reopened by sharing again).
  closed_at  timestamptz,
  PRIMARY KEY (office_id, plan_id),
  FOREIGN KEY (office_id, plan_id) REFERENCES lap_plans (office_id, id) ON DELETE CASCADE
);
CREATE INDEX lap_consultations_open_idx ON lap_consultations (shared_at) WHERE closed_at IS NULL;

CREATE TABLE lap_review_comments (
  office_id   uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  id          uuid NOT NULL DEFAULT gen_random_uuid(),
  plan_id     uuid NOT NULL,
  item_kind   text NOT NULL CHECK (item_kind IN ('goal', 'measure', 'activity', 'indicator')),
  item_key    uuid NOT NULL,
  body        text NOT NULL CHECK (length(body) BETWEEN 3 AND 2000),
  author_id   uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  answer      text CHECK (answer IS NULL OR length(answer) BETWEEN 2 AND 2000),
  answered_by uuid REFERENCES users (id) ON DELETE SET NULL,
  answered_at timestamptz,
  PRIMARY KEY (office_id, id),
  FOREIGN KEY (office_id, plan_id) REFERENCES lap_consultations (office_id, plan_id) ON DELETE CASCADE,
  CHECK ((answer IS NULL) = (answered_at IS NULL))
);
CREATE INDEX lap_review_comments_plan_idx ON lap_review_comments (office_id, plan_id, created_at);
