"""GET /users/{id}/teams/unread and /users/{id}/teams/{team_id}/unread: sums over the user's channel members
(counts set with direct SQL: posts do not exist yet)."""

import fixtures
from conftest import assert_error

PERM = "api.context.permissions.app_error"


def unread(team_id, msg, mention, mention_root, msg_root):
    return {"team_id": team_id, "msg_count": msg, "mention_count": mention, "mention_count_root": mention_root,
            "msg_count_root": msg_root, "thread_count": 0, "thread_mention_count": 0, "thread_urgent_mention_count": 0}


def test_team_unreads(teams):
    t = teams()
    a, b = t.user(), t.user()
    t1, t2 = t.team(a, name="unread-one"), t.team(a, name="unread-two")
    fixtures.set_counts(t, t1["id"], "town-square", 10)
    fixtures.set_member_counts(t, t1["id"], "town-square", a.id, msg_count=4, mention_count=2, mention_root=1)
    # a muted channel counts its mentions, not its messages
    fixtures.set_counts(t, t1["id"], "off-topic", 7)
    fixtures.set_member_counts(t, t1["id"], "off-topic", a.id, msg_count=0, mention_count=3, muted=True)
    fixtures.set_counts(t, t2["id"], "town-square", 5)
    # an archived channel does not count
    gone = fixtures.add_channel(t, t2["id"], "archived-one")
    fixtures.join_channel(t, gone, a.id)
    t.sql("UPDATE channels SET total_msg_count = 50, delete_at = 1 WHERE id = %s", gone)
    got = sorted(a.get("/users/me/teams/unread").json(), key=lambda u: u["team_id"])
    want = sorted([unread(t1["id"], 6, 5, 1, 6), unread(t2["id"], 5, 0, 0, 5)], key=lambda u: u["team_id"])
    assert got == want
    assert a.get(f"/users/me/teams/unread?exclude_team={t1['id']}").json() == [unread(t2["id"], 5, 0, 0, 5)]
    assert a.get("/users/me/teams/unread?include_collapsed_threads=true").status_code == 200
    assert a.get(f"/users/me/teams/{t1['id']}/unread").json() == unread(t1["id"], 6, 5, 1, 6)
    assert_error(b.get(f"/users/{a.id}/teams/unread"), 403, PERM)
    assert t.admin.get(f"/users/{a.id}/teams/unread").status_code == 200
    assert_error(b.get(f"/users/{a.id}/teams/{t1['id']}/unread"), 403, PERM)
    assert_error(b.get(f"/users/me/teams/{t1['id']}/unread"), 403, PERM)
    assert_error(a.get("/users/me/teams/notanid/unread"), 400, "api.context.invalid_url_param.app_error")


def test_team_unread_without_channels_is_zero(teams):
    t = teams()
    a = t.user()
    team = t.team(a)
    t.sql("DELETE FROM channel_members WHERE user_id = %s", a.id)
    assert a.get(f"/users/me/teams/{team['id']}/unread").json() == unread(team["id"], 0, 0, 0, 0)
    assert a.get("/users/me/teams/unread").json() == []
