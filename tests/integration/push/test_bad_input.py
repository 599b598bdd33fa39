"""Bad input on both intakes: every refusal is a FAIL with a reason, and the proxy keeps running."""

import json
import random
import socket

import requests

from pushlib import job, new_id

JUNK_JSON = ['{"v":1,"platform":null,"device_id":"d","server_id":"s"}', '{"v":1e400}', '{"v":"1"}',
             '{"v":1,"platform":"apple","device_id":"d","server_id":"s","badge":1e30}',
             '{"v":1,"platform":"apple","device_id":"d","server_id":"s","message":"\\ud800"}',
             '{"v":1,"platform":"apple","device_id":"' + "x" * 5000 + '","server_id":"s"}',
             '"string"', 'null', '{"a":' * 3000, '\xff\xfe', '{"v":1,"platform":"apple","platform":"android"}']


def test_zmq_garbage(driver, apns):
    rnd = random.Random(7)
    ids = []
    for i in range(150):
        mid = new_id()
        kind = i % 3
        if kind == 0:
            body = bytes(rnd.getrandbits(8) for _ in range(rnd.randint(0, 300)))
        elif kind == 1:
            body = rnd.choice(JUNK_JSON).encode("utf-8", "surrogatepass")
        else:
            b = job("fz%d" % i)
            key = rnd.choice(list(b))
            b[key] = rnd.choice([None, 5, [], {}, "x", True, -1])
            body = json.dumps(b).encode()
        driver.send(body, msg_id=mid)
        ids.append(mid)
    acks = driver.collect(ids, timeout=30)
    assert len(acks) == len(ids)
    for a in acks.values():
        assert a["status"] in ("OK", "FAIL", "REMOVE")
        if a["status"] == "FAIL":
            assert a["reason"] and a["error"]
    for n in range(1, 8):  # odd frame counts and binary frames
        driver.send(None, frames=[bytes([rnd.getrandbits(8)]) * rnd.randint(0, 40) for _ in range(n)])
    mid = driver.send(job("alive"))
    assert driver.collect([mid])[mid]["status"] == "OK"


def test_http_garbage(proxy):
    rnd = random.Random(11)
    for i in range(100):
        raw = rnd.choice(JUNK_JSON).encode("utf-8", "surrogatepass") if i % 2 else bytes(
            rnd.getrandbits(8) for _ in range(rnd.randint(0, 500)))
        r = requests.post(proxy.url + "/api/v1/send_push", data=raw, timeout=10)
        assert r.status_code == 200
        body = r.json()
        assert body["status"] in ("FAIL", "OK", "REMOVE")
        if body["status"] == "FAIL":
            assert body["error"]
        requests.post(proxy.url + "/api/v1/ack", data=raw, timeout=10).raise_for_status()
    # a raw malformed HTTP request and a client that goes away mid-request
    s = socket.create_connection(("127.0.0.1", proxy.http_port))
    s.sendall(b"POST /api/v1/send_push HTTP/1.1\r\nContent-Length: 100\r\n\r\n{\"v\":")
    s.close()
    s = socket.create_connection(("127.0.0.1", proxy.http_port))
    s.sendall(b"\x00\x01GARBAGE\r\n\r\n")
    s.recv(100)
    s.close()
    assert requests.get(proxy.url + "/version", timeout=5).status_code == 200


def test_client_gone_before_answer(proxy, apns):
    apns.default = ("slow", 1.0)
    for i in range(5):
        try:
            proxy.send_push({"platform": "apple", "server_id": "s", "device_id": "gone%d" % i}, timeout=0.2)
        except requests.Timeout:
            pass
    import time
    time.sleep(1.5)
    apns.default = ("ok",)
    r = requests.post(proxy.url + "/api/v1/send_push", json={"platform": "apple", "server_id": "s",
                                                             "device_id": "back"}, timeout=10)
    assert r.json() == {"status": "OK"}
