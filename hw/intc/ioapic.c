/*
 * The I/O APIC (Intel 82093AA data sheet; version 0x20 as QEMU's, with
 * the EOI register), include/hw/intc/ioapic.h.
 *
 * MMIO at 0xfec00000: IOREGSEL (0x00) selects a register, IOWIN (0x10)
 * reads or writes it, EOI (0x40) takes a vector like a local APIC's EOI
 * broadcast.  Registers: 0x00 ID, 0x01 version, 0x02 arbitration ID,
 * 0x10 + 2n / 0x11 + 2n the low and high halves of pin n's redirection
 * entry:
 *   7:0 vector  10:8 delivery mode  11 logical  12 delivery status (RO)
 *   13 polarity  14 remote IRR (RO)  15 level  16 masked  63:56 destination
 *
 * A pin's level is "asserted or not": polarity is stored but not applied
 * (the board's lines are already logical levels, as in QEMU's model).
 * An edge pin latches a rising edge; a level pin requests while asserted
 * and, once sent, waits for the EOI (remote IRR) before it can send
 * again.  Deviation: an edge that arrives while the pin is masked stays
 * latched and is sent when the pin is unmasked (as QEMU does); the chip
 * drops it.
 */
#include <glib.h>

#include "hw/intc/apic.h"
#include "hw/intc/ioapic.h"
#include "util/log.h"

#define IOAPIC_VERSION 0x20
#define IOAPIC_PAGE    0x1000

enum { IOREGSEL = 0x00, IOWIN = 0x10, IOEOI = 0x40 };
enum {
    IOAPIC_ID = 0x00,
    IOAPIC_VER = 0x01,
    IOAPIC_ARB = 0x02,
    IOAPIC_REDIR = 0x10
};

#define RTE_VECTOR          0xffull
#define RTE_DELIVERY(e)     (((e) >> 8) & 7)
#define RTE_LOGICAL         (1ull << 11)
#define RTE_DELIVERY_STATUS (1ull << 12)
#define RTE_REMOTE_IRR      (1ull << 14)
#define RTE_LEVEL           (1ull << 15)
#define RTE_MASKED          (1ull << 16)
#define RTE_DEST(e)         ((uint8_t)((e) >> 56))
#define RTE_RO_BITS         (RTE_DELIVERY_STATUS | RTE_REMOTE_IRR)
#define RTE_WRITABLE        (0xff00000000000000ull | 0x1afffull)

typedef struct IOAPICState {
    /* Guest-visible registers. */
    uint8_t regsel;
    uint8_t id;
    uint64_t rte[IOAPIC_NUM_PINS];

    /* Pins. */
    uint32_t level; /* asserted inputs */
    uint32_t irr;   /* requests not yet sent */

    MemoryRegion mmio;
} IOAPICState;

static IOAPICState *ioapic;

/* Send every request that may go now. */
static void ioapic_service(IOAPICState *s)
{
    for (int pin = 0; pin < IOAPIC_NUM_PINS; pin++) {
        uint64_t e = s->rte[pin];

        if (!(s->irr >> pin & 1) || (e & RTE_MASKED)) {
            continue;
        }
        if (e & RTE_LEVEL) {
            if (e & RTE_REMOTE_IRR) {
                continue;
            }
            s->rte[pin] |= RTE_REMOTE_IRR;
        } else {
            s->irr &= ~(1u << pin);
        }
        apic_bus_deliver(RTE_DEST(e), e & RTE_LOGICAL, RTE_DELIVERY(e),
                         e & RTE_VECTOR, e & RTE_LEVEL);
    }
}

static void ioapic_set_pin(void *opaque, int pin, int level)
{
    IOAPICState *s = opaque;
    uint32_t mask = 1u << pin;
    bool was = s->level & mask;

    s->level = level ? s->level | mask : s->level & ~mask;
    if (s->rte[pin] & RTE_LEVEL) {
        s->irr = level ? s->irr | mask : s->irr & ~mask;
    } else if (level && !was) {
        s->irr |= mask;
    }
    ioapic_service(s);
}

void ioapic_eoi_broadcast(uint8_t vector)
{
    IOAPICState *s = ioapic;

    if (!s) {
        return;
    }
    for (int pin = 0; pin < IOAPIC_NUM_PINS; pin++) {
        uint64_t e = s->rte[pin];

        if ((e & RTE_LEVEL) && (e & RTE_REMOTE_IRR)
            && (e & RTE_VECTOR) == vector) {
            s->rte[pin] &= ~RTE_REMOTE_IRR;
        }
    }
    ioapic_service(s);
}

