"""Users: create (first admin, sign-up rules), lookups, lists, patch, password, active, roles, image."""

import requests

from conftest import PASSWORD, assert_error


def test_first_user_is_system_admin_and_others_are_users(accounts):
    acc = accounts()
    assert acc.admin_user["roles"].split() == ["system_admin", "system_user"]
    u = acc.create_user()
    assert u["roles"] == "system_user"
    for k in ("password", "mfa_secret"):
        assert k not in u and k not in acc.admin_user


def test_signup_rules(accounts):
    acc = accounts({"TeamSettings": {"EnableOpenServer": False}})
    body = {"username": "bob", "email": "bob@example.com", "password": PASSWORD}
    assert_error(acc.api().post("/users", json=body), 403, "api.user.create_user.no_open_server")
    r = acc.admin.post("/users", json=body)  # admins can always create
    assert r.status_code == 201 and r.json()["roles"] == "system_user"
    acc2 = accounts({"TeamSettings": {"EnableUserCreation": False}})
    body["username"], body["email"] = "carol", "carol@example.com"
    assert_error(acc2.api().post("/users", json=body), 501, "api.user.create_user.signup_email_disabled.app_error")
    assert acc2.admin.post("/users", json=body).status_code == 201


def test_create_errors(accounts):
    acc = accounts()
    api = acc.api()
    ok = {"username": "dave", "email": "dave@example.com", "password": PASSWORD}
    assert api.post("/users", json=ok).status_code == 201
    cases = [
        (dict(ok, email="x@example.com"), 400, "app.user.save.username_exists.app_error"),
        (dict(ok, username="dave2", email="DAVE@example.com"), 400, "app.user.save.email_exists.app_error"),
        (dict(ok, username="9lives", email="n@example.com"), 400, "model.user.is_valid.username.app_error"),
        (dict(ok, username="erin", email="no-at-sign"), 400, "model.user.is_valid.email.app_error"),
        (dict(ok, username="erin", email="e@example.com", password="short"), 400,
         "model.user.is_valid.pwd_min_length.app_error"),
        (dict(ok, username="erin", email="e@example.com", password="x" * 73), 400,
         "model.user.is_valid.pwd_max_length.app_error"),
        (dict(ok, username=5), 400, "api.context.invalid_body_param.app_error"),
        (dict(ok, username="erin", email="e@example.com", props={"a": 1}), 400,
         "api.context.invalid_body_param.app_error"),
        (["not", "an", "object"], 400, "api.context.invalid_body_param.app_error"),
    ]
    for body, status, eid in cases:
        assert_error(api.post("/users", json=body), status, eid)
    assert_error(api.post("/users", data="{not json", headers={"Content-Type": "application/json"}), 400,
                 "api.context.invalid_body_param.app_error")


def test_password_rules_from_config(accounts):
    acc = accounts({"PasswordSettings": {"MinimumLength": 6, "Uppercase": True, "Number": True}})
    body = {"username": "frank", "email": "frank@example.com", "password": "abcdefg"}
    assert_error(acc.api().post("/users", json=body), 400, "model.user.is_valid.pwd_uppercase_number.app_error")
    body["password"] = "Abcdef1"
    assert acc.api().post("/users", json=body).status_code == 201


def test_get_me_and_by_id(accounts):
    acc = accounts()
    u, api = acc.user_and_api(first_name="Alice", last_name="Liddell")
    me = api.get("/users/me")
    assert me.status_code == 200 and me.json()["id"] == u["id"]
    assert me.json()["notify_props"]["push"] == "mention"
    other = api.get("/users/" + acc.admin_user["id"]).json()
    assert other["username"] == "admin" and other["notify_props"] == {} and "password" not in other
    assert_error(api.get("/users/" + "x" * 26), 404, "app.user.missing_account.const")
    assert_error(api.get("/users/bad-id"), 400, "api.context.invalid_url_param.app_error")
    assert_error(acc.api().get("/users/me"), 401, "api.context.session_expired.app_error")


