"""`parley-core sampledata`: exact counts, consistency of every table, determinism from the seed,
the refusal on a database with users, --dry-run, and a generated user logging in."""

import hashlib
import os
import pty
import subprocess

import requests

from conftest import PASSWORD, TABLES
from harness import find_binary

SMALL = ["--seed", "7", "--users", "30", "--teams", "3", "--channels-per-team", "6", "--team-memberships", "2",
         "--channel-memberships", "2", "--direct-channels", "10", "--group-channels", "4"]


def test_small_run_has_exact_counts_and_consistent_rows(sampledata):
    run = sampledata()
    p = run(*SMALL)
    reported = run.counts(p.stdout)
    assert reported == run.table_counts()
    # sysadmin is in every team, the 29 others in 2 of the 3
    assert reported["users"] == 30 and reported["teams"] == 3 and reported["team_members"] == 3 + 29 * 2
    assert reported["channels"] == 3 * 6 + 10 + 4
    assert reported["sidebar_categories"] == 3 * reported["team_members"]
    assert run.scalar("SELECT count(*) FROM channels WHERE type = 'D'") == 10
    assert run.scalar("SELECT count(*) FROM channels WHERE type = 'G'") == 4
    assert reported["channel_member_history"] == reported["channel_members"]
    assert "rows/s" in p.stdout and PASSWORD in p.stdout
    assert p.stderr.count("sampledata: ") >= len(TABLES)  # not a terminal: one line per table

    # the indexes and foreign keys dropped for the load are back
    assert {r[0] for r in run.sql("SELECT indexname FROM pg_indexes WHERE tablename IN ('channel_members', "
                                  "'sidebar_channels', 'channel_member_history')")} == {
        "channel_members_pkey", "channel_members_user_id_idx", "channel_member_history_pkey", "sidebar_channels_pkey",
        "sidebar_channels_category_idx", "sidebar_channels_user_idx"}
    assert run.sql("SELECT conrelid::regclass::text, count(*) FROM pg_constraint WHERE contype = 'f' AND conrelid IN "
                   "('channel_members'::regclass, 'sidebar_channels'::regclass) GROUP BY 1 ORDER BY 1") == [
        ("channel_members", 2), ("sidebar_channels", 1)]
    # ids are Mattermost-shaped
    assert run.scalar("SELECT count(*) FROM users WHERE id !~ '^[ybndrfg8ejkmcpqxot1uwisza345h769]{25}[yrecowah]$'") == 0
    # every team has town-square and off-topic, every team member is in both
    assert run.sql("SELECT t.name, count(*) FROM teams t JOIN channels c ON c.team_id = t.id "
                   "WHERE c.name IN ('town-square', 'off-topic') GROUP BY t.name HAVING count(*) <> 2") == []
    assert run.sql("SELECT tm.user_id FROM team_members tm JOIN channels c ON c.team_id = tm.team_id AND "
                   "c.name IN ('town-square', 'off-topic') LEFT JOIN channel_members cm ON cm.channel_id = c.id AND "
                   "cm.user_id = tm.user_id WHERE cm.user_id IS NULL") == []
    # team channel members are members of the team
    assert run.scalar("SELECT count(*) FROM channel_members cm JOIN channels c ON c.id = cm.channel_id "
                      "LEFT JOIN team_members tm ON tm.team_id = c.team_id AND tm.user_id = cm.user_id "
                      "WHERE c.team_id <> '' AND tm.user_id IS NULL") == 0
    # DMs: 2 members, name = the two ids sorted joined by "__"; GMs: 3 to 8 members, display = usernames sorted
    for name, a, b in run.sql("SELECT c.name, min(cm.user_id), max(cm.user_id) FROM channels c JOIN channel_members cm "
                              "ON cm.channel_id = c.id WHERE c.type = 'D' GROUP BY c.id, c.name HAVING count(*) = 2"):
        assert name == f"{a}__{b}"
    assert run.scalar("SELECT count(DISTINCT c.id) FROM channels c JOIN channel_members cm ON cm.channel_id = c.id "
                      "WHERE c.type = 'D' GROUP BY c.type") == 10
    for display, names, n in run.sql("SELECT c.display_name, array_agg(u.username ORDER BY u.username), count(*) "
                                      "FROM channels c JOIN channel_members cm ON cm.channel_id = c.id "
                                      "JOIN users u ON u.id = cm.user_id WHERE c.type = 'G' GROUP BY c.id"):
        assert 3 <= n <= 8 and display == ", ".join(names)
    for name, ids in run.sql("SELECT c.name, array_agg(cm.user_id ORDER BY cm.user_id) FROM channels c "
                             "JOIN channel_members cm ON cm.channel_id = c.id WHERE c.type = 'G' GROUP BY c.id"):
        assert name == hashlib.sha1("".join(ids).encode()).hexdigest()  # GetGroupNameFromUserIds
    # posts (Mattermost's defaults: 100 per team channel with members, 15 per DM, 30 per GM) by members of their
    # channel; the channels' counts follow and every member has read them
    with_members = run.scalar("SELECT count(DISTINCT cm.channel_id) FROM channel_members cm JOIN channels c ON "
                              "c.id = cm.channel_id WHERE c.team_id <> ''")
    assert reported["posts"] == 100 * with_members + 15 * 10 + 30 * 4
    assert run.scalar("SELECT count(*) FROM posts p LEFT JOIN channel_members cm ON cm.channel_id = p.channel_id "
                      "AND cm.user_id = p.user_id WHERE cm.user_id IS NULL OR p.root_id <> '' OR p.message = ''") == 0
    assert run.scalar("SELECT count(*) FROM channels c WHERE total_msg_count <> (SELECT count(*) FROM posts p WHERE "
                      "p.channel_id = c.id) OR total_msg_count_root <> total_msg_count OR last_post_at <> coalesce("
                      "(SELECT max(create_at) FROM posts p WHERE p.channel_id = c.id), 0) OR last_root_post_at <> last_post_at") == 0
    assert run.scalar("SELECT count(*) FROM channel_members m JOIN channels c ON c.id = m.channel_id WHERE "
                      "m.msg_count <> c.total_msg_count OR m.last_viewed_at < c.last_post_at OR m.mention_count <> 0") == 0
    # ... written after every user, team and membership
    assert run.scalar("SELECT min(create_at) FROM posts") > run.scalar(
        "SELECT greatest((SELECT max(create_at) FROM users), (SELECT max(create_at) FROM channels), "
        "(SELECT max(last_update_at) FROM channel_members WHERE msg_count = 0))")

    # sidebar (T10): three default categories per (user, team), Mattermost's ids, orders and sorting
    assert run.sql("SELECT type, sort_order, sorting, display_name, count(*) FROM sidebar_categories "
                   "GROUP BY 1, 2, 3, 4 ORDER BY 2") == [
        ("favorites", 0, "", "Favorites", reported["team_members"]),
        ("channels", 10, "", "Channels", reported["team_members"]),
        ("direct_messages", 20, "recent", "Direct Messages", reported["team_members"])]
    assert run.scalar("SELECT count(*) FROM sidebar_categories WHERE id <> type || '_' || user_id || '_' || team_id") == 0
    assert run.scalar("SELECT count(*) FROM sidebar_categories sc LEFT JOIN team_members tm ON "
                      "tm.team_id = sc.team_id AND tm.user_id = sc.user_id WHERE tm.user_id IS NULL") == 0
    # every O/P membership is in the channels category of its team, every DM/GM in direct_messages of each team
    assert run.scalar("SELECT count(*) FROM channel_members cm JOIN channels c ON c.id = cm.channel_id "
                      "WHERE c.team_id <> '' AND NOT EXISTS (SELECT 1 FROM sidebar_channels s WHERE "
                      "s.channel_id = c.id AND s.user_id = cm.user_id AND "
                      "s.category_id = 'channels_' || cm.user_id || '_' || c.team_id)") == 0
    assert run.scalar("SELECT count(*) FROM channel_members cm JOIN channels c ON c.id = cm.channel_id "
                      "JOIN team_members tm ON tm.user_id = cm.user_id WHERE c.team_id = '' AND NOT EXISTS "
                      "(SELECT 1 FROM sidebar_channels s WHERE s.channel_id = c.id AND s.user_id = cm.user_id AND "
                      "s.category_id = 'direct_messages_' || cm.user_id || '_' || tm.team_id)") == 0
    assert reported["sidebar_channels"] == run.scalar(
        "SELECT (SELECT count(*) FROM channel_members cm JOIN channels c ON c.id = cm.channel_id WHERE c.team_id <> '') + "
        "(SELECT count(*) FROM channel_members cm JOIN channels c ON c.id = cm.channel_id "
        " JOIN team_members tm ON tm.user_id = cm.user_id WHERE c.team_id = '')")
    # the channels category is in display-name order
    for (cat,) in run.sql("SELECT id FROM sidebar_categories WHERE type = 'channels'"):
        names = [r[0] for r in run.sql("SELECT c.display_name FROM sidebar_channels s JOIN channels c ON c.id = s.channel_id "
                                       "WHERE s.category_id = %s ORDER BY s.sort_order", cat)]
        assert names == sorted(names), cat
    # sysadmin is the system admin; usernames and emails are realistic and unique
    assert run.sql("SELECT username, roles FROM users WHERE roles LIKE '%%system_admin%%'") == [
        ("sysadmin", "system_admin system_user")]
    assert run.scalar("SELECT count(*) FROM users WHERE email <> username || '@example.com' OR "
                      "username !~ '^[a-z][a-z.]*[a-z][0-9]*$' OR first_name = '' OR last_name = ''") == 0


