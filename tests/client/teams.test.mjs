// Teams through the official client: createTeam, addToTeam, getMyTeams, getMyTeamMembers, getMyTeamUnreads,
// patchTeam, joinTeam and removeFromTeam, with the team events (added_to_team, update_team, leave_team) seen
// over WebSocketClient, and who must not receive them (checked after a barrier: a new_user event, which
// every connection gets, arriving after the event was published).
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';

import {WebSocketClient, newClient, expectClientError, uniqueSuffix} from './lib/parley.mjs';

const PASSWORD = 'Passw0rd!long';
const suffix = uniqueSuffix();
const s = {};
const sockets = [];

async function account(name, admin) {
    const username = `${name}${suffix}`;
    const user = await (admin || newClient()).createUser({username, email: `${username}@example.com`, password: PASSWORD});
    const client = newClient();
    await client.login(username, PASSWORD);
    return {user, client};
}

/** A WebSocketClient with its events recorded; resolves once hello arrived. */
async function connect(token) {
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
    sockets.push(ws);
    return {ws, events, waitFor};
}

/** Every connection gets new_user: once each socket has it, what was published before was delivered. */
async function barrier(...conns) {
    const u = await s.admin.client.createUser({username: `bar${uniqueSuffix()}`, email: `bar${uniqueSuffix()}@example.com`,
        password: PASSWORD});
    await Promise.all(conns.map((c) => c.waitFor((m) => m.event === 'new_user' && m.data.user_id === u.id)));
}

before(async () => {
    s.admin = await account('tadmin');
    s.alice = await account('alice', s.admin.client);
    s.bob = await account('bob', s.admin.client);
    s.carol = await account('carol', s.admin.client);
    s.bobWs = await connect(s.bob.client.getToken());
    s.carolWs = await connect(s.carol.client.getToken());
});

after(() => {
    for (const ws of sockets) {
        ws.close();
    }
});

test('createTeam: 201, the creator is a team admin and sees it in getMyTeams / getMyTeamMembers', async () => {
    const team = await s.alice.client.createTeam({name: `crew-${suffix}`, display_name: 'Crew', type: 'O', allow_open_invite: true});
    assert.match(team.id, /^[a-z0-9]{26}$/);
    assert.equal(team.type, 'O');
    assert.equal(team.allow_open_invite, true);
    const mine = await s.alice.client.getMyTeams();
    assert.deepEqual(mine.map((t) => t.id), [team.id]);
    const members = await s.alice.client.getMyTeamMembers();
    assert.equal(members.length, 1);
    assert.equal(members[0].team_id, team.id);
    assert.equal(members[0].roles, 'team_user team_admin');
    s.team = team;
});

test('createTeam with a reserved name is a 400 with Mattermost\'s id', async () => {
    const err = await expectClientError(s.alice.client.createTeam({name: 'signup-now', display_name: 'X', type: 'O'}));
    assert.equal(err.status_code, 400);
    assert.equal(err.server_error_id, 'model.team.is_valid.reserved.app_error');
});

test('addToTeam: added_to_team reaches the user only', async () => {
    const member = await s.alice.client.addToTeam(s.team.id, s.bob.user.id);
    assert.equal(member.user_id, s.bob.user.id);
    assert.equal(member.roles, 'team_user');
    const ev = await s.bobWs.waitFor((m) => m.event === 'added_to_team');
    assert.deepEqual(ev.data, {team_id: s.team.id, user_id: s.bob.user.id});
    await barrier(s.carolWs);
    assert.ok(!s.carolWs.events.some((m) => m.event === 'added_to_team'));
    const bobTeams = await s.bob.client.getMyTeams();
    assert.deepEqual(bobTeams.map((t) => t.id), [s.team.id]);
    assert.equal(bobTeams[0].email, '');
    const bobMembers = await s.bob.client.getMyTeamMembers();
    assert.deepEqual(bobMembers.map((m) => m.team_id), [s.team.id]);
});

test('getMyTeamUnreads: one entry per team with channels, zero counts', async () => {
    const unreads = await s.bob.client.getMyTeamUnreads(false);
    assert.deepEqual(unreads, [{team_id: s.team.id, msg_count: 0, mention_count: 0, mention_count_root: 0, msg_count_root: 0,
        thread_count: 0, thread_mention_count: 0, thread_urgent_mention_count: 0}]);
    assert.ok(Array.isArray(await s.bob.client.getMyTeamUnreads(true)));
});

test('patchTeam: update_team to the team members, not to others', async () => {
    const patched = await s.alice.client.patchTeam({id: s.team.id, display_name: 'Crew renamed'});
    assert.equal(patched.display_name, 'Crew renamed');
    const ev = await s.bobWs.waitFor((m) => m.event === 'update_team');
    assert.equal(JSON.parse(ev.data.team).display_name, 'Crew renamed');
    assert.equal(ev.broadcast.team_id, s.team.id);
    await barrier(s.carolWs);
    assert.ok(!s.carolWs.events.some((m) => m.event === 'update_team'));
});

test('a non-member may not add people: 403', async () => {
    const err = await expectClientError(s.carol.client.addToTeam(s.team.id, s.admin.user.id));
    assert.equal(err.status_code, 403);
    assert.equal(err.server_error_id, 'api.context.permissions.app_error');
});

test('joinTeam by invite id, then removeFromTeam: leave_team to the user and the team', async () => {
    const full = await s.alice.client.getTeam(s.team.id);
    const joined = await s.carol.client.joinTeam(full.invite_id);
    assert.equal(joined.user_id, s.carol.user.id);
    await s.carolWs.waitFor((m) => m.event === 'added_to_team');
    await s.carol.client.removeFromTeam(s.team.id, s.carol.user.id);
    const mine = await s.carolWs.waitFor((m) => m.event === 'leave_team');
    assert.deepEqual(mine.data, {user_id: s.carol.user.id, team_id: s.team.id});
    const theirs = await s.bobWs.waitFor((m) => m.event === 'leave_team');
    assert.deepEqual(theirs.data, {user_id: s.carol.user.id, team_id: s.team.id});
    assert.deepEqual(await s.carol.client.getMyTeams(), []);
});
