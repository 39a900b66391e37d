/*
 * x86 paging: the page walk behind the softmmu TLB (CPUTargetOps.tlb_fill)
 * and the MMU index a CPU state implies.
 *
 * Data flow: a TLB miss in accel/tcg/cputlb.c calls x86_cpu_tlb_fill,
 * which walks the guest's page tables through the physical address space
 * (32-bit 2-level with 4 MiB PSE/PSE-36 pages, PAE 3-level from the PDPTE
 * registers, 4-level with 2 MiB and 1 GiB pages), checks the access
 * against U/S, R/W (CR0.WP), NX (EFER.NXE), SMEP and SMAP, sets the
 * accessed and dirty bits in guest memory, and installs the translation
 * with tlb_set_page_attrs (TLB_ATTR_GLOBAL for G pages under CR4.PGE).
 * A failed walk sets CR2 and raises #PF with the SDM's error code.
 *
 * Invariants:
 * - A TLB entry grants only what the walk allowed for its MMU index; write
 *   permission is granted only once the leaf's D bit is set, so the first
 *   write to a clean page walks again and sets D (reads never set D).
 * - Whoever changes state a cached translation depends on (CR0.PG/WP,
 *   CR3, CR4 paging bits, EFER.NXE/LMA) flushes the TLB (misc_helper.c).
 * - The vCPU thread is the only writer of guest page tables while it runs
 *   (one vCPU thread), so a read-modify-write of an entry's A/D bits is
 *   atomic with respect to the guest.
 */
#include <inttypes.h>

#include "exec/exec-all.h"
#include "target/i386/helper.h"
#include "target/i386/translate.h"
#include "util/log.h"

/* Paging-structure entry bits (SDM vol. 3, 4.3 - 4.5). */
#define PG_P_MASK  (1ull << 0)
#define PG_RW_MASK (1ull << 1)
#define PG_US_MASK (1ull << 2)
#define PG_A_MASK  (1ull << 5)
#define PG_D_MASK  (1ull << 6)
#define PG_PS_MASK (1ull << 7)
#define PG_G_MASK  (1ull << 8)
#define PG_NX_MASK (1ull << 63)

/* #PF error code bits (SDM vol. 3, 4.7). */
#define PF_ERR_P    (1u << 0)
#define PF_ERR_W    (1u << 1)
#define PF_ERR_U    (1u << 2)
#define PF_ERR_RSVD (1u << 3)
#define PF_ERR_ID   (1u << 4)

#define PHYS_MASK ((1ull << X86_PHYS_ADDR_BITS) - 1)
/* The frame address bits of a PAE or 4-level entry. */
#define PAE_FRAME_MASK (PHYS_MASK & ~0xfffull)
/* Bits 51:M of 4-level entries and 62:M of PAE entries are reserved. */
#define RSVD_4LEVEL (((1ull << 52) - 1) & ~PHYS_MASK)
#define RSVD_PAE    (~PHYS_MASK & ~PG_NX_MASK)
/* PDPTE (PAE paging): bits 2:1, 8:5 and 63:M are reserved (SDM table 4-8). */
#define RSVD_PDPTE (0x1e6ull | ~PHYS_MASK)

/* The outcome of a walk. */
typedef struct X86Walk {
    hwaddr paddr;         /* physical address of the accessed byte */
    uint64_t page_size;   /* 4 KiB, 2 MiB, 4 MiB or 1 GiB */
    int prot;             /* PAGE_* this MMU index may do on the page */
    bool global;          /* G set in the leaf and CR4.PGE */
    int nb_entries;       /* entries used, top level first */
    hwaddr entry_addr[4]; /* their physical addresses */
    uint64_t entry[4];    /* their values */
    unsigned entry_size;  /* 4 (32-bit paging) or 8 */
    uint32_t error_code;  /* PF_ERR_* when the walk faults */
} X86Walk;

