/*
 * The HPET at 0xfed00000, with interrupts off (interrupts are seen in the
 * local APIC's IRR or with the PIC's poll command).
 *   - capabilities: vendor 8086, 10 ns period (100 MHz), 3 timers, 64-bit
 *     counter, legacy replacement capable; each timer periodic- and
 *     64-bit-capable with some IOAPIC pins to route to;
 *   - the main counter holds while halted, takes a write, and counts
 *     100 million ticks per RTC second once enabled (each change of the
 *     RTC's seconds is bracketed by two counter reads; the brackets must
 *     hold 1 s give or take 1%);
 *   - a one-shot edge timer routed to an IOAPIC pin requests its vector;
 *   - a level timer sets its GINTR_STA bit, which a write of 1 clears;
 *   - a 32-bit one-shot matches on the low 32 bits of the counter, its
 *     comparator's high half not compared;
 *   - a periodic timer's comparator moves on by its period;
 *   - legacy replacement: timer 0 at 100 Hz drives IRQ0 (counted by PIC
 *     poll over half a second, lib/vclock.h) while the PIT, programmed at
 *     1 kHz, is cut off; timer 1 drives IRQ8 (IOAPIC pin 8).
 * Comparators are written while the main counter is halted, as Linux does
 * for a periodic timer: a stall of the host between reading the counter
 * and writing the comparator cannot put the match behind the counter.
 * Waits are bounded by the main counter itself (lib/vclock.h).
 */
#include "guest.h"
#include "vclock.h"

#define HPET        0xfed00000u
#define APIC        0xfee00000u
#define IOAPIC      0xfec00000u
#define TICKS_PER_S 100000000u
#define WAIT_NS     (1000 * VCLOCK_MS) /* a match due in ms has come */

enum {
    GCAP = 0x000,
    PERIOD = 0x004,
    CONF = 0x010,
    STATUS = 0x020,
    COUNTER = 0x0f0,
};
#define TN_CONF(n) (0x100 + 0x20 * (n))
#define TN_CMP(n)  (0x108 + 0x20 * (n))

#define CONF_ENABLE 1
#define CONF_LEGACY 2
#define TN_LEVEL    (1u << 1)
#define TN_INT_ENB  (1u << 2)
#define TN_PERIODIC (1u << 3)
#define TN_PER_CAP  (1u << 4)
#define TN_64_CAP   (1u << 5)
#define TN_VAL_SET  (1u << 6)
#define TN_32MODE   (1u << 8)
#define TN_ROUTE(p) ((p) << 9)

#define APIC_SVR 0xf0
#define APIC_IRR 0x200

static uint32_t hpet_read(uint32_t r)
{
    return mmio_read32(HPET + r);
}

static void hpet_write(uint32_t r, uint32_t v)
{
    mmio_write32(HPET + r, v);
}

/* The 64-bit counter, read high-low-high as a 32-bit OS does. */
static uint64_t counter(void)
{
    uint32_t hi, lo;

    do {
        hi = hpet_read(COUNTER + 4);
        lo = hpet_read(COUNTER);
    } while (hi != hpet_read(COUNTER + 4));
    return (uint64_t)hi << 32 | lo;
}

static int irr_has(int vector)
{
    return mmio_read32(APIC + APIC_IRR + (vector / 32) * 0x10) >> (vector % 32)
           & 1;
}

static void ioapic_write(uint32_t r, uint32_t v)
{
    mmio_write32(IOAPIC, r);
    mmio_write32(IOAPIC + 0x10, v);
}

/* IOAPIC PIN: fixed delivery of VECTOR (edge) to APIC 0, or masked. */
static void ioapic_route(int pin, int vector)
{
    ioapic_write(0x11 + 2 * pin, 0);
    ioapic_write(0x10 + 2 * pin, vector ? (uint32_t)vector : 0x10000);
}

static int wait_irr(int vector)
{
    return VCLOCK_WAIT(irr_has(vector), WAIT_NS);
}

/* Halt (0) or run (1) the main counter, keeping legacy replacement. */
static void counter_run(int on)
{
    uint32_t conf = hpet_read(CONF) & ~CONF_ENABLE;

    hpet_write(CONF, conf | (on ? CONF_ENABLE : 0));
}

static uint8_t rtc_seconds(void)
{
    outb(0x70, 0x00);
    return inb(0x71);
}

/*
 * Wait (up to 2 s) for the RTC's seconds to change; the counter was
 * between *LO and *HI at the change.  The reads alternate (counter,
 * seconds, counter, ...): a change first seen by a seconds read came
 * after the seconds read before it, so after the counter read before
 * that one.
 */
