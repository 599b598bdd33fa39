// The official clients' own start-up flows (reference §6) against a workspace built through the API only:
// the webapp's loadMe + team screen + channel screen calls, mobile's entry calls, and the WebSocket flow
// (direct_added, group_added, user_added with a gapless seq, T8). Each assertion is a field the clients read.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';

import {WebSocketClient, newClient, uniqueSuffix} from './lib/parley.mjs';

const PASSWORD = 'Passw0rd!long-enough';
const suffix = uniqueSuffix();
const s = {sockets: []};

async function account(name, admin) {
    const username = `${name}${suffix}`;
    const user = await (admin || newClient()).createUser({username, email: `${username}@example.com`, password: PASSWORD});
    const client = newClient();
    await client.login(username, PASSWORD);
    return {user, client};
}

/** A WebSocketClient recording its events and counting resyncs; resolves once hello arrived. */
async function connect(who) {
    const ws = new WebSocketClient({minWebSocketRetryTime: 50, maxWebSocketRetryTime: 200, reconnectJitterRange: 10});
    const events = [];
    const waiters = [];
    const missed = {count: 0};
    ws.addMissedMessageListener(() => missed.count++);
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
    ws.initialize(who.client.getWebSocketUrl().replace(/^http/, 'ws'), who.client.getToken());
    await hello;
    s.sockets.push(ws);
    return {ws, events, waitFor, missed};
}

const byId = (list) => Object.fromEntries(list.map((x) => [x.id, x]));

before(async () => {
    s.admin = await account('admin'); // the first account: system admin
    s.alice = await account('alice', s.admin.client);
    s.bob = await account('bob', s.admin.client);
    s.carol = await account('carol', s.admin.client);
    s.dave = await account('dave', s.admin.client);
    const a = s.alice.user.id;
    const b = s.bob.user.id;
    const c = s.carol.user.id;
    s.t1 = await s.admin.client.createTeam({name: `one${suffix}`, display_name: 'One', type: 'O'});
    s.t2 = await s.admin.client.createTeam({name: `two${suffix}`, display_name: 'Two', type: 'I'});
    s.t3 = await s.admin.client.createTeam({name: `three${suffix}`, display_name: 'Three', type: 'O',
        allow_open_invite: true});
    for (const u of [a, b, c]) {
        await s.admin.client.addToTeam(s.t1.id, u);
    }
    for (const u of [a, b]) {
        await s.admin.client.addToTeam(s.t2.id, u);
    }
    s.pub = await s.alice.client.createChannel({team_id: s.t1.id, name: `pub${suffix}`, display_name: 'Pub', type: 'O'});
    s.priv = await s.alice.client.createChannel({team_id: s.t1.id, name: `priv${suffix}`, display_name: 'Priv', type: 'P'});
    await s.alice.client.addToChannel(b, s.priv.id);
    s.gone = await s.alice.client.createChannel({team_id: s.t1.id, name: `gone${suffix}`, display_name: 'Gone', type: 'O'});
    await s.alice.client.deleteChannel(s.gone.id);
    s.bobs = await s.bob.client.createChannel({team_id: s.t2.id, name: `bobs${suffix}`, display_name: 'Bobs', type: 'O'});
    s.dm = await s.bob.client.createDirectChannel([b, a]);
    s.gm = await s.carol.client.createGroupChannel([a, b, c]);
    s.custom = await s.alice.client.createChannelCategory(a, s.t1.id, {user_id: a, team_id: s.t1.id,
        display_name: 'Work', channel_ids: [s.pub.id]});
    // A fresh login, as a browser or phone opening the app
    s.me = newClient();
    await s.me.login(s.alice.user.username, PASSWORD);
});

after(() => {
    for (const ws of s.sockets) {
        ws.close();
    }
});

