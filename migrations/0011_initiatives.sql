-- Issue #14 point 1: youth initiatives. A young person, an informal group or an association
-- proposes an initiative; the office reviews it and supports it with space, material, technical
-- help, promotion, mentoring and a small budget; the team reports when it is done.
-- The rules that matter are the database's, not only the code's:
--   * the status is one of the workflow's (a CHECK), and a trigger refuses every change of it
--     that the workflow does not allow (draft → submitted → under_review → needs_changes /
--     supported / declined; needs_changes → submitted; supported → in_progress → completed);
--     the service changes it in one UPDATE … WHERE status = <expected>, so of two reviewers
--     deciding at once the database lets exactly one through;
--   * the proposal (its text, dates, support, budget) changes only in draft or needs_changes:
--     a trigger on the initiative and on its budget items refuses it otherwise;
--   * a declined initiative has a reason, a completed one its report; amounts are never negative.

CREATE TABLE initiatives (
  office_id       uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  id              uuid NOT NULL DEFAULT gen_random_uuid(),
  -- Who proposes: one young person, an informal group (named), or an association of the register.
  proposer_kind   text NOT NULL CHECK (proposer_kind IN ('person', 'group', 'association')),
  group_name      text NOT NULL DEFAULT '' CHECK (length(group_name) <= 120),
  association_id  uuid,
  created_by      uuid REFERENCES users (id) ON DELETE SET NULL,
  title           text NOT NULL CHECK (length(title) BETWEEN 3 AND 150),
  idea            text NOT NULL CHECK (length(idea) BETWEEN 1 AND 4000),
  why             text NOT NULL CHECK (length(why) BETWEEN 1 AND 4000),
  audience        text NOT NULL CHECK (length(audience) BETWEEN 1 AND 1000),
  area            text NOT NULL CHECK (area IN ('education', 'health', 'safety', 'employment', 'participation', 'volunteering',
                                                'mobility', 'youth_work')),
  place           text NOT NULL CHECK (length(place) BETWEEN 1 AND 300),
  starts_on       date NOT NULL,
  ends_on         date NOT NULL,
  support         text[] NOT NULL DEFAULT '{}'
                  CHECK (support <@ ARRAY['space', 'equipment', 'technical', 'promotion', 'mentoring']::text[]),
  -- The team agreed that the office may show the initiative on its public page once supported.
  publish_consent boolean NOT NULL DEFAULT false,
  status          text NOT NULL DEFAULT 'draft'
                  CHECK (status IN ('draft', 'submitted', 'under_review', 'needs_changes', 'supported', 'declined', 'in_progress',
                                    'completed')),
  -- The office's last word: what to change (needs_changes), why not (declined), a note (supported).
  decision_note   text NOT NULL DEFAULT '' CHECK (length(decision_note) <= 2000),
  report          text NOT NULL DEFAULT '' CHECK (length(report) <= 4000),
  reached_15_19   integer CHECK (reached_15_19 BETWEEN 0 AND 100000),
  reached_20_24   integer CHECK (reached_20_24 BETWEEN 0 AND 100000),
  reached_25_30   integer CHECK (reached_25_30 BETWEEN 0 AND 100000),
  submitted_at    timestamptz,
  supported_at    timestamptz,
  decided_at      timestamptz,
  completed_at    timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, id),
  FOREIGN KEY (office_id, association_id) REFERENCES associations (office_id, id) ON DELETE SET NULL (association_id),
  CHECK (ends_on >= starts_on AND ends_on - starts_on <= 366),
  CHECK (proposer_kind <> 'group' OR group_name <> ''),
  CHECK (status <> 'declined' OR decision_note <> ''),
  CHECK (status <> 'completed' OR (report <> '' AND reached_15_19 IS NOT NULL AND reached_20_24 IS NOT NULL
                                   AND reached_25_30 IS NOT NULL AND completed_at IS NOT NULL)),
  CHECK ((supported_at IS NULL) = (status IN ('draft', 'submitted', 'under_review', 'needs_changes', 'declined')))
);
CREATE INDEX initiatives_status_idx ON initiatives (office_id, status, updated_at);
CREATE INDEX initiatives_supported_idx ON initiatives (office_id, supported_at) WHERE supported_at IS NOT NULL;

