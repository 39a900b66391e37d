/*
 * Direct boot of a -kernel image (hw/i386/multiboot.c; the Linux boot
 * protocol comes with the PC platform work): the loaders put the image,
 * its modules and its information block in guest RAM and say how the CPU
 * must start.
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
} BootEntryKind;

typedef struct BootEntry {
    BootEntryKind kind;
    uint32_t eip, eax, ebx;
} BootEntry;

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
