-- Indexes that the prepared statements' generic plans can use: a partial index (WHERE delete_at = 0,
-- WHERE root_id <> '') is only chosen when the planner can prove its predicate from the query, and a
-- parameter such as ($5::boolean OR delete_at = 0) or root_id = $1 proves nothing. Without them, after
-- five executions a channel's page or a thread became a scan of the channel or of every reply.
DROP INDEX IF EXISTS posts_channel_create_idx;
CREATE INDEX posts_channel_create_idx ON posts (channel_id, create_at DESC, id DESC);
DROP INDEX IF EXISTS posts_root_idx;
CREATE INDEX posts_root_idx ON posts (root_id, create_at);
