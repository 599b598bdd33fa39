"""Shared test harness for Parley integration tests (real binaries, real PostgreSQL).

Import it from a conftest.py (tests/integration/conftest.py puts tests/lib on sys.path):

    from harness import PgCluster, Service, free_port, build_dir, find_binary

free_port()
    A TCP port that was free a moment ago (bind 127.0.0.1:0, read it, close). Never hard-code ports.

build_dir() / find_binary(name)
    The build directory is $PARLEY_BUILD_DIR (default <repo>/build). find_binary("parley-core")
    looks in <build>/services/*/ and <build>/, and raises FileNotFoundError with a hint.

PgCluster(version=None)
    A private PostgreSQL cluster: initdb (as the `postgres` user through `runuser` when running as
    root, since PostgreSQL refuses root) into a temporary directory owned by postgres, listening on
    its own free port on 127.0.0.1 and on a unix socket inside that directory, trust auth, fsync off.
        pg = PgCluster(); pg.start()
        dsn = pg.create_database("t1")      # libpq conninfo "host=127.0.0.1 port=... user=postgres dbname=t1"
        url = pg.url("t1")                  # the same as postgres://postgres@127.0.0.1:PORT/t1?sslmode=disable
        pg.connect("t1")                    # a psycopg2 connection (autocommit)
        pg.stop()                           # also removes the directory
    Also a context manager. pg.log_path is the server log.

Service(binary, args=(), env=None, config=None, ready_url=None, name=None, workdir=None, port=None)
    Spawn a service binary. config (a dict) is written as JSON to <workdir>/config.json and passed as
    `--config <file>` unless args already contain --config. stdout+stderr go to <workdir>/<name>.log.
        svc = Service(find_binary("parley-core"), config=cfg, env={"MM_SQLSETTINGS_DATASOURCE": dsn},
                      ready_url=f"http://127.0.0.1:{port}/api/v4/system/ping")
        svc.start(timeout=30)               # polls ready_url until any HTTP answer; raises with the log
        svc.stop()                          # SIGTERM, waits up to 10 s, then SIGKILL; returns the exit code
        svc.url("/api/v4/system/ping")      # http://127.0.0.1:<port>/... when port= was given
        svc.log()                           # the captured output so far
        svc.run_to_exit(timeout)            # for binaries expected to exit (bad config): (code, output)
    When start() fails or the process dies, the error message carries the tail of the log.
    Service.dump_log() prints the log (conftest calls it when a test fails).
    svc.sanitizer_reports()             # ASan/LSan/UBSan/TSan reports found in its output (list of str)
    Every Service spawned is listed in SPAWNED: tests/integration/conftest.py fails the test during
    which a service printed a sanitizer report. TSAN_OPTIONS defaults to tests/tsan.supp (PARLEY_TSAN).
"""

import atexit
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def config_merge(dst, src):
    """Merge the nested config dict src into dst (src wins), in place; returns dst."""
    for k, v in src.items():
        if isinstance(v, dict) and isinstance(dst.get(k), dict):
            config_merge(dst[k], v)
        else:
            dst[k] = v
    return dst


