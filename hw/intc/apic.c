/*
 * The local APIC, one per CPU, in xAPIC mode (Intel SDM vol. 3A, chapter
 * 10 "Advanced Programmable Interrupt Controller").
 *
 * The MMIO page at 0xfee00000 is one region for all CPUs: an access goes
 * to the APIC of current_cpu (the CPU doing the access).  Registers are
 * 32 bits wide at 16-byte strides:
 *   0x020 ID            0x030 version       0x080 TPR     0x090 APR
 *   0x0a0 PPR           0x0b0 EOI           0x0d0 LDR     0x0e0 DFR
 *   0x0f0 SVR           0x100 ISR (8 regs)  0x180 TMR     0x200 IRR
 *   0x280 ESR           0x300/0x310 ICR     0x320-0x370 LVT timer,
 *   thermal, performance, LINT0, LINT1, error
 *   0x380 timer initial count, 0x390 current count, 0x3e0 divide config
 *
 * Interrupts arrive in IRR (with TMR set for level-triggered ones); the
 * CPU line (CPU_INTERRUPT_HARD) is up while the highest IRR vector's
 * priority class is above PPR, or while LINT0 in ExtINT mode is asserted
 * (the PIC supplies that vector: the "virtual wire").  apic_update_irq()
 * is the only place the line moves.  EOI clears the highest ISR bit and,
 * for a level-triggered vector, is broadcast to the IOAPIC.
 *
 * The timer counts a 1 GHz bus clock (as QEMU's does) divided by the
 * divide configuration, in one-shot or periodic mode; the current count
 * is computed from the virtual clock, never ticked.  In TSC-deadline mode
 * (SDM vol. 3, 10.5.4.1) it fires when the CPU's TSC reaches
 * IA32_TSC_DEADLINE: the TSC distance is turned into CLOCK_VIRTUAL ns at
 * the TSC's rate (target/i386/tsc.c), and the callback re-checks the TSC
 * and re-arms for what is left, so it never fires before the deadline.
 *
 * Deviations, deliberate: the BSP's LINT0 comes out of reset as ExtINT,
 * unmasked (what firmware leaves and what QEMU models), so a guest that
 * never touches its APIC still gets the PIC's interrupts.  Not
 * implemented yet (fail as stated): x2APIC (not advertised: its MSRs
 * #GP), moving the APIC page (logged), SMI delivery (logged),
 * thermal/performance/CMCI events (never happen).
 */
#include <glib.h>

#include "exec/cpu-common.h"
#include "hw/i386/x86-intc.h"
#include "hw/intc/apic.h"
#include "hw/intc/ioapic.h"
#include "softmmu/timer.h"
#include "target/i386/cpu.h"
#include "util/log.h"

#define APIC_PAGE_SIZE 0x1000
#define APIC_VERSION   0x14 /* integrated xAPIC */
#define APIC_LVT_COUNT 6
#define APIC_BUS_HZ    1000000000 /* timer input clock, 1 GHz */

/* IA32_APIC_BASE. */
#define MSR_IA32_APICBASE 0x1b
#define APICBASE_BSP      (1u << 8)
#define APICBASE_EXTD     (1u << 10) /* x2APIC mode */
#define APICBASE_ENABLE   (1u << 11)
#define APICBASE_ADDR     UINT64_C(0xffffff000)

/* Register offsets (>> 4: index of the 16-byte slot). */
enum {
    APIC_ID = 0x02,
    APIC_VER = 0x03,
    APIC_TPR = 0x08,
    APIC_APR = 0x09,
    APIC_PPR = 0x0a,
    APIC_EOI = 0x0b,
    APIC_RRD = 0x0c,
    APIC_LDR = 0x0d,
    APIC_DFR = 0x0e,
    APIC_SVR = 0x0f,
    APIC_ISR0 = 0x10,
    APIC_TMR0 = 0x18,
    APIC_IRR0 = 0x20,
    APIC_ESR = 0x28,
    APIC_LVT_CMCI = 0x2f,
    APIC_ICR_LO = 0x30,
    APIC_ICR_HI = 0x31,
    APIC_LVT0 = 0x32,
    APIC_TIMER_INIT = 0x38,
    APIC_TIMER_CUR = 0x39,
    APIC_TIMER_DIV = 0x3e,
};

