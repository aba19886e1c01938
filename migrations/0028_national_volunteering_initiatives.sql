-- Issue #17 point 3: the national figures also count volunteer hours (volunteering: the hours
-- organisers confirmed, by the day worked) and initiatives supported (initiatives: by the date of
-- the decision to support), per office × year × LAP area as the other columns. The national job
-- fills them on its next run.
ALTER TABLE national_figures
  ADD COLUMN volunteer_hours numeric(12, 2) NOT NULL DEFAULT 0 CHECK (volunteer_hours >= 0),
  ADD COLUMN initiatives_supported integer NOT NULL DEFAULT 0 CHECK (initiatives_supported >= 0);
