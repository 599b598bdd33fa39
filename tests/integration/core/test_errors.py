"""AppErrors from the skeleton: unknown routes, wrong methods, oversize and malformed bodies."""

import json
import os
import re
import socket
import sys

import requests

sys.path.insert(0, os.path.dirname(__file__))
from helpers import assert_app_error, assert_common_headers  # noqa: E402


def test_unknown_api_route_is_404(core):
    svc = core()
    r = requests.get(svc.url("/api/v4/does/not/exist"))
    assert_app_error(r, 404, "api.context.404.app_error")
    assert_common_headers(r)
    assert "Cache-Control" not in r.headers


def test_unknown_route_outside_api_is_404(core):
    svc = core()
    assert_app_error(requests.get(svc.url("/nothing-here")), 404, "api.context.404.app_error")
    assert_app_error(requests.delete(svc.url("/api/v4/users/abc/no-such-resource")), 404, "api.context.404.app_error")


def test_wrong_method_is_405(core):
    svc = core()
    r = requests.post(svc.url("/api/v4/system/ping"), json={})
    assert_app_error(r, 405, "api.context.405.app_error")
    assert r.headers["Allow"] == "GET"
    assert_common_headers(r, method="POST")
    assert "Expires" not in r.headers  # only on GET


def test_detail_hidden_for_5xx_unless_developer(core):
    svc = core()
    r = requests.get(svc.url("/api/v4/does/not/exist"))
    assert r.json()["detailed_error"] == "/api/v4/does/not/exist"  # 4xx detail is harmless


def test_oversize_body_is_413(core):
    svc = core(config={"ServiceSettings": {"MaximumPayloadSizeBytes": 10000, "EnableDeveloper": True}})
    ok = requests.post(svc.url("/api/v4/logs"), json={"level": "info", "message": "x" * 9000})
    assert ok.status_code == 200, ok.text
    r = requests.post(svc.url("/api/v4/logs"), data=b"{" + b" " * 20000 + b"}",
                      headers={"Content-Type": "application/json"})
    assert_app_error(r, 413, "api.context.request_body_too_large.app_error")
    assert_common_headers(r, method="POST")


def test_oversize_chunked_body_is_413(core):
    svc = core(config={"ServiceSettings": {"MaximumPayloadSizeBytes": 10000, "EnableDeveloper": True}})

    def chunks():
        for _ in range(40):
            yield b"a" * 1000

    r = requests.post(svc.url("/api/v4/logs"), data=chunks(), headers={"Content-Type": "application/json"})
    assert_app_error(r, 413, "api.context.request_body_too_large.app_error")
    # the server is fine afterwards
    assert requests.get(svc.url("/api/v4/system/ping")).status_code == 200


def test_oversize_default_cap_300000(core):
    svc = core(config={"ServiceSettings": {"EnableDeveloper": True}})
    r = requests.post(svc.url("/api/v4/logs"), data=b"x" * 300001)
    assert_app_error(r, 413, "api.context.request_body_too_large.app_error")


def test_malformed_json_is_400(core):
    svc = core(config={"ServiceSettings": {"EnableDeveloper": True}})
    for body in (b"{not json", b"", b"[1,2]", b'{"level": "info", "message": "unterminated'):
        r = requests.post(svc.url("/api/v4/logs"), data=body, headers={"Content-Type": "application/json"})
        assert_app_error(r, 400, "api.context.invalid_body_param.app_error")
    r = requests.post(svc.url("/api/v4/logs"), json={"level": "error", "message": "client says hi"})
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "application/json"
    assert r.json() == {"level": "error", "message": "client says hi"}


def test_duplicate_json_keys_are_400(core):
    svc = core(config={"ServiceSettings": {"EnableDeveloper": True}})
    for body in (b'{"level": "info", "level": "error", "message": "m"}',
                 b'{"level": "info", "message": "a", "message": "b"}'):
        r = requests.post(svc.url("/api/v4/logs"), data=body, headers={"Content-Type": "application/json"})
        body = assert_app_error(r, 400, "api.context.invalid_body_param.app_error")
        assert "duplicate object key" in body["detailed_error"], body
    r = requests.post(svc.url("/api/v4/logs"), data=b'{"level": "info", "message": "m"}',
                      headers={"Content-Type": "application/json"})
    assert r.status_code == 200
    assert r.json() == {"level": "info", "message": "m"}


