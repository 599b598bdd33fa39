"""Personal access tokens: create, use as Bearer, list, disable/enable, revoke, config switch."""

import copy
import uuid

from conftest import ACCOUNTS_CONFIG, Api, assert_error
from harness import config_merge as merge


def grant_token_role(acc, user):
    r = acc.admin.put("/users/%s/roles" % user["id"], json={"roles": "system_user system_user_access_token"})
    assert r.status_code == 200


def test_create_use_list_revoke(accounts):
    acc = accounts()
    u, api = acc.user_and_api()
    assert_error(api.post("/users/me/tokens", json={"description": "ci"}), 403, "api.context.permissions.app_error")
    grant_token_role(acc, u)
    r = api.post("/users/me/tokens", json={"description": "ci"})
    assert r.status_code == 200
    t = r.json()
    assert t["user_id"] == u["id"] and t["is_active"] is True and len(t["token"]) == 26
    pat = acc.api(t["token"])
    assert pat.get("/users/me").json()["id"] == u["id"]
    listed = api.get("/users/me/tokens").json()
    assert [x["id"] for x in listed] == [t["id"]] and "token" not in listed[0]
    assert api.get("/users/tokens/" + t["id"]).json()["description"] == "ci"
    assert api.post("/users/tokens/revoke", json={"token_id": t["id"]}).status_code == 200
    assert_error(pat.get("/users/me"), 401, "api.context.session_expired.app_error")
    assert api.get("/users/me/tokens").json() == []


def test_disable_enable(accounts):
    acc = accounts()
    u, api = acc.user_and_api()
    grant_token_role(acc, u)
    t = api.post("/users/me/tokens", json={"description": "bot-ish"}).json()
    pat = acc.api(t["token"])
    assert pat.get("/users/me").status_code == 200
    assert api.post("/users/tokens/disable", json={"token_id": t["id"]}).status_code == 200
    assert_error(pat.get("/users/me"), 401, "api.context.session_expired.app_error")
    assert api.get("/users/tokens/" + t["id"]).json()["is_active"] is False
    assert api.post("/users/tokens/enable", json={"token_id": t["id"]}).status_code == 200
    assert pat.get("/users/me").status_code == 200


def test_token_errors_and_other_users(accounts):
    acc = accounts()
    u, api = acc.user_and_api()
    grant_token_role(acc, u)
    assert_error(api.post("/users/me/tokens", json={"description": ""}), 400,
                 "model.user_access_token.is_valid.description.app_error")
    assert_error(api.post("/users/me/tokens", json={"description": 5}), 400, "api.context.invalid_body_param.app_error")
    assert_error(api.post("/users/%s/tokens" % acc.admin_user["id"], json={"description": "x"}), 403,
                 "api.context.permissions.app_error")
    admin_tok = acc.admin.post("/users/me/tokens", json={"description": "admin"}).json()
    assert_error(api.post("/users/tokens/revoke", json={"token_id": admin_tok["id"]}), 403,
                 "api.context.permissions.app_error")
    assert_error(api.post("/users/tokens/revoke", json={"token_id": "nope"}), 400,
                 "api.context.invalid_body_param.app_error")
    assert_error(api.get("/users/tokens"), 403, "api.context.permissions.app_error")
    assert len(acc.admin.get("/users/tokens").json()) == 1


def test_deactivated_users_token_fails(accounts):
    acc = accounts()
    u, api = acc.user_and_api()
    grant_token_role(acc, u)
    t = api.post("/users/me/tokens", json={"description": "x"}).json()
    pat = acc.api(t["token"])
    assert pat.get("/users/me").status_code == 200
    acc.admin.put("/users/%s/active" % u["id"], json={"active": False})
    assert_error(pat.get("/users/me"), 401, "api.context.session_expired.app_error")


def test_tokens_disabled_by_config(accounts, core):
    acc = accounts({"ServiceSettings": {"EnableUserAccessTokens": False}})
    assert_error(acc.admin.post("/users/me/tokens", json={"description": "x"}), 501, "app.user_access_token.disabled")
    # a token made while enabled stops working when the switch is off
    acc2 = accounts()
    t = acc2.admin.post("/users/me/tokens", json={"description": "x"}).json()
    # another token row of the same user (a fresh id: deriving one from t["id"] could collide with it)
    acc2.sql("INSERT INTO user_access_tokens (id, token, user_id, description) VALUES (%s, %s, %s, 'x')",
             uuid.uuid4().hex[:26], "b" * 26, acc2.admin_user["id"])
    assert acc2.api(t["token"]).get("/users/me").status_code == 200
    off = core(config=merge(copy.deepcopy(ACCOUNTS_CONFIG), {"ServiceSettings": {"EnableUserAccessTokens": False}}),
               database=acc2.svc.database)
    assert_error(Api(off.url(""), t["token"]).get("/users/me"), 401, "api.context.session_expired.app_error")
    assert Api(off.url(""), acc2.admin.token).get("/users/me").status_code == 200
