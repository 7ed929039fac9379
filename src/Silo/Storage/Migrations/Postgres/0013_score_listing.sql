-- ListScores pages in the database when a snapshot's scores are not cached (ScorePageQuery): per chart, the newest
-- version at or before the snapshot is the first entry of its chart in this order, and the score columns are in the
-- index, so the score set is read in one pass (DISTINCT ON over an index-only scan) without visiting the table.
CREATE INDEX user_scores_latest ON user_scores (user_id, region, chart_id, snapshot_seq DESC)
    INCLUDE (achievement, dx_score, combo_lamp, sync_lamp, play_count, last_played_at);
