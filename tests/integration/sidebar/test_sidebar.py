"""Sidebar categories (T10): GET/POST/PUT .../channels/categories, order, one category, delete, events."""

import json

from conftest import assert_error
import fixtures as fx


def cats_path(uid, tid):
    return f"/users/{uid}/teams/{tid}/channels/categories"


def world(sb):
    """User a (member of team t: channels Zeta (O), Alpha (P), an archived one; a DM with b; a channel of
    another team u), user b (member of t, no channels)."""
    a, ta = sb.user()
    b, tb = sb.user()
    t = fx.team(sb, "teamone", members=[a["id"], b["id"]])
    u = fx.team(sb, "teamtwo", members=[a["id"]])
    w = {"a": a, "ta": ta, "b": b, "tb": tb, "t": t, "u": u}
    w["zeta"] = fx.channel(sb, t, "zeta", "Zeta", "O", members=[a["id"]])
    w["alpha"] = fx.channel(sb, t, "alpha", "Alpha", "P", members=[a["id"]])
    w["gone"] = fx.channel(sb, t, "gone", "Gone", "O", members=[a["id"]], delete_at=5)
    w["other"] = fx.channel(sb, u, "other", "Other", "O", members=[a["id"]])
    w["bonly"] = fx.channel(sb, t, "bonly", "B Only", "O", members=[b["id"]])
    w["dm"] = fx.dm(sb, a["id"], b["id"])
    return w


def ids(uid, tid):
    return [f"favorites_{uid}_{tid}", f"channels_{uid}_{tid}", f"direct_messages_{uid}_{tid}"]


def get_cats(sb, w, user="a", team=None):
    r = sb.req("GET", cats_path(w[user]["id"], team or w["t"]), w["t" + user])
    assert r.status_code == 200, r.text
    return r.json()


def test_get_creates_the_defaults(sb):
    s = sb()
    w = world(s)
    uid, tid = w["a"]["id"], w["t"]
    assert s.sql("SELECT count(*) FROM sidebar_categories")[0][0] == 0
    body = get_cats(s, w)
    fav, chan, dms = ids(uid, tid)
    assert body == {
        "order": [fav, chan, dms],
        "categories": [
            {"id": fav, "user_id": uid, "team_id": tid, "sort_order": 0, "sorting": "", "type": "favorites",
             "display_name": "Favorites", "muted": False, "collapsed": False, "channel_ids": []},
            {"id": chan, "user_id": uid, "team_id": tid, "sort_order": 10, "sorting": "", "type": "channels",
             "display_name": "Channels", "muted": False, "collapsed": False, "channel_ids": [w["alpha"], w["zeta"]]},
            {"id": dms, "user_id": uid, "team_id": tid, "sort_order": 20, "sorting": "recent", "type": "direct_messages",
             "display_name": "Direct Messages", "muted": False, "collapsed": False, "channel_ids": [w["dm"]]},
        ],
    }
    assert s.sql("SELECT id FROM sidebar_categories WHERE user_id = %s ORDER BY sort_order", uid) == [(i,) for i in ids(uid, tid)]
    assert get_cats(s, w) == body
    # the other team: its own channels, the same DM
    other = get_cats(s, w, team=w["u"])
    assert other["order"] == ids(uid, w["u"])
    assert [c["channel_ids"] for c in other["categories"]] == [[], [w["other"]], [w["dm"]]]


def test_favorites_preferences_seed_the_favorites_category(sb):
    s = sb()
    w = world(s)
    uid = w["a"]["id"]
    s.sql("INSERT INTO preferences (user_id, category, name, value) VALUES (%s, 'favorite_channel', %s, 'true')", uid, w["zeta"])
    body = get_cats(s, w)
    assert [c["channel_ids"] for c in body["categories"]] == [[w["zeta"]], [w["alpha"]], [w["dm"]]]


