-- The record page's badges for a play: the NEW RECORD mark, the DX stars and the place in a multiplayer match.
ALTER TABLE detailed_scores ADD COLUMN is_new_record BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE detailed_scores ADD COLUMN dx_stars SMALLINT NOT NULL DEFAULT 0;
ALTER TABLE detailed_scores ADD COLUMN matching_rank SMALLINT NULL;
