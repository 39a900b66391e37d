/*
 * Selectors of the GDT the 64-bit guest tests' start stub (start64.S)
 * loads.  Shared by the assembly and C sides.
 */
#ifndef BOOT_GDT_H
#define BOOT_GDT_H

#define BOOT_CS64  0x08 /* 64-bit code, DPL 0 */
#define BOOT_DS    0x10 /* flat data, DPL 0 */
#define BOOT_CS32  0x18 /* 32-bit code, DPL 0 (compatibility mode) */
#define BOOT_UCS64 0x23 /* 64-bit code, DPL 3 (RPL 3) */
#define BOOT_UDS   0x2b /* flat data, DPL 3 (RPL 3) */
#define BOOT_TSS   0x30 /* 64-bit TSS (16-byte descriptor) */
/* In the order SYSRET wants (SDM vol. 2B, SYSRET): STAR[63:48] = 0x40
 * gives 32-bit CS = 0x43, SS = 0x4b, 64-bit CS = 0x53. */
#define BOOT_SYSRET_BASE 0x40
#define BOOT_UCS32       0x43 /* 32-bit code, DPL 3 */
#define BOOT_UDS2        0x4b /* flat data, DPL 3 */
#define BOOT_UCS64_2     0x53 /* 64-bit code, DPL 3 */

#endif /* BOOT_GDT_H */
