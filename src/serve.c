/* The preview's HTTP server: see serve.h. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "serve.h"

enum { S_REQUEST_SECONDS = 10, S_SEND_SECONDS = 5 };

static double S_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int serve_open(struct serve *s, unsigned short port)
{
    memset(s, 0, sizeof *s);
    for (size_t i = 0; i < SERVE_MAX_CONNS; i++)
        s->conns[i].fd = -1;
    s->listen_fd = socket(AF_INET, SOCK_STREAM, 0);
    if (s->listen_fd < 0)
        return -1;
    int one = 1;
    setsockopt(s->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK); /* never any other interface */
    socklen_t addr_len = sizeof addr;
    if (bind(s->listen_fd, (struct sockaddr *)&addr, sizeof addr) != 0 ||
        listen(s->listen_fd, 16) != 0 ||
        getsockname(s->listen_fd, (struct sockaddr *)&addr, &addr_len) != 0 ||
        fcntl(s->listen_fd, F_SETFL, O_NONBLOCK) != 0) {
        int saved = errno;
        close(s->listen_fd);
        s->listen_fd = -1;
        errno = saved;
        return -1;
    }
    s->port = ntohs(addr.sin_port);
    return 0;
}

size_t serve_pollfds(const struct serve *s, struct pollfd *fds)
{
    size_t n = 0;
    fds[n++] = (struct pollfd){s->listen_fd, POLLIN, 0};
    for (size_t i = 0; i < SERVE_MAX_CONNS; i++)
        if (s->conns[i].fd >= 0)
            fds[n++] = (struct pollfd){s->conns[i].fd, POLLIN, 0};
    return n;
}

static void S_drop(struct serve_conn *c)
{
    close(c->fd);
    c->fd = -1;
    c->streaming = 0;
    c->len = 0;
}

/* Writes all of data or drops the connection; 0 or -1. */
static int S_send(struct serve_conn *c, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = send(c->fd, data, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            S_drop(c);
            return -1;
        }
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

static const char *S_reason(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 302:
        return "Found";
    case 400:
        return "Bad Request";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 431:
        return "Request Header Fields Too Large";
    case 503:
        return "Service Unavailable";
    default:
        return "Internal Server Error";
    }
}

static void S_respond(struct serve_conn *c, int status, const char *type, const char *extra,
                      const char *body, size_t len, int head)
{
    char header[512];
    int n = snprintf(header, sizeof header,
                     "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
                     "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n%s"
                     "Connection: close\r\n\r\n",
                     status, S_reason(status), type, len, extra ? extra : "");
    if (n < 0 || (size_t)n >= sizeof header) {
        S_drop(c);
        return;
    }
    if (S_send(c, header, (size_t)n) == 0 && !head && len > 0 && S_send(c, body, len) != 0)
        return;
    if (c->fd >= 0)
        S_drop(c);
}

void serve_reply(struct serve_request *r, int status, const char *type, const char *body,
                 size_t len)
{
    r->answered = 1;
    S_respond(r->conn, status, type, NULL, body, len, r->head);
}

void serve_redirect(struct serve_request *r, const char *location)
{
    char extra[256];
    r->answered = 1;
    if (snprintf(extra, sizeof extra, "Location: %s\r\n", location) >= (int)sizeof extra) {
        S_respond(r->conn, 500, "text/plain", NULL, "", 0, r->head);
        return;
    }
    S_respond(r->conn, 302, "text/plain", extra, "", 0, r->head);
}

size_t serve_streams(const struct serve *s, const char *tag)
{
    size_t n = 0;
    for (size_t i = 0; i < SERVE_MAX_CONNS; i++)
        if (s->conns[i].fd >= 0 && s->conns[i].streaming &&
            (!tag || strcmp(s->conns[i].tag, tag) == 0))
            n++;
    return n;
}

void serve_stream(struct serve_request *r, const char *tag)
{
    r->answered = 1;
    struct serve_conn *c = r->conn;
    if (serve_streams(r->server, NULL) >= SERVE_MAX_STREAMS || strlen(tag) >= sizeof c->tag) {
        S_respond(c, 503, "text/plain", NULL, "", 0, r->head);
        return;
    }
    static const char header[] = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                                 "Cache-Control: no-store\r\n\r\nretry: 300\n\n";
    if (S_send(c, header, sizeof header - 1) != 0)
        return;
    c->streaming = 1;
    c->len = 0;
    strcpy(c->tag, tag);
}

void serve_event(struct serve *s, const char *tag, const char *data)
{
    char event[256];
    int n = snprintf(event, sizeof event, "data: %s\n\n", data);
    if (n < 0 || (size_t)n >= sizeof event)
        return;
    for (size_t i = 0; i < SERVE_MAX_CONNS; i++) {
        struct serve_conn *c = &s->conns[i];
        if (c->fd >= 0 && c->streaming && (!tag || strcmp(c->tag, tag) == 0))
            S_send(c, event, (size_t)n);
    }
}

void serve_query_value(const char *query, const char *name, char *out, size_t size)
{
    size_t name_len = strlen(name);
    out[0] = '\0';
    for (const char *p = query; p && *p;) {
        const char *end = strchr(p, '&');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len > name_len && strncmp(p, name, name_len) == 0 && p[name_len] == '=') {
            size_t value_len = len - name_len - 1;
            if (value_len < size) {
                memcpy(out, p + name_len + 1, value_len);
                out[value_len] = '\0';
            }
            return;
        }
        p = end ? end + 1 : NULL;
    }
}

/* The value of header `name` (lower case) in the request head; 0 when
 * absent. */
