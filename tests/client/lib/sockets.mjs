// WebSocketClient helpers for the client tests: a recording socket with waitFor, and a barrier that proves
// every socket got what was published before it (new_user reaches everyone).
import {WebSocketClient, newClient} from './parley.mjs';

/** A WebSocketClient recording its events; resolves once hello arrived. waitFor(pred) consumes the first match. */
export async function connect(token) {
    const ws = new WebSocketClient({minWebSocketRetryTime: 50, maxWebSocketRetryTime: 200, reconnectJitterRange: 10});
    const events = [];
    const waiters = [];
    ws.addMessageListener((msg) => {
        events.push(msg);
        for (const w of [...waiters]) {
            if (w.pred(msg)) {
                waiters.splice(waiters.indexOf(w), 1);
                events.splice(events.indexOf(msg), 1);
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
    const count = (pred) => events.filter(pred).length;
    const hello = waitFor((m) => m.event === 'hello');
    ws.initialize(newClient().getWebSocketUrl().replace(/^http/, 'ws'), token);
    await hello;
    return {ws, events, waitFor, count};
}

/** makeUser(): a new account (POST /users); once every socket heard its new_user, earlier events are in. */
export async function barrier(makeUser, sockets) {
    const user = await makeUser();
    await Promise.all(sockets.map((s) => s.waitFor((m) => m.event === 'new_user' && m.data.user_id === user.id)));
}
