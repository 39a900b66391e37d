/*
 * The HPET: High Precision Event Timer (IA-PC HPET specification 1.0a).
 *
 * One timer block at 0xfed00000 (1 KiB of registers, 32- or 64-bit
 * accesses): a 64-bit main counter at 100 MHz and three comparators, each
 * able to run one-shot or periodic, 32- or 64-bit, edge or level, routed
 * to an IOAPIC pin of its INT_ROUTE_CAP (20-23) or, in legacy replacement
 * mode, timer 0 to IRQ0 and timer 1 to IRQ8 (PIC input 0 / IOAPIC pin 2,
 * PIC input 8 / IOAPIC pin 8).  FSB (MSI) delivery is not offered
 * (Tn_FSB_INT_DEL_CAP = 0).
 *
 * The PIT's IRQ0 and the RTC's IRQ8 pass through here: in legacy
 * replacement mode the HPET owns those lines and the PIT/RTC outputs are
 * cut off, as the specification says (2.3.9.2.3); leaving the mode gives
 * the lines back at the PIT's and RTC's current levels.
 *
 * Nothing ticks: while ENABLE_CNF is set the counter is a function of the
 * virtual clock (counter_base at time base_ns); each timer with its
 * interrupt enabled has a Timer armed for its next comparator match.  A
 * level-triggered match sets the timer's bit in GINTR_STA, which stays
 * until the guest writes 1 to it; an edge-triggered match is a pulse and
 * leaves GINTR_STA alone (the specification leaves that bit undefined for
 * edge mode).  A timer whose interrupt is disabled does not advance its
 * periodic comparator (a deviation nobody can see through the interrupt,
 * only by reading the comparator).
 */
#include <glib.h>

#include "hw/devices.h"
#include "hw/i386/acpi-build.h"
#include "softmmu/timer.h"
#include "util/log.h"

#define HPET_SIZE        0x400
#define HPET_NUM_TIMERS  3
#define HPET_PERIOD_FS   10000000u /* 10 ns: 100 MHz */
#define HPET_TICK_NS     10
#define HPET_VENDOR_ID   UINT64_C(0x8086)
#define HPET_REV_ID      0x01
#define HPET_ROUTE_CAP   0x00f00000u /* IOAPIC pins 20-23 */
#define HPET_LEGACY_IRQ0 0
#define HPET_LEGACY_IRQ8 8

/* Register offsets. */
#define HPET_GCAP_ID      0x000
#define HPET_GEN_CONF     0x010
#define HPET_GINTR_STA    0x020
#define HPET_MAIN_COUNTER 0x0f0
#define HPET_TIMER_BASE   0x100
#define HPET_TIMER_STRIDE 0x20
#define HPET_TN_CONF      0x00
#define HPET_TN_CMP       0x08
#define HPET_TN_FSB       0x10

/* GCAP_ID. */
#define GCAP_NUM_TIM_SHIFT 8
#define GCAP_COUNT_SIZE    (1u << 13)
#define GCAP_LEG_RT        (1u << 15)
#define GCAP_VENDOR_SHIFT  16
#define GCAP_PERIOD_SHIFT  32

/* GEN_CONF. */
#define CONF_ENABLE (1u << 0)
#define CONF_LEG_RT (1u << 1)

/* Tn_CONF_CAP. */
#define TN_INT_TYPE_LEVEL  (1u << 1)
#define TN_INT_ENB         (1u << 2)
#define TN_TYPE_PERIODIC   (1u << 3)
#define TN_PER_INT_CAP     (1u << 4)
#define TN_SIZE_CAP        (1u << 5)
#define TN_VAL_SET         (1u << 6)
#define TN_32MODE          (1u << 8)
#define TN_INT_ROUTE_SHIFT 9
#define TN_INT_ROUTE_MASK  (0x1fu << TN_INT_ROUTE_SHIFT)
#define TN_FSB_EN          (1u << 14)
#define TN_ROUTE_CAP_SHIFT 32
/* What the guest may write in Tn_CONF_CAP (VAL_SET handled apart). */
#define TN_WRITABLE                                                            \
    (TN_INT_TYPE_LEVEL | TN_INT_ENB | TN_TYPE_PERIODIC | TN_32MODE             \
     | TN_INT_ROUTE_MASK)
