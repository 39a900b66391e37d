/*
 * Unit tests of the memory API (softmmu/memory.c): dispatch to RAM, ROM and
 * devices, overlap and priority, aliases, access-size adaptation,
 * unassigned and rejected accesses, and the port-I/O space.
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "exec/memory.h"
#include "util/log.h"

/* -- A device that records every callback ------------------------------- */

typedef struct Access {
    hwaddr addr;
    unsigned size;
    uint64_t val;
    bool is_write;
} Access;

/* Registers repeat every 64 bytes of the region, like a partly decoded bus. */
typedef struct RecDev {
    uint8_t regs[64]; /* backing bytes, little-endian */
    Access log[64];
    unsigned nb_log;
} RecDev;

static uint64_t rec_read(void *opaque, hwaddr addr, unsigned size)
{
    RecDev *d = opaque;
    hwaddr reg = addr % sizeof(d->regs);
    uint64_t v = 0;

    g_assert_cmpuint(reg + size, <=, sizeof(d->regs));
    memcpy(&v, &d->regs[reg], size);
    g_assert_cmpuint(d->nb_log, <, G_N_ELEMENTS(d->log));
    d->log[d->nb_log++] = (Access){addr, size, v, false};
    return v;
}

static void rec_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    RecDev *d = opaque;
    hwaddr reg = addr % sizeof(d->regs);

    g_assert_cmpuint(reg + size, <=, sizeof(d->regs));
    memcpy(&d->regs[reg], &val, size);
    g_assert_cmpuint(d->nb_log, <, G_N_ELEMENTS(d->log));
    d->log[d->nb_log++] = (Access){addr, size, val, true};
}

static void rec_init(RecDev *d)
{
    memset(d, 0, sizeof(*d));
    for (unsigned i = 0; i < sizeof(d->regs); i++) {
        d->regs[i] = 0x10 + i;
    }
}

static const MemoryRegionOps ops_any = {
    .read = rec_read,
    .write = rec_write,
    .valid = {.min_size = 1, .max_size = 8, .unaligned = true},
    .impl = {.min_size = 1, .max_size = 8, .unaligned = true},
};

static const MemoryRegionOps ops_bytes = {
    .read = rec_read,
    .write = rec_write,
    .valid = {.min_size = 1, .max_size = 8, .unaligned = true},
    .impl = {.min_size = 1, .max_size = 1},
};

static const MemoryRegionOps ops_dwords = {
    .read = rec_read,
    .write = rec_write,
    .valid = {.min_size = 1, .max_size = 8, .unaligned = true},
    .impl = {.min_size = 4, .max_size = 4},
};

static const MemoryRegionOps ops_strict32 = {
    .read = rec_read,
    .write = rec_write,
    .valid = {.min_size = 4, .max_size = 4},
    .impl = {.min_size = 4, .max_size = 4},
};

/* A system space of 1 MiB with nothing in it, for each test to fill. */
typedef struct Fixture {
    MemoryRegion root;
    AddressSpace as;
} Fixture;

static void fixture_init(Fixture *f, uint64_t size)
{
    memory_region_init(&f->root, "system", size);
    address_space_init(&f->as, &f->root, "memory");
}

static void fixture_fini(Fixture *f)
{
    address_space_destroy(&f->as);
    memory_region_destroy(&f->root);
}

static uint64_t ld(Fixture *f, hwaddr addr, unsigned size)
{
    uint64_t v = 0xdeadbeef;

    g_assert_cmpint(address_space_ld(&f->as, addr, size, &v), ==, MEMTX_OK);
    return v;
}

static void st(Fixture *f, hwaddr addr, unsigned size, uint64_t val)
{
    g_assert_cmpint(address_space_st(&f->as, addr, size, val), ==, MEMTX_OK);
}

/* -- RAM and ROM -------------------------------------------------------- */

