/*
 * Multiboot (version 1) loader for -kernel: small test kernels boot straight
 * into 32-bit protected mode, as the Multiboot Specification 0.6.96 says.
 *
 * The kernel is an ELF32/ELF64 image, or any image whose multiboot header
 * sets flag 16 and gives its load addresses.  Modules come from -initrd
 * ("file args,file args", ",," for a comma), the command line from
 * -append; as in QEMU, the kernel's command line starts with its file name.
 * Memory layout: the kernel where it asks, then the modules (page-aligned),
 * then one information block (the multiboot_info structure, the memory map,
 * the module list and the strings).
 */
#include <elf.h>
#include <stdarg.h>
#include <errno.h>
#include <string.h>

#include <glib.h>

#include "hw/i386/boot.h"
#include "util/bytes.h"
#include "util/file.h"

#define MB_HEADER_MAGIC     0x1badb002
#define MB_BOOTLOADER_MAGIC 0x2badb002
#define MB_SEARCH_BYTES     8192

/* Header flags (spec 3.1.2). */
#define MB_FLAG_PAGE_ALIGN  (1u << 0)
#define MB_FLAG_MEMORY_INFO (1u << 1)
#define MB_FLAG_VIDEO_MODE  (1u << 2)
#define MB_FLAG_AOUT_KLUDGE (1u << 16)
#define MB_SUPPORTED_FLAGS                                                     \
    (MB_FLAG_PAGE_ALIGN | MB_FLAG_MEMORY_INFO | MB_FLAG_AOUT_KLUDGE)

/* Info flags (spec 3.3). */
#define MBI_MEMORY      (1u << 0)
#define MBI_CMDLINE     (1u << 2)
#define MBI_MODS        (1u << 3)
#define MBI_MMAP        (1u << 6)
#define MBI_LOADER_NAME (1u << 9)

/* Offsets in multiboot_info. */
enum {
    MBI_FLAGS = 0,
    MBI_MEM_LOWER = 4,
    MBI_MEM_UPPER = 8,
    MBI_CMDLINE_OFF = 16,
    MBI_MODS_COUNT = 20,
    MBI_MODS_ADDR = 24,
    MBI_MMAP_LENGTH = 44,
    MBI_MMAP_ADDR = 48,
    MBI_LOADER_NAME_OFF = 64,
    MBI_SIZE = 88,
};

#define LOWER_MEMORY_KB 640
#define EBDA_START      0x9fc00
#define BIOS_AREA_START 0xf0000

typedef struct MultibootHeader {
    uint32_t magic, flags, checksum;
    uint32_t header_addr, load_addr, load_end_addr, bss_end_addr, entry_addr;
} MultibootHeader;

/* The RAM a kernel or module may occupy: [1 MiB, below_4g). */
static bool fits_in_ram(const Machine *m, uint64_t addr, uint64_t len)
{
    return addr >= 0x100000 && addr + len >= addr && addr + len <= m->below_4g;
}

static bool G_GNUC_PRINTF(2, 3) fail(char **err, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    *err = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    return false;
}

/* -- Finding the header ------------------------------------------------- */

/* The header within the first 8 KiB, 4-byte aligned, or NULL. */
static const uint8_t *find_header(const uint8_t *img, size_t len,
                                  MultibootHeader *h)
{
    size_t limit = MIN(len, MB_SEARCH_BYTES);

    for (size_t off = 0; off + 12 <= limit; off += 4) {
        memcpy(h, img + off, 12);
        if (h->magic == MB_HEADER_MAGIC
            && h->magic + h->flags + h->checksum == 0) {
            memset(&h->header_addr, 0, 20);
            memcpy(&h->header_addr, img + off + 12, MIN(20, len - (off + 12)));
            return img + off;
        }
    }
    return NULL;
}

bool multiboot_probe(const uint8_t *image, size_t len)
{
    MultibootHeader h;

    return find_header(image, len, &h) != NULL;
}

