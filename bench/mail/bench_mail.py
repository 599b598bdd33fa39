#!/usr/bin/python3
"""Mail relay benchmark: jobs/s accepted (each fsynced before its ack) and mails/s delivered to a
local SMTP sink, with and without batching, next to a baseline that sends the same mails straight
to the same sink in the same invocation.

    PARLEY_BUILD_DIR=build-release /usr/bin/python3 bench/mail/bench_mail.py [--jobs 2000] [--workers 2]

The sink is aiosmtpd in its own process. The baseline is a direct client: smtplib over `workers`
persistent connections (the relay uses the same number), sending byte-for-byte the mail the relay
renders for the same notification (captured first), only the recipient differs.
Goal: relay delivery rate >= 90% of the direct rate while fsyncing every accepted job.
Builds parley-mail-relay in $PARLEY_BUILD_DIR (relative to the current directory, default
./build-release; PARLEY_SKIP_BUILD=1: use what is there) with bench/lib/benchenv.py.
PARLEY_BENCH_TINY=1: --jobs 50 --rounds 1 --users 5 (smoke test).
"""
import argparse
import json
import multiprocessing as mp
import os
import shutil
import smtplib
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
import benchenv  # noqa: E402

benchenv.setup(["parley-mail-relay"])  # exports PARLEY_BUILD_DIR (absolute) before driver reads it
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "integration", "mail"))

from driver import Relay, new_id, notification  # noqa: E402
from smtp_servers import free_port  # noqa: E402


def sink_main(port, counter, ready):
    from aiosmtpd.controller import Controller

    class H:
        async def handle_DATA(self, server, session, envelope):
            with counter.get_lock():
                counter.value += 1
            return "250 OK"

    c = Controller(H(), hostname="127.0.0.1", port=port)
    c.start()
    ready.set()
    while True:
        time.sleep(3600)


class Sink:
    def __init__(self):
        self.port = free_port()
        self.counter = mp.Value("l", 0)
        ready = mp.Event()
        self.proc = mp.Process(target=sink_main, args=(self.port, self.counter, ready), daemon=True)
        self.proc.start()
        ready.wait(10)

    def count(self):
        return self.counter.value

    def wait(self, n, timeout=300):
        deadline = time.time() + timeout
        while self.count() < n and time.time() < deadline:
            time.sleep(0.005)
        return self.count() >= n

    def stop(self):
        self.proc.terminate()
        self.proc.join(5)


def relay_rendered_mail(spool_root):
    """One notification as the relay renders it, so the baseline sends byte-for-byte the same kind of mail."""
    from smtp_servers import SmtpServer

    cap = SmtpServer("plain").start()
    r = Relay(tempfile.mkdtemp(dir=spool_root), cap.port, LogLevel="warn")
    try:
        r.start()
        r.call(notification("u0@example.com", new_id(), interval_s=0, message="Hello from the benchmark, message 0."))
        got = cap.handler.wait(1)
        return got[0].data
    finally:
        r.close()
        r.stop()
        cap.stop()


def direct(sink, n, workers, template):
    start_count = sink.count()
    mails = [template.replace(b"u0@example.com", b"u%d@example.com" % i) for i in range(n)]

    def run(k):
        s = smtplib.SMTP("127.0.0.1", sink.port)
        for i in range(k, n, workers):
            s.sendmail("noreply@parley.test", ["u%d@example.com" % i], mails[i])
        s.quit()

    t0 = time.time()
    threads = [threading.Thread(target=run, args=(k,)) for k in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    sink.wait(start_count + n)
    return n / (time.time() - t0)


def relay_run(sink, n, workers, interval_s, users, spool_root, group):
    r = Relay(tempfile.mkdtemp(dir=spool_root), sink.port, Workers=workers, LogLevel="warn",
              MessagesPerConnection=50, EmailBatchingInterval=1, RetryBaseSeconds=1, GroupCommitMax=group)
    r.start()
    try:
        sock = r.connect()
        uids = [new_id() for _ in range(users)]
        bodies = [json.dumps(notification("u%d@example.com" % (i % users), uids[i % users], interval_s=interval_s,
                                          message="Hello from the benchmark, message %d." % i)) for i in range(n)]
        start_count = sink.count()
        acked = [0]
        t0 = time.time()
        for b in bodies:  # one thread owns the socket (ZeroMQ sockets are not thread-safe)
            sock.send_multipart([b"PL1", b"mail.job", new_id().encode(), b.encode()])
        while acked[0] < n and sock.poll(30000):
            sock.recv_multipart()
            acked[0] += 1
        t_acked = time.time() - t0
        expected_mails = n if interval_s == 0 else users
        sink.wait(start_count + expected_mails)
        t_done = time.time() - t0
        m = r.metrics()
        assert acked[0] == n, "acks missing"
        assert m.get("parley_mail_spooled_total") == n
        return {"accepted_jobs_per_s": n / t_acked, "delivered_jobs_per_s": n / t_done,
                "mails_per_s": expected_mails / t_done, "mails": sink.count() - start_count,
                "sent_jobs": m.get("parley_mail_sent_jobs_total")}
    finally:
        r.close()
        r.stop()


def main():
    ap = argparse.ArgumentParser()
    tiny = benchenv.tiny()
    ap.add_argument("--jobs", type=int, default=50 if tiny else 2000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--users", type=int, default=5 if tiny else 100, help="recipients in the batching run")
    ap.add_argument("--rounds", type=int, default=1 if tiny else 3)
    ap.add_argument("--group", type=int, default=256, help="RelaySettings.GroupCommitMax")
    args = ap.parse_args()
    spool_root = tempfile.mkdtemp(prefix="mailbench-", dir=os.environ.get("BENCH_SPOOL_DIR", "/tmp"))
    template = relay_rendered_mail(spool_root)
    sink = Sink()
    bases, plains = [], []
    try:
        for _ in range(args.rounds):  # alternate so both see the same machine load
            bases.append(direct(sink, args.jobs, args.workers, template))
            plains.append(relay_run(sink, args.jobs, args.workers, 0, args.users, spool_root, args.group))
        batched = relay_run(sink, args.jobs, args.workers, 1, args.users, spool_root, args.group)
    finally:
        sink.stop()
        shutil.rmtree(spool_root, ignore_errors=True)
    ratios = sorted(p["mails_per_s"] / b for p, b in zip(plains, bases))
    median = ratios[len(ratios) // 2]
    print("mail relay benchmark: %d jobs x %d rounds, %d workers/connections, sink aiosmtpd, mail %d bytes"
          % (args.jobs, args.rounds, args.workers, len(template)))
    for i, (b, p) in enumerate(zip(bases, plains)):
        print("  round %d: direct %6.0f mails/s | relay accepted (fsynced) %6.0f jobs/s, delivered %6.0f mails/s"
              " | ratio %.2f" % (i + 1, b, p["accepted_jobs_per_s"], p["mails_per_s"], p["mails_per_s"] / b))
    print("  relay with batching (1 s, %d recipients): accepted %.0f jobs/s, delivered %.0f jobs/s in %d digests"
          % (args.users, batched["accepted_jobs_per_s"], batched["delivered_jobs_per_s"], batched["mails"]))
    print("  median ratio relay/direct: %.2f -> goal (>= 0.90 while fsyncing every job) %s"
          % (median, "MET" if median >= 0.9 else "NOT MET"))


if __name__ == "__main__":
    main()
