/*
 * The i8042 keyboard controller, its PS/2 keyboard, and port 0x92, with
 * interrupts off (IRQ1/IRQ12 seen in the local APIC's IRR through the
 * IOAPIC).
 *   - controller self test 0xaa -> 0x55, interface tests -> 0;
 *   - the command byte: read (0x20) and write (0x60); 0xa7/0xa8 and
 *     0xad/0xae set and clear its port-disable bits;
 *   - 0xd2/0xd3 put a byte in the output buffer as from the keyboard or
 *     the aux port (status AUX_OBF tells them apart);
 *   - the keyboard: reset -> ACK, 0xaa; get ID -> ACK, 0xab 0x83 (0x41
 *     through translation); echo; LEDs with their argument;
 *   - IRQ1 for a keyboard byte with KBDINT, IRQ12 for an aux byte with
 *     AUXINT;
 *   - A20: port 0x92 reads back its A20 bit, the output port (0xd0) its;
 *     with both off, 3 MiB aliases 2 MiB, with the output port's on they
 *     are apart (the probe runs from low memory: the program itself sits
 *     at 1 MiB, which A20 off moves).
 * The resets (0xfe, port 0x92 bit 0) are kbd-reset.c and port92-reset.c.
 */
#include "guest.h"

#define DATA       0x60
#define CMD        0x64
#define PORT92     0x92
#define APIC       0xfee00000u
#define IOAPIC     0xfec00000u
#define WAIT_LOOPS 1000000

#define STAT_OBF   0x01
#define STAT_AUX   0x20
#define CTR_KBDINT 0x01
#define CTR_AUXINT 0x02
#define CTR_KBDDIS 0x10
#define CTR_AUXDIS 0x20
#define CTR_XLATE  0x40

/*
 * The A20 probe, copied to low memory and called with the output port
 * byte to write in ECX: port 0x92's A20 off, then the output port as
 * given; write 2 MiB and 3 MiB, read 2 MiB; then both A20 bits on again.
 * Returns what 2 MiB held.  (QEMU's A20 follows the last of the two
 * writes, a PC's is their OR: the order makes both agree.)
 */
extern const uint8_t a20_blob[], a20_blob_end[];
__asm__(".section .rodata\n"
        "a20_blob:\n"
        "    inb $0x92, %al\n"
        "    andb $0xfd, %al\n"
        "    outb %al, $0x92\n"
        "    movb $0xd1, %al\n"
        "    outb %al, $0x64\n"
        "    movb %cl, %al\n"
        "    outb %al, $0x60\n"
        "    movl $0x11111111, 0x200000\n"
        "    movl $0x22222222, 0x300000\n"
        "    movl 0x200000, %edx\n"
        "    movb $0xd1, %al\n"
        "    outb %al, $0x64\n"
        "    movb %cl, %al\n"
        "    orb $0x02, %al\n"
        "    outb %al, $0x60\n"
        "    inb $0x92, %al\n"
        "    orb $0x02, %al\n"
        "    outb %al, $0x92\n"
        "    movl %edx, %eax\n"
        "    ret\n"
        "a20_blob_end:\n"
        ".previous\n");

#define LOW_CODE  0x7000
#define LOW_STACK 0x7f00

static uint32_t a20_probe(uint8_t outport)
{
    uint32_t r;

    for (const uint8_t *p = a20_blob; p < a20_blob_end; p++) {
        ((volatile uint8_t *)LOW_CODE)[p - a20_blob] = *p;
    }
    __asm__ volatile("movl %%esp, %%esi\n\t"
                     "movl %2, %%esp\n\t"
                     "call *%3\n\t"
                     "movl %%esi, %%esp"
                     : "=a"(r), "+c"(outport)
                     : "i"(LOW_STACK), "r"(LOW_CODE)
                     : "esi", "edx", "memory");
    return r;
}

static int wait_obf(void)
{
    for (int n = 0; n < WAIT_LOOPS; n++) {
        if (inb(CMD) & STAT_OBF) {
            return 1;
        }
    }
    return 0;
}

/* The next output byte, or -1 if none comes. */
static int read_data(void)
{
    return wait_obf() ? inb(DATA) : -1;
}

static void flush(void)
{
    while (inb(CMD) & STAT_OBF) {
        inb(DATA);
    }
}

static int command(uint8_t cmd)
{
    outb(CMD, cmd);
    return read_data();
}

static uint8_t read_ctr(void)
{
    return command(0x20);
}

static void write_ctr(uint8_t v)
{
    outb(CMD, 0x60);
    outb(DATA, v);
}

static int irr_has(int vector)
{
    return mmio_read32(APIC + 0x200 + (vector / 32) * 0x10) >> (vector % 32)
           & 1;
}

