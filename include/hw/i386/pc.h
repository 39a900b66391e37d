/*
 * The pc board (hw/i386/pc.c) and what it needs from the x86 CPU.
 */
#ifndef HW_I386_PC_H
#define HW_I386_PC_H

#include "hw/i386/boot.h"
#include "hw/machine.h"

/*
 * Build the memory map and the devices of M, and load -kernel.  *ENTRY
 * says how the CPUs must start.  Returns false with *ERR set for a user
 * error.
 */
bool pc_machine_init(Machine *m, BootEntry *entry, char **err);

/*
 * Supplied by target/i386: create CPU number INDEX of model
 * m->cfg->cpu_model in its reset state, connected to M's memory and I/O
 * spaces.  Returns NULL with *ERR set for an unknown model or feature.
 */
CPUState *x86_cpu_create(Machine *m, int index, char **err);

/*
 * Supplied by target/i386: the A20 gate (A20M#) of CPU is open (ENABLED)
 * or forces physical address bit 20 to 0.  Page-table reads are not
 * masked (nothing runs paging with the gate closed).
 */
void x86_cpu_set_a20(CPUState *cpu, bool enabled);

/* Supplied by target/i386: start CPU as ENTRY says (after reset). */
void x86_cpu_apply_boot_entry(CPUState *cpu, const BootEntry *entry);

#endif /* HW_I386_PC_H */
