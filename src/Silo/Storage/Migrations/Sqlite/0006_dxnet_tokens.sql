-- The Data Protection key ring, shared by every silo: one row per element Data Protection stores (a key, or a
-- revocation), as the XML it wrote. Rows are never updated; Data Protection itself decides which key is current.
CREATE TABLE data_protection_keys (
    id             INTEGER PRIMARY KEY,
    friendly_name  TEXT NOT NULL,
    xml            TEXT NOT NULL,
    created_at     TEXT NOT NULL
);

-- When the site last accepted the token (the check on save, or a fetch), and when it last refused it.
ALTER TABLE user_tokens ADD COLUMN valid_at TEXT NULL;
ALTER TABLE user_tokens ADD COLUMN last_error_at TEXT NULL;
