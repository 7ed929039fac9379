-- Sharing: a player's public username and which parts of their profile anyone may read at /u/<username>.
-- Every switch is off until the player turns it on (private by default); no row at all means the same.
-- Usernames are stored lowercased; the unique index on LOWER() is the last line of defence for "one name,
-- one player, whatever the case", so two players racing for one name cannot both win.
CREATE TABLE user_sharing (
    user_id             INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    username            TEXT NULL,
    share_profile       INTEGER NOT NULL DEFAULT 0,
    share_scores        INTEGER NOT NULL DEFAULT 0,
    share_recent_plays  INTEGER NOT NULL DEFAULT 0,
    share_play_counts   INTEGER NOT NULL DEFAULT 0,
    updated_at          TEXT NOT NULL
);

CREATE UNIQUE INDEX user_sharing_username ON user_sharing (LOWER(username)) WHERE username IS NOT NULL;
