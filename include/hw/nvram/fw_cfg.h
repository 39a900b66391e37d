/*
 * fw_cfg: the firmware configuration device of QEMU's PC (its documented
 * interface, docs/specs/fw_cfg.rst), through which firmware and guests
 * read items the emulator provides: a signature, the feature ID, machine
 * facts, a directory of named files (-fw_cfg name=opt/...) and the
 * emulator's own files (etc/e820, ...).
 *
 * Ports: selector 0x510 (16-bit write), data 0x511 (8-bit read), DMA
 * address 0x514 (64-bit big-endian; the write of the low half at 0x518
 * starts the transfer).
 *
 * Items are added at machine construction, before any CPU runs; their
 * contents are copied and never change afterwards.
 */
#ifndef HW_NVRAM_FW_CFG_H
#define HW_NVRAM_FW_CFG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hw/machine.h"

/* Selectors (fw_cfg.rst "Selector Register"). */
#define FW_CFG_SIGNATURE     0x0000
#define FW_CFG_ID            0x0001
#define FW_CFG_UUID          0x0002
#define FW_CFG_RAM_SIZE      0x0003
#define FW_CFG_NOGRAPHIC     0x0004
#define FW_CFG_NB_CPUS       0x0005
#define FW_CFG_BOOT_MENU     0x000e
#define FW_CFG_MAX_CPUS      0x000f
#define FW_CFG_FILE_DIR      0x0019
#define FW_CFG_FILE_FIRST    0x0020
#define FW_CFG_WRITE_CHANNEL 0x4000
#define FW_CFG_ARCH_LOCAL    0x8000
#define FW_CFG_INVALID       0xffff

/* FW_CFG_ID bits. */
#define FW_CFG_VERSION     0x01 /* the traditional port interface */
#define FW_CFG_VERSION_DMA 0x02 /* the DMA interface */

#define FW_CFG_MAX_FILE_NAME 56 /* with the NUL */
#define FW_CFG_MAX_FILES     256

#define FW_CFG_IO_BASE     0x510
#define FW_CFG_DMA_IO_BASE 0x514

typedef struct FWCfgState FWCfgState;

/* Create the device on M's port space at its standard ports. */
FWCfgState *fw_cfg_init_io(Machine *m);

/* Item KEY holds a copy of LEN bytes of DATA (replacing what it held). */
void fw_cfg_add_bytes(FWCfgState *s, uint16_t key, const void *data,
                      size_t len);

/* Item KEY holds VALUE, little-endian, as the fixed items are defined. */
void fw_cfg_add_i16(FWCfgState *s, uint16_t key, uint16_t value);
void fw_cfg_add_i32(FWCfgState *s, uint16_t key, uint32_t value);
void fw_cfg_add_i64(FWCfgState *s, uint16_t key, uint64_t value);

/*
 * A named file holding a copy of LEN bytes of DATA, listed in the file
 * directory (kept sorted by name, as QEMU does).  Returns false with *ERR
 * set to a reason (a name too long or already used, too many files).
 */
bool fw_cfg_add_file(FWCfgState *s, const char *name, const void *data,
                     size_t len, char **err);

#endif /* HW_NVRAM_FW_CFG_H */
