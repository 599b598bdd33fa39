"""The HTTP API answers like mattermost-push-proxy for the same inputs."""

import json

import requests

from pushlib import new_id


def push(**kw):
    body = {"platform": "apple_rn", "server_id": "srv1", "device_id": "aabbcc", "ack_id": new_id(),
            "type": "message", "message": "hi"}
    body.update(kw)
    return body


def test_valid_push_is_ok(proxy, apns):
    r = proxy.send_push(push())
    assert r.status_code == 200
    assert r.json() == {"status": "OK"}
    assert apns.tokens() == ["aabbcc"]


def test_versioned_platform_routes_to_type(proxy, apns):
    r = proxy.send_push(push(platform="apple_rn-v2", device_id="ddee"))
    assert r.json() == {"status": "OK"}
    assert apns.received[0]["headers"][":path"] == "/3/device/ddee"


def test_unknown_platform(proxy):
    r = proxy.send_push(push(platform="windows-v2"))
    assert r.status_code == 200
    assert r.json() == {"status": "FAIL",
                        "error": "Did not send message because of missing platform property type=windows serverId=srv1"}


def test_malformed_json(proxy):
    r = proxy.send_push(None, raw="{not json")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "FAIL" and body["error"].startswith("Failed to read message body: ")


def test_wrong_type_field(proxy):
    body = proxy.send_push(None, raw=json.dumps(push(badge="x"))).json()
    assert body == {"status": "FAIL", "error": "Failed to read message body: badge: not an integer"}


def test_missing_server_id(proxy):
    r = proxy.send_push(push(server_id=""))
    assert r.json() == {"status": "FAIL", "error": "Failed because of missing server Id"}


def test_missing_device_id(proxy):
    b = push()
    del b["device_id"]
    assert proxy.send_push(b).json() == {"status": "FAIL", "error": "Failed because of missing device Id serverId=srv1"}


def test_oversize_message_is_shortened(proxy, apns):
    msg = "é" * 3000  # 6000 bytes
    r = proxy.send_push(push(message=msg, device_id="long1"))
    assert r.json() == {"status": "OK"}
    sent = json.loads(apns.received[0]["body"])
    alert = sent["aps"]["alert"]
    assert len(alert.encode()) <= 2046 and alert == "é" * 1023  # cut at 2046 bytes, on a character boundary


def test_body_too_large_is_refused_without_crash(proxy):
    r = requests.post(proxy.url + "/api/v1/send_push", data=b"x" * (300 * 1024), timeout=10)
    assert r.status_code == 413
    assert proxy.send_push(push()).json()["status"] == "OK"


def test_ack_endpoint(proxy):
    url = proxy.url + "/api/v1/ack"
    ok = requests.post(url, json={"id": "a1", "platform": "ios", "type": "message", "received_at": 1}, timeout=5)
    assert ok.status_code == 200 and ok.json() == {"status": "OK"}
    assert requests.post(url, json={"platform": "ios", "type": "message"}, timeout=5).json() == {
        "status": "FAIL", "error": "Failed because of missing ack Id"}
    assert requests.post(url, json={"id": "a", "type": "message"}, timeout=5).json() == {
        "status": "FAIL", "error": "Failed because of missing ack platform"}
    assert requests.post(url, json={"id": "a", "platform": "ios"}, timeout=5).json() == {
        "status": "FAIL", "error": "Failed because of missing ack type"}
    bad = requests.post(url, data="[", timeout=5).json()
    assert bad["status"] == "FAIL" and bad["error"].startswith("Failed to read ack body: ")
    assert proxy.metrics()['service_delivered_total{platform="ios",type="message"}'] == 1


def test_version_root_and_unknown_paths(proxy):
    v = requests.get(proxy.url + "/version", timeout=5)
    assert v.status_code == 200 and v.json()["service"] == "parley-push-proxy"
    assert "Mattermost Push Proxy" in requests.get(proxy.url + "/", timeout=5).text
    assert requests.get(proxy.url + "/api/v1/nothing", timeout=5).status_code == 404
    assert requests.get(proxy.url + "/api/v1/send_push", timeout=5).status_code == 404


def test_throttle_keyed_by_forwarded_for(make_proxy, apns):
    p = make_proxy(apns=apns, extra={"ThrottlePerSec": 3})
    codes_a = [p.send_push(push(), headers={"X-Forwarded-For": "10.0.0.1"}).status_code for _ in range(5)]
    codes_b = [p.send_push(push(), headers={"X-Forwarded-For": "10.0.0.2"}).status_code for _ in range(2)]
    assert codes_a.count(429) >= 1 and codes_a[:3] == [200, 200, 200]
    assert codes_b == [200, 200]
    assert p.metrics()["parley_push_throttled_total"] >= 1


def test_no_targets_configured_answers_fail(make_proxy):
    p = make_proxy()
    body = p.send_push(push()).json()
    assert body["status"] == "FAIL" and "missing platform property type=apple_rn" in body["error"]
