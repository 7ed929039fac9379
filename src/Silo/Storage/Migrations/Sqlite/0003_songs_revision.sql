-- A counter every committed change to songs or charts moves (import, a fetch's discoveries, admin edits), so the
-- in-memory songs database of any process or node can tell it is stale with one single-row read.
CREATE TABLE songs_revision (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    revision  BIGINT NOT NULL
);
INSERT INTO songs_revision (id, revision) VALUES (1, 0);
