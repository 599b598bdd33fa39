-- Bots (owner: accounts): one row per bot, user_id is the backing users row (is_bot = true).
CREATE TABLE bots (
    user_id          varchar(26)   PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    description      varchar(4096) NOT NULL DEFAULT '',
    owner_id         varchar(190)  NOT NULL,
    last_icon_update bigint        NOT NULL DEFAULT 0,
    create_at        bigint        NOT NULL,
    update_at        bigint        NOT NULL,
    delete_at        bigint        NOT NULL DEFAULT 0
);

CREATE INDEX bots_owner_id_idx ON bots (owner_id);
