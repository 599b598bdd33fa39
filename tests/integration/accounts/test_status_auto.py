"""Automatic statuses through the WebSocket layer (app/status.h): online on connect, offline on
close, and a manual status is never overridden by them."""

import time

import websocket


def wait_status(api, uid, want, timeout=5.0):
    deadline = time.monotonic() + timeout
    got = None
    while time.monotonic() < deadline:
        got = api.get("/users/%s/status" % uid).json()["status"]
        if got == want:
            return got
        time.sleep(0.05)
    return got


def connect(acc, token):
    ws = websocket.create_connection(acc.base.replace("http", "ws") + "/api/v4/websocket",
                                     header=["Authorization: Bearer " + token], timeout=5)
    ws.recv()  # hello
    return ws


def test_online_on_connect_offline_on_close(accounts):
    acc = accounts()
    u, api = acc.user_and_api()
    ws = connect(acc, api.token)
    try:
        assert wait_status(api, u["id"], "online") == "online"
        s = api.get("/users/me/status").json()
        assert s["manual"] is False and s["last_activity_at"] > 0
    finally:
        ws.close()
    assert wait_status(api, u["id"], "offline") == "offline"


def test_manual_status_survives_connect(accounts):
    acc = accounts()
    u, api = acc.user_and_api()
    api.put("/users/me/status", json={"user_id": u["id"], "status": "dnd"})
    ws = connect(acc, api.token)
    try:
        time.sleep(0.5)
        assert api.get("/users/me/status").json()["status"] == "dnd"
    finally:
        ws.close()
    time.sleep(0.5)
    assert api.get("/users/me/status").json()["status"] == "dnd"
