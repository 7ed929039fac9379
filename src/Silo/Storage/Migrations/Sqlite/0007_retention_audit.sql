-- Deletions are audited: what was done (action) and by whom when no user did it (actor: 'user', 'admin', 'cli',
-- 'retention'). The target is text (entity, entity_id) with no foreign key, so an entry outlives the user it names;
-- actor_user_id already falls to NULL when the actor's own account goes.
ALTER TABLE admin_audit ADD COLUMN action TEXT NOT NULL DEFAULT 'edit';
ALTER TABLE admin_audit ADD COLUMN actor TEXT NOT NULL DEFAULT 'admin';
