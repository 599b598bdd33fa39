"""STARTTLS (libESMTP, own SSL_CTX per session), implicit TLS on a 465-style port (libcurl), AUTH."""
import time

from driver import account, new_id, notification

USERS = {"relayuser": "s3cret-pw"}


def test_starttls_with_auth(smtp, relay, cert):
    s = smtp("starttls", cert=cert, users=USERS)
    r = relay(s.port, ConnectionSecurity="STARTTLS", SkipServerCertificateVerification=True,
              SMTPUsername="relayuser", SMTPPassword="s3cret-pw", EnableSMTPAuth=True).start()
    assert r.call(notification("tls@example.com", new_id()))[1]["status"] == "accepted"
    m = s.handler.wait(1)[0]
    assert m.tls is True
    assert m.auth_user == "relayuser"
    assert "s3cret-pw" not in r.logs()


def test_starttls_with_auth_plain_only(smtp, relay, cert):
    s = smtp("starttls", cert=cert, users=USERS, exclude_auth=["LOGIN"])
    r = relay(s.port, ConnectionSecurity="STARTTLS", SkipServerCertificateVerification=True,
              SMTPUsername="relayuser", SMTPPassword="s3cret-pw").start()
    assert r.call(account("plain@example.com"))[1]["status"] == "accepted"
    m = s.handler.wait(1)[0]
    assert m.tls and m.auth_user == "relayuser"


def test_wrong_password_is_deferred(smtp, relay, cert):
    s = smtp("starttls", cert=cert, users=USERS)
    r = relay(s.port, ConnectionSecurity="STARTTLS", SkipServerCertificateVerification=True,
              SMTPUsername="relayuser", SMTPPassword="wrong", RetryBaseSeconds=30, RetryMaxSeconds=60).start()
    assert r.call(account("denied@example.com"))[1]["status"] == "accepted"
    deadline = time.time() + 10
    while time.time() < deadline and r.metric("parley_mail_deferred_total") < 1:
        time.sleep(0.1)
    assert r.metric("parley_mail_deferred_total") >= 1
    assert s.handler.messages == []
    assert "wrong" not in r.logs().replace("wrong_", "")
    assert r.stop() == 0  # the operator fixes the password: the spooled mail goes out
    r2 = relay(s.port, SpoolDirectory=r.spool, ConnectionSecurity="STARTTLS", SkipServerCertificateVerification=True,
               SMTPUsername="relayuser", SMTPPassword="s3cret-pw").start()
    assert s.handler.wait(1)[0].rcpts == ["denied@example.com"]
    assert r2.cli("--list-dead").stdout == ""


def test_starttls_with_ca_file_verifies_the_server(smtp, relay, cert):
    s = smtp("starttls", cert=cert)
    r = relay(s.port, ConnectionSecurity="STARTTLS", SMTPServer="localhost", SMTPCAFile=cert[0]).start()
    assert r.call(notification("verified@example.com", new_id()))[1]["status"] == "accepted"
    assert s.handler.wait(1)[0].tls is True


def test_starttls_untrusted_certificate_is_deferred_not_sent(smtp, relay, cert):
    s = smtp("starttls", cert=cert)
    r = relay(s.port, ConnectionSecurity="STARTTLS", RetryBaseSeconds=30, RetryMaxSeconds=60).start()
    assert r.call(notification("untrusted@example.com", new_id()))[1]["status"] == "accepted"
    deadline = time.time() + 10
    while time.time() < deadline and r.metric("parley_mail_deferred_total") < 1:
        time.sleep(0.1)
    assert r.metric("parley_mail_deferred_total") >= 1
    assert s.handler.messages == []
    time.sleep(1.2)  # gauges refresh every second
    assert r.metric("parley_mail_spool_jobs") == 1


def test_many_starttls_sessions_in_one_process(smtp, relay, cert):
    """libESMTP 1.1.0 crashes on the second STARTTLS session without an SSL_CTX per session."""
    s = smtp("starttls", cert=cert, users=USERS)
    r = relay(s.port, ConnectionSecurity="STARTTLS", SkipServerCertificateVerification=True,
              SMTPUsername="relayuser", SMTPPassword="s3cret-pw", MessagesPerConnection=1, Workers=2).start()
    n = 30
    for i in range(n):
        assert r.call(account("many%d@example.com" % i))[1]["status"] == "accepted"
    got = s.handler.wait(n, timeout=60)
    assert len(got) == n
    assert len({m.session_id for m in got}) == n  # one session per message here
    assert all(m.tls for m in got)
    assert r.proc.poll() is None


def test_several_messages_share_one_connection(smtp, relay, cert):
    s = smtp("starttls", cert=cert)
    r = relay(s.port, ConnectionSecurity="STARTTLS", SkipServerCertificateVerification=True, Workers=1,
              MessagesPerConnection=50, GroupCommitMax=64).start()
    sock = r.connect()
    ids = [r.send(account("share%d@example.com" % i)) for i in range(20)]
    acks = {}
    while len(acks) < len(ids):
        got = r.recv_ack()
        assert got is not None
        acks[got[0]] = got[1]["status"]
    assert set(acks.values()) == {"accepted"}
    got = s.handler.wait(20)
    assert len(got) == 20
    assert len({m.session_id for m in got}) < 20
    del sock


def test_implicit_tls_with_auth_via_libcurl(smtp, relay, cert):
    s = smtp("tls", cert=cert, users=USERS)
    r = relay(s.port, ConnectionSecurity="TLS", SkipServerCertificateVerification=True,
              SMTPUsername="relayuser", SMTPPassword="s3cret-pw").start()
    for i in range(3):
        assert r.call(notification("smtps%d@example.com" % i, new_id(), name="Ümlaut Ñame"))[1]["status"] == "accepted"
    got = s.handler.wait(3)
    assert len(got) == 3
    assert all(m.tls and m.auth_user == "relayuser" for m in got)
    assert got[0].message()["To"].addresses[0].display_name == "Ümlaut Ñame"


def test_implicit_tls_recipient_550_is_dead_lettered(smtp, relay, cert):
    s = smtp("tls", cert=cert)
    s.handler.rcpt_script["nobody@example.com"] = ["550 5.1.1 No such user here"]
    r = relay(s.port, ConnectionSecurity="TLS", SkipServerCertificateVerification=True).start()
    assert r.call(account("nobody@example.com"))[1]["status"] == "accepted"
    deadline = time.time() + 10
    while time.time() < deadline and r.metric("parley_mail_bounced_total") < 1:
        time.sleep(0.1)
    out = r.cli("--list-dead").stdout
    assert "550" in out and "nobody@example.com" in out
