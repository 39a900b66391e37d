/*
 * The 8254 PIT and port 0x61, with interrupts off.
 *   - read-back status: null count, access mode, mode;
 *   - channel 2 in mode 0 runs out with its gate (port 0x61 bit 0) high
 *     (bit 5 shows the output);
 *   - counter latch: the two bytes of one value, decreasing;
 *   - mode 3 on channel 2: the output is seen high and low;
 *   - port 0x61 bit 4 (refresh) toggles;
 *   - channel 0 in mode 2 at 100 Hz: the IRQ0 edges counted (PIC poll)
 *     during one RTC second are 100 give or take 10%.
 * QEMU 7.2 sets no null-count bit, leaves the output as it was after a
 * mode 0 control word (the 8254 drives it low), does not stop a mode 0 count while the
 * gate is low and does not count in BCD: tests/unit/test-i8254.c checks
 * those on Peregrine's model with a stepped clock.
 */
#include "guest.h"

#define PIT_CH0 0x40
#define PIT_CH2 0x42
#define PIT_CMD 0x43
#define PORT61 0x61
#define WAIT_LOOPS 20000000

static uint8_t readback_status(int ch)
{
    outb(PIT_CMD, 0xe0 | 0x20 | (2 << ch));     /* status only */
    return inb(PIT_CH0 + ch);
}

static uint16_t latch_ch2(void)
{
    uint16_t lo, hi;

    outb(PIT_CMD, 0x80);                        /* latch channel 2 */
    lo = inb(PIT_CH2);
    hi = inb(PIT_CH2);
    return lo | hi << 8;
}

static void ch2_program(uint8_t mode_bits, uint16_t count)
{
    outb(PIT_CMD, 0xb0 | mode_bits);
    outb(PIT_CH2, count & 0xff);
    outb(PIT_CH2, count >> 8);
}

static uint8_t rtc_seconds(void)
{
    outb(0x70, 0x00);
    return inb(0x71);
}

/* Wait for the RTC's seconds to change; 0 if they never do. */
static int wait_next_second(void)
{
    uint8_t s = rtc_seconds();

    for (int i = 0; i < WAIT_LOOPS; i++) {
        if (rtc_seconds() != s) {
            return 1;
        }
    }
    return 0;
}

/* IRQ0 edges in one RTC second, taken with the PIC's poll command. */
static int count_irq0_per_second(void)
{
    uint8_t s;
    int n = 0;

    outb(0x20, 0x11);
    outb(0x21, 0x20);
    outb(0x21, 0x04);
    outb(0x21, 0x01);
    outb(0x21, 0xfe);
    outb(PIT_CMD, 0x34);                        /* ch0 mode 2 */
    outb(PIT_CH0, 11932 & 0xff);                /* 100 Hz */
    outb(PIT_CH0, 11932 >> 8);
    if (!wait_next_second()) {
        return -1;
    }
    s = rtc_seconds();
    while (rtc_seconds() == s) {
        outb(0x20, 0x0c);
        if (inb(0x20) == 0x80) {
            n++;
            outb(0x20, 0x20);
        }
    }
    outb(PIT_CMD, 0x30);
    outb(0x21, 0xff);
    return n;
}

int guest_main(uint32_t magic, uint32_t info)
{
    uint16_t a, b;
    int hi = 0, lo = 0, n;
    uint8_t r, first;

    outb(PORT61, 0x00);                         /* gate 2 low */
    outb(PIT_CMD, 0xb0);                        /* ch2, lo/hi, mode 0 */
    check((readback_status(2) & 0x3f) == 0x30,
          "read-back status: lo/hi access, mode 0, binary");
    outb(PIT_CH2, 0x00);
    outb(PIT_CH2, 0x10);                        /* 0x1000 */
    check(readback_status(2) == 0x30, "writing the count clears null count");
    check(!(inb(PORT61) & 0x20), "channel 2's output is low while counting");

    outb(PORT61, 0x01);                         /* gate 2 high */
    for (n = 0; n < WAIT_LOOPS && !(inb(PORT61) & 0x20); n++) {
    }
    check(inb(PORT61) & 0x20, "the count runs out once gate 2 is high");
    check(inb(PORT61) & 0x01, "port 0x61 reads back gate 2");

    ch2_program(0x00, 0xffff);
    a = latch_ch2();
    for (n = 0; n < 100000 && latch_ch2() == a; n++) {
    }
    b = latch_ch2();
    check(b < a, "latched counts decrease while counting");

    ch2_program(0x06, 1193);                    /* mode 3, ~1 kHz */
    for (n = 0; n < WAIT_LOOPS && !(hi && lo); n++) {
        if (inb(PORT61) & 0x20) {
            hi = 1;
        } else {
            lo = 1;
        }
    }
    check(hi && lo, "mode 3: channel 2's square wave is seen high and low");
    outb(PORT61, 0x00);

    first = inb(PORT61) & 0x10;
    for (n = 0; n < WAIT_LOOPS; n++) {
        r = inb(PORT61) & 0x10;
        if (r != first) {
            break;
        }
    }
    check(n < WAIT_LOOPS, "port 0x61 bit 4 (refresh) toggles");

    n = count_irq0_per_second();
    check(n >= 90 && n <= 110, "channel 0 at 100 Hz: 90-110 IRQ0 per second");
    if (n < 90 || n > 110) {
        puts_dbg("IRQ0 edges counted: ");
        put_hex(n);
        puts_dbg("\n");
    }
    return failures;
}