/* LVT indexes (slot - APIC_LVT0). */
enum {
    LVT_TIMER,
    LVT_THERMAL,
    LVT_PERF,
    LVT_LINT0,
    LVT_LINT1,
    LVT_ERROR,
};

#define LVT_VECTOR             0x000ff
#define LVT_DELIVERY(v)        (((v) >> 8) & 7)
#define LVT_PENDING            (1u << 12)
#define LVT_REMOTE_IRR         (1u << 14)
#define LVT_LEVEL              (1u << 15)
#define LVT_MASKED             (1u << 16)
#define LVT_TIMER_MODE(v)      (((v) >> 17) & 3)
#define LVT_TIMER_PERIODIC     1
#define LVT_TIMER_TSC_DEADLINE 2

/* Writable bits of each LVT (timer, thermal, perf, LINT0, LINT1, error). */
static const uint32_t lvt_write_mask[APIC_LVT_COUNT] = {
    [LVT_TIMER] = 0x700ff, [LVT_THERMAL] = 0x107ff, [LVT_PERF] = 0x107ff,
    [LVT_LINT0] = 0x1a7ff, [LVT_LINT1] = 0x1a7ff,   [LVT_ERROR] = 0x100ff,
};

#define SVR_ENABLE       (1u << 8)
#define SVR_NO_EOI_BCAST (1u << 12)

#define ICR_DELIVERY(v)   (((v) >> 8) & 7)
#define ICR_LOGICAL       (1u << 11)
#define ICR_LEVEL_ASSERT  (1u << 14)
#define ICR_TRIGGER_LEVEL (1u << 15)
#define ICR_SHORTHAND(v)  (((v) >> 18) & 3)
#define ICR_WRITE_MASK    0xcdfff

enum { SH_NONE, SH_SELF, SH_ALL, SH_OTHERS };

/* ESR bits. */
#define ESR_SEND_ILLEGAL_VECTOR (1u << 5)
#define ESR_RECV_ILLEGAL_VECTOR (1u << 6)
#define ESR_ILLEGAL_REGISTER    (1u << 7)

#define DFR_FLAT 0xf

typedef struct APICState {
    /* Guest-visible registers. */
    uint64_t apicbase; /* IA32_APIC_BASE */
    uint8_t id;
    uint8_t tpr;
    uint32_t ldr;
    uint32_t dfr;
    uint32_t svr;
    uint32_t isr[8], tmr[8], irr[8];
    uint32_t esr;         /* what the last ESR write latched */
    uint32_t esr_pending; /* errors since */
    uint32_t icr_lo, icr_hi;
    uint32_t lvt[APIC_LVT_COUNT];
    uint32_t timer_initial;
    uint32_t timer_div_reg;
    uint64_t tsc_deadline; /* IA32_TSC_DEADLINE: armed TSC value, or 0 */

    /* Timer. */
    int64_t timer_start; /* virtual ns the count (re)started */
    Timer *timer;

    /* Inputs and CPU. */
    bool lint_level[2];
    int sipi_vector;
    int index; /* CPU index; the CPU may not exist yet */
} APICState;

static struct {
    APICState *cpu[MACHINE_MAX_CPUS];
    int count;
    Machine *machine;
    MemoryRegion mmio;
} apics;

static CPUState *apic_cpu(const APICState *s)
{
    return s->index < apics.machine->nb_cpus ? apics.machine->cpus[s->index]
                                             : NULL;
}

/* -- Vector bitmaps ----------------------------------------------------- */

static void bit_set(uint32_t *map, int v)
{
    map[v >> 5] |= 1u << (v & 31);
}

static void bit_clear(uint32_t *map, int v)
{
    map[v >> 5] &= ~(1u << (v & 31));
}

static bool bit_test(const uint32_t *map, int v)
{
    return map[v >> 5] >> (v & 31) & 1;
}

