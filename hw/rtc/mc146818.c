/*
 * The MC146818 real-time clock and its 128 bytes of CMOS RAM (Motorola
 * MC146818A data sheet), at index port 0x70 (bit 7: NMI disable) and data
 * port 0x71, interrupting on IRQ8.
 *
 *   0x00-0x09  seconds, alarm seconds, minutes, alarm minutes, hours,
 *              alarm hours, day of week (1 = Sunday), day, month, year
 *   0x0a       A: UIP (bit 7), divider (6:4), periodic rate RS (3:0)
 *   0x0b       B: SET, PIE, AIE, UIE, SQWE, DM (binary), 24/12, DSE
 *   0x0c       C: IRQF, PF, AF, UF; reading clears it and lowers IRQ8
 *   0x0d       D: VRT (valid RAM and time), always set
 *   0x32       century (the PC's convention)
 *   0x15-0x18, 0x30-0x31, 0x34-0x35, 0x5b-0x5d: memory sizes firmware
 *              reads (QEMU's layout); 0x5f: CPUs - 1; 0x2e-0x2f checksum
 *
 * Time is not ticked: the clock is `base_sec` (seconds since the epoch,
 * in the guest's time zone) at `base_ns` of the RTC's clock (CLOCK_HOST,
 * or CLOCK_VIRTUAL under -rtc clock=vm; clock=rt counts as host), so the
 * time registers are computed when read.  While SET is 1 the registers
 * hold what the guest wrote and the clock is frozen; clearing SET
 * restarts it from them.  A 1 Hz timer (while SET is 0) sets UF and AF;
 * PF is computed from the divider phase when C is read and, with PIE,
 * raised by a timer at the periodic rate.  The divider bits of A are
 * stored but do not stop or reset the clock.
 */
#include <string.h>
#include <time.h>

#include <glib.h>

#include "hw/devices.h"
#include "softmmu/timer.h"
#include "util/log.h"

#define RTC_BASE        0x70
#define RTC_NMI_DISABLE 0x80

enum {
    RTC_SECONDS = 0x00,
    RTC_SECONDS_ALARM = 0x01,
    RTC_MINUTES = 0x02,
    RTC_MINUTES_ALARM = 0x03,
    RTC_HOURS = 0x04,
    RTC_HOURS_ALARM = 0x05,
    RTC_DAY_OF_WEEK = 0x06,
    RTC_DAY_OF_MONTH = 0x07,
    RTC_MONTH = 0x08,
    RTC_YEAR = 0x09,
    RTC_REG_A = 0x0a,
    RTC_REG_B = 0x0b,
    RTC_REG_C = 0x0c,
    RTC_REG_D = 0x0d,
    RTC_CHECKSUM_HI = 0x2e,
    RTC_CHECKSUM_LO = 0x2f,
    RTC_CENTURY = 0x32,
};

#define REG_A_UIP  0x80
#define REG_A_RS   0x0f
#define REG_B_SET  0x80
#define REG_B_PIE  0x40
#define REG_B_AIE  0x20
#define REG_B_UIE  0x10
#define REG_B_DM   0x04 /* binary, not BCD */
#define REG_B_24H  0x02
#define REG_C_IRQF 0x80
#define REG_C_PF   0x40
#define REG_C_AF   0x20
#define REG_C_UF   0x10
#define REG_D_VRT  0x80

#define ALARM_DONT_CARE 0xc0 /* alarm bytes 0xc0-0xff match anything */
#define HOUR_PM         0x80 /* 12-hour mode */
#define DIVIDER_HZ      32768
#define UIP_NS          244000 /* UIP is set this long before an update */

typedef struct RTCState {
    uint8_t cmos[128]; /* RAM, alarms, A, B, frozen time (SET) */
    uint8_t index;     /* port 0x70, without the NMI bit */
    bool nmi_disabled;
    uint8_t flags; /* register C */

    ClockType clock;  /* what the RTC counts */
    int64_t base_sec; /* guest-local seconds since the epoch ... */
    int64_t base_ns;  /* ... at this time of CLOCK */
    int64_t pf_seen;  /* periodic ticks counted into PF */

    IRQLine *irq;          /* IRQ8 */
    Timer *second_timer;   /* UF, AF at each update */
    Timer *periodic_timer; /* PF with PIE */
    MemoryRegion io;
} RTCState;