-- The workflow's transitions, and no change to the proposal once it is with the office.
CREATE FUNCTION initiatives_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status IS DISTINCT FROM OLD.status AND NOT (
       (OLD.status = 'draft' AND NEW.status = 'submitted')
    OR (OLD.status = 'needs_changes' AND NEW.status = 'submitted')
    OR (OLD.status = 'submitted' AND NEW.status = 'under_review')
    OR (OLD.status = 'under_review' AND NEW.status IN ('needs_changes', 'supported', 'declined'))
    OR (OLD.status = 'supported' AND NEW.status = 'in_progress')
    OR (OLD.status = 'in_progress' AND NEW.status = 'completed')) THEN
    RAISE EXCEPTION 'initiative % cannot go from % to %', OLD.id, OLD.status, NEW.status
      USING ERRCODE = 'check_violation', CONSTRAINT = 'initiatives_transition';
  END IF;
  IF OLD.status NOT IN ('draft', 'needs_changes') AND (
       NEW.title, NEW.idea, NEW.why, NEW.audience, NEW.area, NEW.place, NEW.starts_on, NEW.ends_on, NEW.support,
       NEW.publish_consent, NEW.proposer_kind, NEW.group_name, NEW.association_id)
     IS DISTINCT FROM (
       OLD.title, OLD.idea, OLD.why, OLD.audience, OLD.area, OLD.place, OLD.starts_on, OLD.ends_on, OLD.support,
       OLD.publish_consent, OLD.proposer_kind, OLD.group_name, OLD.association_id)
     -- An erased association leaves the row (ON DELETE SET NULL); that is no edit.
     AND NOT (NEW.association_id IS NULL AND OLD.association_id IS NOT NULL
              AND (NEW.title, NEW.idea, NEW.why, NEW.audience, NEW.area, NEW.place, NEW.starts_on, NEW.ends_on, NEW.support,
                   NEW.publish_consent, NEW.proposer_kind, NEW.group_name)
                  IS NOT DISTINCT FROM
                  (OLD.title, OLD.idea, OLD.why, OLD.audience, OLD.area, OLD.place, OLD.starts_on, OLD.ends_on, OLD.support,
                   OLD.publish_consent, OLD.proposer_kind, OLD.group_name)) THEN
    RAISE EXCEPTION 'initiative % is % and cannot be edited', OLD.id, OLD.status
      USING ERRCODE = 'check_violation', CONSTRAINT = 'initiatives_locked';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER initiatives_guard BEFORE UPDATE ON initiatives FOR EACH ROW EXECUTE FUNCTION initiatives_guard();

-- The small budget: items in RSD (name, quantity, unit price); totals are computed, never stored.
CREATE TABLE initiative_budget_items (
  office_id     uuid NOT NULL,
  initiative_id uuid NOT NULL,
  position      integer NOT NULL CHECK (position BETWEEN 0 AND 49),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  quantity      numeric(10, 2) NOT NULL CHECK (quantity > 0),
  unit_price    numeric(12, 2) NOT NULL CHECK (unit_price >= 0),
  PRIMARY KEY (office_id, initiative_id, position),
  FOREIGN KEY (office_id, initiative_id) REFERENCES initiatives (office_id, id) ON DELETE CASCADE
);

CREATE FUNCTION initiative_budget_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  st text;
BEGIN
  SELECT status INTO st FROM initiatives
   WHERE office_id = COALESCE(NEW.office_id, OLD.office_id) AND id = COALESCE(NEW.initiative_id, OLD.initiative_id);
  -- st IS NULL: the initiative itself is being deleted (the cascade).
  IF st IS NOT NULL AND st NOT IN ('draft', 'needs_changes') THEN
    RAISE EXCEPTION 'the budget of a % initiative cannot be edited', st
      USING ERRCODE = 'check_violation', CONSTRAINT = 'initiatives_locked';
  END IF;
  RETURN COALESCE(NEW, OLD);
END $$;
CREATE TRIGGER initiative_budget_guard BEFORE INSERT OR UPDATE OR DELETE ON initiative_budget_items
  FOR EACH ROW EXECUTE FUNCTION initiative_budget_guard();

