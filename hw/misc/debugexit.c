/*
 * isa-debug-exit: a port that ends the emulator, for test programs.
 * A write of VALUE makes the emulator exit with status (VALUE << 1) | 1,
 * as QEMU's device does (so no value means success: 0 is never returned).
 * Reads return all ones.  `-device isa-debug-exit,iobase=0xf4,iosize=0x04`.
 */
#include <glib.h>

#include "hw/devices.h"
#include "util/log.h"

typedef struct DebugExitState {
    MemoryRegion io;
    Machine *machine;
} DebugExitState;

static uint64_t debugexit_read(void *opaque, hwaddr addr, unsigned size)
{
    return UINT64_MAX;
}

static void debugexit_write(void *opaque, hwaddr addr, uint64_t val,
                            unsigned size)
{
    DebugExitState *s = opaque;

    machine_request_shutdown(s->machine, SHUTDOWN_DEBUG_EXIT,
                             (int)((val << 1) | 1));
}

static const MemoryRegionOps debugexit_ops = {
    .read = debugexit_read,
    .write = debugexit_write,
    .valid = {.min_size = 1, .max_size = 4, .unaligned = true},
    .impl = {.min_size = 1, .max_size = 4, .unaligned = true},
};

void debugexit_init(Machine *m, uint16_t iobase, uint16_t iosize)
{
    DebugExitState *s = g_new0(DebugExitState, 1);

    s->machine = m;
    memory_region_init_io(&s->io, "isa-debug-exit", &debugexit_ops, s, iosize);
    memory_region_add_subregion(&m->io, iobase, &s->io);
}
