#include "parley/metrics.h"
#include "parley/err.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { METRIC_COUNTER, METRIC_GAUGE, METRIC_HISTOGRAM } metric_type_t;

typedef struct series {
    uint64_t hash;
    char *values[PL_METRICS_MAX_LABELS];
    double value;     /* counter, gauge */
    double sum;       /* histogram */
    uint64_t count;   /* histogram */
    uint64_t *counts; /* histogram: per bucket, not cumulative; nbuckets + 1 (+Inf) */
} series_t;

struct pl_metric {
    pl_metrics_t *reg;
    metric_type_t type;
    char *name, *help;
    size_t nlabels;
    char *label_names[PL_METRICS_MAX_LABELS];
    double *buckets;
    size_t nbuckets;
    pthread_mutex_t mu;
    series_t *series;
    size_t nseries, series_cap;
    struct pl_metric *next;
};

typedef struct collector {
    pl_metrics_collect_cb cb;
    void *arg;
} collector_t;

struct pl_metrics {
    pthread_mutex_t mu;
    pl_metric_t *head, *tail;
    pl_metric_t *dropped; /* parley_metrics_dropped_series_total, rendered last */
    collector_t *collectors;
    size_t ncollectors;
};

static void metric_free(pl_metric_t *m)
{
    for (size_t i = 0; i < m->nseries; i++) {
        for (size_t j = 0; j < m->nlabels; j++)
            free(m->series[i].values[j]);
        free(m->series[i].counts);
    }
    for (size_t j = 0; j < m->nlabels; j++)
        free(m->label_names[j]);
    free(m->series);
    free(m->buckets);
    free(m->name);
    free(m->help);
    pthread_mutex_destroy(&m->mu);
    free(m);
}

static int name_valid(const char *s, int allow_colon)
{
    if (s == NULL || s[0] == '\0' || (s[0] >= '0' && s[0] <= '9'))
        return 0;
    for (const char *p = s; *p != '\0'; p++) {
        int ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_' ||
                 (allow_colon && *p == ':');
        if (!ok)
            return 0;
    }
    return 1;
}

static int family_exists(pl_metrics_t *reg, const char *name)
{
    for (pl_metric_t *m = reg->head; m != NULL; m = m->next)
        if (strcmp(m->name, name) == 0)
            return 1;
    return reg->dropped != NULL && strcmp(reg->dropped->name, name) == 0;
}

static int labels_valid(metric_type_t type, size_t nlabels, const char *const *names)
{
    if (nlabels > PL_METRICS_MAX_LABELS || (nlabels > 0 && names == NULL))
        return 0;
    for (size_t i = 0; i < nlabels; i++) {
        if (!name_valid(names[i], 0) || strncmp(names[i], "__", 2) == 0)
            return 0;
        if (type == METRIC_HISTOGRAM && strcmp(names[i], "le") == 0)
            return 0;
        for (size_t j = 0; j < i; j++)
            if (strcmp(names[i], names[j]) == 0)
                return 0;
    }
    return 1;
}

static int buckets_valid(const double *buckets, size_t n)
{
    if (n > 0 && buckets == NULL)
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(buckets[i]) || isinf(buckets[i]) || (i > 0 && buckets[i] <= buckets[i - 1]))
            return 0;
    }
    return 1;
}

static pl_metric_t *metric_alloc(metric_type_t type, const char *name, const char *help, size_t nlabels,
                                 const char *const *label_names, const double *buckets, size_t nbuckets)
{
    pl_metric_t *m = calloc(1, sizeof(*m));
    if (m == NULL)
        return NULL;
    pthread_mutex_init(&m->mu, NULL);
    m->type = type;
    m->nlabels = nlabels;
    m->name = strdup(name);
    m->help = strdup(help != NULL ? help : "");
    int ok = m->name != NULL && m->help != NULL;
    for (size_t i = 0; i < nlabels; i++)
        ok = ok && (m->label_names[i] = strdup(label_names[i])) != NULL;
    if (ok && nbuckets > 0) {
        m->buckets = malloc(nbuckets * sizeof(*buckets));
        ok = m->buckets != NULL;
        if (ok)
            memcpy(m->buckets, buckets, nbuckets * sizeof(*buckets));
    }
    m->nbuckets = nbuckets;
    if (!ok) {
        metric_free(m);
        return NULL;
    }
    return m;
}

