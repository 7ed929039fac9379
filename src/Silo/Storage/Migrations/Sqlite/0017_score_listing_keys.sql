-- ListScores pages in index order (ScorePageQuery): each score version carries its chart's listing key, copied from
-- charts and songs (ScoreListingKeys keeps it right when a snapshot is written or removed, a song or chart is edited
-- or imported, or charts are merged), and the seq of the version that superseded it, so snapshot seq s's score set
-- is the range snapshot_seq <= s < superseded_seq, checked while walking the listing index. A cold page is then one
-- range of user_scores_listing, about page-size entries, instead of the user's whole score set re-derived and sorted.
--   sort_level      the region's level x10, negated: ascending order is ListScores' level-descending order, so one
--                   row-value comparison (all columns ascending) is the keyset bound and an index range;
--   sort_title      the song's title, ordered by code point (BINARY);
--   superseded_seq  the next version's seq for the same chart, or 2147483647 while it is the newest.
-- The keys are NULL only between a version's insert and ScoreListingKeys' fill in the same transaction.
ALTER TABLE user_scores ADD COLUMN superseded_seq INTEGER NOT NULL DEFAULT 2147483647;
ALTER TABLE user_scores ADD COLUMN sort_level INTEGER NULL;
ALTER TABLE user_scores ADD COLUMN sort_title TEXT NULL;
ALTER TABLE user_scores ADD COLUMN sort_chart_type INTEGER NULL;
ALTER TABLE user_scores ADD COLUMN sort_difficulty INTEGER NULL;

UPDATE user_scores
SET superseded_seq = COALESCE((SELECT MIN(n.snapshot_seq) FROM user_scores n
                               WHERE n.user_id = user_scores.user_id AND n.region = user_scores.region
                                 AND n.chart_id = user_scores.chart_id AND n.snapshot_seq > user_scores.snapshot_seq), 2147483647);

UPDATE user_scores
SET sort_level = -(CASE WHEN user_scores.region = 1 THEN COALESCE(c.intl_level_x10, c.level_x10) ELSE c.level_x10 END),
    sort_title = g.title, sort_chart_type = c.chart_type, sort_difficulty = c.difficulty
FROM charts c JOIN songs g ON g.id = c.song_id
WHERE c.id = user_scores.chart_id;

-- SQLite has no INCLUDE: the score columns follow the key, so a page never visits the table.
CREATE INDEX user_scores_listing ON user_scores
    (user_id, region, sort_level, sort_title, sort_chart_type, sort_difficulty, chart_id, snapshot_seq,
     superseded_seq, achievement, dx_score, combo_lamp, sync_lamp, play_count, last_played_at, site_level_x10);
