-- Issue #14 point 2: booking the office's space (youth club, hall, meeting room) and lendable
-- equipment (projector, sound system, laptops). The rule that matters is the database's: two
-- live bookings of one resource never overlap — an exclusion constraint over a tstzrange, which
-- needs btree_gist for the equality on office_id and resource_id (PGlite loads the extension in
-- src/core/db/db.ts; Debian's PostgreSQL ships it in postgresql-contrib, part of the server package).
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE booking_resources (
  office_id     uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  id            uuid NOT NULL DEFAULT gen_random_uuid(),
  kind          text NOT NULL CHECK (kind IN ('room', 'equipment')),
  category      text NOT NULL CHECK (category IN ('youth_club', 'hall', 'meeting_room', 'projector', 'sound', 'laptop', 'other')),
  name          text NOT NULL CHECK (length(name) BETWEEN 2 AND 120),
  -- People a room holds; pieces of equipment lent together (informative, not a seat count).
  capacity      integer CHECK (capacity BETWEEN 1 AND 10000),
  accessibility text NOT NULL DEFAULT '' CHECK (length(accessibility) <= 1000),
  rules         text NOT NULL DEFAULT '' CHECK (length(rules) <= 3000),
  active        boolean NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, id)
);

-- Opening hours: one span per weekday (ISO: 1 Monday … 7 Sunday), Belgrade wall-clock time;
-- a weekday without a row is closed.
CREATE TABLE booking_resource_hours (
  office_id   uuid NOT NULL,
  resource_id uuid NOT NULL,
  weekday     smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  opens       time NOT NULL,
  closes      time NOT NULL,
  PRIMARY KEY (office_id, resource_id, weekday),
  FOREIGN KEY (office_id, resource_id) REFERENCES booking_resources (office_id, id) ON DELETE CASCADE,
  CHECK (closes > opens)
);

-- One request: who asks, for what, and its decision; its dates and resources are the bookings below.
CREATE TABLE booking_requests (
  office_id        uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  id               uuid NOT NULL DEFAULT gen_random_uuid(),
  -- An account's request, a guest's (user_id NULL, address confirmed by the mailed link), or staff's for the office.
  user_id          uuid REFERENCES users (id) ON DELETE SET NULL,
  booker_kind      text NOT NULL CHECK (booker_kind IN ('person', 'informal', 'association', 'office')),
  group_name       text NOT NULL DEFAULT '' CHECK (length(group_name) <= 200),
  full_name        text NOT NULL DEFAULT '' CHECK (length(full_name) <= 120),
  email            text NOT NULL DEFAULT '' CHECK (length(email) <= 254),
  script           text NOT NULL DEFAULT 'cir' CHECK (script IN ('cir', 'lat', 'en')),
  purpose          text NOT NULL CHECK (length(purpose) BETWEEN 2 AND 500),
  attendees        integer CHECK (attendees BETWEEN 1 AND 10000),
  area             text CHECK (area IN ('education', 'health', 'safety', 'employment', 'participation', 'volunteering', 'mobility', 'youth_work')),
  -- The initiative it serves (issue #14 point 1); its foreign key comes with the initiatives' migration.
  initiative_id    uuid,
  -- unconfirmed: a guest's, held until the mailed link confirms it (token_expires_at); pending: awaits the coordinator.
  status           text NOT NULL CHECK (status IN ('unconfirmed', 'pending', 'approved', 'declined', 'cancelled', 'expired')),
  decline_reason   text NOT NULL DEFAULT '' CHECK (length(decline_reason) <= 500),
  code             text NOT NULL,
  token_hash       text NOT NULL,
  token_expires_at timestamptz,
  decided_by       uuid REFERENCES users (id) ON DELETE SET NULL,
  decided_at       timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, id),
  CHECK (status <> 'declined' OR decline_reason <> '')
);
CREATE UNIQUE INDEX booking_requests_token_key ON booking_requests (token_hash);
CREATE INDEX booking_requests_pending_idx ON booking_requests (office_id, created_at) WHERE status = 'pending';
CREATE INDEX booking_requests_user_idx ON booking_requests (user_id) WHERE user_id IS NOT NULL;

-- One resource for one span: a request of a room and a projector on ten Fridays is twenty rows.
CREATE TABLE bookings (
  office_id      uuid NOT NULL,
  id             uuid NOT NULL DEFAULT gen_random_uuid(),
  request_id     uuid NOT NULL,
  resource_id    uuid NOT NULL,
  during         tstzrange NOT NULL,
  -- The request's status, copied in the same statement (the constraint below can only read this row);
  -- 'released': a no-show freed by staff 15 minutes after the start.
  status         text NOT NULL CHECK (status IN ('unconfirmed', 'pending', 'approved', 'declined', 'cancelled', 'expired', 'released')),
  checked_in_at  timestamptz,
  released_at    timestamptz,
  PRIMARY KEY (office_id, id),
  FOREIGN KEY (office_id, request_id) REFERENCES booking_requests (office_id, id) ON DELETE CASCADE,
  FOREIGN KEY (office_id, resource_id) REFERENCES booking_resources (office_id, id) ON DELETE CASCADE,
  CHECK (NOT isempty(during) AND lower_inc(during) AND NOT upper_inc(during) AND NOT lower_inf(during) AND NOT upper_inf(during)),
  CHECK (upper(during) - lower(during) <= interval '24 hours'),
  CHECK (status <> 'released' OR released_at IS NOT NULL),
  -- THE rule: two live bookings of one resource never overlap ([18:00, 20:00) and [20:00, 22:00) do not).
  CONSTRAINT bookings_no_overlap EXCLUDE USING gist (office_id WITH =, resource_id WITH =, during WITH &&)
    WHERE (status IN ('unconfirmed', 'pending', 'approved'))
);
CREATE INDEX bookings_request_idx ON bookings (office_id, request_id);
CREATE INDEX bookings_start_idx ON bookings (office_id, lower(during));