def test_not_a_member_of_the_team_gets_nothing(sb):
    s = sb()
    w = world(s)
    lone = fx.team(s, "lonely")
    r = s.req("GET", cats_path(w["a"]["id"], lone), w["ta"])
    assert r.status_code == 200
    assert r.json() == {"categories": [], "order": []}
    assert s.sql("SELECT count(*) FROM sidebar_categories WHERE team_id = %s", lone)[0][0] == 0
    r = s.req("POST", cats_path(w["a"]["id"], lone), w["ta"], {"user_id": w["a"]["id"], "team_id": lone, "display_name": "X"})
    assert_error(r, 404, "app.channel.sidebar_categories.app_error")


def test_permissions_and_bad_ids(sb):
    s = sb()
    w = world(s)
    a, t = w["a"]["id"], w["t"]
    get_cats(s, w)
    for method, path in [("GET", cats_path(a, t)), ("GET", cats_path(a, t) + "/order"),
                         ("POST", cats_path(a, t)), ("PUT", cats_path(a, t)), ("PUT", cats_path(a, t) + "/order"),
                         ("GET", cats_path(a, t) + f"/channels_{a}_{t}"), ("PUT", cats_path(a, t) + f"/channels_{a}_{t}"),
                         ("DELETE", cats_path(a, t) + f"/channels_{a}_{t}")]:
        assert_error(s.req(method, path, w["tb"], {}), 403, "api.context.permissions.app_error")
    # the admin (edit_other_users) may
    r = s.req("GET", cats_path(a, t), s.admin_token)
    assert r.status_code == 200 and r.json()["order"] == ids(a, t)
    r = s.req("GET", cats_path(a, t) + f"/channels_{a}_{t}", s.admin_token)
    assert r.status_code == 200 and r.json()["channel_ids"] == [w["alpha"], w["zeta"]]
    assert_error(s.req("GET", cats_path(a, "nope"), w["ta"]), 400, "api.context.invalid_url_param.app_error")
    assert_error(s.req("GET", cats_path(a, t) + "/bad_category", w["ta"]), 400, "api.context.invalid_url_param.app_error")
    # b's category through a's path, a's category through b's team path: not theirs
    s.req("GET", cats_path(w["b"]["id"], t), w["tb"])
    assert_error(s.req("GET", cats_path(a, t) + f"/channels_{w['b']['id']}_{t}", w["ta"]), 403,
                 "api.context.permissions.app_error")
    assert_error(s.req("GET", cats_path(a, w["u"]) + f"/channels_{a}_{t}", w["ta"]), 403, "api.context.permissions.app_error")


def test_create_custom_category(sb):
    s = sb()
    w = world(s)
    a, t = w["a"]["id"], w["t"]
    get_cats(s, w)
    get_cats(s, w, user="b")
    wa, wb = s.connect(w["ta"]), s.connect(w["tb"])
    r = s.req("POST", cats_path(a, t), w["ta"], {"user_id": a, "team_id": t, "display_name": "Work", "sorting": "alpha",
                                                  "channel_ids": [w["zeta"], w["bonly"], w["other"], "junk"]})
    assert r.status_code == 201, r.text
    c = r.json()
    assert c == {"id": c["id"], "user_id": a, "team_id": t, "sort_order": 10, "sorting": "alpha", "type": "custom",
                 "display_name": "Work", "muted": False, "collapsed": False, "channel_ids": [w["zeta"]]}
    assert len(c["id"]) == 26
    e = wa.event("sidebar_category_created")
    assert e["data"] == {"category_id": c["id"]}
    assert e["broadcast"]["user_id"] == a and e["broadcast"]["team_id"] == t
    s.barrier(wa, wb)
    wb.assert_no_event("sidebar_category_created")
    body = get_cats(s, w)
    fav, chan, dms = ids(a, t)
    assert body["order"] == [fav, c["id"], chan, dms]
    assert [(x["sort_order"], x["channel_ids"]) for x in body["categories"]] == [
        (0, []), (10, [w["zeta"]]), (20, [w["alpha"]]), (30, [w["dm"]])]
    # a second one goes after favorites too
    r = s.req("POST", cats_path(a, t), w["ta"], {"user_id": a, "team_id": t, "display_name": "Second"})
    assert r.status_code == 201
    assert get_cats(s, w)["order"] == [fav, r.json()["id"], c["id"], chan, dms]
    # the body must name the path's user and team
    assert_error(s.req("POST", cats_path(a, t), w["ta"], {"user_id": w["b"]["id"], "team_id": t, "display_name": "X"}), 400,
                 "api.context.invalid_body_param.app_error")
    assert_error(s.req("POST", cats_path(a, t), w["ta"], {"user_id": a, "team_id": t, "display_name": 5}), 400,
                 "api.context.invalid_body_param.app_error")


