/*
 * The fw_cfg device as firmware and guests use it (QEMU's
 * docs/specs/fw_cfg.rst): signature and ID through the ports, the DMA
 * register's signature, the file directory with the -fw_cfg files the
 * runner passes (opt/peregrine/greeting = "hello from fw_cfg"), reading a
 * file through the data port and through DMA (select, skip, read, zeroes
 * past the end).
 */
#include "fw_cfg.h"

#define GREETING     "hello from fw_cfg"
#define GREETING_LEN (sizeof(GREETING) - 1)

static int equal(const void *a, const void *b, uint32_t n)
{
    const uint8_t *x = a, *y = b;

    for (uint32_t i = 0; i < n; i++) {
        if (x[i] != y[i]) {
            return 0;
        }
    }
    return 1;
}

static void check_ports(void)
{
    char sig[4];
    uint32_t id;
    uint8_t dma_sig[8];

    fw_cfg_select(FW_CFG_SIGNATURE);
    fw_cfg_read(sig, 4);
    check(equal(sig, "QEMU", 4), "signature item reads QEMU");
    fw_cfg_select(FW_CFG_ID);
    fw_cfg_read(&id, 4);
    check((id & 3) == 3, "ID has the traditional and the DMA interface bits");
    for (int i = 0; i < 8; i++) {
        dma_sig[i] = inb(FW_CFG_PORT_DMA + i);
    }
    check(equal(dma_sig, "QEMU CFG", 8), "DMA register reads QEMU CFG");
}

static void check_file(void)
{
    uint32_t size = 0;
    uint16_t sel = fw_cfg_find_file("opt/peregrine/greeting", &size);
    char buf[32];
    uint8_t tail[4];
    uint32_t ctl;

    check(sel >= 0x20, "directory lists opt/peregrine/greeting");
    check(size == GREETING_LEN, "directory gives the file's size");
    fw_cfg_select(sel);
    fw_cfg_read(buf, GREETING_LEN);
    check(equal(buf, GREETING, GREETING_LEN), "port read gives the contents");
    fw_cfg_read(tail, 4);
    check(tail[0] == 0 && tail[3] == 0, "port reads past the end give 0");

    for (unsigned i = 0; i < sizeof(buf); i++) {
        buf[i] = 0x55;
    }
    ctl = fw_cfg_dma((uint32_t)sel << 16 | FW_CFG_DMA_CTL_SELECT
                         | FW_CFG_DMA_CTL_READ,
                     buf, GREETING_LEN + 3);
    check(ctl == 0, "DMA select+read completes without error");
    check(equal(buf, GREETING, GREETING_LEN), "DMA read gives the contents");
    check(buf[GREETING_LEN] == 0 && buf[GREETING_LEN + 2] == 0
              && buf[GREETING_LEN + 3] == 0x55,
          "DMA read past the end writes zeroes, and no more than asked");

    ctl = fw_cfg_dma((uint32_t)sel << 16 | FW_CFG_DMA_CTL_SELECT
                         | FW_CFG_DMA_CTL_SKIP,
                     buf, 7);
    ctl |= fw_cfg_dma(FW_CFG_DMA_CTL_READ, buf, 5);
    check(ctl == 0 && equal(buf, "rom f", 5), "DMA skip then read");
    check(inb(FW_CFG_PORT_DATA) == 'w', "the port continues where DMA stopped");
}

int guest_main(uint32_t magic, uint32_t info)
{
    check(magic == MULTIBOOT_BOOTLOADER_MAGIC, "multiboot magic in eax");
    check_ports();
    check_file();
    return failures;
}
