-- Initial schema (SQLite: times are UTC ISO-8601 text, dates yyyy-MM-dd text, booleans 0/1). Regions: 1 intl, 2 jp. Levels are x10, achievements x10000.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    discord_id    TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    is_admin      INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL
);

-- The maimai DX NET token and the current session cookies, both encrypted by Data Protection.
CREATE TABLE user_tokens (
    user_id                    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    region                     SMALLINT NOT NULL,
    token_encrypted            BLOB NOT NULL,
    session_cookies_encrypted  BLOB NULL,
    set_at                     TEXT NOT NULL,
    last_used_at               TEXT NULL,
    last_error                 TEXT NULL,
    PRIMARY KEY (user_id, region)
);

CREATE TABLE fetch_sessions (
    id             INTEGER PRIMARY KEY,
    user_id        BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    region         SMALLINT NOT NULL,
    state          TEXT NOT NULL CHECK (state IN ('pending', 'running', 'completed', 'failed')),
    stage          TEXT NULL,
    pages_done     INTEGER NOT NULL DEFAULT 0,
    pages_total    INTEGER NULL,
    created_at     TEXT NOT NULL,
    started_at     TEXT NULL,
    finished_at    TEXT NULL,
    heartbeat_at   TEXT NULL,
    node_id        TEXT NULL,
    snapshot_id    BIGINT NULL,
    error_code     TEXT NULL,
    error_message  TEXT NULL
);

-- At most one pending-or-running fetch per user and region, across every node.
CREATE UNIQUE INDEX fetch_sessions_one_active ON fetch_sessions (user_id, region)
    WHERE state IN ('pending', 'running');
CREATE INDEX fetch_sessions_by_user ON fetch_sessions (user_id, region, created_at);

-- seq is 1, 2, 3... per user and region: score versions are ordered by it.
CREATE TABLE user_snapshots (
    id                  INTEGER PRIMARY KEY,
    user_id             BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    region              SMALLINT NOT NULL,
    seq                 INTEGER NOT NULL,
    taken_at            TEXT NOT NULL,
    fetch_id            BIGINT NULL REFERENCES fetch_sessions (id),
    player_name         TEXT NOT NULL,
    title               TEXT NULL,
    trophy_color        TEXT NULL,
    icon                TEXT NULL,
    site_rating         INTEGER NULL,
    computed_rating     INTEGER NULL,
    rating_color        TEXT NULL,
    class_rank          SMALLINT NULL,
    course_rank         SMALLINT NULL,
    stars               INTEGER NULL,
    play_count_version  INTEGER NULL,
    play_count_total    INTEGER NULL,
    lamp_counts         TEXT NULL,
    UNIQUE (user_id, region, seq)
);

CREATE TABLE songs (
    id                 INTEGER PRIMARY KEY,
    song_key           TEXT NOT NULL UNIQUE,
    title              TEXT NOT NULL,
    artist             TEXT NOT NULL,
    genre              TEXT NOT NULL,
    version_code       INTEGER NOT NULL,
    release_date       TEXT NULL,
    image_file         TEXT NOT NULL,
    bpm                TEXT NULL,
    utage_kanji        TEXT NULL,
    utage_comment      TEXT NULL,
    is_buddy           INTEGER NOT NULL DEFAULT 0,
    is_intl            INTEGER NOT NULL DEFAULT 0,
    intl_added_date    TEXT NULL,
    intl_version_code  INTEGER NULL,
    discovered         INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX songs_by_title ON songs (title);

CREATE TABLE charts (
    id                        INTEGER PRIMARY KEY,
    song_id                   INTEGER NOT NULL REFERENCES songs (id) ON DELETE CASCADE,
    chart_type                SMALLINT NOT NULL CHECK (chart_type IN (1, 2)),
    difficulty                SMALLINT NOT NULL CHECK (difficulty IN (0, 1, 2, 3, 4, 10)),
    level_x10                 INTEGER NOT NULL,
    internal_level_x10        INTEGER NULL,
    intl_level_x10            INTEGER NULL,
    intl_internal_level_x10   INTEGER NULL,
    notes_total               INTEGER NULL,
    notes_tap                 INTEGER NULL,
    notes_hold                INTEGER NULL,
    notes_slide               INTEGER NULL,
    notes_touch               INTEGER NULL,
    notes_break               INTEGER NULL,
    designer                  TEXT NULL,
    discovered                INTEGER NOT NULL DEFAULT 0,
    UNIQUE (song_id, chart_type, difficulty)
);

-- Versioned scores: a row is written only when the chart's score changed since the previous snapshot.
CREATE TABLE user_scores (
    id              INTEGER PRIMARY KEY,
    user_id         BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    region          SMALLINT NOT NULL,
    chart_id        INTEGER NOT NULL REFERENCES charts (id),
    snapshot_seq    INTEGER NOT NULL,
    snapshot_id     BIGINT NOT NULL REFERENCES user_snapshots (id) ON DELETE CASCADE,
    achievement     INTEGER NOT NULL,
    dx_score        INTEGER NOT NULL,
    combo_lamp      SMALLINT NOT NULL,
    sync_lamp       SMALLINT NOT NULL,
    play_count      INTEGER NULL,
    last_played_at  TEXT NULL,
    UNIQUE (user_id, region, chart_id, snapshot_seq)
);
CREATE INDEX user_scores_by_snapshot ON user_scores (snapshot_id);

-- Recent plays, keyed by play time (the playlogDetail idx, unix seconds) and track.
CREATE TABLE detailed_scores (
    id                INTEGER PRIMARY KEY,
    user_id           BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    region            SMALLINT NOT NULL,
    played_at         BIGINT NOT NULL,
    track             SMALLINT NOT NULL,
    chart_id          INTEGER NULL REFERENCES charts (id),
    title             TEXT NOT NULL,
    chart_type        SMALLINT NOT NULL,
    difficulty        SMALLINT NOT NULL,
    achievement       INTEGER NOT NULL,
    dx_score          INTEGER NOT NULL,
    dx_score_max      INTEGER NULL,
    combo_lamp        SMALLINT NOT NULL,
    sync_lamp         SMALLINT NOT NULL,
    fast              INTEGER NULL,
    late              INTEGER NULL,
    venue             TEXT NULL,
    judgements        TEXT NULL,
    max_combo         INTEGER NULL,
    max_combo_total   INTEGER NULL,
    max_sync          INTEGER NULL,
    max_sync_total    INTEGER NULL,
    rating_change     INTEGER NULL,
    created_at        TEXT NOT NULL,
    UNIQUE (user_id, region, played_at, track)
);

CREATE TABLE api_tokens (
    id            INTEGER PRIMARY KEY,
    user_id       BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    token_hash    BLOB NOT NULL UNIQUE,
    prefix        TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    last_used_at  TEXT NULL,
    revoked_at    TEXT NULL
);
CREATE INDEX api_tokens_by_user ON api_tokens (user_id);

-- The UserRegion grain's persisted state; version is checked on every write (optimistic concurrency).
CREATE TABLE user_region_state (
    user_id                BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    region                 SMALLINT NOT NULL,
    next_fetch_allowed_at  TEXT NULL,
    version                INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, region)
);

CREATE TABLE admin_audit (
    id             INTEGER PRIMARY KEY,
    actor_user_id  BIGINT NULL REFERENCES users (id) ON DELETE SET NULL,
    at             TEXT NOT NULL,
    entity         TEXT NOT NULL,
    entity_id      TEXT NOT NULL,
    before_json    TEXT NULL,
    after_json     TEXT NULL
);
CREATE INDEX admin_audit_by_entity ON admin_audit (entity, entity_id);
