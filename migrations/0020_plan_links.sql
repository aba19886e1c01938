-- Links to the Local Action Plan (issue #15 points 2 and 5): an activity of the office carried
-- out under a plan activity, and the Youth Council's decisions and opinions on plan items.
-- Every link is scoped by office: office_id is in every key and every foreign key.

-- The plan activities' keys an office has ever had (a key stays the same across the plan's
-- versions, so it is not unique in lap_activities): what activities.lap_activity_key refers to.
CREATE TABLE lap_activity_keys (
  office_id uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  key       uuid NOT NULL,
  PRIMARY KEY (office_id, key)
);
INSERT INTO lap_activity_keys (office_id, key) SELECT DISTINCT office_id, key FROM lap_activities;

CREATE FUNCTION lap_activity_key_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO lap_activity_keys (office_id, key) VALUES (NEW.office_id, NEW.key) ON CONFLICT DO NOTHING;
  RETURN NEW;
END $$;
CREATE TRIGGER lap_activities_key_keep AFTER INSERT OR UPDATE OF key ON lap_activities
  FOR EACH ROW EXECUTE FUNCTION lap_activity_key_keep();

-- A link to a key the office never had (written before this migration by hand) is dropped.
UPDATE activities a SET lap_activity_key = NULL
 WHERE a.lap_activity_key IS NOT NULL
   AND NOT EXISTS (SELECT 1 FROM lap_activity_keys k WHERE k.office_id = a.office_id AND k.key = a.lap_activity_key);
ALTER TABLE activities ADD CONSTRAINT activities_lap_activity_fkey
  FOREIGN KEY (office_id, lap_activity_key) REFERENCES lap_activity_keys (office_id, key) ON DELETE SET NULL (lap_activity_key);

-- A council decision, opinion or recommendation is about plan items: a goal, a measure, a plan
-- activity (of one version; the plan's pages find it from any version by the item's key) or an
-- annual work plan. One row per item, exactly one of the four references set; `label` is the
-- item as it read when the decision was recorded (the council's public page shows it as decided).
CREATE TABLE council_decision_plan_items (
  office_id       uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  id              uuid NOT NULL DEFAULT gen_random_uuid(),
  decision_id     uuid NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('goal', 'measure', 'activity', 'workplan')),
  goal_id         uuid,
  measure_id      uuid,
  lap_activity_id uuid,
  workplan_id     uuid,
  label           text NOT NULL CHECK (length(label) BETWEEN 1 AND 400),
  PRIMARY KEY (office_id, id),
  FOREIGN KEY (office_id, decision_id) REFERENCES council_decisions (office_id, id) ON DELETE CASCADE,
  FOREIGN KEY (office_id, goal_id) REFERENCES lap_goals (office_id, id) ON DELETE CASCADE,
  FOREIGN KEY (office_id, measure_id) REFERENCES lap_measures (office_id, id) ON DELETE CASCADE,
  FOREIGN KEY (office_id, lap_activity_id) REFERENCES lap_activities (office_id, id) ON DELETE CASCADE,
  FOREIGN KEY (office_id, workplan_id) REFERENCES lap_workplans (office_id, id) ON DELETE CASCADE,
  CHECK ((goal_id IS NOT NULL) = (kind = 'goal') AND (measure_id IS NOT NULL) = (kind = 'measure')
     AND (lap_activity_id IS NOT NULL) = (kind = 'activity') AND (workplan_id IS NOT NULL) = (kind = 'workplan'))
);
CREATE UNIQUE INDEX council_decision_plan_items_key
  ON council_decision_plan_items (office_id, decision_id, kind, COALESCE(goal_id, measure_id, lap_activity_id, workplan_id));
CREATE INDEX council_decision_plan_items_goal_idx ON council_decision_plan_items (office_id, goal_id) WHERE goal_id IS NOT NULL;
CREATE INDEX council_decision_plan_items_measure_idx ON council_decision_plan_items (office_id, measure_id) WHERE measure_id IS NOT NULL;
CREATE INDEX council_decision_plan_items_activity_idx ON council_decision_plan_items (office_id, lap_activity_id) WHERE lap_activity_id IS NOT NULL;
CREATE INDEX council_decision_plan_items_workplan_idx ON council_decision_plan_items (office_id, workplan_id) WHERE workplan_id IS NOT NULL;

