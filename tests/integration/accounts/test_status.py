"""Statuses: default offline, manual set with dnd_end_time, many at once, others' status."""

import time

from conftest import assert_error


def test_get_put_and_ids(accounts):
    acc = accounts()
    u, api = acc.user_and_api()
    s = api.get("/users/me/status").json()
    assert s == {"user_id": u["id"], "status": "offline", "manual": False, "last_activity_at": 0, "dnd_end_time": 0}
    r = api.put("/users/%s/status" % u["id"], json={"user_id": u["id"], "status": "away"})
    assert r.status_code == 200 and r.json()["status"] == "away" and r.json()["manual"] is True
    got = api.post("/users/status/ids", json=[u["id"], acc.admin_user["id"]]).json()
    assert {x["user_id"]: x["status"] for x in got} == {u["id"]: "away", acc.admin_user["id"]: "offline"}
    assert api.get("/users/%s/status" % u["id"]).json()["status"] == "away"


def test_dnd_with_end_time_falls_back(accounts):
    acc = accounts()
    u, api = acc.user_and_api()
    api.put("/users/me/status", json={"user_id": u["id"], "status": "online"})
    end = int(time.time()) + 3600
    r = api.put("/users/me/status", json={"user_id": u["id"], "status": "dnd", "dnd_end_time": end})
    assert r.json()["status"] == "dnd" and r.json()["dnd_end_time"] == end
    acc.sql("UPDATE status SET dnd_end_time = %s WHERE user_id = %s", int(time.time()) - 1, u["id"])
    s = api.get("/users/me/status").json()
    assert s["status"] == "online" and s["dnd_end_time"] == 0


def test_status_errors(accounts):
    acc = accounts()
    u, api = acc.user_and_api()
    path = "/users/%s/status" % u["id"]
    assert_error(api.put(path, json={"user_id": u["id"], "status": "busy"}), 400,
                 "api.context.invalid_body_param.app_error")
    assert_error(api.put(path, json={"user_id": u["id"], "status": 1}), 400, "api.context.invalid_body_param.app_error")
    assert_error(api.put(path, json={"user_id": u["id"], "status": "away", "dnd_end_time": int(time.time()) + 60}),
                 400, "api.context.invalid_body_param.app_error")
    assert_error(api.put(path, json={"user_id": acc.admin_user["id"], "status": "away"}), 400,
                 "api.context.invalid_body_param.app_error")
    admin_path = "/users/%s/status" % acc.admin_user["id"]
    assert_error(api.put(admin_path, json={"user_id": acc.admin_user["id"], "status": "away"}), 403,
                 "api.context.permissions.app_error")
    assert_error(api.post("/users/status/ids", json=["bad"]), 400, "api.context.invalid_body_param.app_error")
    assert_error(api.post("/users/status/ids", json={"ids": []}), 400, "api.context.invalid_body_param.app_error")