def free_port():
    """Return a TCP port on 127.0.0.1 that was free when checked."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_dir():
    return os.path.abspath(os.environ.get("PARLEY_BUILD_DIR", os.path.join(REPO_ROOT, "build")))


def find_binary(name):
    base = build_dir()
    candidates = [os.path.join(base, name)]
    services = os.path.join(base, "services")
    if os.path.isdir(services):
        candidates += [os.path.join(services, d, name) for d in sorted(os.listdir(services))]
    for c in candidates:
        if os.path.isfile(c) and os.access(c, os.X_OK):
            return c
    raise FileNotFoundError(f"{name} not found under {base} (set PARLEY_BUILD_DIR to your build directory)")


def _tail(path, lines=80):
    try:
        with open(path, "r", errors="replace") as f:
            return "".join(f.readlines()[-lines:])
    except OSError:
        return "(no log)"


_live_clusters = set()

SPAWNED = []  # every Service whose process was started, in order (see sanitizer_reports)

# First line of each sanitizer's report (ASan/LSan "ERROR: ...", TSan "WARNING: ...", UBSan "runtime error:").
SANITIZER_MARKERS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "WARNING: ThreadSanitizer",
                     "ThreadSanitizer: reported", "ERROR: ThreadSanitizer", "runtime error:",
                     "SUMMARY: UndefinedBehaviorSanitizer")
TSAN_SUPPRESSIONS = os.path.join(REPO_ROOT, "tests", "tsan.supp")


def sanitizer_reports(text, context=30):
    """The sanitizer reports in a process's output: for each marker line, it and the lines after it."""
    lines = text.splitlines()
    out = []
    i = 0
    while i < len(lines):
        if any(m in lines[i] for m in SANITIZER_MARKERS):
            out.append("\n".join(lines[i:i + context]))
            i += context
        else:
            i += 1
    return out


@atexit.register
def _stop_leftover_clusters():
    """pg_ctl daemonizes PostgreSQL: stop clusters whose owner never called stop() (interrupted runs)."""
    for cluster in list(_live_clusters):
        cluster.stop()


