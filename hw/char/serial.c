/*
 * 16550A UART (National Semiconductor PC16550D data sheet): the register
 * file with the divisor latch, 16-byte receive FIFO with trigger levels
 * and the character timeout, interrupts, modem status and loopback.
 *
 * Registers (offset from the base port; DLAB = LCR bit 7):
 *   0  RBR (read) / THR (write) / DLL when DLAB
 *   1  IER / DLM when DLAB
 *   2  IIR (read) / FCR (write)
 *   3  LCR   4  MCR   5  LSR   6  MSR   7  SCR
 *
 * Transmission is immediate: a byte written to THR reaches the back end
 * (or, in loopback, the receive FIFO) at once, so THR and the transmitter
 * are always empty again when the guest looks.  Received bytes come from
 * the back end as fast as the FIFO has room (no baud-rate pacing); the
 * character timeout is 4 character times at the programmed rate.
 *
 * Interrupt sources, highest priority first: receiver line status (OE),
 * received data at the trigger level or timed out, THR empty, modem
 * status.  serial_update_irq() computes IIR and the line from the state;
 * the line reaches the PIC only while MCR OUT2 is set, as on the PC
 * (outside loopback, where OUT2 is internal).  A line break, parity and
 * framing errors cannot happen on a back end, so BI/PE/FE stay 0.
 */
#include <glib.h>

#include "hw/devices.h"
#include "softmmu/timer.h"
#include "util/log.h"

enum {
    UART_RBR_THR = 0,
    UART_IER = 1,
    UART_IIR_FCR = 2,
    UART_LCR = 3,
    UART_MCR = 4,
    UART_LSR = 5,
    UART_MSR = 6,
    UART_SCR = 7,
};

#define UART_IER_RDI  0x01 /* received data available */
#define UART_IER_THRI 0x02 /* THR empty */
#define UART_IER_RLSI 0x04 /* receiver line status */
#define UART_IER_MSI  0x08 /* modem status */

#define UART_IIR_NO_INT       0x01
#define UART_IIR_MSI          0x00
#define UART_IIR_THRI         0x02
#define UART_IIR_RDI          0x04
#define UART_IIR_RLSI         0x06
#define UART_IIR_CTI          0x0c /* character timeout */
#define UART_IIR_FIFO_ENABLED 0xc0

#define UART_FCR_ENABLE     0x01
#define UART_FCR_CLEAR_RX   0x02
#define UART_FCR_CLEAR_TX   0x04
#define UART_FCR_TRIGGER(v) ((v) >> 6)

#define UART_LCR_DLAB 0x80

#define UART_MCR_DTR  0x01
#define UART_MCR_RTS  0x02
#define UART_MCR_OUT1 0x04
#define UART_MCR_OUT2 0x08
#define UART_MCR_LOOP 0x10

#define UART_LSR_DR   0x01 /* data ready */
#define UART_LSR_OE   0x02 /* overrun */
#define UART_LSR_THRE 0x20 /* transmit holding register empty */
#define UART_LSR_TEMT 0x40 /* transmitter empty */

#define UART_MSR_DCTS   0x01
#define UART_MSR_DDSR   0x02
#define UART_MSR_TERI   0x04 /* RI went from on to off */
#define UART_MSR_DDCD   0x08
#define UART_MSR_CTS    0x10
#define UART_MSR_DSR    0x20
#define UART_MSR_RI     0x40
#define UART_MSR_DCD    0x80
#define UART_MSR_DELTAS 0x0f

#define UART_FIFO_SIZE     16
#define UART_CLOCK_HZ      1843200
#define UART_BITS_PER_CHAR 10 /* start, 8 data, stop (timing only) */

static const uint8_t rx_trigger_levels[4] = {1, 4, 8, 14};

typedef struct SerialState {
    /* Guest-visible registers. */
    uint16_t divisor;
    uint8_t ier, lcr, mcr, scr, fcr;
    uint8_t lsr_errors; /* OE, until LSR is read */
    uint8_t msr;        /* status bits 7:4 and deltas 3:0 */
    uint8_t rx_fifo[UART_FIFO_SIZE];
    unsigned rx_head, rx_count;
    bool thr_ipending; /* THR-empty interrupt not yet taken */
    bool rx_timeout;   /* character timeout indicated */

    /* Interrupt line and timing. */
    IRQLine *irq;
    Timer *timeout_timer;

    /* Back end and naming. */
    Chardev *chr;
    const char *name;
    MemoryRegion io;
} SerialState;

/* -- Interrupts --------------------------------------------------------- */

static unsigned rx_trigger(const SerialState *s)
{
    return s->fcr & UART_FCR_ENABLE
               ? rx_trigger_levels[UART_FCR_TRIGGER(s->fcr)]
               : 1;
}

