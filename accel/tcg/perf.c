/*
 * -perfmap and -jitdump (include/exec/perf.h).
 *
 * Formats: the perf map is perf's "START SIZE NAME" text format (hex
 * without 0x); the jitdump file follows perf's jitdump specification
 * version 1: a file header, then records each with a header {id,
 * total_size, timestamp}: JIT_CODE_DEBUG_INFO (before the load it
 * describes), JIT_CODE_LOAD (with the code bytes) and JIT_CODE_CLOSE.
 * Timestamps are CLOCK_MONOTONIC, the clock `perf record -k 1` uses.
 *
 * A code buffer flush reuses host addresses: every TB generated afterwards
 * gets a new map line and a new JIT_CODE_LOAD with a new code index, and
 * perf takes the most recent load for an address.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "exec/perf.h"
#include "tcg/tcg.h"
#include "util/file.h"

#define JITDUMP_MAGIC 0x4A695444
#define JITDUMP_VERSION 1

enum {
    JIT_CODE_LOAD = 0,
    JIT_CODE_DEBUG_INFO = 2,
    JIT_CODE_CLOSE = 3,
};

typedef struct JitHeader {
    uint32_t magic, version, total_size, elf_mach, pad1, pid;
    uint64_t timestamp, flags;
} JitHeader;

typedef struct JitRecordHeader {
    uint32_t id, total_size;
    uint64_t timestamp;
} JitRecordHeader;

typedef struct JitCodeLoad {
    JitRecordHeader h;
    uint32_t pid, tid;
    uint64_t vma, code_addr, code_size, code_index;
    /* then the NUL-terminated name and the code bytes */
} JitCodeLoad;

typedef struct JitDebugInfo {
    JitRecordHeader h;
    uint64_t code_addr, nr_entry;
    /* then per entry: u64 addr, u32 lineno, u32 discrim, name + NUL */
} JitDebugInfo;

/* One guest symbol: [addr, addr + size) named name (size 0: up to next). */
typedef struct GuestSymbol {
    uint64_t addr;
    char *name;
} GuestSymbol;

bool perf_enabled;
static FILE *perfmap_file;
static FILE *jitdump_file;
static void *jitdump_marker;            /* the executable mapping perf sees */
static uint64_t code_index;
static GArray *symbols;                 /* of GuestSymbol, sorted by addr */

static uint64_t timestamp_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + ts.tv_nsec;
}

/* -- Guest symbols ------------------------------------------------------ */

