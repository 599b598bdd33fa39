"""Teams and channels for the members suite, written with direct SQL (the team and channel endpoints
belong to other branches). Keep every fixture here so they can later be switched to the API."""

import uuid

ALPHABET = "ybndrfg8ejkmcpqxot1uwisza345h769"


def new_id():
    n = uuid.uuid4().int
    return "".join(ALPHABET[(n >> (5 * i)) & 31] for i in range(26))


class Fixtures:
    def __init__(self, pg, database):
        self.pg = pg
        self.database = database

    def sql(self, query, *args):
        conn = self.pg.connect(self.database)
        try:
            with conn.cursor() as cur:
                cur.execute(query, args)
                rows = cur.fetchall() if cur.description else None
            conn.commit()
            return rows
        finally:
            conn.close()

    def team(self, name=None, members=(), admins=()):
        tid = new_id()
        name = name or "t" + tid[:10]
        self.sql("INSERT INTO teams (id, name, display_name, type, create_at, update_at) VALUES (%s, %s, %s, 'O', 1, 7)",
                 tid, name, name.upper())
        for uid in members:
            self.team_member(tid, uid)
        for uid in admins:
            self.team_member(tid, uid, admin=True)
        return tid

    def team_member(self, team_id, user_id, admin=False, delete_at=0):
        self.sql("INSERT INTO team_members (team_id, user_id, scheme_admin, delete_at, create_at) VALUES (%s, %s, %s, %s, 1) "
                 "ON CONFLICT (team_id, user_id) DO UPDATE SET delete_at = EXCLUDED.delete_at", team_id, user_id, admin,
                 delete_at)

    def channel(self, team_id, type="O", name=None, members=(), deleted=False, total=0, total_root=0):
        cid = new_id()
        name = name or "c" + cid[:10]
        self.sql("INSERT INTO channels (id, team_id, type, name, display_name, create_at, update_at, delete_at, "
                 "total_msg_count, total_msg_count_root) VALUES (%s, %s, %s, %s, %s, 1, 1, %s, %s, %s)",
                 cid, team_id, type, name, name.upper(), 5 if deleted else 0, total, total_root)
        for uid in members:
            self.channel_member(cid, uid)
        return cid

    def dm(self, a, b):
        return self.channel("", type="D", name="__".join(sorted([a, b])), members=(a, b))

    def channel_member(self, channel_id, user_id, admin=False, msg_count=0):
        self.sql("INSERT INTO channel_members (channel_id, user_id, scheme_admin, msg_count) VALUES (%s, %s, %s, %s)",
                 channel_id, user_id, admin, msg_count)

    def member_row(self, channel_id, user_id):
        rows = self.sql("SELECT msg_count, msg_count_root, mention_count, last_viewed_at, notify_props FROM channel_members "
                        "WHERE channel_id = %s AND user_id = %s", channel_id, user_id)
        return rows[0] if rows else None

    def system_events(self, channel_id):
        return self.sql("SELECT type, user_id, message, props FROM posts WHERE channel_id = %s "
                        "ORDER BY create_at, id", channel_id)


def assert_error(r, status, error_id):
    assert r.status_code == status, (r.status_code, r.text)
    body = r.json()
    assert body["id"] == error_id, body
    assert body["status_code"] == status
    return body
