"""Rows the channels suite needs from other helpers' endpoints (teams, team members), written with SQL.

Kept in this one module so that they can be switched to the API (POST /teams, POST /teams/{id}/members)
once those endpoints are on the branch.
"""

import time
import uuid


def new_id():
    return uuid.uuid4().hex[:26]


def now_ms():
    return int(time.time() * 1000)


def make_team(sql, name, members=(), admins=()):
    """A team (open) with the given member ids (admins get scheme_admin). Returns the team id."""
    tid = new_id()
    sql("INSERT INTO teams (id, create_at, update_at, display_name, name, type, allow_open_invite, invite_id) "
        "VALUES (%s, %s, %s, %s, %s, 'O', true, %s)", tid, now_ms(), now_ms(), name.title(), name, new_id())
    for uid in members:
        add_team_member(sql, tid, uid, admin=uid in admins)
    return tid


def add_team_member(sql, tid, uid, admin=False):
    sql("INSERT INTO team_members (team_id, user_id, scheme_user, scheme_admin, create_at) VALUES (%s, %s, true, %s, %s)",
        tid, uid, admin, now_ms())


def make_channel(sql, tid, name, ctype="O", members=(), delete_at=0):
    """A channel row (and member rows) as the teams work's default channels would be. Returns its id."""
    cid = new_id()
    sql("INSERT INTO channels (id, create_at, update_at, delete_at, team_id, type, display_name, name) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s)", cid, now_ms(), now_ms(), delete_at, tid, ctype,
        name.replace("-", " ").title(), name)
    for uid in members:
        sql("INSERT INTO channel_members (channel_id, user_id) VALUES (%s, %s)", cid, uid)
    return cid
