-- parley-core base schema. Migrations 0002-0009: accounts; 0010-0019: realtime; 0020+: core.
-- Key/value system properties (Mattermost "Systems"): diagnostic id, health checks, versions.
CREATE TABLE IF NOT EXISTS systems (
    name  varchar(64) PRIMARY KEY,
    value text NOT NULL DEFAULT ''
);

INSERT INTO systems (name, value)
SELECT 'DiagnosticId', substr(md5(random()::text || clock_timestamp()::text), 1, 26)
WHERE NOT EXISTS (SELECT 1 FROM systems WHERE name = 'DiagnosticId');
