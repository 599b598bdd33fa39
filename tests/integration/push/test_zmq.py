"""ZeroMQ intake: acks correlated by id, duplicates, malformed frames, several cores, CURVE."""

import json

import zmq

from pushlib import Driver, job, new_id


def test_ack_correlated_and_duplicate_not_sent_twice(driver, apns):
    mid = driver.send(job("dup1"))
    first = driver.collect([mid])
    assert first[mid] == {"v": 1, "status": "OK"}
    driver.send(job("dup1"), msg_id=mid)  # the core resends: same message id
    again = driver.recv()
    assert again == (mid, {"v": 1, "status": "OK"})
    assert apns.tokens() == ["dup1"]


def test_duplicate_of_removed_gets_stored_answer(driver, apns):
    apns.set_rule("gone1", ("apns", 410, "Unregistered", 5))
    mid = driver.send(job("gone1"))
    assert driver.collect([mid])[mid]["status"] == "REMOVE"
    driver.send(job("gone1"), msg_id=mid)
    assert driver.recv()[1]["status"] == "REMOVE"
    assert len(apns.received) == 1


def test_malformed_frames_get_fail_with_reason(driver, proxy):
    mid = new_id()
    cases = [
        ([b"PL1", b"push.job", mid.encode()], "invalid_frame"),  # 3 frames
        ([b"PL2", b"push.job", mid.encode(), b"{}"], "invalid_frame"),  # wrong magic
        ([b"PL1", b"mail.job", mid.encode(), b"{}"], "invalid_frame"),  # wrong type for this service
        ([b"PL1", b"push.job", mid.encode(), b"{not json"], "invalid_body"),
        ([b"PL1", b"push.job", mid.encode(), b"[]"], "invalid_body"),
        ([b"PL1", b"push.job", mid.encode(), json.dumps({"v": 2}).encode()], "unsupported_version"),
        ([b"PL1", b"push.job", mid.encode(), json.dumps({"v": 1, "platform": "apple"}).encode()], "missing_field"),
        ([b"PL1", b"push.job", mid.encode(), b"{" + b" " * (300 * 1024) + b"}"], "invalid_frame"),
    ]
    for frames, reason in cases:
        m = new_id()
        frames[2] = m.encode()
        driver.send(None, frames=frames)
        got = driver.recv()
        assert got is not None, reason
        assert got[0] == m and got[1]["status"] == "FAIL" and got[1]["reason"] == reason, (reason, got)
        assert got[1]["error"]
    driver.send(None, frames=[b"PL1", b"push.job", b"short-id", b"{}"])  # no usable id: nothing to answer
    assert driver.recv(timeout=0.5) is None
    assert driver.collect([driver.send(job("after1"))])  # still serving
    assert proxy.metrics()["service_bad_request_total"] >= len(cases)


def test_unknown_platform_and_unconfigured(driver):
    mid = driver.send(job("x1", platform="blackberry"))
    a = driver.collect([mid])[mid]
    assert a["status"] == "FAIL" and a["reason"] == "unknown_platform"


def test_several_cores_get_their_own_acks(proxy, apns):
    d1, d2 = Driver(proxy.zmq_endpoint), Driver(proxy.zmq_endpoint)
    try:
        ids1 = [d1.send(job("c1-%d" % i)) for i in range(20)]
        ids2 = [d2.send(job("c2-%d" % i)) for i in range(20)]
        a1, a2 = d1.collect(ids1), d2.collect(ids2)
        assert set(a1) == set(ids1) and set(a2) == set(ids2)
    finally:
        d1.close()
        d2.close()


def test_curve_authorised_and_refused(make_proxy, apns):
    srv_pub, srv_sec = zmq.curve_keypair()
    ok_pub, ok_sec = zmq.curve_keypair()
    bad_pub, bad_sec = zmq.curve_keypair()
    p = make_proxy(apns=apns, extra={"ZmqCurveSecretKey": srv_sec.decode(),
                                     "ZmqCurveAuthorizedKeys": [ok_pub.decode()]})
    good = Driver(p.zmq_endpoint, curve=(srv_pub, ok_pub, ok_sec))
    bad = Driver(p.zmq_endpoint, curve=(srv_pub, bad_pub, bad_sec))
    plain = Driver(p.zmq_endpoint)
    try:
        mid = good.send(job("curve1"))
        assert good.collect([mid])[mid]["status"] == "OK"
        for d, token in ((bad, "curve2"), (plain, "curve3")):
            try:  # refused by the ZAP handler: there may be no peer to queue for at all
                d.send(job(token))
            except zmq.Again:
                pass
        assert bad.recv(timeout=1.0) is None and plain.recv(timeout=0.5) is None
        assert apns.tokens() == ["curve1"]
    finally:
        for d in (good, bad, plain):
            d.close()


def test_session_device_id_routes_like_the_original(driver, proxy, apns, fcm):
    b = job("ignored")
    del b["platform"]
    b["device_id"] = "apple_rn-v2:0a1b2c"
    mid = driver.send(b)
    assert driver.collect([mid])[mid]["status"] == "OK"
    assert apns.received[0]["headers"][":path"] == "/3/device/0a1b2c"
    r = proxy.send_push({"server_id": "s", "device_id": "android_rn-v2:fcm:tok:en", "type": "message"})
    assert r.json() == {"status": "OK"}
    assert fcm.tokens() == ["fcm:tok:en"]  # FCM tokens may hold ':'; only the first one splits
    r = proxy.send_push({"platform": "android_rn", "server_id": "s", "device_id": "abc:def", "type": "message"})
    assert r.json() == {"status": "OK"} and fcm.tokens()[-1] == "abc:def"  # platform given: no split