static series_t *series_find_or_add(pl_metric_t *m, const char *const *values);

static pl_metric_t *family_new(pl_metrics_t *reg, metric_type_t type, const char *name, const char *help, size_t nlabels,
                               const char *const *label_names, const double *buckets, size_t nbuckets)
{
    if (reg == NULL || !name_valid(name, 1) || !labels_valid(type, nlabels, label_names) || !buckets_valid(buckets, nbuckets))
        return NULL;
    pthread_mutex_lock(&reg->mu);
    pl_metric_t *m = family_exists(reg, name) ? NULL : metric_alloc(type, name, help, nlabels, label_names, buckets, nbuckets);
    if (m != NULL) {
        m->reg = reg;
        if (nlabels == 0) /* an unlabelled family shows its zero value from the start */
            series_find_or_add(m, NULL);
        if (reg->tail != NULL)
            reg->tail->next = m;
        else
            reg->head = m;
        reg->tail = m;
    }
    pthread_mutex_unlock(&reg->mu);
    return m;
}

pl_metrics_t *pl_metrics_create(void)
{
    pl_metrics_t *reg = calloc(1, sizeof(*reg));
    if (reg == NULL)
        return NULL;
    pthread_mutex_init(&reg->mu, NULL);
    reg->dropped = metric_alloc(METRIC_COUNTER, "parley_metrics_dropped_series_total",
                                "Label sets dropped because their family reached its series limit.", 0, NULL, NULL, 0);
    if (reg->dropped == NULL) {
        pl_metrics_destroy(reg);
        return NULL;
    }
    reg->dropped->reg = reg;
    series_find_or_add(reg->dropped, NULL);
    return reg;
}

void pl_metrics_destroy(pl_metrics_t *reg)
{
    if (reg == NULL)
        return;
    for (pl_metric_t *m = reg->head, *next; m != NULL; m = next) {
        next = m->next;
        metric_free(m);
    }
    if (reg->dropped != NULL)
        metric_free(reg->dropped);
    free(reg->collectors);
    pthread_mutex_destroy(&reg->mu);
    free(reg);
}

pl_metric_t *pl_metrics_counter_new(pl_metrics_t *reg, const char *name, const char *help, size_t nlabels,
                                    const char *const *label_names)
{
    return family_new(reg, METRIC_COUNTER, name, help, nlabels, label_names, NULL, 0);
}

pl_metric_t *pl_metrics_gauge_new(pl_metrics_t *reg, const char *name, const char *help, size_t nlabels,
                                  const char *const *label_names)
{
    return family_new(reg, METRIC_GAUGE, name, help, nlabels, label_names, NULL, 0);
}

pl_metric_t *pl_metrics_histogram_new(pl_metrics_t *reg, const char *name, const char *help, size_t nlabels,
                                      const char *const *label_names, const double *buckets, size_t nbuckets)
{
    return family_new(reg, METRIC_HISTOGRAM, name, help, nlabels, label_names, buckets, nbuckets);
}

static uint64_t labels_hash(size_t n, const char *const *values)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        for (const unsigned char *p = (const unsigned char *)values[i]; *p != '\0'; p++)
            h = (h ^ *p) * 1099511628211ULL;
        h = (h ^ 0xff) * 1099511628211ULL; /* separator: ("a","b") differs from ("ab","") */
    }
    return h;
}

static int series_matches(const pl_metric_t *m, const series_t *s, uint64_t h, const char *const *values)
{
    if (s->hash != h)
        return 0;
    for (size_t i = 0; i < m->nlabels; i++)
        if (strcmp(s->values[i], values[i]) != 0)
            return 0;
    return 1;
}