static void test_ram_host_pointer_is_one_add(void)
{
    Fixture f;
    MemoryRegion ram;
    hwaddr len = 0x1000;
    uint8_t *p;

    fixture_init(&f, 1 << 20);
    g_assert_true(memory_region_init_ram(&ram, "ram", 0x10000));
    memory_region_add_subregion(&f.root, 0x20000, &ram);

    st(&f, 0x20010, 4, 0x11223344);
    p = address_space_map(&f.as, 0x20010, &len, true);
    g_assert_true(p == memory_region_get_host(&ram) + 0x10);
    g_assert_cmpuint(len, ==, 0x1000);
    g_assert_cmphex(p[0], ==, 0x44);
    g_assert_cmphex(ld(&f, 0x20011, 2), ==, 0x2233);
    g_assert_cmphex(ld(&f, 0x20010, 8), ==, 0x11223344);

    /* *len is cut at the end of the RAM range. */
    len = 0x100000;
    p = address_space_map(&f.as, 0x2fff0, &len, false);
    g_assert_nonnull(p);
    g_assert_cmpuint(len, ==, 0x10);

    memory_region_del_subregion(&f.root, &ram);
    memory_region_destroy(&ram);
    fixture_fini(&f);
}

static void test_rom_write_is_dropped(void)
{
    Fixture f;
    MemoryRegion rom;
    hwaddr len = 16;
    const uint8_t image[4] = {0xea, 0x5b, 0xe0, 0x00};

    fixture_init(&f, 1 << 20);
    g_assert_true(memory_region_init_rom(&rom, "bios", 0x10000));
    memory_region_add_subregion(&f.root, 0xf0000, &rom);

    g_assert_cmpint(address_space_write_rom(&f.as, 0xffff0, image, 4), ==,
                    MEMTX_OK);
    g_assert_cmphex(ld(&f, 0xffff0, 4), ==, 0x00e05bea);
    g_assert_cmpint(address_space_st(&f.as, 0xffff0, 4, 0), ==, MEMTX_READONLY);
    g_assert_cmphex(ld(&f, 0xffff0, 4), ==, 0x00e05bea);
    g_assert_null(address_space_map(&f.as, 0xffff0, &len, true));
    g_assert_nonnull(address_space_map(&f.as, 0xffff0, &len, false));

    memory_region_del_subregion(&f.root, &rom);
    memory_region_destroy(&rom);
    fixture_fini(&f);
}

static void test_readonly_ram_keeps_contents(void)
{
    Fixture f;
    MemoryRegion ram;

    fixture_init(&f, 1 << 20);
    g_assert_true(memory_region_init_ram(&ram, "ram", 0x1000));
    memory_region_add_subregion(&f.root, 0, &ram);
    st(&f, 0x10, 4, 0xcafef00d);
    memory_region_set_readonly(&ram, true);
    g_assert_cmpint(address_space_st(&f.as, 0x10, 4, 1), ==, MEMTX_READONLY);
    g_assert_cmphex(ld(&f, 0x10, 4), ==, 0xcafef00d);
    memory_region_set_readonly(&ram, false);
    st(&f, 0x10, 4, 1);
    g_assert_cmphex(ld(&f, 0x10, 4), ==, 1);

    memory_region_del_subregion(&f.root, &ram);
    memory_region_destroy(&ram);
    fixture_fini(&f);
}

/* -- Device dispatch ---------------------------------------------------- */

static void test_io_gets_offset_inside_region(void)
{
    Fixture f;
    MemoryRegion io;
    RecDev d;

    rec_init(&d);
    fixture_init(&f, 1 << 20);
    memory_region_init_io(&io, "dev", &ops_any, &d, 0x40);
    memory_region_add_subregion(&f.root, 0x1000, &io);

    st(&f, 0x1008, 4, 0xa1b2c3d4);
    g_assert_cmpuint(d.nb_log, ==, 1);
    g_assert_cmphex(d.log[0].addr, ==, 8);
    g_assert_cmpuint(d.log[0].size, ==, 4);
    g_assert_true(d.log[0].is_write);
    g_assert_cmphex(ld(&f, 0x1008, 8), ==, 0x1f1e1d1ca1b2c3d4);
    g_assert_cmpuint(d.nb_log, ==, 2);
    g_assert_cmpuint(d.log[1].size, ==, 8);

    memory_region_del_subregion(&f.root, &io);
    fixture_fini(&f);
}

