"""Start-up, configuration errors, migrations, worker hand-off edge cases and graceful shutdown."""

import json
import os
import signal
import socket
import sys
import threading
import time

import pytest
import requests

sys.path.insert(0, os.path.dirname(__file__))
from helpers import assert_app_error  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "lib"))
from harness import Service, find_binary, free_port  # noqa: E402


def run_core(tmp_path, args=(), config=None, env=None):
    svc = Service(find_binary("parley-core"), args=args, config=config, env=env or {}, name="parley-core",
                  workdir=str(tmp_path / "cli"))
    return svc.run_to_exit(timeout=30)


def test_version_and_help(tmp_path):
    code, out = run_core(tmp_path, ["--version"])
    assert code == 0 and "parley-core 11.9.0" in out
    code, out = run_core(tmp_path, ["--help"])
    assert code == 0 and "--config" in out and "--print-config" in out
    code, out = run_core(tmp_path, ["--bogus"])
    assert code == 2


def test_bad_config_exits_2_naming_every_key(tmp_path):
    cfg = {"ServiceSettings": {"MaximumPayloadSizeBytes": "big", "ListenAddress": 5},
           "SqlSettings": {"MaxOpenConns": -3}, "ServiceSettingsTypo": {}}
    code, out = run_core(tmp_path, config=cfg, env={"MM_PARLEYSETTINGS_LOOPTHREADS": "many"})
    assert code == 2, out
    for key in ("ServiceSettings.MaximumPayloadSizeBytes", "ServiceSettings.ListenAddress",
                "SqlSettings.MaxOpenConns", "ParleySettings.LoopThreads"):
        assert key in out, out


def test_bad_log_level_exits_2(tmp_path):
    code, out = run_core(tmp_path, config={"LogSettings": {"ConsoleLevel": "LOUD"}})
    assert code == 2 and "LogSettings.ConsoleLevel" in out, out


def test_unreadable_config_file_exits_2(tmp_path):
    code, out = run_core(tmp_path, ["--config", str(tmp_path / "missing.json")])
    assert code == 2, out
    (tmp_path / "broken.json").write_text("{ not json")
    code, out = run_core(tmp_path, ["--config", str(tmp_path / "broken.json")])
    assert code == 2, out


def test_print_config_redacts_the_data_source(tmp_path):
    code, out = run_core(tmp_path, ["--print-config"], config={"TeamSettings": {"SiteName": "Printed"}},
                         env={"MM_SQLSETTINGS_DATASOURCE": "postgres://u:supersecret@db/x"})
    assert code == 0, out
    printed = json.loads(out[out.index("{"):])
    assert printed["TeamSettings"]["SiteName"] == "Printed"
    assert printed["ServiceSettings"]["ListenAddress"] == "127.0.0.1:8065"
    assert "supersecret" not in out


def test_address_in_use_exits_1(core):
    core()  # the shared test database exists; a second core must not take a used port
    with socket.socket() as s:  # hold a non-REUSEPORT socket on a port so binding fails
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        other = core(config={"ServiceSettings": {"ListenAddress": f"127.0.0.1:{port}"}}, wait=False)
        code, out = other.run_to_exit(timeout=30)
    assert code == 1, out
    assert "cannot listen" in out


def test_migrations_recorded_once_and_idempotent(core, pg):
    a = core()
    a.stop()
    b = core(database=a.database)  # restart on the same database: nothing re-applied
    conn = pg.connect(a.database)
    with conn.cursor() as cur:
        cur.execute("SELECT version, count(*) FROM schema_migrations GROUP BY version HAVING count(*) > 1")
        assert cur.fetchall() == []
        cur.execute("SELECT name FROM schema_migrations WHERE version = 1")
        assert cur.fetchone()[0] == "0001_base.sql"
        cur.execute("SELECT count(*) FROM systems WHERE name = 'DiagnosticId'")
        assert cur.fetchone()[0] == 1
    conn.close()
    assert "migration applied" not in b.log()


