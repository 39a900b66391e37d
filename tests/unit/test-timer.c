/*
 * Tests of softmmu/timer.c: firing order, re-arming and deleting from
 * callbacks, the deadline the machine loop sleeps until, and the stopped
 * virtual clock.  Guest time is stepped by hand (clock_virtual_stop +
 * clock_virtual_set_ns), so nothing here depends on host timing except
 * the deadline tests, which allow generous slack.
 */
#include <glib.h>

#include "softmmu/timer.h"

/* What the callbacks did, in order. */
static GString *trace;

typedef struct Probe {
    char name;
    Timer *t;
    Timer *victim; /* deleted by this probe's callback */
    int64_t rearm; /* > 0: re-arm this far after expiry */
    int fired;
} Probe;

static void probe_cb(void *opaque)
{
    Probe *p = opaque;

    g_string_append_c(trace, p->name);
    p->fired++;
    if (p->victim) {
        timer_del(p->victim);
    }
    if (p->rearm > 0) {
        timer_mod_ns(p->t, clock_get_ns(CLOCK_VIRTUAL) + p->rearm);
    }
}

static void probe_init(Probe *p, char name)
{
    *p = (Probe){.name = name};
    p->t = timer_new_ns(CLOCK_VIRTUAL, probe_cb, p);
}

static void setup_stopped_clock(void)
{
    timers_init();
    clock_virtual_stop();
    clock_virtual_set_ns(1000);
    g_string_truncate(trace, 0);
}

static void test_timers_fire_in_expiry_order(void)
{
    Probe a, b, c;

    setup_stopped_clock();
    probe_init(&a, 'a');
    probe_init(&b, 'b');
    probe_init(&c, 'c');
    timer_mod_ns(c.t, 1300);
    timer_mod_ns(a.t, 1100);
    timer_mod_ns(b.t, 1200);
    g_assert_false(timers_run_expired());
    clock_virtual_set_ns(1250);
    g_assert_true(timers_run_expired());
    g_assert_cmpstr(trace->str, ==, "ab");
    g_assert_false(timer_pending(a.t));
    g_assert_true(timer_pending(c.t));
    g_assert_cmpint(timer_expire_time_ns(c.t), ==, 1300);
    g_assert_cmpint(timer_expire_time_ns(a.t), ==, -1);
    clock_virtual_set_ns(1300);
    timers_run_expired();
    g_assert_cmpstr(trace->str, ==, "abc");
    timer_free(a.t);
    timer_free(b.t);
    timer_free(c.t);
}

static void test_equal_expiries_fire_in_arming_order(void)
{
    Probe a, b, c;

    setup_stopped_clock();
    probe_init(&a, 'a');
    probe_init(&b, 'b');
    probe_init(&c, 'c');
    timer_mod_ns(b.t, 1500);
    timer_mod_ns(c.t, 1500);
    timer_mod_ns(a.t, 1500);
    clock_virtual_set_ns(1500);
    timers_run_expired();
    g_assert_cmpstr(trace->str, ==, "bca");
    timer_free(a.t);
    timer_free(b.t);
    timer_free(c.t);
}

static void test_rearming_moves_the_timer(void)
{
    Probe a, b;

    setup_stopped_clock();
    probe_init(&a, 'a');
    probe_init(&b, 'b');
    timer_mod_ns(a.t, 1100);
    timer_mod_ns(b.t, 1200);
    timer_mod_ns(a.t, 1300); /* now after b */
    clock_virtual_set_ns(2000);
    timers_run_expired();
    g_assert_cmpstr(trace->str, ==, "ba");
    g_assert_cmpint(a.fired, ==, 1);
    timer_free(a.t);
    timer_free(b.t);
}

static void test_deleted_timer_does_not_fire(void)
{
    Probe a, b, c;

    setup_stopped_clock();
    probe_init(&a, 'a');
    probe_init(&b, 'b');
    probe_init(&c, 'c');
    a.victim = b.t; /* a's callback deletes expired b */
    timer_mod_ns(a.t, 1100);
    timer_mod_ns(b.t, 1200);
    timer_mod_ns(c.t, 1150);
    timer_del(c.t);
    timer_del(c.t); /* twice is fine */
    clock_virtual_set_ns(2000);
    timers_run_expired();
    g_assert_cmpstr(trace->str, ==, "a");
    g_assert_false(timer_pending(b.t));
    timer_free(a.t);
    timer_free(b.t);
    timer_free(c.t);
}

static void test_periodic_rearm_fires_once_per_pass(void)
{
    Probe a;

    setup_stopped_clock();
    probe_init(&a, 'a');
    a.rearm = 100; /* next expiry is after "now" */
    timer_mod_ns(a.t, 1000);
    timers_run_expired();
    g_assert_cmpint(a.fired, ==, 1);
    g_assert_cmpint(timer_expire_time_ns(a.t), ==, 1100);
    clock_virtual_set_ns(1100);
    timers_run_expired();
    g_assert_cmpint(a.fired, ==, 2);
    timer_free(a.t);
}

