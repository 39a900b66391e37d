/*
 * The board's side of the interrupt controllers (hw/i386/x86-intc.c):
 * creating them.  The contract with the CPU is in x86-cpu-board.h.
 */
#ifndef HW_I386_X86_INTC_H
#define HW_I386_X86_INTC_H

#include "hw/i386/x86-cpu-board.h"
#include "hw/machine.h"

/*
 * Create M's PICs, IOAPIC and local APICs (one per -smp CPU; the CPUs
 * themselves may come later) and fill m->isa_irq and m->ioapic_in.  The
 * local APIC when it is enabled, else the PIC, answers
 * x86_intc_get_vector().
 */
void x86_intc_init(Machine *m);

#endif /* HW_I386_X86_INTC_H */
