/* flock() is a BSD call, declared by glibc under _DEFAULT_SOURCE. */
#define _DEFAULT_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "stage.h"
#include "util.h"

/* What a signal handler removes: the temporaries and made folders of every
 * stage, borrowed from the stages. Changed only with SIGINT and SIGTERM
 * blocked in the changing thread and S_busy set: the web edition is
 * written on a thread of its own (build.c), so the handler may run on the
 * other thread, and then waits for the change to end. */
struct S_pending {
    const char **items;
    size_t count;
    size_t cap;
};
static struct S_pending S_temps, S_dirs;
static unsigned S_serial; /* makes temporary names unique within the process */

static pthread_mutex_t S_lock = PTHREAD_MUTEX_INITIALIZER; /* one thread changes them at a time */
static atomic_int S_busy;                                  /* lock-free: read by the handler */
static atomic_int S_dying; /* the handler has begun removing: nothing more is made */

static void S_block(sigset_t *saved)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, saved);
    pthread_mutex_lock(&S_lock);
    atomic_store(&S_busy, 1);
    /* The handler, on the other thread, may already have removed what was
     * listed: this thread waits for the process to die instead of making
     * a file nobody would remove (both flags are sequentially consistent,
     * so one of the two sees the other). */
    if (atomic_load(&S_dying)) {
        atomic_store(&S_busy, 0);
        for (;;)
            pause();
    }
}

static void S_unblock(const sigset_t *saved)
{
    atomic_store(&S_busy, 0);
    pthread_mutex_unlock(&S_lock);
    pthread_sigmask(SIG_SETMASK, saved, NULL);
}

/* Both with signals blocked. */
static void S_pending_add(struct S_pending *p, const char *path)
{
    if (p->count == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 16;
        p->items = xrealloc(p->items, p->cap * sizeof *p->items);
    }
    p->items[p->count++] = path;
}

static void S_pending_remove(struct S_pending *p, const char *path)
{
    for (size_t i = p->count; i-- > 0;)
        if (p->items[i] == path) {
            memmove(p->items + i, p->items + i + 1, (p->count - i - 1) * sizeof *p->items);
            p->count--;
            return;
        }
}

/* Only async-signal-safe calls: unlink, rmdir, raise, and a lock-free atomic. */
static void S_on_signal(int sig)
{
    atomic_store(&S_dying, 1);
    while (atomic_load(&S_busy))
        ; /* another thread is changing the lists: a few instructions more */
    for (size_t i = 0; i < S_temps.count; i++)
        unlink(S_temps.items[i]);
    for (size_t i = S_dirs.count; i-- > 0;)
        rmdir(S_dirs.items[i]); /* fails, as it should, on a folder with files in it */
    raise(sig);                 /* SA_RESETHAND: the default action, once the handler returns */
}

void stage_remove_on_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = S_on_signal;
    sa.sa_flags = SA_RESETHAND;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGINT);
    sigaddset(&sa.sa_mask, SIGTERM);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

/* A folder the build made: removed again unless the build is committed. */
static void S_made_dir(struct stage *stage, const char *path)
{
    sigset_t saved;
    S_block(&saved);
    stage->made_dirs = xrealloc(stage->made_dirs, (stage->made_count + 1) * sizeof(char *));
    char *copy = xstrdup(path);
    stage->made_dirs[stage->made_count++] = copy;
    S_pending_add(&S_dirs, copy);
    S_unblock(&saved);
}

int stage_mkdir(struct stage *stage, const char *dir)
{
    char *p = xstrdup(dir);
    size_t n = strlen(p);
    while (n > 1 && p[n - 1] == '/')
        p[--n] = '\0';
    int rc = 0;
    for (char *s = p + 1; rc == 0; s++) {
        if (*s != '/' && *s != '\0')
            continue;
        char c = *s;
        *s = '\0';
        if (mkdir(p, 0777) == 0)
            S_made_dir(stage, p);
        else if (errno != EEXIST)
            rc = -1;
        *s = c;
        if (!c)
            break;
    }
    struct stat st;
    if (rc == 0 && lstat(p, &st) != 0)
        rc = -1;
    else if (rc == 0 && !S_ISDIR(st.st_mode)) {
        errno = S_ISLNK(st.st_mode) ? ELOOP : ENOTDIR;
        rc = -1;
    }
    free(p);
    return rc;
}

int stage_lock(struct stage *stage, const char *dir)
{
    if (stage->locked)
        return 0;
    /* A build that failed may remove the folder while another waits for
     * its lock: then the waiting one holds a folder nobody sees, and tries
     * again on the new one. */
    for (int attempt = 0; attempt < 100; attempt++) {
        if (stage_mkdir(stage, dir) != 0)
            return -1;
        int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0) {
            if (errno == ENOENT)
                continue;
            return -1;
        }
        int rc;
        while ((rc = flock(fd, LOCK_EX)) != 0 && errno == EINTR)
            ;
        struct stat held, named;
        if (rc == 0 && fstat(fd, &held) == 0 && lstat(dir, &named) == 0 &&
            held.st_dev == named.st_dev && held.st_ino == named.st_ino) {
            stage->lock_fd = fd;
            stage->locked = 1;
            return 0;
        }
        int saved = errno;
        close(fd);
        if (rc != 0) {
            errno = saved;
            return -1;
        }
    }
    errno = EAGAIN;
    return -1;
}

