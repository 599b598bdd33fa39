"""Nothing accepted is lost: crashes, SMTP outages, permanent failures, bad input, broken spools."""
import json
import os
import shutil
import time

from driver import account, new_id, notification
from smtp_servers import SmtpServer, free_port


def wait_for(pred, timeout=15.0, step=0.1):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if pred():
            return True
        time.sleep(step)
    return pred()


def test_kill9_mid_batch_then_restart_delivers_every_accepted_mail(smtp, relay):
    s = smtp()
    r = relay(s.port).start()
    users = [new_id() for _ in range(4)]
    accepted = []
    for i in range(20):
        uid = users[i % 4]
        msg_id, ack = r.call(notification("u%d@example.com" % (i % 4), uid, interval_s=3, message="crash %d" % i))
        assert ack["status"] == "accepted"
        accepted.append(i)
    # a few immediate ones too, some of which may be in flight when we kill
    for i in range(5):
        assert r.call(account("now%d@example.com" % i))[1]["status"] == "accepted"
    r.kill9()
    assert s.handler.to("u0@example.com") == []  # the batch had not gone yet
    r.start()
    assert wait_for(lambda: len({m.rcpts[0] for m in s.handler.messages if m.rcpts[0].startswith("u")}) == 4)
    texts = []
    for m in s.handler.messages:
        if m.rcpts[0].startswith("u"):
            texts += [p.get_content() for p in m.message().iter_parts() if p.get_content_type() == "text/plain"]
    body = "\n".join(texts)
    for i in accepted:
        assert "crash %d\n" % i in body
    assert all(s.handler.to("now%d@example.com" % i) for i in range(5))
    time.sleep(1.2)
    assert r.metric("parley_mail_spool_jobs") == 0


def test_smtp_down_defers_then_delivers(relay, tmp_path):
    port = free_port()
    r = relay(port, RetryBaseSeconds=1, RetryMaxSeconds=2).start()
    for i in range(3):
        assert r.call(account("later%d@example.com" % i))[1]["status"] == "accepted"
    assert wait_for(lambda: r.metric("parley_mail_deferred_total") >= 3)
    time.sleep(1.2)
    assert r.metric("parley_mail_spool_jobs") == 3
    assert r.metric("parley_mail_spool_oldest_age_seconds") >= 0.5
    s = SmtpServer("plain", port=port).start()
    try:
        got = s.handler.wait(3, timeout=15)
        assert sorted(m.rcpts[0] for m in got) == ["later0@example.com", "later1@example.com", "later2@example.com"]
        assert wait_for(lambda: r.metric("parley_mail_sent_total") == 3)
    finally:
        s.stop()


def test_4xx_recipient_is_retried_then_delivered(smtp, relay):
    s = smtp()
    s.handler.rcpt_script["busy@example.com"] = ["451 4.3.0 try later", "452 4.2.2 mailbox full", "250 OK"]
    r = relay(s.port).start()
    assert r.call(account("busy@example.com"))[1]["status"] == "accepted"
    got = s.handler.wait(1, timeout=15)
    assert got and got[0].rcpts == ["busy@example.com"]
    assert r.metric("parley_mail_deferred_total") == 2
    assert "451 4.3.0 try later" in r.logs()


def test_550_goes_to_dead_letters_with_reason_and_can_be_retried(smtp, relay):
    s = smtp()
    s.handler.rcpt_script["bad@example.com"] = ["550 5.1.1 No such user here"]
    r = relay(s.port).start()
    good_id, ack = r.call(account("good@example.com"))
    bad_id, ack2 = r.call(account("bad@example.com"))
    assert ack["status"] == ack2["status"] == "accepted"
    assert s.handler.wait(1)[0].rcpts == ["good@example.com"]
    assert wait_for(lambda: r.metric("parley_mail_bounced_total") == 1)
    dead = os.path.join(r.spool, "dead", bad_id + ".json")
    assert os.path.exists(dead)
    rec = json.load(open(dead))
    assert rec["reason"].startswith("550") and "No such user" in rec["reason"]
    assert rec["rcpt"] == "bad@example.com" and rec["job"]["to"]["email"] == "bad@example.com"
    assert not os.path.exists(os.path.join(r.spool, "jobs", bad_id + ".json"))
    listed = [json.loads(l) for l in r.cli("--list-dead").stdout.splitlines()]
    assert [d["id"] for d in listed] == [bad_id]
    assert listed[0]["reason"].startswith("550")
    # the operator fixes the mailbox and retries
    s.handler.rcpt_script.pop("bad@example.com")
    out = r.cli("--retry-dead", bad_id)
    assert out.returncode == 0 and "queued_for_retry" in out.stdout
    assert wait_for(lambda: len(s.handler.to("bad@example.com")) == 1)
    assert r.cli("--list-dead").stdout == ""
    assert r.cli("--retry-dead", "all").returncode == 0
    assert r.cli("--retry-dead", "not-an-id").returncode == 2


