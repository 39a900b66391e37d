/*
 * The PC's two cascaded 8259A interrupt controllers (hw/intc/i8259.c), as
 * the board and the CPU-side dispatch (hw/i386/x86-intc.c) see them.
 *
 * Context: vCPU thread only.
 */
#ifndef HW_INTC_I8259_H
#define HW_INTC_I8259_H

#include <stdbool.h>

#include "hw/irq.h"
#include "hw/machine.h"

typedef struct PICPair PICPair;

/*
 * Master at ports 0x20/0x21, slave at 0xa0/0xa1 cascaded on the master's
 * IRQ2, the edge/level control registers at 0x4d0/0x4d1.  INTR is the
 * master's INT output (level: high while an interrupt is requested).
 */
PICPair *i8259_init(Machine *m, IRQLine *intr);

/* ISA IRQ input N (0-15; 2 is the cascade and has no device). */
IRQLine *i8259_input(PICPair *s, int n);

/*
 * The CPU's interrupt acknowledge cycle: the vector of the highest
 * priority request, now in service (the spurious IRQ7/IRQ15 vector if the
 * request went away).  Moves INTR.
 */
int i8259_acknowledge(PICPair *s);

#endif /* HW_INTC_I8259_H */
