/*
 * The 8254 programmable interval timer (Intel 8254 data sheet) and the PC's
 * port 0x61 (channel 2 gate, speaker enable, refresh toggle, channel 2
 * output).
 *
 * Three channels clocked at 1.193182 MHz: channel 0 drives IRQ0, channel 1
 * (DRAM refresh once) is free, channel 2 is gated by port 0x61 bit 0 and
 * its output is readable in port 0x61 bit 5.  Ports 0x40-0x42 are the
 * counters, 0x43 the control word (mode set, counter latch, read-back).
 *
 * Nothing is counted tick by tick: a running channel remembers the virtual
 * time its count was loaded (or its gate last triggered it), and its
 * counter and output are functions of the ticks since then.  Channel 0's
 * output transitions are timers; each rise of the output is an edge on
 * IRQ0 even when the timer runs late (mode 2's low pulse lasts one tick,
 * far shorter than a timer's latency).
 *
 * Deviations: a count written to a running mode 2/3 channel takes effect
 * at once, not at the end of the current period; in mode 3 with an odd
 * count the counter reads as if the count were even (the output timing
 * is exact).
 */
#include <glib.h>

#include "hw/devices.h"
#include "softmmu/timer.h"
#include "util/log.h"

#define PIT_FREQ    1193182
#define PIT_BASE    0x40
#define PIT_SPEAKER 0x61
#define REFRESH_NS  15085 /* port 0x61 bit 4 toggles at this period */

/* Control word (port 0x43). */
#define CW_BCD        0x01
#define CW_MODE(v)    (((v) >> 1) & 7)
#define CW_RW(v)      (((v) >> 4) & 3)
#define CW_CHANNEL(v) ((v) >> 6)
#define CW_READBACK   3    /* channel field 3: read-back command */
#define RB_NO_COUNT   0x20 /* read-back: do not latch the count */
#define RB_NO_STATUS  0x10 /* read-back: do not latch the status */

/* Status byte (read-back). */
#define ST_OUTPUT     0x80
#define ST_NULL_COUNT 0x40

/* Port 0x61. */
#define P61_GATE2   0x01
#define P61_SPKR_EN 0x02
#define P61_REFRESH 0x10
#define P61_OUT2    0x20

/* Read/write access mode of a counter. */
enum { RW_LATCH = 0, RW_LSB = 1, RW_MSB = 2, RW_WORD = 3 };

typedef struct PITChannel {
    /* Programmed state. */
    uint8_t mode; /* 0-5 (6, 7 are 2, 3) */
    uint8_t rw;   /* RW_LSB / RW_MSB / RW_WORD */
    bool bcd;
    uint32_t count;  /* initial count; 0 loads as 0x10000/10000 */
    bool null_count; /* count written but not loaded yet */
    bool armed;      /* a count is loaded */
    bool triggered;  /* modes 1/5: the gate has started it */
    bool gate;
    int64_t load_time;     /* virtual ns the counting (re)started */
    uint64_t paused_ticks; /* modes 0/4 with gate low: frozen ticks */

    /* Byte-wise access state. */
    bool write_msb_next; /* RW_WORD: LSB written, MSB expected */
    uint8_t write_lsb;
    bool read_msb_next; /* RW_WORD live reads */
    uint8_t latch_left; /* latched count bytes to read: 0, 1, 2 */
    uint16_t latched_count;
    uint8_t latch_rw; /* the rw mode at latch time */
    bool status_latched;
    uint8_t status;

    /* Output. */
    IRQLine *out;       /* channel 0: IRQ0 */
    Timer *timer;       /* channel 0: next output transition */
    uint64_t next_tick; /* ticks since load of that transition */
} PITChannel;

typedef struct PITState {
    PITChannel ch[3];
    bool speaker_enable; /* port 0x61 bit 1 */
    MemoryRegion io;
    MemoryRegion speaker_io;
} PITState;

/* -- Counting ----------------------------------------------------------- */

static uint64_t ns_to_ticks(int64_t ns)
{
    return ns <= 0 ? 0
                   : (unsigned __int128)ns * PIT_FREQ / NANOSECONDS_PER_SECOND;
}

