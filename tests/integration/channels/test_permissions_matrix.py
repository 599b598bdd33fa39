"""Permission matrix of the issue-12 read paths where a mistake leaks data, per role, against Mattermost's
api4 handlers (team.go, channel.go, channel_category.go, user.go): the exact status and error id for a system
admin, a team admin, a channel admin, a channel member, a team member not in the channel, a user not in the
team and a guest (system_guest, team_guest, channel_guest) who is in the private channel."""

import pytest

import fixtures

PERM = "api.context.permissions.app_error"
MISSING = "app.channel.get_by_name.missing.app_error"
ROLES = ("admin", "tadmin", "cadmin", "member", "teammate", "stranger", "guest")


@pytest.fixture
def w(ch):
    c = ch({"GuestAccountsSettings": {"Enable": True}})
    c.tadmin, c.cadmin, c.member = c.user("tadmin"), c.user("cadmin"), c.user("member")
    c.teammate, c.stranger = c.user("teammate"), c.user("stranger")
    g = c.user("guest")
    c.sql("UPDATE users SET roles = 'system_guest' WHERE id = %s", g.id)
    c.guest = _relogin(c, g)
    c.tid = c.team("perm", members=[c.tadmin, c.cadmin, c.member, c.teammate], admins=[c.tadmin])
    c.sql("INSERT INTO team_members (team_id, user_id, scheme_user, scheme_guest, create_at) VALUES (%s, %s, false, true, 0)",
          c.tid, c.guest.id)
    c.private_tid = fixtures.new_id()
    c.sql("INSERT INTO teams (id, create_at, update_at, display_name, name, type, allow_open_invite, invite_id, email) "
          "VALUES (%s, 1, 1, 'Closed', 'closed', 'I', false, %s, 'owner@example.com')", c.private_tid, fixtures.new_id())
    fixtures.add_team_member(c.sql, c.private_tid, c.member.id)
    c.sql("UPDATE teams SET email = 'owner@example.com' WHERE id = %s", c.tid)
    c.priv = fixtures.make_channel(c.sql, c.tid, "secret", "P")
    c.pub = fixtures.make_channel(c.sql, c.tid, "lobby", "O")
    for u, admin in ((c.cadmin, True), (c.member, False)):
        c.sql("INSERT INTO channel_members (channel_id, user_id, scheme_user, scheme_admin) VALUES (%s, %s, true, %s)",
              c.priv, u.id, admin)
    c.sql("INSERT INTO channel_members (channel_id, user_id, scheme_user, scheme_guest) VALUES (%s, %s, false, true)",
          c.priv, c.guest.id)
    c.sql("INSERT INTO channel_members (channel_id, user_id, scheme_user) VALUES (%s, %s, true)", c.pub, c.member.id)
    return c


def _relogin(c, u):
    import requests
    from conftest import PASSWORD, User
    r = requests.post(c.base + "/api/v4/users/login", json={"login_id": u.username, "password": PASSWORD}, timeout=30)
    assert r.status_code == 200, r.text
    return User(c, r.json(), r.headers["Token"])


def expect(*codes):
    """One expected (status, error id or None) per role in ROLES order; an int alone means that status, no error id."""
    assert len(codes) == len(ROLES)
    return dict(zip(ROLES, [(x, None) if isinstance(x, int) else x for x in codes]))


F = (403, PERM)
NF = (404, MISSING)

