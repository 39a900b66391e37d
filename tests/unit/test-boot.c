/*
 * Unit tests of the Linux loader (hw/i386/boot.c): a synthetic bzImage
 * with a boot protocol 2.15 header is loaded into a bare machine and the
 * guest RAM is read back as a kernel would see it: boot_params (header,
 * command line, initrd, e820, RSDP), the kernel at its preferred address,
 * the 64-bit page tables and GDT, and the CPU entry state asked for.
 * Malformed images are refused with one message.
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "hw/i386/boot.h"
#include "test-machine.h"

#define SETUP_SECTS  4
#define SETUP_SIZE   ((SETUP_SECTS + 1) * 512)
#define PAYLOAD_SIZE 8192
#define PREF_ADDRESS 0x1000000
#define INIT_SIZE    0x400000
#define RSDP         0xf0000

typedef struct Fixture {
    MachineConfig cfg;
    Machine *m;
    uint8_t image[SETUP_SIZE + PAYLOAD_SIZE];
    char *initrd_path;
    BootEntry entry;
    char *err;
} Fixture;

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = v;
    p[1] = v >> 8;
}

static void put32(uint8_t *p, uint32_t v)
{
    put16(p, v);
    put16(p + 2, v >> 16);
}

static uint16_t get16(const uint8_t *p)
{
    return p[0] | p[1] << 8;
}

static uint32_t get32(const uint8_t *p)
{
    return get16(p) | (uint32_t)get16(p + 2) << 16;
}

static uint64_t get64(const uint8_t *p)
{
    return get32(p) | (uint64_t)get32(p + 4) << 32;
}

static void setup(Fixture *f, gconstpointer data)
{
    uint8_t *h = f->image;
    uint8_t initrd[10000];
    GError *gerr = NULL;
    int fd;

    machine_config_init(&f->cfg);
    f->cfg.ram_size = 64 << 20;
    f->cfg.append = g_strdup("console=ttyS0 panic=-1");
    memset(h, 0, sizeof(f->image));
    h[0x1f1] = SETUP_SECTS;
    put32(h + 0x1f4, PAYLOAD_SIZE / 16);
    put16(h + 0x1fe, 0xaa55);
    h[0x200] = 0xeb;
    h[0x201] = 0x6a; /* header ends at 0x26c */
    memcpy(h + 0x202, "HdrS", 4);
    put16(h + 0x206, 0x020f);
    h[0x211] = 0x01; /* LOADED_HIGH */
    put32(h + 0x214, 0x100000);
    put32(h + 0x22c, 0x37ffffff); /* initrd_addr_max */
    put32(h + 0x230, 0x200000);   /* kernel_alignment */
    h[0x234] = 1;                 /* relocatable */
    put16(h + 0x236, 0x03);       /* XLF_KERNEL_64 | above 4G */
    put32(h + 0x238, 2047);       /* cmdline_size */
    put32(h + 0x258, PREF_ADDRESS);
    put32(h + 0x260, INIT_SIZE);
    for (unsigned i = 0; i < PAYLOAD_SIZE; i++) {
        h[SETUP_SIZE + i] = i * 7 + 3;
    }
    for (unsigned i = 0; i < sizeof(initrd); i++) {
        initrd[i] = i * 13 + 1;
    }
    fd = g_file_open_tmp("test-boot-initrd-XXXXXX", &f->initrd_path, &gerr);
    g_assert_no_error(gerr);
    close(fd);
    g_assert_true(g_file_set_contents(f->initrd_path, (char *)initrd,
                                      sizeof(initrd), &gerr));
    f->cfg.initrd = g_strdup(f->initrd_path);
    f->err = NULL;
}

static void teardown(Fixture *f, gconstpointer data)
{
    g_unlink(f->initrd_path);
    g_free(f->initrd_path);
    g_free(f->err);
    machine_config_free(&f->cfg);
}

static bool load(Fixture *f, size_t len, bool force_32bit)
{
    f->m = test_machine_new(&f->cfg);
    return linux_load(f->m, "bzImage", f->image, len, RSDP, force_32bit,
                      &f->entry, &f->err);
}

