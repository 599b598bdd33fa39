#ifndef PARLEY_LOG_WRITER_H
#define PARLEY_LOG_WRITER_H

#include <stddef.h>

/*
 * The log writer: one thread writes the lines pl_log_emit formats, so a thread that logs (an event
 * loop) never waits for the log's fd. Lines go through a bounded queue of PL_LOG_WRITER_LINES
 * entries; when it is full the line is dropped and counted (pl_log_writer_dropped), the caller
 * never blocks on it. The thread starts on the first line (all signals blocked in it); the queue
 * is flushed at exit (atexit) and by pl_log_writer_flush. If the thread cannot start, lines are
 * written by the caller, as before.
 */

#define PL_LOG_WRITER_LINES 4096

/** Queue a copy of one complete line for fd (never blocks on the fd; drops when full). */
void pl_log_writer_push(int fd, const char *line, size_t len);
/** Wait until every line queued before this call has been written. */
void pl_log_writer_flush(void);
/** @return lines dropped so far because the queue was full. */
unsigned long pl_log_writer_dropped(void);
/** @return lines waiting in the queue (not yet taken by the writer thread). */
size_t pl_log_writer_depth(void);

#endif
