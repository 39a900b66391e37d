/*
 * The local APIC and the IOAPIC, with interrupts off (paging is off, so
 * their MMIO pages are reached at their physical addresses).
 *   - APIC ID 0 on the boot CPU, version 0x14 with 6 LVT entries;
 *   - SVR enables the APIC; TPR sets PPR;
 *   - a self IPI (fixed, vector 0x50) lands in IRR;
 *   - the timer: one-shot counts down to 0 and stays there; periodic
 *     reloads; an unmasked expiry requests its vector in IRR;
 *   - the IOAPIC: version register, 24 redirection entries; the PIT's
 *     IRQ0 routed through pin 2 reaches the APIC as the vector programmed.
 */
#include "guest.h"

#define APIC       0xfee00000u
#define IOAPIC     0xfec00000u
#define WAIT_LOOPS 20000000

enum {
    ID = 0x20,
    VER = 0x30,
    TPR = 0x80,
    PPR = 0xa0,
    EOI = 0xb0,
    SVR = 0xf0,
    IRR = 0x200,
    ICR_LO = 0x300,
    ICR_HI = 0x310,
    LVT_TIMER = 0x320,
    LVT_LINT0 = 0x350,
    TIMER_INIT = 0x380,
    TIMER_CUR = 0x390,
    TIMER_DIV = 0x3e0,
};

static uint32_t apic_read(uint32_t r)
{
    return mmio_read32(APIC + r);
}

static void apic_write(uint32_t r, uint32_t v)
{
    mmio_write32(APIC + r, v);
}

static int irr_has(int vector)
{
    return apic_read(IRR + (vector / 32) * 0x10) >> (vector % 32) & 1;
}

static uint32_t ioapic_read(uint32_t r)
{
    mmio_write32(IOAPIC, r);
    return mmio_read32(IOAPIC + 0x10);
}

static void ioapic_write(uint32_t r, uint32_t v)
{
    mmio_write32(IOAPIC, r);
    mmio_write32(IOAPIC + 0x10, v);
}

int guest_main(uint32_t magic, uint32_t info)
{
    uint32_t a, b, v;
    int n;

    check(apic_read(ID) >> 24 == 0, "the boot CPU's APIC ID is 0");
    v = apic_read(VER);
    check((v & 0xff) == 0x14 && (v >> 16 & 0xff) == 5,
          "version 0x14, 6 LVT entries");

    outb(0x21, 0xff); /* PIC masked: no ExtINT noise */
    outb(0xa1, 0xff);
    apic_write(SVR, 0x1ff);
    check((apic_read(SVR) & 0x1ff) == 0x1ff, "SVR enables the APIC");
    apic_write(TPR, 0x20);
    check(apic_read(PPR) == 0x20, "PPR follows TPR with nothing in service");
    apic_write(TPR, 0x00);

    apic_write(ICR_HI, 0);
    apic_write(ICR_LO, 0x40000 | 0x50); /* self, fixed, vector 0x50 */
    check(irr_has(0x50), "a self IPI requests its vector in IRR");

    /* One-shot, masked, divide by 1. */
    apic_write(TIMER_DIV, 0x0b);
    apic_write(LVT_TIMER, 0x10000 | 0x60);
    apic_write(TIMER_INIT, 10000000);
    a = apic_read(TIMER_CUR);
    for (n = 0; n < WAIT_LOOPS && apic_read(TIMER_CUR) == a; n++) {
    }
    b = apic_read(TIMER_CUR);
    check(a <= 10000000 && a > 0 && b < a, "the one-shot count goes down");
    for (n = 0; n < WAIT_LOOPS && apic_read(TIMER_CUR) != 0; n++) {
    }
    check(apic_read(TIMER_CUR) == 0, "the one-shot count reaches 0");
    check(apic_read(TIMER_CUR) == 0 && !irr_has(0x60),
          "and stays there; masked, it requested nothing");

    /* Periodic: the count reloads after reaching 0. */
    apic_write(LVT_TIMER, 0x20000 | 0x10000 | 0x60);
    apic_write(TIMER_INIT, 100000);
    a = 0;
    for (n = 0; n < WAIT_LOOPS && a < 3; n++) {
        v = apic_read(TIMER_CUR);
        if (v > b) {
            a++; /* a reload went past */
        }
        b = v;
    }
    check(a >= 3, "the periodic count reloads");
    apic_write(TIMER_INIT, 0);

    /* One-shot, unmasked: the vector is requested. */
    apic_write(LVT_TIMER, 0x61);
    apic_write(TIMER_INIT, 1000);
    for (n = 0; n < WAIT_LOOPS && !irr_has(0x61); n++) {
    }
    check(irr_has(0x61), "an unmasked timer expiry requests its vector");

    /* IOAPIC. */
    v = ioapic_read(0x01);
    check((v >> 16 & 0xff) == 23, "the IOAPIC has 24 redirection entries");
    check((ioapic_read(0x10) & 0x10000) != 0, "redirection entries start "
                                              "masked");
    ioapic_write(0x15, 0x00000000); /* pin 2: destination APIC 0 */
    ioapic_write(0x14, 0x00000070); /* fixed, edge, vector 0x70 */
    outb(0x43, 0x34);               /* PIT ch0 mode 2, ~1 kHz */
    outb(0x40, 1193 & 0xff);
    outb(0x40, 1193 >> 8);
    for (n = 0; n < WAIT_LOOPS && !irr_has(0x70); n++) {
    }
    check(irr_has(0x70), "the PIT's IRQ0 reaches the APIC through IOAPIC "
                         "pin 2");
    outb(0x43, 0x30);
    ioapic_write(0x14, 0x10000);
    return failures;
}