/* The highest vector set in MAP, or -1. */
static int bit_highest(const uint32_t *map)
{
    for (int i = 7; i >= 0; i--) {
        if (map[i]) {
            return i * 32 + 31 - __builtin_clz(map[i]);
        }
    }
    return -1;
}

/* -- Priority and the CPU line ----------------------------------------- */

static uint8_t apic_ppr(const APICState *s)
{
    int isrv = bit_highest(s->isr);

    if (isrv < 0 || (s->tpr >> 4) >= (isrv >> 4)) {
        return s->tpr;
    }
    return isrv & 0xf0;
}

static bool apic_sw_enabled(const APICState *s)
{
    return s->svr & SVR_ENABLE;
}

static bool apic_extint_asserted(const APICState *s)
{
    uint32_t lvt = s->lvt[LVT_LINT0];

    return s->lint_level[0] && !(lvt & LVT_MASKED)
           && LVT_DELIVERY(lvt) == APIC_DM_EXTINT;
}

/* The IRR vector the CPU would take now, or -1. */
static int apic_deliverable(const APICState *s)
{
    int v = bit_highest(s->irr);

    if (v < 0 || !apic_sw_enabled(s) || (v & 0xf0) <= apic_ppr(s)) {
        return -1;
    }
    return v;
}

static void apic_update_irq(APICState *s)
{
    CPUState *cpu = apic_cpu(s);

    if (!cpu || !(s->apicbase & APICBASE_ENABLE)) {
        return;
    }
    if (apic_deliverable(s) >= 0 || apic_extint_asserted(s)) {
        cpu_interrupt(cpu, CPU_INTERRUPT_HARD);
    } else {
        cpu_reset_interrupt(cpu, CPU_INTERRUPT_HARD);
    }
}

/* A fixed interrupt arrives: request VECTOR (LEVEL: level-triggered). */
static void apic_accept(APICState *s, uint8_t vector, bool level);

static void apic_error(APICState *s, uint32_t bits)
{
    uint32_t lvt = s->lvt[LVT_ERROR];

    s->esr_pending |= bits;
    if (!(lvt & LVT_MASKED)) {
        apic_accept(s, lvt & LVT_VECTOR, false);
    }
}

static void apic_accept(APICState *s, uint8_t vector, bool level)
{
    if (vector < 16) {
        apic_error(s, ESR_RECV_ILLEGAL_VECTOR);
        return;
    }
    bit_set(s->irr, vector);
    if (level) {
        bit_set(s->tmr, vector);
    } else {
        bit_clear(s->tmr, vector);
    }
    apic_update_irq(s);
}

/* Deliver one message of MODE to S. */
static void apic_deliver_to(APICState *s, int mode, uint8_t vector, bool level)
{
    CPUState *cpu = apic_cpu(s);

    switch (mode) {
    case APIC_DM_FIXED:
    case APIC_DM_LOWEST:
        if (apic_sw_enabled(s)) {
            apic_accept(s, vector, level);
        }
        break;
    case APIC_DM_NMI:
        if (cpu) {
            cpu_interrupt(cpu, CPU_INTERRUPT_NMI);
        }
        break;
    case APIC_DM_INIT:
        if (cpu) {
            cpu_interrupt(cpu, CPU_INTERRUPT_INIT);
        }
        break;
    case APIC_DM_STARTUP:
        s->sipi_vector = vector;
        if (cpu) {
            cpu_interrupt(cpu, CPU_INTERRUPT_SIPI);
        }
        break;
    default:
        qlog_mask(LOG_UNIMP,
                  "apic %d: delivery mode %d (SMI/ExtINT "
                  "messages) is not implemented yet\n",
                  s->index, mode);
        break;
    }
}

/* -- The APIC bus ------------------------------------------------------- */

/* Does S accept destination DEST in physical / logical mode? */
static bool apic_match_dest(const APICState *s, uint8_t dest, bool logical)
{
    uint8_t ldr = s->ldr >> 24;

    if (!(s->apicbase & APICBASE_ENABLE)) {
        return false;
    }
    if (!logical) {
        return dest == 0xff || dest == s->id;
    }
    if (dest == 0xff) {
        return true;
    }
    if ((s->dfr >> 28) == DFR_FLAT) {
        return (ldr & dest) != 0;
    }
    /* Cluster model: cluster in bits 7:4, members in bits 3:0. */
    return (ldr >> 4) == (dest >> 4) && (ldr & dest & 0x0f) != 0;
}

