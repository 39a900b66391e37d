/*
 * The 8254 PIT and port 0x61, with interrupts off.
 *   - read-back status: null count, access mode, mode;
 *   - channel 2 in mode 0 runs out with its gate (port 0x61 bit 0) high
 *     (bit 5 shows the output);
 *   - counter latch: the two bytes of one value, falling at 1.193182 MHz
 *     (two latches 1 ms apart, each between two reads of the HPET's
 *     counter, differ by the ticks between those reads);
 *   - mode 3 on channel 2: the output is seen high and low;
 *   - port 0x61 bit 4 (refresh) toggles;
 *   - channel 0 in mode 2 at 100 Hz: the IRQ0 edges counted (PIC poll)
 *     in half a second of the HPET's counter are those the elapsed time
 *     holds, less what stalls of the host coalesced in IRR (lib/vclock.h).
 * Time comes from the HPET's counter (lib/vclock.h), which counts the
 * virtual clock the PIT counts too; waits are bounded by it.
 * QEMU 7.2 sets no null-count bit, leaves the output as it was after a
 * mode 0 control word (the 8254 drives it low), does not stop a mode 0 count
 * while the gate is low and does not count in BCD: tests/unit/test-i8254.c
 * checks those on Peregrine's model with a stepped clock.
 */
#include "guest.h"
#include "vclock.h"

#define PIT_CH0      0x40
#define PIT_CH2      0x42
#define PIT_CMD      0x43
#define PORT61       0x61
#define PIT_TICK_NS  838                /* 1 / 1.193182 MHz: 838.0953 ns */
#define PIT_100HZ    11932              /* count for 100 Hz */
#define PIT_100HZ_NS 10000151           /* its period: 11932 / 1193182 s */
#define WAIT_NS      (1000 * VCLOCK_MS) /* an event due in a few ms has come */

static uint8_t readback_status(int ch)
{
    outb(PIT_CMD, 0xe0 | 0x20 | (2 << ch)); /* status only */
    return inb(PIT_CH0 + ch);
}

static uint16_t latch_ch2(void)
{
    uint16_t lo, hi;

    outb(PIT_CMD, 0x80); /* latch channel 2 */
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

/* The time TICKS PIT ticks take, in ns (TICKS < 2^16). */
static uint32_t pit_ticks_ns(uint32_t ticks)
{
    return ticks * PIT_TICK_NS + ticks * 953 / 10000;
}

/*
 * Two counts latched 1 ms apart on channel 2 (mode 0 from 0xffff) fall by
 * the ticks between them: latch A is between clock reads t0 and t1, latch
 * B between t2 and t3, so (A - B) mod 2^16 ticks last between t2 - t1 and
 * t3 - t0, give or take the tick each count is truncated to.  Mod 2^16 is
 * exact below 65536 ticks (54.9 ms): a measurement a stall made longer
 * than 50 ms is taken again.
 */
static int check_latch_rate(void)
{
    for (int attempt = 0; attempt < 10; attempt++) {
        uint64_t t0, t1, t2, t3;
        uint16_t a, b;
        uint32_t d;

        ch2_program(0x00, 0xffff);
        t0 = vclock_ns();
        a = latch_ch2();
        t1 = vclock_ns();
        while (vclock_since(t1) < VCLOCK_MS) {
        }
        t2 = vclock_ns();
        b = latch_ch2();
        t3 = vclock_ns();
        if (vclock_span(t0, t3) >= 50 * VCLOCK_MS) {
            continue;
        }
        d = (uint16_t)(a - b);
        if (pit_ticks_ns(d) + PIT_TICK_NS >= vclock_span(t1, t2)
            && pit_ticks_ns(d) <= vclock_span(t0, t3) + PIT_TICK_NS) {
            return 1;
        }
        puts_dbg("latched ");
        put_hex(a);
        puts_dbg(" then ");
        put_hex(b);
        puts_dbg(", ns between the latches at least ");
        put_hex(vclock_span(t1, t2));
        puts_dbg(", at most ");
        put_hex(vclock_span(t0, t3));
        puts_dbg("\n");
        return 0;
    }
    puts_dbg("no latch pair in less than 50 ms in 10 attempts\n");
    return 0;
}

/* Channel 2's output seen high and low (mode 3), in *HI and *LO. */
static int saw_high_and_low(int *hi, int *lo)
{
    if (inb(PORT61) & 0x20) {
        *hi = 1;
    } else {
        *lo = 1;
    }
    return *hi && *lo;
}

/* Channel 0 in mode 2 at 100 Hz: IRQ0 requests in half a second. */
static void check_irq0_rate(void)
{
    struct vclock_irq_count c;

    outb(0x20, 0x11);
    outb(0x21, 0x20);
    outb(0x21, 0x04);
    outb(0x21, 0x01);
    outb(0x21, 0xfe);
    outb(PIT_CMD, 0x34); /* ch0 mode 2 */
    outb(PIT_CH0, PIT_100HZ & 0xff);
    outb(PIT_CH0, PIT_100HZ >> 8);
    vclock_count_irq0(500 * VCLOCK_MS, PIT_100HZ_NS, &c);
    outb(PIT_CMD, 0x30);
    outb(0x21, 0xff);
    check(c.n >= c.min && c.n <= c.max,
          "channel 0 at 100 Hz: the IRQ0 requests in 0.5 s match the time");
    vclock_print_irq_count(&c);
}

int guest_main(uint32_t magic, uint32_t info)
{
    int hi = 0, lo = 0;
    uint8_t first;

    vclock_start();
    outb(PORT61, 0x00);  /* gate 2 low */
    outb(PIT_CMD, 0xb0); /* ch2, lo/hi, mode 0 */
    check((readback_status(2) & 0x3f) == 0x30,
          "read-back status: lo/hi access, mode 0, binary");
    outb(PIT_CH2, 0x00);
    outb(PIT_CH2, 0x10); /* 0x1000 */
    check(readback_status(2) == 0x30, "writing the count clears null count");
    check(!(inb(PORT61) & 0x20), "channel 2's output is low while counting");

    outb(PORT61, 0x01); /* gate 2 high */
    check(VCLOCK_WAIT(inb(PORT61) & 0x20, WAIT_NS),
          "the count runs out once gate 2 is high");
    check(inb(PORT61) & 0x01, "port 0x61 reads back gate 2");

    check(check_latch_rate(), "latched counts fall at 1.193182 MHz");

    ch2_program(0x06, 1193); /* mode 3, ~1 kHz */
    check(VCLOCK_WAIT(saw_high_and_low(&hi, &lo), WAIT_NS),
          "mode 3: channel 2's square wave is seen high and low");
    outb(PORT61, 0x00);

    first = inb(PORT61) & 0x10;
    check(VCLOCK_WAIT((inb(PORT61) & 0x10) != first, WAIT_NS),
          "port 0x61 bit 4 (refresh) toggles");

    check_irq0_rate();
    return failures;
}
