-- Small files sent with a mail (issue #5: the check-in QR code travels with the confirmation).
-- [{ "filename": "prijava.png", "contentType": "image/png", "base64": "…" }]; kept only until
-- the mail is sent (the worker empties the list when the server has the mail).
ALTER TABLE outbox ADD COLUMN attachments jsonb NOT NULL DEFAULT '[]';