static void test_64bit_entry_and_boot_params(Fixture *f, gconstpointer data)
{
    const uint8_t *bp, *gdt;
    uint64_t initrd;

    g_assert_true(load(f, sizeof(f->image), false));
    g_assert_cmpint(f->entry.kind, ==, BOOT_ENTRY_LINUX64);
    g_assert_cmphex(f->entry.eip, ==, PREF_ADDRESS + 0x200);
    bp = test_machine_ram(f->m, f->entry.rsi);
    g_assert_cmpmem(test_machine_ram(f->m, PREF_ADDRESS), PAYLOAD_SIZE,
                    f->image + SETUP_SIZE, PAYLOAD_SIZE);

    /* The setup header is copied, then the loader's fields. */
    g_assert_cmpmem(bp + 0x202, 4, "HdrS", 4);
    g_assert_cmphex(get16(bp + 0x206), ==, 0x020f);
    g_assert_cmphex(get32(bp + 0x260), ==, INIT_SIZE);
    g_assert_cmphex(bp[0x210], ==, 0xff);
    g_assert_cmphex(get16(bp + 0x1fa), ==, 0xffff);
    g_assert_cmpstr((char *)test_machine_ram(f->m, get32(bp + 0x228)), ==,
                    "console=ttyS0 panic=-1");
    g_assert_cmphex(get64(bp + 0x070), ==, RSDP);

    /* The initrd: page-aligned at the top of RAM, its bytes intact. */
    initrd = get32(bp + 0x218) | (uint64_t)get32(bp + 0x0c0) << 32;
    g_assert_cmpuint(get32(bp + 0x21c), ==, 10000);
    g_assert_cmphex(initrd, ==, ((64 << 20) - 10000) & ~0xfff);
    for (unsigned i = 0; i < 10000; i++) {
        g_assert_cmpuint(*test_machine_ram(f->m, initrd + i), ==,
                         (uint8_t)(i * 13 + 1));
    }

    /* e820: RAM below the EBDA, the BIOS area reserved, RAM from 1 MiB to
     * the top, the MMIO below 4 GiB reserved. */
    g_assert_cmpuint(bp[0x1e8], ==, 5);
    g_assert_cmphex(get64(bp + 0x2d0), ==, 0);
    g_assert_cmphex(get64(bp + 0x2d0 + 8), ==, 0x9fc00);
    g_assert_cmpuint(get32(bp + 0x2d0 + 16), ==, 1);
    g_assert_cmphex(get64(bp + 0x2d0 + 40), ==, 0xe0000);
    g_assert_cmpuint(get32(bp + 0x2d0 + 40 + 16), ==, 2);
    g_assert_cmphex(get64(bp + 0x2d0 + 60), ==, 0x100000);
    g_assert_cmphex(get64(bp + 0x2d0 + 68), ==, (64 << 20) - 0x100000);
    g_assert_cmpuint(get32(bp + 0x2d0 + 76), ==, 1);

    /* Page tables map 0-4 GiB 1:1 with 2 MiB pages; the GDT has a 64-bit
     * __BOOT_CS and a flat __BOOT_DS. */
    {
        uint64_t pml4e = get64(test_machine_ram(f->m, f->entry.cr3));
        uint64_t pdpte =
            get64(test_machine_ram(f->m, pml4e & ~0xfffull) + 3 * 8);
        uint64_t pde =
            get64(test_machine_ram(f->m, pdpte & ~0xfffull) + 511 * 8);

        g_assert_cmphex(pml4e & 3, ==, 3);
        g_assert_cmphex(pde, ==, (UINT64_C(4) << 30) - (2 << 20) + 0x83);
    }
    gdt = test_machine_ram(f->m, f->entry.gdt_base);
    g_assert_cmpuint(f->entry.gdt_limit, >=, 0x1f);
    g_assert_cmphex(get64(gdt + LINUX_BOOT_CS) >> 53 & 1, ==, 1); /* L */
    g_assert_cmphex(get64(gdt + LINUX_BOOT_DS), ==,
                    UINT64_C(0x00cf93000000ffff));
}

static void test_32bit_entry(Fixture *f, gconstpointer data)
{
    const uint8_t *gdt;

    put16(f->image + 0x236, 0);
    g_assert_true(load(f, sizeof(f->image), false));
    g_assert_cmpint(f->entry.kind, ==, BOOT_ENTRY_LINUX32);
    g_assert_cmphex(f->entry.eip, ==, PREF_ADDRESS);
    gdt = test_machine_ram(f->m, f->entry.gdt_base);
    g_assert_cmphex(get64(gdt + LINUX_BOOT_CS), ==,
                    UINT64_C(0x00cf9b000000ffff));
}

static void test_forced_32bit_entry(Fixture *f, gconstpointer data)
{
    g_assert_true(load(f, sizeof(f->image), true));
    g_assert_cmpint(f->entry.kind, ==, BOOT_ENTRY_LINUX32);
}

