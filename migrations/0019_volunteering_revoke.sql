-- Volunteering (issue #14.3): the organiser revokes a certificate issued by mistake, with a reason
-- (the verification page then says it is revoked), and may issue a corrected one for the same
-- application: one live certificate per application instead of one ever.
ALTER TABLE volunteer_certificates
  ADD COLUMN revoke_reason text NOT NULL DEFAULT '' CHECK (length(revoke_reason) <= 500),
  ADD COLUMN revoked_by uuid REFERENCES users (id) ON DELETE SET NULL,
  ADD CONSTRAINT volunteer_certificates_revoke_reason CHECK (revoked_at IS NULL OR length(trim(revoke_reason)) >= 3);
ALTER TABLE volunteer_certificates DROP CONSTRAINT volunteer_certificates_office_id_application_id_key;
CREATE UNIQUE INDEX volunteer_certificates_live_key ON volunteer_certificates (office_id, application_id) WHERE revoked_at IS NULL;