test('webapp loadConfigAndMe: config and license (format=old) are string maps; me, preferences, teams', async () => {
    const [config, license] = await Promise.all([s.me.getClientConfig(), s.me.getClientLicenseOld()]);
    for (const [k, v] of Object.entries(config)) {
        assert.equal(typeof v, 'string', `config ${k}`);
    }
    assert.match(config.Version, /^11\.\d+\.\d+$/);
    assert.equal(license.IsLicensed, 'false');
    const [me, prefs, teams, members] = await Promise.all([s.me.getMe(), s.me.getMyPreferences(), s.me.getMyTeams(),
        s.me.getMyTeamMembers()]);
    assert.equal(me.id, s.alice.user.id);
    assert.equal(me.roles, 'system_user');
    assert.ok(Array.isArray(prefs));
    assert.deepEqual(teams.map((t) => t.id).sort(), [s.t1.id, s.t2.id].sort());
    for (const t of teams) {
        assert.equal(t.delete_at, 0);
        assert.ok(t.name && t.display_name && t.type);
    }
    assert.deepEqual(members.map((m) => m.team_id).sort(), [s.t1.id, s.t2.id].sort());
    for (const m of members) {
        assert.equal(m.user_id, me.id);
        assert.equal(m.roles, 'team_user');
        assert.equal(m.delete_at, 0);
        assert.equal(m.scheme_user, true);
        assert.equal(m.scheme_admin, false);
        assert.equal(m.scheme_guest, false);
    }
});

test('getMyChannels and getMyChannelMembers match per team; DM and GM appear in every team', async () => {
    for (const team of [s.t1, s.t2]) {
        for (const includeDeleted of [false, true]) {
            const [channels, members] = await Promise.all([s.me.getMyChannels(team.id, includeDeleted),
                s.me.getMyChannelMembers(team.id)]);
            const ids = channels.map((c) => c.id);
            assert.equal(new Set(ids).size, ids.length, 'no duplicates');
            const memberOf = new Map(members.map((m) => [m.channel_id, m]));
            for (const ch of channels) {
                assert.ok(memberOf.has(ch.id), `member for ${ch.name}`);
                assert.ok(ch.team_id === team.id || ch.team_id === '', ch.name);
            }
            for (const m of members) {
                assert.equal(m.user_id, s.alice.user.id);
                for (const f of ['msg_count', 'mention_count', 'msg_count_root', 'mention_count_root', 'last_viewed_at',
                    'last_update_at']) {
                    assert.equal(typeof m[f], 'number', f);
                }
                assert.equal(typeof m.notify_props, 'object');
                assert.equal(typeof m.roles, 'string');
            }
            assert.ok(ids.includes(s.dm.id) && ids.includes(s.gm.id), `DM and GM in ${team.name}`);
            assert.equal(ids.includes(s.gone.id), includeDeleted && team.id === s.t1.id);
            assert.ok(!ids.includes(s.bobs.id));
        }
    }
    const one = byId(await s.me.getMyChannels(s.t1.id, false));
    assert.ok(one[s.pub.id] && one[s.priv.id]);
    const names = Object.values(one).map((c) => c.name);
    assert.ok(names.includes('town-square') && names.includes('off-topic'), names.join());
    assert.equal(one[s.dm.id].type, 'D');
    assert.equal(one[s.dm.id].name, [s.alice.user.id, s.bob.user.id].sort().join('__'));
    assert.equal(one[s.gm.id].type, 'G');
    assert.equal(one[s.dm.id].display_name, '');
    assert.equal(one[s.gm.id].display_name, [s.alice, s.bob, s.carol].map((w) => w.user.username).sort().join(', '));
});

test('getMyTeamUnreads sums the unread messages of the team channels', async () => {
    const unreads = await s.me.getMyTeamUnreads(false);
    assert.deepEqual(unreads.map((u) => u.team_id).sort(), [s.t1.id, s.t2.id].sort());
    for (const u of unreads) {
        for (const f of ['msg_count', 'mention_count', 'msg_count_root', 'mention_count_root']) {
            assert.equal(u[f], 0, f);
        }
    }
    const crt = await s.me.getMyTeamUnreads(true);
    for (const u of crt) {
        assert.equal(typeof u.thread_count, 'number');
        assert.equal(typeof u.thread_mention_count, 'number');
    }
});

