"""Stored hash formats: a real 600,000-iteration PBKDF2 hash, and bcrypt hashes of imported users."""

from conftest import PASSWORD, assert_error

# Made by libxcrypt (Python crypt): bcrypt of PASSWORD, cost 4, as older Mattermost data holds.
BCRYPT = "$2b$04$IxfjwaD4OnEDSdse4ihCGu1/sZlyqMShKGXIcFnSCRgs7v/EWa8h2"


def test_default_600k_hash(accounts):
    acc = accounts({"ParleySettings": {"PasswordHashIterations": 600000}})
    u, api = acc.user_and_api()
    (h,), = acc.sql("SELECT password FROM users WHERE id = %s", u["id"])[0:1]
    assert h.startswith("$pbkdf2$f=SHA256,w=600000,l=32$")
    assert api.get("/users/me").status_code == 200
    (admin_hash,), = acc.sql("SELECT password FROM users WHERE username = 'admin'")
    assert admin_hash.startswith("$pbkdf2$f=SHA256,w=600000,l=32$")


def test_bcrypt_user_logs_in_and_is_upgraded(accounts):
    acc = accounts({"ServiceSettings": {"SessionCacheInMinutes": 0}})  # edits users with SQL
    u = acc.create_user(api=acc.admin)
    acc.sql("UPDATE users SET password = %s WHERE id = %s", BCRYPT, u["id"])
    assert_error(acc.api().login(u["username"], "not-it"), 401, "api.user.login.invalid_credentials_email_username")
    assert acc.api().login(u["username"], PASSWORD).status_code == 200
    (h,), = acc.sql("SELECT password FROM users WHERE id = %s", u["id"])
    assert h.startswith("$pbkdf2$f=SHA256,w=1000,l=32$")
    assert acc.api().login(u["username"], PASSWORD).status_code == 200


def test_lower_iteration_hash_verifies_after_config_change(accounts):
    acc = accounts()
    u = acc.create_user(api=acc.admin)
    (h,), = acc.sql("SELECT password FROM users WHERE id = %s", u["id"])
    assert ",w=1000," in h
    assert acc.api().login(u["username"]).status_code == 200


def test_login_storm_of_one_user_is_bounded_and_other_requests_keep_going(accounts):
    """One hashing slot, one place per user: concurrent 600k logins of one user beyond it get 429 at once."""
    import concurrent.futures

    acc = accounts({"ParleySettings": {"PasswordHashIterations": 600000, "PasswordHashConcurrency": 1},
                    "SqlSettings": {"MaxOpenConns": 8}})
    u = acc.create_user(api=acc.admin)

    def login(_):
        return acc.api().login(u["username"])

    with concurrent.futures.ThreadPoolExecutor(6) as pool:
        futures = [pool.submit(login, i) for i in range(6)]
        assert acc.admin.get("/users/me").status_code == 200  # served while logins hash
        results = [f.result() for f in futures]
    codes = sorted(r.status_code for r in results)
    assert set(codes) <= {200, 429} and 200 in codes, codes
    for r in results:
        if r.status_code == 429:
            assert_error(r, 429, "api.context.rate_limit_exceeded.app_error")
