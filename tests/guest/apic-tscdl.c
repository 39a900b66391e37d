/*
 * The local APIC timer's TSC-deadline mode (SDM vol. 3, 10.5.4.1), with
 * interrupts through the IDT in 32-bit protected mode:
 *   - CPUID.1:ECX.TSC_DEADLINE[bit 24] is set;
 *   - a deadline ~1 ms ahead delivers the LVT timer's vector, not before
 *     the TSC reaches it, and IA32_TSC_DEADLINE reads 0 after it fired;
 *   - while armed the MSR reads back the deadline; writing 0 disarms it;
 *   - a deadline already passed fires at once;
 *   - the initial-count register is ignored in this mode;
 *   - in one-shot mode MSR writes are ignored, and leaving the mode
 *     disarms a deadline.
 * The TSC's rate is measured against the PIT (channel 2, gated by port
 * 0x61 bit 0, its output on bit 5): the smallest of a few measurements,
 * since a stall of the host during one can only lengthen it.  How late
 * the deadline's interrupt may come is counted in the time the guest ran
 * after the deadline: the TSC counts host time, and a stall of the host
 * delays the interrupt as it delays the guest.
 *
 * QEMU 7.2's TCG does not offer TSC-deadline mode: the build for it
 * (-DQEMU_7_2) runs only the part that checks the program's own
 * machinery (a one-shot APIC timer interrupt reaching the handler and the
 * TSC calibration), and reports the rest as skipped.
 */
#include "desc.h"
#include "guest.h"

#define APIC                    0xfee00000u
#define MSR_TSC_DEADLINE        0x6e0
#define CPUID1_ECX_TSC_DEADLINE (1u << 24)

enum {
    EOI = 0xb0,
    SVR = 0xf0,
    IRR = 0x200,
    LVT_TIMER = 0x320,
    TIMER_INIT = 0x380,
    TIMER_CUR = 0x390,
    TIMER_DIV = 0x3e0,
};

#define LVT_MASKED       (1u << 16)
#define LVT_TSC_DEADLINE (2u << 17)
#define VEC_ONESHOT      0x41
#define VEC_DEADLINE     0x42

static volatile uint32_t n_irq, last_vector;
static volatile uint64_t irq_tsc;
static uint32_t tsc_per_ms; /* TSC ticks per ms (< 2^32 below 4 THz) */

/* N ms in TSC ticks. */
static uint64_t ms(uint32_t n)
{
    return (uint64_t)n * tsc_per_ms;
}

static void apic_write(uint32_t r, uint32_t v)
{
    mmio_write32(APIC + r, v);
}

static uint32_t apic_read(uint32_t r)
{
    return mmio_read32(APIC + r);
}

static int irr_has(int vector)
{
    return apic_read(IRR + (vector / 32) * 0x10) >> (vector % 32) & 1;
}

static uint64_t rdtsc(void)
{
    uint32_t lo, hi;

    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return (uint64_t)hi << 32 | lo;
}

static uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;

    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return (uint64_t)hi << 32 | lo;
}