test('getRolesByNames returns every role of the memberships, each with its permissions', async () => {
    const me = await s.me.getMe();
    const names = new Set(me.roles.split(' '));
    for (const m of await s.me.getMyTeamMembers()) {
        m.roles.split(' ').forEach((r) => names.add(r));
    }
    for (const team of [s.t1, s.t2]) {
        for (const m of await s.me.getMyChannelMembers(team.id)) {
            m.roles.split(' ').forEach((r) => names.add(r));
        }
    }
    assert.ok(names.has('channel_admin'), 'alice created channels: channel_admin');
    for (const r of ['system_user', 'team_user', 'channel_user']) {
        assert.ok(names.has(r), r);
    }
    const roles = await s.me.getRolesByNames([...names]);
    assert.deepEqual(roles.map((r) => r.name).sort(), [...names].sort());
    for (const role of roles) {
        assert.equal(role.id.length, 26);
        assert.ok(Array.isArray(role.permissions) && role.permissions.length > 0, role.name);
        assert.equal(role.delete_at, 0);
        assert.equal(role.built_in, true);
    }
    const perms = byName(roles);
    assert.ok(perms.channel_user.includes('create_post'));
    assert.ok(perms.team_user.includes('join_public_channels'));
    assert.ok(perms.system_user.includes('create_direct_channel'));
    assert.ok(perms.channel_admin.includes('manage_channel_roles'));
});

function byName(roles) {
    return Object.fromEntries(roles.map((r) => [r.name, r.permissions]));
}

test('getChannelCategories: custom category, channels, direct_messages with DM and GM in every team', async () => {
    const a = s.alice.user.id;
    const one = await s.me.getChannelCategories(a, s.t1.id);
    assert.deepEqual(one.order, one.categories.map((c) => c.id));
    const cat = Object.fromEntries(one.categories.map((c) => [c.type === 'custom' ? c.display_name : c.type, c]));
    assert.deepEqual(Object.keys(cat).sort(), ['Work', 'channels', 'direct_messages', 'favorites']);
    assert.equal(cat.Work.id, s.custom.id);
    assert.deepEqual(cat.Work.channel_ids, [s.pub.id]);
    const myOne = await s.me.getMyChannels(s.t1.id, false);
    const teamChannels = myOne.filter((c) => c.team_id !== '' && c.id !== s.pub.id).map((c) => c.id).sort();
    assert.deepEqual([...cat.channels.channel_ids].sort(), teamChannels);
    assert.deepEqual([...cat.direct_messages.channel_ids].sort(), [s.dm.id, s.gm.id].sort());
    const two = await s.me.getChannelCategories(a, s.t2.id);
    const dms = two.categories.find((c) => c.type === 'direct_messages');
    assert.deepEqual([...dms.channel_ids].sort(), [s.dm.id, s.gm.id].sort());
    for (const c of [...one.categories, ...two.categories]) {
        assert.equal(c.user_id, a);
        assert.equal(typeof c.muted, 'boolean');
        assert.equal(typeof c.collapsed, 'boolean');
    }
});

test('channel screen: viewMyChannel, getChannelStats, DM profiles and statuses', async () => {
    const view = await s.me.viewMyChannel(s.pub.id);
    assert.equal(view.status, 'OK');
    // Mattermost's UpdateLastViewedAt answers the channel's last_post_at
    assert.equal(view.last_viewed_at_times[s.pub.id], (await s.me.getChannel(s.pub.id)).last_post_at);
    const stats = await s.me.getChannelStats(s.priv.id);
    assert.equal(stats.channel_id, s.priv.id);
    assert.equal(stats.member_count, 2);
    assert.equal(stats.guest_count, 0);
    assert.equal(stats.pinnedpost_count, 0);
    const inDm = await s.me.getProfilesInChannel(s.dm.id);
    assert.deepEqual(inDm.map((u) => u.id).sort(), [s.alice.user.id, s.bob.user.id].sort());
    const [profiles] = await Promise.all([s.me.getProfilesByIds([s.bob.user.id, s.carol.user.id])]);
    assert.deepEqual(profiles.map((u) => u.username).sort(), [s.bob.user.username, s.carol.user.username].sort());
    for (const u of profiles) {
        assert.equal(u.password, undefined);
        assert.equal(typeof u.update_at, 'number');
    }
    const statuses = await s.me.getStatusesByIds([s.bob.user.id, s.carol.user.id]);
    assert.deepEqual(statuses.map((x) => x.user_id).sort(), [s.bob.user.id, s.carol.user.id].sort());
    for (const st of statuses) {
        assert.ok(['online', 'away', 'offline', 'dnd'].includes(st.status));
    }
});

