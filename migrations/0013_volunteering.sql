-- Volunteering under the Law on Volunteering ("Službeni glasnik RS" 36/2010), issue #14 point 3.
-- Same rule as before: office_id in every office-owned primary key and foreign key.
--
-- An opportunity is posted by the office (association_id NULL) or by an association of its
-- register (through an approved representative). min_age: 15 or more, or from 10 for an
-- educational activity only (art. 12). beneficiaries: codes; 'children', 'disabled', 'elderly',
-- 'sick' are the vulnerable persons of art. 12 (a written contract is then required, art. 15).
CREATE TABLE volunteer_opportunities (
  office_id      uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  id             uuid NOT NULL DEFAULT gen_random_uuid(),
  association_id uuid,
  title          text NOT NULL CHECK (length(title) BETWEEN 3 AND 200),
  tasks          text NOT NULL CHECK (length(tasks) BETWEEN 1 AND 5000),
  place          text NOT NULL CHECK (length(place) BETWEEN 1 AND 300),
  starts_on      date NOT NULL,
  ends_on        date,
  hours_per_week numeric(4, 1) NOT NULL CHECK (hours_per_week > 0 AND hours_per_week <= 60),
  skills         text[] NOT NULL DEFAULT '{}',
  min_age        smallint NOT NULL CHECK (min_age BETWEEN 10 AND 30),
  educational    boolean NOT NULL DEFAULT false,
  beneficiaries  text[] NOT NULL DEFAULT '{}'
                 CHECK (beneficiaries <@ ARRAY['general', 'youth', 'children', 'disabled', 'elderly', 'sick', 'environment', 'culture']::text[]),
  abroad         boolean NOT NULL DEFAULT false,
  training       text NOT NULL DEFAULT '' CHECK (length(training) <= 2000),
  costs          text NOT NULL DEFAULT '' CHECK (length(costs) <= 2000),
  -- A LAP area code (src/core/domain.ts), for the plan's indicator by area.
  area           text,
  closed         boolean NOT NULL DEFAULT false,
  created_by     uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, id),
  FOREIGN KEY (office_id, association_id) REFERENCES associations (office_id, id) ON DELETE CASCADE,
  CHECK (ends_on IS NULL OR ends_on >= starts_on),
  -- Art. 12: under 15 only educational activities.
  CHECK (min_age >= 15 OR educational)
);
CREATE INDEX volunteer_opportunities_office_idx ON volunteer_opportunities (office_id, starts_on);

-- An account's application. Name and birth date are copied from the account when applying (the
-- organiser's records keep them). minor: under 18 on the day of applying; then a parent's written
-- consent is recorded — who gave it, when it was signed, which document — or the row cannot exist.
-- contract_reasons: art. 15's reasons as decided at applying and when the hours cross the long-term
-- threshold (long_term_at says when the flag was raised automatically).
CREATE TABLE volunteer_applications (
  office_id          uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  id                 uuid NOT NULL DEFAULT gen_random_uuid(),
  opportunity_id     uuid NOT NULL,
  user_id            uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  full_name          text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 120),
  birth_date         date NOT NULL,
  minor              boolean NOT NULL,
  motivation         text NOT NULL DEFAULT '' CHECK (length(motivation) <= 2000),
  foreigner          boolean NOT NULL DEFAULT false,
  contract_requested boolean NOT NULL DEFAULT false,
  consent_parent     text NOT NULL DEFAULT '' CHECK (length(consent_parent) <= 120),
  consent_signed_on  date,
  consent_document   text NOT NULL DEFAULT '' CHECK (length(consent_document) <= 300),
  contract_reasons   text[] NOT NULL DEFAULT '{}'
                     CHECK (contract_reasons <@ ARRAY['long_term', 'minor', 'foreigner', 'abroad', 'vulnerable', 'requested']::text[]),
  long_term_at       timestamptz,
  status             text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'declined')),
  decline_reason     text NOT NULL DEFAULT '' CHECK (length(decline_reason) <= 500),
  decided_by         uuid REFERENCES users (id) ON DELETE SET NULL,
  decided_at         timestamptz,
  created_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, id),
  FOREIGN KEY (office_id, opportunity_id) REFERENCES volunteer_opportunities (office_id, id) ON DELETE CASCADE,
  UNIQUE (office_id, opportunity_id, user_id),
  CHECK (NOT minor OR (length(trim(consent_parent)) >= 3 AND consent_signed_on IS NOT NULL AND length(trim(consent_document)) >= 3)),
  CHECK (status <> 'declined' OR length(trim(decline_reason)) >= 3),
  CHECK ((status = 'pending') = (decided_at IS NULL))
);
CREATE INDEX volunteer_applications_user_idx ON volunteer_applications (user_id);

