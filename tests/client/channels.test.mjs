// Channels through the official client: createChannel, getChannelByName, getMyChannels,
// createDirectChannel, createGroupChannel, with channel_created / direct_added / group_added over
// WebSocketClient, including who must not receive them. Teams come from lib/teams.mjs.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';

import {WebSocketClient, expectClientError, newClient, uniqueSuffix} from './lib/parley.mjs';
import {makeTeam} from './lib/teams.mjs';

const PASSWORD = 'Passw0rd!long-enough';
const suffix = uniqueSuffix();
const u = {}; // name -> {user, client, token, ws}

async function person(name, creator) {
    const username = `${name}${suffix}`;
    const user = await (creator || newClient()).createUser({username, email: `${username}@example.com`, password: PASSWORD});
    const client = newClient();
    await client.login(username, PASSWORD);
    return {user, client, token: client.getToken()};
}

/** A WebSocketClient recording its events; resolves once hello arrived. */
async function connect(token) {
    const ws = new WebSocketClient({minWebSocketRetryTime: 50, maxWebSocketRetryTime: 200});
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
        const found = events.find(pred);
        if (found) {
            return Promise.resolve(found);
        }
        return new Promise((resolve, reject) => {
            waiters.push({pred, resolve});
            setTimeout(() => reject(new Error(`no matching event within ${ms} ms; got ${JSON.stringify(events)}`)), ms);
        });
    };
    const hello = waitFor((m) => m.event === 'hello');
    ws.initialize(newClient().getWebSocketUrl().replace(/^http/, 'ws'), token);
    await hello;
    return {ws, events, waitFor};
}

/** new_user goes to everyone: once every socket has it, what was published before has been delivered. */
async function barrier() {
    const n = await person(`barrier${Math.random().toString(36).slice(2, 8)}`, u.admin.client);
    await Promise.all(Object.values(u).filter((p) => p.ws).map((p) => p.ws.waitFor(
        (m) => m.event === 'new_user' && m.data.user_id === n.user.id)));
}

before(async () => {
    u.admin = await person('admin');
    for (const name of ['alice', 'bob', 'carol', 'dave']) {
        u[name] = await person(name, u.admin.client);
    }
    u.teamId = await makeTeam(u.admin.client, `team${suffix}`.slice(0, 60), [u.alice.user.id, u.bob.user.id]);
    for (const name of ['alice', 'bob', 'carol', 'dave']) {
        u[name].ws = await connect(u[name].token);
    }
});

after(() => {
    for (const p of Object.values(u)) {
        p.ws?.ws.close();
    }
});

test('createChannel: 201, the creator is its admin, channel_created to the creator only', async () => {
    const channel = await u.alice.client.createChannel({team_id: u.teamId, name: `plans${suffix}`, display_name: 'Plans',
        type: 'O'});
    assert.match(channel.id, /^[a-z0-9]{26}$/);
    assert.equal(channel.type, 'O');
    assert.equal(channel.creator_id, u.alice.user.id);
    const ev = await u.alice.ws.waitFor((m) => m.event === 'channel_created' && m.data.channel_id === channel.id);
    assert.deepEqual(ev.data, {channel_id: channel.id, team_id: u.teamId});
    await barrier();
    for (const name of ['bob', 'carol', 'dave']) {
        assert.equal(u[name].ws.events.filter((m) => m.event === 'channel_created').length, 0, name);
    }
    u.channel = channel;
});

test('createChannel errors: duplicate name, not in the team', async () => {
    let err = await expectClientError(u.bob.client.createChannel({team_id: u.teamId, name: u.channel.name, display_name: 'X',
        type: 'O'}));
    assert.equal(err.status_code, 400);
    assert.equal(err.server_error_id, 'store.sql_channel.save_channel.exists.app_error');
    err = await expectClientError(u.carol.client.createChannel({team_id: u.teamId, name: `c${suffix}`, display_name: 'X',
        type: 'O'}));
    assert.equal(err.status_code, 403);
});

test('getChannelByName: team members read a public channel, outsiders get 403', async () => {
    const got = await u.bob.client.getChannelByName(u.teamId, u.channel.name);
    assert.equal(got.id, u.channel.id);
    const err = await expectClientError(u.carol.client.getChannelByName(u.teamId, u.channel.name));
    assert.equal(err.status_code, 403);
});

test('getMyChannels: the caller\'s channels of the team plus their DMs', async () => {
    const dm = await u.alice.client.createDirectChannel([u.alice.user.id, u.dave.user.id]);
    const mine = await u.alice.client.getMyChannels(u.teamId);
    const ids = mine.map((c) => c.id);
    assert.ok(ids.includes(u.channel.id));
    assert.ok(ids.includes(dm.id));
    const own = await u.bob.client.createChannel({team_id: u.teamId, name: `bobs${suffix}`, display_name: 'Bob', type: 'P'});
    const bobs = (await u.bob.client.getMyChannels(u.teamId, true)).map((c) => c.id);
    assert.ok(bobs.includes(own.id));
    assert.ok(!bobs.includes(u.channel.id));
});

test('createDirectChannel: 201, idempotent, direct_added to both participants only', async () => {
    const dm = await u.bob.client.createDirectChannel([u.bob.user.id, u.carol.user.id]);
    assert.equal(dm.type, 'D');
    assert.equal(dm.name, [u.bob.user.id, u.carol.user.id].sort().join('__'));
    for (const name of ['bob', 'carol']) {
        const ev = await u[name].ws.waitFor((m) => m.event === 'direct_added' && m.broadcast.channel_id === dm.id);
        assert.deepEqual(ev.data, {creator_id: u.bob.user.id, teammate_id: u.carol.user.id});
    }
    const again = await u.carol.client.createDirectChannel([u.carol.user.id, u.bob.user.id]);
    assert.equal(again.id, dm.id);
    await barrier();
    assert.equal(u.alice.ws.events.filter((m) => m.event === 'direct_added' && m.broadcast.channel_id === dm.id).length, 0);
    assert.equal(u.bob.ws.events.filter((m) => m.event === 'direct_added' && m.broadcast.channel_id === dm.id).length, 1);
});

test('createGroupChannel: 201, usernames as display name, group_added to each member only', async () => {
    const ids = [u.alice.user.id, u.bob.user.id, u.carol.user.id];
    const gm = await u.alice.client.createGroupChannel(ids);
    assert.equal(gm.type, 'G');
    assert.equal(gm.team_id, '');
    assert.equal(gm.display_name, [u.alice.user.username, u.bob.user.username, u.carol.user.username].sort().join(', '));
    for (const name of ['alice', 'bob', 'carol']) {
        const ev = await u[name].ws.waitFor((m) => m.event === 'group_added' && m.broadcast.channel_id === gm.id);
        assert.deepEqual(JSON.parse(ev.data.teammate_ids).sort(), [...ids].sort());
    }
    const again = await u.carol.client.createGroupChannel(ids);
    assert.equal(again.id, gm.id);
    await barrier();
    assert.equal(u.dave.ws.events.filter((m) => m.event === 'group_added').length, 0);
    const err = await expectClientError(u.alice.client.createGroupChannel([u.alice.user.id, u.bob.user.id]));
    assert.equal(err.status_code, 400);
    assert.equal(err.server_error_id, 'api.channel.create_group.bad_size.app_error');
});
