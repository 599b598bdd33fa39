-- Sessions (owner: accounts). A row per login or per personal access token in use; the token is
-- the lookup key. kind: 0 = password login, 1 = personal access token (props.type UserAccessToken).
-- Deleting a row revokes the session at once (nothing caches sessions).
CREATE TABLE sessions (
    id               varchar(26)  PRIMARY KEY,
    token            varchar(26)  NOT NULL,
    create_at        bigint       NOT NULL,
    expires_at       bigint       NOT NULL DEFAULT 0,
    last_activity_at bigint       NOT NULL DEFAULT 0,
    user_id          varchar(26)  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    device_id        varchar(512) NOT NULL DEFAULT '',
    kind             smallint     NOT NULL DEFAULT 0,
    token_id         varchar(26)  NOT NULL DEFAULT '',
    is_mobile        boolean      NOT NULL DEFAULT false,
    props            jsonb        NOT NULL DEFAULT '{}'
);

CREATE UNIQUE INDEX sessions_token_key ON sessions (token);
CREATE INDEX sessions_user_id_idx ON sessions (user_id);
CREATE INDEX sessions_device_id_idx ON sessions (device_id) WHERE device_id <> '';
CREATE INDEX sessions_expires_at_idx ON sessions (expires_at) WHERE expires_at > 0;