static void test_wide_access_split_for_byte_device(void)
{
    Fixture f;
    MemoryRegion io;
    RecDev d;

    rec_init(&d);
    fixture_init(&f, 1 << 20);
    memory_region_init_io(&io, "dev", &ops_bytes, &d, 0x40);
    memory_region_add_subregion(&f.root, 0, &io);

    g_assert_cmphex(ld(&f, 4, 4), ==, 0x17161514);
    g_assert_cmpuint(d.nb_log, ==, 4);
    for (unsigned i = 0; i < 4; i++) {
        g_assert_cmphex(d.log[i].addr, ==, 4 + i);
        g_assert_cmpuint(d.log[i].size, ==, 1);
    }
    d.nb_log = 0;
    st(&f, 8, 8, 0x0807060504030201);
    g_assert_cmpuint(d.nb_log, ==, 8);
    g_assert_cmphex(d.log[7].addr, ==, 15);
    g_assert_cmphex(d.log[7].val, ==, 0x08);

    memory_region_del_subregion(&f.root, &io);
    fixture_fini(&f);
}

static void test_narrow_access_widened_for_dword_device(void)
{
    Fixture f;
    MemoryRegion io;
    RecDev d;

    rec_init(&d);
    fixture_init(&f, 1 << 20);
    memory_region_init_io(&io, "dev", &ops_dwords, &d, 0x40);
    memory_region_add_subregion(&f.root, 0, &io);

    /* A byte read at 6 reads the dword at 4 and picks byte 2 of it. */
    g_assert_cmphex(ld(&f, 6, 1), ==, 0x16);
    g_assert_cmpuint(d.nb_log, ==, 1);
    g_assert_cmphex(d.log[0].addr, ==, 4);
    g_assert_cmpuint(d.log[0].size, ==, 4);

    /* A qword is two dwords, low address first. */
    d.nb_log = 0;
    g_assert_cmphex(ld(&f, 8, 8), ==, 0x1f1e1d1c1b1a1918);
    g_assert_cmpuint(d.nb_log, ==, 2);
    g_assert_cmphex(d.log[0].addr, ==, 8);
    g_assert_cmphex(d.log[1].addr, ==, 12);

    /* An unaligned word across a dword boundary touches both dwords. */
    d.nb_log = 0;
    g_assert_cmphex(ld(&f, 3, 2), ==, 0x1413);
    g_assert_cmpuint(d.nb_log, ==, 2);

    /* A narrow write is widened, with the value in the right lane. */
    d.nb_log = 0;
    st(&f, 0x21, 1, 0xab);
    g_assert_cmpuint(d.nb_log, ==, 1);
    g_assert_cmphex(d.log[0].addr, ==, 0x20);
    g_assert_cmphex(d.log[0].val, ==, 0xab00);

    memory_region_del_subregion(&f.root, &io);
    fixture_fini(&f);
}

