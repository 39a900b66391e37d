/*
 * The 16550A UART on COM1, with interrupts off (-serial null: the port is
 * there, its output goes nowhere).
 *   - scratch register, divisor latch behind DLAB;
 *   - loopback: a byte written to THR comes back in RBR with DR set; the
 *     modem outputs come back as inputs (RTS -> CTS, DTR -> DSR, OUT1 ->
 *     RI, OUT2 -> DCD) (QEMU 7.2 sets no delta bits in loopback, so
 *     they are not checked here);
 *   - FIFO: 16 bytes are held in order, the 17th overruns (OE);
 *   - IIR: no interrupt, THR empty once enabled (taken by reading IIR),
 *     received data at the trigger level (4), character timeout below it;
 *   - the interrupt reaches IRQ4 of the PIC with OUT2 set.
 * The wait for the character timeout is bounded by the HPET's counter
 * (lib/vclock.h).
 */
#include "guest.h"
#include "vclock.h"

#define COM1    0x3f8
#define RBR     0
#define THR     0
#define IER     1
#define IIR     2
#define FCR     2
#define LCR     3
#define MCR     4
#define LSR     5
#define MSR     6
#define SCR     7
#define WAIT_NS (1000 * VCLOCK_MS) /* 4 character times (347 us) are over */

static uint8_t rd(int r)
{
    return inb(COM1 + r);
}

static void wr(int r, uint8_t v)
{
    outb(COM1 + r, v);
}

static void drain(void)
{
    for (int i = 0; i < 32 && (rd(LSR) & 1); i++) {
        rd(RBR);
    }
}

int guest_main(uint32_t magic, uint32_t info)
{
    int ok, n;
    uint8_t v;

    vclock_start();
    wr(SCR, 0xa5);
    check(rd(SCR) == 0xa5, "the scratch register keeps a byte");
    wr(LCR, 0x83);
    wr(0, 0x01);
    wr(1, 0x00); /* 115200 baud */
    check(rd(0) == 0x01 && rd(1) == 0x00, "DLL/DLM read back under DLAB");
    wr(LCR, 0x03);
    wr(IER, 0x00);
    check(rd(IER) == 0x00, "without DLAB offset 1 is IER again");

    wr(FCR, 0x00);
    wr(MCR, 0x10); /* loopback, outputs off */
    rd(MSR);
    drain();
    wr(THR, 'A');
    check((rd(LSR) & 0x61) == 0x61, "loopback: data ready, THR empty");
    check(rd(RBR) == 'A', "loopback: the byte written comes back");
    check(!(rd(LSR) & 1), "reading RBR clears data ready");

    wr(MCR, 0x1f); /* loopback, DTR RTS OUT1 OUT2 */
    v = rd(MSR);
    check((v & 0xf0) == 0xf0, "loopback: DTR/RTS/OUT1/OUT2 read as "
                              "DSR/CTS/RI/DCD");
    wr(MCR, 0x10);
    check((rd(MSR) & 0xf0) == 0x00, "loopback: outputs off, inputs off");

    /* FIFO: 16 bytes in order, the 17th overruns. */
    wr(FCR, 0x07);
    check((rd(IIR) & 0xc0) == 0xc0, "IIR shows the FIFOs enabled");
    for (int i = 0; i < 17; i++) {
        wr(THR, 0x30 + i);
    }
    check(rd(LSR) & 0x02, "the 17th byte overruns the FIFO (OE)");
    check(!(rd(LSR) & 0x02), "reading LSR clears OE");
    ok = 1;
    for (n = 0; n < 16 && (rd(LSR) & 1); n++) {
        ok &= rd(RBR) == 0x30 + n;
    }
    check(ok && n == 16, "the FIFO gives back 16 bytes in order");

    /* Interrupt identification. */
    wr(FCR, 0x47); /* FIFO, trigger level 4 */
    check((rd(IIR) & 0x0f) == 0x01, "IIR: no interrupt pending");
    wr(IER, 0x02);
    check((rd(IIR) & 0x0f) == 0x02, "IIR: THR empty once enabled");
    check((rd(IIR) & 0x0f) == 0x01, "reading IIR took the THR interrupt");
    wr(IER, 0x01);
    wr(THR, 'x');
    wr(THR, 'y');
    VCLOCK_WAIT((v = rd(IIR) & 0x0f) != 0x01, WAIT_NS);
    check(v == 0x0c, "IIR: character timeout below the trigger level");
    rd(RBR); /* ends the timeout indication */
    wr(THR, 'z');
    wr(THR, 'w');
    wr(THR, 'v');
    check((rd(IIR) & 0x0f) == 0x04, "IIR: data at the trigger level");
    drain();
    check((rd(IIR) & 0x0f) == 0x01, "an empty FIFO interrupts no more");

    /* IRQ4 with OUT2, outside loopback. */
    outb(0x20, 0x11);
    outb(0x21, 0x20);
    outb(0x21, 0x04);
    outb(0x21, 0x01);
    outb(0x21, 0xff);
    wr(MCR, 0x08);
    wr(IER, 0x02);
    outb(0x20, 0x0a);
    check(inb(0x20) & 0x10, "THR empty raises IRQ4 with OUT2 set");
    wr(IER, 0x00);
    wr(MCR, 0x00);
    return failures;
}
