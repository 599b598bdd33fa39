#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "parley/err.h"
#include "parley/proto_mail.h"

#define PID "pppppppppppppppppppppppppp"
#define CID "cccccccccccccccccccccccccc"
#define UID "uuuuuuuuuuuuuuuuuuuuuuuuuu"

static const char *notif_body =
    "{\"v\":1,\"kind\":\"notification\",\"to\":{\"email\":\"ann@example.com\",\"name\":\"Ann \\u00c9l\"},"
    "\"user_id\":\"" UID "\",\"locale\":\"en\",\"site_name\":\"Parley\",\"site_url\":\"https://chat.example.com\","
    "\"interval_s\":900,\"post\":{\"id\":\"" PID "\",\"channel_id\":\"" CID "\",\"channel_name\":\"Town\","
    "\"channel_type\":\"O\",\"team_name\":\"Team\",\"team_slug\":\"team\",\"sender_name\":\"bob\","
    "\"message\":\"<b>hi</b>\",\"create_at\":1700000000000}}";

static void decode_job(const char *body, int want_rc, const char *want_reason)
{
    pl_mail_job_t job;
    char reason[PL_MAIL_REASON_MAX] = "";
    int rc = pl_proto_mail_job_decode(body, strlen(body), &job, reason, sizeof(reason));
    assert_int_equal(rc, want_rc);
    if (want_reason != NULL)
        assert_non_null(strstr(reason, want_reason));
    pl_proto_mail_job_dispose(&job);
}

static void test_notification_roundtrip(void **state)
{
    (void)state;
    pl_mail_job_t job, again;
    char reason[PL_MAIL_REASON_MAX] = "";
    assert_int_equal(pl_proto_mail_job_decode(notif_body, strlen(notif_body), &job, reason, sizeof(reason)), PL_OK);
    assert_int_equal(job.kind, PL_MAIL_NOTIFICATION);
    assert_string_equal(job.to_name, "Ann \xc3\x89l");
    assert_int_equal(job.interval_s, 900);
    assert_string_equal(job.post.message, "<b>hi</b>");
    assert_string_equal(job.post.root_id, "");
    pl_buf_t out;
    pl_buf_init(&out, 1 << 20);
    assert_int_equal(pl_proto_mail_job_encode(&job, &out), PL_OK);
    assert_int_equal(pl_proto_mail_job_decode(out.data, out.len, &again, reason, sizeof(reason)), PL_OK);
    assert_string_equal(again.post.id, PID);
    assert_int_equal(again.post.create_at, 1700000000000LL);
    assert_string_equal(again.to_email, "ann@example.com");
    pl_proto_mail_job_dispose(&again);
    pl_proto_mail_job_dispose(&job);
    pl_buf_dispose(&out);
}

static void test_account_job(void **state)
{
    (void)state;
    decode_job("{\"v\":1,\"kind\":\"account\",\"to\":{\"email\":\"a@b.c\"},\"subject\":\"Reset\",\"text\":\"x\"}", PL_OK, NULL);
    decode_job("{\"v\":1,\"kind\":\"account\",\"to\":{\"email\":\"a@b.c\"},\"text\":\"x\"}", PL_EINVAL, "subject");
    decode_job("{\"v\":1,\"kind\":\"account\",\"to\":{\"email\":\"a@b.c\"},\"subject\":\"a\\r\\nBcc: x@y\","
               "\"text\":\"x\"}",
               PL_EINVAL, "subject: control");
}

