// Posts, reactions, pins and threads through the official client: createPost, getPosts / getPostsSince /
// getPostsBefore / getPostsAfter / getPostsUnread, getPostThread, patchPost, deletePost, addReaction /
// removeReaction, pinPost / getPinnedPosts, getFlaggedPosts, getUserThreads / updateThreadReadForUser /
// updateThreadFollowForUser, with posted / post_edited / post_deleted / reaction_* / thread_* over
// WebSocketClient, including who must not receive them.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';

import {expectClientError, newClient, uniqueSuffix} from './lib/parley.mjs';
import {barrier, connect} from './lib/sockets.mjs';
import {makeTeam} from './lib/teams.mjs';

const PASSWORD = 'Passw0rd!long-enough';
const suffix = uniqueSuffix();
const u = {};
let n = 0;

async function person(name, creator) {
    const username = `${name}${suffix}`;
    const user = await (creator || newClient()).createUser({username, email: `${username}@example.com`, password: PASSWORD});
    const client = newClient();
    await client.login(username, PASSWORD);
    return {user, client};
}

const sockets = () => [u.alice.ws, u.bob.ws, u.dave.ws];
const sync = () => barrier(async () => (await person(`b${n++}x`, u.admin.client)).user, sockets());
const named = (event, pred = () => true) => (m) => m.event === event && pred(m);
const ofPost = (id) => (m) => JSON.parse(m.data.post).id === id;

before(async () => {
    u.admin = await person('admin');
    for (const name of ['alice', 'bob', 'dave']) {
        u[name] = await person(name, u.admin.client);
    }
    u.teamId = await makeTeam(u.admin.client, `msgs${suffix}`, [u.alice.user.id, u.bob.user.id, u.dave.user.id]);
    const ch = await u.alice.client.createChannel({team_id: u.teamId, name: `talk${suffix}`, display_name: 'Talk', type: 'O'});
    u.channelId = ch.id;
    await u.alice.client.addToChannel(u.bob.user.id, u.channelId);
    for (const name of ['alice', 'bob', 'dave']) {
        u[name].ws = await connect(u[name].client.getToken());
    }
});

after(() => {
    for (const s of sockets()) {
        s.ws.close();
    }
});

test('createPost answers 201 with the post; posted reaches the channel, not dave', async () => {
    const post = await u.alice.client.createPost({channel_id: u.channelId, message: `hello @bob${suffix}`});
    assert.equal(post.message, `hello @bob${suffix}`);
    assert.deepEqual(post.metadata.reactions, []);
    const ev = await u.bob.ws.waitFor(named('posted', ofPost(post.id)));
    assert.equal(ev.data.channel_name, `talk${suffix}`);
    assert.equal(ev.data.sender_name, `@alice${suffix}`);
    assert.equal(ev.data.mentions, JSON.stringify([u.bob.user.id]));
    const mine = await u.alice.ws.waitFor(named('posted', ofPost(post.id)));
    assert.equal(mine.data.mentions, undefined);
    await sync();
    assert.equal(u.dave.ws.count(named('posted')), 0);
    u.first = post;
});

test('getPosts, getPostsSince, getPostsBefore, getPostsAfter and getPostsUnread', async () => {
    const more = [];
    for (let i = 0; i < 3; i++) {
        more.push(await u.alice.client.createPost({channel_id: u.channelId, message: `m${i}`}));
    }
    const list = await u.bob.client.getPosts(u.channelId, 0, 2);
    assert.deepEqual(list.order, [more[2].id, more[1].id]);
    assert.ok(list.prev_post_id);
    const since = await u.bob.client.getPostsSince(u.channelId, more[0].create_at - 1);
    assert.deepEqual([...since.order].sort(), more.map((p) => p.id).sort());
    const before = await u.bob.client.getPostsBefore(u.channelId, more[1].id, 0, 1);
    assert.deepEqual(before.order, [more[0].id]);
    const afterList = await u.bob.client.getPostsAfter(u.channelId, more[0].id, 0, 5);
    assert.deepEqual(afterList.order, [more[2].id, more[1].id]);
    const unread = await u.bob.client.getPostsUnread(u.channelId, u.bob.user.id, 30, 30);
    assert.ok(unread.order.includes(more[2].id));
    const err = await expectClientError(u.dave.client.getPosts('x'.repeat(26)));
    assert.equal(err.status_code, 404);
});

test('patchPost edits (post_edited to the channel), deletePost removes (post_deleted)', async () => {
    const post = await u.alice.client.createPost({channel_id: u.channelId, message: 'typo'});
    const edited = await u.alice.client.patchPost({id: post.id, message: 'fixed'});
    assert.equal(edited.message, 'fixed');
    assert.ok(edited.edit_at > 0);
    const ev = await u.bob.ws.waitFor(named('post_edited', ofPost(post.id)));
    assert.equal(JSON.parse(ev.data.post).message, 'fixed');
    const err = await expectClientError(u.bob.client.patchPost({id: post.id, message: 'not mine'}));
    assert.equal(err.status_code, 403);
    assert.deepEqual(await u.alice.client.deletePost(post.id), {status: 'OK'});
    await u.bob.ws.waitFor(named('post_deleted', ofPost(post.id)));
    const gone = await expectClientError(u.bob.client.getPost(post.id));
    assert.equal(gone.status_code, 404);
    await sync();
    assert.equal(u.dave.ws.count(named('post_edited')) + u.dave.ws.count(named('post_deleted')), 0);
});