static void test_not_relocatable_loads_at_1mib(Fixture *f, gconstpointer data)
{
    f->image[0x234] = 0;
    g_assert_true(load(f, sizeof(f->image), false));
    g_assert_cmphex(f->entry.eip, ==, 0x100000 + 0x200);
    g_assert_cmpmem(test_machine_ram(f->m, 0x100000), 64, f->image + SETUP_SIZE,
                    64);
}

static void test_initrd_below_initrd_addr_max(Fixture *f, gconstpointer data)
{
    const uint8_t *bp;

    put32(f->image + 0x22c, 0x27fffff);
    g_assert_true(load(f, sizeof(f->image), false));
    bp = test_machine_ram(f->m, f->entry.rsi);
    g_assert_cmphex(get32(bp + 0x218) + 10000, <=, 0x2800000);
    g_assert_cmphex(get32(bp + 0x218), ==, (0x2800000 - 10000) & ~0xfff);
}

static void expect_refused(Fixture *f, size_t len, const char *what)
{
    g_assert_false(load(f, len, false));
    if (!strstr(f->err, what)) {
        g_error("error '%s' does not say '%s'", f->err, what);
    }
    g_assert_null(strchr(f->err, '\n'));
}

static void test_truncated_image(Fixture *f, gconstpointer data)
{
    expect_refused(f, sizeof(f->image) - 16, "truncated");
}

static void test_truncated_header(Fixture *f, gconstpointer data)
{
    expect_refused(f, 0x240, "truncated or malformed Linux boot header");
}

static void test_old_protocol(Fixture *f, gconstpointer data)
{
    put16(f->image + 0x206, 0x0205);
    expect_refused(f, sizeof(f->image), "protocol 2.05 is too old");
}

static void test_command_line_too_long(Fixture *f, gconstpointer data)
{
    put32(f->image + 0x238, 10);
    expect_refused(f, sizeof(f->image), "the kernel accepts at most 10");
}

static void test_kernel_too_big_for_ram(Fixture *f, gconstpointer data)
{
    put32(f->image + 0x260, 80 << 20);
    expect_refused(f, sizeof(f->image), "use a larger -m");
}

static void test_initrd_does_not_fit(Fixture *f, gconstpointer data)
{
    put32(f->image + 0x22c, PREF_ADDRESS + INIT_SIZE + 4096);
    expect_refused(f, sizeof(f->image), "-initrd");
}

static void test_missing_initrd(Fixture *f, gconstpointer data)
{
    g_free(f->cfg.initrd);
    f->cfg.initrd = g_strdup("/nonexistent/initrd");
    expect_refused(f, sizeof(f->image), "-initrd /nonexistent/initrd: No such");
}

static void test_e820_with_pci_hole(void)
{
    MachineConfig cfg;
    Machine *m;
    E820Entry e[E820_MAX_ENTRIES];
    unsigned n;

    machine_config_init(&cfg);
    cfg.ram_size = UINT64_C(5) << 30;
    m = test_machine_new(&cfg);
    n = pc_e820_table(m, e);
    g_assert_cmpuint(n, ==, 6);
    g_assert_cmphex(e[3].addr + e[3].size, ==, UINT64_C(0xc0000000));
    g_assert_cmpuint(e[4].type, ==, E820_RESERVED);
    g_assert_cmphex(e[5].addr, ==, UINT64_C(1) << 32);
    g_assert_cmphex(e[5].size, ==, UINT64_C(2) << 30);
    for (unsigned i = 1; i < n; i++) {
        g_assert_cmphex(e[i - 1].addr + e[i - 1].size, <=, e[i].addr);
    }
    machine_config_free(&cfg);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
#define ADD(name, fn)                                                          \
    g_test_add("/boot/" name, Fixture, NULL, setup, fn, teardown)
    ADD("64bit-entry-and-boot-params", test_64bit_entry_and_boot_params);
    ADD("32bit-entry-without-xlf-kernel-64", test_32bit_entry);
    ADD("32bit-entry-when-forced", test_forced_32bit_entry);
    ADD("not-relocatable-loads-at-1mib", test_not_relocatable_loads_at_1mib);
    ADD("initrd-below-initrd-addr-max", test_initrd_below_initrd_addr_max);
    ADD("truncated-image-refused", test_truncated_image);
    ADD("truncated-header-refused", test_truncated_header);
    ADD("old-protocol-refused", test_old_protocol);
    ADD("long-command-line-refused", test_command_line_too_long);
    ADD("kernel-too-big-for-ram-refused", test_kernel_too_big_for_ram);
    ADD("initrd-that-does-not-fit-refused", test_initrd_does_not_fit);
    ADD("missing-initrd-refused", test_missing_initrd);
    g_test_add_func("/boot/e820-with-pci-hole", test_e820_with_pci_hole);
    return g_test_run();
}