void apic_bus_deliver(uint8_t dest, bool logical, int mode, uint8_t vector,
                      bool level)
{
    APICState *lowest = NULL;

    for (int i = 0; i < apics.count; i++) {
        APICState *s = apics.cpu[i];

        if (!apic_match_dest(s, dest, logical)) {
            continue;
        }
        if (mode != APIC_DM_LOWEST) {
            apic_deliver_to(s, mode, vector, level);
        } else if (!lowest || s->tpr < lowest->tpr) {
            lowest = s;
        }
    }
    if (lowest) {
        apic_deliver_to(lowest, mode, vector, level);
    }
}

/* The ICR was written: send the IPI it describes. */
static void apic_send_ipi(APICState *s)
{
    int mode = ICR_DELIVERY(s->icr_lo);
    uint8_t vector = s->icr_lo & 0xff;
    bool level = s->icr_lo & ICR_TRIGGER_LEVEL;

    /* INIT level de-assert: no effect on modern processors (SDM 10.6.1). */
    if (mode == APIC_DM_INIT && level && !(s->icr_lo & ICR_LEVEL_ASSERT)) {
        return;
    }
    if ((mode == APIC_DM_FIXED || mode == APIC_DM_LOWEST) && vector < 16) {
        apic_error(s, ESR_SEND_ILLEGAL_VECTOR);
        return;
    }
    switch (ICR_SHORTHAND(s->icr_lo)) {
    case SH_SELF:
        apic_deliver_to(s, mode, vector, level);
        break;
    case SH_ALL:
    case SH_OTHERS:
        for (int i = 0; i < apics.count; i++) {
            if (apics.cpu[i] != s || ICR_SHORTHAND(s->icr_lo) == SH_ALL) {
                apic_deliver_to(apics.cpu[i], mode, vector, level);
            }
        }
        break;
    default:
        apic_bus_deliver(s->icr_hi >> 24, s->icr_lo & ICR_LOGICAL, mode, vector,
                         level);
        break;
    }
}

/* -- Timer -------------------------------------------------------------- */

/* Bus clocks per timer tick, from the divide configuration (bits 3, 1:0). */
static unsigned apic_timer_divisor(const APICState *s)
{
    unsigned code = (s->timer_div_reg & 3) | (s->timer_div_reg >> 1 & 4);

    return code == 7 ? 1 : 2u << code;
}

static int64_t apic_tick_ns(const APICState *s)
{
    return (int64_t)apic_timer_divisor(s) * NANOSECONDS_PER_SECOND
           / APIC_BUS_HZ;
}

static bool apic_timer_periodic(const APICState *s)
{
    return LVT_TIMER_MODE(s->lvt[LVT_TIMER]) == LVT_TIMER_PERIODIC;
}

static bool apic_timer_tsc_deadline(const APICState *s)
{
    return LVT_TIMER_MODE(s->lvt[LVT_TIMER]) == LVT_TIMER_TSC_DEADLINE;
}

/* Ticks counted since the count started. */
static uint64_t apic_timer_elapsed(const APICState *s)
{
    int64_t ns = clock_get_ns(CLOCK_VIRTUAL) - s->timer_start;

    return ns <= 0 ? 0 : ns / apic_tick_ns(s);
}

static uint32_t apic_timer_current(const APICState *s)
{
    uint64_t d;

    if (!s->timer_initial || apic_timer_tsc_deadline(s)) {
        return 0;
    }
    d = apic_timer_elapsed(s);
    if (apic_timer_periodic(s)) {
        return s->timer_initial - d % s->timer_initial;
    }
    return d >= s->timer_initial ? 0 : s->timer_initial - d;
}

/* The timer expired (either mode): request the LVT's vector unless masked. */
static void apic_timer_expire(APICState *s)
{
    uint32_t lvt = s->lvt[LVT_TIMER];

    if (!(lvt & LVT_MASKED)) {
        apic_accept(s, lvt & LVT_VECTOR, false);
    }
}

