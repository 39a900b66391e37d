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
 *
 * Both files are appended through a shared mapping (PerfOut): the bytes
 * are in the page cache as soon as they are written.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "exec/guest-image.h"
#include "exec/perf.h"
#include "tcg/tcg.h"
#include "util/file.h"

#define JITDUMP_MAGIC   0x4A695444
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

/*
 * An output file written through a shared mapping: appended bytes are in
 * the page cache at once, so a crash of the emulator loses nothing already
 * written, yet appending costs no system call (a write per TB cost about
 * 1% of a Linux boot).  The file grows by doubling, at least OUT_CHUNK at
 * a time; until out_close() truncates it to LEN, the tail past LEN reads
 * as FILL bytes.
 */
typedef struct PerfOut {
    bool open;   /* fd is open */
    bool failed; /* growing failed: output stopped */
    int fd;
    uint8_t fill;  /* what the unwritten tail reads as */
    uint8_t *base; /* shared mapping of the file's SIZE bytes */
    size_t size;   /* file and mapping size */
    size_t len;    /* bytes written */
    char *path;    /* for messages */
} PerfOut;

#define OUT_CHUNK        (1u << 20)
#define PERFMAP_LINE_MAX 512 /* longest map line; names are cut there */

bool perf_enabled;
static PerfOut perfmap_out;
static PerfOut jitdump_out;
static void *jitdump_marker; /* the executable mapping perf sees */
static uint64_t code_index;
static GArray *symbols; /* of GuestSymbol, sorted by addr */

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
    GuestSymbol s = {addr, g_strdup(name)};

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
        if (sscanf(line, "%llx %c %255s", &addr, &type, name) == 3
            && (type == 't' || type == 'T' || type == 'w' || type == 'W')) {
            symbol_add(addr, name);
            n++;
        }
    }
    if (n == 0) {
        *err = g_strdup_printf("%s: no text symbols (not a System.map or "
                               "kallsyms file)",
                               path);
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
    if (!perf_enabled || len < sizeof(*eh) || memcmp(img, ELFMAG, SELFMAG) != 0
        || img[EI_CLASS] != ELFCLASS64 || eh->e_shentsize != sizeof(*sh)
        || eh->e_shoff > len
        || (uint64_t)eh->e_shnum * sizeof(*sh) > len - eh->e_shoff) {
        return;
    }
    sh = (const Elf64_Shdr *)(img + eh->e_shoff);
    for (unsigned i = 0; i < eh->e_shnum; i++) {
        const Elf64_Shdr *strs;

        if (sh[i].sh_type != SHT_SYMTAB || sh[i].sh_link >= eh->e_shnum) {
            continue;
        }
        strs = &sh[sh[i].sh_link];
        if (sh[i].sh_offset > len || sh[i].sh_size > len - sh[i].sh_offset
            || strs->sh_offset > len || strs->sh_size > len - strs->sh_offset) {
            return;
        }
        for (uint64_t off = 0; off + sizeof(Elf64_Sym) <= sh[i].sh_size;
             off += sizeof(Elf64_Sym)) {
            const Elf64_Sym *sym =
                (const Elf64_Sym *)(img + sh[i].sh_offset + off);
            const char *name =
                (const char *)img + strs->sh_offset + sym->st_name;

            if (ELF64_ST_TYPE(sym->st_info) == STT_FUNC
                && sym->st_name < strs->sh_size
                && memchr(name, 0, strs->sh_size - sym->st_name)) {
                symbol_add(sym->st_value, name);
            }
        }
    }
    if (symbols) {
        g_array_sort(symbols, symbol_cmp);
    }
}

void guest_image_loaded(const uint8_t *image, size_t len)
{
    perf_add_elf_symbols(image, len);
}

/*
 * Write the name perf shows for guest address PC into BUF (at most N
 * bytes, truncated); returns its length.
 */
static size_t guest_name(char *buf, size_t n, uint64_t pc)
{
    const GuestSymbol *s = symbol_find(pc);
    int len;

    if (s) {
        len = snprintf(buf, n, "%s+0x%" PRIx64 " [guest 0x%" PRIx64 "]",
                       s->name, pc - s->addr, pc);
    } else {
        len = snprintf(buf, n, "guest 0x%" PRIx64, pc);
    }
    return MIN((size_t)len, n - 1);
}