test('mobile entry: include_deleted with last_delete_at, GET /teams, users since, group channels, device', async () => {
    const base = s.me.getBaseRoute();
    const gone = (await s.me.getChannel(s.gone.id));
    assert.ok(gone.delete_at > 0);
    const all = await s.me.doFetch(`${base}/users/me/teams/${s.t1.id}/channels?include_deleted=true&last_delete_at=0`,
        {method: 'get'});
    assert.ok(all.some((c) => c.id === s.gone.id));
    const before = await s.me.doFetch(`${base}/users/me/teams/${s.t1.id}/channels?include_deleted=true&last_delete_at=${
        gone.delete_at - 1}`, {method: 'get'});
    assert.ok(before.some((c) => c.id === s.gone.id), 'archived after last_delete_at: listed');
    const since = await s.me.doFetch(`${base}/users/me/teams/${s.t1.id}/channels?include_deleted=true&last_delete_at=${
        gone.delete_at}`, {method: 'get'});
    assert.ok(!since.some((c) => c.id === s.gone.id), 'archived at or before last_delete_at: not listed');
    assert.ok(since.some((c) => c.id === s.pub.id) && since.some((c) => c.id === s.dm.id));
    const teams = await s.me.getTeams();
    assert.ok(teams.some((t) => t.id === s.t3.id), 'an open team alice may join');
    assert.ok(!teams.some((t) => t.id === s.t2.id), 'invite-only: not listed');
    const ids = [s.bob.user.id, s.carol.user.id];
    const all2 = await s.me.doFetch(`${base}/users/ids?since=0`, {method: 'post', body: JSON.stringify(ids)});
    assert.equal(all2.length, 2);
    const maxUpdate = Math.max(...all2.map((u) => u.update_at));
    const none = await s.me.doFetch(`${base}/users/ids?since=${maxUpdate}`, {method: 'post', body: JSON.stringify(ids)});
    assert.deepEqual(none, []);
    const gms = await s.me.getProfilesInGroupChannels([s.gm.id]);
    assert.deepEqual(Object.keys(gms), [s.gm.id]);
    assert.deepEqual(gms[s.gm.id].map((u) => u.id).sort(), [s.bob.user.id, s.carol.user.id].sort());
    const dev = await s.me.doFetch(`${base}/users/sessions/device`, {method: 'put',
        body: JSON.stringify({device_id: `android_rn-v2:${suffix}`})});
    assert.equal(dev.status, 'OK');
    const mobile = await s.me.getMyChannelMembers(s.t1.id);
    assert.ok(mobile.length > 0);
});

