-- Issue #15 points 1–4: the Local Action Plan for youth (LAP), its live indicators, the annual
-- work plan and monitoring. office_id in every key, as everywhere.
--
-- Versions: a plan is one row per version; every version of one plan shares `series_id`. An
-- adopted version is never edited in place (a trigger refuses it): a yearly revision copies it
-- into a new draft version (`version` + 1, `revision_of` the adopted one). The rows under a plan
-- (areas, goals, measures, activities, indicators) carry a `key` that stays the same across
-- versions, so two versions compare row by row and activities stay linked across revisions.

CREATE TABLE lap_plans (
  office_id       uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  id              uuid NOT NULL DEFAULT gen_random_uuid(),
  series_id       uuid NOT NULL,
  version         integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  revision_of     uuid,
  title           text NOT NULL CHECK (length(title) BETWEEN 3 AND 200),
  start_year      smallint NOT NULL CHECK (start_year BETWEEN 2000 AND 2100),
  end_year        smallint NOT NULL CHECK (end_year BETWEEN 2000 AND 2100),
  status          text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'public_debate', 'adopted')),
  decision_number text NOT NULL DEFAULT '' CHECK (length(decision_number) <= 60),
  decision_date   date,
  created_by      uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, id),
  UNIQUE (office_id, series_id, version),
  FOREIGN KEY (office_id, revision_of) REFERENCES lap_plans (office_id, id),
  CHECK (end_year >= start_year AND end_year - start_year <= 10),
  CHECK (status <> 'adopted' OR (decision_number <> '' AND decision_date IS NOT NULL))
);
-- At most one open (not adopted) version per plan: a second revision waits for the first.
CREATE UNIQUE INDEX lap_plans_open_key ON lap_plans (office_id, series_id) WHERE status <> 'adopted';

CREATE TABLE lap_areas (
  office_id uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  id        uuid NOT NULL DEFAULT gen_random_uuid(),
  plan_id   uuid NOT NULL,
  key       uuid NOT NULL DEFAULT gen_random_uuid(),
  -- A LAP area code (src/core/domain.ts), or NULL for an area the office names itself.
  code      text,
  name      text NOT NULL DEFAULT '' CHECK (length(name) <= 200),
  position  integer NOT NULL DEFAULT 0,
  PRIMARY KEY (office_id, id),
  UNIQUE (office_id, plan_id, key),
  FOREIGN KEY (office_id, plan_id) REFERENCES lap_plans (office_id, id) ON DELETE CASCADE,
  CHECK (code IS NOT NULL OR name <> '')
);

-- General goals (parent_id NULL) and specific goals (under a general one), per area.
CREATE TABLE lap_goals (
  office_id uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  id        uuid NOT NULL DEFAULT gen_random_uuid(),
  plan_id   uuid NOT NULL,
  key       uuid NOT NULL DEFAULT gen_random_uuid(),
  area_id   uuid NOT NULL,
  parent_id uuid,
  text      text NOT NULL CHECK (length(text) BETWEEN 3 AND 500),
  position  integer NOT NULL DEFAULT 0,
  PRIMARY KEY (office_id, id),
  UNIQUE (office_id, plan_id, key),
  FOREIGN KEY (office_id, plan_id) REFERENCES lap_plans (office_id, id) ON DELETE CASCADE,
  FOREIGN KEY (office_id, area_id) REFERENCES lap_areas (office_id, id) ON DELETE CASCADE,
  FOREIGN KEY (office_id, parent_id) REFERENCES lap_goals (office_id, id) ON DELETE CASCADE
);

CREATE TABLE lap_measures (
  office_id uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  id        uuid NOT NULL DEFAULT gen_random_uuid(),
  plan_id   uuid NOT NULL,
  key       uuid NOT NULL DEFAULT gen_random_uuid(),
  goal_id   uuid NOT NULL,
  title     text NOT NULL CHECK (length(title) BETWEEN 3 AND 300),
  position  integer NOT NULL DEFAULT 0,
  PRIMARY KEY (office_id, id),
  UNIQUE (office_id, plan_id, key),
  FOREIGN KEY (office_id, plan_id) REFERENCES lap_plans (office_id, id) ON DELETE CASCADE,
  FOREIGN KEY (office_id, goal_id) REFERENCES lap_goals (office_id, id) ON DELETE CASCADE
);

