"""Team channel lists, search, autocomplete, my channels (ETag / 304), stats and timezones."""

from conftest import assert_error, create_channel
from fixtures import make_channel, new_id


def names(r):
    assert r.status_code == 200, r.text
    return [c["name"] for c in r.json()]


def test_team_lists(world):
    c = world
    for n in ("bravo", "alpha-room", "charlie"):
        create_channel(c.alice, c.tid, n)
    create_channel(c.alice, c.tid, "secret", "P")
    create_channel(c.bob, c.tid, "bob-secret", "P")
    gone = create_channel(c.alice, c.tid, "zz-gone")
    gone_priv = create_channel(c.bob, c.tid, "zz-gone-priv", "P")
    c.alice.delete(f"/channels/{gone['id']}")
    c.bob.delete(f"/channels/{gone_priv['id']}")
    assert names(c.bob.get(f"/teams/{c.tid}/channels")) == ["alpha-room", "bravo", "charlie"]
    assert names(c.bob.get(f"/teams/{c.tid}/channels?page=1&per_page=2")) == ["charlie"]
    assert_error(c.carol.get(f"/teams/{c.tid}/channels"), 403, "api.context.permissions.app_error")
    assert_error(c.bob.get("/teams/bad/channels"), 400, "api.context.invalid_url_param.app_error")
    # archived: public ones, and private ones the caller belongs to (all for admins)
    assert names(c.alice.get(f"/teams/{c.tid}/channels/deleted")) == ["zz-gone"]
    assert names(c.bob.get(f"/teams/{c.tid}/channels/deleted")) == ["zz-gone", "zz-gone-priv"]
    assert names(c.admin.get(f"/teams/{c.tid}/channels/deleted")) == ["zz-gone", "zz-gone-priv"]
    assert_error(c.carol.get(f"/teams/{c.tid}/channels/deleted"), 403, "api.context.permissions.app_error")
    # private: system admins only
    assert names(c.admin.get(f"/teams/{c.tid}/channels/private")) == ["bob-secret", "secret"]
    assert_error(c.alice.get(f"/teams/{c.tid}/channels/private"), 403, "api.context.permissions.app_error")


def test_search_and_autocomplete(world):
    c = world
    create_channel(c.alice, c.tid, "design-team", purpose="pixels and fonts")
    create_channel(c.alice, c.tid, "dev-ops")
    create_channel(c.alice, c.tid, "devs-private", "P")
    create_channel(c.bob, c.tid, "devious", "P")
    r = c.bob.post(f"/teams/{c.tid}/channels/search", json={"term": "de"})
    assert names(r) == ["design-team", "dev-ops"]
    assert names(c.bob.post(f"/teams/{c.tid}/channels/search", json={"term": "pixels"})) == ["design-team"]
    assert names(c.bob.post(f"/teams/{c.tid}/channels/search", json={"term": "DEV"})) == ["dev-ops"]
    assert names(c.bob.post(f"/teams/{c.tid}/channels/search", json={"term": "%"})) == []
    assert_error(c.bob.post(f"/teams/{c.tid}/channels/search", json={"term": 5}), 400, "api.context.invalid_body_param.app_error")
    assert_error(c.carol.post(f"/teams/{c.tid}/channels/search", json={"term": "de"}), 404,
                 "app.team.get_member.missing.app_error")
    # autocomplete: public channels and the caller's private ones
    assert names(c.alice.get(f"/teams/{c.tid}/channels/autocomplete?name=dev")) == ["dev-ops", "devs-private"]
    assert names(c.bob.get(f"/teams/{c.tid}/channels/autocomplete?name=dev")) == ["dev-ops", "devious"]
    assert_error(c.carol.get(f"/teams/{c.tid}/channels/autocomplete?name=dev"), 403, "api.context.permissions.app_error")
    # search_autocomplete: the caller's own channels
    assert names(c.bob.get(f"/teams/{c.tid}/channels/search_autocomplete?name=dev")) == ["devious"]
    assert names(c.alice.get(f"/teams/{c.tid}/channels/search_autocomplete?name=d")) == ["design-team", "dev-ops",
                                                                                         "devs-private"]