test('WebSocket: direct_added, group_added, user_added arrive with a gapless seq', async () => {
    const w = await connect({client: s.me, user: s.alice.user});
    const a = s.alice.user.id;
    const d = s.dave.user.id;
    await s.admin.client.addToTeam(s.t1.id, d);
    const dm = await s.dave.client.createDirectChannel([d, a]);
    const added = await w.waitFor((m) => m.event === 'direct_added' && m.broadcast.channel_id === dm.id);
    assert.equal(added.data.teammate_id, a);
    assert.equal(added.data.creator_id, d);
    const gm = await s.dave.client.createGroupChannel([d, a, s.bob.user.id]);
    const group = await w.waitFor((m) => m.event === 'group_added' && m.broadcast.channel_id === gm.id);
    assert.equal(JSON.parse(group.data.teammate_ids).sort().join(), [d, a, s.bob.user.id].sort().join());
    const ch = await s.dave.client.createChannel({team_id: s.t1.id, name: `dave${suffix}`, display_name: 'Dave', type: 'P'});
    await s.dave.client.addToChannel(a, ch.id);
    const ua = await w.waitFor((m) => m.event === 'user_added' && m.broadcast.channel_id === ch.id);
    assert.equal(ua.data.user_id, a);
    assert.equal(ua.data.team_id, s.t1.id);
    // what a client does on those events: refetch channels and members; all consistent
    const [channels, members] = await Promise.all([s.me.getMyChannels(s.t1.id), s.me.getMyChannelMembers(s.t1.id)]);
    for (const id of [dm.id, gm.id, ch.id]) {
        assert.ok(channels.some((c) => c.id === id) && members.some((m) => m.channel_id === id), id);
    }
    const cats = await s.me.getChannelCategories(a, s.t2.id);
    const dms = cats.categories.find((c) => c.type === 'direct_messages');
    assert.ok(dms.channel_ids.includes(dm.id) && dms.channel_ids.includes(gm.id));
    const seqs = w.events.map((m) => m.seq);
    assert.deepEqual(seqs, seqs.map((_, i) => i), `seq must count 0,1,2,...: ${seqs}`);
    assert.equal(w.missed.count, 0);
});

test('webapp all-teams load: getAllTeamsChannels and getAllChannelsMembers paged at 200 agree', async () => {
    const channels = await s.me.getAllTeamsChannels();
    const ids = channels.map((c) => c.id);
    assert.equal(new Set(ids).size, ids.length, 'no duplicates');
    for (const id of [s.pub.id, s.priv.id, s.dm.id, s.gm.id]) {
        assert.ok(ids.includes(id), id);
    }
    assert.ok(!ids.includes(s.gone.id), 'archived channels are not listed by default');
    const first = await s.me.getAllChannelsMembers(s.alice.user.id, 0, 200);
    const second = await s.me.getAllChannelsMembers(s.alice.user.id, 1, 200);
    assert.deepEqual(second, []);
    const memberOf = new Set(first.map((m) => m.channel_id));
    for (const id of ids) {
        assert.ok(memberOf.has(id), `member for ${id}`);
    }
    for (const m of first) {
        assert.equal(m.user_id, s.alice.user.id);
    }
});

test('getMyChannels answers If-None-Match with 304 until the list changes', async () => {
    const url = `${s.me.getBaseRoute()}/users/me/teams/${s.t2.id}/channels`;
    const headers = {Authorization: `Bearer ${s.me.getToken()}`};
    const res = await fetch(url, {headers});
    assert.equal(res.status, 200);
    const etag = res.headers.get('ETag');
    assert.ok(etag);
    const again = await fetch(url, {headers: {...headers, 'If-None-Match': etag}});
    assert.equal(again.status, 304);
    const ch = await s.me.createChannel({team_id: s.t2.id, name: `etag${suffix}`, display_name: 'Etag', type: 'O'});
    const changed = await fetch(url, {headers: {...headers, 'If-None-Match': etag}});
    assert.equal(changed.status, 200);
    assert.ok((await changed.json()).some((c) => c.id === ch.id));
});

/** Message counters only: posting is a later issue, so the channel totals are set with psql (PARLEY_DSN). */
function sql(statement) {
    execFileSync('psql', [process.env.PARLEY_DSN, '-v', 'ON_ERROR_STOP=1', '-q', '-c', statement]);
}

