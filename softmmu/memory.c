/*
 * The memory API (include/exec/memory.h): region trees, their rendering into
 * flat views, and dispatch of guest physical accesses.
 *
 * Data flow: a CPU load/store that misses the TLB, a DMA transfer or a
 * loader calls address_space_ld/st/read/write here; the flat view names the
 * leaf region; RAM and ROM are a memcpy from host memory, MMIO is split or
 * widened to what the device implements and sent to its callbacks.
 *
 * Invariants: a flat view's ranges are sorted, disjoint and non-empty, and
 * each lies inside its leaf region ([offset, offset + len) within mr->size),
 * so a RAM range can never yield a host pointer outside that region's
 * mapping.  Nothing here aborts on a guest address: missing or refused
 * accesses read as all ones and are logged.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <glib.h>

#include "exec/memory.h"
#include "util/error.h"
#include "util/log.h"

static AddressSpace *all_spaces;          /* every initialised space */
static unsigned transaction_depth;        /* nesting of begin/commit */
static bool transaction_pending;          /* a change waits for commit */
static unsigned subregion_seq;            /* source of MemoryRegion.seq */
static MemoryRamWriteHook ram_write_hook; /* see memory_set_ram_write_hook */

void memory_set_ram_write_hook(MemoryRamWriteHook hook)
{
    ram_write_hook = hook;
}

static void notify_ram_write(const uint8_t *host, size_t len)
{
    if (ram_write_hook) {
        ram_write_hook((uintptr_t)host, len);
    }
}

/* -- Regions ------------------------------------------------------------ */

static void region_init_common(MemoryRegion *mr, const char *name,
                               MemoryRegionKind kind, uint64_t size)
{
    if (size == UINT64_MAX) {
        internal_error("memory region %s: size 2^64-1 is not supported", name);
    }
    memset(mr, 0, sizeof(*mr));
    mr->name = name;
    mr->kind = kind;
    mr->size = size;
    mr->enabled = true;
}

void memory_region_init(MemoryRegion *mr, const char *name, uint64_t size)
{
    region_init_common(mr, name, MR_CONTAINER, size);
}

/*
 * Map SIZE bytes of zeroed host memory followed by one inaccessible guard
 * page, so an emulator bug that runs off the end faults at once.
 */
static uint8_t *map_host_memory(uint64_t size)
{
    long page = sysconf(_SC_PAGESIZE);
    uint64_t len = (size + page - 1) & ~(uint64_t)(page - 1);
    uint8_t *p;

    if (len < size || len + page < len) {
        errno = ENOMEM;
        return NULL;
    }
    p = mmap(NULL, len + page, PROT_READ | PROT_WRITE,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
        return NULL;
    }
    if (mprotect(p + len, page, PROT_NONE) != 0) {
        int err = errno;

        munmap(p, len + page);
        errno = err;
        return NULL;
    }
    return p;
}

static bool region_init_host(MemoryRegion *mr, const char *name,
                             MemoryRegionKind kind, uint64_t size)
{
    region_init_common(mr, name, kind, size);
    mr->host = map_host_memory(size);
    if (!mr->host) {
        return false;
    }
    mr->owns_host = true;
    return true;
}

bool memory_region_init_ram(MemoryRegion *mr, const char *name, uint64_t size)
{
    return region_init_host(mr, name, MR_RAM, size);
}

bool memory_region_init_rom(MemoryRegion *mr, const char *name, uint64_t size)
{
    return region_init_host(mr, name, MR_ROM, size);
}

void memory_region_init_ram_ptr(MemoryRegion *mr, const char *name,
                                uint64_t size, void *host)
{
    region_init_common(mr, name, MR_RAM, size);
    mr->host = host;
}

void memory_region_init_io(MemoryRegion *mr, const char *name,
                           const MemoryRegionOps *ops, void *opaque,
                           uint64_t size)
{
    region_init_common(mr, name, MR_IO, size);
    mr->ops = ops;
    mr->opaque = opaque;
}

