#ifndef PARLEY_CORE_WS_STATUS_H
#define PARLEY_CORE_WS_STATUS_H

/*
 * Internal to ws/ (bottom of its inner order: uses hooks.h only): fire-and-forget automatic status
 * changes (online when a user's first connection goes live, offline when the last one goes), run
 * as worker jobs through the set_status hook. Nothing happens when no hook is installed.
 */

#include <stdbool.h>

/** status: WS_STATUS_* (ws/hooks.h). */
void ws_status_job_submit(const char *user_id, int status, bool manual);

#endif