static series_t *series_add(pl_metric_t *m, uint64_t h, const char *const *values)
{
    if (m->nseries == m->series_cap) {
        size_t ncap = m->series_cap == 0 ? 4 : m->series_cap * 2;
        series_t *p = realloc(m->series, ncap * sizeof(*p));
        if (p == NULL)
            return NULL;
        m->series = p;
        m->series_cap = ncap;
    }
    series_t *s = &m->series[m->nseries];
    memset(s, 0, sizeof(*s));
    s->hash = h;
    int ok = 1;
    for (size_t i = 0; i < m->nlabels; i++)
        ok = ok && (s->values[i] = strdup(values[i])) != NULL;
    if (ok && m->type == METRIC_HISTOGRAM)
        ok = (s->counts = calloc(m->nbuckets + 1, sizeof(*s->counts))) != NULL;
    if (!ok) {
        for (size_t i = 0; i < m->nlabels; i++)
            free(s->values[i]);
        return NULL;
    }
    m->nseries++;
    return s;
}

/* Called with m->mu held. NULL when the family is full (the drop is counted) or out of memory. */
static series_t *series_find_or_add(pl_metric_t *m, const char *const *values)
{
    const char *vals[PL_METRICS_MAX_LABELS];
    for (size_t i = 0; i < m->nlabels; i++)
        vals[i] = values != NULL && values[i] != NULL ? values[i] : "";
    uint64_t h = labels_hash(m->nlabels, vals);
    for (size_t i = 0; i < m->nseries; i++)
        if (series_matches(m, &m->series[i], h, vals))
            return &m->series[i];
    if (m->nseries >= PL_METRICS_MAX_SERIES) {
        if (m != m->reg->dropped)
            pl_metrics_add(m->reg->dropped, NULL, 1);
        return NULL;
    }
    return series_add(m, h, vals);
}

static void update(pl_metric_t *m, const char *const *label_values, double v, int op)
{
    if (m == NULL || isnan(v))
        return;
    pthread_mutex_lock(&m->mu);
    series_t *s = series_find_or_add(m, label_values);
    if (s != NULL && op == 'a')
        s->value += v;
    else if (s != NULL && op == 's')
        s->value = v;
    else if (s != NULL && op == 'o') {
        size_t b = 0;
        while (b < m->nbuckets && v > m->buckets[b])
            b++;
        s->counts[b]++;
        s->count++;
        s->sum += v;
    }
    pthread_mutex_unlock(&m->mu);
}

void pl_metrics_add(pl_metric_t *m, const char *const *label_values, double v)
{
    if (m != NULL && (m->type == METRIC_GAUGE || (m->type == METRIC_COUNTER && v >= 0)))
        update(m, label_values, v, 'a');
}

void pl_metrics_set(pl_metric_t *m, const char *const *label_values, double v)
{
    if (m != NULL && m->type != METRIC_HISTOGRAM)
        update(m, label_values, v, 's');
}

void pl_metrics_observe(pl_metric_t *m, const char *const *label_values, double v)
{
    if (m != NULL && m->type == METRIC_HISTOGRAM)
        update(m, label_values, v, 'o');
}

void pl_metrics_on_collect(pl_metrics_t *reg, pl_metrics_collect_cb cb, void *arg)
{
    pthread_mutex_lock(&reg->mu);
    collector_t *p = realloc(reg->collectors, (reg->ncollectors + 1) * sizeof(*p));
    if (p != NULL) {
        p[reg->ncollectors++] = (collector_t){cb, arg};
        reg->collectors = p;
    }
    pthread_mutex_unlock(&reg->mu);
}

/* Shortest text that reads back as v; Prometheus spells infinities +Inf/-Inf. */
static void format_value(double v, char *out, size_t n)
{
    if (isnan(v)) {
        snprintf(out, n, "NaN");
        return;
    }
    if (isinf(v)) {
        snprintf(out, n, "%s", v > 0 ? "+Inf" : "-Inf");
        return;
    }
    if (v == floor(v) && fabs(v) < 1e15) {
        snprintf(out, n, "%.0f", v);
        return;
    }
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(out, n, "%.*g", prec, v);
        if (strtod(out, NULL) == v)
            return;
    }
}

