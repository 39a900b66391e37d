/*
 * The memory API: guest physical address spaces built from regions.
 *
 * A MemoryRegion is RAM (host memory the guest reads and writes directly),
 * ROM (host memory the guest only reads), MMIO (a device's read/write
 * callbacks), an alias (a window onto part of another region) or a container
 * (a region made of subregions).  Subregions are placed at an offset inside
 * their container with a priority; where two overlap, the higher priority
 * wins, and a disabled subregion is as if absent.  That is enough for the PC's
 * PAM shadowing (toggle which of two overlapping regions is enabled) and the
 * A20 alias (an alias of the whole memory, mapped again at an offset).
 *
 * An AddressSpace renders its root region's tree into a FlatView: a sorted
 * array of disjoint ranges, each naming the leaf region behind it.  Lookups
 * are a binary search of that array; the tree is re-rendered only when the
 * topology changes, and listeners (the TLB) are told after each change.
 *
 * Accesses that hit no region are "unassigned": reads return all ones,
 * writes are dropped, and both are logged under -d unimp.  Accesses a
 * device does not accept (size or alignment outside its `valid` limits) are
 * treated the same way and logged under -d guest_errors.
 *
 * Context: topology changes and dispatch happen on the vCPU thread, the
 * only thread that touches the memory API (all vCPUs run round-robin on
 * it), so no lock is taken.  Nothing here ever aborts on a guest address.
 */
#ifndef EXEC_MEMORY_H
#define EXEC_MEMORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A guest physical address, or an offset inside a region. */
typedef uint64_t hwaddr;

/* Outcome of an access, for callers that care (DMA, debugger, loaders). */
typedef enum MemTxResult {
    MEMTX_OK = 0,
    MEMTX_UNASSIGNED = 1, /* no region: reads gave all ones */
    MEMTX_REJECTED = 2,   /* region refused the size/alignment */
    MEMTX_READONLY = 4,   /* a write to ROM or read-only RAM was dropped */
} MemTxResult;

/* Access-size limits of a device, in bytes (1, 2, 4 or 8). */
typedef struct MemoryAccessLimits {
    unsigned min_size; /* 0 means 1 */
    unsigned max_size; /* 0 means 4 */
    bool unaligned;    /* accepts accesses not aligned to their size */
} MemoryAccessLimits;

/*
 * A device's callbacks.  `addr` is the offset inside the region; `size` is
 * 1, 2, 4 or 8 and always within `impl`; values are little-endian numbers.
 *
 * `valid` says what the guest may do: an access outside it is rejected
 * (reads all ones, writes dropped).  `impl` says what the callbacks handle:
 * an accepted access is split into several (narrower than impl.min is
 * widened to a read of the enclosing aligned unit; wider than impl.max is
 * split into aligned pieces, lowest address first) before reaching them.
 */
typedef struct MemoryRegionOps {
    uint64_t (*read)(void *opaque, hwaddr addr, unsigned size);
    void (*write)(void *opaque, hwaddr addr, uint64_t val, unsigned size);
    MemoryAccessLimits valid;
    MemoryAccessLimits impl;
} MemoryRegionOps;

typedef enum MemoryRegionKind {
    MR_CONTAINER, /* only subregions; holes are unassigned */
    MR_RAM,       /* host memory, read and write */
    MR_ROM,       /* host memory, writes dropped */
    MR_IO,        /* device callbacks */
    MR_ALIAS,     /* window onto another region */
} MemoryRegionKind;

typedef struct MemoryRegion MemoryRegion;
typedef struct AddressSpace AddressSpace;

struct MemoryRegion {
    const char *name; /* for logs; not owned */
    MemoryRegionKind kind;
    uint64_t size; /* bytes; UINT64_MAX is not allowed */
    bool enabled;  /* false: ignored by rendering */
    bool readonly; /* RAM only: writes dropped (PAM read-only) */

    /* MR_RAM / MR_ROM */
    uint8_t *host;  /* host memory of [0, size) */
    bool owns_host; /* host was mapped by us; unmapped at destroy */

    /* MR_IO */
    const MemoryRegionOps *ops;
    void *opaque;

    /* MR_ALIAS */
    MemoryRegion *alias; /* the region looked through */
    hwaddr alias_offset; /* offset in `alias` of this region's 0 */

    /* Placement inside the container, set by memory_region_add_subregion. */
    MemoryRegion *container;
    hwaddr addr;  /* offset in the container */
    int priority; /* higher wins where subregions overlap */
    unsigned seq; /* insertion order; later wins a tie */

    /* MR_CONTAINER: subregions, highest priority first. */
    MemoryRegion **subregions;
    unsigned nb_subregions;
};

/* One range of a rendered address space: [start, end) -> mr at offset. */
typedef struct FlatRange {
    hwaddr start;
    hwaddr end;       /* exclusive */
    MemoryRegion *mr; /* a leaf: RAM, ROM or IO */
    hwaddr offset;    /* offset in mr of `start` */
} FlatRange;

/* Told after an address space's topology changed (e.g. to flush TLBs). */
typedef struct MemoryListener MemoryListener;
struct MemoryListener {
    void (*commit)(MemoryListener *l, AddressSpace *as);
    MemoryListener *next; /* private to memory.c */
};

struct AddressSpace {
    const char *name;
    MemoryRegion *root;
    FlatRange *ranges; /* rendered view, sorted by start */
    unsigned nb_ranges;
    MemoryListener *listeners;
    AddressSpace *next; /* in the list of all spaces, private */
};