static int S_header(const char *head, const char *name, char *out, size_t size)
{
    size_t name_len = strlen(name);
    for (const char *line = strstr(head, "\r\n"); line && line[2] != '\r';
         line = strstr(line + 2, "\r\n")) {
        const char *p = line + 2;
        size_t i = 0;
        while (i < name_len && p[i] && (p[i] | 0x20) == name[i])
            i++;
        if (i == name_len && p[i] == ':') {
            p += i + 1;
            while (*p == ' ' || *p == '\t')
                p++;
            size_t len = strcspn(p, "\r");
            while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
                len--;
            if (len >= size)
                return 0;
            memcpy(out, p, len);
            out[len] = '\0';
            return 1;
        }
    }
    return 0;
}

static int S_safe_path(const char *path)
{
    if (path[0] != '/' || strstr(path, ".."))
        return 0;
    for (const char *p = path; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '.' || *p == '_' || *p == '/' || *p == '-'))
            return 0;
    return 1;
}

/* A complete request head in c->buf: parse, check, hand to the handler. */
static void S_dispatch(struct serve *s, struct serve_conn *c, serve_handler handler, void *ctx)
{
    char *head = c->buf;
    char *line_end = strstr(head, "\r\n");
    char method[8], target[2048];
    struct serve_request r = {s, c, 0, NULL, "", 0};
    *line_end = '\0';
    int ok = sscanf(head, "%7s %2047s HTTP/1.%*c", method, target) == 2;
    *line_end = '\r';
    if (!ok) {
        S_respond(c, 400, "text/plain", NULL, "bad request\n", 12, 0);
        return;
    }
    r.head = strcmp(method, "HEAD") == 0;
    if (!r.head && strcmp(method, "GET") != 0) {
        S_respond(c, 405, "text/plain", "Allow: GET, HEAD\r\n", "only GET and HEAD\n", 18, 0);
        return;
    }
    /* Only a page of this server may ask: a Host naming another site is a
     * DNS-rebinding attempt. */
    char host[128], expect_ip[32], expect_name[32];
    snprintf(expect_ip, sizeof expect_ip, "127.0.0.1:%u", (unsigned)s->port);
    snprintf(expect_name, sizeof expect_name, "localhost:%u", (unsigned)s->port);
    if (!S_header(head, "host", host, sizeof host) ||
        (strcmp(host, expect_ip) != 0 && strcmp(host, expect_name) != 0)) {
        S_respond(c, 403, "text/plain", NULL, "wrong host\n", 11, r.head);
        return;
    }
    char *query = strchr(target, '?');
    if (query) {
        *query++ = '\0';
        r.query = query;
    }
    if (!S_safe_path(target)) {
        S_respond(c, 404, "text/plain", NULL, "not found\n", 10, r.head);
        return;
    }
    r.path = target;
    handler(ctx, &r);
    if (!r.answered)
        S_respond(c, 404, "text/plain", NULL, "not found\n", 10, r.head);
}

static void S_accept(struct serve *s)
{
    for (;;) {
        int fd = accept(s->listen_fd, NULL, NULL);
        if (fd < 0)
            return;
        struct serve_conn *c = NULL;
        for (size_t i = 0; i < SERVE_MAX_CONNS && !c; i++)
            if (s->conns[i].fd < 0)
                c = &s->conns[i];
        if (!c) {
            close(fd); /* full: the browser retries */
            continue;
        }
        struct timeval tv = {S_SEND_SECONDS, 0};
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        fcntl(fd, F_SETFL, O_NONBLOCK);
        c->fd = fd;
        c->streaming = 0;
        c->len = 0;
        c->deadline = S_now() + S_REQUEST_SECONDS;
    }
}

static void S_read(struct serve *s, struct serve_conn *c, serve_handler handler, void *ctx)
{
    if (c->streaming) { /* a stream's peer says nothing; readable means gone */
        char scratch[256];
        ssize_t n = recv(c->fd, scratch, sizeof scratch, 0);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
            S_drop(c);
        return;
    }
    ssize_t n = recv(c->fd, c->buf + c->len, sizeof c->buf - 1 - c->len, 0);
    if (n < 0 && (errno == EAGAIN || errno == EINTR))
        return;
    if (n <= 0) {
        S_drop(c);
        return;
    }
    c->len += (size_t)n;
    c->buf[c->len] = '\0';
    if (strstr(c->buf, "\r\n\r\n")) {
        /* answers are written whole: blocking, bounded by SO_SNDTIMEO */
        fcntl(c->fd, F_SETFL, 0);
        S_dispatch(s, c, handler, ctx);
        if (c->fd >= 0 && c->streaming)
            fcntl(c->fd, F_SETFL, O_NONBLOCK);
    } else if (c->len == sizeof c->buf - 1) {
        S_respond(c, 431, "text/plain", NULL, "request too large\n", 18, 0);
    }
}

void serve_handle(struct serve *s, const struct pollfd *fds, size_t n, serve_handler handler,
                  void *ctx)
{
    double now = S_now();
    for (size_t i = 0; i < n; i++) {
        if (!fds[i].revents)
            continue;
        if (fds[i].fd == s->listen_fd) {
            S_accept(s);
            continue;
        }
        for (size_t j = 0; j < SERVE_MAX_CONNS; j++)
            if (s->conns[j].fd == fds[i].fd) {
                S_read(s, &s->conns[j], handler, ctx);
                break;
            }
    }
    for (size_t j = 0; j < SERVE_MAX_CONNS; j++) {
        struct serve_conn *c = &s->conns[j];
        if (c->fd >= 0 && !c->streaming && now > c->deadline)
            S_drop(c);
    }
}

void serve_close(struct serve *s)
{
    for (size_t i = 0; i < SERVE_MAX_CONNS; i++)
        if (s->conns[i].fd >= 0)
            S_drop(&s->conns[i]);
    if (s->listen_fd >= 0)
        close(s->listen_fd);
    s->listen_fd = -1;
}
