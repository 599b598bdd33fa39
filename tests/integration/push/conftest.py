import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))
from pushlib import Driver, Proxy, make_pki  # noqa: E402
from standin import StandIn  # noqa: E402


@pytest.fixture(scope="session")
def pki(tmp_path_factory):
    return make_pki(str(tmp_path_factory.mktemp("pki")))


@pytest.fixture
def apns(pki):
    s = StandIn(pki["cert"], pki["key"], kind="apns")
    yield s
    s.stop()


@pytest.fixture
def fcm(pki):
    s = StandIn(pki["cert"], pki["key"], kind="fcm", oauth_public_key=pki["sa_public"])
    yield s
    s.stop()


def _check_clean(p):
    log = p.read_log()
    assert "AddressSanitizer" not in log and "runtime error" not in log, log[-4000:]


@pytest.fixture
def make_proxy(tmp_path, pki):
    made = []

    def make(apns=None, fcm=None, extra=None, start=True, name="proxy", ports=None, wrap=()):
        p = Proxy(str(tmp_path), pki, apns=apns, fcm=fcm, extra=extra, name=name, ports=ports, wrap=wrap)
        made.append(p)
        return p.start() if start else p

    yield make
    for p in made:
        rc = p.stop()
        _check_clean(p)
        assert rc in (0, None, -9), "proxy exit code %s\n%s" % (rc, p.read_log()[-3000:])


@pytest.fixture
def proxy(make_proxy, apns, fcm):
    return make_proxy(apns=apns, fcm=fcm)


@pytest.fixture
def driver(proxy):
    d = Driver(proxy.zmq_endpoint)
    yield d
    d.close()
