/*
 * Hardware interrupts through the IDT in 32-bit protected mode, from the
 * 8259 PIC (master vectors 0x20-0x27, slave 0x28-0x2f):
 *   - IRQ0 from the PIT reaches its handler with IF = 1, never with IF = 0;
 *   - without an EOI the request in service blocks the next IRQ0, the EOI
 *     lets it through;
 *   - with IRQ0 and IRQ8 (through the cascade, IRQ2) both pending, IRQ0
 *     is taken first;
 *   - the interrupt shadow of STI (SDM vol. 3, 6.8.3): with a request
 *     pending, "sti; nop" takes it after the NOP, and "sti; hlt" halts and
 *     wakes at once, saving the address after the HLT.
 * The PIT runs in mode 2 (~1 kHz) where a check needs a stream of
 * requests, and in mode 0 (its output rises once and stays high) where a
 * check needs exactly one, so that a stall of the host between two
 * instructions cannot slip in another request.  Waits are bounded by the
 * HPET's counter (lib/vclock.h).
 */
#include "desc.h"
#include "guest.h"
#include "vclock.h"

#define MASTER        0x20
#define SLAVE         0xa0
#define OCW3_READ_IRR 0x0a
#define OCW3_READ_ISR 0x0b
#define EOI           0x20
#define VEC_IRQ0      0x20
#define VEC_IRQ8      0x28
#define WAIT_NS       (1000 * VCLOCK_MS) /* an interrupt due in ms has come */
#define MAX_LOG       8

extern char sti_nop_after[], sti_hlt_after[];

static volatile uint32_t n_irq, irq_log[MAX_LOG], irq_eip, irq_eflags;
static volatile uint32_t handler_eflags;
static volatile int send_eoi = 1;

static void pic_init(void)
{
    outb(MASTER, 0x11);
    outb(MASTER + 1, VEC_IRQ0);
    outb(MASTER + 1, 0x04);
    outb(MASTER + 1, 0x01);
    outb(SLAVE, 0x11);
    outb(SLAVE + 1, VEC_IRQ8);
    outb(SLAVE + 1, 0x02);
    outb(SLAVE + 1, 0x01);
    outb(MASTER + 1, 0xff);
    outb(SLAVE + 1, 0xff);
}

static uint8_t pic_read(uint16_t pic, uint8_t ocw3)
{
    outb(pic, ocw3);
    return inb(pic);
}

static int wait_irr(uint8_t mask)
{
    return VCLOCK_WAIT((pic_read(MASTER, OCW3_READ_IRR) & mask) == mask,
                       WAIT_NS);
}

/* PIT channel 0, mode 2, ~1 kHz. */
static void pit_start(void)
{
    outb(0x43, 0x34);
    outb(0x40, 1193 & 0xff);
    outb(0x40, 1193 >> 8);
}

/* PIT channel 0, mode 0: IRQ0 falls now and rises once, in ~1 ms. */
static void pit_oneshot(void)
{
    outb(0x43, 0x30);
    outb(0x40, 1193 & 0xff);
    outb(0x40, 1193 >> 8);
}

static void pit_stop(void)
{
    outb(0x43, 0x30);
}

/* RTC periodic interrupt (IRQ8) at 1024 Hz; reading register C acks it. */
static void rtc_periodic(int on)
{
    outb(0x70, 0x0a);
    outb(0x71, 0x26);
    outb(0x70, 0x0b);
    outb(0x71, on ? 0x42 : 0x02);
    outb(0x70, 0x0c);
    inb(0x71);
}

static void irq_handler(struct exc_frame *f)
{
    if (n_irq < MAX_LOG) {
        irq_log[n_irq] = f->vector;
    }
    n_irq++;
    irq_eip = f->eip;
    irq_eflags = f->eflags;
    __asm__ volatile("pushf; pop %0" : "=r"(handler_eflags));
    if (f->vector == VEC_IRQ8) {
        outb(0x70, 0x0c);
        inb(0x71);
        outb(SLAVE, EOI);
    }
    if (send_eoi) {
        outb(MASTER, EOI);
    }
}