def test_without_posts_the_counts_stay_zero(sampledata):
    run = sampledata()
    run(*SMALL, "--posts-per-channel", "0", "--posts-per-direct-channel", "0", "--posts-per-group-channel", "0")
    assert run.scalar("SELECT count(*) FROM posts") == 0
    assert run.scalar("SELECT count(*) FROM channels WHERE total_msg_count <> 0 OR total_msg_count_root <> 0 "
                      "OR last_post_at <> 0") == 0
    assert run.scalar("SELECT count(*) FROM channel_members WHERE msg_count <> 0 OR mention_count <> 0") == 0


def dump_hash(run):
    """sha256 of every table sorted (the password hash is left out: its salt is random)."""
    h = hashlib.sha256()
    for t in TABLES:
        cols = [r[0] for r in run.sql("SELECT column_name FROM information_schema.columns WHERE table_name = %s "
                                      "AND column_name <> 'password' ORDER BY ordinal_position", t)]
        for row in run.sql(f"SELECT {', '.join(cols)} FROM {t} ORDER BY {', '.join(cols[:3])}"):
            h.update(repr(row).encode())
    return h.hexdigest()


def test_same_seed_gives_the_same_rows(sampledata):
    a, b, c = sampledata(), sampledata(), sampledata()
    a(*SMALL)
    b(*SMALL)
    c(*(SMALL[2:] + ["--seed", "8"]))
    assert dump_hash(a) == dump_hash(b)
    assert dump_hash(a) != dump_hash(c)
    assert a.sql("SELECT id, username FROM users ORDER BY id") == b.sql("SELECT id, username FROM users ORDER BY id")


