"""Fixtures for the members suite: a parley-core, users with sessions, SQL team/channel fixtures
(members_fixtures.py) and WebSocket clients (the realtime suite's Ws/Rt helpers, with their barrier)."""

import copy
import importlib.util
import os

import pytest
from harness import config_merge as merge  # noqa: E402 (tests/lib is on sys.path via ../conftest.py)

from members_fixtures import Fixtures  # noqa: E402


def _load_ws_helpers():
    """The realtime suite's conftest (Ws, Rt with its barrier), loaded under its own module name."""
    path = os.path.join(os.path.dirname(__file__), "..", "ws", "conftest.py")
    spec = importlib.util.spec_from_file_location("members_ws_helpers", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


ws_conftest = _load_ws_helpers()

MEMBERS_CONFIG = copy.deepcopy(ws_conftest.RT_CONFIG)


class Members(ws_conftest.Rt):
    """Rt (users, sockets, barrier) plus SQL fixtures and REST helpers with a bearer token."""

    def __init__(self, svc, pg, first=None):
        super().__init__(svc)
        self.fx = Fixtures(pg, svc.database)
        if first is None:
            self.admin, self.admin_tok = self.user("admin")  # the first account is system_admin
        else:  # a second node on the same database: the first node's admin creates the users
            self.admin, self.admin_tok = first.admin, first.admin_tok
            self.admin_token = first.admin_token
            self.n = 500

    def wait_for_peers(self, wa, wb, channel_id):
        """Until the nodes have found each other: wa's typing in channel_id (node 1) reaches wb (node 2)."""
        for _ in range(40):
            wa.call("user_typing", {"channel_id": channel_id, "parent_id": ""})
            try:
                return wb.event("typing", timeout=0.5)
            except AssertionError:
                pass
        raise AssertionError("the two nodes never found each other")

    def req(self, method, path, token, body=None):
        import requests
        return requests.request(method, self.base + "/api/v4" + path, json=body,
                                headers={"Authorization": "Bearer " + token}, timeout=30)


@pytest.fixture
def members(core, pg):
    made = []

    def start(config=None, first=None):
        database = first.svc.database if first else None
        svc = core(config=merge(copy.deepcopy(MEMBERS_CONFIG), copy.deepcopy(config or {})), database=database)
        m = Members(svc, pg, first)
        made.append(m)
        return m

    yield start
    for m in made:
        m.close_all()
