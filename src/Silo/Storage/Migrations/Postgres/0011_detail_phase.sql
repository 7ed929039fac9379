-- Snapshot first, detail after: a fetch stores its snapshot once the profile, score lists and record are read
-- (snapshot_at), then reads playlogDetail and musicDetail pages one by one, each committed with the removal of
-- its queue row. The queue is in the database so a restart, a dead silo or a newer fetch resumes it on any silo
-- and no page is read twice for the same change. detail_done/detail_total are the detail phase's progress;
-- snapshot_expected_at/detail_expected_at the pipeline's estimates of when each phase ends.
ALTER TABLE fetch_sessions ADD COLUMN snapshot_at TIMESTAMPTZ NULL;
ALTER TABLE fetch_sessions ADD COLUMN detail_done INTEGER NOT NULL DEFAULT 0;
ALTER TABLE fetch_sessions ADD COLUMN detail_total INTEGER NOT NULL DEFAULT 0;
ALTER TABLE fetch_sessions ADD COLUMN snapshot_expected_at TIMESTAMPTZ NULL;
ALTER TABLE fetch_sessions ADD COLUMN detail_expected_at TIMESTAMPTZ NULL;

-- A play stored from the record whose playlogDetail page is not read yet: its judgements, fast/late, max combo
-- and venue are pending (null), not zero.
ALTER TABLE detailed_scores ADD COLUMN detail_pending BOOLEAN NOT NULL DEFAULT FALSE;

-- Plays whose playlogDetail page is still to read. The idx is the newest record's (its position moves as the
-- player plays); shown_at, title, type and difficulty check that the page shows this play.
CREATE TABLE pending_play_details (
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    region       SMALLINT NOT NULL,
    played_at    BIGINT NOT NULL,
    track        SMALLINT NOT NULL,
    playlog_idx  TEXT NOT NULL,
    shown_at     BIGINT NOT NULL,
    title        TEXT NOT NULL,
    chart_type   SMALLINT NOT NULL,
    difficulty   SMALLINT NOT NULL,
    queued_by    BIGINT NOT NULL,
    PRIMARY KEY (user_id, region, played_at, track)
);

-- Charts whose best changed and whose musicDetail page (play count, last played) is still to read; one page
-- serves every queued chart with the same music_idx.
CREATE TABLE pending_chart_details (
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    region       SMALLINT NOT NULL,
    chart_id     INTEGER NOT NULL REFERENCES charts (id) ON DELETE CASCADE,
    music_idx    TEXT NOT NULL,
    chart_type   SMALLINT NOT NULL,
    difficulty   SMALLINT NOT NULL,
    queued_by    BIGINT NOT NULL,
    PRIMARY KEY (user_id, region, chart_id)
);