/* The first ns at which TICKS ticks have elapsed. */
static int64_t ticks_to_ns(uint64_t ticks)
{
    return ((unsigned __int128)ticks * NANOSECONDS_PER_SECOND + PIT_FREQ - 1)
           / PIT_FREQ;
}

static uint32_t pit_period(const PITChannel *c)
{
    if (c->count) {
        return c->count;
    }
    return c->bcd ? 10000 : 0x10000;
}

/* Is the channel counting (loaded, gate and trigger allowing)? */
static bool pit_counting(const PITChannel *c)
{
    if (!c->armed) {
        return false;
    }
    switch (c->mode) {
    case 1:
    case 5:
        return c->triggered;
    default:
        return c->gate;
    }
}

/* Ticks since the count was loaded (or triggered). */
static uint64_t pit_ticks(const PITChannel *c, int64_t now)
{
    if (!pit_counting(c)) {
        return c->paused_ticks;
    }
    return c->paused_ticks + ns_to_ticks(now - c->load_time);
}

/* The output after D ticks of counting. */
static bool pit_out_at(const PITChannel *c, uint64_t d)
{
    uint32_t n = pit_period(c);

    switch (c->mode) {
    case 0:
    case 1:
        return d >= n;
    case 2:
        return n == 1 || d % n != n - 1; /* low while the counter is 1 */
    case 3:
        return d % n < (n + 1) / 2;
    default: /* 4, 5: one tick low at 0 */
        return d != n;
    }
}

/* The first tick after D at which the output changes, or 0 for never. */
static uint64_t pit_next_transition(const PITChannel *c, uint64_t d)
{
    uint32_t n = pit_period(c);
    uint64_t base = d - d % n;

    switch (c->mode) {
    case 0:
    case 1:
        return d < n ? n : 0;
    case 2:
        if (n == 1) {
            return 0;
        }
        return d % n < n - 1 ? base + n - 1 : base + n;
    case 3:
        return d % n < (n + 1) / 2 ? base + (n + 1) / 2 : base + n;
    default:
        return d < n ? n : d == n ? n + 1 : 0;
    }
}

static bool pit_output(const PITChannel *c, int64_t now)
{
    if (!c->armed) {
        return c->mode != 0; /* mode 0 is low after set */
    }
    if ((c->mode == 2 || c->mode == 3) && !c->gate) {
        return true; /* gate low forces it high */
    }
    if ((c->mode == 1 || c->mode == 5) && !c->triggered) {
        return true;
    }
    return pit_out_at(c, pit_ticks(c, now));
}

/* The counter as the guest reads it (binary; BCD conversion on read). */
static uint16_t pit_counter(const PITChannel *c, int64_t now)
{
    uint32_t n = pit_period(c);
    uint32_t wrap = c->bcd ? 10000 : 0x10000;
    uint64_t d = pit_ticks(c, now);

    if (!c->armed || ((c->mode == 1 || c->mode == 5) && !c->triggered)) {
        return c->count % wrap;
    }
    switch (c->mode) {
    case 2:
        return n - d % n;
    case 3: {
        uint32_t phase = d % n, high = (n + 1) / 2;

        return (n & ~1u) - 2 * (phase < high ? phase : phase - high);
    }
    default:
        return (n - d % wrap + wrap) % wrap;
    }
}

/* -- Output and IRQ0 ---------------------------------------------------- */

/* Re-arm channel 0's timer for its next transition after NOW. */
static void pit_schedule(PITChannel *c, int64_t now)
{
    uint64_t next;

    if (!c->timer) {
        return;
    }
    if (!pit_counting(c)
        || !(next = pit_next_transition(c, pit_ticks(c, now)))) {
        timer_del(c->timer);
        return;
    }
    c->next_tick = next;
    timer_mod_ns(c->timer, c->load_time + ticks_to_ns(next - c->paused_ticks));
}

/* The output changed state by a register write: set the line, re-time. */
static void pit_update(PITChannel *c)
{
    int64_t now = clock_get_ns(CLOCK_VIRTUAL);

    irq_set(c->out, pit_output(c, now));
    pit_schedule(c, now);
}

