/*
 * The PC's dual 8259A programmable interrupt controller (8259A data
 * sheet; PIIX ELCR for per-line edge/level), include/hw/intc/i8259.h.
 *
 * Two chips: the master's IR2 is the slave's INT output.  Each chip
 * keeps IRR/ISR/IMR; the highest-priority unmasked request whose priority
 * is above everything in service raises INT.  Priorities rotate: IRQ
 * `priority_add` is the highest, the one before it the lowest.
 *
 * Ports (offset from 0x20 / 0xa0):
 *   0 write: ICW1 (bit 4 set), OCW2 (bits 4:3 = 00), OCW3 (bits 4:3 = 01)
 *   0 read:  IRR or ISR (OCW3 RR/RIS), or the poll word after OCW3 P
 *   1 write: ICW2-ICW4 during initialization, then OCW1 (IMR)
 *   1 read:  IMR
 * ELCR at 0x4d0 (master; IRQ0-2 are always edge) and 0x4d1 (slave; IRQ8
 * and IRQ13 are always edge).
 *
 * Edge mode latches a rising edge into IRR; the request stays latched
 * when the line falls (as QEMU's model does).  Level mode makes IRR
 * follow the line.  Invariant: each chip's INT output is recomputed by
 * pic_update() after every change, and only there.
 */
#include <glib.h>

#include "hw/intc/i8259.h"
#include "util/log.h"

#define PIC_MASTER_BASE  0x20
#define PIC_SLAVE_BASE   0xa0
#define PIC_ELCR_BASE    0x4d0
#define PIC_CASCADE_IRQ  2
#define PIC_SPURIOUS_IRQ 7

/* Port-0 write formats. */
#define ICW1_IC4  0x01 /* ICW4 follows */
#define ICW1_SNGL 0x02 /* single chip: no ICW3 */
#define ICW1_LTIM 0x08 /* level-triggered, whole chip */
#define ICW1_INIT 0x10 /* this byte is ICW1 */
#define OCW3_SEL  0x08 /* with bit 4 clear: OCW3, else OCW2 */
#define OCW3_RIS  0x01 /* read ISR (with RR) */
#define OCW3_RR   0x02 /* RIS is valid */
#define OCW3_P    0x04 /* poll */
#define OCW3_SMM  0x20 /* special mask mode (with ESMM) */
#define OCW3_ESMM 0x40
#define ICW4_UPM  0x01 /* 8086 mode (0: 8080, not implemented) */
#define ICW4_AEOI 0x02
#define ICW4_SFNM 0x10

/* OCW2 commands: bits 7:5 (R, SL, EOI). */
enum {
    OCW2_CLEAR_ROTATE_AEOI = 0,
    OCW2_NONSPECIFIC_EOI = 1,
    OCW2_NOP = 2,
    OCW2_SPECIFIC_EOI = 3,
    OCW2_SET_ROTATE_AEOI = 4,
    OCW2_ROTATE_NONSPECIFIC_EOI = 5,
    OCW2_SET_PRIORITY = 6,
    OCW2_ROTATE_SPECIFIC_EOI = 7,
};

/* Where the initialization sequence stands. */
enum { INIT_DONE, INIT_ICW2, INIT_ICW3, INIT_ICW4 };

typedef struct PIC8259 {
    /* Guest-visible state. */
    uint8_t irr;         /* requests */
    uint8_t isr;         /* in service */
    uint8_t imr;         /* masked */
    uint8_t elcr;        /* 1 = level-triggered line */
    uint8_t vector_base; /* ICW2 & 0xf8 */
    uint8_t icw3;
    uint8_t priority_add; /* the IRQ with the highest priority */
    uint8_t init_step;    /* INIT_* */
    bool ltim;            /* ICW1 LTIM: every line level-triggered */
    bool single;          /* ICW1 SNGL */
    bool need_icw4;       /* ICW1 IC4 */
    bool read_isr;        /* OCW3: port 0 reads ISR, else IRR */
    bool poll;            /* OCW3 P: next port-0 read is a poll */
    bool special_mask;    /* OCW3 SMM */
    bool auto_eoi;        /* ICW4 AEOI */
    bool rotate_on_aeoi;  /* OCW2 rotate in automatic EOI mode */
    bool sfnm;            /* ICW4 special fully nested mode */

    /* Lines. */
    uint8_t line_level; /* input levels, for edge detection */
    IRQLine *out;       /* INT */

    /* Fixed. */
    uint8_t elcr_mask; /* ELCR bits that can be level */
    bool master;
    const char *name;
    MemoryRegion io;
} PIC8259;