def test_update_moves_channels_and_syncs_favorites(sb):
    s = sb()
    w = world(s)
    a, t = w["a"]["id"], w["t"]
    body = get_cats(s, w)
    get_cats(s, w, user="b")
    wa, wb = s.connect(w["ta"]), s.connect(w["tb"])
    fav, chan, dms = body["categories"]
    fav = dict(fav, channel_ids=[w["zeta"], w["dm"], w["bonly"]], collapsed=True, display_name="Renamed",
               sort_order=99, type="custom")
    chan = dict(chan, channel_ids=[w["alpha"]], sorting="manual")
    r = s.req("PUT", cats_path(a, t), w["ta"], [fav, chan])
    assert r.status_code == 200, r.text
    up = r.json()
    assert up == [
        dict(fav, channel_ids=[w["zeta"], w["dm"]], display_name="Favorites", sort_order=0, type="favorites"),
        dict(chan, channel_ids=[w["alpha"]]),
    ]
    e = wa.event("sidebar_category_updated")
    assert json.loads(e["data"]["updatedCategories"]) == up
    assert e["broadcast"]["user_id"] == a and e["broadcast"]["team_id"] == t
    s.barrier(wa, wb)
    wb.assert_no_event("sidebar_category_updated")
    got = get_cats(s, w)
    assert [(x["collapsed"], x["sorting"], x["channel_ids"]) for x in got["categories"]] == [
        (True, "", [w["zeta"], w["dm"]]), (False, "manual", [w["alpha"]]), (False, "recent", [])]
    assert s.sql("SELECT name FROM preferences WHERE user_id = %s AND category = 'favorite_channel' AND value = 'true' "
                 "ORDER BY name", a) == sorted([(w["zeta"],), (w["dm"],)])
    # moving zeta back out of favorites removes its preference
    fav2, chan2, _ = got["categories"]
    r = s.req("PUT", cats_path(a, t), w["ta"], [dict(fav2, channel_ids=[w["dm"]]), dict(chan2, channel_ids=[w["zeta"], w["alpha"]])])
    assert r.status_code == 200
    assert s.sql("SELECT name FROM preferences WHERE user_id = %s AND category = 'favorite_channel'", a) == [(w["dm"],)]
    assert [x["channel_ids"] for x in get_cats(s, w)["categories"]] == [[w["dm"]], [w["zeta"], w["alpha"]], []]


def test_manual_order_kept_and_new_channels_placed_first(sb):
    s = sb()
    w = world(s)
    a, t = w["a"]["id"], w["t"]
    chan = get_cats(s, w)["categories"][1]
    r = s.req("PUT", cats_path(a, t), w["ta"], [dict(chan, channel_ids=[w["zeta"], w["alpha"]], sorting="manual")])
    assert r.status_code == 200
    assert s.sql("SELECT channel_id, sort_order FROM sidebar_channels WHERE category_id = %s ORDER BY sort_order",
                 chan["id"]) == [(w["zeta"], 0), (w["alpha"], 10)]
    beta = fx.channel(s, t, "beta", "Beta", "O", members=[a])
    gamma = fx.channel(s, t, "gamma", "Gamma", "O", members=[a])
    c, _ = s.user()
    dm2 = fx.dm(s, a, c["id"])
    cats = get_cats(s, w)["categories"]
    assert cats[1]["channel_ids"] == [beta, gamma, w["zeta"], w["alpha"]]
    assert cats[2]["channel_ids"] == sorted([w["dm"], dm2])  # display names equal (""): by id
    # the new DM is in every team's direct messages
    assert w["dm"] in get_cats(s, w, team=w["u"])["categories"][2]["channel_ids"]
    assert dm2 in get_cats(s, w, team=w["u"])["categories"][2]["channel_ids"]


