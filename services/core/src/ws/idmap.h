#ifndef PARLEY_CORE_WS_IDMAP_H
#define PARLEY_CORE_WS_IDMAP_H

/* An intrusive chained hash map keyed by 26-character ids (one loop thread: no locking). Bottom of ws/'s inner order. */

#include <stddef.h>
#include <stdint.h>

typedef struct ws_idnode {
    struct ws_idnode *next;
    const char *key; /* 26 characters, owned by the containing object */
} ws_idnode_t;

typedef struct ws_idmap {
    ws_idnode_t **buckets;
    uint32_t mask; /* buckets - 1 (power of two), 0 before the first insert */
    uint32_t count;
} ws_idmap_t;

void ws_idmap_init(ws_idmap_t *m);
void ws_idmap_dispose(ws_idmap_t *m);
ws_idnode_t *ws_idmap_find(const ws_idmap_t *m, const char *key);
/** Insert node (its key must not be present). */
void ws_idmap_insert(ws_idmap_t *m, ws_idnode_t *node);
void ws_idmap_remove(ws_idmap_t *m, ws_idnode_t *node);
/** Call fn for every node (fn may not modify the map). */
void ws_idmap_each(const ws_idmap_t *m, void (*fn)(ws_idnode_t *node, void *arg), void *arg);

#endif
