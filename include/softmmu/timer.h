/*
 * Clocks and timers for device models.
 *
 *   CLOCK_VIRTUAL   guest time in ns: advances only while the machine runs
 *                   (under -icount, derived from the instruction count);
 *                   what PIT, RTC periodic, APIC timer, HPET, PM timer use
 *   CLOCK_HOST      wall-clock ns since the epoch (RTC date base)
 *   CLOCK_RT        host monotonic ns (UI, rate limits; named after -rtc
 *                   clock=rt, as <time.h> owns CLOCK_REALTIME)
 *
 * A Timer fires once at an absolute time of its clock; the callback may
 * re-arm it.  Callbacks run on the vCPU thread, outside generated code and
 * between TBs, with the guest state consistent (never inside an MMIO or
 * port access).  An expiry in the past fires at the next opportunity.
 *
 * The machine loop (softmmu/machine.c) runs expired timers between
 * cpu_exec slices; while the CPUs run, a timer's deadline kicks the
 * running CPU out of generated code (cpu_exit) so it fires on time; while
 * all CPUs are halted the loop sleeps until the earliest deadline or a
 * cpu_interrupt.
 */
#ifndef SOFTMMU_TIMER_H
#define SOFTMMU_TIMER_H

#include <stdbool.h>
#include <stdint.h>

#define NANOSECONDS_PER_SECOND 1000000000LL

typedef enum ClockType {
    CLOCK_RT,
    CLOCK_VIRTUAL,
    CLOCK_HOST,
    CLOCK_COUNT
} ClockType;

typedef struct Timer Timer;
typedef void TimerCB(void *opaque);

/* Now on CLOCK, in ns. */
int64_t clock_get_ns(ClockType clock);

/* A new, unarmed timer on CLOCK calling CB(OPAQUE). */
Timer *timer_new_ns(ClockType clock, TimerCB *cb, void *opaque);
/* Disarm and free T (NULL is fine). */
void timer_free(Timer *t);

/* Arm T to fire when its clock reaches EXPIRE_NS (re-arming moves it). */
void timer_mod_ns(Timer *t, int64_t expire_ns);
/* Disarm T (no-op if unarmed). */
void timer_del(Timer *t);
bool timer_pending(const Timer *t);
/* The expiry T is armed for, or -1. */
int64_t timer_expire_time_ns(const Timer *t);

/* -- For the machine loop (softmmu/machine.c) ---------------------------- */

/*
 * Start the clocks: CLOCK_VIRTUAL reads 0 now.  Armed timers stay armed
 * (on the new time base).
 */
void timers_init(void);
/* Stop / restart CLOCK_VIRTUAL (e.g. while paused in the gdb stub). */
void clock_virtual_stop(void);
void clock_virtual_start(void);
/*
 * Set the stopped CLOCK_VIRTUAL to NS (tests step guest time by hand; it
 * may go backwards only in tests).  An internal error while it runs.
 */
void clock_virtual_set_ns(int64_t ns);
/*
 * NOTIFY is called (on the vCPU thread) when a timer is armed earlier than
 * every timer of its clock, or the virtual clock restarts: the machine
 * loop re-reads timers_deadline_ns().  NULL: nobody is told.
 */
void timers_set_notify(void (*notify)(void));
/*
 * Run every timer whose expiry has passed, each clock earliest first
 * (equal expiries in the order they were armed); returns true if any ran.
 * At most 1000 callbacks run per call, so a timer re-armed into the past
 * cannot starve the CPUs: the rest run at the next call.
 */
bool timers_run_expired(void);
/* ns of host time until the earliest armed timer, 0 if overdue, -1 none. */
int64_t timers_deadline_ns(void);

#endif /* SOFTMMU_TIMER_H */
