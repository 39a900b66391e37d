/*
 * Elapsed guest time for the bare-metal tests: the HPET's main counter at
 * 0xfed00000 (IA-PC HPET specification 1.0a, 2.3.4), which QEMU and
 * Peregrine count from their virtual clock, the clock that also drives
 * the PIT, the local APIC timer, the serial port's timeouts and the PM
 * timer.
 *
 * The host may not run the emulator for a while (another process has the
 * CPU).  The guest then sees this clock jump, as across a System
 * Management Interrupt on real hardware, and the devices behave as
 * hardware does across such a stall: the requests a periodic source made
 * in it are one request in the interrupt controller's IRR, a comparator
 * or count that fell in it has matched or run out.  So a test bounds its
 * waits with this clock, never with a loop count, and where an outcome
 * depends on how long the guest took, it measures that time here and
 * derives what to expect from it.
 *
 * vclock_start() starts the counter if it is halted, keeping the other
 * configuration bits; the period must be a whole number of ns (10 ns on
 * QEMU and Peregrine).  The other functions need the counter running.
 * Arithmetic stays within 32-bit division (no libgcc): spans are
 * saturated to 32 bits of ns (4.29 s).
 */
#ifndef GUEST_VCLOCK_H
#define GUEST_VCLOCK_H

#include <stdint.h>

#include "guest.h"

#define VCLOCK_HPET         0xfed00000u
#define VCLOCK_HPET_PERIOD  0x004 /* GCAP_ID bits 63:32: period, fs */
#define VCLOCK_HPET_CONF    0x010
#define VCLOCK_HPET_COUNTER 0x0f0
#define VCLOCK_HPET_ENABLE  1u

#define VCLOCK_US 1000u
#define VCLOCK_MS 1000000u

/* ns per HPET tick, set by vclock_start(). */
static uint32_t vclock_tick_ns __attribute__((unused));

static inline void vclock_start(void)
{
    uint32_t fs = mmio_read32(VCLOCK_HPET + VCLOCK_HPET_PERIOD);
    uint32_t conf = mmio_read32(VCLOCK_HPET + VCLOCK_HPET_CONF);

    if (!fs || fs % 1000000) {
        puts_dbg("vclock: the HPET period is not a whole number of ns\n");
        guest_exit(1);
    }
    vclock_tick_ns = fs / 1000000;
    if (!(conf & VCLOCK_HPET_ENABLE)) {
        mmio_write32(VCLOCK_HPET + VCLOCK_HPET_CONF, conf | VCLOCK_HPET_ENABLE);
    }
}

/* The time in ns, read high-low-high as a 32-bit OS reads the counter. */
static inline uint64_t vclock_ns(void)
{
    uint32_t hi, lo;

    do {
        hi = mmio_read32(VCLOCK_HPET + VCLOCK_HPET_COUNTER + 4);
        lo = mmio_read32(VCLOCK_HPET + VCLOCK_HPET_COUNTER);
    } while (hi != mmio_read32(VCLOCK_HPET + VCLOCK_HPET_COUNTER + 4));
    return ((uint64_t)hi << 32 | lo) * vclock_tick_ns;
}

/* ns from A to B (B later), saturated to 32 bits. */
static inline uint32_t vclock_span(uint64_t a, uint64_t b)
{
    uint64_t d = b - a;

    return d > UINT32_MAX ? UINT32_MAX : (uint32_t)d;
}

/* ns since A, saturated to 32 bits. */
static inline uint32_t vclock_since(uint64_t a)
{
    return vclock_span(a, vclock_ns());
}

/*
 * Evaluate COND until it holds or LIMIT ns have passed; the value is
 * COND's last.  COND is evaluated once more after the clock was seen past
 * LIMIT, across a loop back-edge: after a stall the device state catches
 * up when the emulator next leaves translated code (its timers run), so
 * an event due well inside LIMIT is seen even when the stall ended the
 * wait.
 */
#define VCLOCK_WAIT(cond, limit)                                               \
    ({                                                                         \
        uint64_t vclock_wait_start_ = vclock_ns();                             \
        int vclock_wait_ok_, vclock_wait_late_ = 0;                            \
                                                                               \
        while (!(vclock_wait_ok_ = !!(cond)) && !vclock_wait_late_) {          \
            vclock_wait_late_ = vclock_since(vclock_wait_start_) >= (limit);   \
        }                                                                      \
        vclock_wait_ok_;                                                       \
    })

/*
 * Requests of a periodic source on IRQ0 (PERIOD ns, started before the
 * call) taken with the master PIC's poll command for about DURATION ns;
 * each is ended with a non-specific EOI.  The PIC must be initialized
 * with IRQ0 alone unmasked.
 *
 * Counting: after a first poll p0 that drains what was latched before,
 * polls p1..pN each read the clock right after (t1..tN; t(-1) before p0,
 * t0 after it).  The edges in (p0, pN] are at least
 * floor((t(N-1) - t0) / PERIOD) and at most floor((tN - t(-1)) / PERIOD)
 * + 1.  A poll sees one request however many edges fell since the poll
 * before (IRR latches one): the window (p(i-1), pi] lies in
 * (t(i-2), ti), so at most floor((ti - t(i-2)) / PERIOD) of its edges go
 * unseen.  A device model that raises an edge up to one period late (its
 * timer ran late) can move one edge in or out at either end: one more
 * each way.  The count is right when it lies in [min, max].
 */
struct vclock_irq_count {
    uint32_t n;        /* requests polled */
    uint32_t min, max; /* the range N must lie in */
    uint32_t elapsed;  /* ns from t0 to tN */
    uint32_t hidden;   /* edges that may have gone unseen */
};

static inline void vclock_count_irq0(uint32_t duration, uint32_t period,
                                     struct vclock_irq_count *c)
{
    uint64_t before = vclock_ns(), t0, prev2, prev, t;
    uint32_t hidden = 0, inner, outer;

    outb(0x20, 0x0c);
    if (inb(0x20) == 0x80) {
        outb(0x20, 0x20);
    }
    t0 = prev = vclock_ns();
    prev2 = before;
    c->n = 0;
    do {
        outb(0x20, 0x0c);
        if (inb(0x20) == 0x80) {
            c->n++;
            outb(0x20, 0x20);
        }
        t = vclock_ns();
        hidden += vclock_span(prev2, t) / period;
        prev2 = prev;
        prev = t;
    } while (vclock_span(t0, t) < duration);
    inner = vclock_span(t0, prev2) / period;
    outer = vclock_span(before, t) / period + 1;
    c->min = inner > hidden + 1 ? inner - hidden - 1 : 0;
    c->max = outer + 1;
    c->elapsed = vclock_span(t0, t);
    c->hidden = hidden;
}

/* Print C on the debug console. */
static inline void vclock_print_irq_count(const struct vclock_irq_count *c)
{
    puts_dbg("# IRQ0 requests: ");
    put_hex(c->n);
    puts_dbg(" in ");
    put_hex(c->elapsed);
    puts_dbg(" ns, at most ");
    put_hex(c->hidden);
    puts_dbg(" unseen; expected ");
    put_hex(c->min);
    puts_dbg(" to ");
    put_hex(c->max);
    puts_dbg("\n");
}

#endif /* GUEST_VCLOCK_H */
