"""Bots: create (201), owner, list, get, patch, disable/enable, tokens, password login refused."""

from conftest import assert_error


def test_create_list_get_patch(accounts):
    acc = accounts()
    r = acc.admin.post("/bots", json={"username": "Builder", "display_name": "CI", "description": "builds"})
    assert r.status_code == 201
    bot = r.json()
    assert bot["username"] == "builder" and bot["owner_id"] == acc.admin_user["id"] and bot["delete_at"] == 0
    user = acc.admin.get("/users/" + bot["user_id"]).json()
    assert user["is_bot"] is True and user["bot_description"] == "builds"
    assert [b["user_id"] for b in acc.admin.get("/bots").json()] == [bot["user_id"]]
    assert acc.admin.get("/bots/" + bot["user_id"]).json()["display_name"] == "CI"
    r = acc.admin.put("/bots/" + bot["user_id"], json={"description": "deploys"})
    assert r.status_code == 200 and r.json()["description"] == "deploys"
    assert_error(acc.admin.post("/bots", json={"username": "builder"}), 400, "app.user.save.username_exists.app_error")
    assert_error(acc.admin.post("/bots", json={"username": "bad name"}), 400, "model.bot.is_valid.username.app_error")
    assert_error(acc.admin.post("/bots", json={"username": 3}), 400, "model.bot.is_valid.username.app_error")
    assert_error(acc.admin.get("/bots/" + "k" * 26), 404, "store.sql_bot.get.missing.app_error")


def test_permissions_and_switch(accounts):
    acc = accounts()
    u, api = acc.user_and_api()
    assert_error(api.post("/bots", json={"username": "mine"}), 403, "api.context.permissions.app_error")
    bot = acc.admin.post("/bots", json={"username": "adminbot"}).json()
    assert_error(api.get("/bots/" + bot["user_id"]), 403, "api.context.permissions.app_error")
    assert_error(api.post("/bots/%s/disable" % bot["user_id"]), 403, "api.context.permissions.app_error")
    off = accounts({"ServiceSettings": {"EnableBotAccountCreation": False}})
    assert_error(off.admin.post("/bots", json={"username": "x"}), 403, "api.bot.create_disabled")


def test_bot_token_and_disable(accounts):
    acc = accounts({"ServiceSettings": {"EnableUserAccessTokens": False}})
    bot = acc.admin.post("/bots", json={"username": "pusher"}).json()
    t = acc.admin.post("/users/%s/tokens" % bot["user_id"], json={"description": "bot token"})
    assert t.status_code == 200  # bots get tokens even with EnableUserAccessTokens off
    pat = acc.api(t.json()["token"])
    me = pat.get("/users/me").json()
    assert me["id"] == bot["user_id"] and me["is_bot"] is True
    r = acc.admin.post("/bots/%s/disable" % bot["user_id"])
    assert r.status_code == 200 and r.json()["delete_at"] > 0
    assert_error(pat.get("/users/me"), 401, "api.context.session_expired.app_error")
    assert acc.admin.get("/bots").json() == []
    assert len(acc.admin.get("/bots?include_deleted=true").json()) == 1
    assert acc.admin.post("/bots/%s/enable" % bot["user_id"]).json()["delete_at"] == 0
    assert pat.get("/users/me").status_code == 200
    assert_error(acc.api().login("pusher", "anything-at-all"), 401, "api.user.login.bot_login_forbidden.app_error")


def test_assign_owner(accounts):
    acc = accounts()
    u = acc.create_user(api=acc.admin)
    bot = acc.admin.post("/bots", json={"username": "handoff"}).json()
    r = acc.admin.post("/bots/%s/assign/%s" % (bot["user_id"], u["id"]))
    assert r.status_code == 200 and r.json()["owner_id"] == u["id"]