static void ioapic_route(int pin, uint32_t vector)
{
    mmio_write32(IOAPIC, 0x11 + 2 * pin);
    mmio_write32(IOAPIC + 0x10, 0);
    mmio_write32(IOAPIC, 0x10 + 2 * pin);
    mmio_write32(IOAPIC + 0x10, vector ? vector : 0x10000);
}

static void check_controller(void)
{
    uint8_t ctr;

    check(command(0xaa) == 0x55, "self test answers 0x55");
    check(command(0xab) == 0x00, "keyboard interface test passes");
    check(command(0xa9) == 0x00, "aux interface test passes");
    write_ctr(0x00);
    check(read_ctr() == 0x00, "the command byte reads back (0x00)");
    write_ctr(CTR_XLATE | CTR_KBDINT);
    check(read_ctr() == (CTR_XLATE | CTR_KBDINT),
          "the command byte reads back (0x41)");
    write_ctr(0);
    outb(CMD, 0xa7);
    ctr = read_ctr();
    outb(CMD, 0xa8);
    check((ctr & CTR_AUXDIS) && !(read_ctr() & CTR_AUXDIS),
          "0xa7/0xa8 set and clear the aux disable bit");
    outb(CMD, 0xad);
    ctr = read_ctr();
    outb(CMD, 0xae);
    check((ctr & CTR_KBDDIS) && !(read_ctr() & CTR_KBDDIS),
          "0xad/0xae set and clear the keyboard disable bit");

    outb(CMD, 0xd2);
    outb(DATA, 0x42);
    check(wait_obf() && !(inb(CMD) & STAT_AUX) && inb(DATA) == 0x42,
          "0xd2: a byte as from the keyboard");
    outb(CMD, 0xd3);
    outb(DATA, 0x5a);
    check(wait_obf() && (inb(CMD) & STAT_AUX) && inb(DATA) == 0x5a,
          "0xd3: a byte as from the aux port (AUX_OBF)");
    check(!(inb(CMD) & STAT_OBF), "reading the data port empties the buffer");
}

static void check_keyboard(void)
{
    int a, b, c;

    write_ctr(0);
    outb(DATA, 0xff);
    a = read_data();
    b = read_data();
    check(a == 0xfa && b == 0xaa, "keyboard reset: ACK, self test passed");
    outb(DATA, 0xf2);
    a = read_data();
    b = read_data();
    c = read_data();
    check(a == 0xfa && b == 0xab && c == 0x83, "get ID: ACK, 0xab 0x83");
    write_ctr(CTR_XLATE);
    outb(DATA, 0xf2);
    a = read_data();
    b = read_data();
    c = read_data();
    check(a == 0xfa && b == 0xab && c == 0x41,
          "get ID through translation: 0xab 0x41");
    outb(DATA, 0xee);
    check(read_data() == 0xee, "echo");
    outb(DATA, 0xed);
    a = read_data();
    outb(DATA, 0x07);
    b = read_data();
    check(a == 0xfa && b == 0xfa, "set LEDs: ACK for command and argument");
    check(read_data() == -1, "nothing more from the keyboard");
}

static void check_irqs(void)
{
    int ok;

    mmio_write32(APIC + 0xf0, 0x1ff);
    ioapic_route(1, 0x61);
    ioapic_route(12, 0x6c);
    write_ctr(CTR_KBDINT);
    outb(CMD, 0xd2);
    outb(DATA, 0x11);
    ok = 0;
    for (int n = 0; n < WAIT_LOOPS && !ok; n++) {
        ok = irr_has(0x61);
    }
    check(ok, "a keyboard byte with KBDINT raises IRQ1");
    inb(DATA);
    write_ctr(CTR_AUXINT);
    outb(CMD, 0xd3);
    outb(DATA, 0x22);
    ok = 0;
    for (int n = 0; n < WAIT_LOOPS && !ok; n++) {
        ok = irr_has(0x6c);
    }
    check(ok, "an aux byte with AUXINT raises IRQ12");
    inb(DATA);
    ioapic_route(1, 0);
    ioapic_route(12, 0);
    write_ctr(0);
}

static void check_a20(void)
{
    int out;

    outb(PORT92, inb(PORT92) | 0x02);
    check(inb(PORT92) & 0x02, "port 0x92 reads back A20 on");
    out = command(0xd0);
    check(out >= 0 && (out & 0x03) == 0x03,
          "the output port: reset line high, A20 on");
    check(a20_probe(out & ~0x02) == 0x22222222,
          "A20 off (output port and port 0x92): 3 MiB aliases 2 MiB");
    check(a20_probe(out | 0x02) == 0x11111111,
          "A20 on through the output port: 2 and 3 MiB are apart");
    check((command(0xd0) & 0x03) == 0x03, "the output port reads back A20 on");
}

int guest_main(uint32_t magic, uint32_t info)
{
    write_ctr(0);
    flush();
    check_controller();
    check_keyboard();
    check_irqs();
    check_a20();
    return failures;
}
