#include "store/invalidate.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "parley/id.h"

/* Reports deferred while this thread is in a transaction: at most PENDING_MAX distinct ones; beyond
 * that the end of the transaction reports "all" (ops.all) instead of the ones that did not fit. */
#define PENDING_MAX 256

typedef enum { KIND_CHANNEL, KIND_TEAM, KIND_MEMBER, KIND_MEMBER_COUNTS } kind_t;

typedef struct pending {
    kind_t kind;
    char id[PL_ID_LEN + 1];
} pending_t;

static store_invalidate_ops_t g_ops;
static _Thread_local bool in_txn;
static _Thread_local pending_t pending[PENDING_MAX];
static _Thread_local size_t npending;
static _Thread_local bool overflowed;

void store_invalidate_set(const store_invalidate_ops_t *ops)
{
    g_ops = *ops;
}

static bool usable(const char *id)
{
    return id != NULL && id[0] != '\0';
}

void store_invalidate_session(const char *session_id)
{
    if (g_ops.session != NULL && usable(session_id))
        g_ops.session(session_id);
}

void store_invalidate_user(const char *user_id)
{
    if (g_ops.user != NULL && usable(user_id))
        g_ops.user(user_id);
}

void store_invalidate_role(const char *role_id)
{
    if (g_ops.role != NULL && usable(role_id))
        g_ops.role(role_id);
}

static void (*hook_of(kind_t kind))(const char *)
{
    switch (kind) {
    case KIND_CHANNEL:
        return g_ops.channel;
    case KIND_TEAM:
        return g_ops.team;
    case KIND_MEMBER:
        return g_ops.member;
    default:
        return g_ops.member_counts;
    }
}

static bool already_pending(kind_t kind, const char *id)
{
    for (size_t i = 0; i < npending; i++)
        if (pending[i].kind == kind && strcmp(pending[i].id, id) == 0)
            return true;
    return false;
}

static void report(kind_t kind, const char *id)
{
    void (*hook)(const char *) = hook_of(kind);
    if (hook == NULL || !usable(id) || strlen(id) > PL_ID_LEN)
        return;
    if (!in_txn) {
        hook(id);
        return;
    }
    if (already_pending(kind, id))
        return;
    if (npending == PENDING_MAX) {
        overflowed = true;
        return;
    }
    pending[npending].kind = kind;
    strcpy(pending[npending].id, id);
    npending++;
}

void store_invalidate_channel(const char *channel_id)
{
    report(KIND_CHANNEL, channel_id);
}

void store_invalidate_team(const char *team_id)
{
    report(KIND_TEAM, team_id);
}

void store_invalidate_member(const char *user_id)
{
    report(KIND_MEMBER, user_id);
}

void store_invalidate_member_counts(const char *user_id)
{
    report(KIND_MEMBER_COUNTS, user_id);
}

void store_invalidate_all(void)
{
    if (g_ops.all == NULL)
        return;
    if (in_txn)
        overflowed = true;
    else
        g_ops.all();
}

static void deliver(void)
{
    size_t n = npending;
    bool all = overflowed;
    npending = 0;
    overflowed = false;
    if (all && g_ops.all != NULL)
        g_ops.all();
    for (size_t i = 0; i < n; i++) {
        void (*hook)(const char *) = hook_of(pending[i].kind);
        if (hook != NULL)
            hook(pending[i].id);
    }
}

void store_invalidate_txn_begin(void)
{
    deliver(); /* a transaction that never ended (its connection died): deliver what it left */
    in_txn = true;
}

void store_invalidate_txn_end(void)
{
    in_txn = false;
    deliver();
}
