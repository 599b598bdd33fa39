#include "ws/idmap.h"

#include <stdlib.h>
#include <string.h>
#include "parley/id.h"

static uint32_t hash_id(const char *key)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < PL_ID_LEN; i++)
        h = (h ^ (uint8_t)key[i]) * 16777619u;
    return h;
}

void ws_idmap_init(ws_idmap_t *m)
{
    memset(m, 0, sizeof(*m));
}

void ws_idmap_dispose(ws_idmap_t *m)
{
    free(m->buckets);
    memset(m, 0, sizeof(*m));
}

ws_idnode_t *ws_idmap_find(const ws_idmap_t *m, const char *key)
{
    if (m->buckets == NULL)
        return NULL;
    for (ws_idnode_t *n = m->buckets[hash_id(key) & m->mask]; n != NULL; n = n->next)
        if (memcmp(n->key, key, PL_ID_LEN) == 0)
            return n;
    return NULL;
}

static void grow(ws_idmap_t *m)
{
    uint32_t nb = m->buckets == NULL ? 16 : (m->mask + 1) * 2;
    ws_idnode_t **b = calloc(nb, sizeof(*b));
    if (b == NULL)
        abort();
    for (uint32_t i = 0; m->buckets != NULL && i <= m->mask; i++) {
        ws_idnode_t *n = m->buckets[i];
        while (n != NULL) {
            ws_idnode_t *next = n->next;
            uint32_t j = hash_id(n->key) & (nb - 1);
            n->next = b[j];
            b[j] = n;
            n = next;
        }
    }
    free(m->buckets);
    m->buckets = b;
    m->mask = nb - 1;
}

void ws_idmap_insert(ws_idmap_t *m, ws_idnode_t *node)
{
    if (m->buckets == NULL || m->count > m->mask)
        grow(m);
    uint32_t j = hash_id(node->key) & m->mask;
    node->next = m->buckets[j];
    m->buckets[j] = node;
    m->count++;
}

void ws_idmap_remove(ws_idmap_t *m, ws_idnode_t *node)
{
    if (m->buckets == NULL)
        return;
    for (ws_idnode_t **p = &m->buckets[hash_id(node->key) & m->mask]; *p != NULL; p = &(*p)->next) {
        if (*p == node) {
            *p = node->next;
            node->next = NULL;
            m->count--;
            return;
        }
    }
}

void ws_idmap_each(const ws_idmap_t *m, void (*fn)(ws_idnode_t *node, void *arg), void *arg)
{
    for (uint32_t i = 0; m->buckets != NULL && i <= m->mask; i++)
        for (ws_idnode_t *n = m->buckets[i]; n != NULL; n = n->next)
            fn(n, arg);
}