/* -- Regions ------------------------------------------------------------ */

/* A container of SIZE bytes; its holes are unassigned. */
void memory_region_init(MemoryRegion *mr, const char *name, uint64_t size);

/*
 * RAM of SIZE bytes in its own anonymous mapping, zero-filled, with an
 * inaccessible guard page after it.  Returns false (errno set) if the host
 * cannot map it; the caller reports the error.
 */
bool memory_region_init_ram(MemoryRegion *mr, const char *name, uint64_t size)
    __attribute__((warn_unused_result));

/* RAM backed by host memory the caller owns (must outlive the region). */
void memory_region_init_ram_ptr(MemoryRegion *mr, const char *name,
                                uint64_t size, void *host);

/* ROM: like RAM but guest writes are dropped; load it through `host`. */
bool memory_region_init_rom(MemoryRegion *mr, const char *name, uint64_t size)
    __attribute__((warn_unused_result));

/* MMIO or port I/O handled by OPS with OPAQUE. */
void memory_region_init_io(MemoryRegion *mr, const char *name,
                           const MemoryRegionOps *ops, void *opaque,
                           uint64_t size);

/* A window of SIZE bytes onto ORIG starting at ORIG's offset OFFSET. */
void memory_region_init_alias(MemoryRegion *mr, const char *name,
                              MemoryRegion *orig, hwaddr offset, uint64_t size);

/* Unmap memory the region mapped itself.  It must not be mapped anywhere. */
void memory_region_destroy(MemoryRegion *mr);

/* Place CHILD at OFFSET in CONTAINER with priority 0. */
void memory_region_add_subregion(MemoryRegion *container, hwaddr offset,
                                 MemoryRegion *child);

/* Place CHILD at OFFSET in CONTAINER; it hides lower-priority overlaps. */
void memory_region_add_subregion_overlap(MemoryRegion *container, hwaddr offset,
                                         MemoryRegion *child, int priority);

void memory_region_del_subregion(MemoryRegion *container, MemoryRegion *child);

/* Topology changes: each re-renders the spaces the region is in. */
void memory_region_set_enabled(MemoryRegion *mr, bool enabled);
void memory_region_set_address(MemoryRegion *mr, hwaddr addr);
void memory_region_set_alias_offset(MemoryRegion *mr, hwaddr offset);
void memory_region_set_readonly(MemoryRegion *mr, bool readonly);

/* Host pointer of a RAM/ROM region's offset 0; NULL for other kinds. */
static inline uint8_t *memory_region_get_host(const MemoryRegion *mr)
{
    return mr->host;
}

/*
 * Group several topology changes into one re-render: changes between
 * begin and commit are rendered once, at the outermost commit.
 */
void memory_region_transaction_begin(void);
void memory_region_transaction_commit(void);

/* -- Address spaces ----------------------------------------------------- */

void address_space_init(AddressSpace *as, MemoryRegion *root, const char *name);
void address_space_destroy(AddressSpace *as);

/* Call L->commit after every re-render of AS. */
void memory_listener_register(AddressSpace *as, MemoryListener *l);
void memory_listener_unregister(AddressSpace *as, MemoryListener *l);

/*
 * The range of AS containing ADDR, or NULL where nothing is mapped.  The
 * pointer is valid until the next topology change.
 */
const FlatRange *address_space_lookup(const AddressSpace *as, hwaddr addr);

/*
 * Host pointer for [ADDR, ADDR + *LEN) if it is RAM (or ROM when !IS_WRITE)
 * in one range; *LEN is shortened to what the range holds.  NULL otherwise.
 * This is how the TLB and DMA reach guest RAM: one add.
 */
uint8_t *address_space_map(const AddressSpace *as, hwaddr addr, hwaddr *len,
                           bool is_write);

/*
 * One access of SIZE (1, 2, 4 or 8) bytes at ADDR, as a CPU load or store
 * makes it: RAM directly, devices through their ops, with the size rules
 * above.  An access that straddles two ranges is split byte-wise.
 */
MemTxResult address_space_ld(AddressSpace *as, hwaddr addr, unsigned size,
                             uint64_t *val);
MemTxResult address_space_st(AddressSpace *as, hwaddr addr, unsigned size,
                             uint64_t val);

/* LEN bytes between BUF and AS (DMA, loaders, debugger). */
MemTxResult address_space_read(AddressSpace *as, hwaddr addr, void *buf,
                               size_t len);
MemTxResult address_space_write(AddressSpace *as, hwaddr addr, const void *buf,
                                size_t len);

/* Same as address_space_write but also writes ROM (for loading firmware). */
MemTxResult address_space_write_rom(AddressSpace *as, hwaddr addr,
                                    const void *buf, size_t len);

/*
 * Told after address_space_write/st/write_rom stored LEN bytes into RAM or
 * ROM at host address HOST (a device's DMA, a loader, the debugger): the
 * execution engine drops translated code there.  CPU stores through the
 * TLB do not call it; the TLB tracks code pages itself.
 */
typedef void (*MemoryRamWriteHook)(uintptr_t host, size_t len);
void memory_set_ram_write_hook(MemoryRamWriteHook hook);

/* Print the rendered view of AS (for -d and tests). */
void address_space_dump(const AddressSpace *as, void *file);

#endif /* EXEC_MEMORY_H */
