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
 * The RTC counts host time (-rtc clock=host, the default); the guest
 * measures time with the HPET's counter, which counts the virtual clock
 * (lib/vclock.h): both run at the host's rate while the machine runs.
 * Where a check depends on how long the guest took (the next update
 * would change the time read; UIP lasts 244 us), the guest measures that
 * time and takes the measurement again when a stall of the host made it
 * too long.  The periodic rate is off (RS = 0) until the periodic
 * interrupt is checked, so register C gains only UF and AF before then.
 */
#include "guest.h"
#include "vclock.h"

#define REG_A        0x0a
#define REG_B        0x0b
#define REG_C        0x0c
#define REG_D        0x0d
#define REG_A_RS_OFF 0x20 /* 32.768 kHz time base, no periodic rate */
#define REG_A_1024HZ 0x26
#define UPDATE_NS    (1000 * VCLOCK_MS) /* updates are 1 s apart */
#define WAIT_NS      (2000 * VCLOCK_MS) /* the next update has come */
#define CLOSE_NS     (200 * VCLOCK_US) /* under the 244 us UIP comes before it */
#define ATTEMPTS     10

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
                     uint8_t day, uint8_t month, uint8_t year, uint8_t century)
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

/*
 * Clear C, then read it until it has a bit of MASK (reading C clears it)
 * or WAIT_NS have passed; returns the bits read.  The flag was set after
 * *AFTER: the clock was read there before the last read of C without it.
 */
static uint8_t wait_flag(uint8_t mask, uint64_t *after)
{
    uint64_t start = vclock_ns(), t = start;
    uint8_t c = 0;
    int late = 0;

    cmos_read(REG_C);
    while (!(c & mask) && !late) {
        uint64_t next = vclock_ns();

        c |= cmos_read(REG_C);
        if (!(c & mask)) {
            t = next;
            late = vclock_span(start, next) >= WAIT_NS;
        }
    }
    *after = t;
    return c;
}

/*
 * 12-hour BCD: 11:59:59 PM on Thursday 29 February 2024, then the update
 * after it.  The time read must be that of the first update only: the
 * next one comes a second after it, so the reads must end less than a
 * second after the clock read that precedes the update; a stall that
 * made them later makes the guest try again.
 */
static void check_leap_update(void)
{
    uint8_t c, sec, min, hour, day, month, year, c2;
    uint64_t after;

    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        set_time(0x00, 0x91, 0x59, 0x59, 0x29, 0x02, 0x24, 0x20);
        if (attempt == 0) {
            check(cmos_read(0x04) == 0x91 && cmos_read(0x07) == 0x29,
                  "the time set under SET reads back (12-hour, PM bit)");
        }
        c = wait_flag(0x10, &after);
        sec = cmos_read(0x00);
        min = cmos_read(0x02);
        hour = cmos_read(0x04);
        day = cmos_read(0x07);
        month = cmos_read(0x08);
        year = cmos_read(0x09);
        c2 = cmos_read(REG_C);
        if (!(c & 0x10) || vclock_since(after) < UPDATE_NS - 10 * VCLOCK_MS) {
            check(c & 0x10, "UF is set by the update");
            check(sec == 0x00 && min == 0x00 && hour == 0x12,
                  "11:59:59 PM + 1 s is 12:00:00 AM");
            check(day == 0x01 && month == 0x03 && year == 0x24,
                  "29 February 2024 + 1 day is 1 March (leap year)");
            check(c2 == 0, "reading C cleared it");
            return;
        }
        puts_dbg("the reads after the update took a second: again\n");
    }
    check(0, "the update and the reads after it within a second");
}

/*
 * UIP comes before the update (244 us before it).  A stall of the host
 * can hide that window, so the guest watches updates (the seconds
 * register changing) until it watched one closely: from the clock read
 * before the last reads of A and of the seconds with the old second to
 * the clock read after the read that saw the new one, less than 200 us.
 * The update falls in that span, so the last read of A before it was
 * within 244 us of it and must have seen UIP.
 */
