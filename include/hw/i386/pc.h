/*
 * The pc board (hw/i386/pc.c).  What it and the x86 CPU need from each
 * other is in x86-cpu-board.h.
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

/* CPU number INDEX of M's -cpu model, on M's memory and I/O spaces
 * (x86_cpu_create with M's configuration). */
CPUState *pc_cpu_create(Machine *m, int index, char **err);

#endif /* HW_I386_PC_H */