/* -- Output files ------------------------------------------------------- */

/*
 * Grow O's file and mapping so that N more bytes fit.  On failure the
 * output stops (one warning) and false is returned.
 */
static bool out_grow(PerfOut *o, size_t n)
{
    size_t size = MAX(o->size * 2,
                      (o->len + n + OUT_CHUNK - 1) & ~(size_t)(OUT_CHUNK - 1));
    void *base;

    if (ftruncate(o->fd, size) < 0) {
        goto fail;
    }
    base = o->base
               ? mremap(o->base, o->size, size, MREMAP_MAYMOVE)
               : mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, o->fd, 0);
    if (base == MAP_FAILED) {
        goto fail;
    }
    if (o->fill) {
        memset((uint8_t *)base + o->size, o->fill, size - o->size);
    }
    o->base = base;
    o->size = size;
    return true;

fail:
    fprintf(stderr, "peregrine: %s: %s; no more output to it\n", o->path,
            g_strerror(errno));
    o->failed = true;
    return false;
}

/*
 * Room for at most N bytes at the end of O, or NULL if the output has
 * stopped; out_commit() then appends the bytes actually written there.
 */
static uint8_t *out_reserve(PerfOut *o, size_t n)
{
    if (o->failed || (o->len + n > o->size && !out_grow(o, n))) {
        return NULL;
    }
    return o->base + o->len;
}

static void out_commit(PerfOut *o, size_t n)
{
    o->len += n;
}

static void out_write(PerfOut *o, const void *p, size_t n)
{
    uint8_t *dst = out_reserve(o, n);

    if (dst) {
        memcpy(dst, p, n);
        out_commit(o, n);
    }
}

/* Open PATH for O (truncated); false with *ERR set. */
static bool out_open(PerfOut *o, const char *path, uint8_t fill, char **err)
{
    *o = (PerfOut){.fill = fill, .path = g_strdup(path)};
    o->fd = open(path, O_CREAT | O_TRUNC | O_RDWR | O_CLOEXEC, 0666);
    if (o->fd < 0) {
        *err = g_strdup_printf("%s: %s", path, g_strerror(errno));
        g_free(o->path);
        return false;
    }
    o->open = true;
    return true;
}

/* Truncate O's file to what was written and close it. */
static void out_close(PerfOut *o)
{
    if (!o->open) {
        return;
    }
    if (o->base) {
        munmap(o->base, o->size);
    }
    if (ftruncate(o->fd, o->len) < 0) {
        fprintf(stderr, "peregrine: %s: %s\n", o->path, g_strerror(errno));
    }
    close(o->fd);
    g_free(o->path);
    *o = (PerfOut){0};
}

/* -- Records ------------------------------------------------------------ */

static void perfmap_write(const TranslationBlock *tb)
{
    char *dst = (char *)out_reserve(&perfmap_out, PERFMAP_LINE_MAX);
    int len;

    if (!dst) {
        return;
    }
    len = snprintf(dst, PERFMAP_LINE_MAX, "%" PRIxPTR " %x ",
                   (uintptr_t)tb->tc_ptr, tb->tc_size);
    len += guest_name(dst + len, PERFMAP_LINE_MAX - len - 1, tb->pc);
    dst[len++] = '\n';
    out_commit(&perfmap_out, len);
}

static void jitdump_write_debug_info(const TranslationBlock *tb)
{
    /* Per entry: u64 addr, u32 line, u32 discriminator, "guest:0x%llx". */
    enum { ENTRY_MAX = 16 + sizeof("guest:0x") + 16 };
    uint8_t *rec = out_reserve(&jitdump_out,
                               sizeof(JitDebugInfo) + tb->icount * ENTRY_MAX);
    size_t len = sizeof(JitDebugInfo);

    if (!rec) {
        return;
    }
    for (int i = 0; i < tb->icount; i++) {
        uint64_t pc = tb->insn_data[i * TCG_INSN_START_WORDS];
        uint64_t addr =
            (uintptr_t)tb->tc_ptr + (i ? tb->insn_end_off[i - 1] : 0);
        uint32_t line_discrim[2] = {1, 0};

        memcpy(rec + len, &addr, 8);
        memcpy(rec + len + 8, line_discrim, 8);
        len += 16;
        len += sprintf((char *)rec + len, "guest:0x%" PRIx64, pc) + 1;
    }
    memcpy(rec,
           &(JitDebugInfo){
               .h = {JIT_CODE_DEBUG_INFO, len, timestamp_ns()},
               .code_addr = (uintptr_t)tb->tc_ptr,
               .nr_entry = tb->icount,
           },
           sizeof(JitDebugInfo));
    out_commit(&jitdump_out, len);
}