-- A plan activity: who is responsible (the office, a partner or an association of the
-- registers), when (a year and a quarter, or a deadline), how it is funded, planned and spent RSD.
CREATE TABLE lap_activities (
  office_id        uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  id               uuid NOT NULL DEFAULT gen_random_uuid(),
  plan_id          uuid NOT NULL,
  key              uuid NOT NULL DEFAULT gen_random_uuid(),
  measure_id       uuid NOT NULL,
  title            text NOT NULL CHECK (length(title) BETWEEN 3 AND 300),
  responsible_kind text NOT NULL CHECK (responsible_kind IN ('office', 'partner', 'association')),
  partner_id       uuid,
  association_id   uuid,
  partners         text NOT NULL DEFAULT '' CHECK (length(partners) <= 500),
  year             smallint NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  quarter          smallint CHECK (quarter BETWEEN 1 AND 4),
  deadline         date,
  funding          text NOT NULL CHECK (funding IN ('town', 'ministry', 'province', 'donors')),
  planned_rsd      numeric(14, 2) NOT NULL DEFAULT 0 CHECK (planned_rsd >= 0),
  spent_rsd        numeric(14, 2) NOT NULL DEFAULT 0 CHECK (spent_rsd >= 0),
  done             boolean NOT NULL DEFAULT false,
  position         integer NOT NULL DEFAULT 0,
  PRIMARY KEY (office_id, id),
  UNIQUE (office_id, plan_id, key),
  FOREIGN KEY (office_id, plan_id) REFERENCES lap_plans (office_id, id) ON DELETE CASCADE,
  FOREIGN KEY (office_id, measure_id) REFERENCES lap_measures (office_id, id) ON DELETE CASCADE,
  FOREIGN KEY (office_id, partner_id) REFERENCES partners (office_id, id) ON DELETE SET NULL (partner_id),
  FOREIGN KEY (office_id, association_id) REFERENCES associations (office_id, id) ON DELETE SET NULL (association_id),
  CHECK (deadline IS NULL OR extract(year FROM deadline) = year)
);
CREATE INDEX lap_activities_year_idx ON lap_activities (office_id, plan_id, year);

-- An activity of the office (activities) carried out under a plan activity: its `key`, so the
-- link holds across the plan's versions. NULL: not under the plan.
ALTER TABLE activities ADD COLUMN lap_activity_key uuid;
CREATE INDEX activities_lap_key_idx ON activities (office_id, lap_activity_key) WHERE lap_activity_key IS NOT NULL;

-- Indicators: entered by hand (values below) or computed by a catalogue source
-- (src/core/indicators.ts: source_key, and source_param for a source with parameters).
CREATE TABLE lap_indicators (
  office_id     uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  id            uuid NOT NULL DEFAULT gen_random_uuid(),
  plan_id       uuid NOT NULL,
  key           uuid NOT NULL DEFAULT gen_random_uuid(),
  area_id       uuid NOT NULL,
  -- Short code for the XLSX bulk update (e.g. "1.2", "П3"); unique in the plan version.
  code          text NOT NULL CHECK (length(code) BETWEEN 1 AND 20),
  definition    text NOT NULL CHECK (length(definition) BETWEEN 3 AND 500),
  unit          text NOT NULL CHECK (unit IN ('people', 'count', 'percent', 'hours', 'rsd')),
  direction     text NOT NULL DEFAULT 'up' CHECK (direction IN ('up', 'down')),
  baseline      numeric(14, 2) CHECK (baseline >= 0),
  baseline_year smallint CHECK (baseline_year BETWEEN 2000 AND 2100),
  verification  text NOT NULL DEFAULT '' CHECK (length(verification) <= 300),
  kind          text NOT NULL CHECK (kind IN ('manual', 'computed')),
  source_key    text,
  source_param  text,
  position      integer NOT NULL DEFAULT 0,
  PRIMARY KEY (office_id, id),
  UNIQUE (office_id, plan_id, key),
  UNIQUE (office_id, plan_id, code),
  FOREIGN KEY (office_id, plan_id) REFERENCES lap_plans (office_id, id) ON DELETE CASCADE,
  FOREIGN KEY (office_id, area_id) REFERENCES lap_areas (office_id, id) ON DELETE CASCADE,
  CHECK ((kind = 'computed') = (source_key IS NOT NULL)),
  CHECK (unit <> 'percent' OR baseline IS NULL OR baseline <= 100)
);

CREATE TABLE lap_targets (
  office_id    uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  indicator_id uuid NOT NULL,
  year         smallint NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  target       numeric(14, 2) NOT NULL CHECK (target >= 0),
  PRIMARY KEY (office_id, indicator_id, year),
  FOREIGN KEY (office_id, indicator_id) REFERENCES lap_indicators (office_id, id) ON DELETE CASCADE
);

-- A manual indicator's value for a year, with its date and evidence (a stored file).
CREATE TABLE lap_values (
  office_id        uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  indicator_id     uuid NOT NULL,
  year             smallint NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  value            numeric(14, 2) NOT NULL CHECK (value >= 0),
  measured_on      date NOT NULL,
  evidence_file_id uuid,
  entered_by       uuid REFERENCES users (id) ON DELETE SET NULL,
  entered_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, indicator_id, year),
  FOREIGN KEY (office_id, indicator_id) REFERENCES lap_indicators (office_id, id) ON DELETE CASCADE,
  FOREIGN KEY (office_id, evidence_file_id) REFERENCES files (office_id, id)
);

