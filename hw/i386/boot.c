/*
 * Direct boot of a Linux bzImage by the x86 boot protocol (the kernel's
 * Documentation/x86/boot.rst, protocol 2.06 or later), and the e820 map
 * of the pc machine (include/hw/i386/boot.h).
 *
 * What goes where in guest RAM (all below the EBDA, so RAM in e820):
 *   0x0500   the GDT: null, null, __BOOT_CS (0x10), __BOOT_DS (0x18)
 *   0x7000   boot_params (the "zero page"): the setup header copied from
 *            the image, then the fields the loader fills
 *   0x9000   page tables for the 64-bit entry: PML4, one PDPT and four
 *            page directories of 2 MiB pages mapping 0-4 GiB 1:1
 *   0x20000  the command line (at most 64 KiB, and cmdline_size)
 *   pref_address (relocatable kernels) or 1 MiB: the protected-mode
 *            kernel, which may use init_size bytes from there
 *   the top of RAM below initrd_addr_max: the initrd, page-aligned
 * The 16-bit setup code is not used: the kernel is entered at its 32-bit
 * entry (code32_start) or its 64-bit entry (load address + 0x200).
 *
 * Invariant: every check on the image happens before anything is written
 * to guest RAM, and every write is inside RAM (checked against below_4g
 * or above_4g first).
 */
#include <stdarg.h>
#include <string.h>

#include <glib.h>

#include "hw/i386/boot.h"
#include "util/bytes.h"
#include "util/file.h"

/* Setup header offsets in the image and in boot_params (boot.rst). */
enum {
    HDR_SETUP_SECTS = 0x1f1,
    HDR_SYSSIZE = 0x1f4,
    HDR_VID_MODE = 0x1fa,
    HDR_BOOT_FLAG = 0x1fe,
    HDR_JUMP = 0x200,
    HDR_MAGIC = 0x202,
    HDR_VERSION = 0x206,
    HDR_TYPE_OF_LOADER = 0x210,
    HDR_LOADFLAGS = 0x211,
    HDR_CODE32_START = 0x214,
    HDR_RAMDISK_IMAGE = 0x218,
    HDR_RAMDISK_SIZE = 0x21c,
    HDR_CMD_LINE_PTR = 0x228,
    HDR_INITRD_ADDR_MAX = 0x22c,
    HDR_KERNEL_ALIGNMENT = 0x230,
    HDR_RELOCATABLE = 0x234,
    HDR_XLOADFLAGS = 0x236,
    HDR_CMDLINE_SIZE = 0x238,
    HDR_PREF_ADDRESS = 0x258,
    HDR_INIT_SIZE = 0x260,
    HDR_END_MAX = 0x290, /* boot_params room for the header */
};

/* boot_params fields outside the setup header (zero-page.rst). */
enum {
    BP_ACPI_RSDP_ADDR = 0x070,
    BP_EXT_RAMDISK_IMAGE = 0x0c0,
    BP_EXT_RAMDISK_SIZE = 0x0c4,
    BP_EXT_CMD_LINE_PTR = 0x0c8,
    BP_E820_ENTRIES = 0x1e8,
    BP_E820_TABLE = 0x2d0,
    BP_SIZE = 0x1000,
};

#define LOADED_HIGH                0x01 /* loadflags: protected-mode code at 1 MiB */
#define XLF_KERNEL_64              0x01 /* xloadflags: 64-bit entry at +0x200 */
#define XLF_CAN_BE_LOADED_ABOVE_4G 0x02
#define BOOT_FLAG_MAGIC            0xaa55
#define TYPE_OF_LOADER_UNDEFINED   0xff
#define VID_MODE_NORMAL            0xffff
#define MIN_PROTOCOL               0x0206
#define ENTRY64_OFFSET             0x200

/* The loader's layout (see the file comment). */
#define BOOT_GDT_ADDR     0x500
#define BOOT_PARAMS_ADDR  0x7000
#define BOOT_PML4_ADDR    0x9000
#define BOOT_PDPT_ADDR    0xa000
#define BOOT_PD_ADDR      0xb000 /* four pages */
#define BOOT_CMDLINE_ADDR 0x20000
#define BOOT_CMDLINE_MAX  0x10000
#define KERNEL_LOW_ADDR   0x100000

/* Page-table entry bits (SDM vol. 3, 4.5). */
#define PTE_P  0x1
#define PTE_RW 0x2
#define PTE_PS 0x80

