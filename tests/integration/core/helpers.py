"""Assertions shared by the core suites."""

import re

import requests

ID_RE = re.compile(r"^[a-z0-9]{26}$")


def assert_common_headers(r, method="GET"):
    assert ID_RE.match(r.headers["X-Request-Id"]), r.headers
    parts = r.headers["X-Version-Id"].split(".")
    assert parts[:3] == ["11", "9", "0"], r.headers["X-Version-Id"]
    assert parts[-1] == "false"
    assert re.match(r"^[0-9a-f]{32}$", parts[-2]), r.headers["X-Version-Id"]
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Referrer-Policy"] == "no-referrer"
    if method == "GET":
        assert r.headers["Expires"] == "0"


def assert_app_error(r, status, error_id):
    """An AppError: exact content type, the five fields, request_id == X-Request-Id."""
    assert r.status_code == status, (r.status_code, r.text)
    assert r.headers["Content-Type"] == "application/json"
    body = r.json()
    assert set(body) == {"id", "message", "detailed_error", "request_id", "status_code"}, body
    assert body["id"] == error_id, body
    assert body["status_code"] == status
    assert body["request_id"] == r.headers["X-Request-Id"]
    assert ID_RE.match(body["request_id"])
    assert isinstance(body["message"], str) and body["message"]
    return body


PASSWORD = "Passw0rd!long"


class User:
    """A new account (needs TeamSettings.EnableOpenServer or the first account), logged in with a
    MMAUTHTOKEN cookie (cookie=True) or a Bearer token."""

    def __init__(self, base, username, cookie):
        self.base = base
        r = requests.post(base + "/api/v4/users", json={"username": username, "email": f"{username}@example.com",
                                                         "password": PASSWORD}, timeout=30)
        assert r.status_code == 201, r.text
        self.id = r.json()["id"]
        r = requests.post(base + "/api/v4/users/login", json={"login_id": username, "password": PASSWORD}, timeout=30)
        assert r.status_code == 200, r.text
        self.token = r.headers["Token"]
        if cookie:
            self.headers = {"Cookie": f"MMAUTHTOKEN={self.token}"}
        else:
            self.headers = {"Authorization": "Bearer " + self.token}

    def get(self, path="/users/me"):
        return requests.get(self.base + "/api/v4" + path, headers=self.headers, timeout=30)

    def patch_me(self, nickname):
        h = dict(self.headers)
        if "Cookie" in h:
            h["X-Requested-With"] = "XMLHttpRequest"  # the CSRF rule for cookie sessions
        return requests.put(self.base + "/api/v4/users/me/patch", json={"nickname": nickname}, headers=h, timeout=30)