def test_malformed_jobs_are_refused_and_the_relay_keeps_running(smtp, relay):
    s = smtp()
    r = relay(s.port).start()
    cases = [
        ("not json", "invalid JSON"),
        ("[]", "body"),
        (json.dumps({"v": 2}), "unsupported_version"),
        (json.dumps({"v": 1, "kind": "notification", "to": {"email": "x@y.z"}, "user_id": new_id()}), "interval_s"),
        (json.dumps(account("no-at-sign")), "to.email"),
        (json.dumps(dict(account("a@b.c"), subject="x\r\nBcc: victim@example.com")), "subject"),
        (json.dumps(notification("a@b.c", "short", interval_s=1)), "user_id"),
        ("{" * 100000, "invalid JSON"),
    ]
    for body, why in cases:
        _, ack = r.call(body)
        assert ack is not None and ack["status"] == "refused", body[:60]
        assert why in ack["reason"], (why, ack)
    _, ack = r.call(json.dumps({"v": 1, "user_id": new_id()}), msg_type="mail.cancel")
    assert ack["status"] == "refused"
    mid = new_id()
    r.send_raw([b"PL1", b"push.job", mid, b"{}"])
    got = r.recv_ack()
    assert got[0] == mid and got[1]["status"] == "refused"
    r.send_raw([b"PL1", b"mail.job", mid, b"x" * (256 * 1024 + 1)])
    got = r.recv_ack()
    assert got[0] == mid and got[1]["status"] == "refused" and "256 KiB" in got[1]["reason"]
    r.send_raw([b"XX9", b"mail.job", mid, b"{}"])  # bad magic
    r.send_raw([b"PL1", b"mail.job"])  # too few frames
    r.send_raw([b"PL1", b"mail.job", b"bad id", b"{}"])
    time.sleep(0.3)
    while r.recv_ack(0.2) is not None:
        pass
    assert r.proc.poll() is None
    assert r.call(account("still@example.com"))[1]["status"] == "accepted"
    assert s.handler.wait(1)[0].rcpts == ["still@example.com"]
    assert r.metrics().get('parley_mail_refused_total{reason="invalid"}', 0) >= len(cases) + 2


def test_unwritable_spool_withholds_acks_then_recovers(smtp, relay):
    s = smtp()
    r = relay(s.port).start()
    tmp = os.path.join(r.spool, "tmp")
    shutil.rmtree(tmp)
    with open(tmp, "w") as f:  # tmp/ is now a file: every write fails (root ignores chmod)
        f.write("x")
    msg_id, ack = r.call(account("wait@example.com"), timeout=1.5)
    assert ack is None  # no acknowledgement: the sender keeps the job
    assert r.proc.poll() is None
    status, body = r.http("/healthz")
    assert status == 503 and "spool" in body
    assert r.metrics().get('parley_mail_refused_total{reason="spool_write"}', 0) >= 1
    assert s.handler.messages == []
    os.unlink(tmp)
    os.mkdir(tmp)
    _, ack = r.call(account("wait@example.com"), msg_id=msg_id)  # the core resends; the relay re-opened its dirs
    assert ack is not None and ack["status"] == "accepted"
    assert s.handler.wait(1)[0].rcpts == ["wait@example.com"]
    assert r.http("/healthz")[0] == 200


def test_full_spool_withholds_acks(smtp, relay):
    s = smtp()
    r = relay(s.port, SpoolMinFreeMB=100000000).start()  # more free space than any disk has
    _, ack = r.call(account("full@example.com"), timeout=1.5)
    assert ack is None
    assert r.metrics().get('parley_mail_refused_total{reason="spool_full"}', 0) >= 1
    assert r.proc.poll() is None
    assert os.listdir(os.path.join(r.spool, "jobs")) == []


