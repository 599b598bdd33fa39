"""Assertions shared by the core suites."""

import re

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