/*
 * TSC-deadline mode: arm the timer for when the CPU's TSC reaches
 * s->tsc_deadline, or fire now (and disarm: the MSR reads 0 after) if it
 * has.  A deadline too far ahead for the virtual clock is armed for
 * about a century from now, and re-armed from there.
 */
static void apic_tsc_deadline_schedule(APICState *s)
{
    CPUState *cpu = apic_cpu(s);
    uint64_t hz = x86_tsc_hz(); /* first: its first call may sleep */
    uint64_t now, ticks;
    unsigned __int128 ns;

    if (!s->tsc_deadline || !cpu) {
        timer_del(s->timer);
        return;
    }
    now = x86_cpu_get_tsc(cpu);
    if (now >= s->tsc_deadline) {
        s->tsc_deadline = 0;
        timer_del(s->timer);
        apic_timer_expire(s);
        return;
    }
    ticks = s->tsc_deadline - now;
    /* Rounded up, so the callback rarely finds the TSC short of it. */
    ns = ((unsigned __int128)ticks * NANOSECONDS_PER_SECOND + hz - 1) / hz;
    if (ns > INT64_MAX / 2) {
        ns = INT64_MAX / 2;
    }
    timer_mod_ns(s->timer, clock_get_ns(CLOCK_VIRTUAL) + (int64_t)ns);
}

/* Arm the timer for the next time the count reaches zero. */
static void apic_timer_schedule(APICState *s)
{
    uint64_t d, next;

    if (apic_timer_tsc_deadline(s)) {
        apic_tsc_deadline_schedule(s);
        return;
    }
    if (!s->timer_initial) {
        timer_del(s->timer);
        return;
    }
    d = apic_timer_elapsed(s);
    if (apic_timer_periodic(s)) {
        next = (d / s->timer_initial + 1) * s->timer_initial;
    } else if (d < s->timer_initial) {
        next = s->timer_initial;
    } else {
        timer_del(s->timer);
        return;
    }
    timer_mod_ns(s->timer, s->timer_start + next * apic_tick_ns(s));
}

static void apic_timer_cb(void *opaque)
{
    APICState *s = opaque;

    if (!apic_timer_tsc_deadline(s)) {
        apic_timer_expire(s);
    }
    apic_timer_schedule(s);
}

/* -- Registers ---------------------------------------------------------- */

static void apic_eoi(APICState *s)
{
    int v = bit_highest(s->isr);

    if (v < 0) {
        return;
    }
    bit_clear(s->isr, v);
    if (bit_test(s->tmr, v) && !(s->svr & SVR_NO_EOI_BCAST)) {
        ioapic_eoi_broadcast(v);
    }
    apic_update_irq(s);
}

static uint32_t apic_read_reg(APICState *s, unsigned slot)
{
    switch (slot) {
    case APIC_ID:
        return (uint32_t)s->id << 24;
    case APIC_VER:
        return APIC_VERSION | (APIC_LVT_COUNT - 1) << 16;
    case APIC_TPR:
        return s->tpr;
    case APIC_APR:
        return 0; /* no arbitration on a modern bus */
    case APIC_PPR:
        return apic_ppr(s);
    case APIC_LDR:
        return s->ldr;
    case APIC_DFR:
        return s->dfr;
    case APIC_SVR:
        return s->svr;
    case APIC_ISR0 ... APIC_ISR0 + 7:
        return s->isr[slot - APIC_ISR0];
    case APIC_TMR0 ... APIC_TMR0 + 7:
        return s->tmr[slot - APIC_TMR0];
    case APIC_IRR0 ... APIC_IRR0 + 7:
        return s->irr[slot - APIC_IRR0];
    case APIC_ESR:
        return s->esr;
    case APIC_ICR_LO:
        return s->icr_lo; /* delivery status: always idle */
    case APIC_ICR_HI:
        return s->icr_hi;
    case APIC_LVT0 ... APIC_LVT0 + APIC_LVT_COUNT - 1:
        return s->lvt[slot - APIC_LVT0];
    case APIC_TIMER_INIT:
        return s->timer_initial;
    case APIC_TIMER_CUR:
        return apic_timer_current(s);
    case APIC_TIMER_DIV:
        return s->timer_div_reg;
    case APIC_EOI:
    case APIC_RRD:
        return 0;
    default:
        apic_error(s, ESR_ILLEGAL_REGISTER);
        qlog_mask(LOG_GUEST_ERRORS,
                  "apic %d: read of reserved register "
                  "0x%03x\n",
                  s->index, slot << 4);
        return 0;
    }
}

