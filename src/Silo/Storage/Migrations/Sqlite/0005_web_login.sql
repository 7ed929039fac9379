-- Discord login: the profile Discord last showed us, and when the user row last changed.
ALTER TABLE users ADD COLUMN discord_username TEXT NULL;
ALTER TABLE users ADD COLUMN discord_avatar TEXT NULL;
ALTER TABLE users ADD COLUMN updated_at TEXT NULL;

-- Web sessions, server-side, so log-out ends them on every silo. The cookie carries a random key; only its
-- SHA-256 is kept here, with the sign-in ticket protected by Data Protection.
CREATE TABLE web_sessions (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key_hash    BLOB NOT NULL UNIQUE,
    ticket      BLOB NOT NULL,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL
);
CREATE INDEX web_sessions_user ON web_sessions (user_id);
CREATE INDEX web_sessions_expiry ON web_sessions (expires_at);
