"""The session cache (ServiceSettings.SessionCacheInMinutes): what it serves, and every write that
must take effect at once -- on the node that made it and, over the cluster bus, on the others.

Every test warms the cache first (two GET /users/me: the second is answered from it), so a write
that forgot to invalidate would be served stale here.
"""

import copy
import time

from conftest import ACCOUNTS_CONFIG, PASSWORD, Api, assert_error
from harness import config_merge as merge

# Two CURVE key pairs (public, secret), made with zmq_curve_keypair: the cluster's, and a stranger's.
CLUSTER_PUB, CLUSTER_SEC = "nnnIZ.^hyRB-[Xp8E]/RxhbY<3s56vE7+%btTS<w", "?2Qwe0qQsO!g.jWaoa$Mg@qkXy$MR6Yld%Bs0)$3"
OTHER_PUB, OTHER_SEC = "+!M%L4Lv{&i1}+s/#Q$:EW(bDlmCa#Ta(/-9Vxtf", "eL!]}/FO{04mRw:J%33SpdqDRTn12(vn6kvrFl9."


def cluster_config(pub=CLUSTER_PUB, sec=CLUSTER_SEC):
    return {"ParleySettings": {"ClusterEnable": True, "ClusterHeartbeatMs": 200, "ClusterCurvePublicKey": pub,
                               "ClusterCurveSecretKey": sec}}


def warm(api):
    for _ in range(2):
        r = api.get("/users/me")
        assert r.status_code == 200, r.text
    return r.json()


def test_cache_serves_me_and_zero_disables_it(accounts):
    acc = accounts()
    u, api = acc.user_and_api()
    warm(api)
    acc.sql("UPDATE users SET nickname = 'behind-its-back' WHERE id = %s", u["id"])
    assert api.get("/users/me").json()["nickname"] == ""  # from the cache: no database read
    off = accounts({"ServiceSettings": {"SessionCacheInMinutes": 0}})
    v, api2 = off.user_and_api()
    warm(api2)
    off.sql("UPDATE users SET nickname = 'behind-its-back' WHERE id = %s", v["id"])
    assert api2.get("/users/me").json()["nickname"] == "behind-its-back"


def test_cookie_and_other_user_paths(accounts):
    acc = accounts()
    u, api = acc.user_and_api()
    warm(api)
    me = acc.api()
    assert me.login(u["username"]).status_code == 200
    token = me.token
    me.token = None
    me.s.cookies.set("MMAUTHTOKEN", token)
    assert me.get("/users/me").json()["id"] == u["id"]
    assert me.get("/users/me").json()["id"] == u["id"]
    assert api.get("/users/" + u["id"]).json()["id"] == u["id"]
    other = api.get("/users/" + acc.admin_user["id"]).json()
    assert other["id"] == acc.admin_user["id"] and other["email"] == acc.admin_user["email"]
    assert_error(api.get("/users/not-an-id"), 400, "api.context.invalid_url_param.app_error")
    assert_error(acc.api("x" * 26).get("/users/me"), 401, "api.context.session_expired.app_error")
    assert_error(acc.api().get("/users/me"), 401, "api.context.session_expired.app_error")
    assert_error(acc.api().get("/users/me?access_token=" + api.token), 401, "api.context.token_provided.app_error")


def test_revoke_takes_effect_at_once(accounts):
    acc = accounts()
    u, api = acc.user_and_api()
    warm(api)
    sid = [s for s in acc.admin.get("/users/%s/sessions" % u["id"]).json()][0]["id"]
    assert acc.admin.post("/users/%s/sessions/revoke" % u["id"], json={"session_id": sid}).status_code == 200
    assert_error(api.get("/users/me"), 401, "api.context.session_expired.app_error")


def test_revoke_all_and_logout_take_effect_at_once(accounts):
    acc = accounts()
    u, api = acc.user_and_api()
    second = acc.api()
    second.login(u["username"])
    warm(api)
    warm(second)
    token = second.token
    assert second.post("/users/logout").status_code == 200
    assert_error(acc.api(token).get("/users/me"), 401, "api.context.session_expired.app_error")
    assert api.get("/users/me").status_code == 200
    assert acc.admin.post("/users/%s/sessions/revoke/all" % u["id"]).status_code == 200
    assert_error(api.get("/users/me"), 401, "api.context.session_expired.app_error")


def test_password_change_takes_effect_at_once(accounts):
    acc = accounts()
    u, api = acc.user_and_api()
    before = warm(api)["last_password_update"]
    r = api.put("/users/%s/password" % u["id"], json={"current_password": PASSWORD, "new_password": "NewPassw0rd!"})
    assert r.status_code == 200
    assert api.get("/users/me").json()["last_password_update"] > before


def test_role_change_takes_effect_at_once(accounts):
    acc = accounts()
    u, api = acc.user_and_api()
    assert warm(api)["roles"] == "system_user"
    assert_error(api.get("/users/%s/sessions" % acc.admin_user["id"]), 403, "api.context.permissions.app_error")
    assert acc.admin.put("/users/%s/roles" % u["id"], json={"roles": "system_user system_admin"}).status_code == 200
    assert api.get("/users/me").json()["roles"] == "system_user system_admin"
    assert api.get("/users/%s/sessions" % acc.admin_user["id"]).status_code == 200