static void apic_write_lvt(APICState *s, int n, uint32_t val)
{
    uint32_t old_mode = LVT_TIMER_MODE(s->lvt[LVT_TIMER]);

    val &= lvt_write_mask[n];
    if (!apic_sw_enabled(s)) {
        val |= LVT_MASKED; /* SDM 10.4.7.2 */
    }
    s->lvt[n] = (s->lvt[n] & ~lvt_write_mask[n]) | val;
    if (n == LVT_TIMER) {
        if (LVT_TIMER_MODE(val) != old_mode) {
            /* A mode change stops the timer and disarms a deadline
             * (SDM vol. 3, 10.5.4.1). */
            s->timer_initial = 0;
            s->tsc_deadline = 0;
        }
        apic_timer_schedule(s);
    }
    apic_update_irq(s);
}

static void apic_write_reg(APICState *s, unsigned slot, uint32_t val)
{
    uint32_t cur;

    switch (slot) {
    case APIC_ID:
        s->id = val >> 24;
        break;
    case APIC_TPR:
        s->tpr = val & 0xff;
        apic_update_irq(s);
        break;
    case APIC_EOI:
        apic_eoi(s);
        break;
    case APIC_LDR:
        s->ldr = val & 0xff000000;
        break;
    case APIC_DFR:
        s->dfr = val | 0x0fffffff;
        break;
    case APIC_SVR:
        s->svr = val & (0xff | SVR_ENABLE | SVR_NO_EOI_BCAST);
        if (!apic_sw_enabled(s)) {
            for (int i = 0; i < APIC_LVT_COUNT; i++) {
                s->lvt[i] |= LVT_MASKED;
            }
        }
        apic_update_irq(s);
        break;
    case APIC_ESR:
        s->esr = s->esr_pending;
        s->esr_pending = 0;
        break;
    case APIC_ICR_LO:
        s->icr_lo = val & ICR_WRITE_MASK;
        apic_send_ipi(s);
        break;
    case APIC_ICR_HI:
        s->icr_hi = val & 0xff000000;
        break;
    case APIC_LVT0 ... APIC_LVT0 + APIC_LVT_COUNT - 1:
        apic_write_lvt(s, slot - APIC_LVT0, val);
        break;
    case APIC_TIMER_INIT:
        if (apic_timer_tsc_deadline(s)) {
            break; /* ignored in TSC-deadline mode */
        }
        s->timer_initial = val;
        s->timer_start = clock_get_ns(CLOCK_VIRTUAL);
        apic_timer_schedule(s);
        break;
    case APIC_TIMER_DIV:
        /* Keep the current count across the change of rate. */
        cur = apic_timer_current(s);
        s->timer_div_reg = val & 0xb;
        if (s->timer_initial) {
            s->timer_start =
                clock_get_ns(CLOCK_VIRTUAL)
                - (int64_t)(s->timer_initial - cur) * apic_tick_ns(s);
        }
        apic_timer_schedule(s);
        break;
    case APIC_VER:
    case APIC_APR:
    case APIC_PPR:
    case APIC_RRD:
    case APIC_ISR0 ... APIC_ISR0 + 7:
    case APIC_TMR0 ... APIC_TMR0 + 7:
    case APIC_IRR0 ... APIC_IRR0 + 7:
    case APIC_TIMER_CUR:
        qlog_mask(LOG_GUEST_ERRORS,
                  "apic %d: write 0x%08x to read-only "
                  "register 0x%03x\n",
                  s->index, val, slot << 4);
        break;
    default:
        apic_error(s, ESR_ILLEGAL_REGISTER);
        qlog_mask(LOG_GUEST_ERRORS,
                  "apic %d: write 0x%08x to reserved "
                  "register 0x%03x\n",
                  s->index, val, slot << 4);
        break;
    }
}