def test_privacy_hides_email_and_full_name_from_non_admins(accounts):
    acc = accounts({"PrivacySettings": {"ShowEmailAddress": False, "ShowFullName": False}})
    u, api = acc.user_and_api(first_name="Gina", last_name="Ray")
    seen = api.get("/users/" + acc.admin_user["id"]).json()
    assert seen["email"] == "" and seen["first_name"] == ""
    mine = api.get("/users/me").json()
    assert mine["email"] == u["email"] and mine["first_name"] == "Gina"
    by_admin = acc.admin.get("/users/" + u["id"]).json()
    assert by_admin["email"] == u["email"] and by_admin["first_name"] == "Gina"
    assert_error(api.get("/users/email/admin@example.com"), 404, "app.user.missing_account.const")


def test_by_username_email_ids_usernames(accounts):
    acc = accounts()
    a, api = acc.user_and_api()
    b = acc.create_user(api=acc.admin)
    assert api.get("/users/username/" + b["username"]).json()["id"] == b["id"]
    assert api.get("/users/email/" + b["email"].upper()).json()["id"] == b["id"]
    assert_error(api.get("/users/username/nobody"), 404, "app.user.missing_account.const")
    got = api.post("/users/ids", json=[a["id"], b["id"], "z" * 26]).json()
    assert sorted(u["id"] for u in got) == sorted([a["id"], b["id"]])
    since = api.post("/users/ids?since=99999999999999", json=[a["id"]]).json()
    assert since == []
    got = api.post("/users/usernames", json=[b["username"]]).json()
    assert [u["id"] for u in got] == [b["id"]]
    assert_error(api.post("/users/ids", json=["short"]), 400, "api.context.invalid_body_param.app_error")
    assert_error(api.post("/users/ids", json={"a": 1}), 400, "api.context.invalid_body_param.app_error")
    assert_error(api.post("/users/ids", json=[]), 400, "api.context.invalid_body_param.app_error")


def test_list_paging_and_filters(accounts):
    acc = accounts()
    for _ in range(5):
        acc.create_user(api=acc.admin)
    api = acc.admin
    all_users = api.get("/users?per_page=200").json()
    assert len(all_users) == 6
    assert [u["username"] for u in all_users] == sorted(u["username"] for u in all_users)
    p0 = api.get("/users?page=0&per_page=2").json()
    p1 = api.get("/users?page=1&per_page=2").json()
    assert len(p0) == 2 and len(p1) == 2 and p0[0]["id"] != p1[0]["id"]
    admins = api.get("/users?role=system_admin").json()
    assert [u["username"] for u in admins] == ["admin"]
    assert_error(api.get("/users?in_team=bad"), 400, "api.context.invalid_url_param.app_error")


def test_autocomplete_and_search(accounts):
    acc = accounts()
    acc.create_user(api=acc.admin, username="zelda", first_name="Princess")
    acc.create_user(api=acc.admin, username="zeke")
    u, api = acc.user_and_api(username="link")
    r = api.get("/users/autocomplete?name=ze&limit=25").json()
    assert sorted(x["username"] for x in r["users"]) == ["zeke", "zelda"] and "out_of_channel" not in r
    r = api.get("/users/autocomplete?name=prin").json()
    assert [x["username"] for x in r["users"]] == ["zelda"]
    r = api.post("/users/search", json={"term": "zel"}).json()
    assert [x["username"] for x in r] == ["zelda"]
    r = api.post("/users/search", json={"term": "%"}).json()
    assert r == []  # LIKE wildcards are literal
    assert_error(api.post("/users/search", json={"term": ""}), 400, "api.context.invalid_body_param.app_error")
    assert_error(api.post("/users/search", json={"term": 5}), 400, "api.context.invalid_body_param.app_error")