/* Spin with interrupts enabled until N_IRQ reaches N (or time runs out). */
static void wait_irqs(uint32_t n)
{
    __asm__ volatile("sti");
    VCLOCK_WAIT(n_irq >= n, WAIT_NS);
    __asm__ volatile("cli");
}

/* Spin for NS with the interrupt flag as it is. */
static void spin(uint32_t ns)
{
    uint64_t t0 = vclock_ns();

    while (vclock_since(t0) < ns) {
        __asm__ volatile("pause");
    }
}

static void test_irq0(void)
{
    n_irq = 0;
    outb(MASTER + 1, 0xfe);
    pit_start();
    check(wait_irr(0x01), "IRQ0 is requested with IF = 0");
    spin(5 * VCLOCK_MS);
    check(n_irq == 0, "no interrupt is taken while IF = 0");
    wait_irqs(3);
    check(n_irq >= 3 && irq_log[0] == VEC_IRQ0,
          "IRQ0 reaches IDT vector 0x20 with IF = 1, again after each EOI");
    check(irq_eflags & 0x200, "the saved EFLAGS has IF = 1");
    check(!(handler_eflags & 0x200), "the interrupt gate cleared IF");
    check(pic_read(MASTER, OCW3_READ_ISR) == 0, "the EOI left ISR clear");
}

static void test_no_eoi(void)
{
    n_irq = 0;
    send_eoi = 0;
    wait_irqs(1);
    __asm__ volatile("sti");
    check(wait_irr(0x01), "a new IRQ0 request while IRQ0 is in service");
    spin(5 * VCLOCK_MS);
    __asm__ volatile("cli");
    check(n_irq == 1, "without an EOI, IRQ0 in service blocks the next one");
    check(pic_read(MASTER, OCW3_READ_ISR) == 0x01, "IRQ0 stays in ISR");
    send_eoi = 1;
    outb(MASTER, EOI);
    wait_irqs(2);
    check(n_irq >= 2, "after the EOI IRQ0 is taken again");
}

static void test_priority(void)
{
    pit_stop();
    outb(MASTER + 1, 0xfa); /* IRQ0 and the cascade */
    outb(SLAVE + 1, 0xfe);  /* IRQ8 */
    rtc_periodic(1);
    pit_oneshot();
    check(wait_irr(0x05), "IRQ0 and IRQ2 (the slave's IRQ8) both pending");
    n_irq = 0;
    wait_irqs(2);
    check(irq_log[0] == VEC_IRQ0 && irq_log[1] == VEC_IRQ8,
          "IRQ0 is delivered before IRQ8 (IRQ2), then IRQ8");
    rtc_periodic(0);
    outb(MASTER + 1, 0xfe);
    outb(SLAVE + 1, 0xff);
}

static __attribute__((noinline)) void sti_then_nop(void)
{
    __asm__ volatile("sti\n"
                     "sti_nop: nop\n"
                     "sti_nop_after: cli");
}

static __attribute__((noinline)) void sti_then_hlt(void)
{
    __asm__ volatile("sti\n"
                     "sti_hlt: hlt\n"
                     "sti_hlt_after: cli");
}

static void test_shadow(void)
{
    pit_oneshot();
    check(wait_irr(0x01), "IRQ0 pending for STI; NOP");
    n_irq = 0;
    sti_then_nop();
    check(n_irq == 1 && irq_eip == (uint32_t)sti_nop_after,
          "STI; NOP with IRQ0 pending: taken after the NOP");
    pit_oneshot();
    check(wait_irr(0x01), "IRQ0 pending for STI; HLT");
    n_irq = 0;
    sti_then_hlt();
    check(n_irq == 1 && irq_eip == (uint32_t)sti_hlt_after,
          "STI; HLT with IRQ0 pending: HLT wakes at once, after the HLT");
    if (irq_eip != (uint32_t)sti_hlt_after) {
        puts_dbg("  saved eip ");
        put_hex(irq_eip);
        puts_dbg("\n");
    }
}

int guest_main(uint32_t magic, uint32_t info)
{
    desc_init();
    vclock_start();
    pic_init();
    set_exc_handler(VEC_IRQ0, irq_handler);
    set_exc_handler(VEC_IRQ8, irq_handler);
    test_irq0();
    test_no_eoi();
    test_priority();
    test_shadow();
    pit_stop();
    return failures;
}