struct PICPair {
    PIC8259 chip[2]; /* master, slave */
    IRQLine *inputs[16];
    MemoryRegion elcr_io;
};

/* -- Priority logic ----------------------------------------------------- */

/* Rank (0 = highest) of the highest-priority bit of MASK, 8 if none. */
static int pic_priority(const PIC8259 *s, uint8_t mask)
{
    for (int rank = 0; rank < 8; rank++) {
        if (mask & (1 << ((s->priority_add + rank) & 7))) {
            return rank;
        }
    }
    return 8;
}

/* The IRQ the chip would deliver now, or -1. */
static int pic_pending_irq(const PIC8259 *s)
{
    int req = pic_priority(s, s->irr & ~s->imr);
    uint8_t in_service = s->isr;

    if (req == 8) {
        return -1;
    }
    /* Special mask mode: a masked level in service does not block others. */
    if (s->special_mask) {
        in_service &= ~s->imr;
    }
    /* Special fully nested mode: the slave may interrupt its own service. */
    if (s->sfnm && s->master) {
        in_service &= ~(1 << PIC_CASCADE_IRQ);
    }
    if (req < pic_priority(s, in_service)) {
        return (s->priority_add + req) & 7;
    }
    return -1;
}

static void pic_update(PIC8259 *s)
{
    irq_set(s->out, pic_pending_irq(s) >= 0);
}

static bool pic_is_level(const PIC8259 *s, int irq)
{
    return s->ltim || (s->elcr >> irq & 1);
}

static void pic_set_input(PIC8259 *s, int irq, int level)
{
    uint8_t mask = 1 << irq;

    if (pic_is_level(s, irq)) {
        s->irr = level ? s->irr | mask : s->irr & ~mask;
    } else if (level && !(s->line_level & mask)) {
        s->irr |= mask;
    }
    s->line_level = level ? s->line_level | mask : s->line_level & ~mask;
    pic_update(s);
}

/* Acknowledge IRQ: in service (unless AEOI), edge request consumed. */
static void pic_ack(PIC8259 *s, int irq)
{
    if (s->auto_eoi) {
        if (s->rotate_on_aeoi) {
            s->priority_add = (irq + 1) & 7;
        }
    } else {
        s->isr |= 1 << irq;
    }
    if (!pic_is_level(s, irq)) {
        s->irr &= ~(1 << irq);
    }
}

/* The poll word (8259A: bit 7 = request, bits 2:0 = level), acknowledged. */
static uint8_t pic_poll(PIC8259 *s)
{
    int irq = pic_pending_irq(s);

    s->poll = false;
    if (irq < 0) {
        return 0;
    }
    pic_ack(s, irq);
    pic_update(s);
    return 0x80 | irq;
}

/* -- Commands ----------------------------------------------------------- */

static void pic_icw1(PIC8259 *s, uint8_t val)
{
    /* 8259A: IMR cleared, IR7 lowest, special mask and status read reset,
     * the edge sense latches cleared (a high edge line must fall first). */
    s->ltim = val & ICW1_LTIM;
    s->single = val & ICW1_SNGL;
    s->need_icw4 = val & ICW1_IC4;
    s->imr = 0;
    s->isr = 0;
    s->irr = s->line_level & (s->ltim ? 0xff : s->elcr);
    s->priority_add = 0;
    s->special_mask = false;
    s->read_isr = false;
    s->poll = false;
    s->rotate_on_aeoi = false;
    s->auto_eoi = false;
    s->sfnm = false;
    s->init_step = INIT_ICW2;
    if (val & 0x04 || !(val & ICW1_IC4)) {
        qlog_mask(LOG_UNIMP,
                  "%s: ICW1 0x%02x: call address interval and "
                  "8080 mode are not implemented\n",
                  s->name, val);
    }
    pic_update(s);
}

