-- Issue #15 point 6: the annual report to the town council and assembly. One row per office and
-- year: the coordinator's narrative sections (typed in either script), and the generation job's
-- state — the row the background worker updates as it goes (status, progress 0–100, the step),
-- which the report's page reads to show progress. The files it made (PDF, DOCX, XLSX in Cyrillic,
-- and in Latin when asked) are stored in `files` and listed in annual_report_files.
CREATE TABLE annual_reports (
  office_id    uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  id           uuid NOT NULL DEFAULT gen_random_uuid(),
  year         smallint NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  -- {"intro": "…", "results": "…", …}: the narrative sections by key (report/narrative.ts).
  narrative    jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(narrative) = 'object'),
  -- draft: being written; queued → running → done (files ready) or failed (error kept).
  -- A done report is what went to the council: its narrative is frozen until it is reopened.
  status       text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'queued', 'running', 'done', 'failed')),
  latin        boolean NOT NULL DEFAULT false,
  progress     smallint NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  step         text NOT NULL DEFAULT '' CHECK (length(step) <= 100),
  error        text NOT NULL DEFAULT '' CHECK (length(error) <= 500),
  attempts     smallint NOT NULL DEFAULT 0,
  -- A running job holds its row until then; a worker that died leaves it to be taken again.
  lease_until  timestamptz,
  requested_by uuid REFERENCES users (id) ON DELETE SET NULL,
  requested_at timestamptz,
  finished_at  timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, id),
  UNIQUE (office_id, year)
);
CREATE INDEX annual_reports_pending_idx ON annual_reports (status, lease_until) WHERE status IN ('queued', 'running');

CREATE TABLE annual_report_files (
  office_id uuid NOT NULL,
  report_id uuid NOT NULL,
  script    text NOT NULL CHECK (script IN ('cir', 'lat')),
  format    text NOT NULL CHECK (format IN ('pdf', 'docx', 'xlsx')),
  file_id   uuid NOT NULL,
  PRIMARY KEY (office_id, report_id, script, format),
  FOREIGN KEY (office_id, report_id) REFERENCES annual_reports (office_id, id) ON DELETE CASCADE,
  FOREIGN KEY (office_id, file_id) REFERENCES files (office_id, id) ON DELETE CASCADE
);
CREATE INDEX annual_report_files_file_idx ON annual_report_files (office_id, file_id);
