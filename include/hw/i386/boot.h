/*
 * Direct boot of a -kernel image: a Linux bzImage by the x86 boot protocol
 * (hw/i386/boot.c) or a multiboot kernel (hw/i386/multiboot.c).  The
 * loaders put the image, its initrd or modules and its information block
 * in guest RAM and say how the CPU must start; the e820 map of the
 * machine's RAM and holes is defined here once for both and for fw_cfg.
 */
#ifndef HW_I386_BOOT_H
#define HW_I386_BOOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hw/i386/x86-cpu-board.h"
#include "hw/machine.h"

/* BootEntry, the loaders' result, is in x86-cpu-board.h. */

/* -- The e820 memory map ------------------------------------------------ */

#define E820_RAM      1
#define E820_RESERVED 2

typedef struct E820Entry {
    uint64_t addr, size;
    uint32_t type;
} E820Entry;

#define E820_MAX_ENTRIES 8

/*
 * The machine's memory map, sorted and without overlaps: RAM below the
 * EBDA (0x9fc00), the EBDA and the BIOS area 0xe0000-0xfffff reserved
 * (the ACPI tables live there), RAM from 1 MiB to below_4g, the MMIO at
 * the top of the PCI hole (0xfec00000-4 GiB: IOAPIC, HPET, local APIC,
 * BIOS) reserved, RAM above 4 GiB.  Fills OUT (E820_MAX_ENTRIES room);
 * returns the number of entries.
 */
unsigned pc_e820_table(const Machine *m, E820Entry *out);

/* -- Linux ------------------------------------------------------------- */

/* Does IMAGE carry a Linux boot protocol header ("HdrS")? */
bool linux_probe(const uint8_t *image, size_t len);

/*
 * Load the bzImage IMAGE (read from file KERNEL) with the machine's
 * -initrd and -append as the Linux x86 boot protocol (>= 2.06) says:
 * kernel, boot_params, command line, initrd, page tables and GDT in guest
 * RAM.  ACPI_RSDP (0: none) goes to boot_params.acpi_rsdp_addr.  The
 * 64-bit entry is used when the kernel offers it, unless FORCE_32BIT.
 * Returns false with *ERR set ("<what>: <why>") for a malformed or
 * truncated image, an initrd that cannot be read or does not fit, or a
 * command line that is too long.
 */
bool linux_load(Machine *m, const char *kernel, const uint8_t *image,
                size_t len, uint64_t acpi_rsdp, bool force_32bit,
                BootEntry *entry, char **err);

/* Does IMAGE (LEN bytes) carry a multiboot header in its first 8 KiB? */
bool multiboot_probe(const uint8_t *image, size_t len);

/*
 * Load multiboot kernel IMAGE (read from file KERNEL) with the machine's
 * -initrd modules and -append command line.  Returns false with *ERR set
 * ("<file>: <why>") for a malformed image or modules that do not fit.
 */
bool multiboot_load(Machine *m, const char *kernel, const uint8_t *image,
                    size_t len, BootEntry *entry, char **err);

#endif /* HW_I386_BOOT_H */
