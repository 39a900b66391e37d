/*
 * The i8042 keyboard controller ("8042", as on PC/AT and PS/2 machines)
 * at ports 0x60 (data) and 0x64 (status / command), with a PS/2 keyboard
 * on its first port and nothing on its auxiliary (mouse) port.
 *
 * The controller has one output buffer: a command's reply, or a byte from
 * the keyboard or the aux port, whichever comes first; the status register
 * says which (OBF, AUX_OBF).  While the buffer holds a keyboard byte and
 * the command byte's KBDINT is set, IRQ1 is up; an aux byte with AUXINT,
 * IRQ12.  Reading port 0x60 empties the buffer and lowers the line before
 * the next byte comes in, so each byte is an edge.
 *
 * Commands (written to 0x64): 0x20-0x3f read controller RAM (0x20: the
 * command byte), 0x60-0x7f write it, 0xa7/0xa8 aux port disable/enable,
 * 0xa9 aux interface test, 0xaa self test (0x55), 0xab keyboard interface
 * test, 0xad/0xae keyboard port disable/enable, 0xc0 read input port,
 * 0xd0/0xd1 read/write output port, 0xd2/0xd3 write the keyboard/aux
 * output buffer, 0xd4 write to the aux device, 0xdd/0xdf A20 off/on,
 * 0xf0-0xff pulse output port bits low (0xfe: bit 0, the CPU reset).
 * Output port bit 0 low resets the machine (SHUTDOWN_GUEST_RESET); bit 1
 * is the A20 gate, driven on the A20 line the board ORs with port 0x92.
 *
 * The keyboard answers the PS/2 keyboard commands (reset, ID, LEDs,
 * typematic, scan code set, enable/disable, echo, resend).  Not
 * implemented yet: key input (there is no input back end; the keyboard
 * only ever sends replies, and the set 2 -> set 1 translation covers the
 * bytes those replies use), and a mouse: a byte sent to the aux device
 * (0xd4) comes back as 0xfe with the time-out bit, as from a controller
 * with nothing plugged in.
 *
 * Reset state: the command byte as a PC BIOS leaves it (keyboard
 * interrupt, system flag, translation), A20 on (as QEMU's PC starts).
 */
#include <glib.h>

#include "hw/devices.h"
#include "util/log.h"

#define I8042_DATA 0x60
#define I8042_CMD  0x64

/* Status register. */
#define STAT_OBF      0x01 /* output buffer full */
#define STAT_IBF      0x02 /* input buffer full (never: instant) */
#define STAT_SYS      0x04 /* system flag (self test passed) */
#define STAT_CMD      0x08 /* last write was to 0x64 */
#define STAT_UNLOCKED 0x10 /* keyboard not inhibited */
#define STAT_AUX_OBF  0x20 /* the output byte is from aux */
#define STAT_TIMEOUT  0x40
#define STAT_PARITY   0x80

/* Command byte (controller RAM byte 0). */
#define CTR_KBDINT 0x01
#define CTR_AUXINT 0x02
#define CTR_SYS    0x04
#define CTR_KBDDIS 0x10
#define CTR_AUXDIS 0x20
#define CTR_XLATE  0x40

/* Output port. */
#define OUT_RESET   0x01 /* low: CPU reset */
#define OUT_A20     0x02
#define OUT_KBD_OBF 0x10
#define OUT_AUX_OBF 0x20

/* Controller commands. */
#define CMD_READ_RAM       0x20 /* .. 0x3f */
#define CMD_WRITE_RAM      0x60 /* .. 0x7f */
#define CMD_AUX_DISABLE    0xa7
#define CMD_AUX_ENABLE     0xa8
#define CMD_AUX_TEST       0xa9
#define CMD_SELF_TEST      0xaa
#define CMD_KBD_TEST       0xab
#define CMD_KBD_DISABLE    0xad
#define CMD_KBD_ENABLE     0xae
#define CMD_READ_INPUT     0xc0
#define CMD_READ_OUTPUT    0xd0
#define CMD_WRITE_OUTPUT   0xd1
#define CMD_WRITE_KBD_OBUF 0xd2
#define CMD_WRITE_AUX_OBUF 0xd3
#define CMD_WRITE_AUX      0xd4
#define CMD_A20_OFF        0xdd
#define CMD_A20_ON         0xdf
#define CMD_PULSE          0xf0 /* .. 0xff: low nibble 0 bits pulse */

