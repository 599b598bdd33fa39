/* Spool records: {"accepted_at": ms, "job": <mail.job body>} (dead letters add dead_at, reason, rcpt). */
#include "relay/relay.h"
#include "parley/err.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int relay_record_build(int64_t accepted_ms, const char *body, size_t len, pl_buf_t *out)
{
    int rc = pl_buf_appendf(out, "{\"accepted_at\":%lld,\"job\":", (long long)accepted_ms);
    if (rc == PL_OK)
        rc = pl_buf_append(out, body, len);
    if (rc == PL_OK)
        rc = pl_buf_puts(out, "}\n");
    return rc;
}

int relay_record_parse(const char *data, size_t len, int64_t *accepted_ms, pl_mail_job_t *job, char *reason, size_t rn)
{
    memset(job, 0, sizeof(*job));
    json_error_t jerr;
    json_t *root = json_loadb(data, len, 0, &jerr);
    json_t *acc = json_object_get(root, "accepted_at");
    json_t *body = json_object_get(root, "job");
    int rc = PL_EINVAL;
    char *text = NULL;
    if (!json_is_integer(acc) || !json_is_object(body)) {
        snprintf(reason, rn, "spool record: unreadable (%s)", root == NULL ? jerr.text : "fields missing");
        goto Exit;
    }
    *accepted_ms = json_integer_value(acc);
    text = json_dumps(body, JSON_COMPACT);
    if (text != NULL)
        rc = pl_proto_mail_job_decode(text, strlen(text), job, reason, rn);
Exit:
    free(text);
    json_decref(root);
    return rc;
}
