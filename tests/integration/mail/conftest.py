import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))

from driver import Relay  # noqa: E402
from smtp_servers import SmtpServer, make_cert  # noqa: E402


@pytest.fixture
def cert(tmp_path):
    return make_cert(str(tmp_path))


@pytest.fixture
def smtp():
    servers = []

    def make(mode="plain", **kw):
        s = SmtpServer(mode, **kw).start()
        servers.append(s)
        return s

    yield make
    for s in servers:
        s.stop()


@pytest.fixture
def relay(tmp_path):
    relays = []

    def make(smtp_port, **settings):
        r = Relay(tmp_path / ("r%d" % len(relays)), smtp_port, **settings)
        os.makedirs(r.dir, exist_ok=True)
        relays.append(r)
        return r

    yield make
    problems = []
    for r in relays:
        r.close()
        rc = r.stop()
        log = r.logs()
        if rc not in (None, 0) or "Sanitizer" in log or "runtime error" in log:
            problems.append("relay %s stopped with rc=%s:\n%s" % (r.dir, rc, log))
    assert not problems, "\n".join(problems)