static void pit_timer_cb(void *opaque)
{
    PITChannel *c = opaque;
    int64_t now = clock_get_ns(CLOCK_VIRTUAL);

    bool level = pit_out_at(c, c->next_tick);

    /* Play the transition, then catch up with the output now: a rise is
     * an edge on IRQ0 even when the timer runs after the next fall, and a
     * fall seen late, after the following rise, still makes that edge. */
    if (level) {
        irq_lower(c->out);
    }
    irq_set(c->out, level);
    irq_set(c->out, pit_output(c, now));
    pit_schedule(c, now);
}

/* -- Registers ---------------------------------------------------------- */

static uint16_t bcd_to_bin(uint16_t v)
{
    return (v >> 12 & 15) * 1000 + (v >> 8 & 15) * 100 + (v >> 4 & 15) * 10
           + (v & 15);
}

static uint16_t bin_to_bcd(uint16_t v)
{
    return (v / 1000 % 10) << 12 | (v / 100 % 10) << 8 | (v / 10 % 10) << 4
           | v % 10;
}

static void pit_load(PITChannel *c, uint16_t raw)
{
    c->count = c->bcd ? bcd_to_bin(raw) : raw;
    c->null_count = false;
    c->armed = true;
    c->paused_ticks = 0;
    c->load_time = clock_get_ns(CLOCK_VIRTUAL);
    if (c->mode == 1 || c->mode == 5) {
        c->triggered = false; /* waits for a gate edge */
    }
    pit_update(c);
}

static void pit_latch_count(PITChannel *c)
{
    if (!c->latch_left) {
        uint16_t v = pit_counter(c, clock_get_ns(CLOCK_VIRTUAL));

        c->latched_count = c->bcd ? bin_to_bcd(v) : v;
        c->latch_rw = c->rw;
        c->latch_left = c->rw == RW_WORD ? 2 : 1;
    }
}

static void pit_latch_status(PITChannel *c)
{
    if (!c->status_latched) {
        c->status = (pit_output(c, clock_get_ns(CLOCK_VIRTUAL)) ? ST_OUTPUT : 0)
                    | (c->null_count ? ST_NULL_COUNT : 0) | c->rw << 4
                    | c->mode << 1 | c->bcd;
        c->status_latched = true;
    }
}

static void pit_control(PITState *s, uint8_t val)
{
    PITChannel *c;

    if (CW_CHANNEL(val) == CW_READBACK) {
        for (int i = 0; i < 3; i++) {
            if (val & (2 << i)) {
                if (!(val & RB_NO_COUNT)) {
                    pit_latch_count(&s->ch[i]);
                }
                if (!(val & RB_NO_STATUS)) {
                    pit_latch_status(&s->ch[i]);
                }
            }
        }
        return;
    }
    c = &s->ch[CW_CHANNEL(val)];
    if (CW_RW(val) == RW_LATCH) {
        pit_latch_count(c);
        return;
    }
    c->rw = CW_RW(val);
    c->mode = CW_MODE(val) > 5 ? CW_MODE(val) - 4 : CW_MODE(val);
    c->bcd = val & CW_BCD;
    c->null_count = true;
    c->armed = false;
    c->triggered = false;
    c->paused_ticks = 0;
    c->write_msb_next = false;
    c->read_msb_next = false;
    c->latch_left = 0;
    c->status_latched = false;
    pit_update(c);
}

static void pit_write_counter(PITChannel *c, uint8_t val)
{
    switch (c->rw) {
    case RW_LSB:
        pit_load(c, val);
        break;
    case RW_MSB:
        pit_load(c, val << 8);
        break;
    default:
        if (!c->write_msb_next) {
            c->write_lsb = val;
            c->write_msb_next = true;
        } else {
            c->write_msb_next = false;
            pit_load(c, c->write_lsb | val << 8);
        }
        break;
    }
}