def test_concurrent_starts_serialize_on_the_advisory_lock(core, pg):
    first = core(wait=False)
    second = core(database=first.database, wait=False)
    first.start()
    second.start()
    for svc in (first, second):
        assert requests.get(svc.url("/api/v4/system/ping?get_server_status=true")).json()["database_status"] == "OK"
    applied = first.log().count("0001_base.sql") + second.log().count("0001_base.sql")
    assert applied == 1


class TableLock:
    """Hold an exclusive lock on `systems` so that database health checks block on a worker."""

    def __init__(self, pg, database):
        self.pg, self.database = pg, database
        self.conn = pg.connect(database)
        self.conn.autocommit = False
        self.conn.cursor().execute("LOCK TABLE systems IN ACCESS EXCLUSIVE MODE")

    def waiting(self):
        c = self.pg.connect(self.database)
        with c.cursor() as cur:
            cur.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock'",
                        (self.database,))
            n = cur.fetchone()[0]
        c.close()
        return n

    def wait_for(self, n, timeout=10):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.waiting() >= n:
                return
            time.sleep(0.02)
        raise AssertionError(f"fewer than {n} requests blocked on the lock")

    def release(self):
        self.conn.rollback()
        self.conn.close()


def background_get(url, results):
    def run():
        try:
            results.append(requests.get(url, timeout=30))
        except requests.RequestException as e:
            results.append(e)

    t = threading.Thread(target=run)
    t.start()
    return t


def test_sigterm_finishes_in_flight_requests(core, pg):
    svc = core()
    lock = TableLock(pg, svc.database)
    results = []
    t = background_get(svc.url("/api/v4/system/ping?get_server_status=true"), results)
    lock.wait_for(1)
    svc.proc.send_signal(signal.SIGTERM)
    time.sleep(0.3)
    assert svc.alive(), "exited with a request in flight"
    with pytest.raises(OSError):  # no longer accepting
        socket.create_connection(("127.0.0.1", svc.port), timeout=2).close()
    lock.release()
    t.join(30)
    assert results and not isinstance(results[0], Exception), results
    assert results[0].status_code == 200 and results[0].json()["database_status"] == "OK"
    assert svc.proc.wait(timeout=15) == 0
    assert "stopped" in svc.log()


def test_client_gone_while_on_worker(core, pg):
    svc = core()
    lock = TableLock(pg, svc.database)
    for _ in range(3):
        s = socket.create_connection(("127.0.0.1", svc.port), timeout=5)
        s.sendall(b"GET /api/v4/system/ping?get_server_status=true HTTP/1.1\r\nHost: x\r\n\r\n")
        s.close()
    lock.wait_for(1)
    lock.release()
    time.sleep(0.5)
    assert svc.alive()
    assert requests.get(svc.url("/api/v4/system/ping?get_server_status=true")).status_code == 200
    # teardown asserts a clean (ASan/LSan-quiet) exit


def test_full_worker_queue_answers_503(core, pg):
    svc = core(config={"SqlSettings": {"MaxOpenConns": 1}, "ParleySettings": {"WorkerQueueSize": 1}})
    lock = TableLock(pg, svc.database)
    results = []
    url = svc.url("/api/v4/system/ping?get_server_status=true")
    first = background_get(url, results)
    lock.wait_for(1)  # the only worker is busy
    second = background_get(url, results)  # waits in the queue
    time.sleep(0.3)
    r = requests.get(url, timeout=10)
    assert_app_error(r, 503, "api.context.server_busy.app_error")
    assert requests.get(svc.url("/api/v4/system/ping")).status_code == 200  # the loop is not blocked
    lock.release()
    first.join(30)
    second.join(30)
    assert [x.status_code for x in results] == [200, 200]