/* GDT descriptors: flat 4 GiB code (32- and 64-bit) and data. */
#define GDT_CODE32 UINT64_C(0x00cf9b000000ffff)
#define GDT_CODE64 UINT64_C(0x00af9b000000ffff)
#define GDT_DATA   UINT64_C(0x00cf93000000ffff)

#define EBDA_START      0x9fc00
#define BIOS_AREA_START 0xe0000
#define MMIO_TOP_START  UINT64_C(0xfec00000)
#define FOUR_GIB        (UINT64_C(1) << 32)
#define PAGE_SIZE       0x1000

static bool G_GNUC_PRINTF(2, 3) fail(char **err, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    *err = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    return false;
}

/* -- The e820 map --------------------------------------------------------- */

unsigned pc_e820_table(const Machine *m, E820Entry *out)
{
    const E820Entry all[] = {
        {0, EBDA_START, E820_RAM},
        {EBDA_START, 0xa0000 - EBDA_START, E820_RESERVED},
        {BIOS_AREA_START, 0x100000 - BIOS_AREA_START, E820_RESERVED},
        {0x100000, m->below_4g - 0x100000, E820_RAM},
        {MMIO_TOP_START, FOUR_GIB - MMIO_TOP_START, E820_RESERVED},
        {FOUR_GIB, m->above_4g, E820_RAM},
    };
    unsigned n = 0;

    _Static_assert(G_N_ELEMENTS(all) <= E820_MAX_ENTRIES, "e820 room");
    for (unsigned i = 0; i < G_N_ELEMENTS(all); i++) {
        if (all[i].size && all[i].addr + all[i].size > all[i].addr) {
            out[n++] = all[i];
        }
    }
    return n;
}

/* -- The image ------------------------------------------------------------ */

bool linux_probe(const uint8_t *image, size_t len)
{
    return len >= HDR_MAGIC + 4 && !memcmp(image + HDR_MAGIC, "HdrS", 4);
}

/* What the loader needs from the setup header, checked. */
typedef struct LinuxImage {
    uint16_t version;
    size_t setup_size;  /* boot sector + setup sectors */
    size_t kernel_size; /* the protected-mode part */
    size_t hdr_end;     /* end of the header in the image */
    uint32_t initrd_addr_max;
    uint32_t cmdline_size;
    uint64_t load_addr;
    uint64_t mem_end; /* load_addr + what the kernel may use */
    uint16_t xloadflags;
} LinuxImage;

/* Where the kernel goes: pref_address when relocatable, else 1 MiB. */
static bool linux_place_kernel(const Machine *m, const char *path,
                               const uint8_t *img, LinuxImage *li, char **err)
{
    bool relocatable = img[HDR_RELOCATABLE] != 0;
    uint32_t align = get_le32(img + HDR_KERNEL_ALIGNMENT);
    uint64_t need = li->kernel_size;
    uint64_t cand[2] = {KERNEL_LOW_ADDR, 0};

    if (li->version >= 0x020a) {
        need = MAX(need, get_le32(img + HDR_INIT_SIZE));
        if (relocatable && get_le64(img + HDR_PREF_ADDRESS)) {
            cand[0] = get_le64(img + HDR_PREF_ADDRESS);
        }
    }
    if (relocatable && align && !(align & (align - 1))) {
        cand[1] = (KERNEL_LOW_ADDR + align - 1) & ~(uint64_t)(align - 1);
    }
    for (unsigned i = 0; i < G_N_ELEMENTS(cand); i++) {
        if (cand[i] >= KERNEL_LOW_ADDR && cand[i] + need >= cand[i]
            && cand[i] + need <= m->below_4g) {
            li->load_addr = cand[i];
            li->mem_end = cand[i] + need;
            return true;
        }
    }
    return fail(err,
                "-kernel %s: the kernel needs %" G_GUINT64_FORMAT
                " MiB from 0x%" G_GINT64_MODIFIER "x, more than the RAM "
                "below 4 GiB (use a larger -m)",
                path, need >> 20, cand[0]);
}