static gint symbol_cmp(gconstpointer a, gconstpointer b)
{
    const GuestSymbol *x = a, *y = b;

    return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static void symbol_add(uint64_t addr, const char *name)
{
    GuestSymbol s = { addr, g_strdup(name) };

    if (!symbols) {
        symbols = g_array_new(false, false, sizeof(GuestSymbol));
    }
    g_array_append_val(symbols, s);
}

/* The symbol at or below ADDR, or NULL. */
static const GuestSymbol *symbol_find(uint64_t addr)
{
    guint lo = 0, hi = symbols ? symbols->len : 0;

    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;

        if (g_array_index(symbols, GuestSymbol, mid).addr <= addr) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo ? &g_array_index(symbols, GuestSymbol, lo - 1) : NULL;
}

/* System.map / kallsyms: "ADDR TYPE NAME [module]"; text symbols only. */
static bool load_system_map(const char *path, char **err)
{
    g_autofree char *text = NULL;
    size_t len;
    unsigned n = 0;

    if (!file_read_all(path, &text, &len, err)) {
        return false;
    }
    for (char *line = text, *next; line && *line; line = next) {
        char name[256], type;
        unsigned long long addr;

        next = strchr(line, '\n');
        if (next) {
            *next++ = '\0';
        }
        if (sscanf(line, "%llx %c %255s", &addr, &type, name) == 3 &&
            (type == 't' || type == 'T' || type == 'w' || type == 'W')) {
            symbol_add(addr, name);
            n++;
        }
    }
    if (n == 0) {
        *err = g_strdup_printf("%s: no text symbols (not a System.map or "
                               "kallsyms file)", path);
        return false;
    }
    g_array_sort(symbols, symbol_cmp);
    return true;
}

void perf_add_elf_symbols(const uint8_t *img, size_t len)
{
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)img;
    const Elf64_Shdr *sh;

    /* 64-bit ELF only: 32-bit test kernels are small enough to read raw. */
    if (!perf_enabled || len < sizeof(*eh) ||
        memcmp(img, ELFMAG, SELFMAG) != 0 || img[EI_CLASS] != ELFCLASS64 ||
        eh->e_shentsize != sizeof(*sh) || eh->e_shoff > len ||
        (uint64_t)eh->e_shnum * sizeof(*sh) > len - eh->e_shoff) {
        return;
    }
    sh = (const Elf64_Shdr *)(img + eh->e_shoff);
    for (unsigned i = 0; i < eh->e_shnum; i++) {
        const Elf64_Shdr *strs;

        if (sh[i].sh_type != SHT_SYMTAB || sh[i].sh_link >= eh->e_shnum) {
            continue;
        }
        strs = &sh[sh[i].sh_link];
        if (sh[i].sh_offset > len || sh[i].sh_size > len - sh[i].sh_offset ||
            strs->sh_offset > len || strs->sh_size > len - strs->sh_offset) {
            return;
        }
        for (uint64_t off = 0; off + sizeof(Elf64_Sym) <= sh[i].sh_size;
             off += sizeof(Elf64_Sym)) {
            const Elf64_Sym *sym =
                (const Elf64_Sym *)(img + sh[i].sh_offset + off);
            const char *name = (const char *)img + strs->sh_offset +
                               sym->st_name;

            if (ELF64_ST_TYPE(sym->st_info) == STT_FUNC &&
                sym->st_name < strs->sh_size &&
                memchr(name, 0, strs->sh_size - sym->st_name)) {
                symbol_add(sym->st_value, name);
            }
        }
    }
    if (symbols) {
        g_array_sort(symbols, symbol_cmp);
    }
}

/* The name perf shows for guest address PC. */
static char *guest_name(uint64_t pc)
{
    const GuestSymbol *s = symbol_find(pc);

    if (s) {
        return g_strdup_printf("%s+0x%" PRIx64 " [guest 0x%" PRIx64 "]",
                               s->name, pc - s->addr, pc);
    }
    return g_strdup_printf("guest 0x%" PRIx64, pc);
}

/* -- Output ------------------------------------------------------------- */

static void jitdump_write_debug_info(const TranslationBlock *tb)
{
    g_autoptr(GByteArray) rec = g_byte_array_new();
    JitDebugInfo di = {
        .h = { JIT_CODE_DEBUG_INFO, 0, timestamp_ns() },
        .code_addr = (uintptr_t)tb->tc_ptr,
        .nr_entry = tb->icount,
    };

    g_byte_array_append(rec, (const uint8_t *)&di, sizeof(di));
    for (int i = 0; i < tb->icount; i++) {
        uint64_t pc = tb->insn_data[i * TCG_INSN_START_WORDS];
        uint64_t addr = (uintptr_t)tb->tc_ptr +
                        (i ? tb->insn_end_off[i - 1] : 0);
        uint32_t line_discrim[2] = { 1, 0 };
        g_autofree char *file = g_strdup_printf("guest:0x%" PRIx64, pc);

        g_byte_array_append(rec, (const uint8_t *)&addr, 8);
        g_byte_array_append(rec, (const uint8_t *)line_discrim, 8);
        g_byte_array_append(rec, (const uint8_t *)file, strlen(file) + 1);
    }
    ((JitDebugInfo *)rec->data)->h.total_size = rec->len;
    fwrite(rec->data, 1, rec->len, jitdump_file);
}

