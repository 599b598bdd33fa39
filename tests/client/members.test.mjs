// Channel membership through the official client: addToChannel (join and add), removeFromChannel,
// getMyChannelMembers, viewMyChannel, with user_added / user_removed / multiple_channels_viewed over
// WebSocketClient (and who must not receive them). The team and channels are rows written with psql
// (PARLEY_DSN, set by the runner): their endpoints are built elsewhere.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';

import {WebSocketClient, newClient, expectClientError, uniqueSuffix} from './lib/parley.mjs';

const PASSWORD = 'Passw0rd!long-enough';
const suffix = uniqueSuffix();
const s = {sockets: []};

function sql(statement) {
    execFileSync('psql', [process.env.PARLEY_DSN, '-v', 'ON_ERROR_STOP=1', '-q', '-c', statement]);
}

function newId() {
    const alphabet = 'ybndrfg8ejkmcpqxot1uwisza345h769';
    let id = '';
    for (let i = 0; i < 26; i++) {
        id += alphabet[Math.floor(Math.random() * 32)];
    }
    return id;
}

async function account(name) {
    const username = `${name}${suffix}`;
    const user = await newClient().createUser({username, email: `${username}@example.com`, password: PASSWORD});
    const client = newClient();
    await client.login(username, PASSWORD);
    return {user, client};
}

/** A WebSocketClient recording its events; resolves once hello arrived. */
async function connect(who) {
    const ws = new WebSocketClient({minWebSocketRetryTime: 50, maxWebSocketRetryTime: 200, reconnectJitterRange: 10});
    const events = [];
    const waiters = [];
    ws.addMessageListener((msg) => {
        events.push(msg);
        for (const w of [...waiters]) {
            if (w.pred(msg)) {
                waiters.splice(waiters.indexOf(w), 1);
                w.resolve(msg);
            }
        }
    });
    const waitFor = (pred, ms = 5000) => {
        const i = events.findIndex(pred);
        if (i >= 0) {
            return Promise.resolve(events.splice(i, 1)[0]);
        }
        return new Promise((resolve, reject) => {
            waiters.push({pred, resolve});
            setTimeout(() => reject(new Error(`no matching event within ${ms} ms; got ${JSON.stringify(events)}`)), ms);
        });
    };
    const hello = waitFor((m) => m.event === 'hello');
    ws.initialize(who.client.getWebSocketUrl().replace(/^http/, 'ws'), who.client.getToken());
    await hello;
    s.sockets.push(ws);
    return {ws, events, waitFor};
}

/** A new account's new_user event reaches every socket after what was published before it. */
async function barrier(...sockets) {
    const u = await account(`barrier${s.sockets.length}x${Math.floor(Math.random() * 1e6)}`);
    await Promise.all(sockets.map((k) => k.waitFor((m) => m.event === 'new_user' && m.data.user_id === u.user.id)));
}

const named = (name) => (m) => m.event === name;

before(async () => {
    s.admin = await account('admin');
    s.alice = await account('alice');
    s.bob = await account('bob');
    s.carol = await account('carol');
    s.teamId = newId();
    s.channelId = newId();
    s.privateId = newId();
    sql(`INSERT INTO teams (id, name, display_name) VALUES ('${s.teamId}', 'team${suffix}', 'Team')`);
    for (const who of [s.alice, s.bob, s.carol]) {
        sql(`INSERT INTO team_members (team_id, user_id) VALUES ('${s.teamId}', '${who.user.id}')`);
    }
    sql(`INSERT INTO channels (id, team_id, type, name, display_name, total_msg_count, total_msg_count_root) VALUES
         ('${s.channelId}', '${s.teamId}', 'O', 'general${suffix}', 'General', 7, 5),
         ('${s.privateId}', '${s.teamId}', 'P', 'secret${suffix}', 'Secret', 0, 0)`);
    sql(`INSERT INTO channel_members (channel_id, user_id) VALUES ('${s.channelId}', '${s.alice.user.id}'),
         ('${s.privateId}', '${s.alice.user.id}')`);
    s.wa = await connect(s.alice);
    s.wb = await connect(s.bob);
    s.wc = await connect(s.carol);
});

after(() => {
    for (const ws of s.sockets) {
        ws.close();
    }
});

