#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "ws/hub.h"

/*
 * Process-wide index of resumable (closed, kept) connections: connection_id -> loop. A reconnect
 * lands on whichever loop the kernel picked; when the connection it resumes lives on another loop,
 * the new socket moves there (h2o_socket_export/import) so the state never has to.
 */

typedef struct reg_entry {
    ws_idnode_t node;
    ws_id_t id;
    size_t loop;
} reg_entry_t;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static ws_idmap_t map;

void ws_registry_put(const char *id, size_t loop)
{
    reg_entry_t *e = calloc(1, sizeof(*e));
    if (e == NULL)
        abort();
    memcpy(e->id, id, PL_ID_LEN);
    e->node.key = e->id;
    e->loop = loop;
    pthread_mutex_lock(&lock);
    ws_idnode_t *old = ws_idmap_find(&map, id);
    if (old != NULL) {
        ws_idmap_remove(&map, old);
        free(old);
    }
    ws_idmap_insert(&map, &e->node);
    pthread_mutex_unlock(&lock);
}

void ws_registry_del(const char *id)
{
    pthread_mutex_lock(&lock);
    ws_idnode_t *n = ws_idmap_find(&map, id);
    if (n != NULL)
        ws_idmap_remove(&map, n);
    pthread_mutex_unlock(&lock);
    free(n);
}

long ws_registry_get(const char *id)
{
    pthread_mutex_lock(&lock);
    ws_idnode_t *n = ws_idmap_find(&map, id);
    long loop = n != NULL ? (long)((reg_entry_t *)n)->loop : -1;
    pthread_mutex_unlock(&lock);
    return loop;
}