/* -- Loading the kernel ------------------------------------------------- */

/* A flat image placed by the header's address fields. */
static bool load_aout_kludge(Machine *m, const char *path, const uint8_t *img,
                             size_t len, const uint8_t *hdr_pos,
                             const MultibootHeader *h, uint32_t *entry,
                             uint64_t *end, char **err)
{
    uint64_t file_off =
        (hdr_pos - img) - (uint64_t)(h->header_addr - h->load_addr);
    uint64_t load_len =
        h->load_end_addr ? h->load_end_addr - h->load_addr : len - file_off;
    uint64_t mem_end =
        h->bss_end_addr ? h->bss_end_addr : h->load_addr + load_len;

    if (h->header_addr < h->load_addr || file_off > len
        || load_len > len - file_off || mem_end < h->load_addr + load_len) {
        return fail(err, "%s: inconsistent multiboot load addresses", path);
    }
    if (!fits_in_ram(m, h->load_addr, mem_end - h->load_addr)) {
        return fail(err,
                    "%s: load range 0x%x-0x%" G_GINT64_MODIFIER "x is "
                    "not in RAM above 1 MiB",
                    path, h->load_addr, mem_end);
    }
    address_space_write(&m->as_memory, h->load_addr, img + file_off, load_len);
    *entry = h->entry_addr;
    *end = mem_end;
    return true;
}

/* Load one PT_LOAD segment: file bytes then zeroes up to memsz. */
static bool load_segment(Machine *m, const char *path, const uint8_t *img,
                         size_t len, uint64_t paddr, uint64_t offset,
                         uint64_t filesz, uint64_t memsz, uint64_t *end,
                         char **err)
{
    if (filesz > memsz || offset > len || filesz > len - offset) {
        return fail(err, "%s: truncated or malformed ELF segment", path);
    }
    if (!fits_in_ram(m, paddr, memsz)) {
        return fail(err,
                    "%s: segment at 0x%" G_GINT64_MODIFIER
                    "x (0x%" G_GINT64_MODIFIER
                    "x bytes) is not in RAM above 1 MiB",
                    path, paddr, memsz);
    }
    address_space_write(&m->as_memory, paddr, img + offset, filesz);
    if (memsz > filesz) {
        g_autofree uint8_t *zero = g_malloc0(memsz - filesz);

        address_space_write(&m->as_memory, paddr + filesz, zero,
                            memsz - filesz);
    }
    *end = MAX(*end, paddr + memsz);
    return true;
}

static bool load_elf(Machine *m, const char *path, const uint8_t *img,
                     size_t len, uint32_t *entry, uint64_t *end, char **err)
{
    bool is64 = len > EI_CLASS && img[EI_CLASS] == ELFCLASS64;
    size_t ehsize = is64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr);
    uint64_t phoff, e_entry;
    unsigned phnum, phentsize, machine;

    if (len < ehsize || memcmp(img, ELFMAG, SELFMAG) != 0) {
        return fail(err,
                    "%s: not an ELF file and its multiboot header "
                    "gives no load addresses",
                    path);
    }
    if (is64) {
        const Elf64_Ehdr *eh = (const Elf64_Ehdr *)img;

        phoff = eh->e_phoff, phnum = eh->e_phnum;
        phentsize = eh->e_phentsize, e_entry = eh->e_entry;
        machine = eh->e_machine;
    } else {
        const Elf32_Ehdr *eh = (const Elf32_Ehdr *)img;

        phoff = eh->e_phoff, phnum = eh->e_phnum;
        phentsize = eh->e_phentsize, e_entry = eh->e_entry;
        machine = eh->e_machine;
    }
    if (machine != EM_386 && machine != EM_X86_64) {
        return fail(err, "%s: ELF for machine %u, not x86", path, machine);
    }
    if (phentsize != (is64 ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr))
        || phoff > len || (uint64_t)phnum * phentsize > len - phoff) {
        return fail(err, "%s: truncated or malformed ELF program headers",
                    path);
    }
    if (e_entry > UINT32_MAX) {
        return fail(err,
                    "%s: entry point 0x%" G_GINT64_MODIFIER "x is above "
                    "4 GiB",
                    path, e_entry);
    }
    *end = 0;
    for (unsigned i = 0; i < phnum; i++) {
        const uint8_t *ph = img + phoff + (uint64_t)i * phentsize;
        uint64_t type, paddr, off, filesz, memsz;

        if (is64) {
            const Elf64_Phdr *p = (const Elf64_Phdr *)ph;

            type = p->p_type, paddr = p->p_paddr, off = p->p_offset;
            filesz = p->p_filesz, memsz = p->p_memsz;
        } else {
            const Elf32_Phdr *p = (const Elf32_Phdr *)ph;

            type = p->p_type, paddr = p->p_paddr, off = p->p_offset;
            filesz = p->p_filesz, memsz = p->p_memsz;
        }
        if (type == PT_LOAD && memsz
            && !load_segment(m, path, img, len, paddr, off, filesz, memsz, end,
                             err)) {
            return false;
        }
    }
    if (*end == 0) {
        return fail(err, "%s: ELF file with nothing to load", path);
    }
    *entry = e_entry;
    return true;
}

