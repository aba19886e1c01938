-- Issue #16, two fixes. (1) 1,000 simultaneous survey submissions on PostgreSQL fell from 238/s to 44–47/s with
-- migration 0025's counts. Not a lock: sampled during the burst, the backends were 'active' with
-- no wait event in the response INSERT, and EXPLAIN ANALYZE of the trigger's upsert showed
--   JIT: Functions: 56 … Emission 103.8 ms, Total 108.4 ms   (the statement itself ~1 ms)
-- for every submission. The planner cannot see into jsonb_array_elements (100 rows assumed per
-- call, nested: 470,001 rows for one response's tally), so the plan costs ~127,000 — above
-- jit_above_cost (100,000) — and PostgreSQL compiled the statement with LLVM at each execution
-- (JIT code is not cached with the plan). PGlite has no JIT, hence its unchanged speed.
-- The counting statements are small by nature (one statement's rows), so they run without JIT.
ALTER FUNCTION survey_tally() SET jit = off;
ALTER FUNCTION survey_untally() SET jit = off;

-- (2) The export reads the answers a page at a time by (submitted_at, id) (repo.ts exportChunk): an
-- index in exactly that order gives each page by an index scan that stops at the page's end,
-- without sorting the survey's responses (submission times tie within a generated or imported
-- batch). It replaces the index on (office_id, survey_id, submitted_at), whose uses it serves.
CREATE INDEX survey_responses_export_idx ON survey_responses (office_id, survey_id, submitted_at, id);
DROP INDEX survey_responses_survey_idx;
