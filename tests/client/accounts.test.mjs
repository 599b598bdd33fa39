// Accounts through the official client: users, login/logout, profiles, statuses, preferences,
// personal access tokens, roles and bots. The runner starts this file's core with
// accounts.test.config.json (tokens and bot creation on, a low hash iteration count for speed).
import {test} from 'node:test';
import assert from 'node:assert/strict';

import {newClient, expectClientError, uniqueSuffix} from './lib/parley.mjs';

const PASSWORD = 'Passw0rd!long';
const suffix = uniqueSuffix();
const state = {};

function userBody(name) {
    return {username: `${name}${suffix}`, email: `${name}${suffix}@example.com`, password: PASSWORD};
}

test('createUser: the first account becomes system_admin', async () => {
    const anon = newClient();
    const admin = await anon.createUser(userBody('admin'));
    assert.equal(typeof admin, 'object');
    assert.match(admin.id, /^[a-z0-9]{26}$/);
    assert.deepEqual(admin.roles.split(' ').sort(), ['system_admin', 'system_user']);
    assert.equal(admin.password, undefined);
    state.admin = admin;
});

test('login stores the Token header and getMe returns the account', async () => {
    const client = newClient();
    const user = await client.login(state.admin.username, PASSWORD);
    assert.equal(user.id, state.admin.id);
    assert.match(client.getToken(), /^[a-z0-9]{26}$/);
    const me = await client.getMe();
    assert.equal(me.id, state.admin.id);
    assert.equal(me.notify_props.push, 'mention');
    state.adminClient = client;
});

test('a wrong password is a 401 with the masked error id', async () => {
    const err = await expectClientError(newClient().login(state.admin.username, 'wrong-password'));
    assert.equal(err.status_code, 401);
    assert.equal(err.server_error_id, 'api.user.login.invalid_credentials_email_username');
});

test('the admin creates a user, who logs in and patches their profile', async () => {
    const bob = await state.adminClient.createUser(userBody('bob'));
    assert.equal(bob.roles, 'system_user');
    const client = newClient();
    await client.login(bob.email, PASSWORD);
    const patched = await client.patchMe({nickname: 'Bobby', position: 'Tester'});
    assert.equal(patched.nickname, 'Bobby');
    assert.equal((await client.getMe()).position, 'Tester');
    state.bob = bob;
    state.bobClient = client;
});

test('getProfilesByIds, getUserByUsername and autocompleteUsers', async () => {
    const client = state.bobClient;
    const profiles = await client.getProfilesByIds([state.admin.id, state.bob.id]);
    assert.deepEqual(profiles.map((p) => p.id).sort(), [state.admin.id, state.bob.id].sort());
    const adminSeen = profiles.find((p) => p.id === state.admin.id);
    assert.deepEqual(adminSeen.notify_props, {});
    const byName = await client.getUserByUsername(state.bob.username);
    assert.equal(byName.id, state.bob.id);
    const auto = await client.autocompleteUsers(`bob${suffix}`.slice(0, 5), '', '');
    assert.ok(Array.isArray(auto.users));
    assert.ok(auto.users.some((u) => u.id === state.bob.id));
});

test('updateStatus and getStatusesByIds', async () => {
    const client = state.bobClient;
    const status = await client.updateStatus({user_id: state.bob.id, status: 'dnd'});
    assert.equal(status.status, 'dnd');
    assert.equal(status.manual, true);
    const statuses = await client.getStatusesByIds([state.bob.id, state.admin.id]);
    const byId = Object.fromEntries(statuses.map((s) => [s.user_id, s.status]));
    assert.equal(byId[state.bob.id], 'dnd');
    assert.equal(byId[state.admin.id], 'offline');
});

test('savePreferences and getMyPreferences', async () => {
    const client = state.bobClient;
    const pref = {user_id: state.bob.id, category: 'display_settings', name: 'use_military_time', value: 'true'};
    const ok = await client.savePreferences(state.bob.id, [pref]);
    assert.equal(ok.status, 'OK');
    const prefs = await client.getMyPreferences();
    assert.ok(prefs.some((p) => p.category === pref.category && p.name === pref.name && p.value === 'true'));
});

test('createUserAccessToken gives a token that works as a Bearer token', async () => {
    const token = await state.adminClient.createUserAccessToken(state.admin.id, 'client suite');
    assert.match(token.token, /^[a-z0-9]{26}$/);
    assert.equal(token.is_active, true);
    const viaToken = newClient(token.token);
    const me = await viaToken.getMe();
    assert.equal(me.id, state.admin.id);
});

test('getRolesByNames returns the default permission lists', async () => {
    const roles = await state.bobClient.getRolesByNames(['system_user', 'team_user', 'channel_user']);
    const byName = Object.fromEntries(roles.map((r) => [r.name, r]));
    assert.ok(byName.system_user.permissions.includes('create_team'));
    assert.ok(byName.team_user.permissions.includes('view_team'));
    assert.ok(byName.channel_user.permissions.includes('create_post'));
});

test('createBot makes a bot owned by the caller; bots cannot log in with a password', async () => {
    const bot = await state.adminClient.createBot({username: `bot${suffix}`, display_name: 'Bot', description: 'd'});
    assert.equal(bot.owner_id, state.admin.id);
    assert.equal(bot.username, `bot${suffix}`);
    const err = await expectClientError(newClient().login(`bot${suffix}`, PASSWORD));
    assert.equal(err.status_code, 401);
    assert.equal(err.server_error_id, 'api.user.login.bot_login_forbidden.app_error');
});

test('logout revokes the session', async () => {
    const client = state.bobClient;
    const token = client.getToken();
    await client.logout();
    const err = await expectClientError(newClient(token).getMe());
    assert.equal(err.status_code, 401);
    assert.equal(err.server_error_id, 'api.context.session_expired.app_error');
});