int x86_mmu_index_kernel(const CPUX86State *env)
{
    if ((env->hflags & HF_CPL_MASK) == 3 || !(env->eflags & AC_MASK)) {
        return MMU_KSMAP_IDX;
    }
    return MMU_KNOSMAP_IDX;
}

static uint64_t phys_ld(CPUX86State *env, hwaddr addr, unsigned size)
{
    uint64_t val = 0;

    /* Unassigned memory reads as all ones: the walk then sees reserved
     * bits and faults, as nothing can be mapped through it. */
    address_space_ld(env_cpu(env)->as, addr, size, &val);
    return val;
}

/* -- PDPTE registers (PAE paging) ------------------------------------------ */

bool x86_load_pdptrs(CPUX86State *env)
{
    hwaddr base = env->cr[3] & 0xffffffe0u;
    uint64_t pdpte[4];

    for (int i = 0; i < 4; i++) {
        pdpte[i] = phys_ld(env, base + i * 8, 8);
        if ((pdpte[i] & PG_P_MASK) && (pdpte[i] & RSVD_PDPTE)) {
            return false;
        }
    }
    for (int i = 0; i < 4; i++) {
        env->pdptrs[i] = pdpte[i];
    }
    return true;
}

/* -- The walks ------------------------------------------------------------- */

/* Note entry VAL at ADDR as used by the walk. */
static void walk_record(X86Walk *w, hwaddr addr, uint64_t val)
{
    w->entry_addr[w->nb_entries] = addr;
    w->entry[w->nb_entries] = val;
    w->nb_entries++;
}

/*
 * 32-bit paging (SDM vol. 3, 4.3): a page directory of 1024 4-byte
 * entries, 4 MiB pages when CR4.PSE and PDE.PS (PSE-36: PDE bits 20:13 are
 * physical address bits 39:32, bit 21 is reserved).  Returns false with
 * w->error_code's P/RSVD bits for a non-present or malformed entry.
 */
static bool walk_32(CPUX86State *env, uint32_t addr, X86Walk *w)
{
    hwaddr pde_addr = (env->cr[3] & 0xfffff000u) + ((addr >> 22) << 2);
    uint64_t pde = phys_ld(env, pde_addr, 4);
    hwaddr pte_addr;
    uint64_t pte;

    w->entry_size = 4;
    if (!(pde & PG_P_MASK)) {
        return false;
    }
    walk_record(w, pde_addr, pde);
    if ((pde & PG_PS_MASK) && (env->cr[4] & CR4_PSE_MASK)) {
        if (pde & (1u << 21)) {
            w->error_code |= PF_ERR_P | PF_ERR_RSVD;
            return false;
        }
        w->page_size = 4u << 20;
        w->paddr = (pde & 0xffc00000u) | ((pde >> 13) & 0xff) << 32
                   | (addr & 0x3fffff);
        return true;
    }
    pte_addr = (pde & 0xfffff000u) + (((addr >> 12) & 0x3ff) << 2);
    pte = phys_ld(env, pte_addr, 4);
    if (!(pte & PG_P_MASK)) {
        return false;
    }
    walk_record(w, pte_addr, pte);
    w->page_size = TARGET_PAGE_SIZE;
    w->paddr = (pte & 0xfffff000u) | (addr & 0xfff);
    return true;
}

/*
 * PAE paging (SDM 4.4, from the PDPTE registers) and 4-level paging (4.5,
 * from CR3): 512 8-byte entries per table, a large page where PS is set in
 * a PDE (2 MiB) or, with PDPE1GB, a PDPTE (1 GiB).
 */
