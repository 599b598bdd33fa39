"""Real SMTP servers for the mail-relay tests (aiosmtpd): plain, STARTTLS, implicit TLS, AUTH, and
scriptable replies per recipient (e.g. 550 for one address, 451 twice then accept for another)."""
import datetime
import ipaddress
import os
import socket
import ssl
import threading
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_cert(directory):
    """A self-signed certificate for localhost/127.0.0.1, generated at test time."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path = os.path.join(directory, "cert.pem")
    key_path = os.path.join(directory, "key.pem")
    with open(cert_path, "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(key_path, "wb") as f:
        f.write(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
    return cert_path, key_path


class Received:
    def __init__(self, mail_from, rcpts, data, tls, auth_user, session_id):
        self.mail_from = mail_from
        self.rcpts = rcpts
        self.data = data
        self.tls = tls
        self.auth_user = auth_user
        self.session_id = session_id

    def message(self):
        import email
        import email.policy

        return email.message_from_bytes(self.data, policy=email.policy.default)


class Handler:
    """Collects messages; rcpt_script maps an address to a list of reply strings used in order
    (the last one repeats), e.g. {"bad@x.test": ["550 5.1.1 no such user"]}."""

    def __init__(self):
        self.lock = threading.Lock()
        self.messages = []
        self.rcpt_script = {}
        self.session_count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self.lock:
            script = self.rcpt_script.get(address.lower())
            reply = None
            if script:
                reply = script[0] if len(script) == 1 else script.pop(0)
        if reply and not reply.startswith("250"):
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        tls = session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None
        user = getattr(session, "auth_data", None)
        with self.lock:
            if not hasattr(session, "parley_no"):  # id() of a finished session may be reused
                self.session_count += 1
                session.parley_no = self.session_count
            self.messages.append(
                Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content or envelope.content,
                         tls, user, session.parley_no)
            )
        return "250 Message accepted for delivery"

    def wait(self, count, timeout=20.0):
        deadline = time.time() + timeout
        while time.time() < deadline:
            with self.lock:
                if len(self.messages) >= count:
                    return list(self.messages)
            time.sleep(0.05)
        with self.lock:
            return list(self.messages)

    def to(self, address):
        with self.lock:
            return [m for m in self.messages if address in m.rcpts]


class _Authenticator:
    def __init__(self, users):
        self.users = users

    def __call__(self, server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword):
            user = auth_data.login.decode()
            if self.users.get(user) == auth_data.password.decode():
                return AuthResult(success=True, auth_data=user)
        return AuthResult(success=False, handled=False)


class _Controller(Controller):
    def __init__(self, handler, port, starttls_ctx=None, require_tls=False, users=None, exclude_auth=None, **kw):
        self._exclude_auth = exclude_auth
        self._starttls_ctx = starttls_ctx
        self._require_tls = require_tls
        self._users = users
        super().__init__(handler, hostname="127.0.0.1", port=port, **kw)

    def factory(self):
        kw = {}
        if self._starttls_ctx is not None:
            kw.update(tls_context=self._starttls_ctx, require_starttls=self._require_tls)
        if self._users is not None:
            kw.update(authenticator=_Authenticator(self._users), auth_required=True,
                      auth_require_tls=self._starttls_ctx is not None and self._require_tls,
                      auth_exclude_mechanism=self._exclude_auth or [])
        return SMTP(self.handler, **kw)


class SmtpServer:
    """mode: "plain", "starttls", "tls" (implicit TLS); users: {"name": "password"} enables AUTH."""

    def __init__(self, mode="plain", cert=None, users=None, port=None, exclude_auth=None):
        self.exclude_auth = exclude_auth
        self.mode = mode
        self.cert = cert
        self.users = users
        self.port = port or free_port()
        self.handler = Handler()
        self.controller = None

    def _ctx(self):
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(*self.cert)
        return ctx

    def start(self):
        if self.mode == "starttls":
            self.controller = _Controller(self.handler, self.port, starttls_ctx=self._ctx(), require_tls=True,
                                          users=self.users, exclude_auth=self.exclude_auth)
        elif self.mode == "tls":
            self.controller = _Controller(self.handler, self.port, users=self.users, ssl_context=self._ctx())
        else:
            self.controller = _Controller(self.handler, self.port, users=self.users)
        self.controller.start()
        return self

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None
