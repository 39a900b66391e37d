/*
 * The local APICs (hw/intc/apic.c) as the board, the IOAPIC and the CPU
 * side (hw/i386/x86-intc.c) see them.  The CPU's own calls (MSRs, CR8,
 * reset, SIPI) are in include/hw/i386/x86-cpu-board.h.
 *
 * Context: vCPU thread only.
 */
#ifndef HW_INTC_APIC_H
#define HW_INTC_APIC_H

#include <stdbool.h>
#include <stdint.h>

#include "hw/machine.h"

/* IA32_APIC_BASE after reset: the xAPIC page and its enable bit. */
#define APIC_DEFAULT_BASE UINT64_C(0xfee00000)

/* Delivery modes of interrupt messages, LVTs and the ICR (bits 10:8). */
enum {
    APIC_DM_FIXED = 0,
    APIC_DM_LOWEST = 1,
    APIC_DM_SMI = 2,
    APIC_DM_NMI = 4,
    APIC_DM_INIT = 5,
    APIC_DM_STARTUP = 6,
    APIC_DM_EXTINT = 7,
};

/* apic_get_interrupt(): the PIC must supply the vector (ExtINT). */
#define APIC_VECTOR_EXTINT (-2)

/* One local APIC per CPU of M (APIC ID = CPU index) and the MMIO page. */
void apic_init(Machine *m);

/* Is CPU INDEX's APIC enabled in IA32_APIC_BASE? */
bool apic_hw_enabled(int index);

/*
 * An interrupt message on the APIC bus (from the IOAPIC or an IPI):
 * deliver VECTOR with MODE to the APICs DEST selects (LOGICAL: logical
 * destination mode); LEVEL marks a level-triggered interrupt (its EOI is
 * broadcast to the IOAPIC).
 */
void apic_bus_deliver(uint8_t dest, bool logical, int mode, uint8_t vector,
                      bool level);

/* LINT0/LINT1 (PIN) of CPU INDEX's APIC is now LEVEL. */
void apic_set_lint(int index, int pin, int level);

/*
 * The CPU takes an interrupt: the highest-priority deliverable vector,
 * now in service; APIC_VECTOR_EXTINT when LINT0's ExtINT is asserted (the
 * caller runs the PIC's acknowledge); the spurious vector if the request
 * was masked since; -1 if there is none.
 */
int apic_get_interrupt(int index);

#endif /* HW_INTC_APIC_H */