/* -- Time --------------------------------------------------------------- */

static int64_t floor_div(int64_t a, int64_t b)
{
    return a / b - (a % b < 0);
}

/* Seconds now; *FRAC_NS the ns into this second. */
static int64_t rtc_now(RTCState *s, int64_t *frac_ns)
{
    int64_t elapsed = clock_get_ns(s->clock) - s->base_ns;
    int64_t sec = floor_div(elapsed, NANOSECONDS_PER_SECOND);

    if (frac_ns) {
        *frac_ns = elapsed - sec * NANOSECONDS_PER_SECOND;
    }
    return s->base_sec + sec;
}

static bool rtc_binary(const RTCState *s)
{
    return s->cmos[RTC_REG_B] & REG_B_DM;
}

static uint8_t to_reg(const RTCState *s, int v)
{
    return rtc_binary(s) ? v : (v / 10) << 4 | v % 10;
}

static int from_reg(const RTCState *s, uint8_t r)
{
    return rtc_binary(s) ? r : (r >> 4) * 10 + (r & 15);
}

static uint8_t hour_to_reg(const RTCState *s, int h)
{
    if (s->cmos[RTC_REG_B] & REG_B_24H) {
        return to_reg(s, h);
    }
    return to_reg(s, h % 12 ? h % 12 : 12) | (h >= 12 ? HOUR_PM : 0);
}

static int hour_from_reg(const RTCState *s, uint8_t r)
{
    int h;

    if (s->cmos[RTC_REG_B] & REG_B_24H) {
        return from_reg(s, r);
    }
    h = from_reg(s, r & ~HOUR_PM) % 12;
    return r & HOUR_PM ? h + 12 : h;
}

/* Write the time SEC into the time registers in the current format. */
static void rtc_fill_time(RTCState *s, int64_t sec)
{
    time_t t = sec;
    struct tm tm;

    gmtime_r(&t, &tm);
    s->cmos[RTC_SECONDS] = to_reg(s, tm.tm_sec);
    s->cmos[RTC_MINUTES] = to_reg(s, tm.tm_min);
    s->cmos[RTC_HOURS] = hour_to_reg(s, tm.tm_hour);
    s->cmos[RTC_DAY_OF_WEEK] = to_reg(s, tm.tm_wday + 1);
    s->cmos[RTC_DAY_OF_MONTH] = to_reg(s, tm.tm_mday);
    s->cmos[RTC_MONTH] = to_reg(s, tm.tm_mon + 1);
    s->cmos[RTC_YEAR] = to_reg(s, tm.tm_year % 100);
    s->cmos[RTC_CENTURY] = to_reg(s, (tm.tm_year + 1900) / 100);
}

/* The time the time registers hold. */
static int64_t rtc_time_from_regs(const RTCState *s)
{
    struct tm tm = {
        .tm_sec = from_reg(s, s->cmos[RTC_SECONDS]),
        .tm_min = from_reg(s, s->cmos[RTC_MINUTES]),
        .tm_hour = hour_from_reg(s, s->cmos[RTC_HOURS]),
        .tm_mday = from_reg(s, s->cmos[RTC_DAY_OF_MONTH]),
        .tm_mon = from_reg(s, s->cmos[RTC_MONTH]) - 1,
        .tm_year = from_reg(s, s->cmos[RTC_YEAR])
                   + from_reg(s, s->cmos[RTC_CENTURY]) * 100 - 1900,
    };

    return timegm(&tm);
}

/* -- Interrupts --------------------------------------------------------- */