static void wrmsr(uint32_t msr, uint64_t v)
{
    __asm__ volatile("wrmsr"
                     :
                     : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

static void timer_handler(struct exc_frame *f)
{
    irq_tsc = rdtsc();
    last_vector = f->vector;
    n_irq++;
    apic_write(EOI, 0);
}

/* TSC ticks from A to B that are after FROM, at most 1 ms: a longer step
 * of a spinning guest is the host not running the emulator. */
static uint64_t ran_after(uint64_t a, uint64_t b, uint64_t from)
{
    if (b <= from) {
        return 0;
    }
    if (a < from) {
        a = from;
    }
    return b - a < ms(1) ? b - a : ms(1);
}

/*
 * With interrupts on, spin until an interrupt came or the TSC passes END.
 * Returns the TSC ticks the guest ran after FROM until then: the loop's
 * steps (and the step to the handler's TSC), each counted up to 1 ms.
 */
static uint64_t wait_irq_until(uint64_t end, uint64_t from)
{
    uint64_t prev = rdtsc(), now, ran = 0;

    __asm__ volatile("sti");
    while (!n_irq && (now = rdtsc()) < end) {
        ran += ran_after(prev, now, from);
        prev = now;
        __asm__ volatile("pause");
    }
    __asm__ volatile("cli");
    if (n_irq) {
        ran += ran_after(prev, irq_tsc, from);
    }
    return ran;
}

/* TSC ticks in 10 ms: PIT channel 2 in mode 0 counting 10 ms. */
static uint32_t measure_tsc_10ms(void)
{
    uint64_t t0, t1;
    uint32_t n;

    outb(0x61, 0x00);         /* gate 2 low, speaker off */
    outb(0x43, 0xb0);         /* channel 2, lo/hi, mode 0 */
    outb(0x42, 11932 & 0xff); /* 1193182 Hz / 100 */
    outb(0x42, 11932 >> 8);
    t0 = rdtsc();
    outb(0x61, 0x01); /* gate 2 high: count */
    for (n = 0; n < 100000000 && !(inb(0x61) & 0x20); n++) {
    }
    t1 = rdtsc();
    outb(0x61, 0x00);
    return (uint32_t)(t1 - t0);
}

/* TSC ticks per ms: the shortest of five 10 ms measurements. */
static uint32_t measure_tsc_per_ms(void)
{
    uint32_t best = UINT32_MAX;

    for (int i = 0; i < 5; i++) {
        uint32_t t = measure_tsc_10ms();

        best = t < best ? t : best;
    }
    return best / 10;
}

static void test_oneshot_machinery(void)
{
    n_irq = 0;
    apic_write(TIMER_DIV, 0x0b);
    apic_write(LVT_TIMER, VEC_ONESHOT);
    apic_write(TIMER_INIT, 100000);
    wait_irq_until(rdtsc() + ms(1000), 0);
    check(n_irq == 1 && last_vector == VEC_ONESHOT,
          "a one-shot APIC timer interrupt reaches its IDT handler");
    apic_write(TIMER_INIT, 0);
}

static void test_deadline_fires(void)
{
    uint64_t deadline, ran, v;

    check(rdmsr(MSR_TSC_DEADLINE) == 0, "IA32_TSC_DEADLINE reads 0 unarmed");
    n_irq = 0;
    deadline = rdtsc() + ms(1);
    wrmsr(MSR_TSC_DEADLINE, deadline);
    v = rdmsr(MSR_TSC_DEADLINE);
    /* Read before the deadline (a stall of the host can make it later,
     * and the timer may have fired by then): the deadline. */
    check(v == deadline || (rdtsc() >= deadline && v == 0),
          "while armed, IA32_TSC_DEADLINE reads back the deadline");
    ran = wait_irq_until(deadline + ms(1000), deadline);
    check(n_irq == 1 && last_vector == VEC_DEADLINE,
          "a deadline 1 ms ahead delivers the LVT timer's vector");
    check(n_irq == 1 && irq_tsc >= deadline,
          "the interrupt comes after the TSC reached the deadline");
    check(n_irq == 1 && ran < ms(20),
          "and after the guest ran less than 20 ms past it");
    check(rdmsr(MSR_TSC_DEADLINE) == 0,
          "IA32_TSC_DEADLINE reads 0 after the timer fired");
}

static void disarm_by_msr(void)
{
    wrmsr(MSR_TSC_DEADLINE, 0);
}

/* One-shot mode and back: leaving TSC-deadline mode disarms. */
static void disarm_by_mode(void)
{
    apic_write(LVT_TIMER, VEC_DEADLINE);
    apic_write(LVT_TIMER, LVT_TSC_DEADLINE | VEC_DEADLINE);
}

/*
 * Arm a deadline 2 ms ahead, then DISARM it; returns the deadline.  The
 * TSC read after the disarm tells whether it came in time: a stall of the
 * host between the two can put the disarm after the deadline, which then
 * fires as it would on hardware.  The guest takes that interrupt and
 * tries again (0 after ten attempts).
 */
static uint64_t arm_then_disarm(void (*disarm)(void))
{
    for (int attempt = 0; attempt < 10; attempt++) {
        uint64_t deadline = rdtsc() + ms(2);

        n_irq = 0;
        wrmsr(MSR_TSC_DEADLINE, deadline);
        disarm();
        if (rdtsc() < deadline) {
            return deadline;
        }
        wait_irq_until(rdtsc() + ms(100), 0);
    }
    return 0;
}

static void test_disarm(void)
{
    uint64_t deadline = arm_then_disarm(disarm_by_msr);

    check(deadline, "a deadline written 0 within 2 ms (10 attempts)");
    check(rdmsr(MSR_TSC_DEADLINE) == 0, "writing 0 disarms: the MSR reads 0");
    wait_irq_until(deadline + ms(20), 0);
    check(n_irq == 0 && !irr_has(VEC_DEADLINE),
          "a disarmed deadline does not fire (20 ms past it)");
}

static void test_past_deadline(void)
{
    n_irq = 0;
    wrmsr(MSR_TSC_DEADLINE, rdtsc() - 1);
    check(irr_has(VEC_DEADLINE),
          "a deadline already passed requests the vector at once");
    check(rdmsr(MSR_TSC_DEADLINE) == 0, "and the MSR reads 0");
    wait_irq_until(rdtsc() + ms(100), 0);
    check(n_irq == 1 && last_vector == VEC_DEADLINE,
          "it is delivered when interrupts are enabled");
}

static void test_initial_count_ignored(void)
{
    n_irq = 0;
    apic_write(TIMER_INIT, 1000);
    check(apic_read(TIMER_INIT) == 0 && apic_read(TIMER_CUR) == 0,
          "the initial-count register ignores writes in TSC-deadline mode");
    wait_irq_until(rdtsc() + ms(10), 0);
    check(n_irq == 0, "and starts no count-down");
}

static void test_other_modes(void)
{
    uint64_t deadline;

    apic_write(LVT_TIMER, LVT_MASKED | VEC_DEADLINE); /* one-shot */
    wrmsr(MSR_TSC_DEADLINE, rdtsc() + ms(1000));
    check(rdmsr(MSR_TSC_DEADLINE) == 0,
          "in one-shot mode IA32_TSC_DEADLINE writes are ignored");

    apic_write(LVT_TIMER, LVT_TSC_DEADLINE | VEC_DEADLINE);
    deadline = arm_then_disarm(disarm_by_mode);
    check(deadline, "a mode change within 2 ms of arming (10 attempts)");
    check(rdmsr(MSR_TSC_DEADLINE) == 0,
          "leaving TSC-deadline mode disarms the deadline");
    wait_irq_until(deadline + ms(20), 0);
    check(n_irq == 0, "which then does not fire");
}

int guest_main(uint32_t magic, uint32_t info)
{
    uint32_t a, b, c, d;

    desc_init();
    outb(0x21, 0xff); /* PIC masked: no ExtINT noise */
    outb(0xa1, 0xff);
    set_exc_handler(VEC_ONESHOT, timer_handler);
    set_exc_handler(VEC_DEADLINE, timer_handler);
    apic_write(SVR, 0x1ff);

    tsc_per_ms = measure_tsc_per_ms();
    check(tsc_per_ms >= 100000, "the TSC runs at 100 MHz or more "
                                "(measured against the PIT)");
    test_oneshot_machinery();

    __asm__ volatile("cpuid"
                     : "=a"(a), "=b"(b), "=c"(c), "=d"(d)
                     : "a"(1), "c"(0));
#ifdef QEMU_7_2
    if (!(c & CPUID1_ECX_TSC_DEADLINE)) {
        puts_dbg("TSC-deadline mode not offered: its checks are skipped\n");
        return failures;
    }
#endif
    check(c & CPUID1_ECX_TSC_DEADLINE, "CPUID.1:ECX.TSC_DEADLINE is set");
    if (!(c & CPUID1_ECX_TSC_DEADLINE)) {
        return failures; /* its MSR would #GP */
    }
    apic_write(LVT_TIMER, LVT_TSC_DEADLINE | VEC_DEADLINE);
    check((apic_read(LVT_TIMER) & (3u << 17)) == LVT_TSC_DEADLINE,
          "the LVT timer takes TSC-deadline mode");
    test_deadline_fires();
    test_disarm();
    test_past_deadline();
    test_initial_count_ignored();
    test_other_modes();
    apic_write(LVT_TIMER, LVT_MASKED);
    return failures;
}
