/*
 * The MC146818 RTC and CMOS, with interrupts off.
 *   - register D says the time is valid; B starts in 24-hour BCD mode;
 *   - a time set with SET held runs from there once SET is cleared:
 *     11:59:59 PM on 29 February 2024 (12-hour BCD) becomes 12:00 AM on
 *     1 March at the next update;
 *   - binary and 24-hour modes read the time in their format;
 *   - UIP is seen before an update, and UF, AF (alarm "don't care") are
 *     set in C after it; reading C clears it;
 *   - with PIE, the periodic interrupt sets PF and IRQF and IRQ8 reaches
 *     the slave PIC's IRR;
 *   - the memory size bytes for -m 64 and a scratch byte.
 */
#include "guest.h"

#define REG_A 0x0a
#define REG_B 0x0b
#define REG_C 0x0c
#define REG_D 0x0d
#define WAIT_LOOPS 20000000

static uint8_t cmos_read(uint8_t r)
{
    outb(0x70, r);
    return inb(0x71);
}

static void cmos_write(uint8_t r, uint8_t v)
{
    outb(0x70, r);
    outb(0x71, v);
}

/* Set the clock (SET held while writing), in the format of B. */
static void set_time(uint8_t b, uint8_t hour, uint8_t min, uint8_t sec,
                     uint8_t day, uint8_t month, uint8_t year,
                     uint8_t century)
{
    cmos_write(REG_B, b | 0x80);
    cmos_write(0x00, sec);
    cmos_write(0x02, min);
    cmos_write(0x04, hour);
    cmos_write(0x07, day);
    cmos_write(0x08, month);
    cmos_write(0x09, year);
    cmos_write(0x32, century);
    cmos_write(REG_B, b);
}

/* Wait until C has a bit of MASK (reading C clears it); returns C. */
static uint8_t wait_flag(uint8_t mask)
{
    uint8_t c = 0;

    for (int i = 0; i < WAIT_LOOPS && !(c & mask); i++) {
        c |= cmos_read(REG_C);
    }
    return c;
}

int guest_main(uint32_t magic, uint32_t info)
{
    uint8_t c;
    int uip = 0;

    check(cmos_read(REG_D) == 0x80, "register D: valid RAM and time");
    check((cmos_read(REG_B) & 0x06) == 0x02, "B starts in 24-hour BCD mode");

    /* 12-hour BCD: 11:59:59 PM, Thursday 29 February 2024. */
    set_time(0x00, 0x91, 0x59, 0x59, 0x29, 0x02, 0x24, 0x20);
    check(cmos_read(0x04) == 0x91 && cmos_read(0x07) == 0x29,
          "the time set under SET reads back (12-hour, PM bit)");
    cmos_read(REG_C);
    c = wait_flag(0x10);
    check(c & 0x10, "UF is set by the update");
    check(cmos_read(0x00) == 0x00 && cmos_read(0x02) == 0x00 &&
              cmos_read(0x04) == 0x12,
          "11:59:59 PM + 1 s is 12:00:00 AM");
    check(cmos_read(0x07) == 0x01 && cmos_read(0x08) == 0x03 &&
              cmos_read(0x09) == 0x24,
          "29 February 2024 + 1 day is 1 March (leap year)");
    check(cmos_read(REG_C) == 0, "reading C cleared it");

    /* Binary, 24-hour. */
    set_time(0x06, 23, 30, 10, 31, 12, 99, 19);
    check(cmos_read(0x04) == 23 && cmos_read(0x02) == 30 &&
              cmos_read(0x08) == 12 && cmos_read(0x09) == 99,
          "binary 24-hour mode reads 23:30 on 31/12/99");
    set_time(0x02, 0x13, 0x00, 0x00, 0x01, 0x01, 0x25, 0x20);
    check(cmos_read(0x04) == 0x13, "24-hour BCD mode reads 13 h as 0x13");

    /*
     * UIP comes before the update (244 us before it).  The host may not
     * run the guest during one such window, so watch up to five updates
     * (the seconds register changing) for it.
     */
    for (int updates = 0, i = 0; updates < 5 && !uip && i < 5 * WAIT_LOOPS;
         i++) {
        uint8_t sec = cmos_read(0x00);

        uip = cmos_read(REG_A) & 0x80;
        if (cmos_read(0x00) != sec) {
            updates++;
        }
    }
    check(uip, "UIP is seen before an update");

    /* The alarm with every byte "don't care" matches each second. */
    cmos_write(0x01, 0xc0);
    cmos_write(0x03, 0xc0);
    cmos_write(0x05, 0xc0);
    cmos_read(REG_C);
    c = wait_flag(0x20);
    check(c & 0x20, "AF is set when the alarm matches");

    /* Periodic interrupt at 1024 Hz: PF, IRQF and IRQ8 (the slave PIC's
     * IRR latches it though masked).  QEMU 7.2 sets PF only with PIE,
     * so PF without PIE (as the chip does) is not checked here. */
    cmos_write(REG_A, 0x26);
    cmos_read(REG_C);
    outb(0x20, 0x11);
    outb(0x21, 0x20);
    outb(0x21, 0x04);
    outb(0x21, 0x01);
    outb(0xa0, 0x11);
    outb(0xa1, 0x28);
    outb(0xa1, 0x02);
    outb(0xa1, 0x01);
    outb(0x21, 0xff);
    outb(0xa1, 0xff);
    cmos_write(REG_B, 0x42);
    c = 0;
    for (int i = 0; i < WAIT_LOOPS; i++) {
        outb(0xa0, 0x0a);
        if (inb(0xa0) & 1) {
            c = cmos_read(REG_C);
            break;
        }
    }
    check((c & 0xc0) == 0xc0, "with PIE the periodic interrupt sets PF and "
          "IRQF and raises IRQ8");
    cmos_write(REG_B, 0x02);
    cmos_read(REG_C);

    check(cmos_read(0x15) == 0x80 && cmos_read(0x16) == 0x02,
          "CMOS 0x15-0x16: 640 KiB base memory");
    check(cmos_read(0x17) == 0x00 && cmos_read(0x18) == 0xfc &&
              cmos_read(0x30) == 0x00 && cmos_read(0x31) == 0xfc,
          "CMOS 0x17-0x18, 0x30-0x31: 63 MiB above 1 MiB");
    check(cmos_read(0x34) == 0x00 && cmos_read(0x35) == 0x03,
          "CMOS 0x34-0x35: 48 MiB above 16 MiB in 64 KiB units");
    check(cmos_read(0x5b) == 0 && cmos_read(0x5c) == 0 &&
              cmos_read(0x5d) == 0,
          "CMOS 0x5b-0x5d: no memory above 4 GiB");
    cmos_write(0x40, 0x5a);
    check(cmos_read(0x40) == 0x5a, "a CMOS RAM byte keeps what was written");
    return failures;
}
