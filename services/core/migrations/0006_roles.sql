-- Roles (owner: accounts). permissions is an array of Mattermost permission names. The built-in
-- roles are inserted at start by app/roles.c from model/role_defaults.c (INSERT ... ON CONFLICT DO
-- NOTHING), so a role patched by an admin keeps its permissions across restarts.
CREATE TABLE roles (
    id             varchar(26)   PRIMARY KEY,
    name           varchar(64)   NOT NULL UNIQUE,
    display_name   varchar(128)  NOT NULL,
    description    varchar(1024) NOT NULL DEFAULT '',
    create_at      bigint        NOT NULL,
    update_at      bigint        NOT NULL,
    delete_at      bigint        NOT NULL DEFAULT 0,
    permissions    text[]        NOT NULL DEFAULT '{}',
    scheme_managed boolean       NOT NULL DEFAULT false,
    built_in       boolean       NOT NULL DEFAULT false
);
