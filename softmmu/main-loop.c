/*
 * The machine loop's waiting (include/softmmu/main-loop.h): descriptor
 * handlers polled by the vCPU thread, and the kick thread.
 *
 * The kick thread shares only `kick` below with the vCPU thread, under
 * its mutex: whether it is armed, the absolute deadline (host monotonic
 * ns) and a copy of the descriptors to watch.  An eventfd wakes it when
 * these change.  It calls the kick function at most once per arming, so a
 * descriptor the vCPU thread has not drained yet cannot make it spin.
 */
#include <errno.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "softmmu/main-loop.h"
#include "softmmu/timer.h"
#include "util/error.h"

typedef struct FdHandler {
    int fd;
    FdCanRead *can_read;
    FdRead *read;
    void *opaque;
} FdHandler;

#define MAX_WATCHED_FDS 8

/* Descriptor handlers: vCPU thread only. */
static GArray *fd_handlers; /* of FdHandler */

static struct {
    GMutex lock;
    bool armed;               /* kick once, then wait for main_loop_arm */
    int64_t deadline;         /* host monotonic ns; INT64_MAX: none */
    int fds[MAX_WATCHED_FDS]; /* descriptors that can read now */
    int nb_fds;
    bool starved; /* a consumer had no room at arming */
    int wake_fd;  /* eventfd: the fields above changed */
    void (*fn)(void *opaque);
    void *opaque;
} kick;

static int64_t now_ns(void)
{
    return clock_get_ns(CLOCK_RT);
}

static void wake_kick_thread(void)
{
    uint64_t one = 1;

    while (write(kick.wake_fd, &one, sizeof(one)) < 0 && errno == EINTR) {
    }
}

/* -- Descriptor handlers ------------------------------------------------- */

static FdHandler *find_handler(int fd)
{
    for (unsigned i = 0; fd_handlers && i < fd_handlers->len; i++) {
        FdHandler *h = &g_array_index(fd_handlers, FdHandler, i);

        if (h->fd == fd) {
            return h;
        }
    }
    return NULL;
}

void main_loop_set_fd_handler(int fd, FdCanRead *can_read, FdRead *read,
                              void *opaque)
{
    FdHandler *h = find_handler(fd);
    FdHandler n = {fd, can_read, read, opaque};

    if (!fd_handlers) {
        fd_handlers = g_array_new(false, false, sizeof(FdHandler));
    }
    if (h) {
        *h = n;
    } else if (fd_handlers->len == MAX_WATCHED_FDS) {
        internal_error("main_loop_set_fd_handler: more than %d descriptors",
                       MAX_WATCHED_FDS);
    } else {
        g_array_append_val(fd_handlers, n);
    }
}

void main_loop_remove_fd_handler(int fd)
{
    for (unsigned i = 0; fd_handlers && i < fd_handlers->len; i++) {
        if (g_array_index(fd_handlers, FdHandler, i).fd == fd) {
            g_array_remove_index(fd_handlers, i);
            return;
        }
    }
}

/* Fill PFD with the descriptors whose consumers can take input now. */
static int ready_fds(struct pollfd *pfd)
{
    int n = 0;

    for (unsigned i = 0; fd_handlers && i < fd_handlers->len; i++) {
        FdHandler *h = &g_array_index(fd_handlers, FdHandler, i);

        if (h->can_read(h->opaque) > 0) {
            pfd[n++] = (struct pollfd){.fd = h->fd, .events = POLLIN};
        }
    }
    return n;
}

static struct timespec *ns_to_timespec(int64_t ns, struct timespec *ts)
{
    if (ns < 0) {
        return NULL;
    }
    ts->tv_sec = ns / NANOSECONDS_PER_SECOND;
    ts->tv_nsec = ns % NANOSECONDS_PER_SECOND;
    return ts;
}

