#ifndef PARLEY_PUSH_PROXY_RESOLVE_H
#define PARLEY_PUSH_PROXY_RESOLVE_H

struct addrinfo;

/*
 * Name resolution off the event loop: getaddrinfo runs on a short-lived thread of its own; the
 * loop polls the returned fd (readable when the answer is in) and then takes the addresses.
 * The caller may give up at any time (push_resolve_release): the thread finishes on its own and
 * the last of the two frees the request.
 */

typedef struct push_resolve push_resolve_t;

/**
 * Start resolving host:port (TCP, any family). *fd_out becomes readable when done.
 * @return the request, or NULL when no thread could be started.
 */
push_resolve_t *push_resolve_start(const char *host, int port, int *fd_out);
/**
 * After the fd is readable: move the addresses (in getaddrinfo's order) to *out (caller frees them
 * with freeaddrinfo). @return 0, or getaddrinfo's error code (*out NULL).
 */
int push_resolve_take(push_resolve_t *r, struct addrinfo **out);
/** Give up the request and close its fd (the thread may still be running). NULL: no-op. */
void push_resolve_release(push_resolve_t *r);

#endif