static void check_uip(void)
{
    uint64_t start = vclock_ns(), t = start, t_prev, t_change = 0;
    int uip = 0, changed = 0, closely = 0, updates = 0, first = 1;
    uint8_t sec = 0, s;

    while (updates < ATTEMPTS && vclock_span(start, t) < ATTEMPTS * WAIT_NS) {
        t_prev = t;
        t = vclock_ns();
        if (changed) {
            /* T is the clock read after the read that saw the change. */
            changed = 0;
            updates++;
            if (vclock_span(t_change, t) < CLOSE_NS) {
                closely = 1;
                break;
            }
            uip = 0;
        }
        uip |= cmos_read(REG_A) & 0x80;
        s = cmos_read(0x00);
        if (!first && s != sec) {
            changed = 1;
            t_change = t_prev;
        }
        first = 0;
        sec = s;
    }
    check(closely, "an update watched within 200 us");
    check(uip, "UIP is seen before an update");
}

int guest_main(uint32_t magic, uint32_t info)
{
    uint64_t after;
    uint8_t c;

    vclock_start();
    check(cmos_read(REG_D) == 0x80, "register D: valid RAM and time");
    check((cmos_read(REG_B) & 0x06) == 0x02, "B starts in 24-hour BCD mode");
    cmos_write(REG_A, REG_A_RS_OFF);

    check_leap_update();

    /* Binary, 24-hour. */
    set_time(0x06, 23, 30, 10, 31, 12, 99, 19);
    check(cmos_read(0x04) == 23 && cmos_read(0x02) == 30
              && cmos_read(0x08) == 12 && cmos_read(0x09) == 99,
          "binary 24-hour mode reads 23:30 on 31/12/99");
    set_time(0x02, 0x13, 0x00, 0x00, 0x01, 0x01, 0x25, 0x20);
    check(cmos_read(0x04) == 0x13, "24-hour BCD mode reads 13 h as 0x13");

    check_uip();

    /* The alarm with every byte "don't care" matches each second. */
    cmos_write(0x01, 0xc0);
    cmos_write(0x03, 0xc0);
    cmos_write(0x05, 0xc0);
    c = wait_flag(0x20, &after);
    check(c & 0x20, "AF is set when the alarm matches");

    /* Periodic interrupt at 1024 Hz: PF, IRQF and IRQ8 (the slave PIC's
     * IRR latches it though masked).  QEMU 7.2 sets PF only with PIE,
     * so PF without PIE (as the chip does) is not checked here. */
    cmos_write(REG_A, REG_A_1024HZ);
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
    if (VCLOCK_WAIT((outb(0xa0, 0x0a), inb(0xa0) & 1), WAIT_NS)) {
        c = cmos_read(REG_C);
    }
    check((c & 0xc0) == 0xc0, "with PIE the periodic interrupt sets PF and "
                              "IRQF and raises IRQ8");
    cmos_write(REG_B, 0x02);
    cmos_read(REG_C);

    check(cmos_read(0x15) == 0x80 && cmos_read(0x16) == 0x02,
          "CMOS 0x15-0x16: 640 KiB base memory");
    check(cmos_read(0x17) == 0x00 && cmos_read(0x18) == 0xfc
              && cmos_read(0x30) == 0x00 && cmos_read(0x31) == 0xfc,
          "CMOS 0x17-0x18, 0x30-0x31: 63 MiB above 1 MiB");
    check(cmos_read(0x34) == 0x00 && cmos_read(0x35) == 0x03,
          "CMOS 0x34-0x35: 48 MiB above 16 MiB in 64 KiB units");
    check(cmos_read(0x5b) == 0 && cmos_read(0x5c) == 0 && cmos_read(0x5d) == 0,
          "CMOS 0x5b-0x5d: no memory above 4 GiB");
    cmos_write(0x40, 0x5a);
    check(cmos_read(0x40) == 0x5a, "a CMOS RAM byte keeps what was written");
    return failures;
}
