#ifndef PARLEY_METRICS_H
#define PARLEY_METRICS_H

#include <stddef.h>
#include "parley/buf.h"

/*
 * A Prometheus text-format (0.0.4) registry. Metrics are created at start-up; updating them is
 * thread-safe and cheap (a mutex per metric family; label sets are found by linear/hashed lookup
 * and created on first use, at most PL_METRICS_MAX_SERIES per family, further ones are dropped and
 * counted in parley_metrics_dropped_series_total, which every render ends with).
 * Names must match [a-zA-Z_:][a-zA-Z0-9_:]*, label names [a-zA-Z_][a-zA-Z0-9_]* (histograms may not
 * use "le"); a bad or duplicate name makes *_new return NULL. Families render in creation order,
 * label sets in first-use order; an unlabelled family renders its value (0) from the start.
 * Counters ignore negative increments; NaN updates are ignored.
 */

#define PL_METRICS_MAX_LABELS 4
#define PL_METRICS_MAX_SERIES 1024

typedef struct pl_metrics pl_metrics_t;
typedef struct pl_metric pl_metric_t;
/** Called at render time to refresh gauges that are read, not pushed (pool sizes, queue depth). */
typedef void (*pl_metrics_collect_cb)(pl_metrics_t *reg, void *arg);

pl_metrics_t *pl_metrics_create(void);
void pl_metrics_destroy(pl_metrics_t *reg);

/** label_names: nlabels names (0..PL_METRICS_MAX_LABELS). The registry owns the family. */
pl_metric_t *pl_metrics_counter_new(pl_metrics_t *reg, const char *name, const char *help, size_t nlabels,
                                    const char *const *label_names);
pl_metric_t *pl_metrics_gauge_new(pl_metrics_t *reg, const char *name, const char *help, size_t nlabels,
                                  const char *const *label_names);
/** buckets: upper bounds in ascending order; +Inf is implicit. */
pl_metric_t *pl_metrics_histogram_new(pl_metrics_t *reg, const char *name, const char *help, size_t nlabels,
                                      const char *const *label_names, const double *buckets, size_t nbuckets);

/** label_values: as many values as the family has label names (NULL when it has none). */
void pl_metrics_add(pl_metric_t *m, const char *const *label_values, double v);
void pl_metrics_set(pl_metric_t *m, const char *const *label_values, double v);
void pl_metrics_observe(pl_metric_t *m, const char *const *label_values, double v);

/** Register a collector run at the start of every render. */
void pl_metrics_on_collect(pl_metrics_t *reg, pl_metrics_collect_cb cb, void *arg);
/** Append the whole registry in text format (# HELP, # TYPE, samples) to out. */
int pl_metrics_render(pl_metrics_t *reg, pl_buf_t *out);

#endif
