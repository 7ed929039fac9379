-- ListScores pages in the database when a snapshot's scores are not cached (ScorePageQuery): per chart, the newest
-- version at or before the snapshot, read in chart order from this covering index without visiting the table
-- (SQLite has no INCLUDE: the score columns follow the key).
CREATE INDEX user_scores_latest ON user_scores (user_id, region, chart_id, snapshot_seq DESC,
    achievement, dx_score, combo_lamp, sync_lamp, play_count, last_played_at);
