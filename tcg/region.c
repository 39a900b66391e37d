/*
 * The code buffer: one mapping, a bump pointer, flushed whole when full.
 * See include/tcg/tcg-region.h for the contract.
 *
 * Placement: generated code calls helpers in the emulator binary and loads
 * from its data; a rel32 reaches +-2 GiB, so the executable view is asked
 * for just below the emulator's text (MAP_FIXED_NOREPLACE, which fails
 * rather than clobber a mapping).  If that fails the kernel picks the
 * address and calls go through a register instead.
 */
#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>

#include "tcg/tcg-region.h"
#include "util/error.h"

intptr_t tcg_splitwx_diff;

static struct {
    uint8_t *rw;           /* start, writable view (== rx without split) */
    uint8_t *rx;           /* start, executable view */
    size_t size;           /* bytes mapped (each view) */
    uint8_t *ptr;          /* bump pointer, RW view */
    uint8_t *floor;        /* where a reset returns to (after the prologue) */
    bool split_wx;         /* two views of one memfd */
    unsigned long flushes; /* tcg_region_reset calls */
} region;

static size_t round_up(size_t v, size_t align)
{
    return (v + align - 1) & ~(align - 1);
}

/* An address just below our own text, SIZE bytes long, 2 MiB aligned. */
static void *near_text_hint(size_t size)
{
    uintptr_t text = (uintptr_t)&tcg_region_init & ~(uintptr_t)0x1fffff;
    size_t span = round_up(size, 0x200000) + 0x200000;

    return text > span ? (void *)(text - span) : NULL;
}

/* mmap, first at HINT without replacing anything, then anywhere. */
static void *map_near(void *hint, size_t size, int prot, int flags, int fd)
{
    void *p = MAP_FAILED;

    if (hint) {
        p = mmap(hint, size, prot, flags | MAP_FIXED_NOREPLACE, fd, 0);
        /* Kernels before 4.17 treat the flag as a plain hint. */
        if (p != MAP_FAILED && p != hint) {
            munmap(p, size);
            p = MAP_FAILED;
        }
    }
    if (p == MAP_FAILED) {
        p = mmap(NULL, size, prot, flags, fd, 0);
    }
    return p;
}

static int map_single(size_t size)
{
    void *p =
        map_near(near_text_hint(size), size, PROT_READ | PROT_WRITE | PROT_EXEC,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1);

    if (p == MAP_FAILED) {
        return -errno;
    }
    region.rw = region.rx = p;
    return 0;
}

static int map_split(size_t size)
{
    int fd = memfd_create("peregrine-jit", MFD_CLOEXEC);
    void *rx, *rw;
    int err;

    if (fd < 0) {
        return -errno;
    }
    if (ftruncate(fd, size) < 0) {
        goto fail;
    }
    rx = map_near(near_text_hint(size), size, PROT_READ | PROT_EXEC, MAP_SHARED,
                  fd);
    if (rx == MAP_FAILED) {
        goto fail;
    }
    rw = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (rw == MAP_FAILED) {
        err = -errno;
        munmap(rx, size);
        close(fd);
        return err;
    }
    /* The mappings keep the memfd alive. */
    close(fd);
    region.rw = rw;
    region.rx = rx;
    return 0;

fail:
    err = -errno;
    close(fd);
    return err;
}

int tcg_region_init(size_t size, bool split_wx)
{
    size_t page = sysconf(_SC_PAGESIZE);
    int err;

    if (size == 0) {
        size = TCG_REGION_DEFAULT_SIZE;
    }
    size = size < TCG_REGION_MIN_SIZE   ? TCG_REGION_MIN_SIZE
           : size > TCG_REGION_MAX_SIZE ? TCG_REGION_MAX_SIZE
                                        : size;
    size = round_up(size, page);

    tcg_region_destroy();
    err = split_wx ? map_split(size) : map_single(size);
    if (err) {
        return err;
    }
    region.size = size;
    region.split_wx = split_wx;
    region.ptr = region.floor = region.rw;
    region.flushes = 0;
    tcg_splitwx_diff = region.rx - region.rw;
    return 0;
}

void tcg_region_destroy(void)
{
    if (!region.rw) {
        return;
    }
    munmap(region.rw, region.size);
    if (region.rx != region.rw) {
        munmap(region.rx, region.size);
    }
    region.rw = region.rx = region.ptr = region.floor = NULL;
    region.size = 0;
    tcg_splitwx_diff = 0;
}

bool tcg_region_split_wx(void)
{
    return region.split_wx;
}

size_t tcg_region_size(void)
{
    return region.size;
}

size_t tcg_region_used(void)
{
    return region.ptr - region.rw;
}

unsigned long tcg_region_flush_count(void)
{
    return region.flushes;
}

void *tcg_region_ptr(void)
{
    return region.ptr;
}

void *tcg_region_high_water(void)
{
    return region.rw + region.size - TCG_REGION_HIGHWATER;
}

void tcg_region_commit(void *end)
{
    uint8_t *e = end;
    uint8_t *limit = region.rw + region.size;
    uintptr_t aligned;

    if (e < region.ptr || e > limit) {
        internal_error("tcg_region_commit: end %p outside [%p, %p]", end,
                       (void *)region.ptr, (void *)limit);
    }
    aligned = round_up((uintptr_t)e, TCG_REGION_TB_ALIGN);
    region.ptr = aligned > (uintptr_t)limit ? limit : (uint8_t *)aligned;
}

void tcg_region_set_floor(void)
{
    region.floor = region.ptr;
}

void tcg_region_reset(void)
{
    region.ptr = region.floor;
    region.flushes++;
}

bool tcg_region_contains_rx(const void *rx)
{
    const uint8_t *p = rx;

    return p >= region.rx && p < region.rx + region.size;
}

void tcg_region_flush_icache(const void *rx, size_t len)
{
    /* x86 keeps instruction fetch coherent with stores: nothing to do. */
}