test('addReaction / removeReaction with reaction_added / reaction_removed; metadata.reactions follows', async () => {
    const r = await u.bob.client.addReaction(u.bob.user.id, u.first.id, '+1');
    assert.equal(r.emoji_name, '+1');
    const ev = await u.alice.ws.waitFor(named('reaction_added'));
    assert.equal(JSON.parse(ev.data.reaction).post_id, u.first.id);
    const post = await u.alice.client.getPost(u.first.id);
    assert.equal(post.has_reactions, true);
    assert.deepEqual(post.metadata.reactions.map((x) => x.emoji_name), ['+1']);
    assert.deepEqual((await u.alice.client.getReactionsForPost(u.first.id)).map((x) => x.user_id), [u.bob.user.id]);
    const other = await expectClientError(u.alice.client.addReaction(u.bob.user.id, u.first.id, 'smile'));
    assert.equal(other.server_error_id, 'api.reaction.save_reaction.user_id.app_error');
    await u.bob.client.removeReaction(u.bob.user.id, u.first.id, '+1');
    await u.alice.ws.waitFor(named('reaction_removed'));
    assert.deepEqual((await u.alice.client.getPost(u.first.id)).metadata.reactions, []);
    await sync();
    assert.equal(u.dave.ws.count(named('reaction_added')) + u.dave.ws.count(named('reaction_removed')), 0);
});

test('pinPost / getPinnedPosts and the saved posts', async () => {
    assert.deepEqual(await u.alice.client.pinPost(u.first.id), {status: 'OK'});
    const ev = await u.bob.ws.waitFor(named('post_edited', ofPost(u.first.id)));
    assert.equal(JSON.parse(ev.data.post).is_pinned, true);
    assert.deepEqual((await u.bob.client.getPinnedPosts(u.channelId)).order, [u.first.id]);
    await u.bob.client.savePreferences(u.bob.user.id, [{user_id: u.bob.user.id, category: 'flagged_post', name: u.first.id, value: 'true'}]);
    assert.deepEqual((await u.bob.client.getFlaggedPosts(u.bob.user.id)).order, [u.first.id]);
    await u.alice.client.unpinPost(u.first.id);
    assert.deepEqual((await u.bob.client.getPinnedPosts(u.channelId)).order, []);
});

test('threads: getPostThread, getUserThreads, updateThreadReadForUser, updateThreadFollowForUser', async () => {
    const root = await u.alice.client.createPost({channel_id: u.channelId, message: 'thread root'});
    const reply = await u.bob.client.createPost({channel_id: u.channelId, message: 'a reply', root_id: root.id});
    const thread = await u.alice.client.getPostThread(root.id);
    // getPostThread asks direction=down with perPage: the requested post, then the thread oldest first
    assert.deepEqual(thread.order, [root.id, reply.id]);
    const first = await u.alice.client.getPaginatedPostThread(root.id, {perPage: 1});
    assert.deepEqual([first.order, first.has_next], [[root.id], true]);
    const next = await u.alice.client.getPaginatedPostThread(root.id, {perPage: 1, fromCreateAt: root.create_at, fromPost: root.id});
    assert.deepEqual([next.order, next.has_next], [[root.id, reply.id], false]);
    const up = await u.alice.ws.waitFor(named('thread_updated'));
    assert.equal(JSON.parse(up.data.thread).id, root.id);
    const posted = await u.alice.ws.waitFor(named('posted', ofPost(reply.id)));
    assert.equal(posted.data.followers, JSON.stringify([u.alice.user.id]));
    const mine = await u.alice.client.getUserThreads(u.alice.user.id, u.teamId, {});
    assert.equal(mine.total, 1);
    assert.equal(mine.threads[0].id, root.id);
    assert.equal(mine.threads[0].unread_replies, 1);
    const read = await u.alice.client.updateThreadReadForUser(u.alice.user.id, u.teamId, root.id, Date.now());
    assert.equal(read.unread_replies, 0);
    const rc = await u.alice.ws.waitFor(named('thread_read_changed'));
    assert.equal(rc.data.thread_id, root.id);
    await u.alice.client.updateThreadFollowForUser(u.alice.user.id, u.teamId, root.id, false);
    const fc = await u.alice.ws.waitFor(named('thread_follow_changed'));
    assert.equal(fc.data.state, false);
    assert.equal((await u.alice.client.getUserThreads(u.alice.user.id, u.teamId, {})).total, 0);
    await sync();
    for (const s of [u.dave.ws]) {
        assert.equal(s.count(named('thread_updated')) + s.count(named('thread_read_changed')), 0);
    }
    assert.equal(u.bob.ws.count(named('thread_read_changed')) + u.bob.ws.count(named('thread_follow_changed')), 0);
});
