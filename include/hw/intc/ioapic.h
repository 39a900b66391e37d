/*
 * The I/O APIC (hw/intc/ioapic.c): 24 input pins turned into interrupt
 * messages for the local APICs.
 *
 * Context: vCPU thread only.
 */
#ifndef HW_INTC_IOAPIC_H
#define HW_INTC_IOAPIC_H

#include <stdint.h>

#include "hw/machine.h"

#define IOAPIC_DEFAULT_BASE UINT64_C(0xfec00000)

/* The IOAPIC at 0xfec00000; fills m->ioapic_in with its input pins. */
void ioapic_init(Machine *m);

/* A local APIC's EOI for level-triggered VECTOR: clear remote IRR. */
void ioapic_eoi_broadcast(uint8_t vector);

#endif /* HW_INTC_IOAPIC_H */
