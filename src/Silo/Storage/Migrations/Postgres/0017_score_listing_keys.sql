-- ListScores pages in index order (ScorePageQuery): each score version carries its chart's listing key, copied from
-- charts and songs (ScoreListingKeys keeps it right when a snapshot is written or removed, a song or chart is edited
-- or imported, or charts are merged), and the seq of the version that superseded it, so snapshot seq s's score set
-- is the range snapshot_seq <= s < superseded_seq, checked while walking the listing index. A cold page is then one
-- range of user_scores_listing, about page-size entries, instead of the user's whole score set re-derived and sorted.
--   sort_level      the region's level x10, negated: ascending order is ListScores' level-descending order, so one
--                   row comparison (all columns ascending) is the keyset bound and an index range condition;
--   sort_title      the song's title, ordered by code point ("C");
--   superseded_seq  the next version's seq for the same chart, or 2147483647 while it is the newest.
-- The keys are NULL only between a version's insert and ScoreListingKeys' fill in the same transaction.
ALTER TABLE user_scores
    ADD COLUMN superseded_seq INTEGER NOT NULL DEFAULT 2147483647,
    ADD COLUMN sort_level INTEGER NULL,
    ADD COLUMN sort_title TEXT COLLATE "C" NULL,
    ADD COLUMN sort_chart_type SMALLINT NULL,
    ADD COLUMN sort_difficulty SMALLINT NULL;

UPDATE user_scores s
SET superseded_seq = COALESCE(k.next_seq, 2147483647), sort_level = k.sort_level, sort_title = k.title,
    sort_chart_type = k.chart_type, sort_difficulty = k.difficulty
FROM (SELECT u.id,
             LEAD(u.snapshot_seq) OVER (PARTITION BY u.user_id, u.region, u.chart_id ORDER BY u.snapshot_seq) AS next_seq,
             -(CASE WHEN u.region = 1 THEN COALESCE(c.intl_level_x10, c.level_x10) ELSE c.level_x10 END) AS sort_level,
             g.title, c.chart_type, c.difficulty
      FROM user_scores u JOIN charts c ON c.id = u.chart_id JOIN songs g ON g.id = c.song_id) k
WHERE k.id = s.id;

CREATE INDEX user_scores_listing ON user_scores
    (user_id, region, sort_level, sort_title, sort_chart_type, sort_difficulty, chart_id, snapshot_seq)
    INCLUDE (superseded_seq, achievement, dx_score, combo_lamp, sync_lamp, play_count, last_played_at, site_level_x10);