#define SELF_TEST_OK  0x55
#define IFACE_TEST_OK 0x00
#define INPUT_PORT    0x80 /* keyboard not inhibited */

/* PS/2 keyboard commands and replies. */
#define KBD_SET_LEDS     0xed
#define KBD_ECHO         0xee
#define KBD_SCANCODE_SET 0xf0
#define KBD_GET_ID       0xf2
#define KBD_TYPEMATIC    0xf3
#define KBD_ENABLE       0xf4
#define KBD_DISABLE      0xf5
#define KBD_DEFAULTS     0xf6
#define KBD_SET3_FIRST   0xf7 /* .. 0xfd: set 3 key modes */
#define KBD_SET3_LAST    0xfd
#define KBD_RESEND       0xfe
#define KBD_RESET        0xff
#define KBD_ACK          0xfa
#define KBD_BAT_OK       0xaa
#define KBD_ID0          0xab
#define KBD_ID1          0x83 /* MF2 keyboard */
#define KBD_NAK          0xfe

#define QUEUE_SIZE   16
#define BYTE_TIMEOUT 0x100 /* queue entry flag: time-out bit */

typedef struct ByteQueue {
    uint16_t data[QUEUE_SIZE]; /* byte | BYTE_TIMEOUT */
    unsigned head, count;
} ByteQueue;

typedef struct PS2Keyboard {
    ByteQueue q;     /* bytes for the controller */
    uint8_t pending; /* command waiting for its argument */
    uint8_t last;    /* last byte sent (resend) */
    uint8_t set;     /* scan code set 1-3 */
    uint8_t leds;
    uint8_t typematic;
    bool scanning;
} PS2Keyboard;

typedef struct I8042State {
    uint8_t ram[32]; /* ram[0]: the command byte */
    uint8_t status;  /* STAT_SYS | STAT_CMD (others computed) */
    uint8_t outport;
    uint16_t out; /* output buffer: byte | BYTE_TIMEOUT */
    bool out_full;
    bool out_aux;      /* the byte came from the aux port */
    uint8_t write_cmd; /* command waiting for a data byte, or 0 */
    ByteQueue aux;     /* aux bytes (loop-back, time-outs) */
    PS2Keyboard kbd;

    Machine *m;
    IRQLine *irq_kbd; /* IRQ1 */
    IRQLine *irq_aux; /* IRQ12 */
    IRQLine *a20;     /* output port bit 1 */
    MemoryRegion data_io, cmd_io;
} I8042State;

/* -- Queues ---------------------------------------------------------------- */

static void queue_push(ByteQueue *q, uint16_t v)
{
    if (q->count < QUEUE_SIZE) {
        q->data[(q->head + q->count++) % QUEUE_SIZE] = v;
    }
}

static uint16_t queue_pop(ByteQueue *q)
{
    uint16_t v = q->data[q->head];

    q->head = (q->head + 1) % QUEUE_SIZE;
    q->count--;
    return v;
}

/* -- The keyboard ---------------------------------------------------------- */

static void kbd_send(PS2Keyboard *k, uint8_t v)
{
    k->last = v;
    queue_push(&k->q, v);
}

static void kbd_defaults(PS2Keyboard *k)
{
    k->set = 2;
    k->typematic = 0x2b; /* 10.9 characters/s, 500 ms delay */
    k->scanning = true;
}

static void kbd_reset(PS2Keyboard *k)
{
    k->q.count = 0;
    k->pending = 0;
    k->last = 0;
    k->leds = 0;
    kbd_defaults(k);
}