-- The team: accounts invited by e-mail, who accept by a mailed link (only the token's SHA-256 is
-- kept). The proposer is the lead, a member from the start.
CREATE TABLE initiative_members (
  office_id     uuid NOT NULL,
  initiative_id uuid NOT NULL,
  email         text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
  user_id       uuid REFERENCES users (id) ON DELETE CASCADE,
  role          text NOT NULL DEFAULT 'member' CHECK (role IN ('lead', 'member')),
  token_hash    text,
  invited_by    uuid REFERENCES users (id) ON DELETE SET NULL,
  invited_at    timestamptz NOT NULL DEFAULT now(),
  accepted_at   timestamptz,
  PRIMARY KEY (office_id, initiative_id, email),
  FOREIGN KEY (office_id, initiative_id) REFERENCES initiatives (office_id, id) ON DELETE CASCADE,
  CHECK ((accepted_at IS NULL) = (user_id IS NULL)),
  CHECK (accepted_at IS NOT NULL OR token_hash IS NOT NULL)
);
CREATE UNIQUE INDEX initiative_members_email_key ON initiative_members (office_id, initiative_id, lower(email));
CREATE UNIQUE INDEX initiative_members_user_key ON initiative_members (office_id, initiative_id, user_id);
CREATE UNIQUE INDEX initiative_members_token_key ON initiative_members (token_hash) WHERE token_hash IS NOT NULL;
CREATE INDEX initiative_members_user_idx ON initiative_members (user_id) WHERE user_id IS NOT NULL;

-- Comments between the team and the office.
CREATE TABLE initiative_comments (
  office_id     uuid NOT NULL,
  initiative_id uuid NOT NULL,
  id            uuid NOT NULL DEFAULT gen_random_uuid(),
  author_id     uuid REFERENCES users (id) ON DELETE SET NULL,
  author_name   text NOT NULL CHECK (length(author_name) BETWEEN 1 AND 120),
  from_office   boolean NOT NULL,
  body          text NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, id),
  FOREIGN KEY (office_id, initiative_id) REFERENCES initiatives (office_id, id) ON DELETE CASCADE
);
CREATE INDEX initiative_comments_idx ON initiative_comments (office_id, initiative_id, created_at);

-- Every change: a status change (from → to), the fields an edit changed, a member invited or joined.
CREATE TABLE initiative_history (
  office_id     uuid NOT NULL,
  initiative_id uuid NOT NULL,
  id            bigint GENERATED ALWAYS AS IDENTITY,
  at            timestamptz NOT NULL DEFAULT now(),
  actor_id      uuid REFERENCES users (id) ON DELETE SET NULL,
  actor_name    text NOT NULL CHECK (length(actor_name) BETWEEN 1 AND 120),
  kind          text NOT NULL CHECK (kind IN ('created', 'edited', 'status', 'invited', 'joined', 'photo')),
  from_status   text,
  to_status     text,
  fields        text[] NOT NULL DEFAULT '{}',
  note          text NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
  PRIMARY KEY (office_id, id),
  FOREIGN KEY (office_id, initiative_id) REFERENCES initiatives (office_id, id) ON DELETE CASCADE
);
CREATE INDEX initiative_history_idx ON initiative_history (office_id, initiative_id, id);

-- Photos of the report, with their descriptions (alt text); the bytes are in `files`.
CREATE TABLE initiative_photos (
  office_id     uuid NOT NULL,
  initiative_id uuid NOT NULL,
  file_id       uuid NOT NULL,
  alt           text NOT NULL CHECK (length(alt) BETWEEN 1 AND 300),
  width         integer,
  height        integer,
  added_by      uuid REFERENCES users (id) ON DELETE SET NULL,
  added_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, file_id),
  FOREIGN KEY (office_id, initiative_id) REFERENCES initiatives (office_id, id) ON DELETE CASCADE,
  FOREIGN KEY (office_id, file_id) REFERENCES files (office_id, id) ON DELETE CASCADE
);
CREATE INDEX initiative_photos_idx ON initiative_photos (office_id, initiative_id, added_at);

-- An account's erasure (DELETE FROM users, me/erasure-repo.ts) leaves no name or address of the
-- person in initiatives: the membership goes with the account (ON DELETE CASCADE), open
-- invitations to its address are dropped, and its comments and history rows keep only "—".
CREATE FUNCTION initiatives_forget_user() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE initiative_comments SET author_name = '—' WHERE author_id = OLD.id;
  UPDATE initiative_history SET actor_name = '—' WHERE actor_id = OLD.id;
  UPDATE initiative_history SET note = '—' WHERE kind = 'invited' AND lower(note) = lower(OLD.email);
  DELETE FROM initiative_members WHERE user_id IS NULL AND lower(email) = lower(OLD.email);
  RETURN OLD;
END $$;
CREATE TRIGGER initiatives_forget_user BEFORE DELETE ON users FOR EACH ROW EXECUTE FUNCTION initiatives_forget_user();