static void pic_ocw2(PIC8259 *s, uint8_t val)
{
    int irq = val & 7;
    int rank;

    switch (val >> 5) {
    case OCW2_CLEAR_ROTATE_AEOI:
        s->rotate_on_aeoi = false;
        break;
    case OCW2_SET_ROTATE_AEOI:
        s->rotate_on_aeoi = true;
        break;
    case OCW2_NONSPECIFIC_EOI:
    case OCW2_ROTATE_NONSPECIFIC_EOI:
        rank = pic_priority(s, s->isr);
        if (rank == 8) {
            break;
        }
        irq = (s->priority_add + rank) & 7;
        s->isr &= ~(1 << irq);
        if (val >> 5 == OCW2_ROTATE_NONSPECIFIC_EOI) {
            s->priority_add = (irq + 1) & 7;
        }
        break;
    case OCW2_SPECIFIC_EOI:
        s->isr &= ~(1 << irq);
        break;
    case OCW2_ROTATE_SPECIFIC_EOI:
        s->isr &= ~(1 << irq);
        s->priority_add = (irq + 1) & 7;
        break;
    case OCW2_SET_PRIORITY:
        s->priority_add = (irq + 1) & 7; /* IRQ becomes the lowest */
        break;
    default:
        break; /* OCW2_NOP */
    }
    pic_update(s);
}

static void pic_ocw3(PIC8259 *s, uint8_t val)
{
    if (val & OCW3_P) {
        s->poll = true;
    }
    if (val & OCW3_RR) {
        s->read_isr = val & OCW3_RIS;
    }
    if (val & OCW3_ESMM) {
        s->special_mask = val & OCW3_SMM;
    }
    pic_update(s);
}

static void pic_write_data(PIC8259 *s, uint8_t val)
{
    switch (s->init_step) {
    case INIT_ICW2:
        s->vector_base = val & 0xf8;
        s->init_step = !s->single     ? INIT_ICW3
                       : s->need_icw4 ? INIT_ICW4
                                      : INIT_DONE;
        break;
    case INIT_ICW3:
        s->icw3 = val;
        s->init_step = s->need_icw4 ? INIT_ICW4 : INIT_DONE;
        break;
    case INIT_ICW4:
        s->auto_eoi = val & ICW4_AEOI;
        s->sfnm = val & ICW4_SFNM;
        if (!(val & ICW4_UPM)) {
            qlog_mask(LOG_UNIMP, "%s: ICW4 8080 mode is not implemented\n",
                      s->name);
        }
        s->init_step = INIT_DONE;
        break;
    default:
        s->imr = val; /* OCW1 */
        pic_update(s);
        break;
    }
}

/* -- Registers ---------------------------------------------------------- */

static uint64_t pic_read(void *opaque, hwaddr addr, unsigned size)
{
    PIC8259 *s = opaque;

    if (addr == 1) {
        return s->imr;
    }
    if (s->poll) {
        return pic_poll(s);
    }
    return s->read_isr ? s->isr : s->irr;
}

static void pic_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    PIC8259 *s = opaque;
    uint8_t byte = val;

    if (addr == 1) {
        pic_write_data(s, byte);
    } else if (byte & ICW1_INIT) {
        pic_icw1(s, byte);
    } else if (byte & OCW3_SEL) {
        pic_ocw3(s, byte);
    } else {
        pic_ocw2(s, byte);
    }
}

static const MemoryRegionOps pic_ops = {
    .read = pic_read,
    .write = pic_write,
    .valid = {.min_size = 1, .max_size = 1},
    .impl = {.min_size = 1, .max_size = 1},
};

static uint64_t elcr_read(void *opaque, hwaddr addr, unsigned size)
{
    PICPair *p = opaque;

    return p->chip[addr].elcr;
}