static uint8_t pit_read_counter(PITChannel *c)
{
    uint16_t v;

    if (c->status_latched) {
        c->status_latched = false;
        return c->status;
    }
    if (c->latch_left) {
        v = c->latched_count;
        c->latch_left--;
        if (c->latch_rw == RW_MSB
            || (c->latch_rw == RW_WORD && !c->latch_left)) {
            return v >> 8;
        }
        return v;
    }
    v = pit_counter(c, clock_get_ns(CLOCK_VIRTUAL));
    if (c->bcd) {
        v = bin_to_bcd(v);
    }
    switch (c->rw) {
    case RW_LSB:
        return v;
    case RW_MSB:
        return v >> 8;
    default:
        c->read_msb_next = !c->read_msb_next;
        return c->read_msb_next ? v & 0xff : v >> 8;
    }
}

static uint64_t pit_read(void *opaque, hwaddr addr, unsigned size)
{
    PITState *s = opaque;

    if (addr == 3) {
        return 0xff; /* the control word is write-only */
    }
    return pit_read_counter(&s->ch[addr]);
}

static void pit_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    PITState *s = opaque;

    if (addr == 3) {
        pit_control(s, val);
    } else {
        pit_write_counter(&s->ch[addr], val);
    }
}

static const MemoryRegionOps pit_ops = {
    .read = pit_read,
    .write = pit_write,
    .valid = {.min_size = 1, .max_size = 1},
    .impl = {.min_size = 1, .max_size = 1},
};

/* -- Gate 2 and port 0x61 ----------------------------------------------- */

static void pit_set_gate(PITChannel *c, bool gate)
{
    int64_t now = clock_get_ns(CLOCK_VIRTUAL);

    if (gate == c->gate) {
        return;
    }
    if (c->armed) {
        switch (c->mode) {
        case 0:
        case 4:
            /* Gate low suspends counting; high resumes it. */
            if (!gate) {
                c->paused_ticks = pit_ticks(c, now);
            } else {
                c->load_time = now;
            }
            break;
        default:
            /* Modes 1, 5: a rising gate (re)triggers; 2, 3: reloads. */
            if (gate) {
                c->triggered = true;
                c->paused_ticks = 0;
                c->load_time = now;
            }
            break;
        }
    }
    c->gate = gate;
    pit_update(c);
}

static uint64_t speaker_read(void *opaque, hwaddr addr, unsigned size)
{
    PITState *s = opaque;
    int64_t now = clock_get_ns(CLOCK_VIRTUAL);
    uint8_t v = 0;

    v |= s->ch[2].gate ? P61_GATE2 : 0;
    v |= s->speaker_enable ? P61_SPKR_EN : 0;
    v |= (now / REFRESH_NS) & 1 ? P61_REFRESH : 0;
    v |= pit_output(&s->ch[2], now) ? P61_OUT2 : 0;
    return v;
}

static void speaker_write(void *opaque, hwaddr addr, uint64_t val,
                          unsigned size)
{
    PITState *s = opaque;

    s->speaker_enable = val & P61_SPKR_EN;
    pit_set_gate(&s->ch[2], val & P61_GATE2);
}

static const MemoryRegionOps speaker_ops = {
    .read = speaker_read,
    .write = speaker_write,
    .valid = {.min_size = 1, .max_size = 1},
    .impl = {.min_size = 1, .max_size = 1},
};

/* -- Set-up ------------------------------------------------------------- */

static void pit_reset(PITState *s)
{
    for (int i = 0; i < 3; i++) {
        PITChannel *c = &s->ch[i];
        IRQLine *out = c->out;
        Timer *t = c->timer;

        *c = (PITChannel){.out = out, .timer = t};
        c->rw = RW_WORD;
        c->gate = i != 2; /* channels 0 and 1: gate tied high */
        if (t) {
            timer_del(t);
        }
    }
    s->speaker_enable = false;
}

void i8254_init(Machine *m, IRQLine *irq0)
{
    PITState *s = g_new0(PITState, 1);

    s->ch[0].out = irq0;
    s->ch[0].timer = timer_new_ns(CLOCK_VIRTUAL, pit_timer_cb, &s->ch[0]);
    pit_reset(s);
    memory_region_init_io(&s->io, "pit", &pit_ops, s, 4);
    memory_region_add_subregion(&m->io, PIT_BASE, &s->io);
    memory_region_init_io(&s->speaker_io, "pit-port61", &speaker_ops, s, 1);
    memory_region_add_subregion(&m->io, PIT_SPEAKER, &s->speaker_io);
}
