"""Helpers for the push-proxy tests and bench: test PKI, keys, the proxy process, the ZeroMQ driver."""

import datetime
import ipaddress
import json
import os
import signal
import socket
import subprocess
import time

import requests
import zmq
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

ALPHABET = "ybndrfg8ejkmcpqxot1uwisza345h769"


def build_dir():
    return os.environ.get("PARLEY_BUILD_DIR", os.path.join(os.path.dirname(__file__), "../../../build"))


def proxy_binary():
    return os.path.join(build_dir(), "services/push-proxy/parley-push-proxy")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def new_id():
    return "".join(ALPHABET[b % 32] for b in os.urandom(26))


def _pem_key(key):
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def make_pki(d):
    """Test CA + a localhost server certificate + an APNs .p8 key + an FCM service account."""
    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "parley test CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
          .not_valid_after(now + datetime.timedelta(days=2))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .sign(ca_key, hashes.SHA256()))
    srv_key = ec.generate_private_key(ec.SECP256R1())
    srv = (x509.CertificateBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
           .issuer_name(ca_name).public_key(srv_key.public_key()).serial_number(x509.random_serial_number())
           .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=2))
           .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                       x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                          critical=False)
           .sign(ca_key, hashes.SHA256()))
    paths = {k: os.path.join(d, v) for k, v in dict(ca="ca.pem", cert="server.pem", key="server.key",
                                                    p8="AuthKey_TESTKEY123.p8", sa="service-account.json").items()}
    open(paths["ca"], "wb").write(ca.public_bytes(serialization.Encoding.PEM))
    open(paths["cert"], "wb").write(srv.public_bytes(serialization.Encoding.PEM))
    open(paths["key"], "wb").write(_pem_key(srv_key))
    apns_key = ec.generate_private_key(ec.SECP256R1())
    open(paths["p8"], "wb").write(_pem_key(apns_key))
    paths["apns_public"] = apns_key.public_key().public_bytes(serialization.Encoding.PEM,
                                                              serialization.PublicFormat.SubjectPublicKeyInfo)
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    paths["sa_public"] = rsa_key.public_key().public_bytes(serialization.Encoding.PEM,
                                                           serialization.PublicFormat.SubjectPublicKeyInfo)
    sa = {"type": "service_account", "project_id": "parley-test", "private_key_id": "kid-1",
          "private_key": _pem_key(rsa_key).decode(), "client_email": "push@parley-test.iam.gserviceaccount.com",
          "token_uri": "https://oauth2.googleapis.com/token"}
    json.dump(sa, open(paths["sa"], "w"))
    return paths