void main_loop_wait(int64_t timeout_ns)
{
    struct pollfd pfd[MAX_WATCHED_FDS];
    struct timespec ts;
    int n, r;

    g_mutex_lock(&kick.lock);
    kick.armed = false;
    g_mutex_unlock(&kick.lock);

    n = ready_fds(pfd);
    r = ppoll(pfd, n, ns_to_timespec(timeout_ns, &ts), NULL);
    if (r <= 0) {
        return; /* timeout, or a signal: the loop goes on */
    }
    for (int i = 0; i < n; i++) {
        FdHandler *h;

        if (pfd[i].revents && (h = find_handler(pfd[i].fd))) {
            h->read(h->opaque);
        }
    }
}

/* -- The kick thread ---------------------------------------------------- */

/* The timers' notify hook: a deadline earlier than the armed one. */
static void timers_changed(void)
{
    int64_t left = timers_deadline_ns();
    int64_t when;

    if (left < 0) {
        return;
    }
    when = now_ns() + left;
    g_mutex_lock(&kick.lock);
    if (kick.armed && when < kick.deadline) {
        kick.deadline = when;
        wake_kick_thread();
    }
    g_mutex_unlock(&kick.lock);
}

/* Watch the descriptors whose consumers can read now.  Lock held. */
static void kick_set_fds(void)
{
    struct pollfd pfd[MAX_WATCHED_FDS];
    int n = ready_fds(pfd);

    kick.nb_fds = n;
    for (int i = 0; i < n; i++) {
        kick.fds[i] = pfd[i].fd;
    }
    kick.starved = fd_handlers && (unsigned)n < fd_handlers->len;
}

void main_loop_arm(int64_t slice_ns)
{
    int64_t left = timers_deadline_ns();
    int64_t now = now_ns();

    g_mutex_lock(&kick.lock);
    kick.deadline = left >= 0 ? now + left : INT64_MAX;
    if (slice_ns > 0 && now + slice_ns < kick.deadline) {
        kick.deadline = now + slice_ns;
    }
    kick_set_fds();
    kick.armed = true;
    wake_kick_thread();
    g_mutex_unlock(&kick.lock);
}

void main_loop_can_read_changed(void)
{
    g_mutex_lock(&kick.lock);
    if (kick.armed && kick.starved) {
        kick_set_fds();
        wake_kick_thread();
    }
    g_mutex_unlock(&kick.lock);
}

static gpointer kick_thread(gpointer unused)
{
    for (;;) {
        struct pollfd pfd[MAX_WATCHED_FDS + 1];
        struct timespec ts;
        int64_t timeout = -1;
        bool fire = false;
        int n = 1;

        pfd[0] = (struct pollfd){.fd = kick.wake_fd, .events = POLLIN};
        g_mutex_lock(&kick.lock);
        if (kick.armed) {
            for (int i = 0; i < kick.nb_fds; i++) {
                pfd[n++] = (struct pollfd){.fd = kick.fds[i], .events = POLLIN};
            }
            if (kick.deadline != INT64_MAX) {
                timeout = MAX(kick.deadline - now_ns(), 0);
            }
        }
        g_mutex_unlock(&kick.lock);

        ppoll(pfd, n, ns_to_timespec(timeout, &ts), NULL);
        if (pfd[0].revents) {
            uint64_t count;

            while (read(kick.wake_fd, &count, sizeof(count)) < 0
                   && errno == EINTR) {
            }
        }
        g_mutex_lock(&kick.lock);
        if (kick.armed) {
            fire = kick.deadline <= now_ns();
            /* Only descriptors polled under this arming count. */
            for (int i = 1; i < n && !pfd[0].revents; i++) {
                fire |= pfd[i].revents != 0;
            }
            if (fire) {
                kick.armed = false;
                kick.fn(kick.opaque);
            }
        }
        g_mutex_unlock(&kick.lock);
    }
    return NULL;
}

void main_loop_init(void (*fn)(void *opaque), void *opaque)
{
    kick.fn = fn;
    kick.opaque = opaque;
    kick.deadline = INT64_MAX;
    kick.wake_fd = eventfd(0, EFD_CLOEXEC);
    if (kick.wake_fd < 0) {
        internal_error("main_loop_init: eventfd: %s", g_strerror(errno));
    }
    timers_set_notify(timers_changed);
    g_thread_unref(g_thread_new("kick", kick_thread, NULL));
}
