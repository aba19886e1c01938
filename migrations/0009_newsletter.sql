-- Newsletter (issue #13 point 3): subscribers without an account, double opt-in, consent records,
-- campaigns per office and one delivery row per recipient (the campaign's outbox).

-- A subscriber is one address, whatever offices it follows (global, like users): its interests
-- and script apply to every office's newsletter.
CREATE TABLE newsletter_subscribers (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Lower-cased and trimmed.
  email              text NOT NULL UNIQUE CHECK (length(email) BETWEEN 3 AND 254),
  script             text NOT NULL DEFAULT 'cir' CHECK (script IN ('cir', 'lat')),
  -- LAP area codes (src/core/domain.ts) and opportunity kinds (features/newsletter/schema.ts); empty: all.
  areas              text[] NOT NULL DEFAULT '{}',
  kinds              text[] NOT NULL DEFAULT '{}',
  -- pending: never confirmed; active: confirmed; unsubscribed; bouncing: permanent failures reached the limit.
  status             text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'active', 'unsubscribed', 'bouncing')),
  -- The selection a confirmation link applies ({"offices": [...], "areas": [...], "kinds": [...], "script": "cir"}).
  pending            jsonb,
  -- SHA-256 of the mailed confirmation token, and when it stops working.
  confirm_hash       bytea,
  confirm_expires_at timestamptz,
  confirm_sent_at    timestamptz,
  -- Part of the HMAC of the manage / unsubscribe links; a new one revokes every link mailed before.
  link_nonce         integer NOT NULL DEFAULT 0,
  -- Permanent SMTP refusals (5xx) counted since the last delivery.
  bounces            integer NOT NULL DEFAULT 0 CHECK (bounces >= 0),
  confirmed_at       timestamptz,
  unsubscribed_at    timestamptz,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now()
);

-- ZZPL (Law on personal data protection): what the person agreed to, when, with which notice
-- text, from which form; and when they withdrew.
CREATE TABLE newsletter_consents (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  subscriber_id  uuid NOT NULL REFERENCES newsletter_subscribers (id) ON DELETE CASCADE,
  action         text NOT NULL CHECK (action IN ('requested', 'confirmed', 'changed', 'withdrawn')),
  notice_version text NOT NULL,
  -- The form (route name and office slug), e.g. 'newsletter.subscribe pancevo'.
  source         text NOT NULL,
  data           jsonb NOT NULL DEFAULT '{}',
  at             timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX newsletter_consents_subscriber ON newsletter_consents (subscriber_id, at);

-- Which offices' newsletters a subscriber follows (confirmed selections only).
CREATE TABLE newsletter_subscriptions (
  office_id     uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  subscriber_id uuid NOT NULL REFERENCES newsletter_subscribers (id) ON DELETE CASCADE,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, subscriber_id)
);
CREATE INDEX newsletter_subscriptions_subscriber ON newsletter_subscriptions (subscriber_id);

CREATE TABLE newsletter_campaigns (
  office_id      uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  id             uuid NOT NULL DEFAULT gen_random_uuid(),
  kind           text NOT NULL CHECK (kind IN ('letter', 'digest')),
  -- As typed, in either script; each subscriber gets their own script.
  subject        text NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
  body           text NOT NULL CHECK (length(body) <= 20000),
  -- The segment: subscribers of this office whose interests meet these (empty: everyone).
  segment_areas  text[] NOT NULL DEFAULT '{}',
  segment_kinds  text[] NOT NULL DEFAULT '{}',
  -- draft → sending ⇄ paused → done.
  status         text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'sending', 'paused', 'done')),
  -- A digest: the items it carries ([DigestItem]) and the span they were taken from.
  digest_items   jsonb NOT NULL DEFAULT '[]',
  digest_since   timestamptz,
  digest_until   timestamptz,
  -- Recipients materialised at "send".
  total          integer NOT NULL DEFAULT 0,
  created_by     uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  queued_at      timestamptz,
  finished_at    timestamptz,
  PRIMARY KEY (office_id, id)
);
CREATE INDEX newsletter_campaigns_sending ON newsletter_campaigns (status) WHERE status = 'sending';

-- One row per recipient of a campaign, written in one transaction at "send", before any SMTP
-- call. The Message-ID is derived from (campaign, subscriber), so it is the same on every attempt.
-- state: queued → sending (lease, committed before the SMTP exchange) → sent (committed before the
-- final "." of DATA: see features/newsletter/sender.ts) | failed | skipped.
CREATE TABLE newsletter_deliveries (
  office_id       uuid NOT NULL,
  campaign_id     uuid NOT NULL,
  subscriber_id   uuid NOT NULL REFERENCES newsletter_subscribers (id) ON DELETE CASCADE,
  state           text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'skipped')),
  attempts        integer NOT NULL DEFAULT 0,
  locked_until    timestamptz,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  sent_at         timestamptz,
  -- When the server answered 250 to the final "." (NULL on a sent row: the process died in between).
  accepted_at     timestamptz,
  last_error      text,
  PRIMARY KEY (office_id, campaign_id, subscriber_id),
  FOREIGN KEY (office_id, campaign_id) REFERENCES newsletter_campaigns (office_id, id) ON DELETE CASCADE
);
CREATE INDEX newsletter_deliveries_due ON newsletter_deliveries (office_id, next_attempt_at) WHERE state IN ('queued', 'sending');
-- The per-office rate limit counts what was sent in the last minute.
CREATE INDEX newsletter_deliveries_sent ON newsletter_deliveries (office_id, sent_at) WHERE sent_at IS NOT NULL;

-- Extra header lines of an outbox mail (the newsletter's List-Unsubscribe on its welcome mail).
ALTER TABLE outbox ADD COLUMN headers jsonb NOT NULL DEFAULT '{}';