class Proxy:
    """A parley-push-proxy process with a generated config."""

    def __init__(self, tmpdir, pki, apns=None, fcm=None, extra=None, name="proxy", ports=None, wrap=()):
        self.tmpdir, self.pki = tmpdir, pki
        self.wrap = list(wrap)  # argv prefix (e.g. unshare with a private /etc/hosts)
        self.http_port, self.zmq_port = ports or (free_port(), free_port())
        cfg = {"ListenAddress": "127.0.0.1:%d" % self.http_port, "ZmqBindAddress": "tcp://127.0.0.1:%d" % self.zmq_port,
               "ThrottlePerSec": 0, "TrustedCAFile": pki["ca"], "SendTimeoutSec": 30, "RetryTimeoutSec": 5,
               "ShutdownTimeoutSec": 5, "FCMQuotaBackoffSec": 1, "LogLevel": "info",
               "ApplePushSettings": [], "AndroidPushSettings": []}
        if apns is not None:
            cfg["AppleBaseURL"] = "https://localhost:%d" % apns.port
            for t in ("apple", "apple_rn"):
                cfg["ApplePushSettings"].append({"Type": t, "ApplePushTopic": "com.mattermost.rn", "AppleAuthKeyFile":
                                                 pki["p8"], "AppleAuthKeyID": "TESTKEY123", "AppleTeamID": "TEAM123456"})
        if fcm is not None:
            cfg["FCMBaseURL"] = "https://localhost:%d" % fcm.port
            cfg["OAuthTokenURL"] = "https://localhost:%d/token" % fcm.port
            for t in ("android", "android_rn"):
                cfg["AndroidPushSettings"].append({"Type": t, "ServiceFileLocation": pki["sa"]})
        cfg.update(extra or {})
        self.cfg = cfg
        self.config_path = os.path.join(tmpdir, name + ".json")
        json.dump(cfg, open(self.config_path, "w"))
        self.log_path = os.path.join(tmpdir, name + ".log")
        self.proc = None
        self.url = "http://127.0.0.1:%d" % self.http_port
        self.zmq_endpoint = "tcp://127.0.0.1:%d" % self.zmq_port

    def start(self):
        self.log = open(self.log_path, "ab")
        env = dict(os.environ, ASAN_OPTIONS="detect_leaks=1:abort_on_error=0", UBSAN_OPTIONS="print_stacktrace=1")
        self.proc = subprocess.Popen(self.wrap + [proxy_binary(), "--config", self.config_path], stdout=self.log, stderr=self.log,
                                     env=env)
        deadline = time.time() + 15
        while time.time() < deadline:
            try:
                if requests.get(self.url + "/version", timeout=1).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            if self.proc.poll() is not None:
                raise RuntimeError("proxy exited: " + self.read_log())
            time.sleep(0.05)
        raise RuntimeError("proxy did not start: " + self.read_log())

    def stop(self, sig=signal.SIGTERM, timeout=30):
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        self.proc.send_signal(sig)
        try:
            rc = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = self.proc.wait()
        self.log.close()
        return rc

    def kill9(self):
        self.proc.kill()
        self.proc.wait()
        self.log.close()

    def read_log(self):
        try:
            return open(self.log_path, "rb").read().decode("utf-8", "replace")
        except OSError:
            return ""

    def send_push(self, body, headers=None, raw=None, timeout=60):
        data = raw if raw is not None else json.dumps(body)
        return requests.post(self.url + "/api/v1/send_push", data=data, headers=headers or {}, timeout=timeout)

    def metrics(self):
        out = {}
        for line in requests.get(self.url + "/metrics", timeout=10).text.splitlines():
            if line and not line.startswith("#"):
                k, v = line.rsplit(" ", 1)
                out[k] = float(v)
        return out


class Driver:
    """Sends push.job messages over ZeroMQ the way the core does (DEALER) and reads push.ack."""

    def __init__(self, endpoint, curve=None):
        self.ctx = zmq.Context()
        self.sock = self.ctx.socket(zmq.DEALER)
        self.sock.setsockopt(zmq.LINGER, 0)
        self.sock.setsockopt(zmq.SNDHWM, 0)
        self.sock.setsockopt(zmq.RCVHWM, 0)
        self.sock.setsockopt(zmq.SNDTIMEO, 5000)  # a DEALER with no accepted peer blocks on send
        if curve:
            self.sock.curve_serverkey, self.sock.curve_publickey, self.sock.curve_secretkey = curve
        self.sock.connect(endpoint)

    def send(self, body, msg_id=None, frames=None):
        msg_id = msg_id or new_id()
        if frames is not None:
            self.sock.send_multipart(frames)
            return msg_id
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.sock.send_multipart([b"PL1", b"push.job", msg_id.encode(), data])
        return msg_id

    def recv(self, timeout=10.0):
        if not self.sock.poll(int(timeout * 1000)):
            return None
        frames = self.sock.recv_multipart()
        assert frames[0] == b"PL1" and frames[1] == b"push.ack", frames
        return frames[2].decode(), json.loads(frames[3])

    def collect(self, ids, timeout=30.0):
        """Wait for acks of every id; returns {id: ack} (duplicates keep the last)."""
        want, got, deadline = set(ids), {}, time.time() + timeout
        while want - set(got) and time.time() < deadline:
            r = self.recv(max(0.05, deadline - time.time()))
            if r is not None:
                got[r[0]] = r[1]
        return got

    def close(self):
        self.sock.close()
        self.ctx.term()


def job(token, platform="apple_rn-v2", **kw):
    body = {"v": 1, "platform": platform, "device_id": token, "server_id": "srv1", "ack_id": new_id(),
            "type": "message", "message": "hello", "channel_id": "ch1", "channel_name": "Town Square",
            "version": "v2", "post_id": "p1", "sender_id": "u1", "sender_name": "alice", "badge": 2}
    body.update(kw)
    return body
