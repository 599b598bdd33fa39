-- User presence (owner: accounts). dnd_end_time is in seconds (as Mattermost); prev_status is the
-- status to restore when a timed dnd ends.
CREATE TABLE status (
    user_id          varchar(26) PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    status           varchar(32) NOT NULL DEFAULT 'offline',
    manual           boolean     NOT NULL DEFAULT false,
    last_activity_at bigint      NOT NULL DEFAULT 0,
    dnd_end_time     bigint      NOT NULL DEFAULT 0,
    prev_status      varchar(32) NOT NULL DEFAULT ''
);

CREATE INDEX status_dnd_end_time_idx ON status (dnd_end_time) WHERE dnd_end_time > 0;