def test_metrics(core):
    svc = core()
    for _ in range(3):
        requests.get(svc.url("/api/v4/system/ping"))
    requests.get(svc.url("/api/v4/nope"))
    requests.get(svc.url("/api/v4/system/ping?get_server_status=true"))
    r = requests.get(svc.metrics_url())
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "text/plain; version=0.0.4; charset=utf-8"
    text = r.text

    def value(series):
        line = next((ln for ln in text.splitlines() if ln.startswith(series + " ")), None)
        assert line is not None, f"{series} missing in\n{text}"
        return float(line.rsplit(" ", 1)[1])

    # 3 pings + 1 with get_server_status + the readiness probe(s) of the fixture
    assert value('parley_http_requests_total{handler="getSystemPing",method="GET",status_code="200"}') >= 5
    assert value('parley_http_requests_total{handler="unmatched",method="other",status_code="404"}') == 1
    assert "# TYPE parley_http_request_duration_seconds histogram" in text
    assert value('parley_http_request_duration_seconds_bucket{handler="getSystemPing",method="GET",le="+Inf"}') >= 5
    assert value("parley_db_pool_connections_open") == 2
    assert value("parley_db_pool_connections_max") == 2
    assert value("parley_db_pool_connections_in_use") == 0
    assert value("parley_db_pool_queue_depth") == 0
    assert value("parley_log_lines_dropped_total") == 0


def test_metrics_not_on_the_api_listener(core):
    svc = core()
    assert_app_error(requests.get(svc.url("/metrics")), 404, "api.context.404.app_error")
    r = requests.get(svc.metrics_url("/nothing"))
    assert (r.status_code, r.text) == (404, "404 page not found\n")
    assert requests.get(svc.metrics_url("/metrics?x=1")).status_code == 200


def test_metrics_listener_off_by_default(core):
    port = free_port()
    svc = core(config={"MetricsSettings": {"Enable": False, "ListenAddress": f"127.0.0.1:{port}"}})
    assert svc.metrics_port is None
    with pytest.raises(requests.ConnectionError):
        requests.get(f"http://127.0.0.1:{port}/metrics", timeout=5)
    assert_app_error(requests.get(svc.url("/metrics")), 404, "api.context.404.app_error")


def test_metrics_listener_address_in_use_fails_start(core):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(1)
        port = s.getsockname()[1]
        svc = core(config={"MetricsSettings": {"Enable": True, "ListenAddress": f"127.0.0.1:{port}"}}, wait=False)
        code, out = svc.run_to_exit()
    assert code == 1
    assert "cannot listen for metrics (MetricsSettings.ListenAddress)" in out


def test_mattermost_style_url_dsn_and_any_interface_listen(core, pg):
    """A DataSource copied from a Mattermost config (binary_parameters=yes) and ListenAddress ":port"."""
    probe = core()  # creates a database we can reuse
    probe.stop()
    port = free_port()
    svc = core(database=probe.database, config={"ServiceSettings": {"ListenAddress": f":{port}"}},
               env={"MM_SQLSETTINGS_DATASOURCE": pg.url(probe.database) + "&binary_parameters=yes&connect_timeout=10"},
               wait=False)
    svc.port, svc.base_url = port, f"http://127.0.0.1:{port}"
    svc.ready_url = svc.url("/api/v4/system/ping")
    svc.start()
    r = requests.get(svc.url("/api/v4/system/ping?get_server_status=true"))
    assert r.json()["database_status"] == "OK"


def test_query_timeout_frees_the_worker(core, pg):
    """SqlSettings.QueryTimeout: a statement stuck on a lock is cancelled, the worker comes back."""
    svc = core(config={"SqlSettings": {"MaxOpenConns": 1, "QueryTimeout": 1}})
    lock = TableLock(pg, svc.database)
    try:
        t0 = time.monotonic()
        r = requests.get(svc.url("/api/v4/system/ping?get_server_status=true"), timeout=30)
        assert time.monotonic() - t0 < 10
        assert r.status_code == 500 and r.json()["database_status"] == "UNHEALTHY"
    finally:
        lock.release()
    r = requests.get(svc.url("/api/v4/system/ping?get_server_status=true"), timeout=30)
    assert r.json()["database_status"] == "OK"


def test_sigint_stops_cleanly(core):
    svc = core()
    assert requests.get(svc.url("/api/v4/system/ping")).status_code == 200
    svc.proc.send_signal(signal.SIGINT)
    assert svc.proc.wait(timeout=15) == 0
    assert '"signal":"SIGINT"' in svc.log()
