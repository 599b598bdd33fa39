"""Shared fixtures for every integration suite (tests/integration/<svc>/).

- `pg` (session): one private PostgreSQL cluster (tests/lib/harness.py PgCluster) for the session.
- `core` (function): a factory that starts parley-core on a fresh database and a free port:
      svc = core()                                   # defaults below
      svc = core(config={"ServiceSettings": {"EnableDeveloper": True}}, env={"MM_...": "..."})
      requests.get(svc.url("/api/v4/system/ping"))
      svc.dsn / svc.database / svc.port / svc.log()
      requests.get(svc.metrics_url())                # /metrics on the metrics listener (MetricsSettings)
  Every core started is stopped at teardown with SIGTERM and must exit 0 (graceful and, in
  sanitizer builds, leak-free); its log is printed when the test failed.
- `no_sanitizer_reports` (autouse): every service a test spawned (harness.SPAWNED, cores and the
  others) is checked after the test's fixtures stopped it; a sanitizer report in its output
  (ASan, LSan, UBSan, TSan: a PARLEY_SANITIZE or PARLEY_TSAN build) fails that test.
- `core_config(port, files_dir, metrics_port)`: the default config dict (ListenAddress, small thread
  counts, MetricsSettings enabled on metrics_port when given).
Binaries come from $PARLEY_BUILD_DIR (default <repo>/build).
"""

import os
import signal
import sys
import uuid

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
import harness  # noqa: E402
from harness import PgCluster, Service, config_merge, find_binary, free_port  # noqa: E402


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, "rep_" + rep.when, rep)


def _failed(request):
    rep = getattr(request.node, "rep_call", None)
    return rep is None or rep.failed


def _interrupt_on_sigterm(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


@pytest.fixture(autouse=True)
def no_sanitizer_reports():
    """Fail the test during which a spawned service printed a sanitizer report (checked last: the
    other fixtures' teardown has stopped the services, so reports printed at exit are in)."""
    first = len(harness.SPAWNED)
    yield
    bad = []
    for svc in harness.SPAWNED[first:]:
        for rep in svc.sanitizer_reports():
            bad.append(f"{svc.name} ({svc.log_path}):\n{rep}")
    del harness.SPAWNED[first:]
    assert not bad, "sanitizer report(s) in the output of a service this test started:\n" + "\n\n".join(bad)


@pytest.fixture(scope="session")
def pg():
    # `timeout` sends SIGTERM: turn it into an interrupt so fixtures (and this cluster) are torn down.
    signal.signal(signal.SIGTERM, _interrupt_on_sigterm)
    cluster = PgCluster().start()
    yield cluster
    cluster.stop()


def core_config(port, files_dir, metrics_port=None):
    return {
        "MetricsSettings": {"Enable": metrics_port is not None, "ListenAddress": f"127.0.0.1:{metrics_port or 0}"},
        "ServiceSettings": {"ListenAddress": f"127.0.0.1:{port}", "SiteURL": f"http://127.0.0.1:{port}"},
        "SqlSettings": {"MaxOpenConns": 2},
        "FileSettings": {"Directory": files_dir},
        "LogSettings": {"ConsoleLevel": "DEBUG"},
        "ParleySettings": {"LoopThreads": 2, "ShutdownGraceMs": 10000},
    }


@pytest.fixture
def core(pg, request, tmp_path):
    started = []

    def start(config=None, env=None, database=None, wait=True):
        database = database or "core_" + uuid.uuid4().hex[:12]
        if database not in {s.database for s in started}:
            try:
                pg.create_database(database)
            except Exception as e:  # already there (second core on the same database)
                if "already exists" not in str(e):
                    raise
        dsn = pg.dsn(database)
        port, metrics_port = free_port(), free_port()
        cfg = config_merge(core_config(port, str(tmp_path / f"files-{len(started)}"), metrics_port), config or {})
        e = {"MM_SQLSETTINGS_DATASOURCE": dsn}
        e.update(env or {})
        svc = Service(find_binary("parley-core"), config=cfg, env=e, port=port, name="parley-core",
                      ready_url=f"http://127.0.0.1:{port}/api/v4/system/ping", workdir=str(tmp_path / f"core-{len(started)}"))
        svc.dsn, svc.database = dsn, database
        svc.metrics_port = metrics_port if cfg["MetricsSettings"].get("Enable") else None
        svc.metrics_url = lambda path="/metrics": f"http://127.0.0.1:{svc.metrics_port}{path}"
        started.append(svc)
        if wait:
            svc.start()
        return svc

    yield start
    bad = []
    for svc in started:
        was_running = svc.alive()  # cores a test ran to their own exit are not checked here
        code = svc.stop()
        if was_running and code != 0:
            bad.append((svc, code))
        if _failed(request) or (was_running and code != 0):
            svc.dump_log()
    assert not bad, f"parley-core did not exit cleanly: {[(s.log_path, c) for s, c in bad]}"