static void jitdump_write_load(const TranslationBlock *tb)
{
    static __thread uint32_t tid;
    char name[PERFMAP_LINE_MAX];
    size_t name_len = guest_name(name, sizeof(name), tb->pc) + 1;
    JitCodeLoad rec = {
        .h = {JIT_CODE_LOAD, sizeof(rec) + name_len + tb->tc_size,
              timestamp_ns()},
        .pid = getpid(),
        .vma = (uintptr_t)tb->tc_ptr,
        .code_addr = (uintptr_t)tb->tc_ptr,
        .code_size = tb->tc_size,
        .code_index = code_index++,
    };

    if (!tid) {
        tid = syscall(SYS_gettid);
    }
    rec.tid = tid;
    out_write(&jitdump_out, &rec, sizeof(rec));
    out_write(&jitdump_out, name, name_len);
    out_write(&jitdump_out, tb->tc_ptr, tb->tc_size);
}

void perf_report_tb(const TranslationBlock *tb)
{
    if (perfmap_out.open) {
        perfmap_write(tb);
    }
    if (jitdump_out.open) {
        jitdump_write_debug_info(tb);
        jitdump_write_load(tb);
    }
}

/* -- Set-up ------------------------------------------------------------- */

static bool jitdump_open(char **err)
{
    g_autofree char *path = g_strdup_printf("jit-%d.dump", (int)getpid());
    JitHeader h = {
        .magic = JITDUMP_MAGIC,
        .version = JITDUMP_VERSION,
        .total_size = sizeof(JitHeader),
        .elf_mach = EM_X86_64,
        .pid = getpid(),
        .timestamp = timestamp_ns(),
    };

    if (!out_open(&jitdump_out, path, 0, err)) {
        return false;
    }
    /* perf finds the dump through this executable mapping's MMAP event. */
    jitdump_marker = mmap(NULL, sysconf(_SC_PAGESIZE), PROT_READ | PROT_EXEC,
                          MAP_PRIVATE, jitdump_out.fd, 0);
    if (jitdump_marker == MAP_FAILED) {
        *err = g_strdup_printf("%s: cannot map: %s", path, g_strerror(errno));
        out_close(&jitdump_out);
        return false;
    }
    out_write(&jitdump_out, &h, sizeof(h));
    return true;
}

bool perf_init(bool perfmap, bool jitdump, const char *symbols_file, char **err)
{
    if (symbols_file && !load_system_map(symbols_file, err)) {
        g_autofree char *why = *err;

        *err = g_strdup_printf("-perfmap-symbols %s", why);
        return false;
    }
    if (perfmap) {
        g_autofree char *path =
            g_strdup_printf("/tmp/perf-%d.map", (int)getpid());

        /* A crash leaves blank lines after the last one, which perf skips. */
        if (!out_open(&perfmap_out, path, '\n', err)) {
            g_autofree char *why = *err;

            *err = g_strdup_printf("-perfmap: %s", why);
            return false;
        }
    }
    if (jitdump && !jitdump_open(err)) {
        g_autofree char *why = *err;

        *err = g_strdup_printf("-jitdump: %s", why);
        out_close(&perfmap_out);
        return false;
    }
    perf_enabled = perfmap || jitdump;
    return true;
}

void perf_exit(void)
{
    if (jitdump_out.open) {
        JitRecordHeader close_rec = {
            JIT_CODE_CLOSE,
            sizeof(close_rec),
            timestamp_ns(),
        };

        out_write(&jitdump_out, &close_rec, sizeof(close_rec));
        munmap(jitdump_marker, sysconf(_SC_PAGESIZE));
        out_close(&jitdump_out);
    }
    out_close(&perfmap_out);
    perf_enabled = false;
}
