#include "app/change_stamps.h"

#include <stdatomic.h>

static _Atomic uint64_t g_clock = 1;
static _Atomic uint64_t g_floor;
static _Atomic uint64_t g_slots[APP_CHANGE_STAMPS_SLOTS];

uint64_t app_change_stamps_now(void)
{
    return atomic_load(&g_clock);
}

/* FNV-1a over the kind and the id. */
uint32_t app_change_stamps_slot(app_stamp_kind_t kind, const char *id)
{
    uint32_t h = 2166136261u ^ (uint32_t)kind;
    h *= 16777619u;
    for (const unsigned char *p = (const unsigned char *)id; *p; p++) {
        h ^= *p;
        h *= 16777619u;
    }
    return h % APP_CHANGE_STAMPS_SLOTS;
}

/* slot = max(slot, v): two changes racing on one slot keep the newer. */
static void raise_to(_Atomic uint64_t *slot, uint64_t v)
{
    uint64_t cur = atomic_load(slot);
    while (cur < v && !atomic_compare_exchange_weak(slot, &cur, v))
        ;
}

void app_change_stamps_bump(app_stamp_kind_t kind, const char *id)
{
    uint64_t v = atomic_fetch_add(&g_clock, 1) + 1;
    raise_to(&g_slots[app_change_stamps_slot(kind, id)], v);
}

void app_change_stamps_bump_all(void)
{
    raise_to(&g_floor, atomic_fetch_add(&g_clock, 1) + 1);
}

bool app_change_stamps_unchanged(const uint32_t *slots, size_t n, uint64_t built)
{
    if (atomic_load(&g_floor) > built)
        return false;
    for (size_t i = 0; i < n; i++)
        if (atomic_load(&g_slots[slots[i] % APP_CHANGE_STAMPS_SLOTS]) > built)
            return false;
    return true;
}
