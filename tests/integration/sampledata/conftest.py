"""Fixtures for the sampledata suite: `parley-core sampledata` run against fresh databases.

    run = sampledata()                       # a fresh database for this test
    p = run("--seed", "7", "--users", "30")  # CompletedProcess (stdout, stderr, returncode)
    run.sql("SELECT count(*) FROM users")    # rows of that database
    run.counts(p.stdout)                     # {"users": 30, ...} from the command's report
"""

import json
import re
import subprocess
import uuid

import pytest
from harness import find_binary  # noqa: E402 (tests/lib is on sys.path via ../conftest.py)

TABLES = ["users", "teams", "team_members", "channels", "channel_members", "channel_member_history",
          "sidebar_categories", "sidebar_channels", "posts"]
PASSWORD = "SampleData-1!"


class Runner:
    def __init__(self, pg, tmp_path, database):
        self.pg = pg
        self.database = database
        self.dsn = pg.create_database(database)
        self.config = tmp_path / f"config-{database}.json"
        self.config.write_text(json.dumps({"ParleySettings": {"PasswordHashIterations": 1000},
                                           "LogSettings": {"ConsoleLevel": "WARN"}}))

    def __call__(self, *args, check=True):
        p = subprocess.run([find_binary("parley-core"), "sampledata", "--config", str(self.config), *args],
                           env={"MM_SQLSETTINGS_DATASOURCE": self.dsn, "PATH": "/usr/bin:/bin",
                                "ASAN_OPTIONS": "detect_leaks=1"},
                           capture_output=True, text=True, timeout=240)
        if check:
            assert p.returncode == 0, (p.returncode, p.stdout, p.stderr)
        assert "ERROR: AddressSanitizer" not in p.stderr and "runtime error:" not in p.stderr, p.stderr
        assert "LeakSanitizer" not in p.stderr, p.stderr
        return p

    def sql(self, query, *args):
        conn = self.pg.connect(self.database)
        try:
            with conn.cursor() as cur:
                cur.execute(query, args)
                return cur.fetchall() if cur.description else None
        finally:
            conn.close()

    def scalar(self, query, *args):
        return self.sql(query, *args)[0][0]

    def table_counts(self):
        return {t: self.scalar(f"SELECT count(*) FROM {t}") for t in TABLES}

    @staticmethod
    def counts(stdout):
        return {m.group(1): int(m.group(2)) for m in re.finditer(r"^\s+(\w+)\s+(\d+) rows$", stdout, re.M)}


@pytest.fixture
def sampledata(pg, tmp_path):
    def make():
        return Runner(pg, tmp_path, "sd_" + uuid.uuid4().hex[:12])
    return make