def test_deactivation_takes_effect_at_once(accounts):
    acc = accounts()
    u, api = acc.user_and_api()
    warm(api)
    assert acc.admin.put("/users/%s/active" % u["id"], json={"active": False}).status_code == 200
    assert_error(api.get("/users/me"), 401, "api.context.session_expired.app_error")


def test_patch_takes_effect_at_once(accounts):
    acc = accounts()
    u, api = acc.user_and_api()
    warm(api)
    assert acc.admin.put("/users/%s/patch" % u["id"], json={"nickname": "ByAdmin"}).status_code == 200
    assert api.get("/users/me").json()["nickname"] == "ByAdmin"
    assert api.put("/users/me/patch", json={"position": "Dev"}).status_code == 200
    assert api.get("/users/me").json()["position"] == "Dev"


def test_token_revoke_takes_effect_at_once(accounts):
    acc = accounts()
    t = acc.admin.post("/users/me/tokens", json={"description": "x"}).json()
    pat = acc.api(t["token"])
    warm(pat)
    assert acc.admin.post("/users/tokens/disable", json={"token_id": t["id"]}).status_code == 200
    assert_error(pat.get("/users/me"), 401, "api.context.session_expired.app_error")


def test_activity_written_at_most_every_five_minutes(accounts):
    acc = accounts({"ServiceSettings": {"SessionCacheInMinutes": 0}})  # edits sessions with SQL
    u, api = acc.user_and_api()
    now = int(time.time() * 1000)
    acc.sql("UPDATE sessions SET last_activity_at = %s WHERE user_id = %s", now - 120 * 1000, u["id"])
    assert api.get("/users/me").status_code == 200
    (la,), = acc.sql("SELECT last_activity_at FROM sessions WHERE user_id = %s", u["id"])
    assert la == now - 120 * 1000  # two minutes old: not written again
    acc.sql("UPDATE sessions SET last_activity_at = %s WHERE user_id = %s", now - 301 * 1000, u["id"])
    assert api.get("/users/me").status_code == 200
    (la,), = acc.sql("SELECT last_activity_at FROM sessions WHERE user_id = %s", u["id"])
    assert la >= now


def second_node(acc, core, config):
    svc = core(config=merge(copy.deepcopy(ACCOUNTS_CONFIG), config), database=acc.svc.database)
    return svc


def wait_bus(acc, node_api, user_api, deadline_s=20):
    """Until a patch made through acc's node shows on node_api's (cached) /users/me: the bus is up."""
    deadline = time.time() + deadline_s
    i = 0
    while time.time() < deadline:
        i += 1
        nick = "probe%d" % i
        assert user_api.put("/users/me/patch", json={"nickname": nick}).status_code == 200
        inner = time.time() + 0.5
        while time.time() < inner:
            if node_api.get("/users/me").json()["nickname"] == nick:
                return nick
    raise AssertionError("the other node never saw the change")


def test_revocation_on_one_node_is_effective_on_the_other(accounts, core):
    acc = accounts(cluster_config())
    b = second_node(acc, core, cluster_config())
    u, api = acc.user_and_api()
    on_b = Api(b.url(""), api.token)
    warm(on_b)
    wait_bus(acc, on_b, api)
    sid = acc.admin.get("/users/%s/sessions" % u["id"]).json()[0]["id"]
    assert acc.admin.post("/users/%s/sessions/revoke" % u["id"], json={"session_id": sid}).status_code == 200
    deadline = time.time() + 1.0
    status = None
    while time.time() < deadline:
        status = on_b.get("/users/me").status_code
        if status == 401:
            break
    assert status == 401


def test_node_without_the_cluster_key_cannot_join(accounts, core):
    acc = accounts(cluster_config())
    b = second_node(acc, core, cluster_config())
    stranger = second_node(acc, core, cluster_config(OTHER_PUB, OTHER_SEC))
    plain = second_node(acc, core, {"ParleySettings": {"ClusterEnable": True, "ClusterHeartbeatMs": 200}})  # no keys
    u, api = acc.user_and_api()
    on_b, on_stranger, on_plain = (Api(n.url(""), api.token) for n in (b, stranger, plain))
    warm(on_b)
    before = warm(on_stranger)["nickname"]
    assert warm(on_plain)["nickname"] == before
    nick = wait_bus(acc, on_b, api)
    # the stranger's handshakes are refused: the nodes with the key log it
    deadline = time.time() + 10
    while "cluster: handshake failed" not in acc.svc.log() and time.time() < deadline:
        time.sleep(0.1)
    assert "cluster: handshake failed" in acc.svc.log()
    assert "cluster: handshake succeeded" in acc.svc.log()
    assert on_stranger.get("/users/me").json()["nickname"] == before != nick
    assert on_plain.get("/users/me").json()["nickname"] == before


def test_cluster_keys_must_come_in_pairs(core):
    svc = core(config={"ParleySettings": {"ClusterEnable": True, "ClusterCurveSecretKey": CLUSTER_SEC}}, wait=False)
    code, out = svc.run_to_exit(timeout=30)
    assert code == 2 and "ParleySettings.ClusterCurveSecretKey" in out, out
    bad = core(config={"ParleySettings": {"ClusterEnable": True, "ClusterCurveSecretKey": CLUSTER_SEC,
                                          "ClusterCurvePublicKey": OTHER_PUB}}, wait=False)
    code, out = bad.run_to_exit(timeout=30)
    assert code == 1 and "cluster: CURVE setup failed" in out, out
