#ifndef PARLEY_CORE_WS_FRAME_H
#define PARLEY_CORE_WS_FRAME_H

/*
 * RFC 6455 framing for the server side: parse masked client frames, write unmasked server frame
 * headers. No allocation; the payload is unmasked in place. Bottom of ws/'s inner order.
 */

#include <stddef.h>
#include <stdint.h>

enum {
    WS_OP_CONT = 0x0,
    WS_OP_TEXT = 0x1,
    WS_OP_BINARY = 0x2,
    WS_OP_CLOSE = 0x8,
    WS_OP_PING = 0x9,
    WS_OP_PONG = 0xa,
};

/* Close codes (RFC 6455 7.4.1). */
enum {
    WS_CLOSE_NORMAL = 1000,
    WS_CLOSE_GOING_AWAY = 1001,
    WS_CLOSE_PROTOCOL = 1002,
    WS_CLOSE_UNSUPPORTED = 1003,
    WS_CLOSE_BAD_DATA = 1007,
    WS_CLOSE_POLICY = 1008,
    WS_CLOSE_TOO_BIG = 1009,
};

#define WS_FRAME_HEADER_MAX 10

typedef struct ws_frame {
    uint8_t opcode;
    uint8_t fin;
    size_t header_len; /* bytes before the payload */
    size_t payload_len;
    uint8_t *payload; /* into the parsed buffer, unmasked */
} ws_frame_t;

/* ws_frame_parse results (> 0: bytes consumed). */
enum {
    WS_FRAME_NEED_MORE = 0,
    WS_FRAME_ETOOBIG = -1, /* payload over max_payload (close 1009) */
    WS_FRAME_EPROTO = -2,  /* RSV bits, unmasked client frame, bad control frame, bad opcode (1002) */
};

/**
 * Parse one client frame from p[0..len). Control frames must have payload <= 125 and FIN set.
 * The payload is unmasked in place. @return bytes consumed (header + payload), WS_FRAME_NEED_MORE,
 * WS_FRAME_ETOOBIG (decided from the header alone) or WS_FRAME_EPROTO.
 */
long ws_frame_parse(uint8_t *p, size_t len, size_t max_payload, ws_frame_t *out);

/** Write a server (unmasked, FIN) frame header for opcode and payload_len into out. @return its length. */
size_t ws_frame_header(uint8_t out[WS_FRAME_HEADER_MAX], uint8_t opcode, uint64_t payload_len);

#endif
