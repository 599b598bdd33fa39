#ifndef PARLEY_PROTO_MAIL_H
#define PARLEY_PROTO_MAIL_H

#include <stddef.h>
#include <stdint.h>
#include "parley/buf.h"

/*
 * Bodies of the core -> parley-mail-relay messages (proto/zmq/mail_*.v1.schema.json):
 *   mail.job    a notification for one recipient (batched over interval_s) or an account mail
 *   mail.cancel the recipient has read some messages: drop them from the pending batch
 *   mail.ack    the relay's answer, carrying the job's message id in the envelope
 * Decoders validate completely: a decoded value is safe to put in mail headers (no CR/LF, ASCII
 * addresses, bounded lengths). On failure they write a short reason ("to.email: invalid address").
 */

#define PL_MAIL_MAX_ADDR 254
#define PL_MAIL_MAX_NAME 256
#define PL_MAIL_MAX_URL 2048
#define PL_MAIL_MAX_SHORT 512           /* channel, team, site, sender names, locale */
#define PL_MAIL_MAX_MESSAGE (64 * 1024) /* post message */
#define PL_MAIL_MAX_SUBJECT 900
#define PL_MAIL_MAX_PART (192 * 1024) /* account mail text / html */
#define PL_MAIL_MAX_INTERVAL 86400
#define PL_MAIL_MAX_CANCEL_IDS 1000
#define PL_MAIL_REASON_MAX 160

typedef enum { PL_MAIL_NOTIFICATION = 1, PL_MAIL_ACCOUNT = 2 } pl_mail_kind_t;

/** The post a notification is about (kind "notification"). */
typedef struct pl_mail_post {
    char *id;           /* 26-char post id */
    char *root_id;      /* "" when not a reply */
    char *channel_id;   /* 26-char id */
    char *channel_name; /* display name */
    char *channel_type; /* "O" | "P" | "D" | "G" */
    char *team_name;    /* display name ("" for DM/GM) */
    char *team_slug;    /* URL name, for the permalink */
    char *sender_name;  /* display name of the sender */
    char *message;      /* plain text (already stripped of markdown by the core) */
    int64_t create_at;  /* ms since epoch */
} pl_mail_post_t;

typedef struct pl_mail_job {
    pl_mail_kind_t kind;
    char *to_email;        /* ASCII addr-spec */
    char *to_name;         /* display name, may be "" */
    char *user_id;         /* recipient user id (the batching key); "" allowed for account mail */
    char *locale;          /* "en", "de", ...; "" means en */
    char *site_name;       /* TeamSettings.SiteName */
    char *site_url;        /* ServiceSettings.SiteURL, "" allowed */
    char *unsubscribe_url; /* List-Unsubscribe target; "" allowed */
    int64_t interval_s;    /* notification: 0 = send now, else batching window in seconds */
    int64_t created_at;    /* ms since epoch, set by the sender */
    pl_mail_post_t post;   /* notification only */
    char *subject;         /* account only */
    char *text;            /* account only: text/plain body */
    char *html;            /* account only: text/html body (trusted, rendered by the core); "" for none */
} pl_mail_job_t;

typedef struct pl_mail_cancel {
    char *user_id;    /* whose batch */
    char *channel_id; /* "" = any channel */
    int64_t read_at;  /* drop pending posts with create_at <= read_at (0: only by post_ids) */
    char **post_ids;  /* explicit posts to drop */
    size_t npost_ids;
} pl_mail_cancel_t;

typedef enum { PL_MAIL_ACK_ACCEPTED = 1, PL_MAIL_ACK_DUPLICATE, PL_MAIL_ACK_REFUSED } pl_mail_ack_status_t;

typedef struct pl_mail_ack {
    pl_mail_ack_status_t status;
    char reason[PL_MAIL_REASON_MAX]; /* refused: why; "" otherwise */
} pl_mail_ack_t;

/** Parse and validate a mail.job body. @return PL_OK or PL_EINVAL (reason filled, job left disposed). */
int pl_proto_mail_job_decode(const char *body, size_t len, pl_mail_job_t *job, char *reason, size_t reason_len);
/** Validate a filled job (decode calls it). @return PL_OK or PL_EINVAL with reason. */
int pl_proto_mail_job_validate(const pl_mail_job_t *job, char *reason, size_t reason_len);
/** Append the JSON body of job to out. @return PL_OK or PL_ETOOBIG / PL_EINVAL. */
int pl_proto_mail_job_encode(const pl_mail_job_t *job, pl_buf_t *out);
void pl_proto_mail_job_dispose(pl_mail_job_t *job);

int pl_proto_mail_cancel_decode(const char *body, size_t len, pl_mail_cancel_t *c, char *reason, size_t reason_len);
int pl_proto_mail_cancel_encode(const pl_mail_cancel_t *c, pl_buf_t *out);
void pl_proto_mail_cancel_dispose(pl_mail_cancel_t *c);

int pl_proto_mail_ack_decode(const char *body, size_t len, pl_mail_ack_t *ack);
int pl_proto_mail_ack_encode(pl_mail_ack_status_t status, const char *reason, pl_buf_t *out);
/** "accepted" | "duplicate" | "refused" */
const char *pl_proto_mail_ack_status_name(pl_mail_ack_status_t status);

/** @return 1 when s is an ASCII addr-spec we can put on an SMTP envelope (local@domain, no spaces). */
int pl_proto_mail_addr_valid(const char *s);

#endif
