-- News (issue #13, point 1): an office's posts, written by its staff, read by anyone once
-- published. Same rule as before: office_id in the primary key and in every foreign key.
--
-- status 'draft' is seen by staff only; 'published' is public from publish_at on (a future
-- publish_at is a scheduled post: every public query filters publish_at <= now(), so no job
-- is needed to publish it). body is the text as typed (Markdown, either script); body_html is
-- that text rendered and sanitised on the server when it was saved (src/features/news/rich-text.ts).
CREATE TABLE news_posts (
  office_id     uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  id            uuid NOT NULL DEFAULT gen_random_uuid(),
  status        text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
  title         text NOT NULL CHECK (length(title) BETWEEN 3 AND 200),
  summary       text NOT NULL DEFAULT '' CHECK (length(summary) <= 300),
  body          text NOT NULL DEFAULT '' CHECK (length(body) <= 20000),
  body_html     text NOT NULL DEFAULT '',
  category      text NOT NULL CHECK (category IN ('announcement', 'report', 'call', 'story', 'tips')),
  -- LAP area codes (src/core/domain.ts).
  areas         text[] NOT NULL DEFAULT '{}',
  publish_at    timestamptz,
  image_file_id uuid,
  image_alt     text NOT NULL DEFAULT '' CHECK (length(image_alt) <= 300),
  -- The image's size in pixels (for og:image:width/height), when its header tells it.
  image_width   integer CHECK (image_width > 0),
  image_height  integer CHECK (image_height > 0),
  created_by    uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, id),
  FOREIGN KEY (office_id, image_file_id) REFERENCES files (office_id, id),
  CHECK (status = 'draft' OR publish_at IS NOT NULL),
  CHECK (image_file_id IS NULL OR length(image_alt) > 0)
);
-- The office's public list and feed (newest first), and the national feed.
CREATE INDEX news_posts_office_idx ON news_posts (office_id, publish_at DESC) WHERE status = 'published';
CREATE INDEX news_posts_published_idx ON news_posts (publish_at DESC) WHERE status = 'published';
