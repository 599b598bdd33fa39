"""Team, channel and membership rows written with SQL: they are the teams / channels / members helpers'
endpoints; switch these to the API once those exist."""

import uuid


def new_id():
    return uuid.uuid4().hex[:26]


def team(sb, name, members=()):
    tid = new_id()
    sb.sql("INSERT INTO teams (id, name, display_name, type) VALUES (%s, %s, %s, 'O')", tid, name, name.title())
    for uid in members:
        join_team(sb, tid, uid)
    return tid


def join_team(sb, team_id, user_id):
    sb.sql("INSERT INTO team_members (team_id, user_id) VALUES (%s, %s)", team_id, user_id)


def channel(sb, team_id, name, display_name, type_="O", members=(), delete_at=0):
    cid = new_id()
    sb.sql("INSERT INTO channels (id, team_id, name, display_name, type, delete_at) VALUES (%s, %s, %s, %s, %s, %s)",
           cid, team_id, name, display_name, type_, delete_at)
    for uid in members:
        join_channel(sb, cid, uid)
    return cid


def dm(sb, a, b):
    name = "__".join(sorted([a, b]))
    return channel(sb, "", name, "", "D", members=sorted({a, b}))


def join_channel(sb, channel_id, user_id):
    sb.sql("INSERT INTO channel_members (channel_id, user_id) VALUES (%s, %s)", channel_id, user_id)


def mark_unread(sb, channel_id, user_id):
    rows = sb.sql("SELECT notify_props->>'mark_unread' FROM channel_members WHERE channel_id = %s AND user_id = %s",
                  channel_id, user_id)
    return rows[0][0]