def test_client_log_needs_session_without_developer_mode(core):
    svc = core()
    r = requests.post(svc.url("/api/v4/logs"), json={"level": "info", "message": "m"})
    assert_app_error(r, 403, "api.context.permissions.app_error")


def test_garbage_request_line_does_not_hurt(core):
    svc = core()
    with socket.create_connection(("127.0.0.1", svc.port), timeout=5) as s:
        s.sendall(b"\x00\x01garbage\r\n\r\n")
        s.recv(4096)
    with socket.create_connection(("127.0.0.1", svc.port), timeout=5) as s:
        s.sendall(b"GET /api/v4/system/ping HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n")
        s.recv(4096)
    assert requests.get(svc.url("/api/v4/system/ping")).status_code == 200


def test_percent_encoded_path_is_routed(core):
    svc = core()
    r = requests.get(svc.url("/api/v4/system/p%69ng"))
    # as Go's net/http + gorilla/mux in Mattermost: the path is matched after percent-decoding
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"] == "application/json"
    assert r.json()["status"] == "OK"


def test_huge_declared_body_refused_before_reading(core):
    svc = core()
    with socket.create_connection(("127.0.0.1", svc.port), timeout=5) as s:
        s.sendall(b"POST /api/v4/logs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  b"Content-Length: 1000000000\r\n\r\n")
        data = b""
        while b"\r\n\r\n" not in data or not data.rstrip().endswith(b"}"):
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413"), head
    assert b"\r\ncontent-type: application/json\r\n" in head.lower() + b"\r\n"
    assert b'"id":"api.context.request_body_too_large.app_error"' in body
    assert b'"status_code":413' in body


def test_url_too_long_is_414(core):
    svc = core()
    r = requests.get(svc.url("/api/v4/system/ping?pad=" + "x" * 2100))
    assert_app_error(r, 414, "basic_security_check.url.too_long_error")
    assert requests.get(svc.url("/api/v4/system/ping?pad=" + "x" * 1900)).status_code == 200


def _raw_exchange(port, request):
    """Send request on a fresh connection and read until the server closes it; (head, body)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        try:
            s.sendall(request)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server may answer and close before it has read everything
        data = b""
        while True:
            try:
                chunk = s.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return head, body


def _assert_431(head, body):
    lines = head.split(b"\r\n")
    assert lines[0] == b"HTTP/1.1 431 Request Header Fields Too Large", head
    fields = dict(ln.lower().split(b": ", 1) for ln in lines[1:])
    assert fields[b"content-type"] == b"application/json", head
    assert fields[b"connection"] == b"close", head
    assert int(fields[b"content-length"]) == len(body), head
    err = json.loads(body)
    assert set(err) == {"id", "message", "detailed_error", "request_id", "status_code"}, err
    assert err["id"] == "api.context.request_header_fields_too_large.app_error"
    assert err["message"] == "Request header fields too large."
    assert err["status_code"] == 431
    assert re.match(r"^[a-z0-9]{26}$", err["request_id"]), err
    assert fields[b"x-request-id"].decode() == err["request_id"]


def test_too_many_request_headers_is_431(core):
    svc = core()
    many = b"".join(b"X-H%d: v\r\n" % i for i in range(150))
    head, body = _raw_exchange(svc.port, b"GET /api/v4/system/ping HTTP/1.1\r\nHost: x\r\n" + many + b"\r\n")
    _assert_431(head, body)
    # 90 headers are fine (h2o's limit is 100)
    some = b"".join(b"X-H%d: v\r\n" % i for i in range(90))
    head, _ = _raw_exchange(svc.port, b"GET /api/v4/system/ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + some + b"\r\n")
    assert head.startswith(b"HTTP/1.1 200 "), head


def test_oversized_request_header_is_431(core):
    svc = core()
    big = b"X-Big: " + b"a" * 500000 + b"\r\n"
    head, body = _raw_exchange(svc.port, b"GET /api/v4/system/ping HTTP/1.1\r\nHost: x\r\n" + big + b"\r\n")
    _assert_431(head, body)
    assert requests.get(svc.url("/api/v4/system/ping")).status_code == 200


def test_malformed_request_is_still_400(core):
    svc = core()
    head, body = _raw_exchange(svc.port, b"GET /api/v4/system/ping HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n")
    assert head.split(b"\r\n")[0] == b"HTTP/1.1 400 Bad Request", head