def test_refuses_a_database_with_users_unless_forced(sampledata):
    run = sampledata()
    run(*SMALL)
    before = run.table_counts()
    p = run(*SMALL, check=False)
    assert p.returncode == 1 and "already has 30 users" in p.stderr and "--force" in p.stderr
    assert run.table_counts() == before
    # forced with the same seed: the same ids collide, the one transaction rolls back, nothing changes
    p = run(*SMALL, "--force", check=False)
    assert p.returncode == 1
    assert run.table_counts() == before


def test_force_loads_next_to_existing_users(sampledata):
    run = sampledata()
    run("--seed", "99", "--users", "1", "--teams", "0", "--dms", "0", "--gms", "0")  # migrates; one user (sysadmin)
    run.sql("UPDATE users SET username = 'someone', email = 'someone@example.org'")
    assert run("--users", "5", "--teams", "1", "--dms", "2", "--gms", "1", check=False).returncode == 1
    p = run("--users", "5", "--teams", "1", "--dms", "2", "--gms", "1", "--force")
    assert run.counts(p.stdout)["users"] == 5
    assert run.scalar("SELECT count(*) FROM users") == 6


def test_dry_run_counts_and_writes_nothing(sampledata):
    run, real = sampledata(), sampledata()
    dry = run(*SMALL, "--dry-run")
    assert "dry run" in dry.stdout
    assert run.sql("SELECT to_regclass('users')") == [(None,)]  # not even migrated
    assert run.counts(dry.stdout) == run.counts(real(*SMALL).stdout)


