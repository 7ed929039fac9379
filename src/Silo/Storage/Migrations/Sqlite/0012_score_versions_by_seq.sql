-- The versions written between two snapshots (the diff's scan, ScoreRepository.ChangesBetweenAsync) by sequence
-- number: the unique (user_id, region, chart_id, snapshot_seq) index puts chart_id first, so a seq range walked every
-- version of the user's; this one reads only the versions in the range. chart_id rides along for an index-only scan.
CREATE INDEX user_scores_by_seq ON user_scores (user_id, region, snapshot_seq, chart_id);
