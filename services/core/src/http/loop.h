#ifndef PARLEY_CORE_HTTP_LOOP_H
#define PARLEY_CORE_HTTP_LOOP_H

#include <stddef.h>
#include <h2o.h>

/*
 * Event-loop threads. Each loop thread owns an h2o_evloop_t, an h2o_context_t, its own
 * SO_REUSEPORT listener and an h2o_multithread queue. Nothing on a loop thread may block.
 *
 * Extensions (e.g. the WebSocket hub shard) keep per-loop state through hooks registered BEFORE
 * http_server_start (see server.h):
 *   static int hub_hook;
 *   hub_hook = http_loop_hook_add(hub_on_loop_init, hub_on_loop_stop, NULL);
 *   ...on a loop thread: ws_hub_t *hub = http_loop_hook_data(http_loop_current(), hub_hook);
 * init runs on each loop thread after its h2o context exists and before it accepts connections;
 * its return value is that loop's data. stop runs on each loop thread when shutdown starts (the
 * listener is already closed): close long-lived connections there so the loop can drain. Then,
 * after the loop has stopped, dispose runs on the same thread (free the data, unregister receivers).
 * To reach every loop from another thread (fan-out), iterate http_loop_count()/http_loop_at(i)
 * and h2o_multithread_send_message() to a receiver you registered on http_loop_queue(loop) in init.
 */

typedef struct http_loop http_loop_t;

typedef void *(*http_loop_init_fn)(http_loop_t *loop, void *arg);
typedef void (*http_loop_stop_fn)(http_loop_t *loop, void *data, void *arg);

#define HTTP_LOOP_MAX_HOOKS 16

/**
 * Register a per-loop hook (before http_server_start; not thread-safe). init/stop/dispose may be NULL.
 * @return the hook id (>= 0) for http_loop_hook_data, or PL_ETOOBIG when HTTP_LOOP_MAX_HOOKS are used.
 */
int http_loop_hook_add(http_loop_init_fn init, http_loop_stop_fn stop, http_loop_stop_fn dispose, void *arg);
/** @return what the hook's init returned on this loop. */
void *http_loop_hook_data(http_loop_t *loop, int hook_id);

/** @return the loop of the calling thread, or NULL when called from a non-loop thread. */
http_loop_t *http_loop_current(void);
/** @return the number of loop threads (valid after http_server_start). */
size_t http_loop_count(void);
/** @return loop i (0 <= i < http_loop_count()). */
http_loop_t *http_loop_at(size_t i);
/** @return the loop's index (0-based). */
size_t http_loop_index(const http_loop_t *loop);
h2o_context_t *http_loop_context(http_loop_t *loop);
h2o_evloop_t *http_loop_evloop(http_loop_t *loop);
/** @return the loop's multithread queue: register your own receivers on it in your init hook. */
h2o_multithread_queue_t *http_loop_queue(http_loop_t *loop);
/** @return non-zero once shutdown has started (on any thread). */
int http_loop_stopping(void);

#endif