def test_bad_options_exit_2(sampledata):
    run = sampledata()
    for args in (["--users", "x"], ["--channels-per-team", "1"], ["--users", "0"], ["--nope"], ["extra"],
                 ["--users", "2", "--gms", "1"]):
        p = run(*args, check=False)
        assert p.returncode == 2, (args, p.stderr)
        assert "usage" in p.stderr or "parley-core sampledata:" in p.stderr
    assert run.sql("SELECT to_regclass('users')") == [(None,)]
    assert "--channels-per-team" in run("--help").stdout


def test_membership_skew(sampledata):
    """Most users in a few channels, a few channels with most of the team (Zipf), in one 300-member team."""
    run = sampledata()
    run("--seed", "3", "--users", "300", "--teams", "1", "--channels-per-team", "62", "--channel-memberships", "6",
        "--dms", "0", "--gms", "0")
    sizes = [n for (n,) in run.sql("SELECT count(*) FROM channels c JOIN channel_members cm ON cm.channel_id = c.id "
                                   "WHERE c.name NOT IN ('town-square', 'off-topic') GROUP BY c.id ORDER BY 1 DESC")]
    assert sizes[0] >= 0.5 * 300  # the biggest channel holds most of the team
    assert sum(1 for n in sizes if n < 0.2 * 300) >= len(sizes) // 2  # the long tail
    per_user = [n for (n,) in run.sql("SELECT count(*) FROM channel_members GROUP BY user_id")]
    assert sorted(per_user)[len(per_user) // 2] <= 2 + 9  # the median user: the defaults and a handful


def test_generated_user_logs_in_and_sees_their_teams(sampledata, core):
    run = sampledata()
    run(*SMALL)
    svc = core(database=run.database, config={"ParleySettings": {"PasswordHashIterations": 1000}})
    (username, uid), = run.sql("SELECT username, id FROM users WHERE username <> 'sysadmin' ORDER BY username LIMIT 1")
    for name in ("sysadmin", username):
        r = requests.post(svc.url("/api/v4/users/login"), json={"login_id": name, "password": PASSWORD}, timeout=30)
        assert r.status_code == 200, r.text
        assert r.json()["username"] == name
    r = requests.post(svc.url("/api/v4/users/login"), json={"login_id": username, "password": "wrong-1!A"}, timeout=30)
    assert r.status_code == 401
    token = requests.post(svc.url("/api/v4/users/login"), json={"login_id": username, "password": PASSWORD},
                          timeout=30).headers["Token"]
    expected = sorted(r[0] for r in run.sql("SELECT team_id FROM team_members WHERE user_id = %s AND delete_at = 0", uid))
    assert len(expected) == 2
    r = requests.get(svc.url("/api/v4/users/me/teams"), headers={"Authorization": f"Bearer {token}"}, timeout=30)
    if r.status_code != 404:  # GET /users/me/teams is the teams work's endpoint (not on every branch)
        assert r.status_code == 200, r.text
        assert sorted(t["id"] for t in r.json()) == expected


def test_progress_bar_on_a_terminal(sampledata):
    run = sampledata()
    master, slave = pty.openpty()
    p = subprocess.Popen([find_binary("parley-core"), "sampledata", "--config", str(run.config), *SMALL],
                         env={"MM_SQLSETTINGS_DATASOURCE": run.dsn, "PATH": "/usr/bin:/bin"}, stdout=subprocess.DEVNULL,
                         stderr=slave)
    os.close(slave)
    out = b""
    while True:  # read while it runs (a pty holds little); EOF (EIO) once it exited
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    p.wait(timeout=60)
    assert p.returncode == 0
    text = out.decode()
    assert "\r  channel_members" in text and "[" + "#" * 30 + "] 100%" in text
    assert "sampledata: users:" not in text  # the plain lines are for non-terminals
