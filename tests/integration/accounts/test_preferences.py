"""Preferences: save, read all / by category / by name, delete, other users, bad input."""

from conftest import assert_error


def test_save_get_delete(accounts):
    acc = accounts()
    u, api = acc.user_and_api()
    prefs = [{"user_id": u["id"], "category": "display_settings", "name": "use_military_time", "value": "true"},
             {"user_id": u["id"], "category": "theme", "name": "", "value": "{\"sidebarBg\":\"#fff\"}"},
             {"user_id": u["id"], "category": "display_settings", "name": "name_format", "value": "username"}]
    r = api.put("/users/me/preferences", json=prefs)
    assert r.status_code == 200 and r.json() == {"status": "OK"}
    got = api.get("/users/me/preferences").json()
    assert sorted((p["category"], p["name"], p["value"]) for p in got) == sorted(
        (p["category"], p["name"], p["value"]) for p in prefs)
    cat = api.get("/users/%s/preferences/display_settings" % u["id"]).json()
    assert sorted(p["name"] for p in cat) == ["name_format", "use_military_time"]
    one = api.get("/users/me/preferences/display_settings/name/use_military_time").json()
    assert one == prefs[0]
    prefs[0]["value"] = "false"
    api.put("/users/me/preferences", json=[prefs[0]])
    assert api.get("/users/me/preferences/display_settings/name/use_military_time").json()["value"] == "false"
    assert api.post("/users/me/preferences/delete", json=[prefs[0]]).status_code == 200
    assert_error(api.get("/users/me/preferences/display_settings/name/use_military_time"), 404,
                 "app.preference.get.app_error")
    assert len(api.get("/users/me/preferences").json()) == 2


def test_other_users_and_bad_input(accounts):
    acc = accounts()
    u, api = acc.user_and_api()
    admin = acc.admin_user["id"]
    assert_error(api.get("/users/%s/preferences" % admin), 403, "api.context.permissions.app_error")
    theirs = [{"user_id": admin, "category": "x", "name": "y", "value": "z"}]
    assert_error(api.put("/users/%s/preferences" % admin, json=theirs), 403, "api.context.permissions.app_error")
    assert_error(api.put("/users/me/preferences", json=theirs), 403, "api.context.permissions.app_error")
    assert_error(api.put("/users/me/preferences", json={"category": "x"}), 400,
                 "api.context.invalid_body_param.app_error")
    assert_error(api.put("/users/me/preferences", json=[{"user_id": u["id"], "category": "x", "name": 5}]), 400,
                 "api.context.invalid_body_param.app_error")
    assert_error(api.put("/users/me/preferences", json=[{"user_id": u["id"], "category": "c" * 33, "name": "n"}]), 400,
                 "model.preference.is_valid.category.app_error")
    assert_error(api.put("/users/me/preferences", json=[{"user_id": u["id"], "category": "c", "name": "n",
                                                         "value": "v" * 20001}]), 400,
                 "model.preference.is_valid.value.app_error")
    assert_error(api.put("/users/me/preferences", json=[]), 400, "api.context.invalid_body_param.app_error")
    assert acc.admin.get("/users/%s/preferences" % u["id"]).status_code == 200
