#ifndef PARLEY_CONFIG_H
#define PARLEY_CONFIG_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <jansson.h>
#include "parley/buf.h"

/*
 * Declarative configuration: each service has one table of keys (section, name, type, default,
 * bounds) and one struct the loader fills. A JSON file is read first (Mattermost's layout:
 * {"ServiceSettings": {"ListenAddress": ":8065", ...}, ...}; a key with section "" lives at the top
 * level, as in mattermost-push-proxy.json), then environment overrides
 * <env_prefix>_<SECTION>_<KEY> (upper-cased, e.g. MM_SERVICESETTINGS_LISTENADDRESS; for a
 * top-level key <env_prefix>_<KEY>), then every key is validated. Every bad value is reported at
 * once into the errors buffer (one line per problem, naming "Section.Key"); the caller prints them
 * and exits 2. Keys in the file that the table does not know are reported as warnings (a
 * Mattermost config.json has hundreds we ignore), not errors: one line per unknown section and per
 * unknown key of a known section. The file is an error when missing, unreadable, not JSON (the
 * message gives line and column) or not an object. Values must have the key's JSON type (no
 * conversion from "8065" to 8065). Error lines for an environment override end with
 * "(from env NAME)".
 */

typedef enum {
    PL_CFG_STR,  /* char * (heap, never NULL after a load, freed by pl_config_dispose); max = maximum length (0: 4096) */
    PL_CFG_INT,  /* int64_t; bounds min..max (min == max == 0: unbounded); env: decimal */
    PL_CFG_BOOL, /* bool; JSON true/false; env "true"/"false"/"1"/"0" */
    PL_CFG_ENUM, /* char *, must be one of choices (NULL-terminated list) */
} pl_cfg_type_t;

typedef struct pl_cfg_key {
    const char *section; /* "ServiceSettings", or "" for top level */
    const char *name;    /* "ListenAddress" */
    pl_cfg_type_t type;
    size_t offset;   /* offsetof(<service config struct>, field) */
    const char *def; /* default as text: "8065", "true", ":8065"; NULL for an empty string */
    int64_t min, max;
    const char *const *choices; /* PL_CFG_ENUM only */
    bool secret;                /* redacted by pl_config_print */
} pl_cfg_key_t;

typedef struct pl_cfg_schema {
    const char *env_prefix; /* "MM" for core */
    const pl_cfg_key_t *keys;
    size_t nkeys;
} pl_cfg_schema_t;

/**
 * Load defaults, then path (may be NULL: defaults + env only), then env overrides into out.
 * @param root_out if not NULL, receives the parsed JSON document (caller json_decref()s it; an
 *        empty object when path is NULL) so a service can read structured sections itself.
 * @param errors receives one line per error ("ServiceSettings.ListenAddress: must be ...\n").
 * @param warnings receives one line per unknown key; may be NULL.
 * @return PL_OK, or PL_EINVAL when errors were reported (out is then disposed by the loader and
 *         *root_out is NULL).
 */
int pl_config_load(const pl_cfg_schema_t *schema, const char *path, void *out, json_t **root_out, pl_buf_t *errors,
                   pl_buf_t *warnings);
/** Free the strings the loader put into out. */
void pl_config_dispose(const pl_cfg_schema_t *schema, void *out);
/** Write the effective config as JSON (secrets as "********") into buf, for --print-config. */
int pl_config_print(const pl_cfg_schema_t *schema, const void *cfg, pl_buf_t *buf);

#endif
