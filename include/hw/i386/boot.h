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

#include "hw/machine.h"

typedef enum BootEntryKind {
    BOOT_ENTRY_RESET,           /* no direct boot: the reset vector */
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
    uint64_t rsi;               /* Linux: boot_params */
    uint64_t cr3;               /* LINUX64: the PML4 */
    uint64_t gdt_base;          /* Linux: the GDT in guest RAM */
    uint16_t gdt_limit;
} BootEntry;

/* Linux's GDT selectors (boot protocol: __BOOT_CS, __BOOT_DS). */
#define LINUX_BOOT_CS 0x10
#define LINUX_BOOT_DS 0x18

/* -- The e820 memory map ------------------------------------------------ */

#define E820_RAM 1
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