#define TN_CAPS                                                                \
    (TN_PER_INT_CAP | TN_SIZE_CAP                                              \
     | (uint64_t)HPET_ROUTE_CAP << TN_ROUTE_CAP_SHIFT)

typedef struct HPETState HPETState;

typedef struct HPETTimer {
    HPETState *s;
    unsigned index;
    uint64_t config; /* Tn_CONF_CAP (writable bits + caps) */
    uint64_t cmp;    /* comparator: the next match */
    uint64_t period; /* periodic mode: added to cmp per match */
    Timer *timer;    /* armed for the next match */
    IRQLine *line;   /* the line it drives now, or NULL */
} HPETTimer;

struct HPETState {
    uint64_t config;       /* GEN_CONF */
    uint64_t isr;          /* GINTR_STA: level-mode matches pending */
    uint64_t counter_base; /* main counter at base_ns (or halted) */
    int64_t base_ns;       /* virtual time counter_base was taken */
    HPETTimer t[HPET_NUM_TIMERS];

    Machine *m;
    bool pit_level; /* the PIT's IRQ0 output */
    bool rtc_level; /* the RTC's IRQ8 output */
    MemoryRegion mmio;
};

/* -- Counter --------------------------------------------------------------- */

static bool hpet_enabled(const HPETState *s)
{
    return s->config & CONF_ENABLE;
}

static bool hpet_legacy(const HPETState *s)
{
    return s->config & CONF_LEG_RT;
}

static uint64_t hpet_counter(const HPETState *s, int64_t now)
{
    if (!hpet_enabled(s)) {
        return s->counter_base;
    }
    return s->counter_base + (uint64_t)(now - s->base_ns) / HPET_TICK_NS;
}

/* -- Interrupt lines ------------------------------------------------------- */

static bool timer_32bit(const HPETTimer *t)
{
    return t->config & TN_32MODE;
}

static bool timer_periodic(const HPETTimer *t)
{
    return t->config & TN_TYPE_PERIODIC;
}

static bool timer_level(const HPETTimer *t)
{
    return t->config & TN_INT_TYPE_LEVEL;
}

/* The line timer T drives in the current mode (NULL: none). */
static IRQLine *timer_route(const HPETTimer *t)
{
    const HPETState *s = t->s;
    unsigned pin = (t->config & TN_INT_ROUTE_MASK) >> TN_INT_ROUTE_SHIFT;

    if (hpet_legacy(s) && t->index < 2) {
        return s->m
            ->isa_irq[t->index == 0 ? HPET_LEGACY_IRQ0 : HPET_LEGACY_IRQ8];
    }
    if (!(HPET_ROUTE_CAP & (1u << pin))) {
        return NULL; /* not a pin this timer can reach */
    }
    return s->m->ioapic_in[pin];
}

/* The level timer T asks for on its line. */
static bool timer_line_level(const HPETTimer *t)
{
    return hpet_enabled(t->s) && (t->config & TN_INT_ENB) && timer_level(t)
           && (t->s->isr & (1u << t->index));
}

/* LINE's level from the timers driving it (several may share a pin). */
static bool hpet_line_level(const HPETState *s, const IRQLine *line)
{
    for (int i = 0; i < HPET_NUM_TIMERS; i++) {
        if (s->t[i].line == line && timer_line_level(&s->t[i])) {
            return true;
        }
    }
    return false;
}

/*
 * The only place lines move (besides an edge timer's pulse): route each
 * timer for the current mode, release the lines no timer drives any more,
 * give IRQ0/IRQ8 back to the PIT and the RTC outside legacy replacement
 * mode, and set every driven line from its timers.
 */