/* Append s with \ and newline escaped, and " too when quoted. */
static int append_escaped(pl_buf_t *out, const char *s, int quoted)
{
    int rc = PL_OK;
    for (const char *p = s; *p != '\0' && rc == PL_OK; p++) {
        if (*p == '\\')
            rc = pl_buf_puts(out, "\\\\");
        else if (*p == '\n')
            rc = pl_buf_puts(out, "\\n");
        else if (*p == '"' && quoted)
            rc = pl_buf_puts(out, "\\\"");
        else
            rc = pl_buf_append(out, p, 1);
    }
    return rc;
}

/* name{l1="v1",...[,le="x"]} value\n */
static int render_sample(pl_buf_t *out, const pl_metric_t *m, const series_t *s, const char *suffix, const char *le, double v)
{
    char num[40];
    int rc = pl_buf_puts(out, m->name);
    if (rc == PL_OK)
        rc = pl_buf_puts(out, suffix);
    for (size_t i = 0; i < m->nlabels + (le != NULL) && rc == PL_OK; i++) {
        int is_le = i == m->nlabels;
        rc = pl_buf_appendf(out, "%s%s=\"", i == 0 ? "{" : ",", is_le ? "le" : m->label_names[i]);
        if (rc == PL_OK)
            rc = append_escaped(out, is_le ? le : s->values[i], 1);
        if (rc == PL_OK)
            rc = pl_buf_puts(out, "\"");
    }
    if (rc == PL_OK && m->nlabels + (le != NULL) > 0)
        rc = pl_buf_puts(out, "}");
    format_value(v, num, sizeof(num));
    if (rc == PL_OK)
        rc = pl_buf_appendf(out, " %s\n", num);
    return rc;
}

static int render_histogram(pl_buf_t *out, const pl_metric_t *m, const series_t *s)
{
    char le[40];
    uint64_t cum = 0;
    int rc = PL_OK;
    for (size_t b = 0; b <= m->nbuckets && rc == PL_OK; b++) {
        cum += s->counts[b];
        if (b < m->nbuckets)
            format_value(m->buckets[b], le, sizeof(le));
        else
            snprintf(le, sizeof(le), "+Inf");
        rc = render_sample(out, m, s, "_bucket", le, (double)cum);
    }
    if (rc == PL_OK)
        rc = render_sample(out, m, s, "_sum", NULL, s->sum);
    if (rc == PL_OK)
        rc = render_sample(out, m, s, "_count", NULL, (double)s->count);
    return rc;
}

static int render_family(pl_buf_t *out, pl_metric_t *m)
{
    static const char *const type_names[] = {"counter", "gauge", "histogram"};
    int rc = pl_buf_appendf(out, "# HELP %s ", m->name);
    if (rc == PL_OK)
        rc = append_escaped(out, m->help, 0);
    if (rc == PL_OK)
        rc = pl_buf_appendf(out, "\n# TYPE %s %s\n", m->name, type_names[m->type]);
    pthread_mutex_lock(&m->mu);
    for (size_t i = 0; i < m->nseries && rc == PL_OK; i++) {
        const series_t *s = &m->series[i];
        if (m->type == METRIC_HISTOGRAM)
            rc = render_histogram(out, m, s);
        else
            rc = render_sample(out, m, s, "", NULL, s->value);
    }
    pthread_mutex_unlock(&m->mu);
    return rc;
}

static void run_collectors(pl_metrics_t *reg)
{
    pthread_mutex_lock(&reg->mu);
    size_t n = reg->ncollectors;
    collector_t *copy = n > 0 ? malloc(n * sizeof(*copy)) : NULL;
    if (copy != NULL)
        memcpy(copy, reg->collectors, n * sizeof(*copy));
    pthread_mutex_unlock(&reg->mu);
    for (size_t i = 0; copy != NULL && i < n; i++)
        copy[i].cb(reg, copy[i].arg);
    free(copy);
}

int pl_metrics_render(pl_metrics_t *reg, pl_buf_t *out)
{
    int rc = PL_OK;
    run_collectors(reg);
    pthread_mutex_lock(&reg->mu);
    for (pl_metric_t *m = reg->head; m != NULL && rc == PL_OK; m = m->next)
        rc = render_family(out, m);
    if (rc == PL_OK)
        rc = render_family(out, reg->dropped);
    pthread_mutex_unlock(&reg->mu);
    return rc;
}