static void rtc_update_irq(RTCState *s)
{
    uint8_t enabled = s->cmos[RTC_REG_B] & (REG_B_PIE | REG_B_AIE | REG_B_UIE);

    /* PF/AF/UF line up with PIE/AIE/UIE (bits 6:4 of C and B). */
    if (s->flags & enabled) {
        s->flags |= REG_C_IRQF;
    }
    irq_set(s->irq, s->flags & REG_C_IRQF);
}

/* Periodic interrupt period in 32.768 kHz divider ticks, 0 if off. */
static int64_t rtc_period_ticks(const RTCState *s)
{
    int rs = s->cmos[RTC_REG_A] & REG_A_RS;

    if (!rs) {
        return 0;
    }
    return rs <= 2 ? 1 << (rs + 6) : 1 << (rs - 1);
}

/* Periodic ticks since the clock base. */
static int64_t rtc_periodic_count(RTCState *s, int64_t period)
{
    int64_t elapsed = clock_get_ns(s->clock) - s->base_ns;

    return floor_div(
        (int64_t)((__int128)elapsed * DIVIDER_HZ / NANOSECONDS_PER_SECOND),
        period);
}

/* PF is set by every periodic tick, whether or not PIE is. */
static void rtc_catch_up_pf(RTCState *s)
{
    int64_t period = rtc_period_ticks(s);
    int64_t n;

    if (!period) {
        return;
    }
    n = rtc_periodic_count(s, period);
    if (n != s->pf_seen) {
        s->pf_seen = n;
        s->flags |= REG_C_PF;
    }
}

static void rtc_schedule_periodic(RTCState *s)
{
    int64_t period = rtc_period_ticks(s);
    int64_t next;

    if (!period || !(s->cmos[RTC_REG_B] & REG_B_PIE)) {
        timer_del(s->periodic_timer);
        return;
    }
    next = (rtc_periodic_count(s, period) + 1) * period;
    timer_mod_ns(s->periodic_timer,
                 s->base_ns
                     + (int64_t)(((__int128)next * NANOSECONDS_PER_SECOND
                                  + DIVIDER_HZ - 1)
                                 / DIVIDER_HZ));
}

static void rtc_periodic_cb(void *opaque)
{
    RTCState *s = opaque;

    rtc_catch_up_pf(s);
    rtc_update_irq(s);
    rtc_schedule_periodic(s);
}

static void rtc_schedule_second(RTCState *s)
{
    int64_t frac;

    if (s->cmos[RTC_REG_B] & REG_B_SET) {
        timer_del(s->second_timer);
        return;
    }
    rtc_now(s, &frac);
    timer_mod_ns(s->second_timer,
                 clock_get_ns(s->clock) + NANOSECONDS_PER_SECOND - frac);
}

static bool alarm_matches(const RTCState *s, int reg, int alarm)
{
    return s->cmos[alarm] >= ALARM_DONT_CARE || s->cmos[alarm] == s->cmos[reg];
}

/* An update cycle ended: UF, and AF if the alarm matches the new time. */
static void rtc_second_cb(void *opaque)
{
    RTCState *s = opaque;

    rtc_fill_time(s, rtc_now(s, NULL));
    s->flags |= REG_C_UF;
    if (alarm_matches(s, RTC_SECONDS, RTC_SECONDS_ALARM)
        && alarm_matches(s, RTC_MINUTES, RTC_MINUTES_ALARM)
        && alarm_matches(s, RTC_HOURS, RTC_HOURS_ALARM)) {
        s->flags |= REG_C_AF;
    }
    rtc_update_irq(s);
    rtc_schedule_second(s);
}

/* -- Registers ---------------------------------------------------------- */

static bool is_time_reg(uint8_t r)
{
    return r <= RTC_YEAR || r == RTC_CENTURY;
}

static bool is_alarm_reg(uint8_t r)
{
    return r == RTC_SECONDS_ALARM || r == RTC_MINUTES_ALARM
           || r == RTC_HOURS_ALARM;
}