static void jitdump_write_load(const TranslationBlock *tb, const char *name)
{
    JitCodeLoad rec = {
        .h = { JIT_CODE_LOAD, 0, timestamp_ns() },
        .pid = getpid(),
        .tid = syscall(SYS_gettid),
        .vma = (uintptr_t)tb->tc_ptr,
        .code_addr = (uintptr_t)tb->tc_ptr,
        .code_size = tb->tc_size,
        .code_index = code_index++,
    };

    rec.h.total_size = sizeof(rec) + strlen(name) + 1 + tb->tc_size;
    fwrite(&rec, 1, sizeof(rec), jitdump_file);
    fwrite(name, 1, strlen(name) + 1, jitdump_file);
    fwrite(tb->tc_ptr, 1, tb->tc_size, jitdump_file);
}

void perf_report_tb(const TranslationBlock *tb)
{
    g_autofree char *name = guest_name(tb->pc);

    if (perfmap_file) {
        fprintf(perfmap_file, "%" PRIxPTR " %x %s\n", (uintptr_t)tb->tc_ptr,
                tb->tc_size, name);
        fflush(perfmap_file);
    }
    if (jitdump_file) {
        jitdump_write_debug_info(tb);
        jitdump_write_load(tb, name);
        fflush(jitdump_file);
    }
}

/* -- Set-up ------------------------------------------------------------- */

static bool jitdump_open(char **err)
{
    g_autofree char *path = g_strdup_printf("jit-%d.dump", (int)getpid());
    int fd = open(path, O_CREAT | O_TRUNC | O_RDWR | O_CLOEXEC, 0666);
    JitHeader h = {
        .magic = JITDUMP_MAGIC,
        .version = JITDUMP_VERSION,
        .total_size = sizeof(JitHeader),
        .elf_mach = EM_X86_64,
        .pid = getpid(),
        .timestamp = timestamp_ns(),
    };

    if (fd < 0) {
        *err = g_strdup_printf("-jitdump: %s: %s", path, g_strerror(errno));
        return false;
    }
    /* perf finds the dump through this executable mapping's MMAP event. */
    jitdump_marker = mmap(NULL, sysconf(_SC_PAGESIZE), PROT_READ | PROT_EXEC,
                          MAP_PRIVATE, fd, 0);
    if (jitdump_marker == MAP_FAILED) {
        *err = g_strdup_printf("-jitdump: %s: cannot map: %s", path,
                               g_strerror(errno));
        close(fd);
        return false;
    }
    jitdump_file = fdopen(fd, "w");
    fwrite(&h, 1, sizeof(h), jitdump_file);
    fflush(jitdump_file);
    return true;
}

bool perf_init(bool perfmap, bool jitdump, const char *symbols_file,
               char **err)
{
    if (symbols_file && !load_system_map(symbols_file, err)) {
        g_autofree char *why = *err;

        *err = g_strdup_printf("-perfmap-symbols %s", why);
        return false;
    }
    if (perfmap) {
        g_autofree char *path = g_strdup_printf("/tmp/perf-%d.map",
                                                (int)getpid());

        perfmap_file = fopen(path, "w");
        if (!perfmap_file) {
            *err = g_strdup_printf("-perfmap: %s: %s", path,
                                   g_strerror(errno));
            return false;
        }
    }
    if (jitdump && !jitdump_open(err)) {
        return false;
    }
    perf_enabled = perfmap || jitdump;
    return true;
}

void perf_exit(void)
{
    if (jitdump_file) {
        JitRecordHeader close_rec = {
            JIT_CODE_CLOSE, sizeof(close_rec), timestamp_ns(),
        };

        fwrite(&close_rec, 1, sizeof(close_rec), jitdump_file);
        fclose(jitdump_file);
        munmap(jitdump_marker, sysconf(_SC_PAGESIZE));
        jitdump_file = NULL;
    }
    if (perfmap_file) {
        fclose(perfmap_file);
        perfmap_file = NULL;
    }
    perf_enabled = false;
}