static void test_invalid_size_rejected_and_logged(void)
{
    Fixture f;
    MemoryRegion io;
    RecDev d;
    uint64_t v = 0;
    g_autofree char *path = NULL;
    g_autofree char *text = NULL;
    int fd = g_file_open_tmp("peregrine-log-XXXXXX", &path, NULL);

    g_assert_cmpint(fd, >=, 0);
    close(fd);
    g_assert_true(log_set_file(path));
    g_assert_true(log_set_items("guest_errors", &(char *){NULL}));

    rec_init(&d);
    fixture_init(&f, 1 << 20);
    memory_region_init_io(&io, "strict", &ops_strict32, &d, 0x40);
    memory_region_add_subregion(&f.root, 0, &io);

    g_assert_cmpint(address_space_ld(&f.as, 4, 2, &v), ==, MEMTX_REJECTED);
    g_assert_cmphex(v, ==, 0xffff);
    g_assert_cmpint(address_space_ld(&f.as, 2, 4, &v), ==, MEMTX_REJECTED);
    g_assert_cmpint(address_space_st(&f.as, 4, 1, 0), ==, MEMTX_REJECTED);
    g_assert_cmpuint(d.nb_log, ==, 0);
    g_assert_cmphex(ld(&f, 4, 4), ==, 0x17161514);

    log_close();
    log_mask = 0;
    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    g_assert_nonnull(strstr(text, "strict: invalid read of 2 bytes at "
                                  "offset 0x4"));
    g_assert_nonnull(strstr(text, "strict: invalid write of 1 bytes"));
    g_unlink(path);

    memory_region_del_subregion(&f.root, &io);
    fixture_fini(&f);
}

/* -- Unassigned accesses ------------------------------------------------ */

static void test_unassigned_reads_ones_and_logs(void)
{
    Fixture f;
    MemoryRegion ram;
    uint64_t v;
    uint8_t buf[6];
    g_autofree char *path = NULL;
    g_autofree char *text = NULL;
    int fd = g_file_open_tmp("peregrine-log-XXXXXX", &path, NULL);

    g_assert_cmpint(fd, >=, 0);
    close(fd);
    g_assert_true(log_set_file(path));
    g_assert_true(log_set_items("unimp", &(char *){NULL}));

    fixture_init(&f, 1 << 20);
    g_assert_true(memory_region_init_ram(&ram, "ram", 0x1000));
    memory_region_add_subregion(&f.root, 0x1000, &ram);

    static const unsigned sizes[] = {1, 2, 4, 8};
    for (unsigned i = 0; i < G_N_ELEMENTS(sizes); i++) {
        v = 0;
        g_assert_cmpint(address_space_ld(&f.as, 0x8000, sizes[i], &v), ==,
                        MEMTX_UNASSIGNED);
        g_assert_cmphex(v, ==,
                        sizes[i] == 8 ? UINT64_MAX
                                      : (UINT64_C(1) << (sizes[i] * 8)) - 1);
    }
    g_assert_cmpint(address_space_st(&f.as, 0x8000, 4, 0x1234), ==,
                    MEMTX_UNASSIGNED);

    /* Straddling RAM's end: RAM bytes read, the rest is all ones. */
    st(&f, 0x1ffe, 2, 0x5a5a);
    g_assert_cmpint(address_space_ld(&f.as, 0x1ffe, 4, &v), ==,
                    MEMTX_UNASSIGNED);
    g_assert_cmphex(v, ==, 0xffff5a5a);

    /* A buffer read across the hole. */
    g_assert_cmpint(address_space_read(&f.as, 0x1ffc, buf, 6), ==,
                    MEMTX_UNASSIGNED);
    g_assert_cmphex(buf[2], ==, 0x5a);
    g_assert_cmphex(buf[4], ==, 0xff);
    g_assert_cmphex(buf[5], ==, 0xff);

    log_close();
    log_mask = 0;
    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    g_assert_nonnull(strstr(text, "memory: unassigned read of 8 bytes at "
                                  "0x8000"));
    g_assert_nonnull(strstr(text, "memory: unassigned write of 4 bytes at "
                                  "0x8000 value 0x1234"));
    g_unlink(path);

    memory_region_del_subregion(&f.root, &ram);
    memory_region_destroy(&ram);
    fixture_fini(&f);
}

