/*
 * The dual 8259 PIC, with interrupts off (IF = 0): requests are watched in
 * IRR/ISR (OCW3) and taken with the poll command, the way a driver that
 * cannot take interrupts would.  Requests come from the PIT (IRQ0, mode 2
 * at ~1 kHz) and the RTC's periodic interrupt (IRQ8, through the slave on
 * the master's IRQ2).
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

#define MASTER 0x20
#define SLAVE 0xa0
#define OCW3_READ_IRR 0x0a
#define OCW3_READ_ISR 0x0b
#define OCW3_POLL 0x0c
#define OCW3_SET_SMM 0x68
#define OCW3_CLEAR_SMM 0x48
#define EOI 0x20
#define WAIT_LOOPS 20000000

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
    for (int i = 0; i < WAIT_LOOPS; i++) {
        if ((read_irr(pic) & mask) == mask) {
            return 1;
        }
    }
    return 0;
}

/* PIT channel 0 in mode 2 (rate generator) at ~1 kHz: IRQ0 edges. */
static void pit_start(void)
{
    outb(0x43, 0x34);
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

    pic_init(0x01);
    check(inb(MASTER + 1) == 0xff && inb(SLAVE + 1) == 0xff,
          "IMR reads back what OCW1 wrote");
    outb(0x4d0, 0xff);
    outb(0x4d1, 0xff);
    check(inb(0x4d0) == 0xf8 && inb(0x4d1) == 0xde,
          "ELCR: IRQ0-2, 8 and 13 cannot be level-triggered");
    outb(0x4d0, 0);
    outb(0x4d1, 0);

    pit_start();
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
    outb(MASTER + 1, 0xfb);             /* IRQ0 masked, still in service */
    v = poll(MASTER);
    check(v == 0x82, "special mask mode lets IRQ2 past a masked IRQ0");
    outb(MASTER, OCW3_CLEAR_SMM);
    outb(MASTER, 0x62);                 /* specific EOI, IRQ2 */
    outb(MASTER, 0x60);                 /* specific EOI, IRQ0 */
    check(read_isr(MASTER) == 0, "specific EOIs clear ISR");

    v = poll(SLAVE);
    check(v == 0x80, "the slave's poll reports IRQ8 (its IRQ0)");
    outb(SLAVE, EOI);
    check(read_isr(SLAVE) == 0, "a non-specific EOI clears the slave's ISR");
    rtc_periodic(0);

    /* Both IRQ0 and IRQ2 requested: priority decides. */
    outb(MASTER + 1, 0xfa);
    outb(MASTER, 0xc1);                 /* IRQ1 lowest: IRQ2 highest */
    rtc_periodic(1);
    wait_irr(MASTER, 0x05);
    v = poll(MASTER);
    check(v == 0x82, "after set-priority (IRQ1 lowest) IRQ2 beats IRQ0");
    outb(MASTER, EOI);
    outb(MASTER, 0xc7);                 /* back to IRQ7 lowest */
    poll(SLAVE);
    outb(SLAVE, EOI);
    rtc_periodic(0);
    wait_irr(MASTER, 0x01);
    v = poll(MASTER);
    check(v == 0x80, "with IRQ7 lowest IRQ0 wins again");
    outb(MASTER, EOI);

    /* Automatic EOI. */
    pic_init(0x03);
    outb(MASTER + 1, 0xfe);
    wait_irr(MASTER, 0x01);
    v = poll(MASTER);
    check(v == 0x80 && read_isr(MASTER) == 0,
          "automatic EOI: the acknowledged IRQ0 is not left in service");

    outb(0x43, 0x30);                   /* stop the PIT */
    return failures;
}