static void hpet_update_irq(HPETState *s)
{
    IRQLine *irq0 = s->m->isa_irq[HPET_LEGACY_IRQ0];
    IRQLine *irq8 = s->m->isa_irq[HPET_LEGACY_IRQ8];
    IRQLine *old[HPET_NUM_TIMERS];

    for (int i = 0; i < HPET_NUM_TIMERS; i++) {
        old[i] = s->t[i].line;
        s->t[i].line = timer_route(&s->t[i]);
    }
    for (int i = 0; i < HPET_NUM_TIMERS; i++) {
        if (old[i] && old[i] != irq0 && old[i] != irq8) {
            irq_set(old[i], hpet_line_level(s, old[i]));
        }
    }
    if (!hpet_legacy(s)) {
        irq_set(irq0, s->pit_level);
        irq_set(irq8, s->rtc_level);
    }
    for (int i = 0; i < HPET_NUM_TIMERS; i++) {
        irq_set(s->t[i].line, hpet_line_level(s, s->t[i].line));
    }
}

/* A comparator match of T: a pulse (edge) or GINTR_STA and a level. */
static void timer_fire(HPETTimer *t)
{
    HPETState *s = t->s;

    if (timer_level(t)) {
        s->isr |= 1u << t->index;
    } else {
        irq_raise(t->line);
    }
    irq_set(t->line, hpet_line_level(s, t->line));
}

static void hpet_pit_in(void *opaque, int n, int level)
{
    HPETState *s = opaque;

    s->pit_level = level;
    if (!hpet_legacy(s)) {
        irq_set(s->m->isa_irq[HPET_LEGACY_IRQ0], level);
    }
}

static void hpet_rtc_in(void *opaque, int n, int level)
{
    HPETState *s = opaque;

    s->rtc_level = level;
    if (!hpet_legacy(s)) {
        irq_set(s->m->isa_irq[HPET_LEGACY_IRQ8], level);
    }
}

/* -- Comparators ----------------------------------------------------------- */

/* Ticks from counter value NOW_COUNT until T's comparator matches, in
 * [0, 2^32) for a 32-bit timer; 0 when it matches now. */
static uint64_t timer_ticks_to_match(const HPETTimer *t, uint64_t now_count)
{
    if (timer_32bit(t)) {
        return (uint32_t)(t->cmp - now_count);
    }
    return t->cmp - now_count;
}

/* Arm T's Timer for its next match (or disarm it). */
static void timer_schedule(HPETTimer *t, int64_t now)
{
    HPETState *s = t->s;
    uint64_t ticks;

    if (!hpet_enabled(s) || !(t->config & TN_INT_ENB)) {
        timer_del(t->timer);
        return;
    }
    ticks = timer_ticks_to_match(t, hpet_counter(s, now));
    if (ticks > (UINT64_C(1) << 40)) {
        /* A 64-bit comparator behind the counter matches only after the
         * counter wraps, thousands of years away: never, in practice. */
        timer_del(t->timer);
        return;
    }
    /* The tick that reaches the comparator starts at base + n * 10 ns. */
    timer_mod_ns(t->timer,
                 s->base_ns
                     + (int64_t)(hpet_counter(s, now) - s->counter_base + ticks)
                           * HPET_TICK_NS);
}

/* Move a periodic comparator past counter value C: to the first match
 * after C (matches missed by a late timer are one interrupt). */
static void timer_advance(HPETTimer *t, uint64_t c)
{
    uint64_t mask = timer_32bit(t) ? UINT32_MAX : UINT64_MAX;
    uint64_t period = t->period & mask;
    uint64_t ahead = timer_ticks_to_match(t, c);

    if (!period || (ahead > 0 && ahead <= period)) {
        return;
    }
    t->cmp = (t->cmp + ((c - t->cmp) & mask) / period * period + period) & mask;
}

static void hpet_timer_cb(void *opaque)
{
    HPETTimer *t = opaque;
    int64_t now = clock_get_ns(CLOCK_VIRTUAL);
    uint64_t c = hpet_counter(t->s, now);

    timer_fire(t);
    if (timer_periodic(t)) {
        timer_advance(t, c);
        timer_schedule(t, now);
    } else if (!timer_32bit(t)) {
        timer_del(t->timer); /* a 64-bit one-shot matches once */
    } else {
        timer_schedule(t, now + HPET_TICK_NS); /* next wrap, 43 s on */
    }
}

