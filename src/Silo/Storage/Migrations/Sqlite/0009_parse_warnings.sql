-- A fetch keeps the entries it could not read instead of failing: each is one parse_warnings row holding the
-- entry's markup with every token and session value removed, so a newer plugin can read it again.
-- warning_count is how many a fetch kept; pages_requested is what it asked the site for, by stage
-- ("PlayerData=1;Scores=6;Record=1"), so a player can see how polite a fetch was.
ALTER TABLE fetch_sessions ADD COLUMN warning_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE fetch_sessions ADD COLUMN pages_requested TEXT NULL;

CREATE TABLE parse_warnings (
    id              INTEGER PRIMARY KEY,
    fetch_id        INTEGER NOT NULL REFERENCES fetch_sessions (id) ON DELETE CASCADE,
    user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    region          INTEGER NOT NULL,
    page_kind       TEXT NOT NULL,
    plugin_version  TEXT NOT NULL,
    fragment        TEXT NOT NULL,
    reason          TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    -- Set once a plugin read the fragment: which build did, and when.
    reparsed_by     TEXT NULL,
    reparsed_at     TEXT NULL
);

CREATE INDEX parse_warnings_by_fetch ON parse_warnings (fetch_id);
CREATE INDEX parse_warnings_open ON parse_warnings (region, id) WHERE reparsed_at IS NULL;