class PgCluster:
    """A throwaway PostgreSQL cluster on a private port and socket directory."""

    def __init__(self, version=None):
        self.bindir = self._find_bindir(version)
        self.port = None
        self.dir = None
        self.datadir = None
        self.log_path = None
        self._as_postgres = os.geteuid() == 0
        self._started = False

    @staticmethod
    def _find_bindir(version):
        root = "/usr/lib/postgresql"
        versions = [version] if version else sorted(os.listdir(root), key=lambda v: int(v), reverse=True)
        for v in versions:
            d = os.path.join(root, str(v), "bin")
            if os.path.isfile(os.path.join(d, "initdb")):
                return d
        raise FileNotFoundError("PostgreSQL server binaries not found under /usr/lib/postgresql")

    def _run(self, argv, **kw):
        if self._as_postgres:
            argv = ["runuser", "-u", "postgres", "--"] + argv
        return subprocess.run(argv, check=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)

    def start(self, timeout=60):
        self.dir = tempfile.mkdtemp(prefix="parley-pg-")
        if self._as_postgres:
            pw = pwd.getpwnam("postgres")
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)
        self.datadir = os.path.join(self.dir, "data")
        self.log_path = os.path.join(self.dir, "postgres.log")
        self.port = free_port()
        self._run([os.path.join(self.bindir, "initdb"), "-D", self.datadir, "-U", "postgres", "-A", "trust",
                   "-E", "UTF8", "--locale=C", "--no-sync"], cwd=self.dir)
        self._opts = (f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off "
                      f"-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        self._pg_ctl_start(timeout)
        self._started = True
        _live_clusters.add(self)
        return self

    def _pg_ctl_start(self, timeout=60):
        try:
            self._run([os.path.join(self.bindir, "pg_ctl"), "-D", self.datadir, "-o", self._opts, "-l", self.log_path,
                       "-w", "-t", str(timeout), "start"], cwd=self.dir)
        except subprocess.CalledProcessError as e:
            raise RuntimeError(f"PostgreSQL did not start: {e.stdout}\n{_tail(self.log_path)}") from e

    def pause(self):
        """A database outage: stop the server (pg_ctl stop -m fast: every backend is terminated, new
        connections are refused) and keep the data; resume() starts it again on the same port."""
        self._run([os.path.join(self.bindir, "pg_ctl"), "-D", self.datadir, "-m", "fast", "-w", "stop"], cwd=self.dir)

    def resume(self, timeout=60):
        """Start a paused server again; returns when it accepts connections (pg_ctl start -w)."""
        self._pg_ctl_start(timeout)

    def stop(self):
        if self._started:
            try:
                self._run([os.path.join(self.bindir, "pg_ctl"), "-D", self.datadir, "-m", "fast", "-w", "stop"],
                          cwd=self.dir)
            except subprocess.CalledProcessError:
                pass
            self._started = False
        _live_clusters.discard(self)
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None

    def dsn(self, dbname="postgres"):
        return f"host=127.0.0.1 port={self.port} user=postgres dbname={dbname} sslmode=disable"

    def url(self, dbname="postgres"):
        return f"postgres://postgres@127.0.0.1:{self.port}/{dbname}?sslmode=disable"

    def connect(self, dbname="postgres"):
        import psycopg2

        conn = psycopg2.connect(self.dsn(dbname))
        conn.autocommit = True
        return conn

    def create_database(self, name):
        """CREATE DATABASE name; return its libpq conninfo."""
        conn = self.connect()
        try:
            with conn.cursor() as cur:
                cur.execute(f'CREATE DATABASE "{name}"')
        finally:
            conn.close()
        return self.dsn(name)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


class Service:
    """A service process with a config file, a captured log and a readiness probe."""

    def __init__(self, binary, args=(), env=None, config=None, ready_url=None, name=None, workdir=None, port=None):
        self.binary = binary
        self.port = port
        self.base_url = f"http://127.0.0.1:{port}" if port else None
        self.name = name or os.path.basename(binary)
        self.workdir = workdir or tempfile.mkdtemp(prefix=f"parley-{self.name}-")
        os.makedirs(self.workdir, exist_ok=True)
        self.args = list(args)
        self.env = dict(os.environ)
        self.env.setdefault("ASAN_OPTIONS", "abort_on_error=0:detect_leaks=1")
        self.env.setdefault("TSAN_OPTIONS", f"suppressions={TSAN_SUPPRESSIONS}:halt_on_error=0:second_deadlock_stack=1")
        self.env.update(env or {})
        self.ready_url = ready_url
        self.log_path = os.path.join(self.workdir, f"{self.name}.log")
        self.proc = None
        self.config_path = None
        if config is not None:
            self.config_path = os.path.join(self.workdir, "config.json")
            with open(self.config_path, "w") as f:
                json.dump(config, f, indent=2)
            if "--config" not in self.args:
                self.args = ["--config", self.config_path] + self.args

    def _spawn(self):
        self._logf = open(self.log_path, "ab")
        self.proc = subprocess.Popen([self.binary] + self.args, stdout=self._logf, stderr=subprocess.STDOUT,
                                     env=self.env, cwd=self.workdir)
        SPAWNED.append(self)

    def start(self, timeout=30):
        self._spawn()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode} during start:\n{self.log()}")
            if self.ready_url is None or self._probe():
                return self
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"{self.name} not ready after {timeout}s:\n{_tail(self.log_path)}")

    def _probe(self):
        try:
            with urllib.request.urlopen(self.ready_url, timeout=1) as r:
                return r.status > 0
        except urllib.error.HTTPError:
            return True
        except (urllib.error.URLError, OSError):
            return False

    def run_to_exit(self, timeout=30):
        """Run until the process exits on its own; return (exit code, output)."""
        self._spawn()
        try:
            code = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.stop()
            raise RuntimeError(f"{self.name} did not exit within {timeout}s:\n{_tail(self.log_path)}")
        self._logf.close()
        return code, self.log()

    def stop(self, timeout=10):
        """SIGTERM, then SIGKILL after timeout seconds. Return the exit code (None if never started)."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if not self._logf.closed:
            self._logf.close()
        return self.proc.returncode

    def url(self, path):
        """http://127.0.0.1:<port><path> (needs port=...)."""
        return self.base_url + path

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def log(self):
        try:
            with open(self.log_path, "r", errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def sanitizer_reports(self):
        """ASan/LSan/UBSan/TSan reports in the captured output so far."""
        return sanitizer_reports(self.log())

    def dump_log(self, lines=200):
        print(f"----- {self.name} log ({self.log_path}) -----")
        print(_tail(self.log_path, lines))

    def cleanup(self):
        shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
