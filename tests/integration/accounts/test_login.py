"""Login, logout, cookies, CSRF, token precedence, lock-out and the per-address rate limit."""

import requests

from conftest import PASSWORD, assert_error


def test_login_by_username_and_email(accounts):
    acc = accounts()
    u = acc.create_user(api=acc.admin)
    api = acc.api()
    r = api.login(u["username"])
    assert r.status_code == 200 and len(r.headers["Token"]) == 26
    assert r.json()["id"] == u["id"] and "password" not in r.json()
    assert "Set-Cookie" not in r.headers  # cookies only for XMLHttpRequest callers
    assert api.get("/users/me").json()["id"] == u["id"]
    r = acc.api().login(u["email"].upper())
    assert r.status_code == 200 and r.json()["id"] == u["id"]


def test_login_errors(accounts):
    acc = accounts()
    u = acc.create_user(api=acc.admin)
    api = acc.api()
    assert_error(api.login(u["username"], "wrong-password"), 401, "api.user.login.invalid_credentials_email_username")
    assert_error(api.login("nobody"), 401, "api.user.login.invalid_credentials_email_username")
    assert_error(api.login(u["username"], ""), 400, "api.user.login.blank_pwd.app_error")
    assert_error(api.post("/users/login", json={"login_id": u["username"], "password": 123}), 400,
                 "api.context.invalid_body_param.app_error")
    assert_error(api.post("/users/login", json={"login_id": u["username"], "password": PASSWORD, "token": None}), 400,
                 "api.context.invalid_body_param.app_error")
    assert_error(api.post("/users/login", json=[u["username"], PASSWORD]), 400,
                 "api.context.invalid_body_param.app_error")
    assert_error(api.post("/users/login", data="{\"login_id\":", headers={"Content-Type": "application/json"}), 400,
                 "api.context.invalid_body_param.app_error")
    # client4 sends deviceId and token as strings: accepted
    ok = api.post("/users/login", json={"login_id": u["username"], "password": PASSWORD, "token": "", "deviceId": ""})
    assert ok.status_code == 200


def test_lockout_after_maximum_login_attempts(accounts):
    acc = accounts()  # MaximumLoginAttempts = 3 in the suite config
    u = acc.create_user(api=acc.admin)
    for _ in range(3):
        assert_error(acc.api().login(u["username"], "bad-password"), 401,
                     "api.user.login.invalid_credentials_email_username")
    assert_error(acc.api().login(u["username"]), 401, "api.user.check_user_login_attempts.too_many.app_error")
    # an admin resetting the password unlocks the account
    assert acc.admin.put("/users/%s/password" % u["id"], json={"new_password": "Unlocked1!"}).status_code == 200
    assert acc.api().login(u["username"], "Unlocked1!").status_code == 200


def test_rate_limit_per_address(accounts):
    acc = accounts({"RateLimitSettings": {"Enable": True, "PerSec": 1, "MaxBurst": 2}})
    u = acc.create_user(api=acc.admin)
    # burst 2 = 3 requests at once; the fixture's admin login was the first
    codes = [acc.api().login(u["username"]).status_code for _ in range(2)]
    assert codes == [200, 200]
    r = acc.api().login(u["username"])
    assert_error(r, 429, "api.context.rate_limit_exceeded.app_error")
    assert int(r.headers["Retry-After"]) >= 1
    assert acc.admin.get("/users/me").status_code == 200  # other endpoints are not limited


