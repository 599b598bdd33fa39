#include "ws/frame.h"

#include <string.h>

static int opcode_known(uint8_t op)
{
    return op == WS_OP_CONT || op == WS_OP_TEXT || op == WS_OP_BINARY || op == WS_OP_CLOSE || op == WS_OP_PING || op == WS_OP_PONG;
}

static void unmask(uint8_t *p, size_t n, const uint8_t key[4])
{
    for (size_t i = 0; i < n; i++)
        p[i] ^= key[i & 3];
}

long ws_frame_parse(uint8_t *p, size_t len, size_t max_payload, ws_frame_t *out)
{
    if (len < 2)
        return WS_FRAME_NEED_MORE;
    uint8_t b0 = p[0], b1 = p[1];
    uint8_t op = b0 & 0x0f;
    if ((b0 & 0x70) != 0 || !opcode_known(op) || (b1 & 0x80) == 0)
        return WS_FRAME_EPROTO;
    uint64_t plen = b1 & 0x7f;
    size_t hlen = 2;
    if (op >= WS_OP_CLOSE && (plen > 125 || (b0 & 0x80) == 0))
        return WS_FRAME_EPROTO;
    if (plen == 126) {
        if (len < 4)
            return WS_FRAME_NEED_MORE;
        plen = ((uint64_t)p[2] << 8) | p[3];
        hlen = 4;
    } else if (plen == 127) {
        if (len < 10)
            return WS_FRAME_NEED_MORE;
        plen = 0;
        for (int i = 0; i < 8; i++)
            plen = (plen << 8) | p[2 + i];
        if (plen >> 63)
            return WS_FRAME_EPROTO;
        hlen = 10;
    }
    if (plen > max_payload)
        return WS_FRAME_ETOOBIG;
    if (len < hlen + 4 + plen)
        return WS_FRAME_NEED_MORE;
    uint8_t key[4];
    memcpy(key, p + hlen, 4);
    hlen += 4;
    out->opcode = op;
    out->fin = (b0 & 0x80) != 0;
    out->header_len = hlen;
    out->payload_len = (size_t)plen;
    out->payload = p + hlen;
    unmask(out->payload, out->payload_len, key);
    return (long)(hlen + plen);
}

size_t ws_frame_header(uint8_t out[WS_FRAME_HEADER_MAX], uint8_t opcode, uint64_t payload_len)
{
    out[0] = (uint8_t)(0x80 | (opcode & 0x0f));
    if (payload_len < 126) {
        out[1] = (uint8_t)payload_len;
        return 2;
    }
    if (payload_len < 65536) {
        out[1] = 126;
        out[2] = (uint8_t)(payload_len >> 8);
        out[3] = (uint8_t)payload_len;
        return 4;
    }
    out[1] = 127;
    for (int i = 0; i < 8; i++)
        out[2 + i] = (uint8_t)(payload_len >> (56 - 8 * i));
    return 10;
}
