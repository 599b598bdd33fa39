-- Cluster membership (owner: realtime). Every parley-core node with ParleySettings.ClusterEnable
-- keeps one row here, refreshed every ClusterHeartbeatMs; rows older than five heartbeats are
-- removed by any live node, and nodes relay WebSocket events to every other row's address
-- (ZeroMQ PUB/SUB).
CREATE TABLE cluster_nodes (
    id           varchar(26)  PRIMARY KEY,
    address      varchar(256) NOT NULL,
    hostname     varchar(256) NOT NULL DEFAULT '',
    started_at   bigint       NOT NULL,
    heartbeat_at bigint       NOT NULL
);

CREATE INDEX cluster_nodes_heartbeat_at_idx ON cluster_nodes (heartbeat_at);