static void elcr_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    PICPair *p = opaque;
    PIC8259 *s = &p->chip[addr];

    s->elcr = val & s->elcr_mask;
    /* A line now level-triggered requests exactly while it is high. */
    s->irr = (s->irr & ~s->elcr) | (s->line_level & s->elcr);
    pic_update(s);
}

static const MemoryRegionOps elcr_ops = {
    .read = elcr_read,
    .write = elcr_write,
    .valid = {.min_size = 1, .max_size = 1},
    .impl = {.min_size = 1, .max_size = 1},
};

/* -- The pair ----------------------------------------------------------- */

static void pic_input_handler(void *opaque, int n, int level)
{
    PICPair *p = opaque;

    pic_set_input(&p->chip[n >> 3], n & 7, level);
}

/* The slave's INT drives the master's IR2. */
static void pic_cascade_handler(void *opaque, int n, int level)
{
    PICPair *p = opaque;

    pic_set_input(&p->chip[0], PIC_CASCADE_IRQ, level);
}

int i8259_acknowledge(PICPair *p)
{
    PIC8259 *master = &p->chip[0], *slave = &p->chip[1];
    int irq = pic_pending_irq(master);
    int vector;

    if (irq < 0) {
        /* The request went away during INTA: the spurious IRQ7 vector. */
        return master->vector_base + PIC_SPURIOUS_IRQ;
    }
    pic_ack(master, irq);
    if (irq == PIC_CASCADE_IRQ) {
        int irq2 = pic_pending_irq(slave);

        if (irq2 >= 0) {
            pic_ack(slave, irq2);
            vector = slave->vector_base + irq2;
        } else {
            vector = slave->vector_base + PIC_SPURIOUS_IRQ;
        }
        /* INT falls during the acknowledge: another request still
         * pending on the slave is a new edge on the master's IR2. */
        irq_lower(slave->out);
        pic_update(slave);
    } else {
        vector = master->vector_base + irq;
    }
    pic_update(master);
    return vector;
}

IRQLine *i8259_input(PICPair *p, int n)
{
    return p->inputs[n];
}

static void pic_reset(PIC8259 *s)
{
    s->irr = 0;
    s->isr = 0;
    s->imr = 0;
    s->elcr = 0;
    s->vector_base = 0;
    s->icw3 = 0;
    s->priority_add = 0;
    s->init_step = INIT_DONE;
    s->ltim = false;
    s->single = false;
    s->need_icw4 = false;
    s->read_isr = false;
    s->poll = false;
    s->special_mask = false;
    s->auto_eoi = false;
    s->rotate_on_aeoi = false;
    s->sfnm = false;
    s->line_level = 0;
}

static void pic_chip_init(Machine *m, PIC8259 *s, const char *name, bool master,
                          uint16_t base, uint8_t elcr_mask, IRQLine *out)
{
    s->name = name;
    s->master = master;
    s->elcr_mask = elcr_mask;
    s->out = out;
    pic_reset(s);
    memory_region_init_io(&s->io, name, &pic_ops, s, 2);
    memory_region_add_subregion(&m->io, base, &s->io);
}

PICPair *i8259_init(Machine *m, IRQLine *intr)
{
    PICPair *p = g_new0(PICPair, 1);
    IRQLine **in = irq_new_array(pic_input_handler, p, 16);

    pic_chip_init(m, &p->chip[0], "pic-master", true, PIC_MASTER_BASE, 0xf8,
                  intr);
    pic_chip_init(m, &p->chip[1], "pic-slave", false, PIC_SLAVE_BASE, 0xde,
                  irq_new(pic_cascade_handler, p, 0));
    for (int i = 0; i < 16; i++) {
        p->inputs[i] = in[i];
    }
    g_free(in);
    memory_region_init_io(&p->elcr_io, "elcr", &elcr_ops, p, 2);
    memory_region_add_subregion(&m->io, PIC_ELCR_BASE, &p->elcr_io);
    return p;
}
