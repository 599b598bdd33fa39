"""Automatic statuses through the WebSocket layer (app/status.h): online on connect, offline on
close, and a manual status is never overridden by them.

Deterministic, without waiting windows: the core runs one worker (SqlSettings.MaxOpenConns 1),
whose queue is first in, first out, and the status changes are jobs on it. The online job is queued
before the hello is sent, the offline job before the server closes the socket; a REST call made
after the hello (or after the end of the stream) is queued behind it, so it sees its result.
"""

import websocket

ONE_WORKER = {"SqlSettings": {"MaxOpenConns": 1}}


def connect(acc, token):
    """Open a WebSocket and read the hello: the online job is queued by then."""
    ws = websocket.create_connection(acc.base.replace("http", "ws") + "/api/v4/websocket",
                                     header=["Authorization: Bearer " + token], timeout=10)
    hello = ws.recv()
    assert '"event":"hello"' in hello, hello
    return ws


def close_and_drain(ws):
    """Close handshake, then read to the end of the stream: the offline job is queued by then."""
    ws.send_close()
    ws.sock.settimeout(10)
    while ws.sock.recv(65536):
        pass
    ws.shutdown()


def status_of(api, uid):
    r = api.get("/users/%s/status" % uid)
    assert r.status_code == 200, r.text
    return r.json()


def set_last_activity(acc, uid, ms):
    acc.sql("UPDATE status SET last_activity_at = %s WHERE user_id = %s", ms, uid)
    assert acc.sql("SELECT last_activity_at FROM status WHERE user_id = %s", uid) == [(ms,)]


def test_online_on_connect_offline_on_close(accounts):
    acc = accounts(config=ONE_WORKER)
    u, api = acc.user_and_api()
    assert status_of(api, u["id"])["status"] == "offline"
    ws = connect(acc, api.token)
    s = status_of(api, u["id"])
    assert (s["status"], s["manual"]) == ("online", False)
    assert s["last_activity_at"] > 0
    close_and_drain(ws)
    s = status_of(api, u["id"])
    assert (s["status"], s["manual"]) == ("offline", False)


def test_manual_status_survives_connect_and_close(accounts):
    acc = accounts(config=ONE_WORKER)
    u, api = acc.user_and_api()
    r = api.put("/users/me/status", json={"user_id": u["id"], "status": "dnd"})
    assert r.status_code == 200, r.text
    # An activity a minute old: the online job then records activity, so its run is visible.
    set_last_activity(acc, u["id"], 1)
    ws = connect(acc, api.token)
    s = status_of(api, u["id"])
    assert s["last_activity_at"] > 1  # the online job ran ...
    assert (s["status"], s["manual"]) == ("dnd", True)  # ... and kept the manual status
    close_and_drain(ws)
    ws = connect(acc, api.token)  # queued behind the offline job of the first connection
    try:
        s = status_of(api, u["id"])
        assert (s["status"], s["manual"]) == ("dnd", True)
    finally:
        close_and_drain(ws)
    s = status_of(api, u["id"])
    assert (s["status"], s["manual"]) == ("dnd", True)