static bool linux_check(const Machine *m, const char *path, const uint8_t *img,
                        size_t len, LinuxImage *li, char **err)
{
    unsigned sects;
    uint64_t syssize;

    if (len < HDR_END_MAX || get_le16(img + HDR_BOOT_FLAG) != BOOT_FLAG_MAGIC) {
        return fail(err,
                    "-kernel %s: truncated or malformed Linux boot "
                    "header",
                    path);
    }
    li->version = get_le16(img + HDR_VERSION);
    if (li->version < MIN_PROTOCOL) {
        return fail(err,
                    "-kernel %s: Linux boot protocol %u.%02u is too "
                    "old (2.06 or later is needed)",
                    path, li->version >> 8, li->version & 0xff);
    }
    if (!(img[HDR_LOADFLAGS] & LOADED_HIGH)) {
        return fail(err,
                    "-kernel %s: not a bzImage (a zImage loaded below "
                    "1 MiB is not supported)",
                    path);
    }
    sects = img[HDR_SETUP_SECTS] ? img[HDR_SETUP_SECTS] : 4;
    li->setup_size = (sects + 1) * 512;
    syssize = (uint64_t)get_le32(img + HDR_SYSSIZE) * 16;
    if (li->setup_size >= len || len - li->setup_size < syssize) {
        return fail(
            err,
            "-kernel %s: truncated: the header promises %" G_GUINT64_FORMAT
            " bytes after the %zu-byte setup, the "
            "file has %zu",
            path, syssize, li->setup_size,
            len > li->setup_size ? len - li->setup_size : 0);
    }
    li->kernel_size = len - li->setup_size;
    li->hdr_end =
        MIN((size_t)HDR_JUMP + 2 + img[HDR_JUMP + 1], (size_t)HDR_END_MAX);
    li->initrd_addr_max = get_le32(img + HDR_INITRD_ADDR_MAX);
    li->cmdline_size = get_le32(img + HDR_CMDLINE_SIZE);
    li->xloadflags = li->version >= 0x020c ? get_le16(img + HDR_XLOADFLAGS) : 0;
    return linux_place_kernel(m, path, img, li, err);
}

/* -- Initrd ---------------------------------------------------------------- */

/*
 * Place the initrd of LEN bytes: as high as possible below
 * initrd_addr_max and the top of RAM below 4 GiB, above the kernel; else
 * at the top of RAM above 4 GiB if the kernel accepts it there.
 */
static bool linux_place_initrd(const Machine *m, const char *path,
                               const LinuxImage *li, uint64_t len,
                               uint64_t *addr, char **err)
{
    uint64_t limit = MIN((uint64_t)li->initrd_addr_max + 1, m->below_4g);

    if (len <= limit) {
        *addr = (limit - len) & ~(uint64_t)(PAGE_SIZE - 1);
        if (*addr >= li->mem_end) {
            return true;
        }
    }
    if ((li->xloadflags & XLF_CAN_BE_LOADED_ABOVE_4G) && len <= m->above_4g) {
        *addr = (FOUR_GIB + m->above_4g - len) & ~(uint64_t)(PAGE_SIZE - 1);
        return true;
    }
    return fail(err,
                "-initrd %s: %" G_GUINT64_FORMAT " KiB do not fit in "
                "RAM between the kernel (up to 0x%" G_GINT64_MODIFIER "x) and "
                "0x%" G_GINT64_MODIFIER "x (use a larger -m)",
                path, len >> 10, li->mem_end, limit);
}

/* -- Building the boot state ----------------------------------------------- */

/* Identity map of 0-4 GiB with 2 MiB pages. */
static void linux_write_page_tables(Machine *m)
{
    g_autofree uint8_t *pt = g_malloc0(6 * PAGE_SIZE);
    uint8_t *pml4 = pt, *pdpt = pt + PAGE_SIZE, *pd = pt + 2 * PAGE_SIZE;

    put_le64(pml4, BOOT_PDPT_ADDR | PTE_P | PTE_RW);
    for (unsigned i = 0; i < 4; i++) {
        put_le64(pdpt + i * 8, (BOOT_PD_ADDR + i * PAGE_SIZE) | PTE_P | PTE_RW);
    }
    for (unsigned i = 0; i < 4 * 512; i++) {
        put_le64(pd + i * 8, ((uint64_t)i << 21) | PTE_P | PTE_RW | PTE_PS);
    }
    _Static_assert(BOOT_PDPT_ADDR == BOOT_PML4_ADDR + PAGE_SIZE
                       && BOOT_PD_ADDR == BOOT_PDPT_ADDR + PAGE_SIZE,
                   "layout");
    address_space_write(&m->as_memory, BOOT_PML4_ADDR, pt, 6 * PAGE_SIZE);
}

static void linux_write_gdt(Machine *m, bool is64, BootEntry *entry)
{
    uint8_t gdt[32] = {0};

    put_le64(gdt + LINUX_BOOT_CS, is64 ? GDT_CODE64 : GDT_CODE32);
    put_le64(gdt + LINUX_BOOT_DS, GDT_DATA);
    address_space_write(&m->as_memory, BOOT_GDT_ADDR, gdt, sizeof(gdt));
    entry->gdt_base = BOOT_GDT_ADDR;
    entry->gdt_limit = sizeof(gdt) - 1;
}

