"""GET /system/ping, /config/client, /license/client against a real parley-core and PostgreSQL."""

import os
import sys
import time

import requests

sys.path.insert(0, os.path.dirname(__file__))
from helpers import ID_RE, assert_app_error, assert_common_headers  # noqa: E402

PING_KEYS = {"status", "AndroidLatestVersion", "AndroidMinVersion", "IosLatestVersion", "IosMinVersion",
             "ActiveSearchBackend"}


def test_ping(core):
    svc = core()
    r = requests.get(svc.url("/api/v4/system/ping"))
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "application/json"
    assert "Cache-Control" not in r.headers  # T3: clients read X-Version-Id only without it
    assert_common_headers(r)
    body = r.json()
    assert set(body) == PING_KEYS
    assert body["status"] == "OK"
    assert body["ActiveSearchBackend"] == "database"
    assert "database_status" not in body


def test_ping_request_ids_differ(core):
    svc = core()
    ids = {requests.get(svc.url("/api/v4/system/ping")).headers["X-Request-Id"] for _ in range(5)}
    assert len(ids) == 5


def test_ping_with_server_status_checks_database(core, pg):
    svc = core()
    r = requests.get(svc.url("/api/v4/system/ping?get_server_status=true"))
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"] == "application/json"
    assert_common_headers(r)
    body = r.json()
    assert body["status"] == "OK"
    assert body["database_status"] == "OK"
    assert body["filestore_status"] == "OK"
    assert r.headers["database_status"] == "OK"
    # the health check row is written and deleted again
    conn = pg.connect(svc.database)
    with conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM systems WHERE name LIKE 'health_check_%'")
        assert cur.fetchone()[0] == 0
    conn.close()


def test_ping_server_status_survives_database_disconnect(core, pg):
    svc = core()
    assert requests.get(svc.url("/api/v4/system/ping?get_server_status=true")).status_code == 200
    conn = pg.connect()
    with conn.cursor() as cur:
        cur.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (svc.database,))
        for _ in range(100):  # until the backends are gone
            cur.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s", (svc.database,))
            if cur.fetchone()[0] == 0:
                break
            time.sleep(0.05)
    conn.close()
    statuses = [requests.get(svc.url("/api/v4/system/ping?get_server_status=true")).json()["database_status"]
                for _ in range(4)]
    assert statuses == ["OK"] * 4  # each worker resets its broken connection before the job


def test_ping_unhealthy_filestore(core):
    svc = core(config={"FileSettings": {"Directory": "/dev/null/parley-files"}})
    r = requests.get(svc.url("/api/v4/system/ping?get_server_status=true"))
    assert r.status_code == 500
    body = r.json()
    assert body["status"] == "UNHEALTHY"
    assert body["filestore_status"] == "UNHEALTHY"
    assert body["database_status"] == "OK"
    r = requests.get(svc.url("/api/v4/system/ping?get_server_status=true&use_rest_semantics=true"))
    assert r.status_code == 200
    assert r.json()["status"] == "UNHEALTHY"
    # plain ping does not look at the file store
    assert requests.get(svc.url("/api/v4/system/ping")).json()["status"] == "OK"


def test_client_config(core):
    svc = core(config={"TeamSettings": {"SiteName": "Acme Chat"}})
    r = requests.get(svc.url("/api/v4/config/client?format=old"))
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "application/json"
    assert_common_headers(r)
    cfg = r.json()
    assert all(isinstance(v, str) for v in cfg.values()), cfg  # T12: every value a string
    assert cfg["Version"] == "11.9.0"
    assert cfg["SiteName"] == "Acme Chat"
    assert cfg["SiteURL"] == svc.base_url
    assert cfg["WebsocketPort"] == "80" and cfg["WebsocketSecurePort"] == "443"
    assert cfg["EnableSignInWithUsername"] == "true"
    assert cfg["PasswordMinimumLength"] == "8"
    assert ID_RE.match(cfg["DiagnosticId"]), cfg["DiagnosticId"]
    # anonymous callers get the limited set only
    assert "TeammateNameDisplay" not in cfg and "CollapsedThreads" not in cfg
    # the hash part of X-Version-Id is stable across requests
    assert r.headers["X-Version-Id"] == requests.get(svc.url("/api/v4/system/ping")).headers["X-Version-Id"]


def test_client_config_env_override_wins(core):
    svc = core(config={"TeamSettings": {"SiteName": "From File"}}, env={"MM_TEAMSETTINGS_SITENAME": "From Env"})
    assert requests.get(svc.url("/api/v4/config/client?format=old")).json()["SiteName"] == "From Env"


def test_client_config_format(core):
    svc = core()
    assert_app_error(requests.get(svc.url("/api/v4/config/client")), 501, "api.config.client.old_format.app_error")
    assert_app_error(requests.get(svc.url("/api/v4/config/client?format=new")), 400,
                     "api.context.invalid_url_param.app_error")


def test_license(core):
    svc = core()
    r = requests.get(svc.url("/api/v4/license/client?format=old"))
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "application/json"
    assert_common_headers(r)
    lic = r.json()
    assert lic["IsLicensed"] == "false"
    assert all(isinstance(v, str) for v in lic.values())
    assert_app_error(requests.get(svc.url("/api/v4/license/client")), 501, "api.license.client.old_format.app_error")


def test_healthz(core):
    svc = core()
    r = requests.get(svc.url("/healthz"))
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "application/json"
    assert r.json() == {"status": "OK"}


def test_version_hash_follows_client_config(core):
    a = core(config={"TeamSettings": {"SiteName": "One"}})
    b = core(config={"TeamSettings": {"SiteName": "Two"}})
    va = requests.get(a.url("/api/v4/system/ping")).headers["X-Version-Id"]
    vb = requests.get(b.url("/api/v4/system/ping")).headers["X-Version-Id"]
    assert va.split(".")[:6] == vb.split(".")[:6]
    assert va != vb
