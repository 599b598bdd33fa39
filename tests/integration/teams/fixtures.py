"""Direct-SQL fixtures for what other helpers' endpoints own (channels and their members): kept in one
module so they can later be switched to the API."""


def channel_id(t, team_id, name):
    rows = t.sql("SELECT id FROM channels WHERE team_id = %s AND name = %s", team_id, name)
    return rows[0][0] if rows else None


def channel_names(t, team_id):
    return sorted(r[0] for r in t.sql("SELECT name FROM channels WHERE team_id = %s", team_id))


def is_channel_member(t, team_id, name, user_id):
    rows = t.sql("SELECT 1 FROM channel_members cm JOIN channels c ON c.id = cm.channel_id "
                 "WHERE c.team_id = %s AND c.name = %s AND cm.user_id = %s", team_id, name, user_id)
    return bool(rows)


def set_counts(t, team_id, name, total, total_root=None):
    t.sql("UPDATE channels SET total_msg_count = %s, total_msg_count_root = %s WHERE team_id = %s AND name = %s",
          total, total if total_root is None else total_root, team_id, name)


def set_member_counts(t, team_id, name, user_id, msg_count, mention_count, mention_root=0, muted=False):
    cid = channel_id(t, team_id, name)
    t.sql("UPDATE channel_members SET msg_count = %s, msg_count_root = %s, mention_count = %s, mention_count_root = %s, "
          "notify_props = jsonb_set(notify_props, '{mark_unread}', %s) WHERE channel_id = %s AND user_id = %s",
          msg_count, msg_count, mention_count, mention_root, '"mention"' if muted else '"all"', cid, user_id)


def add_channel(t, team_id, name, channel_type="O"):
    """A channel row (no members) in team_id; returns its id."""
    import random
    import string
    cid = "".join(random.choice(string.ascii_lowercase + string.digits) for _ in range(26))
    t.sql("INSERT INTO channels (id, team_id, name, display_name, type) VALUES (%s, %s, %s, %s, %s)",
          cid, team_id, name, name, channel_type)
    return cid


def join_channel(t, channel_id_, user_id):
    t.sql("INSERT INTO channel_members (channel_id, user_id) VALUES (%s, %s) ON CONFLICT DO NOTHING", channel_id_, user_id)
