"""Stand-in APNs, FCM and OAuth-token servers: HTTP/2 over TLS (ALPN h2) with scriptable answers.

One StandIn object serves one listening port on 127.0.0.1 ("localhost" in the test certificate).
Answers are chosen per request by `rules` (device token -> list of actions, the last one sticks)
or `default`. Actions:
  ("ok",)                          200 (APNs: empty body + apns-id; FCM: {"name": ...})
  ("apns", status, reason[, ts])   APNs error JSON {"reason":..., "timestamp":...}
  ("fcm", status, code[, message, retry_after])  FCM error JSON with details[].errorCode
  ("slow", seconds)                answer 200 after a delay (other streams keep flowing)
  ("goaway",)                      send GOAWAY (last stream = the last one answered), close
  ("drop",)                        close the TCP connection abruptly, no answer
Every request is recorded (headers, body, time, connection number) in `received`.
"""

import json
import socket
import ssl
import threading
import time
import urllib.parse

import h2.config
import h2.connection
import h2.events
import h2.exceptions
import h2.settings


class StandIn:
    def __init__(self, certfile, keyfile, kind="apns", port=0, max_streams=500, oauth_public_key=None,
                 client_ca=None, host="127.0.0.1"):
        self.kind = kind
        self.host = host  # the one address it listens on
        self.certfile, self.keyfile = certfile, keyfile
        self.max_streams = max_streams
        self.client_ca = client_ca  # when set, a client certificate signed by this CA is required
        self.client_subjects = []
        self.oauth_public_key = oauth_public_key  # PEM, to verify the service-account assertion
        self.rules = {}
        self.default = ("ok",)
        self.received = []
        self.tokens_issued = []
        self.oauth_requests = []
        self.lock = threading.Lock()
        self.connections = 0
        self._socks = []
        self._stop = False
        self.port = port
        self._listen()

    # ---- control ----
    def _listen(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((self.host, self.port))
        self.port = self.sock.getsockname()[1]
        self.sock.listen(512)
        self._stop = False
        self.ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.ctx.load_cert_chain(self.certfile, self.keyfile)
        self.ctx.set_alpn_protocols(["h2"])
        if self.client_ca:
            self.ctx.load_verify_locations(self.client_ca)
            self.ctx.verify_mode = ssl.CERT_REQUIRED
        self.thread = threading.Thread(target=self._accept_loop, daemon=True)
        self.thread.start()

    def stop(self):
        """Close the listener and every connection (the server is 'down')."""
        self._stop = True
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()
        for s in list(self._socks):
            try:
                s.shutdown(socket.SHUT_RDWR)
                s.close()
            except OSError:
                pass
        self._socks.clear()
        self.thread.join(timeout=2)

    def restart(self):
        self._listen()

    def set_rule(self, token, *actions):
        with self.lock:
            self.rules[token] = list(actions)

    def tokens(self):
        with self.lock:
            return [r["token"] for r in self.received]

    # ---- serving ----
    def _accept_loop(self):
        while not self._stop:
            try:
                raw, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(raw,), daemon=True).start()

    def _serve(self, raw):
        try:
            s = self.ctx.wrap_socket(raw, server_side=True)
        except (ssl.SSLError, OSError):
            raw.close()
            return
        self._socks.append(s)
        if self.client_ca:
            with self.lock:
                self.client_subjects.append(dict(x[0] for x in s.getpeercert()["subject"]))
        with self.lock:
            self.connections += 1
            conn_no = self.connections
        c = _Conn(self, s, conn_no)
        c.run()


