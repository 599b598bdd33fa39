// Sidebar categories (T10) through the official client: getChannelCategories, createChannelCategory,
// updateChannelCategories, getChannelCategoryOrder / updateChannelCategoryOrder, deleteChannelCategory,
// with the sidebar_category_* events over WebSocketClient (and who must not get them).
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';

import {WebSocketClient, newClient, uniqueSuffix, expectClientError} from './lib/parley.mjs';
import * as fx from './lib/sqlfixtures.mjs';

const PASSWORD = 'Passw0rd!long';
const suffix = uniqueSuffix();
const s = {};

async function user(name, admin) {
    const body = {username: `${name}${suffix}`, email: `${name}${suffix}@example.com`, password: PASSWORD};
    const u = await (admin || newClient()).createUser(body);
    const client = newClient();
    await client.login(body.username, PASSWORD);
    return {user: u, client};
}

async function connect(who) {
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
            events.splice(events.indexOf(found), 1);
            return Promise.resolve(found);
        }
        return new Promise((resolve, reject) => {
            waiters.push({pred, resolve});
            setTimeout(() => reject(new Error(`no matching event within ${ms} ms; got ${JSON.stringify(events)}`)), ms);
        });
    };
    const hello = waitFor((m) => m.event === 'hello');
    ws.initialize(newClient().getWebSocketUrl().replace(/^http/, 'ws'), who.client.getToken());
    await hello;
    return {ws, events, waitFor};
}

/** new_user reaches every socket: once both have it, what was published before was delivered. */
async function barrier() {
    const n = `bar${Math.random().toString(36).slice(2, 8)}`;
    const u = await s.admin.client.createUser({username: `${n}${suffix}`, email: `${n}${suffix}@example.com`, password: PASSWORD});
    await Promise.all([s.wsA, s.wsB].map((w) => w.waitFor((m) => m.event === 'new_user' && m.data.user_id === u.id)));
}

before(async () => {
    s.admin = await user('admin');
    s.alice = await user('alice', s.admin.client);
    s.bob = await user('bob', s.admin.client);
    const a = s.alice.user.id;
    const b = s.bob.user.id;
    s.team = fx.team(`side${suffix}`.slice(0, 60), [a, b]);
    s.town = fx.channel(s.team, 'town-square', 'Town Square', 'O', [a, b]);
    s.dev = fx.channel(s.team, 'dev', 'Dev', 'P', [a]);
    s.dm = fx.channel('', [a, b].sort().join('__'), '', 'D', [a, b]);
    s.wsA = await connect(s.alice);
    s.wsB = await connect(s.bob);
});

after(() => {
    s.wsA?.ws.close();
    s.wsB?.ws.close();
});

test('getChannelCategories: favorites, channels, direct_messages with Mattermost ids', async () => {
    const a = s.alice.user.id;
    const got = await s.alice.client.getChannelCategories(a, s.team);
    assert.deepEqual(got.order, [`favorites_${a}_${s.team}`, `channels_${a}_${s.team}`, `direct_messages_${a}_${s.team}`]);
    assert.deepEqual(got.categories.map((c) => [c.type, c.display_name, c.sort_order, c.sorting]), [
        ['favorites', 'Favorites', 0, ''], ['channels', 'Channels', 10, ''], ['direct_messages', 'Direct Messages', 20, 'recent']]);
    assert.deepEqual(got.categories.map((c) => c.channel_ids), [[], [s.dev, s.town], [s.dm]]);
    s.cats = got.categories;
});

test('another user may not read them', async () => {
    const err = await expectClientError(s.bob.client.getChannelCategories(s.alice.user.id, s.team));
    assert.equal(err.status_code, 403);
    assert.equal(err.server_error_id, 'api.context.permissions.app_error');
});

test('createChannelCategory: 201, placed after favorites, sidebar_category_created to alice only', async () => {
    const a = s.alice.user.id;
    await s.bob.client.getChannelCategories(s.bob.user.id, s.team);
    const c = await s.alice.client.createChannelCategory(a, s.team, {user_id: a, team_id: s.team, display_name: 'Work', channel_ids: [s.dev]});
    assert.equal(c.type, 'custom');
    assert.equal(c.sort_order, 10);
    assert.deepEqual(c.channel_ids, [s.dev]);
    const e = await s.wsA.waitFor((m) => m.event === 'sidebar_category_created');
    assert.deepEqual(e.data, {category_id: c.id});
    assert.equal(e.broadcast.team_id, s.team);
    await barrier();
    assert.ok(!s.wsB.events.some((m) => m.event.startsWith('sidebar_category')));
    s.work = c;
    const order = await s.alice.client.getChannelCategoryOrder(a, s.team);
    assert.deepEqual(order, [`favorites_${a}_${s.team}`, c.id, `channels_${a}_${s.team}`, `direct_messages_${a}_${s.team}`]);
});

test('updateChannelCategories: move town-square to favorites, mute Work; sidebar_category_updated', async () => {
    const a = s.alice.user.id;
    const [fav, chan] = s.cats;
    const updated = await s.alice.client.updateChannelCategories(a, s.team, [
        {...fav, channel_ids: [s.town]}, {...chan, channel_ids: []}, {...s.work, muted: true}]);
    assert.deepEqual(updated.map((c) => c.channel_ids), [[s.town], [], [s.dev]]);
    assert.equal(updated[2].muted, true);
    const e = await s.wsA.waitFor((m) => m.event === 'sidebar_category_updated');
    assert.deepEqual(JSON.parse(e.data.updatedCategories), updated);
    const member = await s.wsA.waitFor((m) => m.event === 'channel_member_updated');
    assert.equal(JSON.parse(member.data.channelMember).notify_props.mark_unread, 'mention');
    assert.equal(fx.markUnread(s.dev, a), 'mention');
    await barrier();
    assert.ok(!s.wsB.events.some((m) => m.event.startsWith('sidebar_category') || m.event === 'channel_member_updated'));
    const got = await s.alice.client.getChannelCategories(a, s.team);
    assert.deepEqual(got.categories.map((c) => c.channel_ids), [[s.town], [s.dev], [], [s.dm]]);
});

test('updateChannelCategoryOrder: sidebar_category_order_updated with the order', async () => {
    const a = s.alice.user.id;
    const order = await s.alice.client.getChannelCategoryOrder(a, s.team);
    const reversed = [...order].reverse();
    assert.deepEqual(await s.alice.client.updateChannelCategoryOrder(a, s.team, reversed), reversed);
    const e = await s.wsA.waitFor((m) => m.event === 'sidebar_category_order_updated');
    assert.deepEqual(e.data.order, reversed);
    assert.deepEqual((await s.alice.client.getChannelCategories(a, s.team)).order, reversed);
});

test('deleteChannelCategory: a custom one goes, its channels return to Channels; defaults stay', async () => {
    const a = s.alice.user.id;
    await s.alice.client.deleteChannelCategory(a, s.team, s.work.id);
    const e = await s.wsA.waitFor((m) => m.event === 'sidebar_category_deleted');
    assert.deepEqual(e.data, {category_id: s.work.id});
    const got = await s.alice.client.getChannelCategories(a, s.team);
    assert.ok(!got.order.includes(s.work.id));
    assert.deepEqual(got.categories.find((c) => c.type === 'channels').channel_ids, [s.dev]);
    const err = await expectClientError(s.alice.client.deleteChannelCategory(a, s.team, `channels_${a}_${s.team}`));
    assert.equal(err.status_code, 400);
    assert.equal(err.server_error_id, 'app.channel.sidebar_categories.app_error');
});
