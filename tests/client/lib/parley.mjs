// Shared helpers for the client-compatibility suite: the official @mattermost/client driven from Node.
//
// PARLEY_URL (default http://127.0.0.1:8065) names the parley-core under test. The runner
// (tests/integration/client/test_client_compat.py) starts a private PostgreSQL + parley-core and sets it.
//
// Node 20 has no global WebSocket or CloseEvent, which WebSocketClient needs (reference §5.2):
// importing this module installs the `ws` package as globalThis.WebSocket and a CloseEvent polyfill.

import mmclient from '@mattermost/client';
import WS from 'ws';

export const {Client4, ClientError, WebSocketClient, WebSocketEvents} = mmclient;

export const PARLEY_URL = (process.env.PARLEY_URL || 'http://127.0.0.1:8065').replace(/\/+$/, '');

if (typeof globalThis.WebSocket === 'undefined') {
    globalThis.WebSocket = WS;
}
if (typeof globalThis.CloseEvent === 'undefined') {
    globalThis.CloseEvent = class CloseEvent extends Event {
        constructor(type, init = {}) {
            super(type);
            this.code = init.code ?? 0;
            this.reason = init.reason ?? '';
            this.wasClean = init.wasClean ?? false;
        }
    };
}

/** A Client4 pointed at PARLEY_URL, optionally authenticated with a token. */
export function newClient(token) {
    const client = new Client4();
    client.setUrl(PARLEY_URL);
    if (token) {
        client.setToken(token);
    }
    return client;
}

/** A unique suffix for names created by a test (files run in parallel against one server). */
export function uniqueSuffix() {
    return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Await a promise that must reject with a ClientError; returns the error so the test can assert
 * status_code and server_error_id (the AppError id).
 */
export async function expectClientError(promise) {
    try {
        await promise;
    } catch (err) {
        if (!(err instanceof ClientError)) {
            throw err;
        }
        return err;
    }
    throw new Error('expected a ClientError, the call succeeded');
}
