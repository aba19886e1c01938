-- Issue #12 point 4: the entry code's candidate (migration 0006) drawn without a query. As a SQL
-- function with FROM, generate_series and string_agg, PostgreSQL cannot inline it: every sign-up's
-- insert trigger ran it through the SQL-function executor, a query with an aggregate over a set-
-- returning function for six characters. Measured on PGlite (in-process, CPU per call, autocommit
-- beside SELECT 1 at ~80–180 µs): 478–494 µs as SQL, 271 µs as this PL/pgSQL loop; the candidate
-- is drawn at least once per registration (the seat statement's insert), ~7 % of its CPU. The
-- same draw: the first six bytes of a random UUID, each byte mod 31 into the same alphabet, in order.
CREATE OR REPLACE FUNCTION registration_short_code_candidate() RETURNS text LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  b bytea := uuid_send(gen_random_uuid());
  c text := '';
BEGIN
  FOR i IN 0..5 LOOP
    c := c || substr('23456789ABCDEFGHJKMNPQRSTUVWXYZ', get_byte(b, i) % 31 + 1, 1);
  END LOOP;
  RETURN c;
END $$;
