-- Issue #16: a survey's results read counts, not every answer. At 100,000 answers the results
-- page expanded every response's jsonb (26 s on PGlite, on the event loop; 14 s on PostgreSQL).
-- `survey_answer_counts` holds, per survey version and combination of the demographic columns,
-- how many responses gave each value of each question ('#': answered the question at all; '*':
-- the response itself). Statement triggers on survey_responses keep it, in the writing
-- transaction, from the rows the statement inserted or deleted (one grouped upsert per statement,
-- rows taken in key order so two writers never wait on each other crosswise).
--
-- What counts as a value follows the question's kind in the version the response answered:
-- single, scale, number — the value; multi — each chosen code; ranking — the first place;
-- matrix — each row's value (sub = the row's code); text — only '#'. Values longer than 100
-- characters are not counted (answers are validated codes and numbers; nothing long belongs here).

CREATE TABLE survey_answer_counts (
  office_id        uuid NOT NULL,
  survey_id        uuid NOT NULL,
  version          int NOT NULL,
  question         text NOT NULL,
  -- A matrix row's code; '' otherwise.
  sub              text NOT NULL DEFAULT '',
  value            text NOT NULL,
  -- The response's demographic columns ('' where not answered), so filters and cross-tabs read here.
  age_group        text NOT NULL DEFAULT '',
  gender           text NOT NULL DEFAULT '',
  settlement_kind  text NOT NULL DEFAULT '',
  status           text NOT NULL DEFAULT '',
  n                int NOT NULL CHECK (n >= 0),
  PRIMARY KEY (office_id, survey_id, version, question, sub, value, age_group, gender, settlement_kind, status),
  FOREIGN KEY (office_id, survey_id, version) REFERENCES survey_versions (office_id, survey_id, version) ON DELETE CASCADE
);

-- The (question, sub, value) rows one response adds, by the kinds of its version's definition.
CREATE FUNCTION survey_tally_rows(p_definition jsonb, p_answers jsonb)
RETURNS TABLE (question text, sub text, value text)
LANGUAGE sql IMMUTABLE AS $$
  WITH kinds AS (
    SELECT qq ->> 'id' AS id, qq ->> 'kind' AS kind
      FROM jsonb_array_elements(p_definition -> 'sections') sec
      CROSS JOIN LATERAL jsonb_array_elements(sec -> 'questions') qq
  )
  SELECT '*'::text, ''::text, '*'::text
  UNION ALL
  SELECT e.key, x.sub, x.val
    FROM jsonb_each(p_answers) e
    JOIN kinds k ON k.id = e.key
    CROSS JOIN LATERAL (
      SELECT ''::text AS sub, '#'::text AS val
      UNION ALL SELECT '', e.value #>> '{}'
                 WHERE k.kind IN ('single', 'scale', 'number') AND jsonb_typeof(e.value) IN ('string', 'number')
      UNION ALL SELECT '', v FROM jsonb_array_elements_text(
                   CASE WHEN k.kind = 'multi' AND jsonb_typeof(e.value) = 'array' THEN e.value ELSE '[]' END) v
      UNION ALL SELECT '', e.value ->> 0
                 WHERE k.kind = 'ranking' AND jsonb_typeof(e.value) = 'array' AND jsonb_array_length(e.value) > 0
      UNION ALL SELECT m.key, m.value #>> '{}' FROM jsonb_each(
                   CASE WHEN k.kind = 'matrix' AND jsonb_typeof(e.value) = 'object' THEN e.value ELSE '{}' END) m
    ) x
   WHERE x.val IS NOT NULL AND length(x.val) <= 100 AND length(x.sub) <= 100
$$;

CREATE FUNCTION survey_tally() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO survey_answer_counts AS c (office_id, survey_id, version, question, sub, value,
                                         age_group, gender, settlement_kind, status, n)
  SELECT r.office_id, r.survey_id, r.version, t.question, t.sub, t.value,
         COALESCE(r.age_group, ''), COALESCE(r.gender, ''), COALESCE(r.settlement_kind, ''), COALESCE(r.status, ''),
         count(*)::int
    FROM new_rows r
    JOIN survey_versions v ON v.office_id = r.office_id AND v.survey_id = r.survey_id AND v.version = r.version
    CROSS JOIN LATERAL survey_tally_rows(v.definition, r.answers) t
   GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
   ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
  ON CONFLICT (office_id, survey_id, version, question, sub, value, age_group, gender, settlement_kind, status)
  DO UPDATE SET n = c.n + EXCLUDED.n;
  RETURN NULL;
END $$;

CREATE FUNCTION survey_untally() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Deleted with their survey version, the counts are gone already (the join finds no version).
  WITH gone AS (
    SELECT r.office_id, r.survey_id, r.version, t.question, t.sub, t.value,
           COALESCE(r.age_group, '') AS age_group, COALESCE(r.gender, '') AS gender,
           COALESCE(r.settlement_kind, '') AS settlement_kind, COALESCE(r.status, '') AS status, count(*)::int AS n
      FROM old_rows r
      JOIN survey_versions v ON v.office_id = r.office_id AND v.survey_id = r.survey_id AND v.version = r.version
      CROSS JOIN LATERAL survey_tally_rows(v.definition, r.answers) t
     GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
  )
  UPDATE survey_answer_counts c SET n = c.n - g.n
    FROM gone g
   WHERE c.office_id = g.office_id AND c.survey_id = g.survey_id AND c.version = g.version AND c.question = g.question
     AND c.sub = g.sub AND c.value = g.value AND c.age_group = g.age_group AND c.gender = g.gender
     AND c.settlement_kind = g.settlement_kind AND c.status = g.status;
  DELETE FROM survey_answer_counts c
   WHERE c.n = 0 AND (c.office_id, c.survey_id) IN (SELECT DISTINCT office_id, survey_id FROM old_rows);
  RETURN NULL;
END $$;

CREATE TRIGGER survey_responses_tally AFTER INSERT ON survey_responses
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION survey_tally();
CREATE TRIGGER survey_responses_untally AFTER DELETE ON survey_responses
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION survey_untally();

-- The answers stored before this migration.
INSERT INTO survey_answer_counts (office_id, survey_id, version, question, sub, value, age_group, gender, settlement_kind, status, n)
SELECT r.office_id, r.survey_id, r.version, t.question, t.sub, t.value,
       COALESCE(r.age_group, ''), COALESCE(r.gender, ''), COALESCE(r.settlement_kind, ''), COALESCE(r.status, ''), count(*)::int
  FROM survey_responses r
  JOIN survey_versions v ON v.office_id = r.office_id AND v.survey_id = r.survey_id AND v.version = r.version
  CROSS JOIN LATERAL survey_tally_rows(v.definition, r.answers) t
 GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10;