static int rtc_second_edge(uint64_t *lo, uint64_t *hi)
{
    uint64_t prev2 = counter(), prev, c;
    uint8_t s = rtc_seconds();

    prev = counter();
    for (;;) {
        uint8_t now = rtc_seconds();

        c = counter();
        if (now != s) {
            *lo = prev2;
            *hi = c;
            return 1;
        }
        if (c - prev2 > 2ull * TICKS_PER_S) {
            return 0;
        }
        prev2 = prev;
        prev = c;
    }
}

static void check_caps(void)
{
    uint32_t cap = hpet_read(GCAP);
    int all = 1;

    check((cap >> 16) == 0x8086, "vendor ID 8086");
    check(hpet_read(PERIOD) == 10000000, "counter period 10 ns (100 MHz)");
    check((cap >> 8 & 0x1f) == 2, "three timers");
    check(cap & (1u << 13), "64-bit main counter");
    check(cap & (1u << 15), "legacy replacement capable");
    for (int i = 0; i < 3; i++) {
        uint32_t c = hpet_read(TN_CONF(i));

        all &= (c & TN_PER_CAP) && (c & TN_64_CAP)
               && hpet_read(TN_CONF(i) + 4) != 0;
    }
    check(all, "each timer: periodic, 64-bit, routable");
}

static void check_counter(void)
{
    uint64_t a, lo1, hi1, lo2, hi2;
    int moved = 0;

    hpet_write(CONF, 0);
    hpet_write(COUNTER, 0x12345678);
    hpet_write(COUNTER + 4, 0x9);
    a = counter();
    for (int n = 0; n < 100000; n++) {
        moved |= counter() != a;
    }
    check(a == 0x912345678ull && !moved,
          "the halted counter holds the value written");

    hpet_write(COUNTER, 0);
    hpet_write(COUNTER + 4, 0);
    hpet_write(CONF, CONF_ENABLE);
    if (!rtc_second_edge(&lo1, &hi1) || !rtc_second_edge(&lo2, &hi2)) {
        check(0, "the RTC seconds advance");
        return;
    }
    /* The second lasted at least lo2 - hi1 and at most hi2 - lo1. */
    puts_dbg("# ticks in one RTC second: at least ");
    put_hex((uint32_t)(lo2 - hi1));
    puts_dbg(", at most ");
    put_hex((uint32_t)(hi2 - lo1));
    puts_dbg("\n");
    check(lo2 - hi1 <= TICKS_PER_S + TICKS_PER_S / 100
              && hi2 - lo1 >= TICKS_PER_S - TICKS_PER_S / 100,
          "the counter runs at 100 MHz (one RTC second, 1%)");
}

/* Highest IOAPIC pin timer N may route to. */
static int route_pin(int n)
{
    uint32_t cap = hpet_read(TN_CONF(n) + 4);

    return cap ? 31 - __builtin_clz(cap) : -1;
}

/* Write T's 64-bit comparator (the counter halted). */
static void write_cmp64(int t, uint64_t c)
{
    hpet_write(TN_CMP(t), (uint32_t)c);
    hpet_write(TN_CMP(t) + 4, c >> 32);
}

static int status_has(uint32_t bit)
{
    return hpet_read(STATUS) & bit;
}

static void check_oneshot_and_level(void)
{
    int pin = route_pin(2);
    uint64_t c;
    int ok;

    ioapic_route(pin, 0x71);
    counter_run(0);
    c = counter() + 100000; /* 1 ms */
    hpet_write(TN_CONF(2), TN_ROUTE(pin));
    write_cmp64(2, c);
    check(hpet_read(TN_CMP(2)) == (uint32_t)c
              && hpet_read(TN_CMP(2) + 4) == c >> 32,
          "the comparator reads back");
    hpet_write(TN_CONF(2), TN_ROUTE(pin) | TN_INT_ENB);
    counter_run(1);
    check(wait_irr(0x71), "a one-shot edge timer requests its vector "
                          "through its IOAPIC pin");
    ioapic_route(pin, 0);

    /* Level: the status bit until written with 1. */
    counter_run(0);
    hpet_write(TN_CONF(2), TN_ROUTE(pin) | TN_LEVEL);
    write_cmp64(2, counter() + 100000);
    hpet_write(TN_CONF(2), TN_ROUTE(pin) | TN_LEVEL | TN_INT_ENB);
    counter_run(1);
    ok = VCLOCK_WAIT(status_has(4), WAIT_NS);
    check(ok, "a level timer's match sets its GINTR_STA bit");
    for (int n = 0; n < 1000; n++) {
        ok = ok && status_has(4);
    }
    check(ok, "the status bit stays set");
    hpet_write(STATUS, 4);
    check(!status_has(4), "writing 1 clears the status bit");

    /* 32-bit mode: only the low half of the counter is compared. */
    counter_run(0);
    c = counter();
    hpet_write(TN_CONF(2), TN_ROUTE(pin) | TN_LEVEL | TN_32MODE);
    hpet_write(TN_CMP(2), (uint32_t)c + 100000);
    hpet_write(TN_CMP(2) + 4, 0xffffffff); /* not compared */
    hpet_write(TN_CONF(2), TN_ROUTE(pin) | TN_LEVEL | TN_32MODE | TN_INT_ENB);
    counter_run(1);
    check(VCLOCK_WAIT(status_has(4), WAIT_NS),
          "a 32-bit one-shot timer matches the counter's low half");
    hpet_write(TN_CONF(2), 0);
    hpet_write(STATUS, 4);
}