/* The argument byte V of command K->pending. */
static void kbd_write_arg(PS2Keyboard *k, uint8_t v)
{
    uint8_t cmd = k->pending;

    k->pending = 0;
    switch (cmd) {
    case KBD_SET_LEDS:
        k->leds = v & 7;
        kbd_send(k, KBD_ACK);
        break;
    case KBD_TYPEMATIC:
        k->typematic = v & 0x7f;
        kbd_send(k, KBD_ACK);
        break;
    default: /* KBD_SCANCODE_SET */
        if (v == 0) {
            kbd_send(k, KBD_ACK);
            kbd_send(k, k->set);
        } else if (v <= 3) {
            k->set = v;
            kbd_send(k, KBD_ACK);
        } else {
            kbd_send(k, KBD_NAK);
        }
        break;
    }
}

/* A byte from the host to the keyboard. */
static void kbd_write(PS2Keyboard *k, uint8_t v)
{
    if (k->pending) {
        kbd_write_arg(k, v);
        return;
    }
    switch (v) {
    case KBD_SET_LEDS:
    case KBD_TYPEMATIC:
    case KBD_SCANCODE_SET:
        k->pending = v;
        kbd_send(k, KBD_ACK);
        break;
    case KBD_ECHO:
        kbd_send(k, KBD_ECHO);
        break;
    case KBD_GET_ID:
        kbd_send(k, KBD_ACK);
        kbd_send(k, KBD_ID0);
        kbd_send(k, KBD_ID1);
        break;
    case KBD_ENABLE:
        k->scanning = true;
        kbd_send(k, KBD_ACK);
        break;
    case KBD_DISABLE:
        kbd_defaults(k);
        k->scanning = false;
        kbd_send(k, KBD_ACK);
        break;
    case KBD_DEFAULTS:
        kbd_defaults(k);
        kbd_send(k, KBD_ACK);
        break;
    case KBD_RESEND:
        queue_push(&k->q, k->last);
        break;
    case KBD_RESET:
        kbd_reset(k);
        kbd_send(k, KBD_ACK);
        kbd_send(k, KBD_BAT_OK);
        break;
    default:
        if (v >= KBD_SET3_FIRST && v <= KBD_SET3_LAST) {
            kbd_send(k, KBD_ACK);
        } else {
            qlog_mask(LOG_GUEST_ERRORS,
                      "i8042: unknown keyboard command "
                      "0x%02x\n",
                      v);
            kbd_send(k, KBD_NAK);
        }
        break;
    }
}

/*
 * Set 2 -> set 1 translation of the bytes the keyboard sends (replies
 * only, see the header): bytes from 0x80 up pass unchanged but for the
 * ID byte 0x83 and 0x84; the scan code set numbers are key codes.
 */
static uint8_t kbd_translate(uint8_t v)
{
    switch (v) {
    case 0x01:
        return 0x43;
    case 0x02:
    case 0x83:
        return 0x41;
    case 0x03:
        return 0x3f;
    case 0x84:
        return 0x54;
    default:
        return v;
    }
}

/* -- Output buffer and IRQs ------------------------------------------------ */

static uint8_t i8042_ctr(const I8042State *s)
{
    return s->ram[0];
}

/* The only place the lines move. */
static void i8042_update_irq(I8042State *s)
{
    irq_set(s->irq_kbd,
            s->out_full && !s->out_aux && (i8042_ctr(s) & CTR_KBDINT));
    irq_set(s->irq_aux,
            s->out_full && s->out_aux && (i8042_ctr(s) & CTR_AUXINT));
}