static void test_unassigned_is_silent_without_log_item(void)
{
    Fixture f;
    uint64_t v;
    g_autofree char *path = NULL;
    g_autofree char *text = NULL;
    int fd = g_file_open_tmp("peregrine-log-XXXXXX", &path, NULL);

    close(fd);
    g_assert_true(log_set_file(path));
    fixture_init(&f, 1 << 20);
    g_assert_cmpint(address_space_ld(&f.as, 0x10, 4, &v), ==, MEMTX_UNASSIGNED);
    log_close();
    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    g_assert_cmpstr(text, ==, "");
    g_unlink(path);
    fixture_fini(&f);
}

/* -- Overlap, priority and aliases -------------------------------------- */

static void test_higher_priority_hides_lower(void)
{
    Fixture f;
    MemoryRegion ram, io;
    RecDev d;

    rec_init(&d);
    fixture_init(&f, 1 << 20);
    g_assert_true(memory_region_init_ram(&ram, "ram", 0x10000));
    memory_region_init_io(&io, "window", &ops_any, &d, 0x1000);
    memory_region_add_subregion(&f.root, 0, &ram);
    memory_region_add_subregion_overlap(&f.root, 0x4000, &io, 1);

    st(&f, 0x3ffc, 4, 0x01020304);
    g_assert_cmphex(ld(&f, 0x4000, 1), ==, 0x10); /* device */
    g_assert_cmphex(ld(&f, 0x5000, 1), ==, 0);    /* RAM again */
    g_assert_cmpuint(f.as.nb_ranges, ==, 3);

    /* Disabling the device uncovers the RAM beneath. */
    memory_region_set_enabled(&io, false);
    g_assert_cmphex(ld(&f, 0x4000, 1), ==, 0);
    g_assert_cmpuint(f.as.nb_ranges, ==, 1);
    memory_region_set_enabled(&io, true);

    /* Moving the device moves the hole in the RAM. */
    memory_region_set_address(&io, 0x8000);
    g_assert_cmphex(ld(&f, 0x8001, 1), ==, 0x11);
    g_assert_cmphex(ld(&f, 0x4000, 1), ==, 0);

    memory_region_del_subregion(&f.root, &io);
    memory_region_del_subregion(&f.root, &ram);
    memory_region_destroy(&ram);
    fixture_fini(&f);
}

static void test_lower_priority_does_not_hide(void)
{
    Fixture f;
    MemoryRegion ram, io;
    RecDev d;

    rec_init(&d);
    fixture_init(&f, 1 << 20);
    g_assert_true(memory_region_init_ram(&ram, "ram", 0x10000));
    memory_region_init_io(&io, "background", &ops_any, &d, 0x100000);
    memory_region_add_subregion_overlap(&f.root, 0, &io, -1);
    memory_region_add_subregion(&f.root, 0, &ram);

    g_assert_cmphex(ld(&f, 0x100, 1), ==, 0);      /* RAM */
    g_assert_cmphex(ld(&f, 0x10000, 1), ==, 0x10); /* device */
    g_assert_cmpuint(d.nb_log, ==, 1);
    g_assert_cmphex(d.log[0].addr, ==, 0x10000);

    memory_region_del_subregion(&f.root, &ram);
    memory_region_del_subregion(&f.root, &io);
    memory_region_destroy(&ram);
    fixture_fini(&f);
}