static bool walk_pae(CPUX86State *env, uint64_t addr, X86Walk *w)
{
    bool lma = env->efer & MSR_EFER_LMA;
    bool has_1g =
        env->model && (env->model->features & X86_FEAT_BIT(X86_FEAT_PDPE1GB));
    uint64_t rsvd = lma ? RSVD_4LEVEL : RSVD_PAE;
    hwaddr table;
    int level;

    if (!(env->efer & MSR_EFER_NXE)) {
        rsvd |= PG_NX_MASK;
    }
    w->entry_size = 8;
    if (lma) {
        table = env->cr[3] & PAE_FRAME_MASK;
        level = 4;
    } else {
        uint64_t pdpte = env->pdptrs[(addr >> 30) & 3];

        if (!(pdpte & PG_P_MASK)) {
            return false;
        }
        table = pdpte & PAE_FRAME_MASK;
        level = 2;
    }
    for (;; level--) {
        int shift = 12 + 9 * (level - 1);
        hwaddr entry_addr = table + (((addr >> shift) & 511) << 3);
        uint64_t e = phys_ld(env, entry_addr, 8);
        uint64_t e_rsvd = rsvd;
        bool leaf = level == 1 || (level <= 3 && (e & PG_PS_MASK));

        if (!(e & PG_P_MASK)) {
            return false;
        }
        if (level == 4 || (level == 3 && !has_1g)) {
            e_rsvd |= PG_PS_MASK;
            leaf = level == 1;
        }
        if (leaf && level > 1) {
            /* Large page: the frame bits below its size, except PAT at
             * bit 12, are reserved. */
            e_rsvd |= ((1ull << shift) - 1) & ~0x1fffull;
        }
        if (e & e_rsvd) {
            w->error_code |= PF_ERR_P | PF_ERR_RSVD;
            return false;
        }
        walk_record(w, entry_addr, e);
        if (leaf) {
            w->page_size = 1ull << shift;
            w->paddr = (e & PAE_FRAME_MASK & ~(w->page_size - 1))
                       | (addr & (w->page_size - 1));
            return true;
        }
        table = e & PAE_FRAME_MASK;
    }
}

/*
 * What MMU_IDX may do on the page W maps (SDM vol. 3, 4.6): the entries'
 * R/W, U/S and XD bits combined, CR0.WP for supervisor writes, SMEP for
 * supervisor fetches and SMAP for supervisor data accesses to user pages.
 */
static int walk_prot(const CPUX86State *env, const X86Walk *w, int mmu_idx)
{
    bool rw = true, us = true, nx = false;
    int prot = 0;

    for (int i = 0; i < w->nb_entries; i++) {
        rw &= (w->entry[i] & PG_RW_MASK) != 0;
        us &= (w->entry[i] & PG_US_MASK) != 0;
        nx |= w->entry_size == 8 && (w->entry[i] & PG_NX_MASK)
              && (env->efer & MSR_EFER_NXE);
    }
    if (mmu_idx == MMU_USER_IDX) {
        if (us) {
            prot = PAGE_READ | (rw ? PAGE_WRITE : 0) | (nx ? 0 : PAGE_EXEC);
        }
        return prot;
    }
    if (!(us && mmu_idx == MMU_KSMAP_IDX && (env->cr[4] & CR4_SMAP_MASK))) {
        prot = PAGE_READ;
        if (rw || !(env->cr[0] & CR0_WP_MASK)) {
            prot |= PAGE_WRITE;
        }
    }
    if (!nx && !(us && (env->cr[4] & CR4_SMEP_MASK))) {
        prot |= PAGE_EXEC;
    }
    return prot;
}

/* Set A in every entry the walk used, and D in the leaf for a write. */
static void walk_set_ad(CPUX86State *env, const X86Walk *w, bool write)
{
    for (int i = 0; i < w->nb_entries; i++) {
        uint64_t e = w->entry[i];
        uint64_t set = PG_A_MASK;

        if (write && i == w->nb_entries - 1) {
            set |= PG_D_MASK;
        }
        if ((e & set) != set) {
            /* A and D live in the low dword: store only that, so the
             * upper half of an 8-byte entry is never rewritten. */
            address_space_st(env_cpu(env)->as, w->entry_addr[i], 4,
                             (uint32_t)(e | set));
        }
    }
}