/* Fill an empty output buffer from the keyboard, then the aux port. */
static void i8042_pump(I8042State *s)
{
    if (!s->out_full) {
        if (s->kbd.q.count && !(i8042_ctr(s) & CTR_KBDDIS)) {
            uint8_t v = queue_pop(&s->kbd.q);

            s->out = i8042_ctr(s) & CTR_XLATE ? kbd_translate(v) : v;
            s->out_full = true;
            s->out_aux = false;
        } else if (s->aux.count && !(i8042_ctr(s) & CTR_AUXDIS)) {
            s->out = queue_pop(&s->aux);
            s->out_full = true;
            s->out_aux = true;
        }
    }
    i8042_update_irq(s);
}

/* A controller reply: it takes the output buffer at once. */
static void i8042_reply(I8042State *s, uint8_t v, bool aux)
{
    s->out = v;
    s->out_full = true;
    s->out_aux = aux;
    i8042_update_irq(s);
}

/* -- Output port: reset and A20 -------------------------------------------- */

static void i8042_set_outport(I8042State *s, uint8_t v)
{
    s->outport = v;
    irq_set(s->a20, v & OUT_A20);
    if (!(v & OUT_RESET)) {
        machine_request_shutdown(s->m, SHUTDOWN_GUEST_RESET, 0);
    }
}

static uint8_t i8042_read_outport(const I8042State *s)
{
    uint8_t v = s->outport & ~(OUT_KBD_OBF | OUT_AUX_OBF);

    if (s->out_full) {
        v |= s->out_aux ? OUT_AUX_OBF : OUT_KBD_OBF;
    }
    return v;
}

/* -- Registers ------------------------------------------------------------- */

static void i8042_command(I8042State *s, uint8_t cmd)
{
    if (cmd >= CMD_READ_RAM && cmd < CMD_READ_RAM + 0x20) {
        i8042_reply(s, s->ram[cmd & 0x1f], false);
        return;
    }
    if (cmd >= CMD_WRITE_RAM && cmd < CMD_WRITE_RAM + 0x20) {
        s->write_cmd = cmd;
        return;
    }
    if (cmd >= CMD_PULSE) {
        if (!(cmd & OUT_RESET)) {
            machine_request_shutdown(s->m, SHUTDOWN_GUEST_RESET, 0);
        }
        return;
    }
    switch (cmd) {
    case CMD_AUX_DISABLE:
        s->ram[0] |= CTR_AUXDIS;
        break;
    case CMD_AUX_ENABLE:
        s->ram[0] &= ~CTR_AUXDIS;
        break;
    case CMD_AUX_TEST:
    case CMD_KBD_TEST:
        i8042_reply(s, IFACE_TEST_OK, false);
        return;
    case CMD_SELF_TEST:
        s->status |= STAT_SYS;
        i8042_reply(s, SELF_TEST_OK, false);
        return;
    case CMD_KBD_DISABLE:
        s->ram[0] |= CTR_KBDDIS;
        break;
    case CMD_KBD_ENABLE:
        s->ram[0] &= ~CTR_KBDDIS;
        break;
    case CMD_READ_INPUT:
        i8042_reply(s, INPUT_PORT, false);
        return;
    case CMD_READ_OUTPUT:
        i8042_reply(s, i8042_read_outport(s), false);
        return;
    case CMD_WRITE_OUTPUT:
    case CMD_WRITE_KBD_OBUF:
    case CMD_WRITE_AUX_OBUF:
    case CMD_WRITE_AUX:
        s->write_cmd = cmd;
        return;
    case CMD_A20_OFF:
        i8042_set_outport(s, s->outport & ~OUT_A20);
        break;
    case CMD_A20_ON:
        i8042_set_outport(s, s->outport | OUT_A20);
        break;
    default:
        qlog_mask(LOG_UNIMP, "i8042: command 0x%02x not implemented\n", cmd);
        return;
    }
    i8042_pump(s);
}

