"""Test driver for parley-mail-relay: spawns the binary with a config, speaks proto/ v1 over ZeroMQ."""
import json
import os
import random
import signal
import string
import subprocess
import time
import urllib.request

import zmq

from smtp_servers import free_port

EMAIL_KEYS = {"SMTPServer", "SMTPPort", "ConnectionSecurity", "EnableSMTPAuth", "SMTPUsername", "SMTPPassword",
              "SMTPServerTimeout", "SkipServerCertificateVerification", "FeedbackEmail", "FeedbackName",
              "ReplyToAddress", "EmailBatchingBufferSize", "EmailBatchingInterval"}
ALPHABET = "ybndrfg8ejkmcpqxot1uwisza345h769"
BUILD_DIR = os.environ.get("PARLEY_BUILD_DIR", os.path.join(os.path.dirname(__file__), "..", "..", "..", "build"))


def relay_binary():
    for rel in ("services/mail-relay/parley-mail-relay", "parley-mail-relay"):
        p = os.path.join(BUILD_DIR, rel)
        if os.path.exists(p):
            return p
    raise RuntimeError("parley-mail-relay not found under PARLEY_BUILD_DIR=%s" % BUILD_DIR)


def new_id():
    return "".join(random.choice(ALPHABET) for _ in range(26))


def notification(email, user_id, interval_s=0, name="Ann", message="hello", sender="bob", channel_type="O",
                 channel="Town Square", post_id=None, channel_id=None, create_at=None, locale="en", **extra):
    job = {
        "v": 1, "kind": "notification", "to": {"email": email, "name": name}, "user_id": user_id,
        "locale": locale, "site_name": "Parley Test", "site_url": "https://chat.example.com",
        "interval_s": interval_s, "created_at": int(time.time() * 1000),
        "post": {"id": post_id or new_id(), "channel_id": channel_id or "c" * 26, "channel_name": channel,
                 "channel_type": channel_type, "team_name": "Team One", "team_slug": "team-one",
                 "sender_name": sender, "message": message, "create_at": create_at or int(time.time() * 1000)},
    }
    job.update(extra)
    return job


def account(email, subject="Verify your email", text="Click the link", html="<p>Click the link</p>", name=""):
    return {"v": 1, "kind": "account", "to": {"email": email, "name": name}, "subject": subject, "text": text,
            "html": html}


class Relay:
    def __init__(self, tmpdir, smtp_port, **settings):
        self.dir = str(tmpdir)
        os.makedirs(self.dir, exist_ok=True)
        self.spool = settings.pop("SpoolDirectory", os.path.join(self.dir, "spool"))
        self.zmq_port = free_port()
        self.http_port = free_port()
        email = {
            "SMTPServer": "127.0.0.1", "SMTPPort": str(smtp_port), "ConnectionSecurity": "",
            "FeedbackEmail": "noreply@parley.test", "FeedbackName": "Parley Bot",
            "ReplyToAddress": "support@parley.test", "EmailBatchingInterval": 1, "SMTPServerTimeout": 5,
        }
        relay = {
            "ZmqBindAddress": "tcp://127.0.0.1:%d" % self.zmq_port, "SpoolDirectory": self.spool,
            "ListenAddress": "127.0.0.1:%d" % self.http_port, "Workers": 2, "RetryBaseSeconds": 1,
            "RetryMaxSeconds": 2, "SpoolMinFreeMB": 0, "LogLevel": "debug",
        }
        for k, v in settings.items():
            (email if k in EMAIL_KEYS else relay)[k] = v
        self.config_path = os.path.join(self.dir, "relay.json")
        with open(self.config_path, "w") as f:
            json.dump({"EmailSettings": email, "RelaySettings": relay}, f)
        self.proc = None
        self.log_path = os.path.join(self.dir, "relay.log")
        self.ctx = zmq.Context.instance()
        self.sock = None

    # process
    def start(self, wait=True):
        self.log = open(self.log_path, "ab")
        self.proc = subprocess.Popen([relay_binary(), "--config", self.config_path], stdout=self.log,
                                     stderr=self.log)
        if wait:
            self.wait_healthy()
        return self

    def wait_healthy(self, timeout=15):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("relay exited rc=%s:\n%s" % (self.proc.returncode, self.logs()))
            try:
                status, _ = self.http("/healthz")
                if status in (200, 503):
                    return
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError("relay did not come up:\n" + self.logs())

    def http(self, path):
        try:
            with urllib.request.urlopen("http://127.0.0.1:%d%s" % (self.http_port, path), timeout=3) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()

    def metrics(self):
        _, text = self.http("/metrics")
        out = {}
        for line in text.splitlines():
            if line and not line.startswith("#"):
                name, _, value = line.rpartition(" ")
                out[name] = float(value)
        return out

    def metric(self, name):
        return self.metrics().get(name, 0.0)

    def stop(self, sig=signal.SIGTERM, timeout=15):
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        rc = self.proc.returncode
        self.proc = None
        self.log.close()
        return rc

    def kill9(self):
        self.stop(signal.SIGKILL)
        return None

    def logs(self):
        try:
            with open(self.log_path, "rb") as f:
                return f.read().decode(errors="replace")[-6000:]
        except OSError:
            return ""

    def cli(self, *args):
        return subprocess.run([relay_binary(), "--config", self.config_path] + list(args), capture_output=True,
                              text=True, timeout=30)

    # ZeroMQ driver
    def connect(self):
        if self.sock is None:
            self.sock = self.ctx.socket(zmq.DEALER)
            self.sock.setsockopt(zmq.LINGER, 0)
            self.sock.connect("tcp://127.0.0.1:%d" % self.zmq_port)
        return self.sock

    def close(self):
        if self.sock is not None:
            self.sock.close(0)
            self.sock = None

    def send_raw(self, frames):
        self.connect().send_multipart([f if isinstance(f, bytes) else f.encode() for f in frames])

    def send(self, body, msg_type="mail.job", msg_id=None):
        msg_id = msg_id or new_id()
        raw = body if isinstance(body, (bytes, str)) else json.dumps(body)
        self.send_raw([b"PL1", msg_type, msg_id, raw])
        return msg_id

    def recv_ack(self, timeout=10.0):
        sock = self.connect()
        if not sock.poll(int(timeout * 1000)):
            return None
        frames = sock.recv_multipart()
        assert frames[0] == b"PL1" and frames[1] == b"mail.ack", frames
        return frames[2].decode(), json.loads(frames[3])

    def call(self, body, msg_type="mail.job", msg_id=None, timeout=10.0):
        """Send one message and wait for its ack. Returns (msg_id, ack body or None)."""
        msg_id = self.send(body, msg_type, msg_id)
        deadline = time.time() + timeout
        while time.time() < deadline:
            got = self.recv_ack(max(0.01, deadline - time.time()))
            if got is None:
                return msg_id, None
            if got[0] == msg_id:
                return msg_id, got[1]
        return msg_id, None
