/*
 * System control port A (port 0x92, "fast A20 and reset", as on PS/2 and
 * every PC chipset since).
 *
 *   bit 0  fast reset: writing 1 where it was 0 resets the machine
 *          (SHUTDOWN_GUEST_RESET); it reads back as written
 *   bit 1  A20 gate: driven on the A20 line the board ORs with the i8042's
 *   others read back as written (no other function here)
 *
 * Reset: 0 (A20 through this port off; the i8042 keeps A20 on).
 */
#include <glib.h>

#include "hw/devices.h"

#define PORT92       0x92
#define PORT92_RESET 0x01
#define PORT92_A20   0x02

typedef struct Port92State {
    uint8_t val; /* the register as last written */

    Machine *m;
    IRQLine *a20; /* bit 1 */
    MemoryRegion io;
} Port92State;

static uint64_t port92_read(void *opaque, hwaddr addr, unsigned size)
{
    Port92State *s = opaque;

    return s->val;
}

static void port92_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    Port92State *s = opaque;
    uint8_t old = s->val;

    s->val = val;
    irq_set(s->a20, val & PORT92_A20);
    if ((val & PORT92_RESET) && !(old & PORT92_RESET)) {
        machine_request_shutdown(s->m, SHUTDOWN_GUEST_RESET, 0);
    }
}

static const MemoryRegionOps port92_ops = {
    .read = port92_read,
    .write = port92_write,
    .valid = {.min_size = 1, .max_size = 1},
    .impl = {.min_size = 1, .max_size = 1},
};

static void port92_reset(Port92State *s)
{
    s->val = 0;
    irq_lower(s->a20);
}

void port92_init(Machine *m, IRQLine *a20)
{
    Port92State *s = g_new0(Port92State, 1);

    s->m = m;
    s->a20 = a20;
    port92_reset(s);
    memory_region_init_io(&s->io, "port92", &port92_ops, s, 1);
    memory_region_add_subregion(&m->io, PORT92, &s->io);
}
