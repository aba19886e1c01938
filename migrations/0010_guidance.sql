-- Issue #13 point 4: career guidance. Counsellors (office coordinators and partner counsellors,
-- e.g. of the National Employment Service) publish time slots; a young person books one for a
-- topic; the counsellor keeps private notes under the register's personal-data rules.
-- The rules that matter are the database's, not the code's:
--   * a counsellor's slots never overlap and are never published in the past (a trigger that
--     takes a per-counsellor lock — PGlite would need the btree_gist extension loaded in every
--     process for an EXCLUDE constraint, so the same rule is enforced without it);
--   * a slot has at most one live booking (a partial unique index);
--   * notes exist only under a live 'guidance' consent (withdrawing it, or erasure, deletes them).

-- A partner's counsellor holds this office role (granted on the admin team page).
ALTER TABLE office_members DROP CONSTRAINT office_members_role_check;
ALTER TABLE office_members ADD CONSTRAINT office_members_role_check
  CHECK (role IN ('association_rep', 'youth_council', 'coordinator', 'office_admin', 'counsellor'));

-- The consent purpose the counsellor's notes are kept under (src/features/people/purposes.ts).
ALTER TABLE person_consents DROP CONSTRAINT person_consents_purpose_check;
ALTER TABLE person_consents ADD CONSTRAINT person_consents_purpose_check
  CHECK (purpose IN ('register', 'contact', 'photos', 'sensitive', 'guidance'));

-- Which partner a counsellor comes from (none: the office's own staff).
CREATE TABLE guidance_counsellors (
  office_id  uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  partner_id uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, user_id),
  FOREIGN KEY (office_id, partner_id) REFERENCES partners (office_id, id) ON DELETE SET NULL (partner_id)
);

CREATE TABLE guidance_slots (
  office_id       uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  id              uuid NOT NULL DEFAULT gen_random_uuid(),
  -- The counsellor's account (NULL once it is erased; the name stays for the office's records).
  counsellor_id   uuid REFERENCES users (id) ON DELETE SET NULL,
  counsellor_name text NOT NULL CHECK (length(counsellor_name) BETWEEN 1 AND 120),
  partner_id      uuid,
  starts_at       timestamptz NOT NULL,
  ends_at         timestamptz NOT NULL,
  place_kind      text NOT NULL CHECK (place_kind IN ('office', 'address', 'online')),
  place           text NOT NULL DEFAULT '' CHECK (length(place) <= 300),
  online_url      text NOT NULL DEFAULT '' CHECK (length(online_url) <= 500),
  -- Slots published together (a weekly series) share it.
  series_id       uuid,
  status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'cancelled')),
  created_by      uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, id),
  FOREIGN KEY (office_id, partner_id) REFERENCES partners (office_id, id) ON DELETE SET NULL (partner_id),
  CHECK (ends_at > starts_at AND ends_at - starts_at <= interval '8 hours'),
  CHECK (place_kind <> 'online' OR online_url <> ''),
  CHECK (place_kind <> 'address' OR place <> '')
);
CREATE INDEX guidance_slots_time_idx ON guidance_slots (office_id, starts_at);
CREATE INDEX guidance_slots_counsellor_idx ON guidance_slots (counsellor_id, starts_at) WHERE status = 'open';

-- A counsellor's open slots never overlap, and a slot is never published (or reopened, or
-- moved) into the past. Writers of one counsellor queue on a transaction-scoped advisory lock,
-- so two overlapping slots published at once cannot both pass the check; the error carries
-- the constraint name the app turns into a message.
CREATE FUNCTION guidance_slots_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status <> 'open' THEN RETURN NEW; END IF;
  IF TG_OP = 'UPDATE' AND OLD.status = 'open' AND NEW.starts_at = OLD.starts_at AND NEW.ends_at = OLD.ends_at
     AND NEW.counsellor_id IS NOT DISTINCT FROM OLD.counsellor_id THEN
    RETURN NEW;
  END IF;
  IF NEW.starts_at <= now() THEN
    RAISE EXCEPTION 'a guidance slot cannot start in the past' USING ERRCODE = 'check_violation', CONSTRAINT = 'guidance_slots_future';
  END IF;
  IF NEW.counsellor_id IS NULL THEN RETURN NEW; END IF;
  PERFORM pg_advisory_xact_lock(hashtextextended('guidance_slots:' || NEW.counsellor_id::text, 0));
  IF EXISTS (SELECT 1 FROM guidance_slots s
              WHERE s.counsellor_id = NEW.counsellor_id AND s.status = 'open' AND NOT (s.office_id = NEW.office_id AND s.id = NEW.id)
                AND tstzrange(s.starts_at, s.ends_at) && tstzrange(NEW.starts_at, NEW.ends_at)) THEN
    RAISE EXCEPTION 'guidance slots of one counsellor cannot overlap'
      USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'guidance_slots_no_overlap';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER guidance_slots_check BEFORE INSERT OR UPDATE ON guidance_slots
  FOR EACH ROW EXECUTE FUNCTION guidance_slots_check();

