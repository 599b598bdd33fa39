"""APNs: request headers, provider JWT, payload shape and size, error mapping, retries, streams."""

import json
import re
import time

import jwt as pyjwt

from pushlib import Driver, job, new_id


def send_one(driver, body, timeout=20):
    mid = driver.send(body)
    acks = driver.collect([mid], timeout=timeout)
    assert mid in acks, "no ack"
    return acks[mid]


def test_headers_and_jwt(driver, apns, pki):
    body = job("a1b2c3", collapse_key="chan-1", expires_at=int(time.time()) + 600)
    ack = send_one(driver, body)
    assert ack == {"v": 1, "status": "OK"}
    h = apns.received[0]["headers"]
    assert h[":method"] == "POST" and h[":path"] == "/3/device/a1b2c3" and h[":scheme"] == "https"
    assert h["apns-topic"] == "com.mattermost.rn"
    assert h["apns-push-type"] == "alert" and h["apns-priority"] == "10"
    assert h["apns-collapse-id"] == "chan-1"
    assert h["apns-expiration"] == str(body["expires_at"])
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", h["apns-id"])
    assert h["authorization"].startswith("bearer ")
    token = h["authorization"][7:]
    assert pyjwt.get_unverified_header(token) == {"alg": "ES256", "kid": "TESTKEY123"}
    claims = pyjwt.decode(token, pki["apns_public"], algorithms=["ES256"])  # verifies the signature
    assert claims["iss"] == "TEAM123456" and abs(claims["iat"] - time.time()) < 60


def test_jwt_reused_not_regenerated_per_request(driver, apns):
    ids = [driver.send(job("t%d" % i)) for i in range(5)]
    assert len(driver.collect(ids)) == 5
    assert len({r["headers"]["authorization"] for r in apns.received}) == 1


def test_same_ack_id_same_apns_id(driver, apns):
    b = job("same1")
    send_one(driver, b)
    send_one(driver, dict(b))  # a new message id, same ack_id (a resend after a proxy restart)
    assert apns.received[0]["headers"]["apns-id"] == apns.received[1]["headers"]["apns-id"]


def test_message_payload_shape(driver, apns):
    send_one(driver, job("shape1", is_crt_enabled=True, root_id="r1", category="CAN_REPLY", signature=""))
    p = json.loads(apns.received[0]["body"])
    assert p["aps"] == {"alert": {"title": "Town Square", "body": "hello"}, "badge": 2, "category": "CAN_REPLY",
                        "sound": "default", "mutable-content": 1, "content-available": 1, "thread-id": "r1"}
    assert p["type"] == "message" and p["server_id"] == "srv1" and p["channel_id"] == "ch1"
    assert p["signature"] == "NO_SIGNATURE" and p["is_crt_enabled"] is True and p["post_id"] == "p1"
    assert p["sender_name"] == "alice" and p["version"] == "v2" and p["ack_id"]


def test_clear_and_badge_payloads(driver, apns):
    send_one(driver, job("clr1", type="clear", badge=0, message=""))
    send_one(driver, job("bdg1", type="update_badge", badge=7))
    clear, badge = (json.loads(r["body"]) for r in apns.received)
    assert clear["aps"] == {"content-available": 1, "badge": 1}  # app v2 quirk: badge 0 on clear becomes 1
    assert apns.received[0]["headers"]["apns-push-type"] == "background"
    assert apns.received[0]["headers"]["apns-priority"] == "5"
    assert badge["aps"] == {"badge": 7}


def test_id_loaded_and_voip(driver, apns):
    send_one(driver, job("idl1", is_id_loaded=True, message="You have a new message"))
    send_one(driver, job("voip1", transport="voip"))
    idl, voip = (json.loads(r["body"]) for r in apns.received)
    assert idl["id_loaded"] is True and idl["aps"]["alert"] == {"body": "You have a new message"}
    assert voip["aps"] == {"content-available": 1, "badge": 2}
    assert apns.received[1]["headers"]["apns-topic"] == "com.mattermost.rn.voip"
    assert apns.received[1]["headers"]["apns-push-type"] == "voip"


def test_payload_shortened_to_4k_keeps_json_valid(driver, apns):
    msg = "ü" * 5000 + "end"  # 10003 bytes
    send_one(driver, job("big1", message=msg))
    raw = apns.received[0]["body"]
    assert len(raw) <= 4096
    p = json.loads(raw)
    body = p["aps"]["alert"]["body"]
    assert body.endswith("\u2026") and body[:-1] == "ü" * (len(body) - 1) and len(body) > 1000


REMOVE_CASES = [("BadDeviceToken", 400), ("Unregistered", 410), ("ExpiredToken", 410),
                ("DeviceTokenNotForTopic", 400), ("MissingDeviceToken", 400)]


def test_remove_mapping(driver, apns):
    for reason, status in REMOVE_CASES:
        apns.set_rule("rm" + reason, ("apns", status, reason, 1700000000000))
    acks = {r: send_one(driver, job("rm" + r)) for r, _ in REMOVE_CASES}
    for reason, status in REMOVE_CASES:
        a = acks[reason]
        assert a["status"] == "REMOVE" and a["reason"] == reason, a
        if status == 410:
            assert a["removed_at_ms"] == 1700000000000
    assert len(apns.received) == len(REMOVE_CASES)  # never retried


