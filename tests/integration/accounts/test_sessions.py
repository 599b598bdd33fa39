"""Sessions: list, revoke, revoke all, device attach, expiry, deactivated users, other users' sessions."""

import time

from conftest import assert_error


def test_list_and_revoke(accounts):
    acc = accounts()
    u, api = acc.user_and_api()
    second = acc.api()
    assert second.login(u["username"]).status_code == 200
    sessions = api.get("/users/me/sessions").json()
    assert len(sessions) == 2
    assert all(s["token"] == "" and s["user_id"] == u["id"] and len(s["props"]["csrf"]) == 26 for s in sessions)
    victim = [s for s in sessions if s["id"]][0]["id"]
    r = api.post("/users/%s/sessions/revoke" % u["id"], json={"session_id": victim})
    assert r.status_code == 200
    alive = [a for a in (api, second) if a.get("/users/me").status_code == 200]
    assert len(alive) == 1
    assert_error(alive[0].post("/users/me/sessions/revoke", json={"session_id": victim}), 400,
                 "api.user.revoke_session.app_error")
    assert_error(alive[0].post("/users/me/sessions/revoke", json={"session_id": 5}), 400,
                 "api.context.invalid_body_param.app_error")


def test_revoke_all(accounts):
    acc = accounts()
    u, api = acc.user_and_api()
    other = acc.api()
    other.login(u["username"])
    assert acc.admin.post("/users/%s/sessions/revoke/all" % u["id"]).status_code == 200
    for a in (api, other):
        assert_error(a.get("/users/me"), 401, "api.context.session_expired.app_error")


def test_other_users_sessions_forbidden(accounts):
    acc = accounts()
    u, api = acc.user_and_api()
    admin_id = acc.admin_user["id"]
    assert_error(api.get("/users/%s/sessions" % admin_id), 403, "api.context.permissions.app_error")
    assert_error(api.post("/users/%s/sessions/revoke/all" % admin_id), 403, "api.context.permissions.app_error")
    assert acc.admin.get("/users/%s/sessions" % u["id"]).status_code == 200


def test_expired_session_is_refused(accounts):
    acc = accounts({"ServiceSettings": {"SessionCacheInMinutes": 0}})  # edits sessions with SQL
    u, api = acc.user_and_api()
    acc.sql("UPDATE sessions SET expires_at = %s WHERE user_id = %s", int(time.time() * 1000) - 1000, u["id"])
    assert_error(api.get("/users/me"), 401, "api.context.session_expired.app_error")


def test_session_length_and_extension(accounts):
    acc = accounts({"ServiceSettings": {"SessionLengthWebInHours": 2, "SessionCacheInMinutes": 0}})  # edits sessions with SQL
    u, api = acc.user_and_api()
    (exp, create), = acc.sql("SELECT expires_at, create_at FROM sessions WHERE user_id = %s", u["id"])
    assert exp - create == 2 * 3600 * 1000
    acc.sql("UPDATE sessions SET last_activity_at = 0, expires_at = expires_at - 3600000 WHERE user_id = %s", u["id"])
    assert api.get("/users/me").status_code == 200
    (exp2,), = acc.sql("SELECT expires_at FROM sessions WHERE user_id = %s", u["id"])
    assert exp2 > exp - 3600000  # activity pushed it forward again


def test_attach_device_revokes_other_sessions_with_it(accounts):
    acc = accounts({"ServiceSettings": {"SessionLengthMobileInHours": 5}})
    u, phone_old = acc.user_and_api()
    phone_new = acc.api()
    phone_new.login(u["username"])
    assert phone_old.put("/users/sessions/device", json={"device_id": "apple_rn-v2:abc"}).status_code == 200
    assert phone_new.put("/users/sessions/device", json={"device_id": "apple_rn-v2:abc"}).status_code == 200
    assert_error(phone_old.get("/users/me"), 401, "api.context.session_expired.app_error")
    s = phone_new.get("/users/me/sessions").json()
    assert [x["device_id"] for x in s] == ["apple_rn-v2:abc"]
    assert 4 * 3600 * 1000 < s[0]["expires_at"] - int(time.time() * 1000) <= 5 * 3600 * 1000
    assert_error(phone_new.put("/users/sessions/device", json={"device_id": ""}), 400,
                 "api.context.invalid_body_param.app_error")
    assert_error(phone_new.put("/users/sessions/device", json={"device_id": 7}), 400,
                 "api.context.invalid_body_param.app_error")


def test_login_with_device_id_replaces_session(accounts):
    acc = accounts()
    u = acc.create_user(api=acc.admin)
    first, second = acc.api(), acc.api()
    assert first.login(u["username"], device_id="android_rn-v2:xyz").status_code == 200
    assert second.login(u["username"], device_id="android_rn-v2:xyz").status_code == 200
    assert_error(first.get("/users/me"), 401, "api.context.session_expired.app_error")
    assert second.get("/users/me").status_code == 200