/* A callback that re-arms into the past must not loop forever. */
static void rearm_in_past_cb(void *opaque)
{
    Probe *p = opaque;

    p->fired++;
    timer_mod_ns(p->t, 0);
}

static void test_timer_rearmed_into_past_cannot_starve_the_loop(void)
{
    Probe a = {.name = 'a'};

    setup_stopped_clock();
    a.t = timer_new_ns(CLOCK_VIRTUAL, rearm_in_past_cb, &a);
    timer_mod_ns(a.t, 0);
    g_assert_true(timers_run_expired());
    g_assert_cmpint(a.fired, ==, 1000);
    g_assert_cmpint(timers_deadline_ns(), ==, -1); /* clock stopped */
    timer_free(a.t);
}

static void test_stopped_clock_does_not_advance(void)
{
    int64_t t0;

    timers_init();
    clock_virtual_stop();
    t0 = clock_get_ns(CLOCK_VIRTUAL);
    g_usleep(2000);
    g_assert_cmpint(clock_get_ns(CLOCK_VIRTUAL), ==, t0);
    clock_virtual_start();
    g_usleep(2000);
    /* Restarted from where it stopped: no jump over the pause. */
    g_assert_cmpint(clock_get_ns(CLOCK_VIRTUAL) - t0, >=, 2000000);
    g_assert_cmpint(clock_get_ns(CLOCK_VIRTUAL) - t0, <, 1000000000);
}

static void test_deadline_is_time_to_earliest_timer(void)
{
    Probe a, h;
    int64_t d;

    timers_init(); /* virtual clock running from 0 */
    g_assert_cmpint(timers_deadline_ns(), ==, -1);
    probe_init(&a, 'a');
    timer_mod_ns(a.t, clock_get_ns(CLOCK_VIRTUAL) + 5 * 1000000000LL);
    d = timers_deadline_ns();
    g_assert_cmpint(d, >, 4 * 1000000000LL);
    g_assert_cmpint(d, <=, 5 * 1000000000LL);

    h = (Probe){.name = 'h'};
    h.t = timer_new_ns(CLOCK_RT, probe_cb, &h);
    timer_mod_ns(h.t, clock_get_ns(CLOCK_RT) + 1000000000LL);
    d = timers_deadline_ns();
    g_assert_cmpint(d, >, 0);
    g_assert_cmpint(d, <=, 1000000000LL);

    timer_mod_ns(a.t, clock_get_ns(CLOCK_VIRTUAL) - 1);
    g_assert_cmpint(timers_deadline_ns(), ==, 0); /* overdue */
    timer_free(a.t);
    timer_free(h.t);
    g_assert_cmpint(timers_deadline_ns(), ==, -1);
}

static int notified;

static void count_notify(void)
{
    notified++;
}

static void test_notify_only_for_a_new_earliest_deadline(void)
{
    Probe a, b;

    setup_stopped_clock();
    probe_init(&a, 'a');
    probe_init(&b, 'b');
    timers_set_notify(count_notify);
    notified = 0;
    timer_mod_ns(a.t, 5000);
    g_assert_cmpint(notified, ==, 1);
    timer_mod_ns(b.t, 6000); /* later than a: nothing to tell */
    g_assert_cmpint(notified, ==, 1);
    timer_mod_ns(b.t, 4000);
    g_assert_cmpint(notified, ==, 2);
    timers_set_notify(NULL);
    timer_free(a.t);
    timer_free(b.t);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    trace = g_string_new("");
    g_test_add_func("/timer/fire-in-expiry-order",
                    test_timers_fire_in_expiry_order);
    g_test_add_func("/timer/equal-expiries-in-arming-order",
                    test_equal_expiries_fire_in_arming_order);
    g_test_add_func("/timer/rearming-moves-the-timer",
                    test_rearming_moves_the_timer);
    g_test_add_func("/timer/deleted-timer-does-not-fire",
                    test_deleted_timer_does_not_fire);
    g_test_add_func("/timer/periodic-rearm-fires-once-per-pass",
                    test_periodic_rearm_fires_once_per_pass);
    g_test_add_func("/timer/rearmed-into-past-cannot-starve",
                    test_timer_rearmed_into_past_cannot_starve_the_loop);
    g_test_add_func("/timer/stopped-clock-does-not-advance",
                    test_stopped_clock_does_not_advance);
    g_test_add_func("/timer/deadline-is-time-to-earliest",
                    test_deadline_is_time_to_earliest_timer);
    g_test_add_func("/timer/notify-only-for-new-earliest",
                    test_notify_only_for_a_new_earliest_deadline);
    return g_test_run();
}