# (name, method, path template, body, expectations)
CASES = [
    ("get private channel", "GET", "/channels/{priv}", None, expect(200, F, 200, 200, F, F, 200)),
    ("get public channel", "GET", "/channels/{pub}", None, expect(200, 200, 200, 200, 200, F, F)),
    # by name, a team admin (manage_team) may read a private channel it is not in ("allows team admins to access
    # private channel"); everyone else without read_channel gets a 404 that does not tell the channel exists
    ("private channel by name", "GET", "/teams/{tid}/channels/name/secret", None, expect(200, 200, 200, 200, NF, NF, 200)),
    ("private channel by team name", "GET", "/teams/name/perm/channels/name/secret", None,
     expect(200, 200, 200, 200, NF, NF, 200)),
    ("public channel by team name", "GET", "/teams/name/perm/channels/name/lobby", None,
     expect(200, 200, 200, 200, 200, F, F)),
    ("private channel stats", "GET", "/channels/{priv}/stats", None, expect(200, F, 200, 200, F, F, 200)),
    ("public channel stats", "GET", "/channels/{pub}/stats", None, expect(200, F, F, 200, F, F, F)),
    ("private channel members", "GET", "/channels/{priv}/members", None, expect(200, F, 200, 200, F, F, 200)),
    ("public channel members", "GET", "/channels/{pub}/members", None, expect(200, F, F, 200, F, F, F)),
    ("private channel member", "GET", "/channels/{priv}/members/{member_id}", None, expect(200, F, 200, 200, F, F, 200)),
    ("private channel members by ids", "POST", "/channels/{priv}/members/ids", ["{member_id}"],
     expect(200, F, 200, 200, F, F, 200)),
    ("private channel timezones", "GET", "/channels/{priv}/timezones", None, expect(200, F, 200, 200, F, F, 200)),
    # SessionHasPermissionToChannel is false for a channel that does not exist, even for a system admin
    ("unknown channel", "GET", "/channels/{bogus}", None, expect(*[(404, "app.channel.get.existing.app_error")] * 7)),
    ("unknown channel stats", "GET", "/channels/{bogus}/stats", None, expect(*[F] * 7)),
    ("unknown channel members", "GET", "/channels/{bogus}/members", None, expect(*[F] * 7)),
    ("unknown channel timezones", "GET", "/channels/{bogus}/timezones", None, expect(*[F] * 7)),
    ("unknown channel member", "GET", "/channels/{bogus}/members/{member_id}", None, expect(*[F] * 7)),
    ("users in private channel", "GET", "/users?in_channel={priv}", None, expect(200, F, 200, 200, F, F, 200)),
    ("users not in private channel", "GET", "/users?not_in_channel={priv}&in_team={tid}", None,
     expect(200, F, 200, 200, F, F, 200)),
    ("autocomplete in private channel", "GET", "/users/autocomplete?in_channel={priv}&in_team={tid}&name=m", None,
     expect(200, F, 200, 200, F, F, 200)),
    ("search in private channel", "POST", "/users/search", {"term": "m", "in_channel_id": "{priv}"},
     expect(200, F, 200, 200, F, F, 200)),
    ("autocomplete in team", "GET", "/users/autocomplete?in_team={tid}&name=m", None, expect(200, 200, 200, 200, 200, F, 200)),
    ("users in team", "GET", "/users?in_team={tid}", None, expect(200, 200, 200, 200, 200, F, 200)),
    ("team", "GET", "/teams/{tid}", None, expect(200, 200, 200, 200, 200, 200, 200)),
    ("closed team", "GET", "/teams/{private_tid}", None, expect(200, F, F, 200, F, F, F)),
    ("team stats", "GET", "/teams/{tid}/stats", None, expect(200, 200, 200, 200, 200, F, 200)),
    ("team members", "GET", "/teams/{tid}/members", None, expect(200, 200, 200, 200, 200, F, 200)),
    ("team member", "GET", "/teams/{tid}/members/{member_id}", None, expect(200, 200, 200, 200, 200, F, 200)),
    ("teams of another user", "GET", "/users/{member_id}/teams", None, expect(200, F, F, 200, F, F, F)),
    ("team members of another user", "GET", "/users/{member_id}/teams/members", None, expect(200, F, F, 200, F, F, F)),
    ("public channels of team", "GET", "/teams/{tid}/channels", None, expect(200, 200, 200, 200, 200, F, F)),
    ("private channels of team", "GET", "/teams/{tid}/channels/private", None, expect(200, F, F, F, F, F, F)),
    ("deleted channels of team", "GET", "/teams/{tid}/channels/deleted", None, expect(200, 200, 200, 200, 200, F, F)),
    ("categories of another user", "GET", "/users/{member_id}/teams/{tid}/channels/categories", None,
     expect(200, F, F, 200, F, F, F)),
    ("category order of another user", "GET", "/users/{member_id}/teams/{tid}/channels/categories/order", None,
     expect(200, F, F, 200, F, F, F)),
    ("channel members of another user in team", "GET", "/users/{member_id}/teams/{tid}/channels/members", None,
     expect(200, F, F, 200, F, F, F)),
    ("channels of another user in team", "GET", "/users/{member_id}/teams/{tid}/channels", None,
     expect(200, F, F, 200, F, F, F)),
    ("unread of another user", "GET", "/users/{member_id}/channels/{priv}/unread", None, expect(200, F, F, 200, F, F, F)),
]


def fill(w, s):
    return s.format(priv=w.priv, pub=w.pub, tid=w.tid, private_tid=w.private_tid, member_id=w.member.id,
                    bogus=fixtures.new_id())


