"""AppError messages on the wire are the catalog's texts (Mattermost's en.json) with their parameters filled:
never a raw {{.Param}} template, never the id standing in for a missing text."""

import requests

from conftest import PASSWORD, assert_error


def message(r, status, error_id):
    assert_error(r, status, error_id)
    body = r.json()
    assert "{{" not in body["message"] and body["message"] != error_id, body
    return body


def test_invalid_url_param_names_the_parameter(accounts):
    acc = accounts()
    body = message(acc.admin.get("/users/notanid"), 400, "api.context.invalid_url_param.app_error")
    assert body["message"] == "Invalid or missing user_id parameter in request URL."
    assert body["detailed_error"] == ""  # NewInvalidUrlParamError: the name is in the message only


def test_invalid_body_param_names_the_field(accounts):
    acc = accounts()
    ok = {"username": "erin", "email": "erin@example.com", "password": PASSWORD}
    body = message(acc.api().post("/users", json=dict(ok, username=5)), 400, "api.context.invalid_body_param.app_error")
    assert body["message"] == "Invalid or missing username in request body."
    r = acc.api().post("/users", data="{not json", headers={"Content-Type": "application/json"})
    body = message(r, 400, "api.context.invalid_body_param.app_error")
    assert body["message"] == "Invalid or missing JSON in request body."
    assert body["detailed_error"].startswith("line 1:"), body  # the parser's complaint (4xx: shown)


def test_password_rule_messages_carry_the_minimum(accounts):
    acc = accounts({"PasswordSettings": {"MinimumLength": 12, "Uppercase": True, "Number": True}})
    body = {"username": "frank", "email": "frank@example.com", "password": "short"}
    got = message(acc.api().post("/users", json=body), 400, "model.user.is_valid.pwd_min_length.app_error")
    assert got["message"] == "Your password must contain at least 12 characters."
    body["password"] = "abcdefghijklmn"
    got = message(acc.api().post("/users", json=body), 400, "model.user.is_valid.pwd_uppercase_number.app_error")
    assert got["message"] == ("Your password must contain at least 12 characters made up of at least one uppercase "
                              "letter and at least one number.")


def test_texts_verbatim_from_mattermost(accounts):
    acc = accounts()
    r = acc.api().post("/users/login", json={"login_id": "admin", "password": "wrong-password"}, token=False)
    got = message(r, 401, "api.user.login.invalid_credentials_email_username")
    assert got["message"] == "Enter a valid email or username and/or password."
    got = message(acc.api().get("/users/me"), 401, "api.context.session_expired.app_error")
    assert got["message"] == "Invalid or expired session, please login again."
    u, a = acc.user_and_api()
    got = message(a.put("/users/%s/roles" % acc.admin_user["id"], json={"roles": "system_user"}), 403,
                  "api.context.permissions.app_error")
    assert got["message"] == "You do not have the appropriate permissions."
    got = message(requests.get(acc.base + "/api/v4/no/such/route", timeout=30), 404, "api.context.404.app_error")
    assert got["message"] == "Sorry, we could not find the page."
    assert acc.admin.put("/users/%s/active" % u["id"], json={"active": False}).status_code == 200
    got = message(acc.api().login(u["username"]), 401, "api.user.login.inactive.app_error")
    assert got["message"] == "Login failed because your account has been deactivated.  Please contact an administrator."