static uint32_t ioapic_read_reg(IOAPICState *s)
{
    unsigned r = s->regsel;

    switch (r) {
    case IOAPIC_ID:
    case IOAPIC_ARB:
        return (uint32_t)s->id << 24;
    case IOAPIC_VER:
        return IOAPIC_VERSION | (IOAPIC_NUM_PINS - 1) << 16;
    default:
        if (r >= IOAPIC_REDIR && r < IOAPIC_REDIR + 2 * IOAPIC_NUM_PINS) {
            uint64_t e = s->rte[(r - IOAPIC_REDIR) / 2];

            return r & 1 ? e >> 32 : (uint32_t)e;
        }
        qlog_mask(LOG_GUEST_ERRORS, "ioapic: read of register 0x%02x\n", r);
        return 0;
    }
}

static void ioapic_write_reg(IOAPICState *s, uint32_t val)
{
    unsigned r = s->regsel;
    int pin;
    uint64_t e;

    if (r == IOAPIC_ID) {
        s->id = val >> 24 & 0x0f;
        return;
    }
    if (r < IOAPIC_REDIR || r >= IOAPIC_REDIR + 2 * IOAPIC_NUM_PINS) {
        qlog_mask(LOG_GUEST_ERRORS,
                  "ioapic: write 0x%08x to read-only or "
                  "reserved register 0x%02x\n",
                  val, r);
        return;
    }
    pin = (r - IOAPIC_REDIR) / 2;
    e = s->rte[pin];
    if (r & 1) {
        e = (e & 0xffffffffull) | (uint64_t)val << 32;
    } else {
        e = (e & ~0xffffffffull) | val;
    }
    s->rte[pin] = (e & RTE_WRITABLE) | (s->rte[pin] & RTE_RO_BITS);
    if (!(s->rte[pin] & RTE_LEVEL)) {
        s->rte[pin] &= ~RTE_REMOTE_IRR;
    } else {
        /* A level pin requests exactly while asserted. */
        s->irr = (s->irr & ~(1u << pin)) | (s->level & (1u << pin));
    }
    ioapic_service(s);
}

static uint64_t ioapic_mmio_read(void *opaque, hwaddr addr, unsigned size)
{
    IOAPICState *s = opaque;

    switch (addr) {
    case IOREGSEL:
        return s->regsel;
    case IOWIN:
        return ioapic_read_reg(s);
    default:
        return 0;
    }
}

static void ioapic_mmio_write(void *opaque, hwaddr addr, uint64_t val,
                              unsigned size)
{
    IOAPICState *s = opaque;

    switch (addr) {
    case IOREGSEL:
        s->regsel = val;
        break;
    case IOWIN:
        ioapic_write_reg(s, val);
        break;
    case IOEOI:
        ioapic_eoi_broadcast(val);
        break;
    default:
        qlog_mask(LOG_GUEST_ERRORS, "ioapic: write at offset 0x%02x\n",
                  (unsigned)addr);
        break;
    }
}

static const MemoryRegionOps ioapic_ops = {
    .read = ioapic_mmio_read,
    .write = ioapic_mmio_write,
    .valid = {.min_size = 1, .max_size = 4},
    .impl = {.min_size = 4, .max_size = 4},
};

static void ioapic_reset(IOAPICState *s)
{
    s->regsel = 0;
    s->id = 0;
    for (int pin = 0; pin < IOAPIC_NUM_PINS; pin++) {
        s->rte[pin] = RTE_MASKED;
    }
    s->level = 0;
    s->irr = 0;
}

void ioapic_init(Machine *m)
{
    IOAPICState *s = g_new0(IOAPICState, 1);
    IRQLine **pins = irq_new_array(ioapic_set_pin, s, IOAPIC_NUM_PINS);

    ioapic = s;
    ioapic_reset(s);
    for (int pin = 0; pin < IOAPIC_NUM_PINS; pin++) {
        m->ioapic_in[pin] = pins[pin];
    }
    g_free(pins);
    memory_region_init_io(&s->mmio, "ioapic", &ioapic_ops, s, IOAPIC_PAGE);
    memory_region_add_subregion_overlap(&m->system, IOAPIC_DEFAULT_BASE,
                                        &s->mmio, 2);
}