-- The annual work plan: drawn from the plan's activities for a year, edited by the coordinator,
-- sent to the Youth Council for its opinion (recorded here: date, text, optional file), adopted.
CREATE TABLE lap_workplans (
  office_id        uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  id               uuid NOT NULL DEFAULT gen_random_uuid(),
  plan_id          uuid NOT NULL,
  year             smallint NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  status           text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'sent', 'adopted')),
  intro            text NOT NULL DEFAULT '' CHECK (length(intro) <= 5000),
  sent_at          timestamptz,
  opinion_date     date,
  opinion_text     text NOT NULL DEFAULT '' CHECK (length(opinion_text) <= 5000),
  opinion_file_id  uuid,
  adopted_at       timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, id),
  UNIQUE (office_id, plan_id, year),
  FOREIGN KEY (office_id, plan_id) REFERENCES lap_plans (office_id, id) ON DELETE CASCADE,
  FOREIGN KEY (office_id, opinion_file_id) REFERENCES files (office_id, id),
  CHECK (status = 'draft' OR sent_at IS NOT NULL),
  CHECK (status <> 'adopted' OR adopted_at IS NOT NULL)
);

CREATE TABLE lap_workplan_items (
  office_id        uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  workplan_id      uuid NOT NULL,
  id               uuid NOT NULL DEFAULT gen_random_uuid(),
  lap_activity_key uuid,
  title            text NOT NULL CHECK (length(title) BETWEEN 3 AND 300),
  quarter          smallint CHECK (quarter BETWEEN 1 AND 4),
  planned_rsd      numeric(14, 2) NOT NULL DEFAULT 0 CHECK (planned_rsd >= 0),
  note             text NOT NULL DEFAULT '' CHECK (length(note) <= 1000),
  position         integer NOT NULL DEFAULT 0,
  PRIMARY KEY (office_id, id),
  FOREIGN KEY (office_id, workplan_id) REFERENCES lap_workplans (office_id, id) ON DELETE CASCADE
);

-- An adopted version is never edited in place: its rows, and the version itself, are frozen
-- (status, decision and the rows below it). The app opens a revision instead; this is the
-- database's own guard, with a constraint name the app turns into a message. (Deletes are not
-- guarded: the app deletes nothing of a plan, and an office's deletion must cascade.)
CREATE FUNCTION lap_frozen_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  pid uuid;
  oid uuid;
BEGIN
  IF TG_TABLE_NAME = 'lap_plans' THEN
    IF OLD.status = 'adopted' THEN
      RAISE EXCEPTION 'an adopted plan is not edited in place' USING ERRCODE = 'check_violation', CONSTRAINT = 'lap_plan_frozen';
    END IF;
    RETURN NEW;
  END IF;
  IF TG_TABLE_NAME IN ('lap_targets', 'lap_values') THEN
    -- Manual values and targets are measurements, not the plan's text: values may be entered on
    -- an adopted plan; targets may not.
    IF TG_TABLE_NAME = 'lap_values' THEN RETURN NEW; END IF;
    oid := NEW.office_id;
    SELECT i.plan_id INTO pid FROM lap_indicators i WHERE i.office_id = oid AND i.id = NEW.indicator_id;
  ELSE
    oid := NEW.office_id;
    pid := NEW.plan_id;
  END IF;
  IF EXISTS (SELECT 1 FROM lap_plans p WHERE p.office_id = oid AND p.id = pid AND p.status = 'adopted') THEN
    -- Spending and done on an adopted plan's activities are monitoring, not the plan's text.
    IF TG_TABLE_NAME = 'lap_activities' AND TG_OP = 'UPDATE'
       AND (to_jsonb(NEW) - 'spent_rsd' - 'done') = (to_jsonb(OLD) - 'spent_rsd' - 'done') THEN
      RETURN NEW;
    END IF;
    RAISE EXCEPTION 'an adopted plan is not edited in place' USING ERRCODE = 'check_violation', CONSTRAINT = 'lap_plan_frozen';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER lap_plans_frozen BEFORE UPDATE ON lap_plans FOR EACH ROW EXECUTE FUNCTION lap_frozen_check();
CREATE TRIGGER lap_areas_frozen BEFORE INSERT OR UPDATE ON lap_areas FOR EACH ROW EXECUTE FUNCTION lap_frozen_check();
CREATE TRIGGER lap_goals_frozen BEFORE INSERT OR UPDATE ON lap_goals FOR EACH ROW EXECUTE FUNCTION lap_frozen_check();
CREATE TRIGGER lap_measures_frozen BEFORE INSERT OR UPDATE ON lap_measures FOR EACH ROW EXECUTE FUNCTION lap_frozen_check();
CREATE TRIGGER lap_activities_frozen BEFORE INSERT OR UPDATE ON lap_activities FOR EACH ROW EXECUTE FUNCTION lap_frozen_check();
CREATE TRIGGER lap_indicators_frozen BEFORE INSERT OR UPDATE ON lap_indicators FOR EACH ROW EXECUTE FUNCTION lap_frozen_check();
CREATE TRIGGER lap_targets_frozen BEFORE INSERT OR UPDATE ON lap_targets FOR EACH ROW EXECUTE FUNCTION lap_frozen_check();
