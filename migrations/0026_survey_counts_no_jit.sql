-- Issue #16: 1,000 simultaneous survey submissions on PostgreSQL fell from 238/s to 44–47/s with
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
