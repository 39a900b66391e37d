/*
 * 16550A UART, the part a guest needs to print: the register file with
 * the divisor latch, scratch and status registers, and transmit straight to
 * a character back end.  Not yet here (the PC platform work adds them):
 * receive, FIFO timing, loopback and the interrupt line.  A guest that
 * enables interrupts is told so under -d unimp.
 *
 * Registers (offset from the base port; DLAB = LCR bit 7):
 *   0  RBR (read) / THR (write) / DLL when DLAB
 *   1  IER / DLM when DLAB
 *   2  IIR (read) / FCR (write)
 *   3  LCR   4  MCR   5  LSR   6  MSR   7  SCR
 */
#include <glib.h>

#include "hw/devices.h"
#include "util/log.h"

enum {
    UART_RBR_THR = 0, UART_IER = 1, UART_IIR_FCR = 2, UART_LCR = 3,
    UART_MCR = 4, UART_LSR = 5, UART_MSR = 6, UART_SCR = 7,
};

#define UART_LCR_DLAB 0x80
#define UART_LSR_THRE 0x20      /* transmit holding register empty */
#define UART_LSR_TEMT 0x40      /* transmitter empty */
#define UART_IIR_NO_INT 0x01
#define UART_IIR_FIFO_ENABLED 0xc0
#define UART_FCR_FIFO_ENABLE 0x01
#define UART_MSR_DCD 0x80       /* carrier, DSR and CTS: a cable is there */
#define UART_MSR_DSR 0x20
#define UART_MSR_CTS 0x10

typedef struct SerialState {
    MemoryRegion io;
    Chardev *chr;
    const char *name;
    uint16_t divisor;
    uint8_t ier, lcr, mcr, scr, fcr;
} SerialState;

static uint64_t serial_read(void *opaque, hwaddr addr, unsigned size)
{
    SerialState *s = opaque;

    switch (addr) {
    case UART_RBR_THR:
        return s->lcr & UART_LCR_DLAB ? s->divisor & 0xff : 0;
    case UART_IER:
        return s->lcr & UART_LCR_DLAB ? s->divisor >> 8 : s->ier;
    case UART_IIR_FCR:
        return UART_IIR_NO_INT |
               (s->fcr & UART_FCR_FIFO_ENABLE ? UART_IIR_FIFO_ENABLED : 0);
    case UART_LCR:
        return s->lcr;
    case UART_MCR:
        return s->mcr;
    case UART_LSR:
        return UART_LSR_THRE | UART_LSR_TEMT;
    case UART_MSR:
        return UART_MSR_DCD | UART_MSR_DSR | UART_MSR_CTS;
    case UART_SCR:
        return s->scr;
    default:
        return 0xff;
    }
}

static void serial_write(void *opaque, hwaddr addr, uint64_t val,
                         unsigned size)
{
    SerialState *s = opaque;
    uint8_t byte = val;

    switch (addr) {
    case UART_RBR_THR:
        if (s->lcr & UART_LCR_DLAB) {
            s->divisor = (s->divisor & 0xff00) | byte;
        } else {
            chardev_write(s->chr, &byte, 1);
        }
        break;
    case UART_IER:
        if (s->lcr & UART_LCR_DLAB) {
            s->divisor = (s->divisor & 0x00ff) | byte << 8;
        } else {
            if ((byte & 0x0f) && !(s->ier & 0x0f)) {
                qlog_mask(LOG_UNIMP, "%s: interrupts (IER=0x%02x) are not "
                          "implemented yet\n", s->name, byte);
            }
            s->ier = byte & 0x0f;
        }
        break;
    case UART_IIR_FCR:
        s->fcr = byte;
        break;
    case UART_LCR:
        s->lcr = byte;
        break;
    case UART_MCR:
        s->mcr = byte & 0x1f;
        break;
    case UART_SCR:
        s->scr = byte;
        break;
    default:
        qlog_mask(LOG_GUEST_ERRORS, "%s: write 0x%02x to read-only register "
                  "%u\n", s->name, byte, (unsigned)addr);
        break;
    }
}

static const MemoryRegionOps serial_ops = {
    .read = serial_read,
    .write = serial_write,
    .valid = { .min_size = 1, .max_size = 1 },
    .impl = { .min_size = 1, .max_size = 1 },
};

static void serial_reset(SerialState *s)
{
    s->divisor = 12;            /* 9600 baud from the 1.8432 MHz clock */
    s->ier = 0;
    s->lcr = 0x03;              /* 8N1 */
    s->mcr = 0;
    s->scr = 0;
    s->fcr = 0;
}

void serial_init(Machine *m, const char *name, uint16_t iobase, Chardev *chr)
{
    SerialState *s = g_new0(SerialState, 1);

    s->chr = chr;
    s->name = name;
    serial_reset(s);
    memory_region_init_io(&s->io, name, &serial_ops, s, 8);
    memory_region_add_subregion(&m->io, iobase, &s->io);
}