test('team unreads: sums of the team channels, mark_unread=mention counts mentions only, DMs in no team', async () => {
    const a = s.alice.user.id;
    await s.me.updateChannelNotifyProps({channel_id: s.priv.id, user_id: a, mark_unread: 'mention'});
    sql(`UPDATE channels SET total_msg_count = 5, total_msg_count_root = 4 WHERE id = '${s.pub.id}'`);
    sql(`UPDATE channels SET total_msg_count = 2, total_msg_count_root = 2 WHERE id = '${s.priv.id}'`);
    sql(`UPDATE channel_members SET mention_count = 1, mention_count_root = 1 WHERE channel_id = '${s.priv.id}' AND user_id = '${a}'`);
    sql(`UPDATE channels SET total_msg_count = 3, total_msg_count_root = 3 WHERE id IN ('${s.dm.id}', '${s.gm.id}')`);
    const unreads = await s.me.getMyTeamUnreads(false);
    assert.deepEqual(unreads.map((u) => u.team_id).sort(), [s.t1.id, s.t2.id].sort());
    const one = unreads.find((u) => u.team_id === s.t1.id);
    assert.equal(one.msg_count, 5);
    assert.equal(one.msg_count_root, 4);
    assert.equal(one.mention_count, 1);
    assert.equal(one.mention_count_root, 1);
    const two = unreads.find((u) => u.team_id === s.t2.id);
    assert.equal(two.msg_count, 0);
    const crt = (await s.me.getMyTeamUnreads(true)).find((u) => u.team_id === s.t1.id);
    assert.deepEqual([crt.msg_count, crt.msg_count_root, crt.mention_count, crt.thread_count], [5, 4, 1, 0]);
    const members = byChannel(await s.me.getMyChannelMembers(s.t1.id));
    const channels = byId(await s.me.getMyChannels(s.t1.id));
    assert.equal(channels[s.pub.id].total_msg_count - members[s.pub.id].msg_count, 5);
    assert.equal(members[s.priv.id].mention_count, 1);
});

function byChannel(members) {
    return Object.fromEntries(members.map((m) => [m.channel_id, m]));
}

test('the admin start-up: team creator is team_admin, every role it holds comes back with permissions', async () => {
    const me = await s.admin.client.getMe();
    assert.deepEqual(me.roles.split(' ').sort(), ['system_admin', 'system_user']);
    const members = await s.admin.client.getMyTeamMembers();
    const names = new Set(me.roles.split(' '));
    for (const m of members) {
        assert.deepEqual(m.roles.split(' ').sort(), ['team_admin', 'team_user'], m.team_id);
        assert.equal(m.scheme_admin, true);
        m.roles.split(' ').forEach((r) => names.add(r));
    }
    for (const m of await s.admin.client.getMyChannelMembers(s.t1.id)) {
        m.roles.split(' ').forEach((r) => names.add(r));
    }
    const roles = await s.admin.client.getRolesByNames([...names]);
    assert.deepEqual(roles.map((r) => r.name).sort(), [...names].sort());
    const perms = byName(roles);
    assert.ok(perms.system_admin.includes('manage_system'));
    assert.ok(perms.team_admin.includes('manage_team'));
    for (const r of roles) {
        assert.ok(r.permissions.length > 0, r.name);
    }
});

test('WebSocket: added_to_team, then the new team loads with its default channels and categories', async () => {
    const w = await connect(s.dave);
    const d = s.dave.user.id;
    await s.admin.client.addToTeam(s.t3.id, d);
    const ev = await w.waitFor((m) => m.event === 'added_to_team' && m.data.team_id === s.t3.id);
    assert.equal(ev.data.user_id, d);
    assert.equal(ev.broadcast.user_id, d);
    const [team, member, channels, members, cats] = await Promise.all([s.dave.client.getTeam(s.t3.id),
        s.dave.client.getTeamMember(s.t3.id, d), s.dave.client.getMyChannels(s.t3.id), s.dave.client.getMyChannelMembers(s.t3.id),
        s.dave.client.getChannelCategories(d, s.t3.id)]);
    assert.equal(team.id, s.t3.id);
    assert.equal(member.roles, 'team_user');
    const names = channels.filter((c) => c.team_id === s.t3.id).map((c) => c.name).sort();
    assert.deepEqual(names, ['off-topic', 'town-square']);
    for (const c of channels) {
        assert.ok(members.some((m) => m.channel_id === c.id), c.name);
    }
    const chan = cats.categories.find((c) => c.type === 'channels');
    assert.deepEqual([...chan.channel_ids].sort(), channels.filter((c) => c.team_id === s.t3.id).map((c) => c.id).sort());
    const seqs = w.events.map((m) => m.seq);
    assert.deepEqual(seqs, seqs.map((_, i) => i), `seq must count 0,1,2,...: ${seqs}`);
});
