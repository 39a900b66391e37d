/*
 * The debug console: every byte written to port 0xe9 goes to a character
 * back end (-debugcon).  Reading the port returns 0xe9, which is how
 * Bochs-style guests detect the console.
 */
#include <glib.h>

#include "hw/devices.h"

#define DEBUGCON_PORT     0xe9
#define DEBUGCON_READBACK 0xe9

typedef struct DebugconState {
    MemoryRegion io;
    Chardev *chr;
} DebugconState;

static uint64_t debugcon_read(void *opaque, hwaddr addr, unsigned size)
{
    return DEBUGCON_READBACK;
}

static void debugcon_write(void *opaque, hwaddr addr, uint64_t val,
                           unsigned size)
{
    DebugconState *s = opaque;
    uint8_t byte = val;

    chardev_write(s->chr, &byte, 1);
}

static const MemoryRegionOps debugcon_ops = {
    .read = debugcon_read,
    .write = debugcon_write,
    .valid = {.min_size = 1, .max_size = 4},
    .impl = {.min_size = 1, .max_size = 1},
};

void debugcon_init(Machine *m, Chardev *chr)
{
    DebugconState *s = g_new0(DebugconState, 1);

    s->chr = chr;
    memory_region_init_io(&s->io, "debugcon", &debugcon_ops, s, 1);
    memory_region_add_subregion(&m->io, DEBUGCON_PORT, &s->io);
}
