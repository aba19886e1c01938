-- Where an activity takes place, in words, for a query that already joins the office (issue #12
-- point 3): activity_where(a, o) has no FROM, so PostgreSQL inlines it into the calling
-- statement as a plain expression. activity_where(a) (migration 0006) is a SQL function that
-- reads offices, which PostgreSQL cannot inline: it planned its inner query at every execution
-- of a calling statement and ran it once per row (on PGlite ~0.1 ms a row, and ~0.3–0.7 ms of
-- the month view's 1.2 ms query). The one-argument form now asks the two-argument one, so the
-- words are written once.
CREATE FUNCTION activity_where(a activities, o offices) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT CASE a.place_kind
           WHEN 'online' THEN a.online_url
           WHEN 'office' THEN concat_ws(', ', COALESCE(NULLIF(a.place, ''), NULLIF(o.room, '')), NULLIF(o.address, ''), o.town)
           ELSE CASE WHEN a.place = '' THEN o.town
                     WHEN strpos(lower(a.place), lower(o.town)) > 0 THEN a.place
                     ELSE a.place || ', ' || o.town END
         END
$$;

CREATE OR REPLACE FUNCTION activity_where(a activities) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT activity_where(a, o) FROM offices o WHERE o.id = a.office_id
$$;