/* -- The information block ---------------------------------------------- */

/* Split -initrd at single commas; ",," is a literal comma. */
static GPtrArray *split_modules(const char *spec)
{
    GPtrArray *mods = g_ptr_array_new_with_free_func(g_free);
    GString *cur = g_string_new(NULL);

    for (const char *p = spec; *p; p++) {
        if (*p == ',' && p[1] == ',') {
            g_string_append_c(cur, ',');
            p++;
        } else if (*p == ',') {
            g_ptr_array_add(mods, g_string_free(cur, false));
            cur = g_string_new(NULL);
        } else {
            g_string_append_c(cur, *p);
        }
    }
    g_ptr_array_add(mods, g_string_free(cur, false));
    return mods;
}

/* The BIOS-style memory map of the machine (what e820 would report). */
static unsigned build_mmap(const Machine *m, uint8_t *out)
{
    const uint64_t ranges[][3] = {
        {0, EBDA_START, 1},
        {EBDA_START, 0xa0000 - EBDA_START, 2},
        {BIOS_AREA_START, 0x100000 - BIOS_AREA_START, 2},
        {0x100000, m->below_4g - 0x100000, 1},
        {UINT64_C(1) << 32, m->above_4g, 1},
    };
    unsigned n = 0;

    for (unsigned i = 0; i < G_N_ELEMENTS(ranges); i++) {
        if (ranges[i][1] == 0) {
            continue;
        }
        if (out) {
            uint8_t *e = out + n * 24;

            put_le32(e, 20); /* size of the rest */
            put_le64(e + 4, ranges[i][0]);
            put_le64(e + 12, ranges[i][1]);
            put_le32(e + 20, ranges[i][2]);
        }
        n++;
    }
    return n * 24;
}

