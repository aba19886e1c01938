-- The waitlist is first come, first served, in (queued_at, id) order; a new arrival was queued at
-- clock_timestamp(). PGlite's clock advances in whole milliseconds (clock_timestamp() read 300
-- times in a row gave 42 distinct values), so two sign-ups within one millisecond got the same
-- queued_at and were ordered by their random ids: the later one could stand before the earlier,
-- and the seat statement, which counted the rows queued after the new one, told both the same
-- place (the 500 → 50 race test: positions 1…114, 114, 116…450). PostgreSQL's microseconds make a
-- tie rarer, not impossible. Now whoever joins a queue is stamped strictly after everyone already
-- waiting, under the activity's lock (every path that queues someone holds it), so the order is
-- the order of arrival and a new arrival is last: its place is the queue's length plus one.
CREATE FUNCTION registration_queue_time(p_office uuid, p_activity uuid) RETURNS timestamptz LANGUAGE sql VOLATILE AS $$
  -- One probe of registrations_activity_idx (office, activity, status, queued_at), from its end.
  SELECT greatest(clock_timestamp(), (SELECT max(queued_at) + interval '1 microsecond' FROM registrations
                                        WHERE office_id = p_office AND activity_id = p_activity AND status = 'waitlisted'))
$$;

CREATE OR REPLACE FUNCTION registration_take_seat(
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

  -- A waiting arrival is queued after everyone waiting (registration_queue_time), so it is last in line.
  v_queued := CASE WHEN v_status = 'waitlisted' THEN registration_queue_time(p_office, p_activity) ELSE clock_timestamp() END;
  INSERT INTO registrations (office_id, activity_id, user_id, person_id, full_name, email, birth_year, status, source, answers,
                             code, token_hash, token_expires_at, script, confirmed_at, queued_at)
  VALUES (p_office, p_activity, p_user, p_person, p_full_name, p_email, p_birth_year, v_status, p_source, p_answers,
          p_code, p_token_hash, p_token_expires_at, p_script,
          CASE WHEN v_status IN ('confirmed', 'waitlisted', 'pending') THEN now() END, v_queued)
  RETURNING id, short_code INTO v_id, v_short;

  IF v_status = 'confirmed' THEN
    UPDATE activities SET confirmed_count = confirmed_count + 1 WHERE office_id = p_office AND id = p_activity;
  ELSIF v_status = 'waitlisted' THEN
    -- Last in line while the activity is locked: the queue's length before this row, plus this row.
    v_position := a.waitlisted_count + 1;
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
