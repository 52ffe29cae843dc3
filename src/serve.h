/* A minimal HTTP/1.1 server for `folio preview`: listens on 127.0.0.1
 * only, answers GET and HEAD with one response per connection, holds a
 * few connections at once with bounded requests and deadlines, and keeps
 * event streams (text/event-stream) open for live reload. It has no thread
 * of its own: the caller's poll loop drives it. */
#ifndef FOLIO_SERVE_H
#define FOLIO_SERVE_H

#include <poll.h>
#include <stddef.h>

enum {
    SERVE_MAX_CONNS = 32,     /* connections at once, event streams included */
    SERVE_MAX_STREAMS = 16,   /* of which event streams */
    SERVE_MAX_REQUEST = 8192, /* bytes of request line and headers */
    SERVE_POLLFDS = SERVE_MAX_CONNS + 1,
};

struct serve_conn {
    int fd; /* -1 when the slot is free */
    int streaming;
    char tag[16];    /* an event stream's tag (the edition it watches) */
    double deadline; /* a request not complete by then is dropped */
    size_t len;
    char buf[SERVE_MAX_REQUEST];
};

struct serve {
    int listen_fd;
    unsigned short port; /* the port bound */
    struct serve_conn conns[SERVE_MAX_CONNS];
};

/* One request, valid during the handler's call. The handler answers it
 * with exactly one of serve_reply, serve_redirect or serve_stream. */
struct serve_request {
    struct serve *server;
    struct serve_conn *conn;
    int head;          /* HEAD: headers only */
    const char *path;  /* "/es/index.html": only [A-Za-z0-9._/-], no ".." */
    const char *query; /* after '?', "" when none */
    int answered;
};

typedef void (*serve_handler)(void *ctx, struct serve_request *req);

/* Binds 127.0.0.1:port (0: a free port, then s->port says which).
 * Returns 0, or -1 with errno set. */
int serve_open(struct serve *s, unsigned short port);

/* The descriptors to poll, into fds[0..SERVE_POLLFDS); returns how many. */
size_t serve_pollfds(const struct serve *s, struct pollfd *fds);

/* After poll: accepts, reads, answers complete requests through `handler`,
 * drops requests past their deadline and streams whose peer left. */
void serve_handle(struct serve *s, const struct pollfd *fds, size_t n, serve_handler handler,
                  void *ctx);

void serve_reply(struct serve_request *r, int status, const char *type, const char *body,
                 size_t len);
void serve_redirect(struct serve_request *r, const char *location);
/* Answers with an event stream tagged `tag`, kept open. */
void serve_stream(struct serve_request *r, const char *tag);

/* Sends the event `data` to every stream tagged `tag` (NULL: to all). */
void serve_event(struct serve *s, const char *tag, const char *data);

/* How many streams are tagged `tag`. */
size_t serve_streams(const struct serve *s, const char *tag);

/* The value of `name` in a query "a=1&b=2", copied into out (empty when
 * absent or too long). */
void serve_query_value(const char *query, const char *name, char *out, size_t size);

void serve_close(struct serve *s);

#endif
