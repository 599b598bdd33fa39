-- Teams, channels, memberships, sidebar categories (owner: teams/channels). Column names follow the
-- JSON keys of server/public/model/{team,team_member,channel,channel_member,channel_category}.go.
-- Every column has a default so that tools (bench/, sample data) can COPY partial rows.
CREATE TABLE teams (
    id                    varchar(26)  PRIMARY KEY,
    create_at             bigint       NOT NULL DEFAULT 0,
    update_at             bigint       NOT NULL DEFAULT 0,
    delete_at             bigint       NOT NULL DEFAULT 0,
    display_name          varchar(256) NOT NULL DEFAULT '',
    name                  varchar(64)  NOT NULL,
    description           varchar(255) NOT NULL DEFAULT '',
    email                 varchar(128) NOT NULL DEFAULT '',
    type                  varchar(1)   NOT NULL DEFAULT 'O' CHECK (type IN ('O', 'I')),
    company_name          varchar(64)  NOT NULL DEFAULT '',
    allowed_domains       varchar(1000) NOT NULL DEFAULT '',
    invite_id             varchar(32)  NOT NULL DEFAULT '',
    allow_open_invite     boolean      NOT NULL DEFAULT false,
    last_team_icon_update bigint       NOT NULL DEFAULT 0,
    scheme_id             varchar(26),
    group_constrained     boolean,
    cloud_limits_archived boolean      NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX teams_name_idx ON teams (name);
CREATE INDEX teams_invite_id_idx ON teams (invite_id);
CREATE INDEX teams_update_at_idx ON teams (update_at);

CREATE TABLE team_members (
    team_id      varchar(26)  NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    user_id      varchar(26)  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    roles        varchar(256) NOT NULL DEFAULT '', -- explicit (non-scheme) roles, as Mattermost stores them
    delete_at    bigint       NOT NULL DEFAULT 0,  -- left / removed (the row is kept)
    scheme_user  boolean      NOT NULL DEFAULT true,
    scheme_admin boolean      NOT NULL DEFAULT false,
    scheme_guest boolean      NOT NULL DEFAULT false,
    create_at    bigint       NOT NULL DEFAULT 0,
    PRIMARY KEY (team_id, user_id)
);
CREATE INDEX team_members_user_id_idx ON team_members (user_id);

-- team_id is '' for direct ('D') and group ('G') channels.
CREATE TABLE channels (
    id                   varchar(26)  PRIMARY KEY,
    create_at            bigint       NOT NULL DEFAULT 0,
    update_at            bigint       NOT NULL DEFAULT 0,
    delete_at            bigint       NOT NULL DEFAULT 0,
    team_id              varchar(26)  NOT NULL DEFAULT '',
    type                 varchar(1)   NOT NULL DEFAULT 'O' CHECK (type IN ('O', 'P', 'D', 'G')),
    display_name         varchar(256) NOT NULL DEFAULT '',
    name                 varchar(64)  NOT NULL,
    header               varchar(1024) NOT NULL DEFAULT '',
    purpose              varchar(250) NOT NULL DEFAULT '',
    last_post_at         bigint       NOT NULL DEFAULT 0,
    total_msg_count      bigint       NOT NULL DEFAULT 0,
    extra_update_at      bigint       NOT NULL DEFAULT 0,
    creator_id           varchar(26)  NOT NULL DEFAULT '',
    scheme_id            varchar(26),
    props                jsonb,
    group_constrained    boolean,
    shared               boolean,
    total_msg_count_root bigint       NOT NULL DEFAULT 0,
    last_root_post_at    bigint       NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX channels_team_name_idx ON channels (team_id, name);
CREATE INDEX channels_team_id_idx ON channels (team_id, type, delete_at);
CREATE INDEX channels_update_at_idx ON channels (update_at);
CREATE INDEX channels_display_name_idx ON channels (team_id, lower(display_name));

CREATE TABLE channel_members (
    channel_id           varchar(26)  NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    user_id              varchar(26)  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    roles                varchar(256) NOT NULL DEFAULT '', -- explicit roles
    last_viewed_at       bigint       NOT NULL DEFAULT 0,
    msg_count            bigint       NOT NULL DEFAULT 0,
    mention_count        bigint       NOT NULL DEFAULT 0,
    mention_count_root   bigint       NOT NULL DEFAULT 0,
    urgent_mention_count bigint       NOT NULL DEFAULT 0,
    msg_count_root       bigint       NOT NULL DEFAULT 0,
    notify_props         jsonb        NOT NULL DEFAULT
        '{"desktop":"default","email":"default","ignore_channel_mentions":"default","mark_unread":"all","push":"default","channel_auto_follow_threads":"off"}',
    last_update_at       bigint       NOT NULL DEFAULT 0,
    scheme_user          boolean      NOT NULL DEFAULT true,
    scheme_admin         boolean      NOT NULL DEFAULT false,
    scheme_guest         boolean      NOT NULL DEFAULT false,
    PRIMARY KEY (channel_id, user_id)
);
CREATE INDEX channel_members_user_id_idx ON channel_members (user_id);

-- Who was in a channel when (Mattermost's ChannelMemberHistory; the posts issue reads it).
CREATE TABLE channel_member_history (
    channel_id varchar(26) NOT NULL,
    user_id    varchar(26) NOT NULL,
    join_time  bigint      NOT NULL,
    leave_time bigint,
    PRIMARY KEY (channel_id, user_id, join_time)
);

-- System messages recorded by membership and channel changes (join, leave, add, remove, header,
-- purpose, display name, archive, ...) until the posts issue turns them into posts (posted_at set).
CREATE TABLE channel_system_events (
    id         varchar(26) PRIMARY KEY,
    channel_id varchar(26) NOT NULL,
    user_id    varchar(26) NOT NULL DEFAULT '', -- the actor (Post.user_id of the system post)
    type       varchar(64) NOT NULL,            -- Mattermost post type, e.g. system_join_channel
    message    text        NOT NULL DEFAULT '',
    props      jsonb       NOT NULL DEFAULT '{}',
    root_id    varchar(26) NOT NULL DEFAULT '',
    create_at  bigint      NOT NULL,
    posted_at  bigint      NOT NULL DEFAULT 0
);
CREATE INDEX channel_system_events_pending_idx ON channel_system_events (create_at) WHERE posted_at = 0;

-- Sidebar categories (T10): ids "<type>_<user_id>_<team_id>" for the defaults, else a new id.
CREATE TABLE sidebar_categories (
    id           varchar(128) PRIMARY KEY,
    user_id      varchar(26)  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    team_id      varchar(26)  NOT NULL,
    sort_order   bigint       NOT NULL DEFAULT 0,
    sorting      varchar(64)  NOT NULL DEFAULT '',
    type         varchar(64)  NOT NULL,
    display_name varchar(64)  NOT NULL DEFAULT '',
    muted        boolean      NOT NULL DEFAULT false,
    collapsed    boolean      NOT NULL DEFAULT false
);
CREATE INDEX sidebar_categories_user_team_idx ON sidebar_categories (user_id, team_id);

CREATE TABLE sidebar_channels (
    channel_id  varchar(26)  NOT NULL,
    user_id     varchar(26)  NOT NULL,
    category_id varchar(128) NOT NULL REFERENCES sidebar_categories (id) ON DELETE CASCADE,
    sort_order  bigint       NOT NULL DEFAULT 0,
    PRIMARY KEY (channel_id, user_id, category_id)
);
CREATE INDEX sidebar_channels_category_idx ON sidebar_channels (category_id, sort_order);
CREATE INDEX sidebar_channels_user_idx ON sidebar_channels (user_id, channel_id);
