"""FCM HTTP v1: OAuth2 service-account flow, message shape, error mapping, backoff."""

import json
import time

from pushlib import job


def send_one(driver, body, timeout=20):
    mid = driver.send(body)
    acks = driver.collect([mid], timeout=timeout)
    assert mid in acks, "no ack"
    return acks[mid]


def test_oauth_flow_and_message_shape(driver, fcm, proxy):
    a = send_one(driver, job("fcmtok1", platform="android_rn-v2", root_id="r9", badge=4, is_crt_enabled=True))
    assert a == {"v": 1, "status": "OK"}
    assert len(fcm.oauth_requests) == 1
    o = fcm.oauth_requests[0]
    assert "error" not in o, o
    assert o["header"]["alg"] == "RS256" and o["header"]["kid"] == "kid-1"
    assert o["claims"]["iss"] == "push@parley-test.iam.gserviceaccount.com"
    assert o["claims"]["scope"] == "https://www.googleapis.com/auth/firebase.messaging"
    assert 0 < o["claims"]["exp"] - o["claims"]["iat"] <= 3600
    r = fcm.received[0]
    assert r["headers"][":path"] == "/v1/projects/parley-test/messages:send"
    assert r["headers"]["authorization"] == "Bearer ya29.test-1"
    m = json.loads(r["body"])["message"]
    assert m["token"] == "fcmtok1" and m["android"] == {"priority": "high"}
    assert all(isinstance(v, str) for v in m["data"].values())
    d = m["data"]
    assert d["type"] == "message" and d["badge"] == "4" and d["is_crt_enabled"] == "true"
    assert d["message"] == "hello" and d["channel_name"] == "Town Square" and d["root_id"] == "r9"
    assert d["signature"] == "NO_SIGNATURE" and d["server_id"] == "srv1" and d["sender_name"] == "alice"
    assert "notification" not in m


def test_token_cached_across_messages(driver, fcm):
    ids = [driver.send(job("cache%d" % i, platform="android")) for i in range(10)]
    acks = driver.collect(ids)
    assert len(acks) == 10 and all(a["status"] == "OK" for a in acks.values())
    assert len(fcm.oauth_requests) == 1
    assert len({r["conn"] for r in fcm.received}) < 10  # HTTP/2 multiplexing: streams share connections
    assert {int(r["stream"]) for r in fcm.received} != {1}


def test_collapse_key_and_ttl(driver, fcm):
    send_one(driver, job("ttl1", platform="android", collapse_key="ch-1", expires_at=int(time.time()) + 100))
    android = json.loads(fcm.received[0]["body"])["message"]["android"]
    assert android["collapse_key"] == "ch-1" and 95 <= int(android["ttl"][:-1]) <= 100


def test_remove_mapping(driver, fcm):
    fcm.set_rule("u1", ("fcm", 404, "UNREGISTERED"))
    fcm.set_rule("s1", ("fcm", 403, "SENDER_ID_MISMATCH"))
    fcm.set_rule("i1", ("fcm", 400, "INVALID_ARGUMENT", "The registration token is not a valid FCM registration token"))
    fcm.set_rule("i2", ("fcm", 400, "INVALID_ARGUMENT", "Invalid value at 'message.data[0].value'"))
    fcm.set_rule("t1", ("fcm", 401, "THIRD_PARTY_AUTH_ERROR"))
    got = {t: send_one(driver, job(t, platform="android")) for t in ("u1", "s1", "i1", "i2")}
    assert got["u1"]["status"] == "REMOVE" and got["u1"]["reason"] == "UNREGISTERED"
    assert got["s1"]["status"] == "REMOVE" and got["s1"]["reason"] == "SENDER_ID_MISMATCH"
    assert got["i1"]["status"] == "REMOVE" and got["i1"]["reason"] == "INVALID_TOKEN"
    assert got["i2"]["status"] == "FAIL" and got["i2"]["reason"] == "INVALID_ARGUMENT"
    assert len(fcm.received) == 4  # none retried


def test_unavailable_honours_retry_after(driver, fcm):
    fcm.set_rule("ra1", ("fcm", 503, "UNAVAILABLE", "busy", 2), ("ok",))
    a = send_one(driver, job("ra1", platform="android"))
    assert a["status"] == "OK"
    t = [r["time"] for r in fcm.received]
    assert len(t) == 2 and t[1] - t[0] >= 1.9


def test_internal_retried_with_backoff(driver, fcm):
    fcm.set_rule("in1", ("fcm", 500, "INTERNAL"), ("fcm", 500, "INTERNAL"), ("ok",))
    assert send_one(driver, job("in1", platform="android"))["status"] == "OK"
    t = [r["time"] for r in fcm.received]
    assert len(t) == 3 and t[1] - t[0] >= 0.2 and t[2] - t[1] >= 0.4


def test_quota_exceeded_backs_off_quota_period(driver, fcm):
    # the test config sets FCMQuotaBackoffSec=1 (default 60, as Google requires)
    fcm.set_rule("q1", ("fcm", 429, "QUOTA_EXCEEDED"), ("ok",))
    assert send_one(driver, job("q1", platform="android"))["status"] == "OK"
    t = [r["time"] for r in fcm.received]
    assert len(t) == 2 and t[1] - t[0] >= 0.95


def test_quota_backoff_longer_than_deadline_fails_with_hint(make_proxy, fcm):
    from pushlib import Driver
    p = make_proxy(fcm=fcm, extra={"FCMQuotaBackoffSec": 60})
    d = Driver(p.zmq_endpoint)
    try:
        fcm.set_rule("q2", ("fcm", 429, "QUOTA_EXCEEDED"))
        a = send_one(d, job("q2", platform="android"))
        assert a["status"] == "FAIL" and a["reason"] == "QUOTA_EXCEEDED" and a["retry_after_ms"] >= 60000
        assert len(fcm.received) == 1
    finally:
        d.close()


def test_http_intake_to_fcm(proxy, fcm):
    r = proxy.send_push({"platform": "android_rn", "server_id": "s", "device_id": "h1", "message": "yo",
                         "type": "message"})
    assert r.json() == {"status": "OK"}
    fcm.set_rule("h2", ("fcm", 404, "UNREGISTERED"))
    r = proxy.send_push({"platform": "android_rn", "server_id": "s", "device_id": "h2", "type": "message"})
    assert r.json()["status"] == "REMOVE"


def test_bad_service_file_fails_clearly(make_proxy, tmp_path):
    bad = tmp_path / "sa.json"
    bad.write_text("{}")
    p = make_proxy(extra={"AndroidPushSettings": [{"Type": "android", "ServiceFileLocation": str(bad)}]})
    r = p.send_push({"platform": "android", "server_id": "s", "device_id": "d"}).json()
    assert r["status"] == "FAIL" and "ServiceFileLocation" in r["error"]
