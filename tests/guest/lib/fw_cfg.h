/*
 * The fw_cfg device from a guest test (QEMU's docs/specs/fw_cfg.rst):
 * selecting and reading items through the ports, finding a file in the
 * directory, and reading through the DMA interface.  The same code runs on
 * QEMU and on Peregrine.
 */
#ifndef GUEST_FW_CFG_H
#define GUEST_FW_CFG_H

#include <stdint.h>

#include "guest.h"

#define FW_CFG_PORT_SEL  0x510
#define FW_CFG_PORT_DATA 0x511
#define FW_CFG_PORT_DMA  0x514

#define FW_CFG_SIGNATURE 0x0000
#define FW_CFG_ID        0x0001
#define FW_CFG_FILE_DIR  0x0019

#define FW_CFG_DMA_CTL_ERROR  0x01
#define FW_CFG_DMA_CTL_READ   0x02
#define FW_CFG_DMA_CTL_SKIP   0x04
#define FW_CFG_DMA_CTL_SELECT 0x08

static inline void outw(uint16_t port, uint16_t v)
{
    __asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outl(uint16_t port, uint32_t v)
{
    /* "memory": the DMA descriptor must be in RAM before the write. */
    __asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port) : "memory");
}

static inline uint32_t bswap32(uint32_t v)
{
    return __builtin_bswap32(v);
}

static inline void fw_cfg_select(uint16_t key)
{
    outw(FW_CFG_PORT_SEL, key);
}

static inline void fw_cfg_read(void *buf, uint32_t len)
{
    uint8_t *p = buf;

    while (len--) {
        *p++ = inb(FW_CFG_PORT_DATA);
    }
}

/* Big-endian 32-bit value read from the data port. */
static inline uint32_t fw_cfg_read_be32(void)
{
    uint32_t v;

    fw_cfg_read(&v, 4);
    return bswap32(v);
}

/*
 * Look NAME up in the file directory: its selector, and *SIZE; 0 if it
 * is not there.
 */
static inline uint16_t fw_cfg_find_file(const char *name, uint32_t *size)
{
    uint32_t n;

    fw_cfg_select(FW_CFG_FILE_DIR);
    n = fw_cfg_read_be32();
    for (uint32_t i = 0; i < n; i++) {
        struct {
            uint32_t size;
            uint16_t select, reserved;
            char name[56];
        } e;
        int j = 0;

        fw_cfg_read(&e, sizeof(e));
        while (j < 56 && name[j] && e.name[j] == name[j]) {
            j++;
        }
        if (j < 56 && name[j] == 0 && e.name[j] == 0) {
            *size = bswap32(e.size);
            return (uint16_t)((e.select >> 8) | (e.select << 8));
        }
    }
    return 0;
}

struct fw_cfg_dma_access {
    uint32_t control, length;
    uint64_t address;
} __attribute__((packed, aligned(16)));

/*
 * One DMA transfer of LEN bytes into BUF with CONTROL (select/read/skip
 * bits, the selector in the upper 16 bits); returns the control word the
 * device left (0 on success).
 */
static inline uint32_t fw_cfg_dma(uint32_t control, void *buf, uint32_t len)
{
    static struct fw_cfg_dma_access acc;
    volatile uint32_t *ctl = &acc.control;

    acc.control = bswap32(control);
    acc.length = bswap32(len);
    acc.address = (uint64_t)bswap32((uint32_t)(uintptr_t)buf) << 32;
    outl(FW_CFG_PORT_DMA, 0);
    outl(FW_CFG_PORT_DMA + 4, bswap32((uint32_t)(uintptr_t)&acc));
    while (bswap32(*ctl) & ~FW_CFG_DMA_CTL_ERROR) {
    }
    return bswap32(*ctl);
}

#endif /* GUEST_FW_CFG_H */