static uint8_t rtc_read_reg(RTCState *s, uint8_t r)
{
    int64_t frac;
    uint8_t v;

    if (is_time_reg(r) && !is_alarm_reg(r)) {
        if (!(s->cmos[RTC_REG_B] & REG_B_SET)) {
            rtc_fill_time(s, rtc_now(s, NULL));
        }
        return s->cmos[r];
    }
    switch (r) {
    case RTC_REG_A:
        v = s->cmos[RTC_REG_A] & ~REG_A_UIP;
        if (!(s->cmos[RTC_REG_B] & REG_B_SET)) {
            rtc_now(s, &frac);
            if (frac >= NANOSECONDS_PER_SECOND - UIP_NS) {
                v |= REG_A_UIP;
            }
        }
        return v;
    case RTC_REG_C:
        rtc_catch_up_pf(s);
        rtc_update_irq(s);
        v = s->flags;
        s->flags = 0;
        irq_lower(s->irq);
        return v;
    case RTC_REG_D:
        return REG_D_VRT;
    default:
        return s->cmos[r];
    }
}

/* Restart the clock from the time registers, keeping the second's phase. */
static void rtc_set_base_from_regs(RTCState *s, int64_t frac)
{
    s->base_sec = rtc_time_from_regs(s);
    s->base_ns = clock_get_ns(s->clock) - frac;
}

static void rtc_write_reg(RTCState *s, uint8_t r, uint8_t val)
{
    bool set = s->cmos[RTC_REG_B] & REG_B_SET;
    int64_t frac;

    if (is_time_reg(r) && !is_alarm_reg(r)) {
        if (set) {
            s->cmos[r] = val;
        } else {
            rtc_fill_time(s, rtc_now(s, &frac));
            s->cmos[r] = val;
            rtc_set_base_from_regs(s, frac);
        }
        return;
    }
    switch (r) {
    case RTC_REG_A:
        rtc_catch_up_pf(s);
        s->cmos[RTC_REG_A] = val & ~REG_A_UIP;
        s->pf_seen = rtc_period_ticks(s)
                         ? rtc_periodic_count(s, rtc_period_ticks(s))
                         : 0;
        rtc_schedule_periodic(s);
        break;
    case RTC_REG_B:
        if ((val & REG_B_SET) && !set) {
            /* Freeze: the registers hold the time from now on. */
            rtc_fill_time(s, rtc_now(s, NULL));
            val &= ~REG_B_UIE; /* SET clears UIE */
        }
        if (!(val & REG_B_SET) && set) {
            s->cmos[RTC_REG_B] = val;
            rtc_set_base_from_regs(s, 0);
        } else if (!set
                   && ((val ^ s->cmos[RTC_REG_B]) & (REG_B_DM | REG_B_24H))) {
            /* The stored alarm bytes keep their encoding, as on the chip. */
            qlog_mask(LOG_GUEST_ERRORS, "rtc: data mode changed while the "
                                        "clock runs\n");
        }
        s->cmos[RTC_REG_B] = val;
        rtc_update_irq(s);
        rtc_schedule_periodic(s);
        rtc_schedule_second(s);
        break;
    case RTC_REG_C:
    case RTC_REG_D:
        qlog_mask(LOG_GUEST_ERRORS,
                  "rtc: write 0x%02x to read-only "
                  "register 0x%02x\n",
                  val, r);
        break;
    default:
        s->cmos[r] = val;
        break;
    }
}

static uint64_t rtc_read(void *opaque, hwaddr addr, unsigned size)
{
    RTCState *s = opaque;

    if (addr == 0) {
        return 0xff; /* the index port is write-only */
    }
    return rtc_read_reg(s, s->index);
}

static void rtc_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    RTCState *s = opaque;

    if (addr == 0) {
        s->index = val & 0x7f;
        s->nmi_disabled = val & RTC_NMI_DISABLE;
    } else {
        rtc_write_reg(s, s->index, val);
    }
}

static const MemoryRegionOps rtc_ops = {
    .read = rtc_read,
    .write = rtc_write,
    .valid = {.min_size = 1, .max_size = 1},
    .impl = {.min_size = 1, .max_size = 1},
};

/* -- Set-up ------------------------------------------------------------- */