def test_cookies_and_csrf(accounts):
    acc = accounts()
    u = acc.create_user(api=acc.admin)
    r = requests.post(acc.base + "/api/v4/users/login", json={"login_id": u["username"], "password": PASSWORD},
                      headers={"X-Requested-With": "XMLHttpRequest"})
    assert r.status_code == 200
    cookies = r.headers.get("Set-Cookie")
    token, csrf = r.cookies["MMAUTHTOKEN"], r.cookies["MMCSRF"]
    assert token == r.headers["Token"] and r.cookies["MMUSERID"] == u["id"]
    raw = [c.strip() for c in r.raw.headers.getlist("Set-Cookie")]
    auth_cookie = [c for c in raw if c.startswith("MMAUTHTOKEN=")][0]
    assert "HttpOnly" in auth_cookie and "Max-Age=" in auth_cookie and "Path=/" in auth_cookie
    assert all("HttpOnly" not in c for c in raw if c.startswith(("MMUSERID=", "MMCSRF="))), cookies
    jar = {"Cookie": f"MMAUTHTOKEN={token}"}
    url = acc.base + "/api/v4/users/me/patch"
    assert requests.get(acc.base + "/api/v4/users/me", headers=jar).status_code == 200  # GET: no CSRF
    assert_error(requests.put(url, json={"nickname": "a"}, headers=jar), 401, "api.context.session_expired.app_error")
    bad = dict(jar, **{"X-CSRF-Token": "w" * 26})
    assert_error(requests.put(url, json={"nickname": "a"}, headers=bad), 401, "api.context.session_expired.app_error")
    good = dict(jar, **{"X-CSRF-Token": csrf})
    assert requests.put(url, json={"nickname": "b"}, headers=good).status_code == 200
    legacy = dict(jar, **{"X-Requested-With": "XMLHttpRequest"})
    assert requests.put(url, json={"nickname": "c"}, headers=legacy).status_code == 200
    # a Bearer request is never CSRF-checked
    bearer = {"Authorization": "Bearer " + token}
    assert requests.put(url, json={"nickname": "d"}, headers=bearer).status_code == 200


def test_strict_csrf_refuses_legacy_header(accounts):
    acc = accounts({"ServiceSettings": {"ExperimentalStrictCSRFEnforcement": True}})
    u = acc.create_user(api=acc.admin)
    token = acc.api().login(u["username"]).headers["Token"]
    headers = {"Cookie": f"MMAUTHTOKEN={token}", "X-Requested-With": "XMLHttpRequest"}
    assert_error(requests.put(acc.base + "/api/v4/users/me/patch", json={"nickname": "x"}, headers=headers), 401,
                 "api.context.session_expired.app_error")


def test_token_precedence_cookie_over_bearer(accounts):
    acc = accounts()
    a, api_a = acc.user_and_api()
    b, api_b = acc.user_and_api()
    headers = {"Cookie": f"MMAUTHTOKEN={api_a.token}", "Authorization": "Bearer " + api_b.token}
    assert requests.get(acc.base + "/api/v4/users/me", headers=headers).json()["id"] == a["id"]
    headers = {"Authorization": "Token " + api_b.token}
    assert requests.get(acc.base + "/api/v4/users/me", headers=headers).json()["id"] == b["id"]
    r = requests.get(acc.base + "/api/v4/users/me?access_token=" + api_b.token)
    assert_error(r, 401, "api.context.token_provided.app_error")
    # an invalid cookie is cleared
    r = requests.get(acc.base + "/api/v4/users/me", headers={"Cookie": "MMAUTHTOKEN=" + "n" * 26})
    assert r.status_code == 401 and "MMAUTHTOKEN=;" in r.headers.get("Set-Cookie", "")


def test_logout_revokes_session(accounts):
    acc = accounts()
    u, api = acc.user_and_api()
    token = api.token
    r = api.post("/users/logout")
    assert r.status_code == 200 and r.json() == {"status": "OK"}
    assert_error(acc.api(token).get("/users/me"), 401, "api.context.session_expired.app_error")
    assert acc.api().post("/users/logout").status_code == 200  # without a session too


def test_bot_cannot_log_in_with_password(accounts):
    acc = accounts({"ServiceSettings": {"SessionCacheInMinutes": 0}})  # edits users with SQL
    bot = acc.admin.post("/bots", json={"username": "robot"}).json()
    acc.sql("UPDATE users SET password = (SELECT password FROM users WHERE username = 'admin') WHERE id = %s",
            bot["user_id"])
    assert_error(acc.api().login("robot"), 401, "api.user.login.bot_login_forbidden.app_error")