def test_permission_matrix(w):
    failures = []
    for name, method, path, body, want in CASES:
        for role in ROLES:
            u = w.admin if role == "admin" else getattr(w, role)
            b = ({k: fill(w, v) for k, v in body.items()} if isinstance(body, dict) else [fill(w, x) for x in body]) \
                if body else None
            r = u.req(method, fill(w, path), json=b)
            status, eid = want[role]
            got_id = r.json().get("id") if r.status_code >= 400 else None
            if r.status_code != status or (eid and got_id != eid):
                failures.append(f"{name} as {role}: want {status} {eid or ''}, got {r.status_code} {got_id or ''}")
    assert not failures, "\n".join(failures)


def test_team_sanitised_per_role(w):
    """SanitizeTeam: manage_team sees the email and invite id, invite_user (team_user) only the invite id,
    everyone else neither (both "" as Mattermost's Team.Sanitize leaves them)."""
    invite = w.sql("SELECT invite_id FROM teams WHERE id = %s", w.tid)[0][0]
    want = {"admin": ("owner@example.com", invite), "tadmin": ("owner@example.com", invite),
            "cadmin": ("", invite), "member": ("", invite), "teammate": ("", invite),
            "stranger": ("", ""), "guest": ("", "")}
    for role, (email, invite_id) in want.items():
        u = w.admin if role == "admin" else getattr(w, role)
        for path in (f"/teams/{w.tid}", "/teams/name/perm"):
            r = u.get(path)
            assert r.status_code == 200, (role, path, r.text)
            assert (r.json()["email"], r.json()["invite_id"]) == (email, invite_id), (role, path, r.json())


def test_other_members_sanitised(w):
    """Another user's channel member omits last_viewed_at / last_update_at (SanitizeForCurrentUser); one's own keeps them."""
    for path in (f"/channels/{w.priv}/members", f"/channels/{w.priv}/members/{w.cadmin.id}"):
        r = w.member.get(path)
        assert r.status_code == 200, r.text
        rows = r.json() if isinstance(r.json(), list) else [r.json()]
        for row in rows:
            own = row["user_id"] == w.member.id
            assert ("last_viewed_at" in row, "last_update_at" in row) == (own, own), (path, row)


def test_team_admin_manages_members_of_channels_it_is_not_in(w):
    """Mattermost's effective defaults (MakeDefaultRoles + channelModerationPermissionsMigration, which runs on a
    fresh install too) give team_admin and channel_admin the moderated permissions channel_user has:
    manage_public/private_channel_members, add/remove_reaction, use_channel_mentions, create_post. So a team admin
    adds and removes members of a private channel it is not in; a plain team member still may not."""
    assert_perm = (403, PERM)
    r = w.teammate.post(f"/channels/{w.priv}/members", json={"user_id": w.teammate.id})
    assert (r.status_code, r.json()["id"]) == assert_perm, r.text
    r = w.tadmin.post(f"/channels/{w.priv}/members", json={"user_id": w.teammate.id})
    assert r.status_code == 201, r.text
    r = w.tadmin.delete(f"/channels/{w.priv}/members/{w.teammate.id}")
    assert r.status_code == 200, r.text
    roles = {n: set(w.admin.get(f"/roles/name/{n}").json()["permissions"]) for n in ("team_admin", "channel_admin",
                                                                                      "channel_user")}
    moderated = {"create_post", "add_reaction", "remove_reaction", "manage_public_channel_members",
                 "manage_private_channel_members", "use_channel_mentions", "use_group_mentions",
                 "read_public_channel_groups", "read_private_channel_groups"}
    assert moderated <= roles["team_admin"] and moderated <= roles["channel_admin"], roles
    assert moderated <= roles["channel_user"], roles["channel_user"]


def names(r):
    assert r.status_code == 200, r.text
    return {c["name"] for c in r.json()}


def test_channel_lists_hide_private_channels_from_non_members(w):
    """Deleted list, search, autocomplete: a private channel (live or archived) shows only to its members."""
    fixtures.make_channel(w.sql, w.tid, "old-secret", "P", members=[w.member.id], delete_at=1)
    fixtures.make_channel(w.sql, w.tid, "old-lobby", "O", delete_at=1)
    for u, sees in ((w.member, True), (w.teammate, False), (w.tadmin, False)):
        got = names(u.get(f"/teams/{w.tid}/channels/deleted"))
        assert ("old-secret" in got, "old-lobby" in got) == (sees, True), (u.username, got)
        assert "secret" not in names(u.post(f"/teams/{w.tid}/channels/search", json={"term": "secret"})), u.username
        assert ("secret" in names(u.get(f"/teams/{w.tid}/channels/autocomplete?name=secret"))) == sees, u.username
        assert ("secret" in names(u.get(f"/teams/{w.tid}/channels/search_autocomplete?name=secret"))) == sees, u.username
        assert "secret" not in names(u.get(f"/teams/{w.tid}/channels")), u.username


