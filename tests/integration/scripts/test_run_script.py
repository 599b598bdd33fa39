"""scripts/run.sh end to end: start everything, answer, stop on SIGINT/SIGTERM with nothing left behind.

Runs the real script with the already-built binaries ($PARLEY_BUILD_DIR, PARLEY_SKIP_BUILD=1,
PARLEY_SKIP_SETUP=1), a temporary data directory and free ports, then checks: the private
PostgreSQL cluster is created in <data>/pg, every service answers, the banner gives the URL and
the first-account rule, every log line is prefixed, and after the signal no process that names the
data directory is left (PostgreSQL, services, SMTP sink, log followers). A second run reuses the
cluster (no second initdb).
"""

import os
import shutil
import signal
import smtplib
import subprocess
import sys
import tempfile
import threading
import time

import pytest
import requests

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "lib"))
from harness import build_dir, free_port  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
START_TIMEOUT = 180


class RunScript:
    def __init__(self, data_dir, ports):
        self.data_dir = data_dir
        self.ports = ports
        self.lines = []
        self.proc = None

    def start(self):
        env = dict(os.environ)
        env.update({
            "PARLEY_SKIP_SETUP": "1",
            "PARLEY_SKIP_BUILD": "1",
            "PARLEY_BUILD_DIR": build_dir(),
            "PARLEY_DATA_DIR": self.data_dir,
            "PARLEY_CORE_PORT": str(self.ports["core"]),
            "PARLEY_PUSH_PORT": str(self.ports["push"]),
            "PARLEY_PUSH_ZMQ_PORT": str(self.ports["push_zmq"]),
            "PARLEY_MAIL_ZMQ_PORT": str(self.ports["mail_zmq"]),
            "PARLEY_MAIL_HTTP_PORT": str(self.ports["mail_http"]),
            "PARLEY_PG_PORT": str(self.ports["pg"]),
            "PARLEY_SMTP_PORT": str(self.ports["smtp"]),
        })
        env.pop("PARLEY_RUN_SIGINT_RESET", None)
        self.proc = subprocess.Popen(["bash", os.path.join(REPO, "scripts", "run.sh")], cwd=REPO, env=env,
                                     stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     text=True, errors="replace", start_new_session=True)
        threading.Thread(target=self._read, daemon=True).start()
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if any("Parley is running" in line for line in self.lines):
                return
            if self.proc.poll() is not None:
                time.sleep(0.5)
                pytest.fail(f"run.sh exited {self.proc.returncode} before it was up:\n{self.output()}")
            time.sleep(0.2)
        pytest.fail(f"run.sh not up after {START_TIMEOUT}s:\n{self.output()}")

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append(line)

    def output(self):
        return "".join(self.lines[-300:])

    def stop(self, sig, timeout=90):
        self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            pytest.fail(f"run.sh still running {timeout}s after {sig!r}:\n{self.output()}")


def processes_naming(path):
    """PIDs (other than ours) whose command line mentions path."""
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmd = f.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if path in cmd:
            found.append((int(pid), cmd))
    return found


@pytest.fixture
def data_dir():
    base = tempfile.mkdtemp(prefix="parley-run-")
    os.chmod(base, 0o755)
    yield os.path.join(base, "data")
    # Only if a test failed half-way: stop what names our directory, by pid, then remove it.
    pg = os.path.join(base, "data", "pg")
    if os.path.exists(os.path.join(pg, "postmaster.pid")):
        subprocess.run(["runuser", "-u", "postgres", "--", "pg_ctl", "-D", pg, "-m", "immediate", "stop"],
                       capture_output=True, cwd="/")
    for pid, _ in processes_naming(base):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def ports():
    names = ["core", "push", "push_zmq", "mail_zmq", "mail_http", "pg", "smtp"]
    chosen = {}
    while len(set(chosen.values())) < len(names):
        chosen = {name: free_port() for name in names}
    return chosen


def check_services_answer(ports):
    ping = requests.get(f"http://127.0.0.1:{ports['core']}/api/v4/system/ping", timeout=10)
    assert ping.status_code == 200
    assert ping.headers["Content-Type"] == "application/json"
    assert ping.json()["status"] == "OK"
    assert requests.get(f"http://127.0.0.1:{ports['push']}/version", timeout=10).status_code == 200
    assert requests.get(f"http://127.0.0.1:{ports['mail_http']}/healthz", timeout=10).status_code == 200
    with smtplib.SMTP("127.0.0.1", ports["smtp"], timeout=10) as smtp:
        assert smtp.noop()[0] == 250


def test_run_starts_everything_and_sigint_stops_everything(data_dir, ports):
    run = RunScript(data_dir, ports)
    run.start()
    out = run.output()
    assert os.path.isfile(os.path.join(data_dir, "pg", "PG_VERSION")), "cluster not in <data>/pg"
    for name in ("config.json", "push-proxy.json", "mail-relay.json"):
        assert os.path.isfile(os.path.join(data_dir, "config", name))
    assert f"http://127.0.0.1:{ports['core']}" in out
    assert "becomes the system admin" in out
    check_services_answer(ports)
    for prefix in ("[core]", "[push-proxy]", "[mail-relay]"):
        assert any(line.startswith(prefix) for line in run.lines), f"no {prefix} log line:\n{out}"

    code = run.stop(signal.SIGINT)
    assert code == 130, run.output()
    left = processes_naming(os.path.dirname(data_dir))
    assert not left, f"left running after SIGINT: {left}"
    assert not os.path.exists(os.path.join(data_dir, "pg", "postmaster.pid"))
    with pytest.raises(requests.ConnectionError):
        requests.get(f"http://127.0.0.1:{ports['core']}/api/v4/system/ping", timeout=5)


def test_second_run_reuses_the_cluster_and_sigterm_stops_it(data_dir, ports):
    first = RunScript(data_dir, ports)
    first.start()
    assert any("initdb" in line for line in first.lines)
    first.stop(signal.SIGTERM)

    second = RunScript(data_dir, ports)
    second.start()
    assert not any("initdb" in line for line in second.lines), second.output()
    check_services_answer(ports)
    code = second.stop(signal.SIGTERM)
    assert code == 143, second.output()
    assert not processes_naming(os.path.dirname(data_dir))