/* The interrupt identification, highest-priority source first. */
static uint8_t serial_iir_id(const SerialState *s)
{
    if ((s->ier & UART_IER_RLSI) && s->lsr_errors) {
        return UART_IIR_RLSI;
    }
    if ((s->ier & UART_IER_RDI) && s->rx_count >= rx_trigger(s)) {
        return UART_IIR_RDI;
    }
    if ((s->ier & UART_IER_RDI) && s->rx_timeout && s->rx_count) {
        return UART_IIR_CTI;
    }
    if ((s->ier & UART_IER_THRI) && s->thr_ipending) {
        return UART_IIR_THRI;
    }
    if ((s->ier & UART_IER_MSI) && (s->msr & UART_MSR_DELTAS)) {
        return UART_IIR_MSI;
    }
    return UART_IIR_NO_INT;
}

static void serial_update_irq(SerialState *s)
{
    bool pending = serial_iir_id(s) != UART_IIR_NO_INT;
    bool gate = (s->mcr & UART_MCR_OUT2) && !(s->mcr & UART_MCR_LOOP);

    irq_set(s->irq, pending && gate);
}

/* -- Receive ------------------------------------------------------------ */

static int64_t serial_char_ns(const SerialState *s)
{
    unsigned divisor = s->divisor ? s->divisor : 0x10000;

    return (int64_t)UART_BITS_PER_CHAR * 16 * divisor * NANOSECONDS_PER_SECOND
           / UART_CLOCK_HZ;
}

/* Restart the character timeout: 4 character times from now. */
static void serial_restart_timeout(SerialState *s)
{
    s->rx_timeout = false;
    if (s->rx_count && (s->fcr & UART_FCR_ENABLE)) {
        timer_mod_ns(s->timeout_timer,
                     clock_get_ns(CLOCK_VIRTUAL) + 4 * serial_char_ns(s));
    } else {
        timer_del(s->timeout_timer);
    }
}

static void serial_timeout_cb(void *opaque)
{
    SerialState *s = opaque;

    s->rx_timeout = true;
    serial_update_irq(s);
}

static unsigned rx_capacity(const SerialState *s)
{
    return s->fcr & UART_FCR_ENABLE ? UART_FIFO_SIZE : 1;
}

/* A character arrived from the line (or from loopback). */
static void serial_receive_byte(SerialState *s, uint8_t byte)
{
    if (s->rx_count >= rx_capacity(s)) {
        s->lsr_errors |= UART_LSR_OE; /* the new character is lost */
        return;
    }
    s->rx_fifo[(s->rx_head + s->rx_count++) % UART_FIFO_SIZE] = byte;
}

static void serial_clear_rx(SerialState *s)
{
    s->rx_head = 0;
    s->rx_count = 0;
    s->rx_timeout = false;
    timer_del(s->timeout_timer);
}

static int serial_can_receive(void *opaque)
{
    SerialState *s = opaque;

    if (s->mcr & UART_MCR_LOOP) {
        return 0; /* the line is disconnected */
    }
    return rx_capacity(s) - s->rx_count;
}

static void serial_receive(void *opaque, const uint8_t *buf, size_t len)
{
    SerialState *s = opaque;

    for (size_t i = 0; i < len; i++) {
        serial_receive_byte(s, buf[i]);
    }
    serial_restart_timeout(s);
    serial_update_irq(s);
}

static uint8_t serial_read_rbr(SerialState *s)
{
    uint8_t byte = 0;

    if (s->rx_count) {
        byte = s->rx_fifo[s->rx_head];
        s->rx_head = (s->rx_head + 1) % UART_FIFO_SIZE;
        s->rx_count--;
        chardev_accept_input(s->chr);
    }
    serial_restart_timeout(s);
    serial_update_irq(s);
    return byte;
}

/* -- Transmit and modem control ---------------------------------------- */

static void serial_write_thr(SerialState *s, uint8_t byte)
{
    if (s->mcr & UART_MCR_LOOP) {
        serial_receive_byte(s, byte);
        serial_restart_timeout(s);
    } else {
        chardev_write(s->chr, &byte, 1);
    }
    /* Sent at once: THR is empty again. */
    s->thr_ipending = true;
    serial_update_irq(s);
}

/* The modem inputs: in loopback the outputs, else a connected cable. */
static uint8_t serial_modem_inputs(const SerialState *s)
{
    uint8_t m = s->mcr;

    if (!(m & UART_MCR_LOOP)) {
        return UART_MSR_DCD | UART_MSR_DSR | UART_MSR_CTS;
    }
    return (m & UART_MCR_RTS ? UART_MSR_CTS : 0)
           | (m & UART_MCR_DTR ? UART_MSR_DSR : 0)
           | (m & UART_MCR_OUT1 ? UART_MSR_RI : 0)
           | (m & UART_MCR_OUT2 ? UART_MSR_DCD : 0);
}