/* The data byte V following command S->write_cmd, or for the keyboard. */
static void i8042_write_data(I8042State *s, uint8_t v)
{
    uint8_t cmd = s->write_cmd;

    s->write_cmd = 0;
    switch (cmd) {
    case 0:
        /* Sending to the keyboard enables its port (as QEMU's model and
         * 8042 firmware do). */
        s->ram[0] &= ~CTR_KBDDIS;
        kbd_write(&s->kbd, v);
        break;
    case CMD_WRITE_OUTPUT:
        i8042_set_outport(s, v);
        break;
    case CMD_WRITE_KBD_OBUF:
        i8042_reply(s, v, false);
        return;
    case CMD_WRITE_AUX_OBUF:
        i8042_reply(s, v, true);
        return;
    case CMD_WRITE_AUX:
        /* Nothing on the aux port: the controller times out. */
        s->ram[0] &= ~CTR_AUXDIS;
        queue_push(&s->aux, KBD_NAK | BYTE_TIMEOUT);
        break;
    default: /* CMD_WRITE_RAM + n */
        s->ram[cmd & 0x1f] = v;
        break;
    }
    i8042_pump(s);
}

static uint64_t i8042_data_read(void *opaque, hwaddr addr, unsigned size)
{
    I8042State *s = opaque;
    uint8_t v = s->out;

    if (s->out_full) {
        s->out_full = false;
        i8042_update_irq(s); /* the line falls between two bytes */
        i8042_pump(s);
    }
    return v;
}

static void i8042_data_write(void *opaque, hwaddr addr, uint64_t val,
                             unsigned size)
{
    I8042State *s = opaque;

    s->status &= ~STAT_CMD;
    i8042_write_data(s, val);
}

static uint64_t i8042_status_read(void *opaque, hwaddr addr, unsigned size)
{
    I8042State *s = opaque;
    uint8_t v = s->status | STAT_UNLOCKED;

    if (s->out_full) {
        v |= STAT_OBF;
        v |= s->out_aux ? STAT_AUX_OBF : 0;
        v |= s->out & BYTE_TIMEOUT ? STAT_TIMEOUT : 0;
    }
    return v;
}

static void i8042_cmd_write(void *opaque, hwaddr addr, uint64_t val,
                            unsigned size)
{
    I8042State *s = opaque;

    s->status |= STAT_CMD;
    s->write_cmd = 0;
    i8042_command(s, val);
}

static const MemoryRegionOps i8042_data_ops = {
    .read = i8042_data_read,
    .write = i8042_data_write,
    .valid = {.min_size = 1, .max_size = 1},
    .impl = {.min_size = 1, .max_size = 1},
};

static const MemoryRegionOps i8042_cmd_ops = {
    .read = i8042_status_read,
    .write = i8042_cmd_write,
    .valid = {.min_size = 1, .max_size = 1},
    .impl = {.min_size = 1, .max_size = 1},
};

/* -- Set-up ---------------------------------------------------------------- */

static void i8042_reset(I8042State *s)
{
    memset(s->ram, 0, sizeof(s->ram));
    s->ram[0] = CTR_KBDINT | CTR_SYS | CTR_XLATE;
    s->status = STAT_SYS;
    s->out = 0;
    s->out_full = false;
    s->out_aux = false;
    s->write_cmd = 0;
    s->aux.count = 0;
    kbd_reset(&s->kbd);
    i8042_set_outport(s, OUT_RESET | OUT_A20);
    i8042_update_irq(s);
}

void i8042_init(Machine *m, IRQLine *irq1, IRQLine *irq12, IRQLine *a20)
{
    I8042State *s = g_new0(I8042State, 1);

    s->m = m;
    s->irq_kbd = irq1;
    s->irq_aux = irq12;
    s->a20 = a20;
    i8042_reset(s);
    memory_region_init_io(&s->data_io, "i8042-data", &i8042_data_ops, s, 1);
    memory_region_add_subregion(&m->io, I8042_DATA, &s->data_io);
    memory_region_init_io(&s->cmd_io, "i8042-cmd", &i8042_cmd_ops, s, 1);
    memory_region_add_subregion(&m->io, I8042_CMD, &s->cmd_io);
}
