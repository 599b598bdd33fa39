"""Headers, parts, encoding and escaping of the mails the relay sends."""
import time

from driver import account, new_id, notification

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> & \'q\''


def test_notification_immediate_headers_parts_and_escaping(smtp, relay):
    s = smtp()
    r = relay(s.port).start()
    uid = new_id()
    job = notification("ann@example.com", uid, interval_s=0, name="Zoë Ångström \"the\" <admin>",
                       message=HOSTILE + "\nline two ünïcödé ✓", sender="Bøb", channel_type="D")
    msg_id, ack = r.call(job)
    assert ack == {"v": 1, "status": "accepted"}
    got = s.handler.wait(1)
    assert len(got) == 1
    m = got[0]
    assert m.rcpts == ["ann@example.com"]
    assert m.mail_from == "noreply@parley.test"
    msg = m.message()
    assert msg["To"].addresses[0].display_name == 'Zoë Ångström "the" <admin>'
    assert msg["To"].addresses[0].addr_spec == "ann@example.com"
    assert msg["From"].addresses[0].display_name == "Parley Bot"
    assert msg["Reply-To"].addresses[0].addr_spec == "support@parley.test"
    assert msg["Subject"].startswith("[Parley Test] New Direct Message from @Bøb on ")
    assert msg["Message-ID"] == "<%s.parley@parley.test>" % msg_id
    assert msg["List-Unsubscribe"] == "<https://chat.example.com/settings/notifications>"
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert msg["Auto-Submitted"] == "auto-generated"
    assert msg.get_content_type() == "multipart/alternative"
    # raw headers are 7-bit (RFC 2047 for non-ASCII), lines short
    head = m.data.split(b"\r\n\r\n", 1)[0]
    assert all(b < 128 for b in head)
    assert all(len(line) <= 998 for line in m.data.split(b"\r\n"))
    parts = {p.get_content_type(): p for p in msg.iter_parts()}
    assert set(parts) == {"text/plain", "text/html"}
    for p in parts.values():
        assert p["Content-Transfer-Encoding"] == "base64"
        assert p.get_content_charset() == "utf-8"
    text = parts["text/plain"].get_content()
    html = parts["text/html"].get_content()
    assert HOSTILE in text and "ünïcödé ✓" in text
    assert "<script>" not in html and "onerror=alert(1)>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&amp; &#39;q&#39;" in html
    assert "https://chat.example.com/team-one/pl/%s" % job["post"]["id"] in html
    assert "Bøb" in html


def test_subjects_follow_mattermost_wording(smtp, relay):
    s = smtp()
    r = relay(s.port).start()
    for ctype, chan in (("O", "Town"), ("G", "ann, bob, cy")):
        _, ack = r.call(notification("sub-%s@example.com" % ctype, new_id(), channel_type=ctype, channel=chan))
        assert ack["status"] == "accepted"
    got = s.handler.wait(2)
    subj = {m.rcpts[0]: m.message()["Subject"] for m in got}
    assert subj["sub-O@example.com"].startswith("[Parley Test] Notification in Team One on ")
    assert subj["sub-G@example.com"].startswith("[Parley Test] New Group Message in ann, bob, cy on ")


def test_locale_selects_translation(smtp, relay):
    s = smtp()
    r = relay(s.port).start()
    _, ack = r.call(notification("de@example.com", new_id(), channel_type="D", locale="de-DE"))
    assert ack["status"] == "accepted"
    msg = s.handler.wait(1)[0].message()
    assert msg["Subject"].startswith("[Parley Test] Neue Direktnachricht von @bob am ")


def test_account_mail_sent_now(smtp, relay):
    s = smtp()
    r = relay(s.port).start()
    _, ack = r.call(account("new@example.com", subject="Bestätigen Sie Ihre E-Mail", html="<p><b>Hi</b></p>"))
    assert ack["status"] == "accepted"
    msg = s.handler.wait(1)[0].message()
    assert msg["Subject"] == "Bestätigen Sie Ihre E-Mail"
    parts = {p.get_content_type(): p.get_content() for p in msg.iter_parts()}
    assert parts["text/html"] == "<p><b>Hi</b></p>"
    assert parts["text/plain"] == "Click the link"


def test_duplicate_message_id_is_delivered_once(smtp, relay):
    s = smtp()
    r = relay(s.port).start()
    job = notification("dup@example.com", new_id())
    msg_id, ack = r.call(job)
    assert ack["status"] == "accepted"
    _, ack2 = r.call(job, msg_id=msg_id)
    assert ack2["status"] == "duplicate"
    s.handler.wait(1)
    time.sleep(1.0)
    _, ack3 = r.call(job, msg_id=msg_id)  # after delivery too (done/ keeps the id)
    assert ack3["status"] == "duplicate"
    time.sleep(0.5)
    assert len(s.handler.to("dup@example.com")) == 1
    assert r.metric("parley_mail_duplicates_total") == 2