/* -- Registers ------------------------------------------------------------- */

static uint64_t hpet_gcap(void)
{
    return (uint64_t)HPET_PERIOD_FS << GCAP_PERIOD_SHIFT
           | HPET_VENDOR_ID << GCAP_VENDOR_SHIFT | GCAP_LEG_RT | GCAP_COUNT_SIZE
           | (HPET_NUM_TIMERS - 1) << GCAP_NUM_TIM_SHIFT | HPET_REV_ID;
}

/* The 64-bit register at OFF (8-aligned). */
static uint64_t hpet_reg_read(HPETState *s, hwaddr off)
{
    int64_t now = clock_get_ns(CLOCK_VIRTUAL);

    if (off >= HPET_TIMER_BASE
        && off < HPET_TIMER_BASE + HPET_NUM_TIMERS * HPET_TIMER_STRIDE) {
        HPETTimer *t = &s->t[(off - HPET_TIMER_BASE) / HPET_TIMER_STRIDE];

        switch ((off - HPET_TIMER_BASE) % HPET_TIMER_STRIDE) {
        case HPET_TN_CONF:
            return t->config;
        case HPET_TN_CMP:
            return t->cmp;
        case HPET_TN_FSB:
            return 0; /* FSB delivery not offered */
        default:
            return 0; /* reserved */
        }
    }
    switch (off) {
    case HPET_GCAP_ID:
        return hpet_gcap();
    case HPET_GEN_CONF:
        return s->config;
    case HPET_GINTR_STA:
        return s->isr;
    case HPET_MAIN_COUNTER:
        return hpet_counter(s, now);
    default:
        qlog_mask(LOG_UNIMP,
                  "hpet: read of reserved register 0x%03" G_GINT64_MODIFIER
                  "x\n",
                  off);
        return 0;
    }
}

static void hpet_write_gen_conf(HPETState *s, uint64_t val, int64_t now)
{
    /* Start or halt the counter where it stands. */
    s->counter_base = hpet_counter(s, now);
    s->base_ns = now;
    s->config = val & (CONF_ENABLE | CONF_LEG_RT);
    hpet_update_irq(s);
    for (int i = 0; i < HPET_NUM_TIMERS; i++) {
        timer_schedule(&s->t[i], now);
    }
}

static void hpet_write_timer(HPETTimer *t, unsigned reg, uint64_t val,
                             uint64_t mask, int64_t now)
{
    HPETState *s = t->s;

    switch (reg) {
    case HPET_TN_CONF:
        val = (t->config & ~mask) | (val & mask);
        if (val & TN_FSB_EN) {
            qlog_mask(LOG_GUEST_ERRORS,
                      "hpet: timer %u: FSB delivery is "
                      "not offered (Tn_FSB_INT_DEL_CAP = 0)\n",
                      t->index);
        }
        if ((mask & TN_VAL_SET) && (val & TN_VAL_SET)) {
            t->config |= TN_VAL_SET;
        }
        t->config = (t->config & TN_VAL_SET) | (val & TN_WRITABLE) | TN_CAPS;
        if (timer_32bit(t)) {
            t->cmp = (uint32_t)t->cmp;
            t->period = (uint32_t)t->period;
        }
        if (!timer_level(t)) {
            s->isr &= ~(1u << t->index);
        }
        hpet_update_irq(s);
        break;
    case HPET_TN_CMP:
        if (timer_32bit(t)) {
            mask &= UINT32_MAX;
        }
        /* Periodic mode: a write sets the period, and the comparator too
         * when VAL_SET_CNF was set first (2.3.9.2.2). */
        if (!timer_periodic(t) || (t->config & TN_VAL_SET)) {
            t->cmp = (t->cmp & ~mask) | (val & mask);
        }
        t->period = (t->period & ~mask) | (val & mask);
        t->config &= ~(uint64_t)TN_VAL_SET;
        break;
    default:
        return; /* FSB route and reserved: ignored */
    }
    timer_schedule(t, now);
}