/* PC-style PAM: one 16 KiB segment switches between RAM and the BIOS ROM. */
static void test_pam_style_switch_between_ram_and_rom(void)
{
    Fixture f;
    MemoryRegion ram, rom, shadow;
    static const uint8_t rom_bytes[4] = {'R', 'O', 'M', '!'};

    fixture_init(&f, 1 << 20);
    g_assert_true(memory_region_init_ram(&ram, "ram", 1 << 20));
    g_assert_true(memory_region_init_rom(&rom, "bios", 0x20000));
    memory_region_init_alias(&shadow, "pam-e0000", &ram, 0xe0000, 0x4000);
    memory_region_add_subregion(&f.root, 0, &ram);
    memory_region_add_subregion_overlap(&f.root, 0xe0000, &rom, 1);
    memory_region_add_subregion_overlap(&f.root, 0xe0000, &shadow, 2);
    memory_region_set_enabled(&shadow, false);
    memcpy(memory_region_get_host(&rom), rom_bytes, 4);

    g_assert_cmphex(ld(&f, 0xe0000, 4), ==, 0x214d4f52); /* ROM */
    memory_region_set_enabled(&shadow, true);            /* RAM, r/w */
    g_assert_cmphex(ld(&f, 0xe0000, 4), ==, 0);
    st(&f, 0xe0000, 4, 0x12345678);
    memory_region_set_enabled(&shadow, false);
    g_assert_cmphex(ld(&f, 0xe0000, 4), ==, 0x214d4f52);
    memory_region_set_enabled(&shadow, true);
    g_assert_cmphex(ld(&f, 0xe0000, 4), ==, 0x12345678);
    /* The segment after the shadowed one still shows the ROM. */
    g_assert_cmphex(ld(&f, 0xe4000, 1), ==, 0);

    memory_region_transaction_begin();
    memory_region_del_subregion(&f.root, &shadow);
    memory_region_del_subregion(&f.root, &rom);
    memory_region_del_subregion(&f.root, &ram);
    memory_region_transaction_commit();
    memory_region_destroy(&rom);
    memory_region_destroy(&ram);
    fixture_fini(&f);
}

/* PC-style A20: with the gate off, the odd megabytes alias the even ones. */
static void test_a20_alias_wraps_megabyte(void)
{
    Fixture f;
    MemoryRegion ram, a20;

    fixture_init(&f, 1 << 22);
    g_assert_true(memory_region_init_ram(&ram, "ram", 1 << 22));
    memory_region_init_alias(&a20, "a20-mask", &ram, 0, 1 << 20);
    memory_region_add_subregion(&f.root, 0, &ram);
    memory_region_add_subregion_overlap(&f.root, 1 << 20, &a20, 1);

    st(&f, 0x10, 4, 0xa20a20);
    g_assert_cmphex(ld(&f, 0x100010, 4), ==, 0xa20a20);
    memory_region_set_enabled(&a20, false);
    g_assert_cmphex(ld(&f, 0x100010, 4), ==, 0);

    memory_region_del_subregion(&f.root, &a20);
    memory_region_del_subregion(&f.root, &ram);
    memory_region_destroy(&ram);
    fixture_fini(&f);
}

static void test_alias_offset_and_nested_container(void)
{
    Fixture f;
    MemoryRegion ram, below, above, pci;
    RecDev d;

    rec_init(&d);
    fixture_init(&f, UINT64_C(1) << 36);
    /* One RAM block of 5 GiB mapped as the PC does: 3 GiB low, rest >4G. */
    g_assert_true(memory_region_init_ram(&ram, "pc.ram", UINT64_C(5) << 30));
    memory_region_init_alias(&below, "ram-below-4g", &ram, 0,
                             UINT64_C(3) << 30);
    memory_region_init_alias(&above, "ram-above-4g", &ram, UINT64_C(3) << 30,
                             UINT64_C(2) << 30);
    memory_region_init(&pci, "pci", UINT64_C(1) << 30);
    memory_region_add_subregion(&f.root, 0, &below);
    memory_region_add_subregion(&f.root, UINT64_C(4) << 30, &above);
    memory_region_add_subregion_overlap(&f.root, UINT64_C(3) << 30, &pci, -1);

    MemoryRegion bar;
    memory_region_init_io(&bar, "bar0", &ops_any, &d, 0x40);
    memory_region_add_subregion(&pci, 0x1000, &bar);

    st(&f, (UINT64_C(4) << 30) + 8, 8, 0x4444444444444444);
    g_assert_cmphex(
        *(uint64_t *)(memory_region_get_host(&ram) + (UINT64_C(3) << 30) + 8),
        ==, 0x4444444444444444);
    g_assert_cmphex(ld(&f, (UINT64_C(3) << 30) + 0x1004, 1), ==, 0x14);
    g_assert_cmphex(d.log[0].addr, ==, 4);

    memory_region_del_subregion(&pci, &bar);
    memory_region_del_subregion(&f.root, &pci);
    memory_region_destroy(&pci);
    memory_region_del_subregion(&f.root, &above);
    memory_region_del_subregion(&f.root, &below);
    memory_region_destroy(&ram);
    fixture_fini(&f);
}