void memory_region_init_alias(MemoryRegion *mr, const char *name,
                              MemoryRegion *orig, hwaddr offset, uint64_t size)
{
    region_init_common(mr, name, MR_ALIAS, size);
    mr->alias = orig;
    mr->alias_offset = offset;
}

void memory_region_destroy(MemoryRegion *mr)
{
    if (mr->container) {
        internal_error("memory region %s destroyed while mapped in %s",
                       mr->name, mr->container->name);
    }
    if (mr->owns_host) {
        long page = sysconf(_SC_PAGESIZE);
        uint64_t len = (mr->size + page - 1) & ~(uint64_t)(page - 1);

        munmap(mr->host, len + page);
    }
    g_free(mr->subregions);
    memset(mr, 0, sizeof(*mr));
}

/* -- Topology changes --------------------------------------------------- */

static void address_space_render(AddressSpace *as);

/* Re-render every space now, or at the outermost commit. */
static void topology_changed(void)
{
    if (transaction_depth > 0) {
        transaction_pending = true;
        return;
    }
    for (AddressSpace *as = all_spaces; as; as = as->next) {
        address_space_render(as);
    }
}

void memory_region_transaction_begin(void)
{
    transaction_depth++;
}

void memory_region_transaction_commit(void)
{
    if (transaction_depth == 0) {
        internal_error("memory_region_transaction_commit without begin");
    }
    if (--transaction_depth == 0 && transaction_pending) {
        transaction_pending = false;
        topology_changed();
    }
}

/* True if A should be rendered before (wins over) B. */
static bool subregion_wins(const MemoryRegion *a, const MemoryRegion *b)
{
    return a->priority > b->priority
           || (a->priority == b->priority && a->seq > b->seq);
}

void memory_region_add_subregion_overlap(MemoryRegion *container, hwaddr offset,
                                         MemoryRegion *child, int priority)
{
    unsigned i;

    if (container->kind != MR_CONTAINER) {
        internal_error("memory region %s: subregion %s added to a region "
                       "that is not a container",
                       container->name, child->name);
    }
    if (child->container) {
        internal_error("memory region %s is already mapped in %s", child->name,
                       child->container->name);
    }
    child->container = container;
    child->addr = offset;
    child->priority = priority;
    child->seq = ++subregion_seq;

    container->subregions = g_renew(MemoryRegion *, container->subregions,
                                    container->nb_subregions + 1);
    for (i = container->nb_subregions; i > 0; i--) {
        if (!subregion_wins(child, container->subregions[i - 1])) {
            break;
        }
        container->subregions[i] = container->subregions[i - 1];
    }
    container->subregions[i] = child;
    container->nb_subregions++;
    topology_changed();
}

void memory_region_add_subregion(MemoryRegion *container, hwaddr offset,
                                 MemoryRegion *child)
{
    memory_region_add_subregion_overlap(container, offset, child, 0);
}

void memory_region_del_subregion(MemoryRegion *container, MemoryRegion *child)
{
    unsigned i;

    for (i = 0; i < container->nb_subregions; i++) {
        if (container->subregions[i] == child) {
            break;
        }
    }
    if (i == container->nb_subregions) {
        internal_error("memory region %s is not a subregion of %s", child->name,
                       container->name);
    }
    memmove(&container->subregions[i], &container->subregions[i + 1],
            (container->nb_subregions - i - 1) * sizeof(MemoryRegion *));
    container->nb_subregions--;
    child->container = NULL;
    topology_changed();
}

void memory_region_set_enabled(MemoryRegion *mr, bool enabled)
{
    if (mr->enabled != enabled) {
        mr->enabled = enabled;
        topology_changed();
    }
}

void memory_region_set_address(MemoryRegion *mr, hwaddr addr)
{
    if (mr->addr != addr) {
        mr->addr = addr;
        topology_changed();
    }
}

void memory_region_set_alias_offset(MemoryRegion *mr, hwaddr offset)
{
    if (mr->alias_offset != offset) {
        mr->alias_offset = offset;
        topology_changed();
    }
}

