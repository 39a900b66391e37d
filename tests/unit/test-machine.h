/*
 * A bare Machine for device and loader unit tests: RAM below 4 GiB (and
 * above it when asked), the port space and both address spaces, as
 * hw/i386/pc.c lays them out, but no devices and no CPU.
 */
#ifndef TEST_MACHINE_H
#define TEST_MACHINE_H

#include <glib.h>

#include "hw/machine.h"
#include "softmmu/config.h"

/*
 * A machine with RAM_SIZE bytes of RAM (below_4g = all of it up to
 * 3 GiB) configured by CFG (which must outlive it).
 */
static inline Machine *test_machine_new(MachineConfig *cfg)
{
    Machine *m = g_new0(Machine, 1);
    uint64_t ram = cfg->ram_size;

    m->cfg = cfg;
    memory_region_init(&m->system, "system", UINT64_C(1) << 40);
    memory_region_init(&m->io, "io", 0x10000);
    g_assert_true(memory_region_init_ram(&m->ram, "ram", ram));
    m->below_4g = ram >= UINT64_C(0xe0000000) ? UINT64_C(0xc0000000) : ram;
    m->above_4g = ram - m->below_4g;
    memory_region_init_alias(&m->ram_below_4g, "ram-below-4g", &m->ram, 0,
                             m->below_4g);
    memory_region_add_subregion(&m->system, 0, &m->ram_below_4g);
    if (m->above_4g) {
        memory_region_init_alias(&m->ram_above_4g, "ram-above-4g", &m->ram,
                                 m->below_4g, m->above_4g);
        memory_region_add_subregion(&m->system, UINT64_C(1) << 32,
                                    &m->ram_above_4g);
    }
    address_space_init(&m->as_memory, &m->system, "memory");
    address_space_init(&m->as_io, &m->io, "I/O");
    current_machine = m;
    return m;
}

/* Guest RAM at physical ADDR (which must be RAM below 4 GiB). */
static inline uint8_t *test_machine_ram(Machine *m, uint64_t addr)
{
    g_assert_cmpuint(addr, <, m->below_4g);
    return memory_region_get_host(&m->ram) + addr;
}

#endif /* TEST_MACHINE_H */
