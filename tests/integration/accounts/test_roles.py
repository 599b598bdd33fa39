"""Roles: by names, by name, by id; the default permission lists."""

from conftest import assert_error


def test_roles_by_names_and_defaults(accounts):
    acc = accounts()
    u, api = acc.user_and_api()
    names = ["system_user", "team_user", "channel_user", "channel_admin", "team_admin", "system_admin"]
    roles = {r["name"]: r for r in api.post("/roles/names", json=names).json()}
    assert sorted(roles) == sorted(names)
    assert {"create_team", "create_direct_channel", "view_members"} <= set(roles["system_user"]["permissions"])
    assert "manage_system" not in roles["system_user"]["permissions"]
    assert {"create_post", "read_channel", "add_reaction"} <= set(roles["channel_user"]["permissions"])
    assert {"view_team", "join_public_channels"} <= set(roles["team_user"]["permissions"])
    assert "manage_system" in roles["system_admin"]["permissions"]
    r = roles["channel_user"]
    assert r["built_in"] is True and r["scheme_managed"] is True and len(r["id"]) == 26
    assert r["display_name"] == "authentication.roles.channel_user.name"
    assert api.get("/roles/name/team_user").json()["id"] == roles["team_user"]["id"]
    assert api.get("/roles/" + roles["team_user"]["id"]).json()["name"] == "team_user"
    assert api.post("/roles/names", json=["system_user", "unknown_role"]).json()[0]["name"] == "system_user"


def test_role_errors(accounts):
    acc = accounts()
    u, api = acc.user_and_api()
    assert_error(api.post("/roles/names", json=["Bad Name"]), 400, "api.context.invalid_body_param.app_error")
    assert_error(api.post("/roles/names", json=[1]), 400, "api.context.invalid_body_param.app_error")
    assert_error(api.post("/roles/names", json={"a": 1}), 400, "api.context.invalid_body_param.app_error")
    assert_error(api.get("/roles/name/nope"), 404, "app.role.get_by_name.app_error")
    assert_error(api.get("/roles/" + "r" * 26), 404, "app.role.get.app_error")
    assert_error(api.get("/roles"), 403, "api.context.permissions.app_error")
    assert len(acc.admin.get("/roles").json()) >= 18
    assert_error(acc.api().post("/roles/names", json=["system_user"]), 401, "api.context.session_expired.app_error")


def test_patch_role_takes_effect_at_once(accounts):
    acc = accounts()
    u, api = acc.user_and_api()
    role = api.get("/roles/name/system_user").json()
    assert_error(api.post("/users/me/tokens", json={"description": "x"}), 403, "api.context.permissions.app_error")
    assert_error(api.put("/roles/%s/patch" % role["id"], json={"permissions": ["manage_system"]}), 403,
                 "api.context.permissions.app_error")
    assert_error(acc.admin.put("/roles/%s/patch" % role["id"], json={"permissions": ["no_such_permission"]}), 400,
                 "api.context.invalid_body_param.app_error")
    assert_error(acc.admin.put("/roles/%s/patch" % role["id"], json={"permissions": "create_team"}), 400,
                 "api.context.invalid_body_param.app_error")
    patched = acc.admin.put("/roles/%s/patch" % role["id"],
                            json={"permissions": role["permissions"] + ["create_user_access_token"]})
    assert patched.status_code == 200 and "create_user_access_token" in patched.json()["permissions"]
    assert api.post("/users/me/tokens", json={"description": "x"}).status_code == 200
