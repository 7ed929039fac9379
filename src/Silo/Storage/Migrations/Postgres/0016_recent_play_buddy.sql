-- A play on an utage Buddy (two-player) chart, as its record entry's utage badge shows (music_utage_buddy.png).
ALTER TABLE detailed_scores ADD COLUMN is_buddy BOOLEAN NOT NULL DEFAULT FALSE;