static void test_rejects(void **state)
{
    (void)state;
    decode_job("not json", PL_EINVAL, "invalid JSON");
    decode_job("[1]", PL_EINVAL, "body");
    decode_job("{\"v\":2}", PL_EINVAL, "unsupported_version");
    decode_job("{\"v\":1,\"kind\":\"fax\"}", PL_EINVAL, "kind");
    decode_job("{\"v\":1,\"kind\":\"account\",\"to\":{\"email\":\"no-at\"},\"subject\":\"s\",\"text\":\"x\"}", PL_EINVAL,
               "to.email");
    decode_job("{\"v\":1,\"kind\":\"account\",\"to\":{\"email\":\"a b@c.d\"},\"subject\":\"s\",\"text\":\"x\"}", PL_EINVAL,
               "to.email");
    decode_job("{\"v\":1,\"kind\":\"account\",\"to\":{\"email\":\"a@c.d\",\"name\":\"x\\ny\"},\"subject\":\"s\","
               "\"text\":\"x\"}",
               PL_EINVAL, "to.name");
    decode_job("{\"v\":1,\"kind\":\"notification\",\"to\":{\"email\":\"a@c.d\"},\"user_id\":\"" UID "\","
               "\"interval_s\":-1}",
               PL_EINVAL, "interval_s");
    decode_job("{\"v\":1,\"kind\":\"notification\",\"to\":{\"email\":\"a@c.d\"},\"user_id\":\"" UID "\","
               "\"interval_s\":5}",
               PL_EINVAL, "post");
    decode_job("{\"v\":1,\"kind\":\"notification\",\"to\":{\"email\":\"a@c.d\"},\"interval_s\":5,\"post\":{}}", PL_EINVAL,
               "post.id");
    decode_job("{\"v\":1,\"kind\":\"account\",\"to\":{\"email\":\"a@c.d\"},\"subject\":\"s\",\"text\":\"x\","
               "\"unsubscribe_url\":\"javascript:alert(1)\"}",
               PL_EINVAL, "unsubscribe_url");
    decode_job("{\"v\":1,\"v\":1}", PL_EINVAL, "invalid JSON");
}

static void test_addr(void **state)
{
    (void)state;
    assert_true(pl_proto_mail_addr_valid("a.b+c@example.co.uk"));
    assert_false(pl_proto_mail_addr_valid("a@b@c"));
    assert_false(pl_proto_mail_addr_valid("@b.c"));
    assert_false(pl_proto_mail_addr_valid("a@"));
    assert_false(pl_proto_mail_addr_valid("a@b..c"));
    assert_false(pl_proto_mail_addr_valid("<a@b.c>"));
    assert_false(pl_proto_mail_addr_valid("\xc3\xa9@b.c"));
}

static void test_cancel(void **state)
{
    (void)state;
    const char *body = "{\"v\":1,\"user_id\":\"" UID "\",\"channel_id\":\"" CID "\",\"read_at\":5,\"post_ids\":[\"" PID "\"]}";
    pl_mail_cancel_t c;
    char reason[PL_MAIL_REASON_MAX];
    assert_int_equal(pl_proto_mail_cancel_decode(body, strlen(body), &c, reason, sizeof(reason)), PL_OK);
    assert_int_equal(c.npost_ids, 1);
    assert_int_equal(c.read_at, 5);
    pl_buf_t out;
    pl_buf_init(&out, 4096);
    assert_int_equal(pl_proto_mail_cancel_encode(&c, &out), PL_OK);
    pl_proto_mail_cancel_dispose(&c);
    assert_int_equal(pl_proto_mail_cancel_decode(out.data, out.len, &c, reason, sizeof(reason)), PL_OK);
    assert_string_equal(c.post_ids[0], PID);
    pl_proto_mail_cancel_dispose(&c);
    pl_buf_dispose(&out);
    const char *bad = "{\"v\":1,\"user_id\":\"" UID "\"}";
    assert_int_equal(pl_proto_mail_cancel_decode(bad, strlen(bad), &c, reason, sizeof(reason)), PL_EINVAL);
    const char *bad2 = "{\"v\":1,\"user_id\":\"" UID "\",\"post_ids\":[\"short\"]}";
    assert_int_equal(pl_proto_mail_cancel_decode(bad2, strlen(bad2), &c, reason, sizeof(reason)), PL_EINVAL);
}

static void test_ack(void **state)
{
    (void)state;
    pl_buf_t out;
    pl_buf_init(&out, 4096);
    assert_int_equal(pl_proto_mail_ack_encode(PL_MAIL_ACK_REFUSED, "to.email: invalid address", &out), PL_OK);
    pl_mail_ack_t ack;
    assert_int_equal(pl_proto_mail_ack_decode(out.data, out.len, &ack), PL_OK);
    assert_int_equal(ack.status, PL_MAIL_ACK_REFUSED);
    assert_string_equal(ack.reason, "to.email: invalid address");
    assert_int_equal(pl_proto_mail_ack_decode("{\"v\":1,\"status\":\"x\"}", 22, &ack), PL_EINVAL);
    pl_buf_dispose(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_notification_roundtrip),
        cmocka_unit_test(test_account_job),
        cmocka_unit_test(test_rejects),
        cmocka_unit_test(test_addr),
        cmocka_unit_test(test_cancel),
        cmocka_unit_test(test_ack),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
