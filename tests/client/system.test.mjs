// System endpoints every official client calls before login: ping, client config, client license.
import {test} from 'node:test';
import assert from 'node:assert/strict';

import {newClient} from './lib/parley.mjs';

test('ping answers status OK as parsed JSON', async () => {
    const client = newClient();
    const body = await client.ping();
    assert.equal(typeof body, 'object', 'body must be JSON (Content-Type exactly application/json)');
    assert.equal(body.status, 'OK');
});

test('ping with server status checks the database and the file store', async () => {
    const client = newClient();
    const body = await client.ping(true);
    assert.equal(body.status, 'OK');
    assert.equal(body.database_status, 'OK');
    assert.equal(body.filestore_status, 'OK');
});

test('ping reports an 11.x server version through X-Version-Id', async () => {
    const client = newClient();
    await client.ping();
    assert.match(client.getServerVersion(), /^11\.\d+\.\d+/);
});

test('getClientConfig returns a flat map of strings with an 11.x Version', async () => {
    const client = newClient();
    const config = await client.getClientConfig();
    assert.equal(typeof config, 'object');
    assert.match(config.Version, /^11\./);
    for (const [key, value] of Object.entries(config)) {
        assert.equal(typeof value, 'string', `config value ${key} must be a string`);
    }
    for (const key of ['SiteName', 'EnableSignInWithEmail', 'EnableSignUpWithEmail', 'PasswordMinimumLength']) {
        assert.ok(key in config, `config lacks ${key}`);
    }
    assert.match(config.PasswordMinimumLength, /^\d+$/);
    assert.ok(['true', 'false'].includes(config.EnableSignUpWithEmail));
});

test('getClientLicenseOld reports an unlicensed server', async () => {
    const client = newClient();
    const license = await client.getClientLicenseOld();
    assert.equal(typeof license, 'object');
    assert.equal(license.IsLicensed, 'false');
});
