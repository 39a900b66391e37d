/*
 * The dual 8259 PIC, with interrupts off (IF = 0): requests are watched in
 * IRR/ISR (OCW3) and taken with the poll command, the way a driver that
 * cannot take interrupts would.  Requests come from the PIT (IRQ0, mode 0:
 * its output rises once, 1 ms after the count is written, and stays high)
 * and the RTC's periodic interrupt (IRQ8, through the slave on the
 * master's IRQ2; the line stays high until register C is read).  Each
 * source makes one edge until the test re-arms it, so what the PIC holds
 * does not depend on how fast the guest runs; waits are bounded by the
 * HPET's counter (lib/vclock.h).
 *   - initialization (ICW1-4), IMR read-back, ELCR writable bits;
 *   - IRR latches a request even when masked, the poll acknowledges it
 *     (ISR set, IRR cleared), EOI clears ISR;
 *   - a request in service blocks lower priorities; a masked one is not
 *     polled; the set-priority command rotates priorities;
 *   - special mask mode lets a lower priority through;
 *   - the cascade: IRQ8 reaches the master as IRQ2;
 *   - automatic EOI leaves ISR clear.
 */
#include "guest.h"
#include "vclock.h"

#define MASTER         0x20
#define SLAVE          0xa0
#define OCW3_READ_IRR  0x0a
#define OCW3_READ_ISR  0x0b
#define OCW3_POLL      0x0c
#define OCW3_SET_SMM   0x68
#define OCW3_CLEAR_SMM 0x48
#define EOI            0x20
#define WAIT_NS        (1000 * VCLOCK_MS) /* an edge due in a few ms has come */

static void pic_init(uint8_t icw4)
{
    outb(MASTER, 0x11);
    outb(MASTER + 1, 0x20);
    outb(MASTER + 1, 0x04);
    outb(MASTER + 1, icw4);
    outb(SLAVE, 0x11);
    outb(SLAVE + 1, 0x28);
    outb(SLAVE + 1, 0x02);
    outb(SLAVE + 1, icw4);
    outb(MASTER + 1, 0xff);
    outb(SLAVE + 1, 0xff);
}

static uint8_t read_irr(uint16_t pic)
{
    outb(pic, OCW3_READ_IRR);
    return inb(pic);
}

static uint8_t read_isr(uint16_t pic)
{
    outb(pic, OCW3_READ_ISR);
    return inb(pic);
}

static uint8_t poll(uint16_t pic)
{
    outb(pic, OCW3_POLL);
    return inb(pic);
}

/* Wait until IRR of PIC has every bit of MASK. */
static int wait_irr(uint16_t pic, uint8_t mask)
{
    return VCLOCK_WAIT((read_irr(pic) & mask) == mask, WAIT_NS);
}

/* PIT channel 0 in mode 0: IRQ0 falls now and rises once, in ~1 ms. */
static void pit_oneshot(void)
{
    outb(0x43, 0x30);
    outb(0x40, 1193 & 0xff);
    outb(0x40, 1193 >> 8);
}

/* RTC periodic interrupt at 1024 Hz: IRQ8 until register C is read. */
static void rtc_periodic(int on)
{
    outb(0x70, 0x0a);
    outb(0x71, 0x26);
    outb(0x70, 0x0b);
    outb(0x71, on ? 0x42 : 0x02);
    outb(0x70, 0x0c);
    inb(0x71);
}

int guest_main(uint32_t magic, uint32_t info)
{
    uint8_t v;

    vclock_start();
    pic_init(0x01);
    check(inb(MASTER + 1) == 0xff && inb(SLAVE + 1) == 0xff,
          "IMR reads back what OCW1 wrote");
    outb(0x4d0, 0xff);
    outb(0x4d1, 0xff);
    check(inb(0x4d0) == 0xf8 && inb(0x4d1) == 0xde,
          "ELCR: IRQ0-2, 8 and 13 cannot be level-triggered");
    outb(0x4d0, 0);
    outb(0x4d1, 0);

    pit_oneshot();
    check(wait_irr(MASTER, 0x01), "a masked IRQ0 still shows in IRR");
    check(!(poll(MASTER) & 0x80), "the poll ignores a masked request");

    outb(MASTER + 1, 0xfe);
    v = poll(MASTER);
    check(v == 0x80, "the poll reports IRQ0 once unmasked");
    check(read_isr(MASTER) == 0x01, "the poll put IRQ0 in service");
    check(!(read_irr(MASTER) & 0x01), "the poll took the edge from IRR");

    /* IRQ8 through the cascade while IRQ0 is in service. */
    outb(MASTER + 1, 0xfa);
    outb(SLAVE + 1, 0xfe);
    rtc_periodic(1);
    check(wait_irr(SLAVE, 0x01), "the RTC's IRQ8 shows in the slave's IRR");
    check(wait_irr(MASTER, 0x04), "the slave requests on the master's IRQ2");
    check(!(poll(MASTER) & 0x80),
          "IRQ2 waits while the higher-priority IRQ0 is in service");

    outb(MASTER, OCW3_SET_SMM);
    outb(MASTER + 1, 0xfb); /* IRQ0 masked, still in service */
    v = poll(MASTER);
    check(v == 0x82, "special mask mode lets IRQ2 past a masked IRQ0");
    outb(MASTER, OCW3_CLEAR_SMM);
    outb(MASTER, 0x62); /* specific EOI, IRQ2 */
    outb(MASTER, 0x60); /* specific EOI, IRQ0 */
    check(read_isr(MASTER) == 0, "specific EOIs clear ISR");

    v = poll(SLAVE);
    check(v == 0x80, "the slave's poll reports IRQ8 (its IRQ0)");
    outb(SLAVE, EOI);
    check(read_isr(SLAVE) == 0, "a non-specific EOI clears the slave's ISR");
    rtc_periodic(0);

    /* Both IRQ0 and IRQ2 requested: priority decides. */
    outb(MASTER + 1, 0xfa);
    outb(MASTER, 0xc1); /* IRQ1 lowest: IRQ2 highest */
    pit_oneshot();
    rtc_periodic(1);
    check(wait_irr(MASTER, 0x05), "IRQ0 and IRQ2 both requested");
    v = poll(MASTER);
    check(v == 0x82, "after set-priority (IRQ1 lowest) IRQ2 beats IRQ0");
    outb(MASTER, EOI);
    outb(MASTER, 0xc7); /* back to IRQ7 lowest */
    poll(SLAVE);
    outb(SLAVE, EOI);
    rtc_periodic(0);
    v = poll(MASTER);
    check(v == 0x80, "with IRQ7 lowest the IRQ0 still requested is next");
    outb(MASTER, EOI);

    /* Automatic EOI. */
    pic_init(0x03);
    outb(MASTER + 1, 0xfe);
    pit_oneshot();
    check(wait_irr(MASTER, 0x01), "IRQ0 requested after reinitialization");
    v = poll(MASTER);
    check(v == 0x80 && read_isr(MASTER) == 0,
          "automatic EOI: the acknowledged IRQ0 is not left in service");

    outb(0x43, 0x30); /* stop the PIT */
    return failures;
}
