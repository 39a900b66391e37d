/*
 * Clocks and timers (include/softmmu/timer.h).
 *
 * CLOCK_VIRTUAL is host monotonic time minus an offset that grows while
 * the clock is stopped, so guest time does not jump over a pause.  While
 * stopped it reads a frozen value that clock_virtual_set_ns() may move
 * (tests step it by hand).  -icount is not implemented yet: the virtual
 * clock always follows host time.
 *
 * Armed timers of a clock sit in one list sorted by expiry; timers with
 * equal expiries keep the order they were armed in.  A device rarely has
 * more than a few timers, so a sorted list beats a heap here.
 *
 * Invariants: a timer is in its clock's list iff it is pending; lists are
 * touched only by the vCPU thread.  The notify hook tells the machine loop
 * when an earlier deadline appears while a CPU may be running.
 */
#include <time.h>

#include <glib.h>

#include "softmmu/timer.h"
#include "util/error.h"

struct Timer {
    ClockType clock;
    int64_t expire; /* ns on CLOCK; valid while pending */
    bool pending;   /* armed and in the clock's list */
    TimerCB *cb;
    void *opaque;
    Timer *next; /* next in the clock's list (by expiry) */
};

/* At most this many callbacks per timers_run_expired() call, so that a
 * timer re-armed into the past cannot keep the CPUs from running. */
#define MAX_FIRINGS_PER_RUN 1000

static struct {
    Timer *list[CLOCK_COUNT]; /* armed timers, earliest first */
    int64_t virt_offset;      /* VIRTUAL = monotonic - virt_offset */
    int64_t virt_frozen;      /* VIRTUAL's value while stopped */
    bool virt_stopped;
    void (*notify)(void); /* an earlier deadline was armed */
} timers;

static int64_t monotonic_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * NANOSECONDS_PER_SECOND + ts.tv_nsec;
}

int64_t clock_get_ns(ClockType clock)
{
    struct timespec ts;

    switch (clock) {
    case CLOCK_RT:
        return monotonic_ns();
    case CLOCK_VIRTUAL:
        return timers.virt_stopped ? timers.virt_frozen
                                   : monotonic_ns() - timers.virt_offset;
    case CLOCK_HOST:
        clock_gettime(CLOCK_REALTIME, &ts);
        return ts.tv_sec * NANOSECONDS_PER_SECOND + ts.tv_nsec;
    default:
        internal_error("clock_get_ns: no clock %d", (int)clock);
    }
}

void timers_init(void)
{
    timers.virt_stopped = false;
    timers.virt_offset = monotonic_ns();
}

void clock_virtual_stop(void)
{
    if (!timers.virt_stopped) {
        timers.virt_frozen = clock_get_ns(CLOCK_VIRTUAL);
        timers.virt_stopped = true;
    }
}

void clock_virtual_start(void)
{
    if (timers.virt_stopped) {
        timers.virt_offset = monotonic_ns() - timers.virt_frozen;
        timers.virt_stopped = false;
        if (timers.notify) {
            timers.notify();
        }
    }
}

void clock_virtual_set_ns(int64_t ns)
{
    if (!timers.virt_stopped) {
        internal_error("clock_virtual_set_ns(%" G_GINT64_FORMAT ") while "
                       "the virtual clock runs",
                       ns);
    }
    timers.virt_frozen = ns;
}

void timers_set_notify(void (*notify)(void))
{
    timers.notify = notify;
}

/* -- Timers ------------------------------------------------------------- */

Timer *timer_new_ns(ClockType clock, TimerCB *cb, void *opaque)
{
    Timer *t = g_new0(Timer, 1);

    if ((unsigned)clock >= CLOCK_COUNT) {
        internal_error("timer_new_ns: no clock %d", (int)clock);
    }
    t->clock = clock;
    t->cb = cb;
    t->opaque = opaque;
    return t;
}

void timer_free(Timer *t)
{
    if (t) {
        timer_del(t);
        g_free(t);
    }
}

void timer_del(Timer *t)
{
    Timer **p;

    if (!t->pending) {
        return;
    }
    for (p = &timers.list[t->clock]; *p != t; p = &(*p)->next) {
        /* a pending timer is in its list */
    }
    *p = t->next;
    t->next = NULL;
    t->pending = false;
}

void timer_mod_ns(Timer *t, int64_t expire_ns)
{
    Timer **p;
    bool earliest;

    timer_del(t);
    /* After every timer already armed for the same time. */
    for (p = &timers.list[t->clock]; *p && (*p)->expire <= expire_ns;
         p = &(*p)->next) {
    }
    earliest = p == &timers.list[t->clock];
    t->expire = expire_ns;
    t->next = *p;
    *p = t;
    t->pending = true;
    if (earliest && timers.notify) {
        timers.notify();
    }
}

bool timer_pending(const Timer *t)
{
    return t->pending;
}

int64_t timer_expire_time_ns(const Timer *t)
{
    return t->pending ? t->expire : -1;
}

/* -- For the machine loop ----------------------------------------------- */

bool timers_run_expired(void)
{
    int fired = 0;

    for (int c = 0; c < CLOCK_COUNT; c++) {
        int64_t now = clock_get_ns(c);
        Timer *t;

        while ((t = timers.list[c]) && t->expire <= now
               && fired < MAX_FIRINGS_PER_RUN) {
            timers.list[c] = t->next;
            t->next = NULL;
            t->pending = false;
            fired++;
            t->cb(t->opaque);
        }
    }
    return fired > 0;
}

int64_t timers_deadline_ns(void)
{
    int64_t best = -1;

    for (int c = 0; c < CLOCK_COUNT; c++) {
        int64_t left;

        if (!timers.list[c] || (c == CLOCK_VIRTUAL && timers.virt_stopped)) {
            continue;
        }
        left = timers.list[c]->expire - clock_get_ns(c);
        if (left < 0) {
            left = 0;
        }
        if (best < 0 || left < best) {
            best = left;
        }
    }
    return best;
}