def test_patch_me_and_other(accounts):
    acc = accounts()
    u, api = acc.user_and_api()
    r = api.put("/users/me/patch", json={"nickname": "Nick", "position": "Dev", "props": {"k": "v"}})
    assert r.status_code == 200 and r.json()["nickname"] == "Nick" and r.json()["props"] == {"k": "v"}
    assert api.get("/users/me").json()["position"] == "Dev"
    assert_error(api.put("/users/%s/patch" % acc.admin_user["id"], json={"nickname": "x"}), 403,
                 "api.context.permissions.app_error")
    assert_error(api.put("/users/me/patch", json={"username": "admin"}), 400,
                 "app.user.save.username_exists.app_error")
    assert_error(api.put("/users/me/patch", json={"nickname": ["x"]}), 400, "api.context.invalid_body_param.app_error")
    assert_error(api.put("/users/me/patch", json={"username": "Bad Name"}), 400,
                 "model.user.is_valid.username.app_error")
    r = acc.admin.put("/users/%s/patch" % u["id"], json={"nickname": "ByAdmin"})
    assert r.status_code == 200 and r.json()["nickname"] == "ByAdmin"


def test_update_password(accounts):
    acc = accounts()
    u, api = acc.user_and_api()
    path = "/users/%s/password" % u["id"]
    assert_error(api.put(path, json={"new_password": "NewPassw0rd!"}), 400, "api.context.invalid_body_param.app_error")
    assert_error(api.put(path, json={"current_password": "wrong-one", "new_password": "NewPassw0rd!"}), 400,
                 "api.user.update_password.incorrect.app_error")
    assert_error(api.put(path, json={"current_password": PASSWORD, "new_password": "x"}), 400,
                 "model.user.is_valid.pwd_min_length.app_error")
    assert api.put(path, json={"current_password": PASSWORD, "new_password": "NewPassw0rd!"}).status_code == 200
    assert acc.api().login(u["username"]).status_code == 401
    assert acc.api().login(u["username"], "NewPassw0rd!").status_code == 200
    other = acc.create_user(api=acc.admin)
    assert_error(api.put("/users/%s/password" % other["id"], json={"current_password": "NewPassw0rd!",
                                                                   "new_password": "Another1!"}), 403,
                 "api.user.update_password.context.app_error")
    assert acc.admin.put("/users/%s/password" % other["id"], json={"new_password": "AdminSet1!"}).status_code == 200
    assert acc.api().login(other["username"], "AdminSet1!").status_code == 200


def test_deactivate_revokes_tokens_at_once(accounts):
    acc = accounts()
    u, api = acc.user_and_api()
    assert api.get("/users/me").status_code == 200
    assert_error(api.put("/users/%s/active" % u["id"], json={"active": False}), 403, "api.context.permissions.app_error")
    assert_error(acc.admin.put("/users/%s/active" % u["id"], json={"active": "no"}), 400,
                 "api.context.invalid_body_param.app_error")
    assert acc.admin.put("/users/%s/active" % u["id"], json={"active": False}).status_code == 200
    assert_error(api.get("/users/me"), 401, "api.context.session_expired.app_error")
    assert acc.admin.get("/users/" + u["id"]).json()["delete_at"] > 0
    assert_error(acc.api().login(u["username"]), 401, "api.user.login.inactive.app_error")
    assert acc.admin.put("/users/%s/active" % u["id"], json={"active": True}).status_code == 200
    assert acc.api().login(u["username"]).status_code == 200


def test_update_roles_admin_only(accounts):
    acc = accounts()
    u, api = acc.user_and_api()
    path = "/users/%s/roles" % u["id"]
    assert_error(api.put(path, json={"roles": "system_user system_admin"}), 403, "api.context.permissions.app_error")
    assert_error(acc.admin.put(path, json={"roles": "system_user superuser"}), 400,
                 "api.context.invalid_body_param.app_error")
    assert_error(acc.admin.put(path, json={"roles": 1}), 400, "api.context.invalid_body_param.app_error")
    assert api.get("/users?role=system_admin").status_code == 200
    assert acc.admin.put(path, json={"roles": "system_user system_admin"}).status_code == 200
    # the new role applies to the existing session at once
    assert api.put("/users/%s/roles" % acc.admin_user["id"], json={"roles": "system_user system_admin"}).status_code == 200


