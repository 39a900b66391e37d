/*
 * Guest memory access descriptors (MemOp, MemOpIdx) and barrier kinds.
 *
 * A MemOp says how a qemu_ld/qemu_st accesses guest memory: size, sign
 * extension of loads, byte order and alignment.  A MemOpIdx packs a MemOp
 * with the MMU index (which TLB) into the op's constant argument.
 */
#ifndef TCG_TCG_MO_H
#define TCG_TCG_MO_H

#include <stdint.h>

typedef enum MemOp {
    MO_8 = 0,
    MO_16 = 1,
    MO_32 = 2,
    MO_64 = 3,
    MO_128 = 4,    /* qemu_ld2/qemu_st2 only */
    MO_SIZE = 7,   /* mask of the size field: bytes = 1 << (op & MO_SIZE) */
    MO_SIGN = 8,   /* loads: sign-extend to the destination width */
    MO_BSWAP = 16, /* big-endian (byte-swapped on this little-endian host);
                      tcg-op.c turns it into a bswap op, backends never
                      see it */
    MO_ALIGN = 32, /* fault unless aligned to the access size (the slow
                      path checks; the fast path sends every unaligned
                      access to the slow path anyway) */

    MO_UB = MO_8,
    MO_UW = MO_16,
    MO_UL = MO_32,
    MO_UQ = MO_64,
    MO_SB = MO_8 | MO_SIGN,
    MO_SW = MO_16 | MO_SIGN,
    MO_SL = MO_32 | MO_SIGN,
    MO_SQ = MO_64 | MO_SIGN,
    MO_LEUW = MO_UW,
    MO_LEUL = MO_UL,
    MO_LEUQ = MO_UQ,
    MO_BEUW = MO_UW | MO_BSWAP,
    MO_BEUL = MO_UL | MO_BSWAP,
    MO_BEUQ = MO_UQ | MO_BSWAP,
} MemOp;

/* A MemOp and an MMU index: (memop << 4) | mmu_idx. */
typedef uint32_t MemOpIdx;

#define MEMOP_IDX_MMU_BITS 4

static inline MemOpIdx make_memop_idx(MemOp op, unsigned mmu_idx)
{
    return ((MemOpIdx)op << MEMOP_IDX_MMU_BITS) | mmu_idx;
}

static inline MemOp get_memop(MemOpIdx oi)
{
    return (MemOp)(oi >> MEMOP_IDX_MMU_BITS);
}

static inline unsigned get_mmuidx(MemOpIdx oi)
{
    return oi & ((1u << MEMOP_IDX_MMU_BITS) - 1);
}

/* Bytes accessed by OP. */
static inline unsigned memop_size(MemOp op)
{
    return 1u << (op & MO_SIZE);
}

/* Barrier kinds for tcg_gen_mb (cargs[0] of mb): which orderings. */
enum {
    TCG_MO_LD_LD = 1,
    TCG_MO_ST_LD = 2,
    TCG_MO_LD_ST = 4,
    TCG_MO_ST_ST = 8,
    TCG_MO_ALL = 0xf,
    TCG_BAR_SC = 0x30, /* sequentially consistent (a full fence) */
};

#endif /* TCG_TCG_MO_H */
