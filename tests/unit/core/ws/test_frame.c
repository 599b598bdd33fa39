#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "ws/frame.h"

/* Build a masked client frame. */
static size_t client_frame(uint8_t *out, uint8_t b0, const char *payload, size_t n)
{
    static const uint8_t key[4] = {0x11, 0x22, 0x33, 0x44};
    size_t h = 0;
    out[h++] = b0;
    if (n < 126) {
        out[h++] = (uint8_t)(0x80 | n);
    } else if (n < 65536) {
        out[h++] = 0x80 | 126;
        out[h++] = (uint8_t)(n >> 8);
        out[h++] = (uint8_t)n;
    } else {
        out[h++] = 0x80 | 127;
        for (int i = 7; i >= 0; i--)
            out[h++] = (uint8_t)((uint64_t)n >> (8 * i));
    }
    memcpy(out + h, key, 4);
    h += 4;
    for (size_t i = 0; i < n; i++)
        out[h + i] = (uint8_t)payload[i] ^ key[i & 3];
    return h + n;
}

static void test_ws_frame__text_roundtrip(void **state)
{
    (void)state;
    uint8_t buf[64];
    size_t n = client_frame(buf, 0x81, "{\"seq\":1}", 9);
    ws_frame_t f;
    assert_int_equal(ws_frame_parse(buf, n, 8192, &f), (long)n);
    assert_int_equal(f.opcode, WS_OP_TEXT);
    assert_true(f.fin);
    assert_int_equal(f.payload_len, 9);
    assert_memory_equal(f.payload, "{\"seq\":1}", 9);
}

static void test_ws_frame__partial_needs_more(void **state)
{
    (void)state;
    uint8_t buf[300];
    char p[200];
    memset(p, 'a', sizeof(p));
    size_t n = client_frame(buf, 0x81, p, sizeof(p));
    ws_frame_t f;
    for (size_t i = 0; i < n; i++)
        assert_int_equal(ws_frame_parse(buf, i, 8192, &f), WS_FRAME_NEED_MORE);
    assert_int_equal(ws_frame_parse(buf, n, 8192, &f), (long)n);
    assert_int_equal(f.payload_len, 200);
}

static void test_ws_frame__cap_decided_from_header(void **state)
{
    (void)state;
    uint8_t hdr[10] = {0x81, 0x80 | 126, 0x20, 0x01}; /* 8193 bytes announced, nothing else sent */
    ws_frame_t f;
    assert_int_equal(ws_frame_parse(hdr, 4, 8192, &f), WS_FRAME_ETOOBIG);
    uint8_t big[10] = {0x81, 0x80 | 127, 0x80, 0, 0, 0, 0, 0, 0, 0}; /* 2^63: malformed */
    assert_int_equal(ws_frame_parse(big, 10, 8192, &f), WS_FRAME_EPROTO);
    static uint8_t ok[8192 + 14];
    static char p[8192];
    memset(p, 'z', sizeof(p));
    size_t n = client_frame(ok, 0x81, p, sizeof(p));
    assert_int_equal(ws_frame_parse(ok, n, 8192, &f), (long)n);
}

static void test_ws_frame__protocol_errors(void **state)
{
    (void)state;
    ws_frame_t f;
    uint8_t unmasked[2] = {0x81, 0x00};
    assert_int_equal(ws_frame_parse(unmasked, 2, 8192, &f), WS_FRAME_EPROTO);
    uint8_t rsv[6] = {0xc1, 0x80, 0, 0, 0, 0};
    assert_int_equal(ws_frame_parse(rsv, 6, 8192, &f), WS_FRAME_EPROTO);
    uint8_t badop[6] = {0x83, 0x80, 0, 0, 0, 0};
    assert_int_equal(ws_frame_parse(badop, 6, 8192, &f), WS_FRAME_EPROTO);
    uint8_t fragping[6] = {0x09, 0x80, 0, 0, 0, 0};
    assert_int_equal(ws_frame_parse(fragping, 6, 8192, &f), WS_FRAME_EPROTO);
    uint8_t bigping[8] = {0x89, 0x80 | 126, 0, 126};
    assert_int_equal(ws_frame_parse(bigping, 8, 8192, &f), WS_FRAME_EPROTO);
}

static void test_ws_frame__server_headers(void **state)
{
    (void)state;
    uint8_t h[WS_FRAME_HEADER_MAX];
    assert_int_equal(ws_frame_header(h, WS_OP_TEXT, 5), 2);
    assert_int_equal(h[0], 0x81);
    assert_int_equal(h[1], 5);
    assert_int_equal(ws_frame_header(h, WS_OP_TEXT, 126), 4);
    assert_int_equal(h[1], 126);
    assert_int_equal((h[2] << 8) | h[3], 126);
    assert_int_equal(ws_frame_header(h, WS_OP_PING, 70000), 10);
    assert_int_equal(h[0], 0x89);
    assert_int_equal(h[1], 127);
    assert_int_equal(((uint32_t)h[7] << 16) | (h[8] << 8) | h[9], 70000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ws_frame__text_roundtrip),          cmocka_unit_test(test_ws_frame__partial_needs_more),
        cmocka_unit_test(test_ws_frame__cap_decided_from_header), cmocka_unit_test(test_ws_frame__protocol_errors),
        cmocka_unit_test(test_ws_frame__server_headers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