test('addToChannel for yourself joins a public channel; user_added reaches the channel, not the others', async () => {
    const member = await s.bob.client.addToChannel(s.bob.user.id, s.channelId);
    assert.equal(member.channel_id, s.channelId);
    assert.equal(member.user_id, s.bob.user.id);
    assert.equal(member.roles, 'channel_user');
    for (const k of [s.wa, s.wb]) {
        const ev = await k.waitFor(named('user_added'));
        assert.equal(ev.data.user_id, s.bob.user.id);
        assert.equal(ev.data.team_id, s.teamId);
        assert.equal(ev.data.user.id, s.bob.user.id);
        assert.equal(ev.broadcast.channel_id, s.channelId);
    }
    await barrier(s.wa, s.wb, s.wc);
    assert.equal(s.wc.events.filter(named('user_added')).length, 0);
});

test('addToChannel for somebody else, then removeFromChannel', async () => {
    await s.alice.client.addToChannel(s.carol.user.id, s.channelId);
    assert.equal((await s.wc.waitFor(named('user_added'))).data.user_id, s.carol.user.id);
    await s.wa.waitFor(named('user_added'));
    await s.wb.waitFor(named('user_added'));
    const res = await s.alice.client.removeFromChannel(s.carol.user.id, s.channelId);
    assert.equal(res.status, 'OK');
    const mine = await s.wc.waitFor(named('user_removed'));
    assert.deepEqual(mine.data, {channel_id: s.channelId, remover_id: s.alice.user.id});
    assert.equal(mine.broadcast.user_id, s.carol.user.id);
    const theirs = await s.wb.waitFor(named('user_removed'));
    assert.deepEqual(theirs.data, {user_id: s.carol.user.id, remover_id: s.alice.user.id});
    // carol no longer hears the channel: bob's leaving reaches alice, not her (copies of carol's own removal
    // event are not what this asserts)
    await s.bob.client.removeFromChannel(s.bob.user.id, s.channelId);
    const bobLeft = (m) => m.event === 'user_removed' && m.data.user_id === s.bob.user.id;
    await s.wa.waitFor(bobLeft);
    await barrier(s.wa, s.wb, s.wc);
    assert.deepEqual(s.wc.events.filter(bobLeft), []);
    await s.bob.client.addToChannel(s.bob.user.id, s.channelId);
    await s.wb.waitFor(named('user_added'));
});

test('a private channel refuses outsiders with the permission error', async () => {
    const err = await expectClientError(s.carol.client.addToChannel(s.carol.user.id, s.privateId));
    assert.equal(err.status_code, 403);
    assert.equal(err.server_error_id, 'api.context.permissions.app_error');
    const err2 = await expectClientError(s.carol.client.getChannelMembers(s.privateId));
    assert.equal(err2.status_code, 403);
});

test('getMyChannelMembers lists the memberships of the team', async () => {
    const members = await s.bob.client.getMyChannelMembers(s.teamId);
    assert.deepEqual(members.map((m) => m.channel_id), [s.channelId]);
    assert.equal(members[0].msg_count, 0);
    const all = await s.alice.client.getMyChannelMembers(s.teamId);
    assert.deepEqual(all.map((m) => m.channel_id).sort(), [s.channelId, s.privateId].sort());
});

test('viewMyChannel marks the channel read and sends multiple_channels_viewed to the viewer only', async () => {
    const res = await s.bob.client.viewMyChannel(s.channelId);
    assert.equal(res.status, 'OK');
    const at = res.last_viewed_at_times[s.channelId];
    // Mattermost's UpdateLastViewedAt answers the channel's last_post_at
    assert.equal(at, (await s.bob.client.getChannel(s.channelId)).last_post_at);
    const ev = await s.wb.waitFor(named('multiple_channels_viewed'));
    assert.deepEqual(ev.data.channel_times, {[s.channelId]: at});
    const member = await s.bob.client.getMyChannelMember(s.channelId);
    assert.equal(member.msg_count, 7);
    assert.equal(member.msg_count_root, 5);
    assert.equal(member.last_viewed_at, at);
    await barrier(s.wa, s.wb);
    assert.equal(s.wa.events.filter(named('multiple_channels_viewed')).length, 0);
});
