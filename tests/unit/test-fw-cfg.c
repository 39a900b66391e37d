/*
 * Unit tests of the fw_cfg device (hw/nvram/fw_cfg.c) through its ports,
 * as firmware uses it: signature and ID, the sorted file directory, reads
 * through the data port, and DMA transfers into guest RAM (which must be
 * announced to the execution engine through the RAM-write hook, so that
 * code written by DMA is retranslated).
 */
#include <glib.h>
#include <string.h>

#include "hw/nvram/fw_cfg.h"
#include "test-machine.h"

#define DESC_ADDR 0x1000
#define BUF_ADDR  0x2000

/* RAM writes announced to the execution engine since the last setup. */
static uintptr_t announced[16];
static unsigned nb_announced;

static void record_ram_write(uintptr_t host, size_t len)
{
    if (nb_announced < G_N_ELEMENTS(announced)) {
        announced[nb_announced++] = host;
    }
}

typedef struct Fixture {
    MachineConfig cfg;
    Machine *m;
    FWCfgState *fw;
} Fixture;

static void setup(Fixture *f, gconstpointer data)
{
    char *err = NULL;

    machine_config_init(&f->cfg);
    f->cfg.ram_size = 16 << 20;
    f->m = test_machine_new(&f->cfg);
    f->fw = fw_cfg_init_io(f->m);
    g_assert_true(fw_cfg_add_file(f->fw, "opt/zeta", "last", 4, &err));
    g_assert_true(
        fw_cfg_add_file(f->fw, "opt/alpha", "hello, world", 12, &err));
    fw_cfg_add_i64(f->fw, FW_CFG_RAM_SIZE, f->cfg.ram_size);
    nb_announced = 0;
    memory_set_ram_write_hook(record_ram_write);
}

static void teardown(Fixture *f, gconstpointer data)
{
    memory_set_ram_write_hook(NULL);
    machine_config_free(&f->cfg);
}

static void sel(Fixture *f, uint16_t key)
{
    address_space_st(&f->m->as_io, FW_CFG_IO_BASE, 2, key);
}

static uint8_t data_byte(Fixture *f)
{
    uint64_t v;

    address_space_ld(&f->m->as_io, FW_CFG_IO_BASE + 1, 1, &v);
    return v;
}

static void read_bytes(Fixture *f, void *buf, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        ((uint8_t *)buf)[i] = data_byte(f);
    }
}

/* Start the DMA transfer described at DESC_ADDR (two big-endian halves). */
static uint32_t run_dma(Fixture *f, uint32_t control, uint32_t len,
                        uint64_t addr)
{
    uint8_t *d = test_machine_ram(f->m, DESC_ADDR);
    uint32_t be_ctl = GUINT32_TO_BE(control), be_len = GUINT32_TO_BE(len);
    uint64_t be_addr = GUINT64_TO_BE(addr);

    memcpy(d, &be_ctl, 4);
    memcpy(d + 4, &be_len, 4);
    memcpy(d + 8, &be_addr, 8);
    address_space_st(&f->m->as_io, FW_CFG_DMA_IO_BASE, 4, 0);
    address_space_st(&f->m->as_io, FW_CFG_DMA_IO_BASE + 4, 4,
                     GUINT32_TO_BE(DESC_ADDR));
    memcpy(&be_ctl, d, 4);
    return GUINT32_FROM_BE(be_ctl);
}

static void test_signature_and_id(Fixture *f, gconstpointer data)
{
    char sig[4];
    uint32_t id;
    uint64_t ram;
    uint64_t dma_sig;

    sel(f, FW_CFG_SIGNATURE);
    read_bytes(f, sig, 4);
    g_assert_cmpmem(sig, 4, "QEMU", 4);
    sel(f, FW_CFG_ID);
    read_bytes(f, &id, 4);
    g_assert_cmphex(GUINT32_FROM_LE(id), ==, 3);
    sel(f, FW_CFG_RAM_SIZE);
    read_bytes(f, &ram, 8);
    g_assert_cmpuint(GUINT64_FROM_LE(ram), ==, 16 << 20);
    address_space_ld(&f->m->as_io, FW_CFG_DMA_IO_BASE, 8, &dma_sig);
    g_assert_cmpmem(&dma_sig, 8, "QEMU CFG", 8);
}

