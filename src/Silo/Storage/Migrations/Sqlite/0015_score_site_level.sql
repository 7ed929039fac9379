-- The level DX NET displayed beside the score on the score list (x10, "13+" is 137) when the version was read, so the
-- rating can name charts whose song-list level may have changed. NULL for versions stored before this column.
ALTER TABLE user_scores ADD COLUMN site_level_x10 INTEGER NULL;
