/*
 * ACPI tables of the pc machine for direct boot (hw/i386/acpi-build.c):
 * RSDP, RSDT and XSDT, FADT (with FACS and DSDT), MADT and, when the
 * machine has one, HPET.  They are written into guest RAM in the BIOS area
 * 0xe0000-0xfffff, which the e820 map reserves, so an OS finds the RSDP
 * both by scanning (ACPI 6.x, 5.2.5.1) and through boot_params.
 */
#ifndef HW_I386_ACPI_BUILD_H
#define HW_I386_ACPI_BUILD_H

#include <stdbool.h>
#include <stdint.h>

#include "hw/machine.h"

#define ACPI_TABLES_BASE 0xe0000
#define ACPI_TABLES_SIZE 0x20000
#define ACPI_IOAPIC_ADDR 0xfec00000u
#define ACPI_LAPIC_ADDR  0xfee00000u
#define ACPI_HPET_ADDR   0xfed00000u

/* What the tables describe. */
typedef struct AcpiConfig {
    unsigned nb_cpus;    /* local APIC ids 0..nb_cpus-1 */
    uint16_t pm_base;    /* PM1 event block; control +4, timer +8 */
    unsigned sci_irq;    /* ISA IRQ of the SCI (level, active high) */
    bool pm_timer_32bit; /* FADT TMR_VAL_EXT */
    uint8_t s5_slp_typ;  /* PM1 control SLP_TYP for S5 (_S5) */
    uint16_t reset_port; /* FADT RESET_REG (I/O) */
    uint8_t reset_value;
    bool hpet;         /* an HPET at ACPI_HPET_ADDR */
    uint64_t below_4g; /* start of the 32-bit PCI window */
} AcpiConfig;

/* Write the tables into M's RAM; returns the RSDP's guest address. */
uint64_t acpi_build(Machine *m, const AcpiConfig *cfg);

#endif /* HW_I386_ACPI_BUILD_H */