class _Conn:
    def __init__(self, srv, sock, no):
        self.srv, self.sock, self.no = srv, sock, no
        self.h2 = h2.connection.H2Connection(h2.config.H2Configuration(client_side=False, header_encoding="utf-8"))
        self.lock = threading.Lock()
        self.streams = {}
        self.last_answered = 0
        self.closed = False

    def flush(self):
        data = self.h2.data_to_send()
        if data and not self.closed:
            try:
                self.sock.sendall(data)
            except OSError:
                self.closed = True

    def run(self):
        with self.lock:
            self.h2.initiate_connection()
            self.h2.update_settings({h2.settings.SettingCodes.MAX_CONCURRENT_STREAMS: self.srv.max_streams,
                                     h2.settings.SettingCodes.INITIAL_WINDOW_SIZE: 1 << 20})
            self.h2.increment_flow_control_window(1 << 24)
            self.flush()
        while not self.closed:
            try:
                data = self.sock.recv(65536)
            except OSError:
                break
            if not data:
                break
            with self.lock:
                try:
                    events = self.h2.receive_data(data)
                except h2.exceptions.ProtocolError:
                    self.flush()
                    break
                for ev in events:
                    self.on_event(ev)
                self.flush()
        self.closed = True
        try:
            self.sock.close()
        except OSError:
            pass

    def on_event(self, ev):
        if isinstance(ev, h2.events.RequestReceived):
            self.streams[ev.stream_id] = {"headers": dict(ev.headers), "body": b""}
        elif isinstance(ev, h2.events.DataReceived):
            st = self.streams.get(ev.stream_id)
            if st is not None:
                st["body"] += ev.data
            self.h2.acknowledge_received_data(ev.flow_controlled_length, ev.stream_id)
        elif isinstance(ev, h2.events.StreamEnded):
            self.on_request(ev.stream_id)

    def on_request(self, sid):
        st = self.streams.pop(sid)
        hdr, body = st["headers"], st["body"]
        path = hdr.get(":path", "")
        if path.endswith("/token"):
            return self.answer_oauth(sid, body)
        token = self.token_of(path, body)
        rec = {"headers": hdr, "body": body, "token": token, "time": time.time(), "conn": self.no, "stream": sid}
        with self.srv.lock:
            rules = self.srv.rules.get(token)
            action = (rules.pop(0) if len(rules) > 1 else rules[0]) if rules else self.srv.default
        if self.srv.kind == "fcm" and not self.fcm_authorized(hdr):
            return self.send(sid, 401, json.dumps({"error": {"code": 401, "status": "UNAUTHENTICATED",
                                                             "message": "bad bearer"}}).encode())
        rec["action"] = action
        if action[0] == "goaway":
            self.h2.close_connection(error_code=0, last_stream_id=self.last_answered)
            self.flush()
            self.closed = True
            self.sock.shutdown(socket.SHUT_RDWR)
            return
        if action[0] == "drop":
            self.closed = True
            self.sock.shutdown(socket.SHUT_RDWR)
            return
        with self.srv.lock:
            self.srv.received.append(rec)
        if action[0] == "slow":
            threading.Timer(action[1], self.answer_later, args=(sid, hdr, ("ok",))).start()
            return
        self.answer(sid, hdr, action)

    def token_of(self, path, body):
        if self.srv.kind == "apns":
            return path.rsplit("/", 1)[-1]
        try:
            return json.loads(body)["message"]["token"]
        except (ValueError, KeyError, TypeError):
            return ""

    def fcm_authorized(self, hdr):
        auth = hdr.get("authorization", "")
        with self.srv.lock:
            return any(auth == "Bearer " + t for t in self.srv.tokens_issued)

    def answer_later(self, sid, hdr, action):
        with self.lock:
            if not self.closed:
                try:
                    self.answer(sid, hdr, action)
                    self.flush()
                except h2.exceptions.H2Error:
                    pass

    def answer(self, sid, hdr, action):
        kind = action[0]
        if kind in ("ok", "slow"):
            if self.srv.kind == "apns":
                return self.send(sid, 200, b"", [("apns-id", hdr.get("apns-id", "generated"))])
            return self.send(sid, 200, json.dumps({"name": "projects/p/messages/%d" % sid}).encode())
        if kind == "apns":
            body = {"reason": action[2]}
            if len(action) > 3:
                body["timestamp"] = action[3]
            return self.send(sid, action[1], json.dumps(body).encode(), [("apns-id", hdr.get("apns-id", ""))])
        if kind == "fcm":
            status, code = action[1], action[2]
            msg = action[3] if len(action) > 3 else code
            extra = [("retry-after", str(action[4]))] if len(action) > 4 else []
            err = {"error": {"code": status, "message": msg, "status": code if code in (
                "INVALID_ARGUMENT", "UNAVAILABLE", "INTERNAL") else "NOT_FOUND",
                "details": [{"@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError", "errorCode": code}]}}
            return self.send(sid, status, json.dumps(err).encode(), extra)
        raise ValueError(action)

    def answer_oauth(self, sid, body):
        form = urllib.parse.parse_qs(body.decode())
        rec = {"form": form, "time": time.time()}
        ok = form.get("grant_type") == ["urn:ietf:params:oauth:grant-type:jwt-bearer"] and "assertion" in form
        if ok and self.srv.oauth_public_key is not None:
            import jwt as pyjwt
            try:
                rec["claims"] = pyjwt.decode(form["assertion"][0], self.srv.oauth_public_key, algorithms=["RS256"],
                                             audience="https://localhost:%d/token" % self.srv.port)
                rec["header"] = pyjwt.get_unverified_header(form["assertion"][0])
            except pyjwt.PyJWTError as e:
                rec["error"] = str(e)
                ok = False
        with self.srv.lock:
            self.srv.oauth_requests.append(rec)
            if ok:
                tok = "ya29.test-%d" % (len(self.srv.tokens_issued) + 1)
                self.srv.tokens_issued.append(tok)
        if not ok:
            return self.send(sid, 400, b'{"error":"invalid_grant"}')
        return self.send(sid, 200, json.dumps({"access_token": tok, "expires_in": 3599,
                                               "token_type": "Bearer"}).encode())

    def send(self, sid, status, body, extra=()):
        headers = [(":status", str(status)), ("content-length", str(len(body)))] + list(extra)
        try:
            self.h2.send_headers(sid, headers, end_stream=not body)
            if body:
                self.h2.send_data(sid, body, end_stream=True)
        except h2.exceptions.H2Error:
            return
        self.last_answered = max(self.last_answered, sid)
