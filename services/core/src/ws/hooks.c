#include "ws/hooks.h"

static ws_hooks_t hooks;
static int hooks_set;

void ws_hooks_set(const ws_hooks_t *h)
{
    hooks = *h;
    hooks_set = 1;
}

const ws_hooks_t *ws_hooks_get(void)
{
    return hooks_set ? &hooks : NULL;
}