/* Write VAL into the bits MASK of the 64-bit register at OFF (8-aligned). */
static void hpet_reg_write(HPETState *s, hwaddr off, uint64_t val,
                           uint64_t mask)
{
    int64_t now = clock_get_ns(CLOCK_VIRTUAL);

    if (off >= HPET_TIMER_BASE
        && off < HPET_TIMER_BASE + HPET_NUM_TIMERS * HPET_TIMER_STRIDE) {
        hpet_write_timer(&s->t[(off - HPET_TIMER_BASE) / HPET_TIMER_STRIDE],
                         (off - HPET_TIMER_BASE) % HPET_TIMER_STRIDE, val, mask,
                         now);
        return;
    }
    switch (off) {
    case HPET_GCAP_ID:
        break; /* read-only */
    case HPET_GEN_CONF:
        hpet_write_gen_conf(s, (s->config & ~mask) | (val & mask), now);
        break;
    case HPET_GINTR_STA:
        s->isr &= ~(val & mask); /* write 1 to clear */
        hpet_update_irq(s);
        break;
    case HPET_MAIN_COUNTER:
        if (hpet_enabled(s)) {
            qlog_mask(LOG_GUEST_ERRORS, "hpet: main counter written while "
                                        "running (ignored)\n");
            break;
        }
        s->counter_base = (s->counter_base & ~mask) | (val & mask);
        break;
    default:
        qlog_mask(LOG_UNIMP,
                  "hpet: write of reserved register 0x%03" G_GINT64_MODIFIER
                  "x\n",
                  off);
        break;
    }
}

static uint64_t hpet_read(void *opaque, hwaddr addr, unsigned size)
{
    HPETState *s = opaque;
    unsigned shift = (addr & 4) * 8;
    uint64_t v = hpet_reg_read(s, addr & ~(hwaddr)7);

    return size == 8 ? v : (uint32_t)(v >> shift);
}

static void hpet_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    HPETState *s = opaque;
    unsigned shift = (addr & 4) * 8;
    uint64_t mask = size == 8 ? UINT64_MAX : (uint64_t)UINT32_MAX << shift;

    hpet_reg_write(s, addr & ~(hwaddr)7, val << shift, mask);
}

static const MemoryRegionOps hpet_ops = {
    .read = hpet_read,
    .write = hpet_write,
    .valid = {.min_size = 4, .max_size = 8},
    .impl = {.min_size = 4, .max_size = 8},
};

/* -- Set-up ---------------------------------------------------------------- */

static void hpet_reset(HPETState *s)
{
    s->config = 0;
    s->isr = 0;
    s->counter_base = 0;
    s->base_ns = clock_get_ns(CLOCK_VIRTUAL);
    for (int i = 0; i < HPET_NUM_TIMERS; i++) {
        HPETTimer *t = &s->t[i];

        t->config = TN_CAPS;
        t->cmp = UINT64_MAX;
        t->period = 0;
        timer_del(t->timer);
    }
    hpet_update_irq(s);
}

void hpet_init(Machine *m, IRQLine **pit_irq, IRQLine **rtc_irq)
{
    HPETState *s = g_new0(HPETState, 1);

    s->m = m;
    for (int i = 0; i < HPET_NUM_TIMERS; i++) {
        s->t[i].s = s;
        s->t[i].index = i;
        s->t[i].timer = timer_new_ns(CLOCK_VIRTUAL, hpet_timer_cb, &s->t[i]);
    }
    *pit_irq = irq_new(hpet_pit_in, s, 0);
    *rtc_irq = irq_new(hpet_rtc_in, s, 0);
    hpet_reset(s);
    memory_region_init_io(&s->mmio, "hpet", &hpet_ops, s, HPET_SIZE);
    memory_region_add_subregion(&m->system, ACPI_HPET_ADDR, &s->mmio);
}