/* Latch new modem inputs, setting the delta bits for what changed. */
static void serial_update_msr(SerialState *s)
{
    uint8_t now = serial_modem_inputs(s);
    uint8_t changed = (now ^ s->msr) & 0xf0;

    s->msr = (s->msr & UART_MSR_DELTAS) | now;
    s->msr |= changed & UART_MSR_CTS ? UART_MSR_DCTS : 0;
    s->msr |= changed & UART_MSR_DSR ? UART_MSR_DDSR : 0;
    s->msr |= changed & UART_MSR_DCD ? UART_MSR_DDCD : 0;
    /* TERI: the trailing edge of RI only. */
    s->msr |=
        (changed & UART_MSR_RI) && !(now & UART_MSR_RI) ? UART_MSR_TERI : 0;
}

static void serial_write_fcr(SerialState *s, uint8_t val)
{
    if ((val ^ s->fcr) & UART_FCR_ENABLE) {
        serial_clear_rx(s); /* enabling or disabling clears */
    }
    if (val & UART_FCR_CLEAR_RX) {
        serial_clear_rx(s);
    }
    s->fcr = val & ~(UART_FCR_CLEAR_RX | UART_FCR_CLEAR_TX);
    serial_update_irq(s);
}

/* -- Registers ---------------------------------------------------------- */

static uint64_t serial_read(void *opaque, hwaddr addr, unsigned size)
{
    SerialState *s = opaque;
    uint8_t v;

    switch (addr) {
    case UART_RBR_THR:
        if (s->lcr & UART_LCR_DLAB) {
            return s->divisor & 0xff;
        }
        return serial_read_rbr(s);
    case UART_IER:
        return s->lcr & UART_LCR_DLAB ? s->divisor >> 8 : s->ier;
    case UART_IIR_FCR:
        v = serial_iir_id(s);
        if (v == UART_IIR_THRI) {
            s->thr_ipending = false; /* reading IIR takes it */
            serial_update_irq(s);
        }
        return v | (s->fcr & UART_FCR_ENABLE ? UART_IIR_FIFO_ENABLED : 0);
    case UART_LCR:
        return s->lcr;
    case UART_MCR:
        return s->mcr;
    case UART_LSR:
        v = UART_LSR_THRE | UART_LSR_TEMT | s->lsr_errors
            | (s->rx_count ? UART_LSR_DR : 0);
        s->lsr_errors = 0;
        serial_update_irq(s);
        return v;
    case UART_MSR:
        v = s->msr;
        s->msr &= ~UART_MSR_DELTAS;
        serial_update_irq(s);
        return v;
    default:
        return s->scr;
    }
}

static void serial_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    SerialState *s = opaque;
    uint8_t byte = val;

    switch (addr) {
    case UART_RBR_THR:
        if (s->lcr & UART_LCR_DLAB) {
            s->divisor = (s->divisor & 0xff00) | byte;
        } else {
            serial_write_thr(s, byte);
        }
        break;
    case UART_IER:
        if (s->lcr & UART_LCR_DLAB) {
            s->divisor = (s->divisor & 0x00ff) | byte << 8;
            break;
        }
        /* Enabling the THR interrupt with THR empty interrupts at once. */
        if ((byte & UART_IER_THRI) && !(s->ier & UART_IER_THRI)) {
            s->thr_ipending = true;
        }
        s->ier = byte & 0x0f;
        serial_update_irq(s);
        break;
    case UART_IIR_FCR:
        serial_write_fcr(s, byte);
        break;
    case UART_LCR:
        s->lcr = byte;
        break;
    case UART_MCR:
        s->mcr = byte & 0x1f;
        serial_update_msr(s);
        serial_update_irq(s);
        break;
    case UART_SCR:
        s->scr = byte;
        break;
    default:
        qlog_mask(LOG_GUEST_ERRORS,
                  "%s: write 0x%02x to read-only register "
                  "%u\n",
                  s->name, byte, (unsigned)addr);
        break;
    }
}

static const MemoryRegionOps serial_ops = {
    .read = serial_read,
    .write = serial_write,
    .valid = {.min_size = 1, .max_size = 1},
    .impl = {.min_size = 1, .max_size = 1},
};

static void serial_reset(SerialState *s)
{
    s->divisor = 12; /* 9600 baud from the 1.8432 MHz clock */
    s->ier = 0;
    s->lcr = 0x03; /* 8N1 */
    s->mcr = 0;
    s->scr = 0;
    s->fcr = 0;
    s->lsr_errors = 0;
    s->msr = serial_modem_inputs(s);
    s->thr_ipending = false;
    serial_clear_rx(s);
    serial_update_irq(s);
}

void serial_init(Machine *m, const char *name, uint16_t iobase, Chardev *chr,
                 IRQLine *irq)
{
    SerialState *s = g_new0(SerialState, 1);

    s->chr = chr;
    s->name = name;
    s->irq = irq;
    s->timeout_timer = timer_new_ns(CLOCK_VIRTUAL, serial_timeout_cb, s);
    serial_reset(s);
    chardev_set_receiver(chr, serial_can_receive, serial_receive, s);
    memory_region_init_io(&s->io, name, &serial_ops, s, 8);
    memory_region_add_subregion(&m->io, iobase, &s->io);
}
