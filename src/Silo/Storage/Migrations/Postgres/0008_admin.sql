-- Optimistic concurrency for the admin pages: every write to a song or chart (an admin edit or an import) moves its
-- row_version, and an admin's save names the version it was shown, so two admins never overwrite each other unseen.
ALTER TABLE songs ADD COLUMN row_version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE charts ADD COLUMN row_version BIGINT NOT NULL DEFAULT 1;
