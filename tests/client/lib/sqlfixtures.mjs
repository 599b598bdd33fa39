// Team / channel / membership rows written with SQL (psql on PARLEY_DSN, set by the runner): they are
// the teams / channels / members endpoints of other work; switch these to Client4 calls once they exist.
import {execFileSync} from 'node:child_process';
import {randomBytes} from 'node:crypto';

export function newId() {
    return randomBytes(13).toString('hex'); // 26 chars of [0-9a-f]
}

/** Run SQL (ids only in our fixtures: no quoting needed beyond the literals we build). */
export function sql(query) {
    const dsn = process.env.PARLEY_DSN;
    if (!dsn) {
        throw new Error('PARLEY_DSN is not set (tests/integration/client/test_client_compat.py sets it)');
    }
    return execFileSync('psql', [dsn, '-v', 'ON_ERROR_STOP=1', '-qAtc', query], {encoding: 'utf8'}).trim();
}

export function team(name, memberIds) {
    const id = newId();
    sql(`INSERT INTO teams (id, name, display_name, type) VALUES ('${id}', '${name}', '${name}', 'O')`);
    for (const uid of memberIds) {
        sql(`INSERT INTO team_members (team_id, user_id) VALUES ('${id}', '${uid}')`);
    }
    return id;
}

export function channel(teamId, name, displayName, type, memberIds) {
    const id = newId();
    sql(`INSERT INTO channels (id, team_id, name, display_name, type) VALUES ('${id}', '${teamId}', '${name}', '${displayName}', '${type}')`);
    for (const uid of memberIds) {
        sql(`INSERT INTO channel_members (channel_id, user_id) VALUES ('${id}', '${uid}')`);
    }
    return id;
}

export function markUnread(channelId, userId) {
    return sql(`SELECT notify_props->>'mark_unread' FROM channel_members WHERE channel_id = '${channelId}' AND user_id = '${userId}'`);
}