static void test_directory_is_sorted(Fixture *f, gconstpointer data)
{
    struct {
        uint32_t size;
        uint16_t sel, res;
        char name[56];
    } e[2];
    uint32_t n;
    char buf[16] = "";

    sel(f, FW_CFG_FILE_DIR);
    read_bytes(f, &n, 4);
    g_assert_cmpuint(GUINT32_FROM_BE(n), ==, 2);
    read_bytes(f, e, sizeof(e));
    g_assert_cmpstr(e[0].name, ==, "opt/alpha");
    g_assert_cmpuint(GUINT32_FROM_BE(e[0].size), ==, 12);
    g_assert_cmpuint(GUINT16_FROM_BE(e[0].sel), ==, FW_CFG_FILE_FIRST);
    g_assert_cmpstr(e[1].name, ==, "opt/zeta");
    g_assert_cmpuint(GUINT16_FROM_BE(e[1].sel), ==, FW_CFG_FILE_FIRST + 1);

    sel(f, FW_CFG_FILE_FIRST + 1);
    read_bytes(f, buf, 6);
    g_assert_cmpmem(buf, 6, "last\0\0", 6);
    sel(f, 0x1234);
    g_assert_cmpuint(data_byte(f), ==, 0);
}

static void test_add_file_refuses_bad_names(Fixture *f, gconstpointer data)
{
    char *err = NULL;

    g_assert_false(fw_cfg_add_file(f->fw, "opt/alpha", "x", 1, &err));
    g_assert_nonnull(strstr(err, "used twice"));
    g_clear_pointer(&err, g_free);
    g_assert_false(fw_cfg_add_file(f->fw,
                                   "opt/0123456789012345678901234567"
                                   "89012345678901234567890123",
                                   "x", 1, &err));
    g_assert_nonnull(strstr(err, "longer than 55"));
    g_free(err);
}

static void test_dma_read_reaches_ram_and_engine(Fixture *f, gconstpointer data)
{
    uint8_t *buf = test_machine_ram(f->m, BUF_ADDR);

    memset(buf, 0x55, 32);
    g_assert_cmphex(
        run_dma(f, FW_CFG_FILE_FIRST << 16 | 0x08 | 0x02, 15, BUF_ADDR), ==, 0);
    g_assert_cmpmem(buf, 16, "hello, world\0\0\0\x55", 16);
    g_assert_cmphex(
        run_dma(f, FW_CFG_FILE_FIRST << 16 | 0x08 | 0x04, 7, BUF_ADDR), ==, 0);
    g_assert_cmphex(run_dma(f, 0x02, 5, BUF_ADDR + 64), ==, 0);
    g_assert_cmpmem(buf + 64, 5, "world", 5);
    g_assert_cmpuint(data_byte(f), ==, 0); /* past the 12 bytes */
}

static void test_dma_announces_data_writes(Fixture *f, gconstpointer data)
{
    bool found = false;

    run_dma(f, FW_CFG_FILE_FIRST << 16 | 0x08 | 0x02, 12, BUF_ADDR);
    for (unsigned i = 0; i < nb_announced; i++) {
        found |= announced[i] == (uintptr_t)test_machine_ram(f->m, BUF_ADDR);
    }
    g_assert_true(found);
}

static void test_dma_write_fails_and_bad_addresses_are_safe(Fixture *f,
                                                            gconstpointer data)
{
    g_assert_cmphex(
        run_dma(f, FW_CFG_FILE_FIRST << 16 | 0x08 | 0x10, 4, BUF_ADDR), ==,
        0x01);
    /* A read running past the end of RAM and one into unassigned space
     * drop what does not land in RAM. */
    g_assert_cmphex(run_dma(f, 0x08 | 0x02, 0x100000, (16 << 20) - 8), ==, 0);
    g_assert_cmphex(run_dma(f, 0x02, 64, UINT64_C(0x4000000000)), ==, 0);
    /* A descriptor outside RAM is ignored. */
    address_space_st(&f->m->as_io, FW_CFG_DMA_IO_BASE, 4, GUINT32_TO_BE(1));
    address_space_st(&f->m->as_io, FW_CFG_DMA_IO_BASE + 4, 4, 0);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
#define ADD(name, fn)                                                          \
    g_test_add("/fw_cfg/" name, Fixture, NULL, setup, fn, teardown)
    ADD("signature-id-and-items", test_signature_and_id);
    ADD("directory-is-sorted-by-name", test_directory_is_sorted);
    ADD("bad-file-names-are-refused", test_add_file_refuses_bad_names);
    ADD("dma-read-skip-and-zero-fill", test_dma_read_reaches_ram_and_engine);
    ADD("dma-writes-are-announced-to-the-engine",
        test_dma_announces_data_writes);
    ADD("dma-write-fails-bad-addresses-safe",
        test_dma_write_fails_and_bad_addresses_are_safe);
    return g_test_run();
}
