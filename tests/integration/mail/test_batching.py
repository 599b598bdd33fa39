"""Batching per recipient over the interval carried by each job, and cancels."""
import time

from driver import new_id, notification


def test_batches_group_per_recipient_within_interval(smtp, relay):
    s = smtp()
    r = relay(s.port).start()
    ann, bob = new_id(), new_id()
    t0 = time.time()
    for i in range(3):
        assert r.call(notification("ann@example.com", ann, interval_s=2, message="ann %d" % i))[1]["status"] == "accepted"
    for i in range(2):
        assert r.call(notification("bob@example.com", bob, interval_s=2, message="bob %d" % i))[1]["status"] == "accepted"
    time.sleep(0.8)
    assert s.handler.messages == []  # nothing before the interval
    got = s.handler.wait(2, timeout=10)
    assert time.time() - t0 >= 1.9
    assert len(got) == 2
    time.sleep(1.5)
    assert len(s.handler.messages) == 2  # one digest each, nothing more
    by = {m.rcpts[0]: m.message() for m in got}
    ann_msg = by["ann@example.com"]
    assert ann_msg["Subject"].startswith("[Parley Test] New Notifications for ")
    text = [p for p in ann_msg.iter_parts() if p.get_content_type() == "text/plain"][0].get_content()
    assert all("ann %d" % i in text for i in range(3))
    assert "You have 3 new notifications." in text
    bob_text = [p for p in by["bob@example.com"].iter_parts() if p.get_content_type() == "text/html"][0].get_content()
    assert "bob 0" in bob_text and "bob 1" in bob_text and "ann" not in bob_text
    m = r.metrics()
    assert m["parley_mail_sent_total"] == 2
    assert m["parley_mail_sent_jobs_total"] == 5
    assert m["parley_mail_batch_size_count"] == 2
    assert m["parley_mail_batch_size_sum"] == 5


def test_single_item_batch_uses_singular_subject(smtp, relay):
    s = smtp()
    r = relay(s.port).start()
    assert r.call(notification("one@example.com", new_id(), interval_s=1))[1]["status"] == "accepted"
    msg = s.handler.wait(1)[0].message()
    assert msg["Subject"].startswith("[Parley Test] New Notification for ")


def test_cancel_removes_read_posts_before_the_batch_goes(smtp, relay):
    s = smtp()
    r = relay(s.port).start()
    uid = new_id()
    chan_a, chan_b = new_id(), new_id()
    now = int(time.time() * 1000)
    read_post = new_id()
    jobs = [
        notification("c@example.com", uid, interval_s=3, channel_id=chan_a, message="A old", create_at=now - 5000),
        notification("c@example.com", uid, interval_s=3, channel_id=chan_a, message="A read by id", post_id=read_post,
                     create_at=now + 60000),
        notification("c@example.com", uid, interval_s=3, channel_id=chan_a, message="A new", create_at=now + 60000),
        notification("c@example.com", uid, interval_s=3, channel_id=chan_b, message="B old", create_at=now - 5000),
    ]
    for j in jobs:
        assert r.call(j)[1]["status"] == "accepted"
    _, ack = r.call({"v": 1, "user_id": uid, "channel_id": chan_a, "read_at": now}, msg_type="mail.cancel")
    assert ack == {"v": 1, "status": "accepted"}
    _, ack = r.call({"v": 1, "user_id": uid, "post_ids": [read_post]}, msg_type="mail.cancel")
    assert ack["status"] == "accepted"
    got = s.handler.wait(1, timeout=10)
    time.sleep(1.2)
    assert len(s.handler.messages) == 1
    text = [p for p in got[0].message().iter_parts() if p.get_content_type() == "text/plain"][0].get_content()
    assert "A new" in text and "B old" in text
    assert "A old" not in text and "A read by id" not in text
    assert r.metric("parley_mail_cancelled_total") == 2


def test_cancel_of_everything_sends_nothing(smtp, relay):
    s = smtp()
    r = relay(s.port).start()
    uid = new_id()
    for i in range(3):
        assert r.call(notification("gone@example.com", uid, interval_s=2, message="m%d" % i))[1]["status"] == "accepted"
    _, ack = r.call({"v": 1, "user_id": uid, "read_at": int(time.time() * 1000) + 1000}, msg_type="mail.cancel")
    assert ack["status"] == "accepted"
    time.sleep(3.5)
    assert s.handler.messages == []
    assert r.metric("parley_mail_spool_jobs") == 0


def test_buffer_size_flushes_a_full_batch_early(smtp, relay):
    s = smtp()
    r = relay(s.port, EmailBatchingBufferSize=3).start()
    uid = new_id()
    for i in range(3):
        assert r.call(notification("full@example.com", uid, interval_s=3600, message="f%d" % i))[1]["status"] == "accepted"
    got = s.handler.wait(1, timeout=5)
    assert len(got) == 1
