-- Posts, threads and reactions (owner: posts). Column names follow the JSON keys of
-- server/public/model/{post,thread,reaction}.go. Every column has a default so that tools (bench/,
-- sample data) can COPY partial rows.
CREATE TABLE posts (
    id                       varchar(26)  PRIMARY KEY,
    create_at                bigint       NOT NULL DEFAULT 0,
    update_at                bigint       NOT NULL DEFAULT 0,
    edit_at                  bigint       NOT NULL DEFAULT 0,
    delete_at                bigint       NOT NULL DEFAULT 0,
    is_pinned                boolean      NOT NULL DEFAULT false,
    user_id                  varchar(26)  NOT NULL DEFAULT '',
    channel_id               varchar(26)  NOT NULL,
    root_id                  varchar(26)  NOT NULL DEFAULT '',
    original_id              varchar(26)  NOT NULL DEFAULT '', -- an edit history row: the post it was
    message                  text         NOT NULL DEFAULT '',
    type                     varchar(26)  NOT NULL DEFAULT '',
    props                    jsonb        NOT NULL DEFAULT '{}',
    hashtags                 varchar(1000) NOT NULL DEFAULT '',
    file_ids                 jsonb        NOT NULL DEFAULT '[]',
    has_reactions            boolean      NOT NULL DEFAULT false,
    remote_id                varchar(26),
    -- the client's id of a post being sent: a retry with the same id answers the first post
    pending_post_id          varchar(100) NOT NULL DEFAULT '',
    -- metadata.priority (PostPriority), NULL when the post has none
    priority                 varchar(32),
    requested_ack            boolean,
    persistent_notifications boolean
);
CREATE INDEX posts_channel_create_idx ON posts (channel_id, create_at DESC, id DESC) WHERE delete_at = 0;
CREATE INDEX posts_channel_update_idx ON posts (channel_id, update_at);
CREATE INDEX posts_root_idx ON posts (root_id, create_at) WHERE root_id <> '';
CREATE INDEX posts_original_idx ON posts (original_id) WHERE original_id <> '';
CREATE INDEX posts_pinned_idx ON posts (channel_id, create_at DESC) WHERE is_pinned AND delete_at = 0;
CREATE UNIQUE INDEX posts_pending_idx ON posts (user_id, pending_post_id) WHERE pending_post_id <> '';

-- One row per thread (a root post with replies or followers): Mattermost's Threads table.
CREATE TABLE threads (
    post_id          varchar(26) PRIMARY KEY,
    channel_id       varchar(26) NOT NULL,
    team_id          varchar(26) NOT NULL DEFAULT '',
    reply_count      bigint      NOT NULL DEFAULT 0,
    last_reply_at    bigint      NOT NULL DEFAULT 0,
    participants     jsonb       NOT NULL DEFAULT '[]', -- user ids, oldest first
    thread_delete_at bigint      NOT NULL DEFAULT 0
);
CREATE INDEX threads_channel_idx ON threads (channel_id, last_reply_at);

CREATE TABLE thread_memberships (
    post_id         varchar(26) NOT NULL,
    user_id         varchar(26) NOT NULL,
    following       boolean     NOT NULL DEFAULT true,
    last_viewed     bigint      NOT NULL DEFAULT 0,
    last_updated    bigint      NOT NULL DEFAULT 0,
    unread_mentions bigint      NOT NULL DEFAULT 0,
    PRIMARY KEY (post_id, user_id)
);
CREATE INDEX thread_memberships_user_idx ON thread_memberships (user_id, last_updated);

CREATE TABLE reactions (
    user_id    varchar(26) NOT NULL,
    post_id    varchar(26) NOT NULL,
    emoji_name varchar(64) NOT NULL,
    create_at  bigint      NOT NULL DEFAULT 0,
    update_at  bigint      NOT NULL DEFAULT 0,
    delete_at  bigint      NOT NULL DEFAULT 0,
    remote_id  varchar(26),
    channel_id varchar(26) NOT NULL DEFAULT '',
    PRIMARY KEY (post_id, user_id, emoji_name)
);

-- The system messages the teams/channels work recorded before posts existed become posts, with the
-- channel counts they move (join/leave types move last_post_at only, as Mattermost's SaveMultiple).
INSERT INTO posts (id, create_at, update_at, user_id, channel_id, root_id, message, type, props)
SELECT id, create_at, create_at, user_id, channel_id, root_id, message, type, props
FROM channel_system_events WHERE posted_at = 0 AND user_id <> '';
UPDATE channels c SET last_post_at = greatest(c.last_post_at, e.last_at),
    last_root_post_at = greatest(c.last_root_post_at, e.last_at),
    total_msg_count = c.total_msg_count + e.counted, total_msg_count_root = c.total_msg_count_root + e.counted
FROM (SELECT channel_id, max(create_at) AS last_at,
             count(*) FILTER (WHERE type NOT IN ('system_join_leave', 'system_add_remove', 'system_join_channel',
                 'system_leave_channel', 'system_join_team', 'system_leave_team', 'system_add_to_channel',
                 'system_remove_from_channel', 'system_add_to_team', 'system_remove_from_team')) AS counted
      FROM channel_system_events WHERE posted_at = 0 AND user_id <> '' GROUP BY channel_id) e
WHERE c.id = e.channel_id;
DROP TABLE channel_system_events;
