-- A counter per user and region, moved in the transaction of every detail page that fills in play counts. A
-- cached score set remembers the counter it was read at, so every silo's cache sees a filled-in play count at
-- its next read, not when its copy expires.
CREATE TABLE score_set_revisions (
    user_id   BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    region    SMALLINT NOT NULL,
    revision  BIGINT NOT NULL,
    PRIMARY KEY (user_id, region)
);