CREATE TABLE guidance_bookings (
  office_id        uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  id               uuid NOT NULL DEFAULT gen_random_uuid(),
  slot_id          uuid NOT NULL,
  topic            text NOT NULL CHECK (topic IN ('career', 'cv', 'interview', 'info')),
  -- An account's booking, or a guest's (user_id NULL); the office's register row when there is one.
  user_id          uuid REFERENCES users (id) ON DELETE SET NULL,
  person_id        uuid,
  full_name        text NOT NULL DEFAULT '' CHECK (length(full_name) <= 120),
  email            text NOT NULL DEFAULT '' CHECK (length(email) <= 254),
  -- Kept after erasure, for the statistics (age group, settlement).
  birth_year       smallint CHECK (birth_year BETWEEN 1900 AND 2100),
  settlement_id    uuid,
  script           text NOT NULL DEFAULT 'cir' CHECK (script IN ('cir', 'lat', 'en')),
  -- pending: a guest's booking holds the slot until the mailed link confirms it (or it expires).
  status           text NOT NULL CHECK (status IN ('pending', 'confirmed', 'cancelled', 'expired')),
  -- Random; the mailed links carry an HMAC of it (token_hash is that link's SHA-256).
  code             text NOT NULL,
  token_hash       text NOT NULL,
  token_expires_at timestamptz,
  cancelled_by     text CHECK (cancelled_by IN ('person', 'counsellor')),
  reminded_at      timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  confirmed_at     timestamptz,
  cancelled_at     timestamptz,
  PRIMARY KEY (office_id, id),
  FOREIGN KEY (office_id, slot_id) REFERENCES guidance_slots (office_id, id) ON DELETE CASCADE,
  FOREIGN KEY (office_id, person_id) REFERENCES people (office_id, id) ON DELETE SET NULL (person_id),
  FOREIGN KEY (office_id, settlement_id) REFERENCES office_settlements (office_id, id) ON DELETE SET NULL (settlement_id),
  CHECK (status <> 'confirmed' OR confirmed_at IS NOT NULL),
  CHECK (status <> 'cancelled' OR cancelled_at IS NOT NULL)
);
-- THE rule of this feature: one live booking per slot. The second of two people booking at once
-- waits for the first's commit and gets a unique violation.
CREATE UNIQUE INDEX guidance_bookings_live_key ON guidance_bookings (office_id, slot_id) WHERE status IN ('pending', 'confirmed');
CREATE UNIQUE INDEX guidance_bookings_token_key ON guidance_bookings (token_hash);
CREATE INDEX guidance_bookings_user_idx ON guidance_bookings (user_id) WHERE user_id IS NOT NULL;

-- The counsellor's private notes on a session: only about a person in the office's register
-- who gave the 'guidance' consent; every read is logged in personal_data_access.
CREATE TABLE guidance_notes (
  office_id  uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  booking_id uuid NOT NULL,
  person_id  uuid NOT NULL,
  consent_id uuid NOT NULL,
  body       text NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
  author_id  uuid REFERENCES users (id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, booking_id),
  FOREIGN KEY (office_id, booking_id) REFERENCES guidance_bookings (office_id, id) ON DELETE CASCADE,
  FOREIGN KEY (office_id, person_id) REFERENCES people (office_id, id) ON DELETE CASCADE,
  FOREIGN KEY (office_id, consent_id) REFERENCES person_consents (office_id, id) ON DELETE CASCADE
);

-- Withdrawing the consent (the person on their page, staff, or erasure's anonymisation, which
-- withdraws every live consent) deletes the notes kept under it, whoever withdrew it.
CREATE FUNCTION guidance_notes_consent_withdrawn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM guidance_notes WHERE office_id = NEW.office_id AND consent_id = NEW.id;
  RETURN NEW;
END $$;
CREATE TRIGGER guidance_notes_consent_withdrawn AFTER UPDATE OF withdrawn_at ON person_consents
  FOR EACH ROW WHEN (NEW.purpose = 'guidance' AND NEW.withdrawn_at IS NOT NULL AND OLD.withdrawn_at IS NULL)
  EXECUTE FUNCTION guidance_notes_consent_withdrawn();

-- A note may only be written under a live consent of the same person.
CREATE FUNCTION guidance_notes_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- FOR SHARE: a withdrawal under way waits for this write, then its trigger deletes the note.
  PERFORM 1 FROM person_consents c
    WHERE c.office_id = NEW.office_id AND c.id = NEW.consent_id AND c.person_id = NEW.person_id
      AND c.purpose = 'guidance' AND c.withdrawn_at IS NULL
    FOR SHARE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'guidance notes need a live guidance consent'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'guidance_notes_consent';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER guidance_notes_check BEFORE INSERT OR UPDATE ON guidance_notes
  FOR EACH ROW EXECUTE FUNCTION guidance_notes_check();
