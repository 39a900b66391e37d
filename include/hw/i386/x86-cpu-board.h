/*
 * What the x86 CPU (target/i386) and the PC board (hw/) see of each other,
 * and nothing more: target/i386 includes this header and no other from
 * hw/ (scripts/check-layering.sh keeps it so).
 *
 * Supplied by target/i386: creating a CPU, its A20 gate, starting it at a
 * loader's boot entry.  Supplied by hw/: the interrupt controllers' side
 * (hw/i386/x86-intc.c, hw/intc/apic.c) and the board's answer to a triple
 * fault (hw/i386/pc.c).  Everything here runs on the vCPU thread.
 *
 * Raising an interrupt: a controller that has something for CPU calls
 * cpu_interrupt(cpu, CPU_INTERRUPT_HARD) (or _NMI, _INIT, _SIPI, defined
 * in target/i386/cpu.h) and cpu_reset_interrupt() when it no longer has.
 * Taking it: the CPU, at an instruction boundary with EFLAGS.IF set and no
 * interrupt shadow, calls x86_intc_get_vector() and delivers that vector
 * through the IDT; -1 means the request went away (nothing delivered).
 * Priority, acknowledgement (PIC INTA, APIC IRR -> ISR) and spurious
 * vectors are the controller's business.
 */
#ifndef HW_I386_X86_CPU_BOARD_H
#define HW_I386_X86_CPU_BOARD_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "exec/cpu-common.h"
#include "exec/memory.h"

/* -- Supplied by target/i386 ---------------------------------------------- */

/* What a new CPU is made of and connected to. */
typedef struct X86CPUConfig {
    const char *model;         /* -cpu model name */
    const GPtrArray *features; /* -cpu +feat/-feat words (char *) */
    AddressSpace *memory;      /* guest-physical memory */
    AddressSpace *io;          /* the I/O port space */
} X86CPUConfig;

/*
 * Create CPU number INDEX of CFG's model in its reset state (CPUs other
 * than 0 wait for INIT and a startup IPI).  Returns NULL with *ERR set for
 * an unknown model or feature.
 */
CPUState *x86_cpu_create(const X86CPUConfig *cfg, int index, char **err);

/*
 * The A20 gate (A20M#) of CPU is open (ENABLED) or forces physical
 * address bit 20 to 0.  Page-table reads are not masked (nothing runs
 * paging with the gate closed).
 */
void x86_cpu_set_a20(CPUState *cpu, bool enabled);

/* CPU's time-stamp counter now: what RDTSC would read. */
uint64_t x86_cpu_get_tsc(CPUState *cpu);

/* Whether CPU's model advertises the TSC-deadline timer (CPUID.1:ECX[24]);
 * the local APIC's IA32_TSC_DEADLINE exists only then. */
bool x86_cpu_has_tsc_deadline(CPUState *cpu);

/* How a loader wants the first CPU to start. */
typedef enum BootEntryKind {
    BOOT_ENTRY_RESET, /* no direct boot: the reset vector */
    /* 32-bit protected mode, flat 4 GiB CS/DS/ES/FS/GS/SS, paging off,
     * A20 on, IF clear; EIP, EAX and EBX as given (Multiboot spec 3.2). */
    BOOT_ENTRY_MULTIBOOT,
    /*
     * Linux boot protocol, 32-bit entry: flat 4 GiB protected mode, paging
     * off, GDTR = gdt_base/gdt_limit holding __BOOT_CS (0x10, code) and
     * __BOOT_DS (0x18, data); CS = 0x10, DS/ES/FS/GS/SS = 0x18; IF clear;
     * EIP = eip, ESI = rsi (boot_params), EBP = EDI = EBX = 0.
     */
    BOOT_ENTRY_LINUX32,
    /*
     * Linux boot protocol, 64-bit entry: long mode (EFER.LME/LMA, CR4.PAE,
     * CR0.PG|PE) with CR3 = cr3 (identity-mapped page tables in guest
     * RAM), the same GDT with 0x10 a 64-bit code segment; IF clear;
     * RIP = eip, RSI = rsi (boot_params).
     */
    BOOT_ENTRY_LINUX64,
} BootEntryKind;

typedef struct BootEntry {
    BootEntryKind kind;
    uint32_t eip, eax, ebx;
    uint64_t rsi;      /* Linux: boot_params */
    uint64_t cr3;      /* LINUX64: the PML4 */
    uint64_t gdt_base; /* Linux: the GDT in guest RAM */
    uint16_t gdt_limit;
} BootEntry;

/* Linux's GDT selectors (boot protocol: __BOOT_CS, __BOOT_DS). */
#define LINUX_BOOT_CS 0x10
#define LINUX_BOOT_DS 0x18

/* Start CPU as ENTRY says (after reset). */
void x86_cpu_apply_boot_entry(CPUState *cpu, const BootEntry *entry);

/* -- Supplied by hw/ ------------------------------------------------------ */

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

/* CPU shut down on a triple fault: the board resets (or, under
 * -no-reboot, ends) the machine, as a PC's chipset does. */
void x86_board_triple_fault(CPUState *cpu);

#endif /* HW_I386_X86_CPU_BOARD_H */