def test_update_checks_every_category(sb):
    s = sb()
    w = world(s)
    a, t = w["a"]["id"], w["t"]
    mine = get_cats(s, w)["categories"][1]
    theirs = get_cats(s, w, user="b")["categories"][1]
    assert_error(s.req("PUT", cats_path(a, t), w["ta"], [mine, theirs]), 400, "api.context.invalid_body_param.app_error")
    assert_error(s.req("PUT", cats_path(a, t), w["ta"], [dict(mine, id="x" * 26)]), 400,
                 "api.context.invalid_body_param.app_error")
    assert_error(s.req("PUT", cats_path(a, t), w["ta"], raw="{}"), 400, "api.context.invalid_body_param.app_error")
    assert_error(s.req("PUT", cats_path(a, t), w["ta"], [dict(mine, muted="yes")]), 400,
                 "api.context.invalid_body_param.app_error")
    # nothing changed
    assert get_cats(s, w)["categories"][1] == mine


def test_muting_a_category_mutes_its_channels(sb):
    s = sb()
    w = world(s)
    a, t = w["a"]["id"], w["t"]
    get_cats(s, w)
    get_cats(s, w, user="b")
    r = s.req("POST", cats_path(a, t), w["ta"], {"user_id": a, "team_id": t, "display_name": "Quiet",
                                                  "channel_ids": [w["zeta"]]})
    quiet = r.json()
    wa, wb = s.connect(w["ta"]), s.connect(w["tb"])
    r = s.req("PUT", cats_path(a, t) + "/" + quiet["id"], w["ta"], dict(quiet, muted=True))
    assert r.status_code == 200, r.text
    assert r.json() == dict(quiet, muted=True)
    assert fx.mark_unread(s, w["zeta"], a) == "mention"
    assert fx.mark_unread(s, w["alpha"], a) == "all"
    e = wa.event("channel_member_updated")
    m = json.loads(e["data"]["channelMember"])
    assert (m["channel_id"], m["user_id"], m["notify_props"]["mark_unread"]) == (w["zeta"], a, "mention")
    assert e["broadcast"]["user_id"] == a
    wa.event("sidebar_category_updated")
    # moving alpha into the muted category mutes it
    cats = get_cats(s, w)["categories"]
    chan = [c for c in cats if c["type"] == "channels"][0]
    r = s.req("PUT", cats_path(a, t), w["ta"], [dict(chan, channel_ids=[]),
                                                 dict(quiet, muted=True, channel_ids=[w["zeta"], w["alpha"]])])
    assert r.status_code == 200, r.text
    assert fx.mark_unread(s, w["alpha"], a) == "mention"
    e = wa.event("channel_member_updated")
    assert json.loads(e["data"]["channelMember"])["channel_id"] == w["alpha"]
    # unmuting unmutes both
    r = s.req("PUT", cats_path(a, t) + "/" + quiet["id"], w["ta"], dict(quiet, muted=False, channel_ids=[w["zeta"], w["alpha"]]))
    assert r.status_code == 200
    assert (fx.mark_unread(s, w["zeta"], a), fx.mark_unread(s, w["alpha"], a)) == ("all", "all")
    s.barrier(wa, wb)
    wb.assert_no_event("channel_member_updated")
    wb.assert_no_event("sidebar_category_updated")
    # the body of PUT .../{id} must name the path's user and team
    assert_error(s.req("PUT", cats_path(a, t) + "/" + quiet["id"], w["ta"], dict(quiet, team_id=w["u"])), 400,
                 "api.context.invalid_body_param.app_error")