void memory_region_set_readonly(MemoryRegion *mr, bool readonly)
{
    if (mr->readonly != readonly) {
        mr->readonly = readonly;
        topology_changed();
    }
}

/* -- Rendering ---------------------------------------------------------- */

/*
 * Add [start, end) -> mr@offset to the sorted VIEW, only where VIEW has
 * holes: ranges already there came from higher-priority regions.
 */
static void view_fill_holes(GArray *view, hwaddr start, hwaddr end,
                            MemoryRegion *mr, hwaddr offset)
{
    unsigned i = 0;
    hwaddr cur = start;

    while (i < view->len && g_array_index(view, FlatRange, i).end <= start) {
        i++;
    }
    while (cur < end) {
        FlatRange *next =
            i < view->len ? &g_array_index(view, FlatRange, i) : NULL;
        if (next && next->start <= cur) {
            cur = MAX(cur, next->end);
            i++;
            continue;
        }
        hwaddr gap_end = next ? MIN(end, next->start) : end;
        FlatRange fr = {
            .start = cur,
            .end = gap_end,
            .mr = mr,
            .offset = offset + (cur - start),
        };
        g_array_insert_val(view, i, fr);
        i++;
        cur = gap_end;
    }
}

/*
 * Render offsets [lo, hi) of MR, which appear in the space starting at
 * address AT.  Containers recurse into their subregions highest priority
 * first; aliases recurse into their target at the aliased offsets.
 */
static void render_region(GArray *view, MemoryRegion *mr, hwaddr at, hwaddr lo,
                          hwaddr hi)
{
    hi = MIN(hi, mr->size);
    if (!mr->enabled || lo >= hi) {
        return;
    }
    switch (mr->kind) {
    case MR_RAM:
    case MR_ROM:
    case MR_IO:
        view_fill_holes(view, at, at + (hi - lo), mr, lo);
        break;
    case MR_ALIAS:
        render_region(view, mr->alias, at, lo + mr->alias_offset,
                      hi + mr->alias_offset);
        break;
    case MR_CONTAINER:
        for (unsigned i = 0; i < mr->nb_subregions; i++) {
            MemoryRegion *sub = mr->subregions[i];
            hwaddr a = MAX(lo, sub->addr);
            hwaddr b = MIN(hi, sub->addr + sub->size);

            if (a < b) {
                render_region(view, sub, at + (a - lo), a - sub->addr,
                              b - sub->addr);
            }
        }
        break;
    }
}

/* Merge neighbours that continue the same region at contiguous offsets. */
static void view_coalesce(GArray *view)
{
    unsigned out = 0;

    for (unsigned i = 0; i < view->len; i++) {
        FlatRange *cur = &g_array_index(view, FlatRange, i);
        FlatRange *prev = out ? &g_array_index(view, FlatRange, out - 1) : NULL;

        if (prev && prev->mr == cur->mr && prev->end == cur->start
            && prev->offset + (prev->end - prev->start) == cur->offset) {
            prev->end = cur->end;
        } else {
            g_array_index(view, FlatRange, out++) = *cur;
        }
    }
    g_array_set_size(view, out);
}

static void address_space_render(AddressSpace *as)
{
    GArray *view = g_array_new(false, false, sizeof(FlatRange));

    render_region(view, as->root, 0, 0, as->root->size);
    view_coalesce(view);
    g_free(as->ranges);
    as->nb_ranges = view->len;
    as->ranges = (FlatRange *)g_array_free(view, false);

    for (MemoryListener *l = as->listeners; l; l = l->next) {
        l->commit(l, as);
    }
}

/* -- Address spaces ----------------------------------------------------- */

void address_space_init(AddressSpace *as, MemoryRegion *root, const char *name)
{
    memset(as, 0, sizeof(*as));
    as->name = name;
    as->root = root;
    as->next = all_spaces;
    all_spaces = as;
    address_space_render(as);
}

