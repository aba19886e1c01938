-- Issue #17 points 4 and 6: coordinators' competencies and the national association's trainings,
-- and national campaigns (International Youth Day) that offices join with their activities.

-- ── The national association as an organiser ───────────────────────────────────────────────
-- One office row marked as the association: its trainings are ordinary activities of that office
-- (sign-up, attendance, certificates from the activities feature), its staff are its members.
-- It is created by the national admin on first need (or the demo seed), never by this migration
-- (a database without offices is what the demo seed recognises as fresh). It leaves the map.
ALTER TABLE offices ADD COLUMN national_association boolean NOT NULL DEFAULT false;
CREATE UNIQUE INDEX offices_one_association_idx ON offices (national_association) WHERE national_association;

-- ── Self-assessment on the four standards of youth-office work ───────────────────────────────
-- Each completed self-assessment is kept (the newest counts); office_id is the coordinator's
-- office. Levels: 1 basic, 2 advanced, 3 mentor — the curriculum level the coordinator follows.
CREATE TABLE competency_assessments (
  office_id      uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  id             uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id        uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  answers        jsonb NOT NULL,
  management     smallint NOT NULL CHECK (management BETWEEN 1 AND 3),
  partnership    smallint NOT NULL CHECK (partnership BETWEEN 1 AND 3),
  participation  smallint NOT NULL CHECK (participation BETWEEN 1 AND 3),
  inclusion      smallint NOT NULL CHECK (inclusion BETWEEN 1 AND 3),
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, id)
);
CREATE INDEX competency_assessments_user_idx ON competency_assessments (office_id, user_id, created_at DESC);

-- ── Trainings: activities of the association, by standard and level, national or regional ─────
CREATE TABLE trainings (
  office_id    uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  activity_id  uuid NOT NULL,
  standard     text NOT NULL CHECK (standard IN ('management', 'partnership', 'participation', 'inclusion')),
  level        smallint NOT NULL CHECK (level BETWEEN 1 AND 3),
  -- NULL: a national training; otherwise the statistical region it is for.
  region_code  text REFERENCES statistical_regions (code),
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, activity_id),
  FOREIGN KEY (office_id, activity_id) REFERENCES activities (office_id, id) ON DELETE CASCADE
);
CREATE INDEX trainings_need_idx ON trainings (standard, level);

-- ── Campaigns ────────────────────────────────────────────────────────────────────────────
-- National campaigns of the association: a global table (every office joins them with its own
-- activities, so it belongs to no one office; a reference table on Citus).
CREATE TABLE campaigns (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  title       text NOT NULL CHECK (length(title) BETWEEN 3 AND 200),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
  starts_on   date NOT NULL,
  ends_on     date NOT NULL,
  created_by  uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_on >= starts_on)
);

-- An office's activity in a campaign: office_id is the activity's office.
CREATE TABLE campaign_activities (
  office_id          uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  activity_id        uuid NOT NULL,
  campaign_id        uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  added_by           uuid REFERENCES users (id) ON DELETE SET NULL,
  added_at           timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, campaign_id, activity_id),
  FOREIGN KEY (office_id, activity_id) REFERENCES activities (office_id, id) ON DELETE CASCADE
);
CREATE INDEX campaign_activities_campaign_idx ON campaign_activities (campaign_id);

-- Promotional material an office asks for; the national admin records what was sent.
CREATE TABLE campaign_materials (
  office_id          uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  id                 uuid NOT NULL DEFAULT gen_random_uuid(),
  campaign_id        uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  item               text NOT NULL CHECK (item IN ('posters', 'flyers', 'tshirts', 'badges', 'banner')),
  quantity           integer NOT NULL CHECK (quantity BETWEEN 1 AND 10000),
  note               text NOT NULL DEFAULT '' CHECK (length(note) <= 500),
  requested_by       uuid REFERENCES users (id) ON DELETE SET NULL,
  requested_at       timestamptz NOT NULL DEFAULT now(),
  sent_quantity      integer CHECK (sent_quantity BETWEEN 0 AND 10000),
  sent_at            timestamptz,
  PRIMARY KEY (office_id, id),
  CHECK ((sent_at IS NULL) = (sent_quantity IS NULL))
);
CREATE INDEX campaign_materials_campaign_idx ON campaign_materials (campaign_id);