/* The guest-local time the RTC starts at, from -rtc base=. */
static int64_t rtc_start_time(const MachineConfig *c)
{
    g_autoptr(GTimeZone) utc = g_time_zone_new_utc();
    g_autoptr(GDateTime) now = g_date_time_new_now_utc();
    g_autoptr(GDateTime) local = NULL;
    g_autoptr(GDateTime) date = NULL;
    g_autofree char *full = NULL;

    switch (c->rtc_base) {
    case RTC_BASE_LOCALTIME:
        local = g_date_time_to_local(now);
        return g_date_time_to_unix(now)
               + g_date_time_get_utc_offset(local) / G_TIME_SPAN_SECOND;
    case RTC_BASE_DATE:
        /* options.c accepted the date: both forms parse. */
        full = strchr(c->rtc_start, 'T')
                   ? g_strdup(c->rtc_start)
                   : g_strconcat(c->rtc_start, "T00:00:00", NULL);
        date = g_date_time_new_from_iso8601(full, utc);
        return g_date_time_to_unix(date);
    default:
        return g_date_time_to_unix(now);
    }
}

static void cmos_set_word(RTCState *s, int reg, uint32_t v)
{
    s->cmos[reg] = v;
    s->cmos[reg + 1] = v >> 8;
}

/* The memory sizes and CPU count firmware reads (QEMU's CMOS layout). */
static void rtc_fill_machine_info(RTCState *s, Machine *m)
{
    uint64_t ext_kb =
        m->below_4g > 0x100000 ? (m->below_4g - 0x100000) >> 10 : 0;
    uint64_t above_16m =
        m->below_4g > 0x1000000 ? (m->below_4g - 0x1000000) >> 16 : 0;
    uint64_t above_4g = m->above_4g >> 16;
    uint16_t sum = 0;

    cmos_set_word(s, 0x15, 640);                 /* base memory, KiB */
    cmos_set_word(s, 0x17, MIN(ext_kb, 0xffff)); /* above 1 MiB, KiB */
    cmos_set_word(s, 0x30, MIN(ext_kb, 0xffff));
    cmos_set_word(s, 0x34, MIN(above_16m, 0xffff)); /* above 16M, 64 KiB */
    s->cmos[0x5b] = above_4g;                       /* above 4G, 64 KiB */
    s->cmos[0x5c] = above_4g >> 8;
    s->cmos[0x5d] = above_4g >> 16;
    s->cmos[0x5f] = m->cfg->smp_cpus - 1;
    for (int r = 0x10; r <= 0x2d; r++) {
        sum += s->cmos[r];
    }
    s->cmos[RTC_CHECKSUM_HI] = sum >> 8;
    s->cmos[RTC_CHECKSUM_LO] = sum;
}

static void rtc_reset(RTCState *s, Machine *m)
{
    memset(s->cmos, 0, sizeof(s->cmos));
    s->index = 0;
    s->nmi_disabled = false;
    s->flags = 0;
    s->cmos[RTC_REG_A] = 0x26; /* 32.768 kHz divider, 1024 Hz rate */
    s->cmos[RTC_REG_B] = REG_B_24H;
    s->base_sec = rtc_start_time(m->cfg);
    s->base_ns = clock_get_ns(s->clock);
    s->pf_seen = 0;
    rtc_fill_machine_info(s, m);
    irq_lower(s->irq);
    rtc_schedule_periodic(s);
    rtc_schedule_second(s);
}

void mc146818_init(Machine *m, IRQLine *irq8)
{
    RTCState *s = g_new0(RTCState, 1);

    s->irq = irq8;
    s->clock = m->cfg->rtc_clock_vm ? CLOCK_VIRTUAL : CLOCK_HOST;
    s->second_timer = timer_new_ns(s->clock, rtc_second_cb, s);
    s->periodic_timer = timer_new_ns(s->clock, rtc_periodic_cb, s);
    rtc_reset(s, m);
    memory_region_init_io(&s->io, "rtc", &rtc_ops, s, 2);
    memory_region_add_subregion(&m->io, RTC_BASE, &s->io);
}
