#ifndef PARLEY_MAIL_RELAY_RELAY_DEAD_H
#define PARLEY_MAIL_RELAY_RELAY_DEAD_H

#include <stdio.h>

/** --list-dead: one JSON line per dead letter on out. @return process exit code. */
int relay_dead_list(const char *spool_dir, FILE *out);
/** --retry-dead ID|all: move dead letters to retry/, where the relay picks them up. @return exit code. */
int relay_dead_retry(const char *spool_dir, const char *which, FILE *out);

#endif
