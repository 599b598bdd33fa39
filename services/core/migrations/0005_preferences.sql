-- Preferences (owner: accounts): key (user_id, category, name), limits as Mattermost's model.
CREATE TABLE preferences (
    user_id  varchar(26) NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    category varchar(32) NOT NULL,
    name     varchar(32) NOT NULL,
    value    text        NOT NULL DEFAULT '' CHECK (length(value) <= 20000),
    PRIMARY KEY (user_id, category, name)
);

CREATE INDEX preferences_category_idx ON preferences (category, name);