/* The zero page: the image's setup header, then what the loader says. */
static void linux_fill_boot_params(const Machine *m, uint8_t *bp,
                                   const uint8_t *img, const LinuxImage *li,
                                   uint64_t initrd_addr, uint64_t initrd_len,
                                   uint64_t acpi_rsdp)
{
    E820Entry e820[E820_MAX_ENTRIES];
    unsigned n = pc_e820_table(m, e820);

    memcpy(bp + HDR_SETUP_SECTS, img + HDR_SETUP_SECTS,
           li->hdr_end - HDR_SETUP_SECTS);
    put_le16(bp + HDR_VID_MODE, VID_MODE_NORMAL);
    bp[HDR_TYPE_OF_LOADER] = TYPE_OF_LOADER_UNDEFINED;
    put_le32(bp + HDR_CMD_LINE_PTR, BOOT_CMDLINE_ADDR);
    put_le32(bp + BP_EXT_CMD_LINE_PTR, 0);
    put_le32(bp + HDR_RAMDISK_IMAGE, initrd_addr);
    put_le32(bp + HDR_RAMDISK_SIZE, initrd_len);
    put_le32(bp + BP_EXT_RAMDISK_IMAGE, initrd_addr >> 32);
    put_le32(bp + BP_EXT_RAMDISK_SIZE, initrd_len >> 32);
    put_le64(bp + BP_ACPI_RSDP_ADDR, acpi_rsdp);
    bp[BP_E820_ENTRIES] = n;
    for (unsigned i = 0; i < n; i++) {
        uint8_t *e = bp + BP_E820_TABLE + i * 20;

        put_le64(e, e820[i].addr);
        put_le64(e + 8, e820[i].size);
        put_le32(e + 16, e820[i].type);
    }
}

bool linux_load(Machine *m, const char *kernel, const uint8_t *img, size_t len,
                uint64_t acpi_rsdp, bool force_32bit, BootEntry *entry,
                char **err)
{
    const MachineConfig *c = m->cfg;
    const char *cmdline = c->append ? c->append : "";
    size_t cmdline_len = strlen(cmdline);
    g_autofree char *initrd = NULL;
    g_autofree uint8_t *bp = g_malloc0(BP_SIZE);
    size_t initrd_len = 0;
    uint64_t initrd_addr = 0;
    LinuxImage li = {0};
    bool is64;

    if (!linux_check(m, kernel, img, len, &li, err)) {
        return false;
    }
    if (cmdline_len > MIN(li.cmdline_size, BOOT_CMDLINE_MAX - 1)) {
        return fail(err,
                    "-append: the command line has %zu characters, the "
                    "kernel accepts at most %u",
                    cmdline_len, MIN(li.cmdline_size, BOOT_CMDLINE_MAX - 1));
    }
    if (c->initrd) {
        g_autofree char *why = NULL;

        if (!file_read_all(c->initrd, &initrd, &initrd_len, &why)) {
            return fail(err, "-initrd %s", why);
        }
        if (!linux_place_initrd(m, c->initrd, &li, initrd_len, &initrd_addr,
                                err)) {
            return false;
        }
    }

    is64 = (li.xloadflags & XLF_KERNEL_64) && !force_32bit;
    address_space_write(&m->as_memory, li.load_addr, img + li.setup_size,
                        li.kernel_size);
    address_space_write(&m->as_memory, initrd_addr, initrd, initrd_len);
    address_space_write(&m->as_memory, BOOT_CMDLINE_ADDR, cmdline,
                        cmdline_len + 1);
    linux_fill_boot_params(m, bp, img, &li, initrd_addr, initrd_len, acpi_rsdp);
    /* The kernel starts where it was put, whatever code32_start said. */
    put_le32(bp + HDR_CODE32_START, li.load_addr);
    address_space_write(&m->as_memory, BOOT_PARAMS_ADDR, bp, BP_SIZE);
    linux_write_gdt(m, is64, entry);

    entry->rsi = BOOT_PARAMS_ADDR;
    if (is64) {
        linux_write_page_tables(m);
        entry->kind = BOOT_ENTRY_LINUX64;
        entry->eip = li.load_addr + ENTRY64_OFFSET;
        entry->cr3 = BOOT_PML4_ADDR;
    } else {
        entry->kind = BOOT_ENTRY_LINUX32;
        entry->eip = li.load_addr;
        entry->cr3 = 0;
    }
    return true;
}
