-- Issue #11 point 5: a short entry code made for people. The QR code keeps carrying the long
-- random secret (registrations.code, also the key of the mailed links' tokens); beside it each
-- registration gets short_code: six characters of an alphabet without look-alikes (no 0/O,
-- 1/I/L), unique per office, shown grouped as KZM-4F7-Q2X and read case-insensitively
-- (src/features/registrations/entry-code.ts).

-- ── The generator ───────────────────────────────────────────────────────────
-- 31 characters: the digits 2–9 and the letters without I, L and O.
CREATE FUNCTION registration_short_code_candidate() RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT string_agg(substr('23456789ABCDEFGHJKMNPQRSTUVWXYZ', get_byte(b, i) % 31 + 1, 1), '' ORDER BY i)
    FROM (SELECT uuid_send(gen_random_uuid()) AS b) r, generate_series(0, 5) AS i
$$;

-- How the code is shown (and mailed): KZM-4F7-Q2X. entry-code.ts formats it the same way.
CREATE FUNCTION registration_short_code_display(c text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT 'KZM-' || substr(c, 1, 3) || '-' || substr(c, 4)
$$;

-- Picks a code no registration of the office holds. The advisory lock (per office and
-- candidate) makes two writers that drew the same candidate at the same moment take turns, so
-- the second one sees the first one's row (a new snapshot per statement) and draws again;
-- writers with different candidates never wait for each other.
CREATE FUNCTION registration_new_short_code(p_office uuid) RETURNS text LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  c text;
BEGIN
  FOR attempt IN 1..100 LOOP
    c := registration_short_code_candidate();
    PERFORM pg_advisory_xact_lock(hashtext('kzm_short_code'), hashtext(p_office::text || c));
    IF NOT EXISTS (SELECT 1 FROM registrations WHERE office_id = p_office AND short_code = c) THEN
      RETURN c;
    END IF;
  END LOOP;
  RAISE EXCEPTION 'no free entry code in office %', p_office;
END $$;

ALTER TABLE registrations ADD COLUMN short_code text CHECK (short_code ~ '^[2-9A-HJKMNP-Z]{6}$');

-- Every writer (the seat statement, demo data, test factories, imports) gets a code without
-- knowing about it; a writer that names one keeps it (the unique index still guards it).
CREATE FUNCTION registrations_set_short_code() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.short_code IS NULL THEN
    NEW.short_code := registration_new_short_code(NEW.office_id);
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER registrations_set_short_code BEFORE INSERT ON registrations
  FOR EACH ROW EXECUTE FUNCTION registrations_set_short_code();

-- The registrations that exist get theirs now (one at a time, so each sees the ones before).
DO $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT office_id, id FROM registrations WHERE short_code IS NULL ORDER BY office_id, created_at, id LOOP
    UPDATE registrations SET short_code = registration_new_short_code(r.office_id) WHERE office_id = r.office_id AND id = r.id;
  END LOOP;
END $$;

ALTER TABLE registrations ALTER COLUMN short_code SET NOT NULL;
CREATE UNIQUE INDEX registrations_short_code_key ON registrations (office_id, short_code);

COMMENT ON COLUMN registrations.short_code IS
  'The entry code typed by people: 6 characters of 23456789ABCDEFGHJKMNPQRSTUVWXYZ, unique per office, shown as KZM-XXX-XXX. Set by a trigger when not given. The QR code carries code (the long secret).';

-- ── The seat statement mails the short code ─────────────────────────────────
-- The confirmation of a seat taken at once carries the entry code, which the database picks
-- on insert: the mail is written with a placeholder (p_code_mark) replaced here by the shown
-- code, as the waitlist position is. Otherwise as in 0005.
DROP FUNCTION registration_take_seat(uuid, uuid, text, text, uuid, uuid, text, text, integer, jsonb, text, text, timestamptz, text, uuid, boolean, jsonb, text);

CREATE FUNCTION registration_take_seat(
  p_office uuid, p_activity uuid, p_key text, p_source text, p_user uuid, p_person uuid, p_full_name text, p_email text,
  p_birth_year integer, p_answers jsonb, p_code text, p_token_hash text, p_token_expires_at timestamptz, p_script text,
  p_actor uuid, p_over_capacity boolean, p_mails jsonb, p_mark text, p_code_mark text
) RETURNS TABLE (
  r_outcome text, r_id uuid, r_status text, r_position integer, r_live_id uuid, r_live_status text,
  r_live_token_expires_at timestamptz, r_confirmed_count integer
) LANGUAGE plpgsql AS $$
DECLARE
  a activities%ROWTYPE;
  v_live_id uuid;
  v_live_status text;
  v_live_expires timestamptz;
  v_status text;
  v_id uuid;
  v_queued timestamptz;
  v_short text;
  v_position integer;
  v_mail jsonb;
BEGIN
  SELECT * INTO a FROM activities WHERE office_id = p_office AND id = p_activity FOR UPDATE;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'missing', NULL::uuid, NULL::text, NULL::integer, NULL::uuid, NULL::text, NULL::timestamptz, NULL::integer;
    RETURN;
  END IF;
  IF registration_activity_key(a) <> p_key THEN
    RETURN QUERY SELECT 'stale', NULL::uuid, NULL::text, NULL::integer, NULL::uuid, NULL::text, NULL::timestamptz, NULL::integer;
    RETURN;
  END IF;

  -- Each lookup states its unique index's predicate, so it is one probe of that index.
  IF p_user IS NOT NULL THEN
    SELECT r.id, r.status, r.token_expires_at INTO v_live_id, v_live_status, v_live_expires FROM registrations r
     WHERE r.office_id = p_office AND r.activity_id = p_activity AND r.user_id = p_user
       AND r.status NOT IN ('cancelled', 'declined');
  END IF;
  IF v_live_id IS NULL AND p_email <> '' THEN
    SELECT r.id, r.status, r.token_expires_at INTO v_live_id, v_live_status, v_live_expires FROM registrations r
     WHERE r.office_id = p_office AND r.activity_id = p_activity AND lower(r.email) = lower(p_email) AND r.email <> ''
       AND r.status NOT IN ('cancelled', 'declined');
  END IF;
  IF v_live_id IS NOT NULL THEN
    RETURN QUERY SELECT 'live', NULL::uuid, NULL::text, NULL::integer, v_live_id, v_live_status, v_live_expires, NULL::integer;
    RETURN;
  END IF;

  IF p_source = 'guest' THEN
    -- No seat until the guest uses the mailed link.
    v_status := 'unconfirmed';
  ELSIF p_source = 'walk_in' THEN
    v_status := 'confirmed';
    IF a.capacity IS NOT NULL AND a.confirmed_count >= a.capacity THEN
      IF NOT p_over_capacity THEN
        RETURN QUERY SELECT 'walk_in_full', NULL::uuid, NULL::text, NULL::integer, NULL::uuid, NULL::text, NULL::timestamptz, a.confirmed_count;
        RETURN;
      END IF;
      -- The room really has one more place: the coordinator said so.
      UPDATE activities SET capacity = capacity + 1, updated_at = now() WHERE office_id = p_office AND id = p_activity;
      INSERT INTO audit_events (office_id, actor_id, action, target, data)
      VALUES (p_office, p_actor, 'activity.capacity_walk_in', p_activity::text, jsonb_build_object('capacity', coalesce(a.capacity, 0) + 1));
    END IF;
  ELSIF a.needs_approval THEN
    v_status := 'pending';
  ELSIF a.capacity IS NULL OR a.confirmed_count < a.capacity THEN
    v_status := 'confirmed';
  ELSE
    v_status := 'waitlisted';
  END IF;

  INSERT INTO registrations (office_id, activity_id, user_id, person_id, full_name, email, birth_year, status, source, answers,
                             code, token_hash, token_expires_at, script, confirmed_at)
  VALUES (p_office, p_activity, p_user, p_person, p_full_name, p_email, p_birth_year, v_status, p_source, p_answers,
          p_code, p_token_hash, p_token_expires_at, p_script,
          CASE WHEN v_status IN ('confirmed', 'waitlisted', 'pending') THEN now() END)
  RETURNING id, queued_at, short_code INTO v_id, v_queued, v_short;

  IF v_status = 'confirmed' THEN
    UPDATE activities SET confirmed_count = confirmed_count + 1 WHERE office_id = p_office AND id = p_activity;
  ELSIF v_status = 'waitlisted' THEN
    -- The queue's length before this row, plus this row, less the rows queued after it.
    v_position := a.waitlisted_count + 1 - (
      SELECT count(*)::int FROM registrations w
       WHERE w.office_id = p_office AND w.activity_id = p_activity AND w.status = 'waitlisted'
         AND w.queued_at >= v_queued AND (w.queued_at, w.id) > (v_queued, v_id));
  END IF;

  INSERT INTO audit_events (office_id, actor_id, action, target, data)
  VALUES (p_office, p_actor, 'registration.' || p_source, v_id::text, jsonb_build_object('activityId', p_activity, 'status', v_status));

  v_mail := p_mails -> v_status;
  IF v_mail IS NOT NULL THEN
    -- The placeholders, as text: the position (waitlisted only) and the shown entry code.
    v_mail := replace(replace(v_mail::text, p_code_mark, registration_short_code_display(v_short)),
                      p_mark, coalesce(v_position::text, p_mark))::jsonb;
    INSERT INTO outbox (recipient, subject, body_text, body_html, message_id, attachments)
    VALUES (v_mail ->> 'recipient', v_mail ->> 'subject', v_mail ->> 'body_text',
            v_mail ->> 'body_html', v_mail ->> 'message_id', coalesce(v_mail -> 'attachments', '[]'));
    PERFORM pg_notify('kzm_outbox', '');
  END IF;

  RETURN QUERY SELECT 'ok', v_id, v_status, v_position, NULL::uuid, NULL::text, NULL::timestamptz, NULL::integer;
END $$;

-- ── Where an activity takes place, in words (issue #11 point 3) ─────────────
-- One answer for every page, mail, feed and paper: "at the office" is the office's address
-- (the room named on the activity, else the office's own, then street and town), an address
-- ends with the town unless it names it already, online is the activity's link (pages show a
-- label instead). Never blank: a town is required of every office.
CREATE FUNCTION activity_where(a activities) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT CASE a.place_kind
           WHEN 'online' THEN a.online_url
           WHEN 'office' THEN concat_ws(', ', COALESCE(NULLIF(a.place, ''), NULLIF(o.room, '')), NULLIF(o.address, ''), o.town)
           ELSE CASE WHEN a.place = '' THEN o.town
                     WHEN strpos(lower(a.place), lower(o.town)) > 0 THEN a.place
                     ELSE a.place || ', ' || o.town END
         END
    FROM offices o WHERE o.id = a.office_id
$$;