/* The APIC of the CPU doing the access (CPU 0 outside any CPU). */
static APICState *apic_current(void)
{
    int index = current_cpu ? current_cpu->cpu_index : 0;

    return apics.cpu[index];
}

static uint64_t apic_mmio_read(void *opaque, hwaddr addr, unsigned size)
{
    uint32_t v = apic_read_reg(apic_current(), addr >> 4);

    /* Narrow reads see the bytes of the 32-bit register. */
    return v >> ((addr & 3) * 8);
}

static void apic_mmio_write(void *opaque, hwaddr addr, uint64_t val,
                            unsigned size)
{
    if ((addr & 0xf) != 0 || size != 4) {
        qlog_mask(LOG_GUEST_ERRORS,
                  "apic: %u-byte write at offset 0x%03x "
                  "ignored (registers take aligned 32-bit writes)\n",
                  size, (unsigned)addr);
        return;
    }
    apic_write_reg(apic_current(), addr >> 4, val);
}

static const MemoryRegionOps apic_mmio_ops = {
    .read = apic_mmio_read,
    .write = apic_mmio_write,
    .valid = {.min_size = 1, .max_size = 4},
    .impl = {.min_size = 1, .max_size = 4},
};

/* -- Reset, inputs, CPU interface -------------------------------------- */

static void apic_reset(APICState *s, bool init)
{
    if (!init) {
        s->apicbase = APIC_DEFAULT_BASE | APICBASE_ENABLE
                      | (s->index == 0 ? APICBASE_BSP : 0);
        s->id = s->index;
    }
    s->tpr = 0;
    s->ldr = 0;
    s->dfr = 0xffffffff;
    s->svr = 0xff;
    memset(s->isr, 0, sizeof(s->isr));
    memset(s->tmr, 0, sizeof(s->tmr));
    memset(s->irr, 0, sizeof(s->irr));
    s->esr = 0;
    s->esr_pending = 0;
    s->icr_lo = 0;
    s->icr_hi = 0;
    for (int i = 0; i < APIC_LVT_COUNT; i++) {
        s->lvt[i] = LVT_MASKED;
    }
    if (s->index == 0) {
        s->lvt[LVT_LINT0] = APIC_DM_EXTINT << 8; /* see the file header */
    }
    s->timer_initial = 0;
    s->timer_div_reg = 0;
    s->tsc_deadline = 0;
    s->timer_start = 0;
    timer_del(s->timer);
    if (!init) {
        s->sipi_vector = 0; /* a SIPI queued behind an INIT survives it */
    }
    apic_update_irq(s);
}

void apic_init(Machine *m)
{
    apics.machine = m;
    apics.count = m->cfg->smp_cpus;
    for (int i = 0; i < apics.count; i++) {
        APICState *s = g_new0(APICState, 1);

        s->index = i;
        s->timer = timer_new_ns(CLOCK_VIRTUAL, apic_timer_cb, s);
        apics.cpu[i] = s;
        apic_reset(s, false);
    }
    memory_region_init_io(&apics.mmio, "apic", &apic_mmio_ops, NULL,
                          APIC_PAGE_SIZE);
    memory_region_add_subregion_overlap(&m->system, APIC_DEFAULT_BASE,
                                        &apics.mmio, 2);
}

bool apic_hw_enabled(int index)
{
    return index < apics.count
           && (apics.cpu[index]->apicbase & APICBASE_ENABLE);
}

void apic_set_lint(int index, int pin, int level)
{
    APICState *s = apics.cpu[index];
    uint32_t lvt = s->lvt[LVT_LINT0 + pin];
    bool rising = level && !s->lint_level[pin];

    s->lint_level[pin] = level;
    if (!(lvt & LVT_MASKED)) {
        switch (LVT_DELIVERY(lvt)) {
        case APIC_DM_EXTINT:
            break; /* apic_update_irq looks at it */
        case APIC_DM_FIXED:
            if (rising || (level && (lvt & LVT_LEVEL))) {
                apic_accept(s, lvt & LVT_VECTOR, lvt & LVT_LEVEL);
            }
            break;
        default:
            if (rising) {
                apic_deliver_to(s, LVT_DELIVERY(lvt), 0, false);
            }
            break;
        }
    }
    apic_update_irq(s);
}