def test_my_channels_with_etag(world):
    c = world
    other = c.team("beta", members=[c.alice])
    mine = create_channel(c.alice, c.tid, "mine")
    create_channel(c.bob, c.tid, "not-mine")
    elsewhere = create_channel(c.alice, other, "elsewhere")
    dm = c.alice.post("/channels/direct", json=[c.alice.id, c.bob.id]).json()
    r = c.alice.get(f"/users/me/teams/{c.tid}/channels")
    assert r.status_code == 200
    ids = {ch["id"] for ch in r.json()}
    assert ids == {mine["id"], dm["id"]}
    etag = r.headers["ETag"]
    assert etag.startswith("11.9.0.") and etag.endswith(".0.2")
    again = c.alice.get(f"/users/{c.alice.id}/teams/{c.tid}/channels", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["ETag"] == etag
    c.alice.put(f"/channels/{mine['id']}/patch", json={"header": "changed"})
    changed = c.alice.get(f"/users/me/teams/{c.tid}/channels", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    # archived ones only with include_deleted (or archived after last_delete_at)
    c.alice.delete(f"/channels/{mine['id']}")
    assert {ch["id"] for ch in c.alice.get(f"/users/me/teams/{c.tid}/channels").json()} == {dm["id"]}
    assert mine["id"] in {ch["id"] for ch in c.alice.get(f"/users/me/teams/{c.tid}/channels?include_deleted=true").json()}
    assert mine["id"] in {ch["id"] for ch in c.alice.get(f"/users/me/teams/{c.tid}/channels?last_delete_at=1").json()}
    assert_error(c.alice.get(f"/users/me/teams/{c.tid}/channels?last_delete_at=-1"), 400,
                 "api.context.invalid_url_param.app_error")
    # every team
    all_ids = {ch["id"] for ch in c.alice.get("/users/me/channels").json()}
    assert all_ids == {elsewhere["id"], dm["id"]}
    # permissions
    assert_error(c.bob.get(f"/users/{c.alice.id}/teams/{c.tid}/channels"), 403, "api.context.permissions.app_error")
    assert_error(c.bob.get(f"/users/{c.alice.id}/channels"), 403, "api.context.permissions.app_error")
    assert_error(c.carol.get(f"/users/me/teams/{c.tid}/channels"), 403, "api.context.permissions.app_error")
    assert c.admin.get(f"/users/{c.alice.id}/channels").status_code == 200
    assert_error(c.alice.get("/users/nope/channels"), 400, "api.context.invalid_url_param.app_error")


def test_my_channels_none(world):
    c = world
    assert_error(c.bob.get(f"/users/me/teams/{c.tid}/channels"), 404, "app.channel.get_channels.not_found.app_error")
    r = c.bob.get("/users/me/channels")
    assert r.status_code == 200 and r.json() == []


def test_stats(world):
    c = world
    ch = create_channel(c.alice, c.tid, "counted")
    c.sql("INSERT INTO channel_members (channel_id, user_id, scheme_guest, scheme_user) VALUES (%s, %s, true, false)",
          ch["id"], c.bob.id)
    r = c.alice.get(f"/channels/{ch['id']}/stats")
    assert r.status_code == 200
    assert r.json() == {"channel_id": ch["id"], "member_count": 2, "guest_count": 1, "pinnedpost_count": 0,
                        "files_count": 0}
    assert c.alice.get(f"/channels/{ch['id']}/stats?exclude_files_count=true").json()["files_count"] == -1
    c.sql("UPDATE users SET delete_at = 1 WHERE id = %s", c.bob.id)
    assert c.alice.get(f"/channels/{ch['id']}/stats").json()["member_count"] == 1
    priv = create_channel(c.alice, c.tid, "priv", "P")
    assert_error(c.carol.get(f"/channels/{priv['id']}/stats"), 403, "api.context.permissions.app_error")
    assert_error(c.carol.get(f"/channels/{ch['id']}/stats"), 403, "api.context.permissions.app_error")
    assert_error(c.carol.get(f"/channels/{new_id()}/stats"), 403, "api.context.permissions.app_error")
    assert_error(c.carol.get("/channels/bad/stats"), 400, "api.context.invalid_url_param.app_error")


def test_timezones(world):
    c = world
    ch = make_channel(c.sql, c.tid, "zones", members=[c.alice.id, c.bob.id, c.carol.id])
    c.sql("""UPDATE users SET timezone = '{"useAutomaticTimezone":"true","automaticTimezone":"Europe/Paris","manualTimezone":""}'
             WHERE id = %s""", c.alice.id)
    c.sql("""UPDATE users SET timezone = '{"useAutomaticTimezone":"false","automaticTimezone":"Europe/Paris","manualTimezone":"Asia/Tokyo"}'
             WHERE id = %s""", c.bob.id)
    c.sql("""UPDATE users SET timezone = '{"useAutomaticTimezone":"true","automaticTimezone":"","manualTimezone":""}'
             WHERE id = %s""", c.carol.id)
    r = c.alice.get(f"/channels/{ch}/timezones")
    assert r.status_code == 200
    assert sorted(r.json()) == ["Asia/Tokyo", "Europe/Paris"]
    dave = c.user("dave")
    priv = make_channel(c.sql, c.tid, "zones-priv", ctype="P", members=[c.alice.id])
    assert_error(dave.get(f"/channels/{priv}/timezones"), 403, "api.context.permissions.app_error")


def test_all_channels_for_admins(world):
    c = world
    create_channel(c.alice, c.tid, "one")
    gone = create_channel(c.alice, c.tid, "two", "P")
    c.alice.delete(f"/channels/{gone['id']}")
    c.alice.post("/channels/direct", json=[c.alice.id, c.bob.id])
    r = c.admin.get("/channels")
    assert r.status_code == 200
    assert [(x["name"], x["team_name"]) for x in r.json()] == [("one", "alpha")]
    assert r.json()[0]["team_display_name"] == "Alpha" and r.json()[0]["team_update_at"] > 0
    r = c.admin.get("/channels?include_deleted=true&include_total_count=true&per_page=1")
    assert r.json()["total_count"] == 2 and len(r.json()["channels"]) == 1
    assert_error(c.alice.get("/channels"), 403, "api.context.permissions.app_error")


def test_my_channels_last_delete_at(world):
    c = world
    keep = create_channel(c.alice, c.tid, "keep")
    old = create_channel(c.alice, c.tid, "old")
    new = create_channel(c.alice, c.tid, "new")
    c.alice.delete(f"/channels/{old['id']}")
    c.sql("UPDATE channels SET delete_at = 1000 WHERE id = %s", old["id"])
    c.alice.delete(f"/channels/{new['id']}")
    path = f"/users/me/teams/{c.tid}/channels"
    ids = lambda q: {ch["id"] for ch in c.alice.get(path + q).json()}  # noqa: E731
    assert ids("") == {keep["id"]}
    assert ids("?include_deleted=true") == {keep["id"], old["id"], new["id"]}
    assert ids("?last_delete_at=2000") == {keep["id"], new["id"]}
    assert ids("?include_deleted=true&last_delete_at=2000") == {keep["id"], new["id"]}
    every = lambda q: {ch["id"] for ch in c.alice.get("/users/me/channels" + q).json()}  # noqa: E731
    assert every("?last_delete_at=2000") == {keep["id"], new["id"]}
    assert every("?include_deleted=true&last_delete_at=2000") == {keep["id"], old["id"], new["id"]}