void address_space_destroy(AddressSpace *as)
{
    for (AddressSpace **p = &all_spaces; *p; p = &(*p)->next) {
        if (*p == as) {
            *p = as->next;
            break;
        }
    }
    g_free(as->ranges);
    memset(as, 0, sizeof(*as));
}

void memory_listener_register(AddressSpace *as, MemoryListener *l)
{
    l->next = as->listeners;
    as->listeners = l;
}

void memory_listener_unregister(AddressSpace *as, MemoryListener *l)
{
    for (MemoryListener **p = &as->listeners; *p; p = &(*p)->next) {
        if (*p == l) {
            *p = l->next;
            return;
        }
    }
}

/*
 * Binary search: the range holding ADDR, or NULL with *NEXT set to the index
 * of the first range above ADDR (nb_ranges if none).
 */
static const FlatRange *lookup_range(const AddressSpace *as, hwaddr addr,
                                     unsigned *next)
{
    unsigned lo = 0, hi = as->nb_ranges;

    while (lo < hi) {
        unsigned mid = lo + (hi - lo) / 2;
        const FlatRange *fr = &as->ranges[mid];

        if (addr < fr->start) {
            hi = mid;
        } else if (addr >= fr->end) {
            lo = mid + 1;
        } else {
            return fr;
        }
    }
    *next = lo;
    return NULL;
}

const FlatRange *address_space_lookup(const AddressSpace *as, hwaddr addr)
{
    unsigned next;

    return lookup_range(as, addr, &next);
}

uint8_t *address_space_map(const AddressSpace *as, hwaddr addr, hwaddr *len,
                           bool is_write)
{
    const FlatRange *fr = address_space_lookup(as, addr);
    MemoryRegion *mr;

    if (!fr) {
        return NULL;
    }
    mr = fr->mr;
    if (mr->kind == MR_IO
        || (is_write && (mr->kind == MR_ROM || mr->readonly))) {
        return NULL;
    }
    *len = MIN(*len, fr->end - addr);
    return mr->host + fr->offset + (addr - fr->start);
}

void address_space_dump(const AddressSpace *as, void *file)
{
    static const char *const kind_names[] = {
        [MR_CONTAINER] = "container",
        [MR_RAM] = "ram",
        [MR_ROM] = "rom",
        [MR_IO] = "i/o",
        [MR_ALIAS] = "alias",
    };
    FILE *f = file;

    fprintf(f, "address-space: %s\n", as->name);
    for (unsigned i = 0; i < as->nb_ranges; i++) {
        const FlatRange *fr = &as->ranges[i];

        fprintf(f, "  %016" PRIx64 "-%016" PRIx64 " (%s%s) %s @%" PRIx64 "\n",
                fr->start, fr->end - 1, kind_names[fr->mr->kind],
                fr->mr->readonly ? ", readonly" : "", fr->mr->name, fr->offset);
    }
}

/* -- Device dispatch ---------------------------------------------------- */

static uint64_t size_mask(unsigned size)
{
    return size >= 8 ? UINT64_MAX : (UINT64_C(1) << (size * 8)) - 1;
}

static unsigned limit_min(const MemoryAccessLimits *l)
{
    return l->min_size ? l->min_size : 1;
}

static unsigned limit_max(const MemoryAccessLimits *l)
{
    return l->max_size ? l->max_size : 4;
}

/* Does the device accept this access at all (ops->valid)? */
static bool access_valid(const MemoryRegion *mr, hwaddr off, unsigned size)
{
    const MemoryAccessLimits *v = &mr->ops->valid;

    return size >= limit_min(v) && size <= limit_max(v)
           && (v->unaligned || (off & (size - 1)) == 0);
}

/*
 * Perform an accepted access with the unit sizes the callbacks implement
 * (ops->impl): the access is covered by aligned units of the nearest
 * implemented size, lowest address first.  A narrow write is widened with
 * zeroes in the bytes outside it, as QEMU does; devices that care declare
 * impl.min_size 1.
 */