static void test_container_clips_its_subregions(void)
{
    Fixture f;
    MemoryRegion box, ram;

    fixture_init(&f, 1 << 20);
    memory_region_init(&box, "box", 0x1000);
    g_assert_true(memory_region_init_ram(&ram, "ram", 0x4000));
    memory_region_add_subregion(&box, 0x800, &ram);
    memory_region_add_subregion(&f.root, 0x10000, &box);

    g_assert_cmpuint(f.as.nb_ranges, ==, 1);
    g_assert_cmphex(f.as.ranges[0].start, ==, 0x10800);
    g_assert_cmphex(f.as.ranges[0].end, ==, 0x11000);
    g_assert_null(address_space_lookup(&f.as, 0x11000));

    memory_region_del_subregion(&f.root, &box);
    memory_region_del_subregion(&box, &ram);
    memory_region_destroy(&box);
    memory_region_destroy(&ram);
    fixture_fini(&f);
}

/* -- Listeners and transactions ----------------------------------------- */

typedef struct CountListener {
    MemoryListener l;
    unsigned commits;
} CountListener;

static void count_commit(MemoryListener *l, AddressSpace *as)
{
    ((CountListener *)l)->commits++;
}

static void test_transaction_renders_once(void)
{
    Fixture f;
    MemoryRegion a, b;
    CountListener c = {.l.commit = count_commit};

    fixture_init(&f, 1 << 20);
    memory_listener_register(&f.as, &c.l);
    g_assert_true(memory_region_init_ram(&a, "a", 0x1000));
    g_assert_true(memory_region_init_ram(&b, "b", 0x1000));

    memory_region_add_subregion(&f.root, 0, &a);
    g_assert_cmpuint(c.commits, ==, 1);
    memory_region_transaction_begin();
    memory_region_add_subregion(&f.root, 0x1000, &b);
    memory_region_set_address(&b, 0x2000);
    g_assert_cmpuint(c.commits, ==, 1);
    memory_region_transaction_commit();
    g_assert_cmpuint(c.commits, ==, 2);
    g_assert_cmpuint(f.as.nb_ranges, ==, 2);
    g_assert_cmphex(f.as.ranges[1].start, ==, 0x2000);

    memory_listener_unregister(&f.as, &c.l);
    memory_region_del_subregion(&f.root, &a);
    memory_region_del_subregion(&f.root, &b);
    g_assert_cmpuint(c.commits, ==, 2);
    memory_region_destroy(&a);
    memory_region_destroy(&b);
    fixture_fini(&f);
}

/* -- Port I/O ----------------------------------------------------------- */

static void test_port_io_space(void)
{
    MemoryRegion io_root, port;
    AddressSpace io;
    RecDev d;
    uint64_t v;

    rec_init(&d);
    memory_region_init(&io_root, "io", 0x10000);
    address_space_init(&io, &io_root, "I/O");
    memory_region_init_io(&port, "uart", &ops_bytes, &d, 8);
    memory_region_add_subregion(&io_root, 0x3f8, &port);

    g_assert_cmpint(address_space_st(&io, 0x3f8, 1, 'A'), ==, MEMTX_OK);
    g_assert_cmphex(d.regs[0], ==, 'A');
    /* An IN of 16 bits from a byte device gets two byte reads. */
    g_assert_cmpint(address_space_ld(&io, 0x3fc, 2, &v), ==, MEMTX_OK);
    g_assert_cmphex(v, ==, 0x1514);
    /* A port nobody decodes reads all ones, as the ISA bus does. */
    g_assert_cmpint(address_space_ld(&io, 0x80, 1, &v), ==, MEMTX_UNASSIGNED);
    g_assert_cmphex(v, ==, 0xff);
    /* Ports end at 0xffff: a dword at 0xfffe is half outside the space. */
    g_assert_cmpint(address_space_ld(&io, 0xfffe, 4, &v), ==, MEMTX_UNASSIGNED);
    g_assert_cmphex(v, ==, 0xffffffff);

    memory_region_del_subregion(&io_root, &port);
    address_space_destroy(&io);
    memory_region_destroy(&io_root);
}