def test_graceful_shutdown_keeps_pending_batches_for_the_next_start(smtp, relay):
    s = smtp()
    r = relay(s.port).start()
    uid = new_id()
    for i in range(3):
        assert r.call(notification("later@example.com", uid, interval_s=60, message="kept %d" % i))[1]["status"] == "accepted"
    assert r.stop() == 0
    assert len(os.listdir(os.path.join(r.spool, "jobs"))) == 3
    assert s.handler.messages == []
    r2 = relay(s.port, SpoolDirectory=r.spool, MaxIntervalSeconds=1).start()  # operator shortens the cap
    got = s.handler.wait(1, timeout=10)
    assert len(got) == 1
    text = [p for p in got[0].message().iter_parts() if p.get_content_type() == "text/plain"][0].get_content()
    assert all("kept %d" % i in text for i in range(3))
    assert r2.proc.poll() is None


def test_bad_config_exits_2_naming_the_key(relay, tmp_path):
    r = relay(25, Workers=0)
    out = r.cli("--print-config")
    assert out.returncode == 2 and "RelaySettings.Workers" in out.stderr
    r2 = relay(25, SMTPPort="70000")
    out = r2.cli("--print-config")
    assert out.returncode == 2 and "EmailSettings.SMTPPort" in out.stderr
    r3 = relay(25, SMTPPassword="hunter2")
    out = r3.cli("--print-config")
    assert out.returncode == 0 and "hunter2" not in out.stdout


def test_max_spool_jobs_withholds_acks(relay):
    r = relay(free_port(), MaxSpoolJobs=2, RetryBaseSeconds=60, RetryMaxSeconds=60).start()  # no SMTP server
    assert r.call(account("a@example.com"))[1]["status"] == "accepted"
    assert r.call(account("b@example.com"))[1]["status"] == "accepted"
    _, ack = r.call(account("c@example.com"), timeout=1.5)
    assert ack is None
    assert r.metrics().get('parley_mail_refused_total{reason="spool_full"}', 0) >= 1


def test_http_endpoint_survives_garbage(smtp, relay):
    import socket

    s = smtp()
    r = relay(s.port).start()
    for payload in (b"\x00\xff garbage\r\n\r\n", b"GET /" + b"a" * 20000 + b" HTTP/1.1\r\n\r\n", b"POST /metrics HTTP/1.1\r\n\r\n"):
        c = socket.create_connection(("127.0.0.1", r.http_port), timeout=5)
        try:
            c.sendall(payload)
            head = c.recv(100)
            assert head.startswith(b"HTTP/1.1 4")
        except (ConnectionResetError, BrokenPipeError):
            pass
        finally:
            c.close()
    idle = socket.create_connection(("127.0.0.1", r.http_port), timeout=5)  # silent client: 2 s timeout
    try:
        assert r.http("/healthz")[0] == 200
    finally:
        idle.close()
    assert r.http("/nope")[0] == 404
    assert "parley_mail_spooled_total" in r.http("/metrics")[1]


def test_slow_http_client_does_not_block_others(smtp, relay):
    """A client trickling its head holds its connection; the others are served meanwhile."""
    import socket
    import threading

    s = smtp()
    r = relay(s.port).start()
    stop = threading.Event()
    slow = [socket.create_connection(("127.0.0.1", r.http_port), timeout=10) for _ in range(3)]

    def trickle():
        for c in slow:
            c.sendall(b"GET /healthz HTTP/1.1\r\n")
        while not stop.is_set():
            for c in slow:
                try:
                    c.sendall(b"X-Slow: 1\r\n")
                except OSError:
                    pass
            stop.wait(0.2)

    t = threading.Thread(target=trickle)
    t.start()
    try:
        for _ in range(5):
            assert r.http("/healthz") == (200, '{"status":"OK"}')
        assert r.http("/nope") == (404, "not found\n")
    finally:
        stop.set()
        t.join()
    # each slow client is closed at its deadline (2 s after its accept), without an answer
    for c in slow:
        assert c.recv(100) == b""
        c.close()