int apic_get_interrupt(int index)
{
    APICState *s = apics.cpu[index];
    int v;

    if (apic_extint_asserted(s)) {
        return APIC_VECTOR_EXTINT;
    }
    if (bit_highest(s->irr) < 0 || !apic_sw_enabled(s)) {
        return -1;
    }
    v = apic_deliverable(s);
    if (v < 0) {
        return s->svr & 0xff; /* masked by TPR since: spurious */
    }
    bit_clear(s->irr, v);
    bit_set(s->isr, v);
    apic_update_irq(s);
    return v;
}

/* -- include/hw/i386/x86-cpu-board.h: the CPU's side ------------------- */

/*
 * IA32_TSC_DEADLINE (SDM vol. 3, 10.5.4.1): in TSC-deadline mode a write
 * arms the timer for VAL (0 disarms; a value already passed fires at
 * once); in the other modes writes are ignored.
 */
static void apic_tsc_deadline_write(APICState *s, uint64_t val)
{
    if (!apic_timer_tsc_deadline(s)) {
        return;
    }
    s->tsc_deadline = val;
    apic_tsc_deadline_schedule(s);
}

bool x86_apic_msr_read(CPUState *cpu, uint32_t msr, uint64_t *val)
{
    APICState *s = apics.cpu[cpu->cpu_index];

    switch (msr) {
    case MSR_IA32_APICBASE:
        *val = s->apicbase;
        return true;
    case MSR_IA32_TSC_DEADLINE:
        /* The armed deadline; 0 once it fired and in the other modes. */
        *val = apic_timer_tsc_deadline(s) ? s->tsc_deadline : 0;
        return x86_cpu_has_tsc_deadline(cpu);
    default:
        return false; /* x2APIC: #GP */
    }
}

bool x86_apic_msr_write(CPUState *cpu, uint32_t msr, uint64_t val)
{
    APICState *s = apics.cpu[cpu->cpu_index];
    uint64_t reserved =
        ~(APICBASE_ADDR | APICBASE_ENABLE | APICBASE_BSP | APICBASE_EXTD);

    if (msr == MSR_IA32_TSC_DEADLINE && x86_cpu_has_tsc_deadline(cpu)) {
        apic_tsc_deadline_write(s, val);
        return true;
    }
    if (msr != MSR_IA32_APICBASE || (val & reserved) || (val & APICBASE_EXTD)) {
        return false;
    }
    if ((val & APICBASE_ADDR) != APIC_DEFAULT_BASE) {
        qlog_mask(LOG_UNIMP,
                  "apic %d: moving the APIC page to 0x%llx is "
                  "not implemented yet\n",
                  s->index, (unsigned long long)(val & APICBASE_ADDR));
    }
    /* The BSP flag is read-only. */
    s->apicbase =
        (val & ~(uint64_t)APICBASE_BSP) | (s->apicbase & APICBASE_BSP);
    if (!(val & APICBASE_ENABLE)) {
        /* Disabled: as after reset, until a reset re-enables it. */
        apic_reset(s, true);
        if (apic_cpu(s)) {
            cpu_reset_interrupt(apic_cpu(s), CPU_INTERRUPT_HARD);
        }
    }
    return true;
}

uint64_t x86_apic_get_cr8(CPUState *cpu)
{
    return apics.cpu[cpu->cpu_index]->tpr >> 4;
}

void x86_apic_set_cr8(CPUState *cpu, uint64_t val)
{
    APICState *s = apics.cpu[cpu->cpu_index];

    s->tpr = (val & 0xf) << 4;
    apic_update_irq(s);
}

void x86_apic_reset(CPUState *cpu, bool init)
{
    apic_reset(apics.cpu[cpu->cpu_index], init);
}

int x86_apic_sipi_vector(CPUState *cpu)
{
    return apics.cpu[cpu->cpu_index]->sipi_vector;
}
