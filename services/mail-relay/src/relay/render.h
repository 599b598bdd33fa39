#ifndef PARLEY_MAIL_RELAY_RELAY_RENDER_H
#define PARLEY_MAIL_RELAY_RELAY_RENDER_H

#include <stddef.h>
#include <stdint.h>
#include "parley/buf.h"
#include "parley/proto_mail.h"
#include "relay/template.h"

typedef struct relay_render_ctx {
    const relay_templates_t *tpl;
    const char *from_name, *from_email, *reply_to;
} relay_render_ctx_t;

/**
 * Render one mail for jobs[0..n) (all for the same recipient): an account mail (n == 1), a single
 * notification with the per-channel-type subject (batched == 0), or a digest. mail_id names the
 * Message-ID. @return PL_OK or PL_ETOOBIG.
 */
int relay_render_mail(const relay_render_ctx_t *ctx, const pl_mail_job_t *const *jobs, size_t n, int batched, const char *mail_id,
                      int64_t now_ms, pl_buf_t *out);

#endif
