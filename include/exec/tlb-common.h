/*
 * The softmmu TLB as generated code sees it.
 *
 * Generated code (x86-64 fast path, TCI interpreter) and accel/tcg/cputlb.c
 * agree on this layout.  For a qemu_ld/qemu_st with MMU index I:
 *
 *   CPUTLBDescFast *f = (CPUTLBDescFast *)(env + tlb_fast_offset) + I;
 *   index = (addr >> TARGET_PAGE_BITS) & (f->mask >> CPU_TLB_ENTRY_BITS);
 *   CPUTLBEntry *e = f->table + index;
 *       -- equivalently, as a byte offset:
 *       -- (addr >> (TARGET_PAGE_BITS - CPU_TLB_ENTRY_BITS)) & f->mask
 *   tag = addr & (TARGET_PAGE_MASK | (size - 1));
 *   if (tag == e->addr_read)            (addr_write for stores)
 *       host = (void *)(addr + e->addend);   -- fast path
 *   else
 *       slow path: tcg_ctx->mem_helpers->ld[size](env, addr, oi, retaddr)
 *
 * Because the low bits of the tag keep the address's misalignment, every
 * unaligned access (and so every page-crossing one) fails the compare and
 * takes the slow path.  An entry's tag has its low bits clear except for the
 * TLB_* flag bits below; a set flag makes every compare fail, so MMIO,
 * watched code pages and invalid entries all leave the fast path without an
 * extra check.  Guest addresses are 64-bit (a 32-bit guest zero-extends).
 */
#ifndef EXEC_TLB_COMMON_H
#define EXEC_TLB_COMMON_H

#include <stdint.h>

#define TARGET_PAGE_BITS 12
#define TARGET_PAGE_SIZE ((uint64_t)1 << TARGET_PAGE_BITS)
#define TARGET_PAGE_MASK (~(TARGET_PAGE_SIZE - 1))

/* MMU indexes (TLBs) per CPU; MemOpIdx has 4 bits for one. */
#define NB_MMU_MODES 16

/* Tag flag bits: above any alignment bits (accesses are <= 16 bytes). */
#define TLB_INVALID_MASK ((uint64_t)1 << 11) /* entry unused */
#define TLB_NOTDIRTY     ((uint64_t)1 << 10) /* page holds translated code */
#define TLB_MMIO         ((uint64_t)1 << 9)  /* I/O: go through the device */
#define TLB_FORCE_SLOW   ((uint64_t)1 << 8)  /* watchpoints, other checks */
#define TLB_FLAGS_MASK                                                         \
    (TLB_INVALID_MASK | TLB_NOTDIRTY | TLB_MMIO | TLB_FORCE_SLOW)

/* One TLB entry; 32 bytes so an index shifts into a byte offset. */
typedef struct CPUTLBEntry {
    uint64_t addr_read;  /* page tag for loads, or -1 / flag bits */
    uint64_t addr_write; /* page tag for stores */
    uint64_t addr_code;  /* page tag for instruction fetch */
    uintptr_t addend;    /* host address = guest address + addend */
} CPUTLBEntry;

#define CPU_TLB_ENTRY_BITS 5
_Static_assert(sizeof(CPUTLBEntry) == (1 << CPU_TLB_ENTRY_BITS),
               "CPUTLBEntry size is 1 << CPU_TLB_ENTRY_BITS");

/* The part of a TLB generated code reads; one per MMU index. */
typedef struct CPUTLBDescFast {
    uintptr_t mask;     /* (entries - 1) << CPU_TLB_ENTRY_BITS */
    CPUTLBEntry *table; /* entries, a power of two of them */
} CPUTLBDescFast;

#endif /* EXEC_TLB_COMMON_H */
