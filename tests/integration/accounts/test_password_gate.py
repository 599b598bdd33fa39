"""The password-hashing gate: shared fairly per user and per client address, bounded waits, lockout.

Clients get their own loopback source address (127.0.0.2, 127.0.0.3, ...: Linux routes all of
127/8 to lo) so the server sees distinct client addresses. On this 2-core machine the gate has its
default single hashing thread (PasswordHashConcurrency 0 = cores - 1).
"""

import base64
import concurrent.futures
import os
import threading
import time

import requests
from conftest import PASSWORD, Api, assert_error

BUSY = "api.context.server_busy.app_error"
SHARE = "api.context.rate_limit_exceeded.app_error"
BAD = "api.user.login.invalid_credentials_email_username"
LOCKED = "api.user.check_user_login_attempts.too_many.app_error"
WORKERS = {"SqlSettings": {"MaxOpenConns": 8}}  # 8 workers: the default queue holds 7 (before: 2 x 1 slot)


class SourceAdapter(requests.adapters.HTTPAdapter):
    def __init__(self, address):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


def client(acc, address):
    api = Api(acc.base)
    api.s.mount("http://", SourceAdapter(address))
    return api


def slow_hash():
    """A PBKDF2 hash no password matches, with 3M iterations (seconds of one core)."""
    raw = lambda n: base64.b64encode(os.urandom(n)).decode().rstrip("=")  # noqa: E731
    return f"$pbkdf2$f=SHA256,w=3000000,l=32${raw(16)}${raw(32)}"


def gate_running(acc):
    text = requests.get(acc.svc.metrics_url(), timeout=10).text
    line = next(l for l in text.splitlines() if l.startswith("parley_password_hashes_running "))
    return float(line.split()[1])


def wait_for_gate(acc, running, timeout=60):
    """Poll GET /metrics until the gate runs `running` hashes (a state the test waits for)."""
    deadline = time.monotonic() + timeout
    while gate_running(acc) != running:
        assert time.monotonic() < deadline, "the gate never ran %d hashes" % running
        time.sleep(0.01)  # poll interval


def wait_until_hashing(acc):
    wait_for_gate(acc, 1)


def test_hammering_clients_do_not_fail_another_users_login(accounts):
    acc = accounts({**WORKERS, "ParleySettings": {"PasswordHashIterations": 100000}})
    hammer_users = [acc.create_user(api=acc.admin) for _ in range(6)]
    victim = acc.create_user(api=acc.admin)
    stop = threading.Event()
    results = [[] for _ in hammer_users]
    started = threading.Barrier(len(hammer_users) + 1)

    def hammer(i):
        api = acc.api()  # every client on 127.0.0.1, the victim too
        for n in range(1000000):
            if n == 2:
                started.wait(timeout=60)
            if stop.is_set() and n > 2:
                return
            results[i].append(api.login(hammer_users[i]["username"]))

    with concurrent.futures.ThreadPoolExecutor(len(hammer_users)) as pool:
        futures = [pool.submit(hammer, i) for i in range(len(hammer_users))]
        started.wait(timeout=60)  # every hammering client has had two logins answered
        r = acc.api().login(victim["username"])
        stop.set()
        for f in futures:
            f.result()
    assert r.status_code == 200, (r.status_code, r.text)
    assert r.json()["id"] == victim["id"]
    for rs in results:
        for h in rs:
            assert h.status_code == 200, (h.status_code, h.text)  # one place each: the queue (7) holds them all


def test_over_share_answers_429_and_others_still_log_in(accounts):
    acc = accounts({**WORKERS, "ParleySettings": {"PasswordHashPerAddressLimit": 1, "PasswordHashMaxWaitMs": 60000}})
    x, y = acc.create_user(api=acc.admin), acc.create_user(api=acc.admin)
    acc.sql("UPDATE users SET password = %s WHERE id = %s", slow_hash(), x["id"])
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        first = pool.submit(client(acc, "127.0.0.2").login, x["username"])
        wait_until_hashing(acc)
        assert_error(client(acc, "127.0.0.3").login(x["username"]), 429, SHARE)  # the user's share (1)
        assert_error(client(acc, "127.0.0.2").login(y["username"]), 429, SHARE)  # the address's share (1)
        other = client(acc, "127.0.0.4").login(y["username"])  # waits for its turn
        assert other.status_code == 200, other.text
        assert_error(first.result(), 401, BAD)
#refused attempts were given back : only the one checked password counts
    assert acc.sql("SELECT failed_attempts FROM users WHERE id = %s", x["id"]) == [(1,)]
    assert acc.sql("SELECT failed_attempts FROM users WHERE id = %s", y["id"]) == [(0,)]


def test_wait_is_bounded_then_503(accounts):
    acc = accounts({**WORKERS, "ParleySettings": {"PasswordHashMaxWaitMs": 200}})
    x, y = acc.create_user(api=acc.admin), acc.create_user(api=acc.admin)
    acc.sql("UPDATE users SET password = %s WHERE id = %s", slow_hash(), x["id"])
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        first = pool.submit(client(acc, "127.0.0.2").login, x["username"])
        wait_until_hashing(acc)
        assert_error(client(acc, "127.0.0.3").login(y["username"]), 503, BUSY)  # the only thread is busy for seconds
        assert_error(first.result(), 503, BUSY)  # its own hash outlives the bound too
    assert acc.sql("SELECT sum(failed_attempts)::int FROM users WHERE id IN (%s, %s)", x["id"], y["id"]) == [(0,)]
    wait_for_gate(acc, 0)  # the abandoned hash has finished
    assert client(acc, "127.0.0.3").login(y["username"]).status_code == 200


def test_queue_full_answers_503(accounts):
    acc = accounts({**WORKERS, "ParleySettings": {"PasswordHashQueueSize": 1}})
    x, y = acc.create_user(api=acc.admin), acc.create_user(api=acc.admin)
    acc.sql("UPDATE users SET password = %s WHERE id = %s", slow_hash(), x["id"])
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        first = pool.submit(client(acc, "127.0.0.2").login, x["username"])
        wait_until_hashing(acc)
        assert_error(client(acc, "127.0.0.3").login(y["username"]), 503, BUSY)
        assert_error(first.result(), 401, BAD)


def test_lockout_holds_under_parallel_wrong_passwords(accounts):
#no per - user or per - address share : every attempt reaches the lockout check at once
    acc = accounts({**WORKERS, "ParleySettings": {"PasswordHashPerUserLimit": 0, "PasswordHashQueueSize": 16}})
    u = acc.create_user(api=acc.admin)  # MaximumLoginAttempts = 3 in the suite config
    n = 8
    go = threading.Barrier(n)

    def attempt(i):
        api = client(acc, "127.0.0.%d" % (2 + i))
        go.wait(timeout=30)
        return api.login(u["username"], "wrong-password-%d" % i)

    with concurrent.futures.ThreadPoolExecutor(n) as pool:
        results = list(pool.map(attempt, range(n)))
    ids = sorted(r.json()["id"] for r in results)
    assert all(r.status_code == 401 for r in results), [(r.status_code, r.text) for r in results]
    assert ids.count(BAD) == 3 and ids.count(LOCKED) == n - 3, ids
    assert_error(client(acc, "127.0.0.2").login(u["username"], PASSWORD), 401, LOCKED)
    assert acc.sql("SELECT failed_attempts FROM users WHERE id = %s", u["id"]) == [(3, )]
