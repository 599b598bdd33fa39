"""The roles cache (app/roles_cache.h): permission checks read the role rows from memory, and a role
patch takes effect at once -- on the node that made it and, over the cluster bus, on the others.

parley_roles_cache_loads (metrics listener) counts the reads of the roles table into the cache: a
check answered from memory adds none.
"""

import copy
import re
import time

import requests

from conftest import ACCOUNTS_CONFIG, Api, assert_error
from harness import config_merge as merge

CLUSTER_PUB, CLUSTER_SEC = "nnnIZ.^hyRB-[Xp8E]/RxhbY<3s56vE7+%btTS<w", "?2Qwe0qQsO!g.jWaoa$Mg@qkXy$MR6Yld%Bs0)$3"
CLUSTER = {"ParleySettings": {"ClusterEnable": True, "ClusterHeartbeatMs": 200, "ClusterCurvePublicKey": CLUSTER_PUB,
                              "ClusterCurveSecretKey": CLUSTER_SEC}}
TOKEN_PERM = "create_user_access_token"


def loads(svc):
    text = requests.get(svc.metrics_url(), timeout=10).text
    return int(float(re.search(r"^parley_roles_cache_loads (\S+)$", text, re.M).group(1)))


def create_token(api):
    return api.post("/users/me/tokens", json={"description": "x"})


def set_token_perm(admin, role, on):
    perms = [p for p in role["permissions"] if p != TOKEN_PERM] + ([TOKEN_PERM] if on else [])
    r = admin.put("/roles/%s/patch" % role["id"], json={"permissions": perms})
    assert r.status_code == 200, r.text
    assert (TOKEN_PERM in r.json()["permissions"]) == on


def test_checks_are_served_from_memory_and_a_patch_drops_them(accounts):
    acc = accounts()
    u, api = acc.user_and_api()
    role = acc.admin.get("/roles/name/system_user").json()
    assert_error(create_token(api), 403, "api.context.permissions.app_error")
    warm = loads(acc.svc)
    assert warm >= 1
    for _ in range(5):
        assert_error(create_token(api), 403, "api.context.permissions.app_error")
    assert loads(acc.svc) == warm  # no read of the roles table for these checks

    set_token_perm(acc.admin, role, True)
    assert create_token(api).status_code == 200
    after_grant = loads(acc.svc)
    assert after_grant > warm  # the patch dropped the snapshot: read again once
    assert create_token(api).status_code == 200
    assert loads(acc.svc) == after_grant

    set_token_perm(acc.admin, role, False)
    assert_error(create_token(api), 403, "api.context.permissions.app_error")


def wait_bus(acc, on_b, api, deadline_s=20):
    """Until a profile patch made on acc's node shows on node B (its session cache): the bus is up."""
    deadline = time.time() + deadline_s
    i = 0
    while time.time() < deadline:
        i += 1
        nick = "probe%d" % i
        assert api.put("/users/me/patch", json={"nickname": nick}).status_code == 200
        inner = time.time() + 0.5
        while time.time() < inner:
            if on_b.get("/users/me").json()["nickname"] == nick:
                return
    raise AssertionError("the other node never saw the change")


def wait_status(fn, status, deadline_s=1.0):
    deadline = time.time() + deadline_s
    got = None
    while time.time() < deadline:
        got = fn().status_code
        if got == status:
            return
    raise AssertionError("still %s, wanted %s" % (got, status))


def test_role_patch_on_one_node_takes_effect_on_the_other(accounts, core):
    acc = accounts(copy.deepcopy(CLUSTER))
    b = core(config=merge(copy.deepcopy(ACCOUNTS_CONFIG), copy.deepcopy(CLUSTER)), database=acc.svc.database)
    u, api = acc.user_and_api()
    on_b = Api(b.url(""), api.token)
    role = acc.admin.get("/roles/name/system_user").json()
    assert_error(create_token(on_b), 403, "api.context.permissions.app_error")  # B caches the roles
    wait_bus(acc, on_b, api)
    warm_b = loads(b)

    set_token_perm(acc.admin, role, True)  # on node A
    wait_status(lambda: create_token(on_b), 200)
    assert loads(b) > warm_b

    set_token_perm(acc.admin, role, False)
    wait_status(lambda: create_token(on_b), 403)
    assert_error(create_token(on_b), 403, "api.context.permissions.app_error")


def test_roles_cache_size_zero_reads_the_roles_at_every_check(accounts):
    acc = accounts({"ParleySettings": {"RolesCacheSize": 0}})
    u, api = acc.user_and_api()
    role = acc.admin.get("/roles/name/system_user").json()
    assert_error(create_token(api), 403, "api.context.permissions.app_error")
    set_token_perm(acc.admin, role, True)
    assert create_token(api).status_code == 200
    set_token_perm(acc.admin, role, False)
    assert_error(create_token(api), 403, "api.context.permissions.app_error")
    assert loads(acc.svc) == 0  # never read into memory
