-- A booking request may serve a youth initiative (issue #14): the link 0012 left without its
-- foreign key, since initiatives (0011) and bookings were built side by side. Deleting an
-- initiative (a draft) keeps the request and drops only the link.
ALTER TABLE booking_requests
  ADD CONSTRAINT booking_requests_initiative_fkey FOREIGN KEY (office_id, initiative_id)
  REFERENCES initiatives (office_id, id) ON DELETE SET NULL (initiative_id);