/*
 * Translate linear ADDR for ACCESS by MMU_IDX into *W.  Returns true on
 * success; false with w->error_code complete for a #PF.
 */
static bool x86_walk(CPUX86State *env, uint64_t addr, MMUAccessType access,
                     int mmu_idx, X86Walk *w)
{
    bool write = access == MMU_DATA_STORE;
    bool fetch = access == MMU_INST_FETCH;
    bool ok;
    int need;

    if (write) {
        w->error_code |= PF_ERR_W;
    }
    if (mmu_idx == MMU_USER_IDX) {
        w->error_code |= PF_ERR_U;
    }
    if (fetch
        && ((env->cr[4] & CR4_SMEP_MASK)
            || ((env->cr[4] & CR4_PAE_MASK) && (env->efer & MSR_EFER_NXE)))) {
        w->error_code |= PF_ERR_ID;
    }
    if (env->cr[4] & CR4_PAE_MASK) {
        ok = walk_pae(env, addr, w);
    } else {
        ok = walk_32(env, (uint32_t)addr, w);
    }
    if (!ok) {
        return false;
    }
    w->prot = walk_prot(env, w, mmu_idx);
    need = fetch ? PAGE_EXEC : write ? PAGE_WRITE : PAGE_READ;
    if (!(w->prot & need)) {
        w->error_code |= PF_ERR_P;
        return false;
    }
    walk_set_ad(env, w, write && (w->prot & PAGE_WRITE));
    /* A clean page is not writable through the TLB until a write walks
     * again and sets D. */
    if (!write && !(w->entry[w->nb_entries - 1] & PG_D_MASK)) {
        w->prot &= ~PAGE_WRITE;
    }
    w->global = (env->cr[4] & CR4_PGE_MASK)
                && (w->entry[w->nb_entries - 1] & PG_G_MASK);
    return true;
}

/* Is ADDR canonical (bits 63:47 equal) for 48-bit linear addresses? */
static bool is_canonical(uint64_t addr)
{
    return (uint64_t)(((int64_t)addr << 16) >> 16) == addr;
}

bool x86_cpu_tlb_fill(CPUState *cpu, vaddr addr, int size, MMUAccessType access,
                      int mmu_idx, bool probe, uintptr_t retaddr)
{
    CPUX86State *env = &((X86CPU *)cpu)->env;
    X86Walk w = {0};

    if (!(env->cr[0] & CR0_PG_MASK)) {
        /* Paging off: linear = physical (32-bit: long mode needs PG). */
        tlb_set_page(cpu, addr, addr & 0xffffffffu & env->a20_mask,
                     PAGE_READ | PAGE_WRITE | PAGE_EXEC, mmu_idx,
                     TARGET_PAGE_SIZE);
        return true;
    }
    if ((env->efer & MSR_EFER_LMA) && !is_canonical(addr)) {
        /* SDM vol. 3, 6.15: a non-canonical reference is #GP(0) (#SS
         * for stack references is the segmentation code's to raise). */
        if (probe) {
            return false;
        }
        x86_raise_exception_err_ra(env, EXCP0D_GPF, 0, retaddr);
    }
    if (!(env->efer & MSR_EFER_LMA)) {
        addr = (uint32_t)addr;
    }
    if (!x86_walk(env, addr, access, mmu_idx, &w)) {
        if (probe) {
            return false;
        }
        qlog_mask(LOG_MMU, "#PF 0x%016" PRIx64 " access %d idx %d err 0x%x\n",
                  addr, access, mmu_idx, w.error_code);
        env->cr[2] = addr;
        x86_raise_exception_err_ra(env, EXCP0E_PAGE, w.error_code, retaddr);
    }
    tlb_set_page_attrs(cpu, addr, w.paddr & env->a20_mask, w.prot, mmu_idx,
                       w.page_size, w.global ? TLB_ATTR_GLOBAL : 0);
    return true;
}