def test_team_discovery_hides_closed_teams(w):
    """getAllTeams / searchTeams list a closed (invite-only) team only with list_private_teams, even to its members;
    teamExists answers true only to a member or to someone allowed to list it."""
    for u in (w.member, w.stranger):
        assert "closed" not in names(u.get("/teams")), u.username
        assert "closed" not in names(u.post("/teams/search", json={"term": "closed"})), u.username
    assert "closed" in names(w.admin.get("/teams"))
    for u, exists in ((w.member, True), (w.stranger, False), (w.admin, True)):
        r = u.get("/teams/name/closed/exists")
        assert r.status_code == 200 and r.json() == {"exists": exists}, (u.username, r.text)
    assert w.stranger.get("/teams/name/perm/exists").json() == {"exists": True}


def test_write_paths_order_and_permission(w):
    """Body checks before the permission (400 for anyone), then the exact permission of each write per role."""
    bad = (400, "api.context.invalid_body_param.app_error")
    for u in (w.stranger, w.teammate, w.admin):
        for path in (f"/channels/{w.priv}/members/ids", f"/teams/{w.tid}/members/ids"):
            r = u.post(path, json=[])
            assert (r.status_code, r.json()["id"]) == bad, (u.username, path, r.text)
    rows = [
        # (who, method, path, body, status, detailed permission or None)
        ("teammate", "PUT", "/channels/{priv}/patch", {"header": "x"}, 403, "manage_private_channel_properties"),
        ("guest", "PUT", "/channels/{priv}/patch", {"header": "x"}, 403, "manage_private_channel_properties"),
        ("cadmin", "PUT", "/channels/{priv}/patch", {"header": "x"}, 200, None),
        ("stranger", "POST", "/channels/{priv}/members", {"user_id": "{stranger_id}"}, 403, "manage_private_channel_members"),
        ("guest", "POST", "/channels/{priv}/members", {"user_id": "{teammate_id}"}, 403, "manage_private_channel_members"),
        ("member", "PUT", "/channels/{priv}/members/{guest_id}/roles", {"roles": "channel_user"}, 403, "manage_channel_roles"),
        ("guest", "PUT", "/channels/{priv}/members/{member_id}/roles", {"roles": "channel_user channel_admin"}, 403,
         "manage_channel_roles"),
        ("cadmin", "PUT", "/channels/{priv}/members/{member_id}/notify_props", {"desktop": "all"}, 403, "edit_other_users"),
        ("cadmin", "PUT", "/teams/{tid}/members/{member_id}/roles", {"roles": "team_user team_admin"}, 403,
         "manage_team_roles"),
        ("teammate", "PUT", "/channels/{priv}/privacy", {"privacy": "O"}, 403, "convert_private_channel_to_public"),
        ("member", "PUT", "/channels/{pub}/privacy", {"privacy": "P"}, 403, "convert_public_channel_to_private"),
        ("teammate", "DELETE", "/channels/{priv}", None, 403, "delete_private_channel"),
        ("guest", "POST", "/channels/{pub}/members", {"user_id": "{guest_id}"}, 403, "join_public_channels"),
        ("stranger", "POST", "/channels/{pub}/members", {"user_id": "{stranger_id}"}, 403, "join_public_channels"),
        ("guest", "POST", "/channels", {"team_id": "{tid}", "name": "g-open", "display_name": "G", "type": "O"}, 403,
         "create_public_channel"),
        ("guest", "POST", "/channels", {"team_id": "{tid}", "name": "g-priv", "display_name": "G", "type": "P"}, 403,
         "create_private_channel"),
        ("stranger", "POST", "/channels", {"team_id": "{tid}", "name": "s-open", "display_name": "S", "type": "O"}, 403,
         "create_public_channel"),
        ("tadmin", "PUT", "/channels/{priv}/members/{member_id}/roles", {"roles": "channel_user channel_admin"}, 200, None),
    ]
    ids = dict(priv=w.priv, pub=w.pub, tid=w.tid, member_id=w.member.id, guest_id=w.guest.id, teammate_id=w.teammate.id,
               stranger_id=w.stranger.id)
    failures = []
    for who, method, path, body, status, perm in rows:
        b = {k: v.format(**ids) for k, v in body.items()} if body else None
        r = getattr(w, who).req(method, path.format(**ids), json=b)
        got = (r.status_code, r.json().get("id") if r.status_code >= 400 else None,
               r.json().get("detailed_error") if r.status_code >= 400 else None)
        want = (status, PERM if perm else None, perm)
        if got != want:
            failures.append(f"{who} {method} {path}: want {want}, got {got}")
    assert not failures, "\n".join(failures)
