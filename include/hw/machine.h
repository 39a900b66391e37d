/*
 * The machine: guest memory, the port-I/O space, the CPUs and the devices,
 * built from a MachineConfig by the board (hw/i386/pc.c) and run by
 * machine_run.
 *
 * Context: devices are called on the vCPU thread, the only thread that
 * runs device code, so no lock is taken; machine_request_shutdown may be
 * called from any device callback.
 */
#ifndef HW_MACHINE_H
#define HW_MACHINE_H

#include "chardev/char.h"
#include "exec/cpu-common.h"
#include "exec/memory.h"
#include "hw/irq.h"
#include "softmmu/config.h"

#define MACHINE_MAX_CPUS 255
#define ISA_NUM_IRQS     16
#define IOAPIC_NUM_PINS  24

/* Why the machine stops running (the order is the precedence). */
typedef enum ShutdownCause {
    SHUTDOWN_NONE,
    SHUTDOWN_GUEST_RESET,    /* reset requested: reboot or exit */
    SHUTDOWN_GUEST_POWEROFF, /* ACPI S5 and the like: exit status 0 */
    SHUTDOWN_DEBUG_EXIT,     /* isa-debug-exit: its status */
    SHUTDOWN_TRIPLE_FAULT,   /* reset, or exit under -no-reboot */
    SHUTDOWN_HOST_ERROR,     /* the emulator cannot go on */
} ShutdownCause;

typedef struct Machine {
    const MachineConfig *cfg;

    /* Guest physical memory and port I/O. */
    MemoryRegion system; /* root of physical memory */
    MemoryRegion io;     /* root of the 64 KiB port space */
    AddressSpace as_memory;
    AddressSpace as_io;
    MemoryRegion ram;          /* all guest RAM: one host mapping */
    MemoryRegion ram_below_4g; /* alias: RAM [0, below_4g) at 0 */
    MemoryRegion ram_above_4g; /* alias: the rest at 4 GiB */
    uint64_t below_4g;         /* bytes of RAM below the PCI hole */
    uint64_t above_4g;         /* bytes of RAM mapped from 4 GiB */

    /* CPUs. */
    CPUState *cpus[MACHINE_MAX_CPUS];
    int nb_cpus;

    /*
     * Interrupt lines for devices (hw/i386/pc.c): ISA IRQ n goes to PIC
     * input n and to IOAPIC pin n (IRQ0 to pin 2, as the MADT's override
     * says); ioapic_in[n] reaches IOAPIC pin n only (PCI, HPET).
     */
    IRQLine *isa_irq[ISA_NUM_IRQS];
    IRQLine *ioapic_in[IOAPIC_NUM_PINS];

    /* Back ends opened for the devices. */
    Chardev *serial[MAX_SERIAL_PORTS];
    Chardev *debugcon;

    /* Shutdown request from a device or the CPU. */
    ShutdownCause shutdown;
    int exit_status; /* for SHUTDOWN_DEBUG_EXIT / HOST_ERROR */
} Machine;

/* The machine being run (one per process). */
extern Machine *current_machine;

/*
 * Build the machine CFG describes.  Returns NULL with *ERR set (g_free it)
 * to "<what>: <why>" for a user error (a missing kernel, a bad device
 * property...).
 */
Machine *machine_create(const MachineConfig *cfg, char **err);

/* Run until shutdown; returns the process exit status. */
int machine_run(Machine *m);

/*
 * Ask the machine to stop for CAUSE (STATUS for debug-exit): the running
 * CPU leaves generated code at the end of its TB.
 */
void machine_request_shutdown(Machine *m, ShutdownCause cause, int status);

#endif /* HW_MACHINE_H */