static void access_units(MemoryRegion *mr, hwaddr off, unsigned size,
                         uint64_t *val, bool is_write)
{
    const MemoryRegionOps *ops = mr->ops;
    unsigned unit =
        MIN(MAX(size, limit_min(&ops->impl)), limit_max(&ops->impl));
    hwaddr first = off & ~(hwaddr)(unit - 1);
    hwaddr end = off + size;
    uint64_t result = 0;

    if (ops->impl.unaligned && unit == size) {
        first = off;
    }
    for (hwaddr a = first; a < end; a += unit) {
        hwaddr lo = MAX(a, off); /* overlap [lo, hi) */
        hwaddr hi = MIN(a + unit, end);
        unsigned in_unit = (lo - a) * 8;  /* bit position in unit */
        unsigned in_val = (lo - off) * 8; /* bit position in *val */
        uint64_t mask = size_mask(hi - lo);

        if (is_write) {
            uint64_t part = (*val >> in_val) & mask;

            ops->write(mr->opaque, a, part << in_unit, unit);
        } else {
            uint64_t part = ops->read(mr->opaque, a, unit);

            result |= ((part >> in_unit) & mask) << in_val;
        }
    }
    if (!is_write) {
        *val = result;
    }
}

static MemTxResult io_access(MemoryRegion *mr, hwaddr off, unsigned size,
                             uint64_t *val, bool is_write)
{
    if (!access_valid(mr, off, size)
        || (is_write ? !mr->ops->write : !mr->ops->read)) {
        qlog_mask(LOG_GUEST_ERRORS,
                  "%s: invalid %s of %u bytes at offset 0x%" PRIx64 "\n",
                  mr->name, is_write ? "write" : "read", size, off);
        if (!is_write) {
            *val = size_mask(size);
        }
        return MEMTX_REJECTED;
    }
    access_units(mr, off, size, val, is_write);
    return MEMTX_OK;
}

static MemTxResult unassigned_access(AddressSpace *as, hwaddr addr,
                                     unsigned size, uint64_t *val,
                                     bool is_write)
{
    if (is_write) {
        qlog_mask(LOG_UNIMP,
                  "%s: unassigned write of %u bytes at 0x%" PRIx64
                  " value 0x%" PRIx64 "\n",
                  as->name, size, addr, *val);
    } else {
        qlog_mask(LOG_UNIMP,
                  "%s: unassigned read of %u bytes at 0x%" PRIx64 "\n",
                  as->name, size, addr);
        *val = size_mask(size);
    }
    return MEMTX_UNASSIGNED;
}

/* One access that lies inside one flat range. */
static MemTxResult range_access(AddressSpace *as, const FlatRange *fr,
                                hwaddr addr, unsigned size, uint64_t *val,
                                bool is_write, bool force_rom)
{
    MemoryRegion *mr = fr->mr;
    hwaddr off = fr->offset + (addr - fr->start);

    if (mr->kind == MR_IO) {
        return io_access(mr, off, size, val, is_write);
    }
    if (!is_write) {
        *val = 0;
        memcpy(val, mr->host + off, size); /* host is little-endian */
        return MEMTX_OK;
    }
    if ((mr->kind == MR_ROM || mr->readonly) && !force_rom) {
        qlog_mask(LOG_GUEST_ERRORS,
                  "%s: write of %u bytes to read-only %s "
                  "at 0x%" PRIx64 " dropped\n",
                  as->name, size, mr->name, addr);
        return MEMTX_READONLY;
    }
    memcpy(mr->host + off, val, size);
    notify_ram_write(mr->host + off, size);
    return MEMTX_OK;
}

/*
 * Any access of SIZE bytes: within one range it goes to that region; one
 * that straddles a range boundary or the end of memory is done a byte at a
 * time (which is what the bus would see from a misaligned CPU access).
 */