def test_direct_messages_category_keeps_no_rows(sb):
    s = sb()
    w = world(s)
    a, t = w["a"]["id"], w["t"]
    dms = get_cats(s, w)["categories"][2]
    r = s.req("PUT", cats_path(a, t), w["ta"], [dict(dms, channel_ids=[], muted=True, sorting="alpha", display_name="X")])
    assert r.status_code == 200
    assert r.json() == [dict(dms, channel_ids=[w["dm"]], sorting="alpha")]
    assert s.sql("SELECT count(*) FROM sidebar_channels WHERE category_id = %s", dms["id"])[0][0] == 0


def test_category_order(sb):
    s = sb()
    w = world(s)
    a, t = w["a"]["id"], w["t"]
    get_cats(s, w)
    get_cats(s, w, user="b")
    fav, chan, dms = ids(a, t)
    r = s.req("GET", cats_path(a, t) + "/order", w["ta"])
    assert r.status_code == 200 and r.json() == [fav, chan, dms]
    wa, wb = s.connect(w["ta"]), s.connect(w["tb"])
    r = s.req("PUT", cats_path(a, t) + "/order", w["ta"], [dms, fav, chan])
    assert r.status_code == 200 and r.json() == [dms, fav, chan]
    e = wa.event("sidebar_category_order_updated")
    assert e["data"] == {"order": [dms, fav, chan]}
    s.barrier(wa, wb)
    wb.assert_no_event("sidebar_category_order_updated")
    body = get_cats(s, w)
    assert body["order"] == [dms, fav, chan]
    assert [c["sort_order"] for c in body["categories"]] == [0, 10, 20]
    # another user's category, an unknown one: 400; a list of the wrong size: Mattermost's 500
    assert_error(s.req("PUT", cats_path(a, t) + "/order", w["ta"], [dms, fav, f"channels_{w['b']['id']}_{t}"]), 400,
                 "api.context.invalid_body_param.app_error")
    assert_error(s.req("PUT", cats_path(a, t) + "/order", w["ta"], [dms, fav]), 500, "app.channel.sidebar_categories.app_error")
    assert_error(s.req("PUT", cats_path(a, t) + "/order", w["ta"], [dms, fav, fav]), 400,
                 "app.channel.sidebar_categories.app_error")
    assert s.req("GET", cats_path(a, t) + "/order", w["ta"]).json() == [dms, fav, chan]


def test_delete_custom_category(sb):
    s = sb()
    w = world(s)
    a, t = w["a"]["id"], w["t"]
    get_cats(s, w)
    get_cats(s, w, user="b")
    c = s.req("POST", cats_path(a, t), w["ta"], {"user_id": a, "team_id": t, "display_name": "Tmp",
                                                  "channel_ids": [w["zeta"], w["dm"]]}).json()
    assert [x["channel_ids"] for x in get_cats(s, w)["categories"]] == [[], [w["zeta"], w["dm"]], [w["alpha"]], []]
    r = s.req("GET", cats_path(a, t) + "/" + c["id"], w["ta"])
    assert r.status_code == 200 and r.json() == c
    wa, wb = s.connect(w["ta"]), s.connect(w["tb"])
    assert_error(s.req("DELETE", cats_path(a, t) + "/" + c["id"], w["tb"]), 403, "api.context.permissions.app_error")
    r = s.req("DELETE", cats_path(a, t) + "/" + c["id"], w["ta"])
    assert r.status_code == 200 and r.json() == {"status": "OK"}
    e = wa.event("sidebar_category_deleted")
    assert e["data"] == {"category_id": c["id"]}
    s.barrier(wa, wb)
    wb.assert_no_event("sidebar_category_deleted")
    body = get_cats(s, w)
    assert body["order"] == ids(a, t)
    assert [x["channel_ids"] for x in body["categories"]] == [[], [w["alpha"], w["zeta"]], [w["dm"]]]
    assert s.sql("SELECT count(*) FROM sidebar_channels WHERE category_id = %s", c["id"])[0][0] == 0
    for default in ids(a, t):
        assert_error(s.req("DELETE", cats_path(a, t) + "/" + default, w["ta"]), 400, "app.channel.sidebar_categories.app_error")
    assert_error(s.req("GET", cats_path(a, t) + "/" + c["id"], s.admin_token), 404, "app.channel.sidebar_categories.app_error")