bool multiboot_load(Machine *m, const char *kernel, const uint8_t *img,
                    size_t len, BootEntry *entry, char **err)
{
    const MachineConfig *c = m->cfg;
    MultibootHeader h;
    const uint8_t *hdr = find_header(img, len, &h);
    g_autoptr(GPtrArray) mods = NULL;
    g_autoptr(GByteArray) info = g_byte_array_new();
    g_autofree char *cmdline = NULL;
    g_autofree uint32_t *mod_list = NULL;
    uint64_t end = 0, info_addr;
    uint32_t eip = 0,
             flags = MBI_MEMORY | MBI_CMDLINE | MBI_MMAP | MBI_LOADER_NAME;
    unsigned mmap_len, nb_mods = 0;

    if (!hdr) {
        return fail(err, "%s: no multiboot header", kernel);
    }
    if (h.flags & ~MB_SUPPORTED_FLAGS & 0xffff) {
        return fail(err,
                    "%s: multiboot header asks for unsupported features "
                    "(flags 0x%x: video mode setting is not implemented)",
                    kernel, h.flags);
    }
    if (h.flags & MB_FLAG_AOUT_KLUDGE) {
        if (!load_aout_kludge(m, kernel, img, len, hdr, &h, &eip, &end, err)) {
            return false;
        }
    } else if (!load_elf(m, kernel, img, len, &eip, &end, err)) {
        return false;
    }

    /* Modules, page-aligned after the kernel. */
    if (c->initrd) {
        mods = split_modules(c->initrd);
        nb_mods = mods->len;
        mod_list = g_new0(uint32_t, nb_mods * 4);
        flags |= MBI_MODS;
    }
    for (unsigned i = 0; i < nb_mods; i++) {
        const char *spec = g_ptr_array_index(mods, i);
        g_autofree char *file = g_strndup(spec, strcspn(spec, " "));
        g_autofree char *data = NULL;
        g_autofree char *why = NULL;
        size_t dlen;

        end = (end + 0xfff) & ~UINT64_C(0xfff);
        if (!file_read_all(file, &data, &dlen, &why)) {
            return fail(err, "-initrd %s", why);
        }
        if (!fits_in_ram(m, end, dlen)) {
            return fail(err, "-initrd %s: module does not fit in RAM", file);
        }
        address_space_write(&m->as_memory, end, data, dlen);
        mod_list[i * 4] = end;
        mod_list[i * 4 + 1] = end + dlen;
        end += dlen;
    }

    /* The information block: mbi, mmap, module list, then strings. */
    info_addr = (end + 0xfff) & ~UINT64_C(0xfff);
    mmap_len = build_mmap(m, NULL);
    g_byte_array_set_size(info, MBI_SIZE + mmap_len + nb_mods * 16);
    memset(info->data, 0, info->len);
    build_mmap(m, info->data + MBI_SIZE);

    cmdline = c->append ? g_strdup_printf("%s %s", kernel, c->append)
                        : g_strdup(kernel);
    put_le32(info->data + MBI_CMDLINE_OFF, info_addr + info->len);
    g_byte_array_append(info, (const uint8_t *)cmdline, strlen(cmdline) + 1);
    put_le32(info->data + MBI_LOADER_NAME_OFF, info_addr + info->len);
    g_byte_array_append(info, (const uint8_t *)"peregrine", 10);
    for (unsigned i = 0; i < nb_mods; i++) {
        const char *spec = g_ptr_array_index(mods, i);

        mod_list[i * 4 + 2] = info_addr + info->len;
        g_byte_array_append(info, (const uint8_t *)spec, strlen(spec) + 1);
    }
    memcpy(info->data + MBI_SIZE + mmap_len, mod_list, nb_mods * 16);

    put_le32(info->data + MBI_FLAGS, flags);
    put_le32(info->data + MBI_MEM_LOWER, LOWER_MEMORY_KB);
    put_le32(info->data + MBI_MEM_UPPER, (m->below_4g - 0x100000) / 1024);
    put_le32(info->data + MBI_MODS_COUNT, nb_mods);
    put_le32(info->data + MBI_MODS_ADDR, info_addr + MBI_SIZE + mmap_len);
    put_le32(info->data + MBI_MMAP_LENGTH, mmap_len);
    put_le32(info->data + MBI_MMAP_ADDR, info_addr + MBI_SIZE);
    if (!fits_in_ram(m, info_addr, info->len)) {
        return fail(err, "%s: no room in RAM for the multiboot information",
                    kernel);
    }
    address_space_write(&m->as_memory, info_addr, info->data, info->len);

    entry->kind = BOOT_ENTRY_MULTIBOOT;
    entry->eip = eip;
    entry->eax = MB_BOOTLOADER_MAGIC;
    entry->ebx = info_addr;
    return true;
}