def test_profile_image(accounts):
    acc = accounts()
    u, api = acc.user_and_api()
    r = api.get("/users/%s/image" % u["id"])
    assert r.status_code == 200 and r.headers["Content-Type"] == "image/png"
    assert r.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert "max-age=86400" in r.headers["Cache-Control"] and r.headers["ETag"]
    assert api.get("/users/me/image/default").content == r.content
    assert_error(api.get("/users/%s/image" % ("q" * 26)), 404, "app.user.missing_account.const")


def test_unknown_method_and_route(accounts):
    acc = accounts()
    assert_error(acc.admin.req("PATCH", "/users/me"), 405, "api.context.405.app_error")
    assert_error(acc.admin.get("/users/me/nothing/here"), 404, "api.context.404.app_error")
    assert requests.get(acc.base + "/api/v4/users/me", headers={"Authorization": "Bearer " + "a" * 26}).status_code == 401


def test_membership_filters(accounts):
    """in_team / not_in_team / in_channel / not_in_channel read team_members / channel_members."""
    acc = accounts()
    a = acc.create_user(api=acc.admin, username="amy")
    b = acc.create_user(api=acc.admin, username="ann")
    team, chan = "t" * 26, "c" * 26
    api = acc.admin
    # no such team or channel yet: in_* match nobody, not_in_* everybody
    assert api.get(f"/users?in_team={team}").json() == []
    assert len(api.get(f"/users?not_in_team={team}").json()) == 3
    assert_error(api.get(f"/users?not_in_channel={chan}"), 400, "api.context.invalid_url_param.app_error")  # needs in_team
    acc.sql("INSERT INTO teams (id, name) VALUES (%s, 'filters')", team)
    acc.sql("INSERT INTO channels (id, team_id, name) VALUES (%s, %s, 'filters')", chan, team)
    acc.sql("INSERT INTO team_members (team_id, user_id) VALUES (%s, %s), (%s, %s)", team, a["id"], team, b["id"])
    acc.sql("INSERT INTO channel_members VALUES (%s, %s)", chan, a["id"])
    names = lambda r: sorted(u["username"] for u in r.json())  # noqa: E731
    assert names(api.get(f"/users?in_team={team}")) == ["amy", "ann"]
    assert names(api.get(f"/users?not_in_team={team}")) == ["admin"]
    assert names(api.get("/users?without_team=true")) == ["admin"]
    assert names(api.get(f"/users?in_channel={chan}")) == ["amy"]
    assert names(api.get(f"/users?in_team={team}&not_in_channel={chan}")) == ["ann"]
    r = api.get(f"/users/autocomplete?in_team={team}&in_channel={chan}&name=a").json()
    assert [u["username"] for u in r["users"]] == ["amy"]
    assert [u["username"] for u in r["out_of_channel"]] == ["ann"]
    r = api.post("/users/search", json={"term": "a", "team_id": team, "not_in_channel_id": chan}).json()
    assert [u["username"] for u in r] == ["ann"]


def test_delete_user_deactivates_and_stats(accounts):
    acc = accounts()
    u, api = acc.user_and_api()
    assert acc.admin.get("/users/stats").json() == {"total_users_count": 2}
    assert_error(api.req("DELETE", "/users/" + acc.admin_user["id"]), 403, "api.context.permissions.app_error")
    assert_error(acc.admin.req("DELETE", "/users/%s?permanent=true" % u["id"]), 501,
                 "api.user.delete_user.not_enabled.app_error")
    assert acc.admin.req("DELETE", "/users/" + u["id"]).status_code == 200
    assert_error(api.get("/users/me"), 401, "api.context.session_expired.app_error")
    assert acc.admin.get("/users/stats").json() == {"total_users_count": 1}
