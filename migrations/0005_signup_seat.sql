-- Issue #12: a sign-up's seat is decided in one statement (registration_take_seat), and the
-- position a new arrival gets on the waitlist is computed without counting the queue.

-- ── The waitlist's length, kept by the database ─────────────────────────────
-- waitlisted_count is the number of the activity's registrations with status 'waitlisted'.
-- A trigger keeps it, so every writer (the seat rules, cancelling an activity, demo data,
-- test factories) keeps it right without knowing about it. A new arrival's place is then
--   waitlisted_count − (waiting rows queued after it)
-- and the rows queued after a new arrival are normally none (it was queued last, under the
-- activity's lock): one index probe instead of a count of the whole queue. The formula holds
-- for any waiting row, so it stays exact after cancellations (rows leave the queue and the
-- count), promotions (the first rows leave) and an approval that puts a pending person back
-- in their original place (rows after it are counted, no more).
ALTER TABLE activities ADD COLUMN waitlisted_count integer NOT NULL DEFAULT 0 CHECK (waitlisted_count >= 0);

UPDATE activities a SET waitlisted_count = w.n
  FROM (SELECT office_id, activity_id, count(*)::int AS n FROM registrations WHERE status = 'waitlisted' GROUP BY 1, 2) w
 WHERE a.office_id = w.office_id AND a.id = w.activity_id;

CREATE FUNCTION registrations_count_waitlisted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A registration never moves to another activity; an old row that leaves the queue and a new
  -- row that joins it are counted on their own activity all the same.
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'waitlisted'
     AND (TG_OP = 'DELETE' OR NEW.status <> 'waitlisted' OR NEW.activity_id <> OLD.activity_id) THEN
    UPDATE activities SET waitlisted_count = waitlisted_count - 1 WHERE office_id = OLD.office_id AND id = OLD.activity_id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 'waitlisted'
     AND (TG_OP = 'INSERT' OR OLD.status <> 'waitlisted' OR NEW.activity_id <> OLD.activity_id) THEN
    UPDATE activities SET waitlisted_count = waitlisted_count + 1 WHERE office_id = NEW.office_id AND id = NEW.activity_id;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER registrations_count_waitlisted AFTER INSERT OR DELETE OR UPDATE OF status, activity_id ON registrations
  FOR EACH ROW EXECUTE FUNCTION registrations_count_waitlisted();

-- ── What a sign-up was prepared against ─────────────────────────────────────
-- Everything about the activity that the sign-up's checks (status, window, age) and its mail's
-- text depend on. The service reads it without a lock, prepares the sign-up, and the seat
-- statement compares it under the lock: a different key means the activity changed in
-- between, and the sign-up is prepared again (capacity and counts are read under the lock
-- only, so they are not part of it).
CREATE FUNCTION registration_activity_key(a activities) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT md5(ROW(a.status, a.title, a.needs_approval, a.registration_opens, a.registration_closes, a.starts_at, a.ends_at,
                 a.age_min, a.age_max, a.place_kind, a.place, a.online_url)::text)
$$;

-- ── The seat decision, in one statement ─────────────────────────────────────
-- Locks the activity row (every seat change of one activity waits here in turn), checks the
-- key, looks for a live registration of the same account or address through the unique
-- indexes' own predicates, decides the status, inserts the registration, counts a confirmed
-- seat, writes the audit events and the outbox mail of the decided status (p_mails: status →
-- outbox row, prepared before; p_mark in a waitlist mail is replaced by the position), and
-- wakes the mail workers. Nothing is written unless r_outcome = 'ok':
--   missing       the activity is gone;
--   stale         the activity changed since the sign-up was prepared: prepare it again;
--   live          a live registration exists (r_live_*): the caller decides (duplicate, a
--                 guest's expired link, the same guest again);
--   walk_in_full  a walk-in for a full activity without p_over_capacity (r_confirmed_count);
--   ok            registered: r_id, r_status, r_position (waitlisted only).
CREATE FUNCTION registration_take_seat(
  p_office uuid, p_activity uuid, p_key text, p_source text, p_user uuid, p_person uuid, p_full_name text, p_email text,
  p_birth_year integer, p_answers jsonb, p_code text, p_token_hash text, p_token_expires_at timestamptz, p_script text,
  p_actor uuid, p_over_capacity boolean, p_mails jsonb, p_mark text
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
  RETURNING id, queued_at INTO v_id, v_queued;

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
    INSERT INTO outbox (recipient, subject, body_text, body_html, message_id, attachments)
    VALUES (v_mail ->> 'recipient',
            CASE WHEN v_position IS NULL THEN v_mail ->> 'subject' ELSE replace(v_mail ->> 'subject', p_mark, v_position::text) END,
            CASE WHEN v_position IS NULL THEN v_mail ->> 'body_text' ELSE replace(v_mail ->> 'body_text', p_mark, v_position::text) END,
            v_mail ->> 'body_html', v_mail ->> 'message_id', coalesce(v_mail -> 'attachments', '[]'));
    PERFORM pg_notify('kzm_outbox', '');
  END IF;

  RETURN QUERY SELECT 'ok', v_id, v_status, v_position, NULL::uuid, NULL::text, NULL::timestamptz, NULL::integer;
END $$;

COMMENT ON COLUMN outbox.attachments IS
  'Files sent with the mail: [{filename, contentType, base64}] (bytes), or [{filename, contentType: image/png, qr}] (a QR code of the text qr, drawn by the worker when it sends). Emptied when sent.';