static MemTxResult space_access(AddressSpace *as, hwaddr addr, unsigned size,
                                uint64_t *val, bool is_write, bool force_rom)
{
    unsigned next;
    const FlatRange *fr = lookup_range(as, addr, &next);
    MemTxResult res = MEMTX_OK;
    uint64_t result = 0;

    if (fr && addr + size <= fr->end && addr + size > addr) {
        return range_access(as, fr, addr, size, val, is_write, force_rom);
    }
    if (!fr
        && (next == as->nb_ranges || as->ranges[next].start - addr >= size)) {
        return unassigned_access(as, addr, size, val, is_write);
    }
    for (unsigned i = 0; i < size; i++) {
        uint64_t byte = is_write ? (*val >> (i * 8)) & 0xff : 0;

        res |= space_access(as, addr + i, 1, &byte, is_write, force_rom);
        result |= byte << (i * 8);
    }
    if (!is_write) {
        *val = result;
    }
    return res;
}

static void check_size(unsigned size)
{
    if (size != 1 && size != 2 && size != 4 && size != 8) {
        internal_error("memory access of %u bytes", size);
    }
}

MemTxResult address_space_ld(AddressSpace *as, hwaddr addr, unsigned size,
                             uint64_t *val)
{
    check_size(size);
    return space_access(as, addr, size, val, false, false);
}

MemTxResult address_space_st(AddressSpace *as, hwaddr addr, unsigned size,
                             uint64_t val)
{
    check_size(size);
    val &= size_mask(size);
    return space_access(as, addr, size, &val, true, false);
}

/* -- Buffer transfers --------------------------------------------------- */

/* Largest natural access (8, 4, 2, 1) that fits LEN bytes at aligned ADDR. */
static unsigned buffer_unit(hwaddr addr, size_t len)
{
    unsigned unit = 8;

    while (unit > 1 && (unit > len || (addr & (unit - 1)))) {
        unit /= 2;
    }
    return unit;
}

static MemTxResult space_rw(AddressSpace *as, hwaddr addr, uint8_t *buf,
                            size_t len, bool is_write, bool force_rom)
{
    MemTxResult res = MEMTX_OK;

    while (len > 0) {
        const FlatRange *fr = address_space_lookup(as, addr);
        size_t chunk;

        if (fr && fr->mr->kind != MR_IO) {
            /* RAM or ROM: copy as much of the range as is asked for. */
            MemoryRegion *mr = fr->mr;
            uint8_t *host = mr->host + fr->offset + (addr - fr->start);

            chunk = MIN(len, fr->end - addr);
            if (!is_write) {
                memcpy(buf, host, chunk);
            } else if ((mr->kind == MR_ROM || mr->readonly) && !force_rom) {
                res |= MEMTX_READONLY;
            } else {
                memcpy(host, buf, chunk);
                notify_ram_write(host, chunk);
            }
        } else {
            uint64_t val = 0;

            chunk = buffer_unit(addr, len);
            if (fr) {
                const MemoryRegionOps *ops = fr->mr->ops;

                chunk = MIN(chunk, fr->end - addr);
                while (chunk > limit_max(&ops->valid) && chunk > 1) {
                    chunk /= 2;
                }
                chunk = buffer_unit(addr, chunk);
            }
            if (is_write) {
                memcpy(&val, buf, chunk);
            }
            res |= space_access(as, addr, chunk, &val, is_write, force_rom);
            if (!is_write) {
                memcpy(buf, &val, chunk);
            }
        }
        addr += chunk;
        buf += chunk;
        len -= chunk;
    }
    return res;
}

MemTxResult address_space_read(AddressSpace *as, hwaddr addr, void *buf,
                               size_t len)
{
    return space_rw(as, addr, buf, len, false, false);
}

MemTxResult address_space_write(AddressSpace *as, hwaddr addr, const void *buf,
                                size_t len)
{
    return space_rw(as, addr, (uint8_t *)buf, len, true, false);
}

MemTxResult address_space_write_rom(AddressSpace *as, hwaddr addr,
                                    const void *buf, size_t len)
{
    return space_rw(as, addr, (uint8_t *)buf, len, true, true);
}