def test_permanent_errors_fail_without_retry(driver, apns):
    for reason, status in [("BadTopic", 400), ("Forbidden", 403), ("PayloadTooLarge", 413), ("BadPath", 404),
                           ("ExpiredProviderToken", 403)]:  # a token younger than 20 min is not renewed
        apns.set_rule("perm" + reason, ("apns", status, reason))
        a = send_one(driver, job("perm" + reason))
        assert a["status"] == "FAIL" and a["reason"] == reason, a
    assert len(apns.received) == 5
    assert len({r["headers"]["authorization"] for r in apns.received}) == 1


def test_429_and_500_retried_then_ok(driver, apns):
    apns.set_rule("retry1", ("apns", 429, "TooManyRequests"), ("apns", 500, "InternalServerError"),
                  ("apns", 503, "ServiceUnavailable"), ("ok",))
    a = send_one(driver, job("retry1"))
    assert a == {"v": 1, "status": "OK"}
    times = [r["time"] for r in apns.received]
    assert len(times) == 4 and all(b > a for a, b in zip(times, times[1:]))
    assert times[1] - times[0] >= 0.1  # backoff, not a hot loop


def test_retries_exhausted_fail_with_hint(driver, apns):
    apns.set_rule("down1", ("apns", 503, "ServiceUnavailable"))
    a = send_one(driver, job("down1"), timeout=40)
    assert a["status"] == "FAIL" and a["reason"] == "ServiceUnavailable" and a["retry_after_ms"] > 0
    assert len(apns.received) == 4  # 1 + AppleMaxRetries (3)


def test_one_stream_until_first_reply_then_many(make_proxy, apns, pki):
    p = make_proxy(apns=apns, extra={"AppleConnections": 1})
    d = Driver(p.zmq_endpoint)
    try:
        apns.default = ("slow", 0.5)
        t0 = time.time()
        ids = [d.send(job("conc%d" % i)) for i in range(20)]
        acks = d.collect(ids, timeout=20)
        elapsed = time.time() - t0
        assert len(acks) == 20 and all(a["status"] == "OK" for a in acks.values())
        first = min(r["time"] for r in apns.received)
        concurrent_after = [r for r in apns.received if r["time"] - first > 0.3]
        # the first stream alone, then the other 19 together: ~1 s, not 20 x 0.5 s
        assert len(concurrent_after) == 19 and elapsed < 4, elapsed
        assert len({r["conn"] for r in apns.received}) == 1
    finally:
        d.close()


def test_several_connections_used(make_proxy, apns):
    p = make_proxy(apns=apns, extra={"AppleConnections": 3})
    d = Driver(p.zmq_endpoint)
    try:
        apns.default = ("slow", 0.3)
        ids = [d.send(job("mc%d" % i)) for i in range(60)]
        assert len(d.collect(ids, timeout=20)) == 60
        assert len({r["conn"] for r in apns.received}) >= 2
    finally:
        d.close()


def test_cert_auth(make_proxy, pki, tmp_path):
    from standin import StandIn
    apns = StandIn(pki["cert"], pki["key"], kind="apns", client_ca=pki["ca"])
    certkey = tmp_path / "client.pem"
    certkey.write_bytes(open(pki["cert"], "rb").read() + open(pki["key"], "rb").read())
    p = make_proxy(apns=None, extra={"AppleBaseURL": "https://localhost:%d" % apns.port, "ApplePushSettings": [
        {"Type": "apple", "ApplePushTopic": "com.example", "ApplePushCertPrivate": str(certkey)}]})
    r = p.send_push({"platform": "apple", "server_id": "s", "device_id": "cert1", "message": "m"})
    assert r.json() == {"status": "OK"}
    assert "authorization" not in apns.received[0]["headers"]
    assert apns.received[0]["headers"]["apns-topic"] == "com.example"
    subjects = apns.client_subjects  # a TLS client certificate on every connection
    assert subjects and all(s == {"commonName": "localhost"} for s in subjects)
    apns.stop()


def test_every_resolved_address_is_tried_in_order(make_proxy, pki, tmp_path):
    """localhost resolves to 127.0.0.1 then 127.0.0.2 (a private /etc/hosts); APNs listens on the second only."""
    import socket
    import subprocess

    import pytest

    from standin import StandIn

    hosts = tmp_path / "hosts"
    hosts.write_text("127.0.0.2 localhost\n127.0.0.1 localhost\n")
    wrap = ["unshare", "-rm", "sh", "-c", 'mount --bind "$0" /etc/hosts && exec "$@"', str(hosts)]
    probe = subprocess.run(wrap + ["getent", "ahosts", "localhost"], capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip("no user namespaces here: " + probe.stderr.strip())
    order = [ln.split()[0] for ln in probe.stdout.splitlines() if "STREAM" in ln]
    assert order == ["127.0.0.1", "127.0.0.2"], probe.stdout  # getaddrinfo's order (RFC 6724 sorting)
    apns = StandIn(pki["cert"], pki["key"], kind="apns", host="127.0.0.2")
    try:
        with pytest.raises(ConnectionRefusedError):  # the first address is not reachable
            socket.create_connection(("127.0.0.1", apns.port), timeout=5).close()
        proxy = make_proxy(apns=apns, wrap=wrap)
        d = Driver(proxy.zmq_endpoint)
        try:
            assert send_one(d, job("second1")) == {"v": 1, "status": "OK"}
            assert [r["headers"][":path"] for r in apns.received] == ["/3/device/second1"]
        finally:
            d.close()
    finally:
        apns.stop()