/* Periodic timers run in 32-bit mode, as Linux runs them: VAL_SET covers
 * one 32-bit write, so a 64-bit comparator's high half would keep its
 * reset value (all ones). */
static void check_periodic(void)
{
    int pin = route_pin(0);
    uint32_t c, first, now = 0;

    counter_run(0);
    c = (uint32_t)counter() + 100000;
    hpet_write(TN_CONF(0), TN_ROUTE(pin) | TN_PERIODIC | TN_VAL_SET | TN_32MODE
                               | TN_INT_ENB);
    hpet_write(TN_CMP(0), c);
    hpet_write(TN_CMP(0), 100000); /* the period */
    first = hpet_read(TN_CMP(0));
    check(first == c,
          "VAL_SET writes the comparator, the next write only the period");
    counter_run(1);
    VCLOCK_WAIT((now = hpet_read(TN_CMP(0))) - first >= 300000, WAIT_NS);
    check(now - first >= 300000 && (now - first) % 100000 == 0,
          "a periodic comparator moves on by its period");
    hpet_write(TN_CONF(0), 0);
}

static void check_legacy(void)
{
    struct vclock_irq_count n;

    /* PIC: IRQ0 only, vectors 0x20/0x28. */
    outb(0x20, 0x11);
    outb(0x21, 0x20);
    outb(0x21, 0x04);
    outb(0x21, 0x01);
    outb(0x21, 0xfe);
    outb(0x43, 0x34); /* PIT ch0 1 kHz */
    outb(0x40, 1193 & 0xff);
    outb(0x40, 1193 >> 8);

    hpet_write(CONF, CONF_LEGACY); /* halted */
    hpet_write(TN_CONF(0), TN_PERIODIC | TN_VAL_SET | TN_32MODE | TN_INT_ENB);
    hpet_write(TN_CMP(0), (uint32_t)counter() + 1000000);
    hpet_write(TN_CMP(0), 1000000); /* 10 ms: 100 Hz */
    hpet_write(CONF, CONF_ENABLE | CONF_LEGACY);
    vclock_count_irq0(500 * VCLOCK_MS, 10 * VCLOCK_MS, &n);
    vclock_print_irq_count(&n);
    check(n.n >= n.min && n.n <= n.max,
          "legacy replacement: timer 0 at "
          "100 Hz drives IRQ0 and the PIT's 1 kHz is cut off");
    hpet_write(TN_CONF(0), 0);
    outb(0x43, 0x30);
    outb(0x21, 0xff);

    /* Timer 1 on IRQ8: IOAPIC pin 8. */
    ioapic_route(8, 0x78);
    counter_run(0);
    hpet_write(TN_CONF(1), 0);
    write_cmp64(1, counter() + 100000);
    hpet_write(TN_CONF(1), TN_INT_ENB);
    counter_run(1);
    check(wait_irr(0x78), "legacy replacement: timer 1 drives IRQ8");
    ioapic_route(8, 0);
    hpet_write(TN_CONF(1), 0);
    hpet_write(CONF, CONF_ENABLE);
}

int guest_main(uint32_t magic, uint32_t info)
{
    mmio_write32(APIC + APIC_SVR, 0x1ff);
    vclock_start();
    check_caps();
    check_counter();
    check_oneshot_and_level();
    check_periodic();
    check_legacy();
    hpet_write(CONF, 0);
    return failures;
}