static int S_write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0)
                errno = EIO;
            return -1;
        }
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Forgets temporary `i` (removing its file when `unlink_it`). */
static void S_drop_temp(struct stage *stage, size_t i, int unlink_it)
{
    sigset_t saved;
    S_block(&saved); /* under the lock: another thread may be growing the list */
    char *temp = stage->temps[i];
    if (unlink_it)
        unlink(temp);
    S_pending_remove(&S_temps, temp);
    stage->temps[i] = NULL;
    S_unblock(&saved);
    free(temp);
}

int stage_open(struct stage *stage, const char *final_path, struct stage_file *file)
{
    char *dir = path_parent(final_path);
    const char *slash = strrchr(final_path, '/');
    const char *name = slash ? slash + 1 : final_path;
    int fd = -1;
    sigset_t saved;
    for (int attempt = 0; fd < 0 && attempt < 1000; attempt++) {
        /* created and listed at once: a signal cannot leave it behind, and
         * the web edition's thread may be staging its files meanwhile */
        S_block(&saved);
        char *temp = xasprintf("%s/.%s.%ld-%u.folio-tmp", dir, name, (long)getpid(), ++S_serial);
        fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        int err = errno;
        if (fd >= 0) {
            if (stage->count == stage->cap) {
                stage->cap = stage->cap ? stage->cap * 2 : 8;
                stage->finals = xrealloc(stage->finals, stage->cap * sizeof *stage->finals);
                stage->temps = xrealloc(stage->temps, stage->cap * sizeof *stage->temps);
            }
            *file = (struct stage_file){stage, stage->count, fd, 0};
            stage->finals[stage->count] = xstrdup(final_path);
            stage->temps[stage->count++] = temp;
            S_pending_add(&S_temps, temp);
        }
        S_unblock(&saved);
        if (fd < 0) {
            free(temp);
            errno = err;
            if (err != EEXIST)
                break;
        }
    }
    free(dir);
    return fd < 0 ? -1 : 0;
}

int stage_append(struct stage_file *file, const void *data, size_t len)
{
    if (S_write_all(file->fd, data, len) != 0)
        return -1;
    file->written += len;
    return 0;
}

int stage_close(struct stage_file *file, int ok)
{
    /* Flushed, on disk and of the size written before it may replace an
     * output: a full disk often shows only at the fsync or the close. */
    struct stat st;
    int rc = ok ? 0 : -1, err = errno;
    if (rc == 0 && fsync(file->fd) != 0)
        rc = -1, err = errno;
    if (rc == 0 && fstat(file->fd, &st) != 0)
        rc = -1, err = errno;
    if (rc == 0 && (size_t)st.st_size != file->written)
        rc = -1, err = EIO;
    if (close(file->fd) != 0 && rc == 0)
        rc = -1, err = errno;
    if (rc != 0) {
        S_drop_temp(file->stage, file->index, 1);
        errno = err;
    }
    file->fd = -1;
    return rc;
}

int stage_write(struct stage *stage, const char *final_path, const void *data, size_t len)
{
    struct stage_file file;
    if (stage_open(stage, final_path, &file) != 0)
        return -1;
    return stage_close(&file, stage_append(&file, data, len) == 0);
}

int stage_commit(struct stage *stage, const char **failed)
{
    /* Checked first, so a folder in the way fails the commit before any
     * output is replaced. */
    for (size_t i = 0; i < stage->count; i++) {
        struct stat st;
        if (stage->temps[i] && lstat(stage->finals[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            if (failed)
                *failed = stage->finals[i];
            errno = EISDIR;
            return -1;
        }
    }
    sigset_t saved;
    S_block(&saved);
    for (size_t i = 0; i < stage->count; i++) {
        if (!stage->temps[i])
            continue;
        if (rename(stage->temps[i], stage->finals[i]) != 0) {
            if (failed)
                *failed = stage->finals[i];
            int err = errno;
            S_unblock(&saved);
            errno = err;
            return -1;
        }
        S_pending_remove(&S_temps, stage->temps[i]);
        free(stage->temps[i]);
        stage->temps[i] = NULL;
    }
    /* the folders now hold the outputs: kept */
    for (size_t i = 0; i < stage->made_count; i++) {
        S_pending_remove(&S_dirs, stage->made_dirs[i]);
        free(stage->made_dirs[i]);
    }
    stage->made_count = 0;
    S_unblock(&saved);
    return 0;
}

void stage_discard(struct stage *stage)
{
    for (size_t i = 0; i < stage->count; i++)
        if (stage->temps[i])
            S_drop_temp(stage, i, 1);
    sigset_t saved;
    S_block(&saved);
    for (size_t i = stage->made_count; i-- > 0;) {
        rmdir(stage->made_dirs[i]);
        S_pending_remove(&S_dirs, stage->made_dirs[i]);
        free(stage->made_dirs[i]);
    }
    stage->made_count = 0;
    S_unblock(&saved);
    if (stage->locked) {
        close(stage->lock_fd);
        stage->locked = 0;
    }
}

void stage_free(struct stage *stage)
{
    stage_discard(stage);
    for (size_t i = 0; i < stage->count; i++)
        free(stage->finals[i]);
    free(stage->finals);
    free(stage->temps);
    free(stage->made_dirs);
    memset(stage, 0, sizeof *stage);
}
