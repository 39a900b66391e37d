/*
 * Selectors of the GDT the 64-bit guest tests' start stub (start64.S)
 * loads.  Shared by the assembly and C sides.
 */
#ifndef BOOT_GDT_H
#define BOOT_GDT_H

#define BOOT_CS64  0x08  /* 64-bit code, DPL 0 */
#define BOOT_DS    0x10  /* flat data, DPL 0 */
#define BOOT_CS32  0x18  /* 32-bit code, DPL 0 (compatibility mode) */
#define BOOT_UCS64 0x23  /* 64-bit code, DPL 3 (RPL 3) */
#define BOOT_UDS   0x2b  /* flat data, DPL 3 (RPL 3) */
#define BOOT_TSS   0x30  /* 64-bit TSS (16-byte descriptor) */

#endif /* BOOT_GDT_H */
