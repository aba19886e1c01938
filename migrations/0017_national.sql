-- Issue #17: the national network — regions and districts, offices opened, closed and merged by
-- the national admin, first admins invited by mail, and the national figures pre-aggregated per
-- office × year × LAP area.

-- ── Statistical regions (NUTS 2, RZS) and administrative districts (ISO 3166-2:RS) ─────────────
CREATE TABLE statistical_regions (
  code     text PRIMARY KEY CHECK (code ~ '^RS[0-9]{2}$'),
  name     text NOT NULL,
  name_en  text NOT NULL,
  position integer NOT NULL
);
INSERT INTO statistical_regions (code, name, name_en, position) VALUES
  ('RS11', 'Београдски регион', 'Belgrade Region', 1),
  ('RS12', 'Регион Војводине', 'Vojvodina Region', 2),
  ('RS21', 'Регион Шумадије и Западне Србије', 'Šumadija and Western Serbia Region', 3),
  ('RS22', 'Регион Јужне и Источне Србије', 'Southern and Eastern Serbia Region', 4),
  ('RS23', 'Регион Косово и Метохија', 'Kosovo and Metohija Region', 5);

COMMENT ON TABLE statistical_regions IS 'kzm:reference: the statistical regions of Serbia (NUTS 2), written by this migration';

CREATE TABLE districts (
  code        text PRIMARY KEY CHECK (code ~ '^RS-[0-9]{2}$'),
  region_code text NOT NULL REFERENCES statistical_regions (code),
  name        text NOT NULL,
  name_en     text NOT NULL
);
INSERT INTO districts (code, region_code, name, name_en) VALUES
  ('RS-00', 'RS11', 'Град Београд', 'City of Belgrade'),
  ('RS-01', 'RS12', 'Севернобачки округ', 'North Bačka District'),
  ('RS-02', 'RS12', 'Средњобанатски округ', 'Central Banat District'),
  ('RS-03', 'RS12', 'Севернобанатски округ', 'North Banat District'),
  ('RS-04', 'RS12', 'Јужнобанатски округ', 'South Banat District'),
  ('RS-05', 'RS12', 'Западнобачки округ', 'West Bačka District'),
  ('RS-06', 'RS12', 'Јужнобачки округ', 'South Bačka District'),
  ('RS-07', 'RS12', 'Сремски округ', 'Srem District'),
  ('RS-08', 'RS21', 'Мачвански округ', 'Mačva District'),
  ('RS-09', 'RS21', 'Колубарски округ', 'Kolubara District'),
  ('RS-10', 'RS22', 'Подунавски округ', 'Podunavlje District'),
  ('RS-11', 'RS22', 'Браничевски округ', 'Braničevo District'),
  ('RS-12', 'RS21', 'Шумадијски округ', 'Šumadija District'),
  ('RS-13', 'RS21', 'Поморавски округ', 'Pomoravlje District'),
  ('RS-14', 'RS22', 'Борски округ', 'Bor District'),
  ('RS-15', 'RS22', 'Зајечарски округ', 'Zaječar District'),
  ('RS-16', 'RS21', 'Златиборски округ', 'Zlatibor District'),
  ('RS-17', 'RS21', 'Моравички округ', 'Moravica District'),
  ('RS-18', 'RS21', 'Рашки округ', 'Raška District'),
  ('RS-19', 'RS21', 'Расински округ', 'Rasina District'),
  ('RS-20', 'RS22', 'Нишавски округ', 'Nišava District'),
  ('RS-21', 'RS22', 'Топлички округ', 'Toplica District'),
  ('RS-22', 'RS22', 'Пиротски округ', 'Pirot District'),
  ('RS-23', 'RS22', 'Јабланички округ', 'Jablanica District'),
  ('RS-24', 'RS22', 'Пчињски округ', 'Pčinja District'),
  ('RS-25', 'RS23', 'Косовски округ', 'Kosovo District'),
  ('RS-26', 'RS23', 'Пећки округ', 'Peć District'),
  ('RS-27', 'RS23', 'Призренски округ', 'Prizren District'),
  ('RS-28', 'RS23', 'Косовскомитровачки округ', 'Kosovska Mitrovica District'),
  ('RS-29', 'RS23', 'Косовскопоморавски округ', 'Kosovo-Pomoravlje District');
COMMENT ON TABLE districts IS 'kzm:reference: the administrative districts of Serbia (ISO 3166-2:RS), written by this migration';

-- ── Offices in the network ──────────────────────────────────────────────────────────────────
-- 'closed': the national admin closed it (its open registrations, bookings and subscriptions were
-- ended in the same transaction); it leaves every list and page, its history stays for the figures.
ALTER TABLE offices DROP CONSTRAINT offices_status_check;
ALTER TABLE offices ADD CONSTRAINT offices_status_check CHECK (status IN ('full', 'directory', 'closed'));
ALTER TABLE offices ADD COLUMN district_code text REFERENCES districts (code);
ALTER TABLE offices ADD COLUMN association_member boolean NOT NULL DEFAULT false;
ALTER TABLE offices ADD COLUMN association_member_since integer CHECK (association_member_since BETWEEN 2014 AND 2100);
ALTER TABLE offices ADD COLUMN closed_at timestamptz;
-- Merged: the office whose work continues this one's (its figures are reported under it).
ALTER TABLE offices ADD COLUMN merged_into_id uuid REFERENCES offices (id);
ALTER TABLE offices ADD CONSTRAINT offices_closed_check CHECK ((status = 'closed') = (closed_at IS NOT NULL));
CREATE INDEX offices_district_idx ON offices (district_code);

-- The first admin of a new office, invited by mail: the token's hash only; accepted once.
CREATE TABLE office_invitations (
  office_id   uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  id          uuid NOT NULL DEFAULT gen_random_uuid(),
  email       text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
  token_hash  text NOT NULL UNIQUE,
  invited_by  uuid REFERENCES users (id) ON DELETE SET NULL,
  expires_at  timestamptz NOT NULL,
  accepted_at timestamptz,
  accepted_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, id)
);

-- ── National figures, pre-aggregated ─────────────────────────────────────────────────────────
-- Per office × year × LAP area ('' = all areas): refreshed by the national job (hourly) and after
-- the data generator; the dashboard and open data read only this table. Counts of people are
-- distinct within the cell (a person in two areas counts once in the '' row), so the dashboard
-- never adds people across cells of one office: it reads the '' row.
CREATE TABLE national_figures (
  office_id      uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  year           integer NOT NULL,
  lap_area       text NOT NULL DEFAULT '',
  activities     integer NOT NULL DEFAULT 0,
  participants   integer NOT NULL DEFAULT 0,
  first_timers   integer NOT NULL DEFAULT 0,
  attendances    integer NOT NULL DEFAULT 0,
  associations   integer NOT NULL DEFAULT 0,
  counselling    integer NOT NULL DEFAULT 0,
  refreshed_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, year, lap_area)
);
CREATE INDEX national_figures_year_idx ON national_figures (year, lap_area);
