-- Users (owner: accounts). Column names follow the User JSON keys (server/public/model/user.go).
-- password holds a self-describing hash: "$pbkdf2$f=SHA256,w=<iterations>,l=32$<salt>$<key>"
-- (PHC, base64 without padding) or a bcrypt "$2a$/$2b$..." string; "" for bots (no password login).
CREATE TABLE users (
    id                   varchar(26)  PRIMARY KEY,
    create_at            bigint       NOT NULL,
    update_at            bigint       NOT NULL,
    delete_at            bigint       NOT NULL DEFAULT 0,
    username             varchar(64)  NOT NULL,
    password             varchar(128) NOT NULL DEFAULT '',
    auth_data            varchar(128),
    auth_service         varchar(32)  NOT NULL DEFAULT '',
    email                varchar(128) NOT NULL,
    email_verified       boolean      NOT NULL DEFAULT false,
    nickname             varchar(64)  NOT NULL DEFAULT '',
    first_name           varchar(64)  NOT NULL DEFAULT '',
    last_name            varchar(64)  NOT NULL DEFAULT '',
    position             varchar(128) NOT NULL DEFAULT '',
    roles                varchar(256) NOT NULL DEFAULT 'system_user',
    allow_marketing      boolean      NOT NULL DEFAULT false,
    props                jsonb        NOT NULL DEFAULT '{}',
    notify_props         jsonb        NOT NULL DEFAULT '{}',
    last_password_update bigint       NOT NULL DEFAULT 0,
    last_picture_update  bigint       NOT NULL DEFAULT 0,
    failed_attempts      integer      NOT NULL DEFAULT 0,
    locale               varchar(5)   NOT NULL DEFAULT 'en',
    timezone             jsonb        NOT NULL
                         DEFAULT '{"automaticTimezone":"","manualTimezone":"","useAutomaticTimezone":"true"}',
    mfa_active           boolean      NOT NULL DEFAULT false,
    mfa_secret           varchar(128) NOT NULL DEFAULT '',
    last_activity_at     bigint       NOT NULL DEFAULT 0,
    last_login           bigint       NOT NULL DEFAULT 0,
    is_bot               boolean      NOT NULL DEFAULT false,
    bot_description      varchar(1024) NOT NULL DEFAULT '',
    disable_welcome_email boolean     NOT NULL DEFAULT false
);

CREATE UNIQUE INDEX users_username_key ON users (username);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE INDEX users_update_at_idx ON users (update_at);
CREATE INDEX users_create_at_idx ON users (create_at);
CREATE INDEX users_delete_at_idx ON users (delete_at);
-- prefix search for autocomplete / search (username, names, nickname, email)
CREATE INDEX users_username_prefix_idx ON users (username text_pattern_ops);
CREATE INDEX users_first_name_prefix_idx ON users (lower(first_name) text_pattern_ops);
CREATE INDEX users_last_name_prefix_idx ON users (lower(last_name) text_pattern_ops);
CREATE INDEX users_nickname_prefix_idx ON users (lower(nickname) text_pattern_ops);
