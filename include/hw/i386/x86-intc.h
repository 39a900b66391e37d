/*
 * The contract between the x86 CPU (target/i386) and the interrupt
 * controllers of the board (hw/intc: i8259 PICs, local APICs, IOAPIC).
 *
 * Raising an interrupt: a controller that has something for CPU calls
 * cpu_interrupt(cpu, CPU_INTERRUPT_HARD) (or _NMI, _INIT, _SIPI, defined
 * in target/i386/cpu.h) and cpu_reset_interrupt() when it no longer has.
 *
 * Taking it: the CPU, at an instruction boundary with EFLAGS.IF set and no
 * interrupt shadow, calls x86_intc_get_vector() and delivers that vector
 * through the IDT; -1 means the request went away (nothing delivered).
 * Priority, acknowledgement (PIC INTA, APIC IRR -> ISR) and spurious
 * vectors are the controller's business.
 *
 * Implemented by hw/ (hw/i386/x86-intc.c: the local APIC when it is
 * enabled, else the PIC; hw/intc/apic.c: the APIC's MSRs, CR8, reset);
 * called only on CPU's own vCPU thread.
 */
#ifndef HW_I386_X86_INTC_H
#define HW_I386_X86_INTC_H

#include <stdbool.h>
#include <stdint.h>

#include "exec/cpu-common.h"
#include "hw/machine.h"

/*
 * The board's side: create M's PICs, IOAPIC and local APICs (one per
 * -smp CPU; the CPUs themselves may come later) and fill m->isa_irq and
 * m->ioapic_in.
 */
void x86_intc_init(Machine *m);

/* Acknowledge and return the highest-priority pending vector, or -1. */
int x86_intc_get_vector(CPUState *cpu);

/*
 * The local APIC's MSRs: IA32_APIC_BASE (0x1b), IA32_TSC_DEADLINE (0x6e0)
 * and the x2APIC range 0x800-0x8ff.  Return false when MSR is not one of
 * them or the access is invalid in the APIC's state: the CPU raises #GP.
 */
bool x86_apic_msr_read(CPUState *cpu, uint32_t msr, uint64_t *val);
bool x86_apic_msr_write(CPUState *cpu, uint32_t msr, uint64_t val);

/* CR8 is the APIC's task priority: TPR[7:4] = CR8[3:0]. */
uint64_t x86_apic_get_cr8(CPUState *cpu);
void x86_apic_set_cr8(CPUState *cpu, uint64_t val);

/* CPU reset / INIT: put CPU's local APIC in its reset state. */
void x86_apic_reset(CPUState *cpu, bool init);

/* The SIPI vector of the last startup IPI sent to CPU (CS = vector << 8). */
int x86_apic_sipi_vector(CPUState *cpu);

#endif /* HW_I386_X86_INTC_H */