/* -- Buffer transfers into devices -------------------------------------- */

static void test_buffer_write_to_device_uses_natural_units(void)
{
    Fixture f;
    MemoryRegion io;
    RecDev d;
    uint8_t buf[7] = {1, 2, 3, 4, 5, 6, 7};

    rec_init(&d);
    fixture_init(&f, 1 << 20);
    memory_region_init_io(&io, "dev", &ops_any, &d, 0x40);
    memory_region_add_subregion(&f.root, 0, &io);

    /* 7 bytes at 1: a byte at 1, a word at 2, a dword at 4. */
    g_assert_cmpint(address_space_write(&f.as, 1, buf, 7), ==, MEMTX_OK);
    g_assert_cmpuint(d.nb_log, ==, 3);
    g_assert_cmpuint(d.log[0].size, ==, 1);
    g_assert_cmpuint(d.log[1].size, ==, 2);
    g_assert_cmpuint(d.log[2].size, ==, 4);
    g_assert_cmphex(d.log[2].val, ==, 0x07060504);
    g_assert_cmpmem(&d.regs[1], 7, buf, 7);

    memory_region_del_subregion(&f.root, &io);
    fixture_fini(&f);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/memory/ram/host-pointer-is-one-add",
                    test_ram_host_pointer_is_one_add);
    g_test_add_func("/memory/rom/write-is-dropped", test_rom_write_is_dropped);
    g_test_add_func("/memory/ram/readonly-keeps-contents",
                    test_readonly_ram_keeps_contents);
    g_test_add_func("/memory/io/offset-inside-region",
                    test_io_gets_offset_inside_region);
    g_test_add_func("/memory/io/wide-access-split-for-byte-device",
                    test_wide_access_split_for_byte_device);
    g_test_add_func("/memory/io/narrow-access-widened-for-dword-device",
                    test_narrow_access_widened_for_dword_device);
    g_test_add_func("/memory/io/invalid-size-rejected-and-logged",
                    test_invalid_size_rejected_and_logged);
    g_test_add_func("/memory/unassigned/reads-ones-and-logs",
                    test_unassigned_reads_ones_and_logs);
    g_test_add_func("/memory/unassigned/silent-without-log-item",
                    test_unassigned_is_silent_without_log_item);
    g_test_add_func("/memory/overlap/higher-priority-hides-lower",
                    test_higher_priority_hides_lower);
    g_test_add_func("/memory/overlap/lower-priority-does-not-hide",
                    test_lower_priority_does_not_hide);
    g_test_add_func("/memory/alias/pam-switch-between-ram-and-rom",
                    test_pam_style_switch_between_ram_and_rom);
    g_test_add_func("/memory/alias/a20-wraps-megabyte",
                    test_a20_alias_wraps_megabyte);
    g_test_add_func("/memory/alias/offset-and-nested-container",
                    test_alias_offset_and_nested_container);
    g_test_add_func("/memory/container/clips-subregions",
                    test_container_clips_its_subregions);
    g_test_add_func("/memory/listener/transaction-renders-once",
                    test_transaction_renders_once);
    g_test_add_func("/memory/io-space/ports", test_port_io_space);
    g_test_add_func("/memory/buffer/device-natural-units",
                    test_buffer_write_to_device_uses_natural_units);
    return g_test_run();
}
