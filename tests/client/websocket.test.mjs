// The official WebSocketClient (@mattermost/client) against parley-core: authentication challenge,
// hello at seq 0 then +1 per event, ping/pong, statuses, an event caused over REST, and a
// reconnect that resumes the same connection without a gap.
import {test, before} from 'node:test';
import assert from 'node:assert/strict';

import {PARLEY_URL, WebSocketClient, newClient, uniqueSuffix} from './lib/parley.mjs';

const PASSWORD = 'Passw0rd!long-enough';
let me; // {user, client, token}

before(async () => {
    const anon = newClient();
    const name = `ws${uniqueSuffix()}`;
    const user = await anon.createUser({username: name, email: `${name}@example.com`, password: PASSWORD});
    const client = newClient();
    await client.login(name, PASSWORD);
    me = {user, client, token: client.getToken()};
});

function wsUrl() {
    return newClient().getWebSocketUrl().replace(/^http/, 'ws');
}

/** A WebSocketClient with its events recorded; resolves once hello arrived. */
async function connect(extraConfig = {}) {
    const ws = new WebSocketClient({minWebSocketRetryTime: 50, maxWebSocketRetryTime: 200, reconnectJitterRange: 10,
        ...extraConfig});
    const events = [];
    const waiters = [];
    const missed = {count: 0};
    // Registered before the first hello, as the webapp does: only then does the client keep the
    // connection id and send it back on reconnect.
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
            const w = {pred, resolve};
            waiters.push(w);
            setTimeout(() => reject(new Error(`no matching event within ${ms} ms; got ${JSON.stringify(events)}`)), ms);
        });
    };
    const hello = waitFor((m) => m.event === 'hello');
    ws.initialize(wsUrl(), me.token);
    await hello;
    return {ws, events, waitFor, missed};
}

function call(ws, fn) {
    return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('no seq_reply')), 5000);
        fn((msg) => {
            clearTimeout(t);
            resolve(msg);
        });
    });
}

test('hello at seq 0 with the server version and a connection id', async () => {
    const {ws, events} = await connect();
    try {
        const hello = events[0];
        assert.equal(hello.event, 'hello');
        assert.equal(hello.seq, 0);
        assert.equal(hello.data.connection_id.length, 26);
        assert.equal(hello.broadcast.user_id, me.user.id);
        const res = await fetch(`${PARLEY_URL}/api/v4/system/ping`);
        assert.equal(hello.data.server_version, res.headers.get('X-Version-Id'));
        assert.equal(ws.connectionId, hello.data.connection_id);
    } finally {
        ws.close();
    }
});

test('ping is answered with a seq_reply pong', async () => {
    const {ws} = await connect();
    try {
        const reply = await call(ws, (cb) => ws.ping(cb));
        assert.equal(reply.status, 'OK');
        assert.equal(reply.data.text, 'pong');
        assert.match(reply.data.version, /^11\.\d+\.\d+$/);
        assert.ok(Math.abs(reply.data.server_time - Date.now()) < 5000);
    } finally {
        ws.close();
    }
});

test('getStatusesByIds reports the connected user online', async () => {
    const {ws} = await connect();
    try {
        let reply;
        for (let i = 0; i < 50; i++) {
            reply = await call(ws, (cb) => ws.getStatusesByIds([me.user.id], cb));
            if (reply.data[me.user.id] === 'online') {
                break;
            }
            await new Promise((r) => setTimeout(r, 100));
        }
        assert.equal(reply.status, 'OK');
        assert.equal(reply.data[me.user.id], 'online');
    } finally {
        ws.close();
    }
});

test('events caused over REST arrive with seq +1 each, no gap', async () => {
    const {ws, events, waitFor} = await connect();
    try {
        for (let i = 0; i < 20; i++) {
            await me.client.savePreferences(me.user.id, [{user_id: me.user.id, category: 'display_settings',
                name: 'wsclient', value: String(i)}]);
        }
        await waitFor((m) => m.event === 'preferences_changed' && m.data.preferences.includes('"value":"19"'));
        const seqs = events.map((m) => m.seq);
        assert.deepEqual(seqs, seqs.map((_, i) => i), `seq must count 0,1,2,...: ${seqs}`);
    } finally {
        ws.close();
    }
});

test('a dropped socket reconnects and resumes the same connection', async () => {
    const {ws, events, waitFor, missed} = await connect();
    const reconnected = new Promise((resolve) => ws.addReconnectListener(resolve));
    try {
        const id = ws.connectionId;
        await me.client.savePreferences(me.user.id, [{user_id: me.user.id, category: 'display_settings',
            name: 'resume', value: 'before'}]);
        await waitFor((m) => m.event === 'preferences_changed' && m.data.preferences.includes('before'));
        ws.conn.terminate(); // the TCP connection dies without a close handshake
        await me.client.savePreferences(me.user.id, [{user_id: me.user.id, category: 'display_settings',
            name: 'resume', value: 'during'}]);
        await reconnected;
        await waitFor((m) => m.event === 'preferences_changed' && m.data.preferences.includes('during'));
        assert.equal(ws.connectionId, id, 'resumed: same connection id');
        assert.equal(missed.count, 0, 'no missed-message resync');
        const seqs = events.map((m) => m.seq);
        assert.deepEqual(seqs, seqs.map((_, i) => i));
        const reply = await call(ws, (cb) => ws.ping(cb));
        assert.equal(reply.status, 'OK');
    } finally {
        ws.close();
    }
});

test('a bad token closes the socket', async () => {
    const ws = new WebSocketClient({minWebSocketRetryTime: 60000});
    const closed = new Promise((resolve) => ws.addCloseListener(resolve));
    ws.initialize(wsUrl(), 'x'.repeat(26));
    await closed;
    ws.close();
});
