-- Personal access tokens (owner: accounts). token is the bearer secret; a session row with
-- kind = 1 is created on first use, deleted when the token is revoked or disabled.
CREATE TABLE user_access_tokens (
    id          varchar(26)  PRIMARY KEY,
    token       varchar(26)  NOT NULL UNIQUE,
    user_id     varchar(26)  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    description varchar(1024) NOT NULL DEFAULT '',
    is_active   boolean      NOT NULL DEFAULT true,
    create_at   bigint       NOT NULL DEFAULT 0,
    expires_at  bigint       NOT NULL DEFAULT 0
);

CREATE INDEX user_access_tokens_user_id_idx ON user_access_tokens (user_id);