-- Hours: a logged entry (hours known), or an open check-in (started_at, hours NULL until check-out).
-- The organiser confirms or disputes (with a reason). At most 24 hours a day per person across all
-- of their applications in the office: the trigger below, under a per-person lock.
CREATE TABLE volunteer_hours (
  office_id      uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  id             uuid NOT NULL DEFAULT gen_random_uuid(),
  application_id uuid NOT NULL,
  user_id        uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  day            date NOT NULL,
  hours          numeric(4, 2) CHECK (hours > 0 AND hours <= 24),
  started_at     timestamptz,
  description    text NOT NULL DEFAULT '' CHECK (length(description) <= 1000),
  status         text NOT NULL DEFAULT 'logged' CHECK (status IN ('logged', 'confirmed', 'disputed')),
  dispute_reason text NOT NULL DEFAULT '' CHECK (length(dispute_reason) <= 500),
  decided_by     uuid REFERENCES users (id) ON DELETE SET NULL,
  decided_at     timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, id),
  FOREIGN KEY (office_id, application_id) REFERENCES volunteer_applications (office_id, id) ON DELETE CASCADE,
  CHECK (hours IS NOT NULL OR started_at IS NOT NULL),
  CHECK (hours IS NOT NULL OR status = 'logged'),
  CHECK (status <> 'disputed' OR length(trim(dispute_reason)) >= 3)
);
CREATE INDEX volunteer_hours_application_idx ON volunteer_hours (office_id, application_id, day);
CREATE INDEX volunteer_hours_user_day_idx ON volunteer_hours (office_id, user_id, day);
-- One open check-in per application.
CREATE UNIQUE INDEX volunteer_hours_open_key ON volunteer_hours (office_id, application_id) WHERE hours IS NULL;

CREATE FUNCTION volunteer_hours_day_limit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  total numeric;
BEGIN
  IF NEW.hours IS NULL OR NEW.status = 'disputed' THEN
    RETURN NEW;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('volunteer_hours:' || NEW.office_id::text || NEW.user_id::text));
  SELECT coalesce(sum(hours), 0) INTO total FROM volunteer_hours
   WHERE office_id = NEW.office_id AND user_id = NEW.user_id AND day = NEW.day AND id <> NEW.id
     AND hours IS NOT NULL AND status <> 'disputed';
  IF total + NEW.hours > 24 THEN
    RAISE EXCEPTION 'more than 24 hours on %', NEW.day USING ERRCODE = '23514', CONSTRAINT = 'volunteer_hours_day_limit';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER volunteer_hours_day_limit BEFORE INSERT OR UPDATE OF hours, day, status ON volunteer_hours
  FOR EACH ROW EXECUTE FUNCTION volunteer_hours_day_limit();

-- The JMBG, apart from the person's row: asked only when a certificate or a contract needs it,
-- kept with the person's register entry (deleted with it, and when the entry is anonymised).
-- Every reading is written to personal_data_access (action 'view', reason 'volunteering.jmbg').
CREATE TABLE volunteer_identities (
  office_id   uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  person_id   uuid NOT NULL,
  jmbg        text NOT NULL CHECK (jmbg ~ '^[0-9]{13}$'),
  address     text NOT NULL DEFAULT '' CHECK (length(address) <= 300),
  citizenship text NOT NULL DEFAULT '' CHECK (length(citizenship) <= 100),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, person_id),
  FOREIGN KEY (office_id, person_id) REFERENCES people (office_id, id) ON DELETE CASCADE
);

CREATE FUNCTION volunteer_identities_forget() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM volunteer_identities WHERE office_id = NEW.office_id AND person_id = NEW.id;
  RETURN NEW;
END $$;
CREATE TRIGGER volunteer_identities_forget AFTER UPDATE OF anonymised_at ON people
  FOR EACH ROW WHEN (NEW.anonymised_at IS NOT NULL) EXECUTE FUNCTION volunteer_identities_forget();

-- "Potvrda o obavljenom volontiranju" (rulebook 92/2010): the data copied when issued, so later
-- edits do not change what was certified; the JMBG is read (and the reading logged) when the PDF
-- is made, never copied here. The code is the one the public verification page takes.
CREATE TABLE volunteer_certificates (
  office_id      uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  code           text NOT NULL CHECK (code ~ '^[A-Z0-9]{10,20}$'),
  application_id uuid NOT NULL,
  full_name      text NOT NULL,
  organiser      text NOT NULL,
  title          text NOT NULL,
  tasks          text NOT NULL,
  place          text NOT NULL,
  first_day      date NOT NULL,
  last_day       date NOT NULL,
  hours          numeric(7, 2) NOT NULL CHECK (hours > 0),
  issued_at      timestamptz NOT NULL DEFAULT now(),
  revoked_at     timestamptz,
  PRIMARY KEY (office_id, code),
  FOREIGN KEY (office_id, application_id) REFERENCES volunteer_applications (office_id, id) ON DELETE CASCADE,
  UNIQUE (office_id, application_id)
);
