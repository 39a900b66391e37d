/*
 * The softmmu TLB (include/exec/exec-all.h, layout in exec/tlb-common.h).
 *
 * Data flow: a guest load/store in generated code probes CPUState.tlb_fast
 * inline; on a miss, a flag bit in the tag or an unaligned address it calls
 * the slow paths here (cputlb_mem_helpers), which try the victim TLB, then
 * ask the target to walk its page tables (CPUTargetOps.tlb_fill ->
 * tlb_set_page), then perform the access on RAM directly or on a device
 * through the memory API.
 *
 * Invariants:
 * - An entry's tag is either -1 (invalid) or the page address ORed with
 *   flag bits; the fast path can only hit an entry whose tag has no flags,
 *   and then host = addr + addend lies inside a RAM region's mapping.
 * - A write tag carries TLB_NOTDIRTY while its RAM page holds translated
 *   code, so every CPU store to such a page reaches notdirty_write().
 * - Each MMU index's entries for a virtual page exist at most once across
 *   the main table and the victim table.
 */
#include <inttypes.h>
#include <string.h>

#include <glib.h>

#include "exec/exec-all.h"
#include "tcg/tcg.h"
#include "util/error.h"
#include "util/log.h"

CPUState *cpu_list[256];
int cpu_count;

/* -- Entries ------------------------------------------------------------ */

static unsigned tlb_index(vaddr addr)
{
    return (addr >> TARGET_PAGE_BITS) & ((1 << CPU_TLB_BITS) - 1);
}

static void tlb_entry_clear(CPUTLBEntry *e)
{
    memset(e, -1, sizeof(*e));
}

/* Does tag TAG (an entry's addr_read/write/code) map the page of ADDR?
 * Flags other than "invalid" do not matter here. */
static bool tlb_hit(uint64_t tag, vaddr addr)
{
    return (tag & (TARGET_PAGE_MASK | TLB_INVALID_MASK))
           == (addr & TARGET_PAGE_MASK);
}

static uint64_t *entry_tag(CPUTLBEntry *e, MMUAccessType access)
{
    return access == MMU_DATA_LOAD    ? &e->addr_read
           : access == MMU_DATA_STORE ? &e->addr_write
                                      : &e->addr_code;
}

static bool entry_maps_page(const CPUTLBEntry *e, vaddr page)
{
    return tlb_hit(e->addr_read, page) || tlb_hit(e->addr_write, page)
           || tlb_hit(e->addr_code, page);
}

static void tlb_desc_init(CPUState *cpu, int mmu_idx)
{
    CPUTLBDesc *d = &cpu->tlb[mmu_idx];

    for (unsigned i = 0; i < G_N_ELEMENTS(d->table); i++) {
        tlb_entry_clear(&d->table[i]);
    }
    for (unsigned i = 0; i < CPU_VTLB_SIZE; i++) {
        tlb_entry_clear(&d->vtable[i]);
    }
    d->vindex = 0;
    d->large_page_addr = (vaddr)-1;
    d->large_page_mask = (vaddr)-1;
    cpu->tlb_fast[mmu_idx].mask = ((1 << CPU_TLB_BITS) - 1)
                                  << CPU_TLB_ENTRY_BITS;
    cpu->tlb_fast[mmu_idx].table = d->table;
}

/* -- Flushes ------------------------------------------------------------ */

/* Forget cached TB lookups: they assumed the old virtual mappings. */
static void tb_jmp_cache_clear(CPUState *cpu)
{
    memset(cpu->tb_jmp_cache, 0, sizeof(TBJumpCacheEntry) << TB_JMP_CACHE_BITS);
}

void tlb_flush_by_mmuidx(CPUState *cpu, uint16_t idxmap)
{
    for (int i = 0; i < NB_MMU_MODES; i++) {
        if (idxmap & (1 << i)) {
            tlb_desc_init(cpu, i);
        }
    }
    tb_jmp_cache_clear(cpu);
    tb_stats.tlb_flushes++;
    qlog_mask(LOG_MMU, "tlb_flush cpu %d idxmap 0x%04x\n", cpu->cpu_index,
              idxmap);
}

void tlb_flush(CPUState *cpu)
{
    tlb_flush_by_mmuidx(cpu, (1 << NB_MMU_MODES) - 1);
}

void tlb_flush_nonglobal(CPUState *cpu)
{
    for (int i = 0; i < NB_MMU_MODES; i++) {
        CPUTLBDesc *d = &cpu->tlb[i];

        for (unsigned j = 0; j < G_N_ELEMENTS(d->table); j++) {
            if (!(d->full[j].attrs & TLB_ATTR_GLOBAL)) {
                tlb_entry_clear(&d->table[j]);
            }
        }
        for (unsigned j = 0; j < CPU_VTLB_SIZE; j++) {
            if (!(d->vfull[j].attrs & TLB_ATTR_GLOBAL)) {
                tlb_entry_clear(&d->vtable[j]);
            }
        }
    }
    tb_jmp_cache_clear(cpu);
    tb_stats.tlb_flushes++;
    qlog_mask(LOG_MMU, "tlb_flush_nonglobal cpu %d\n", cpu->cpu_index);
}

/* Drop the entries for the page of ADDR from one MMU index. */
static void tlb_flush_page_locked(CPUState *cpu, int mmu_idx, vaddr addr)
{
    CPUTLBDesc *d = &cpu->tlb[mmu_idx];
    vaddr page = addr & TARGET_PAGE_MASK;
    CPUTLBEntry *e = &d->table[tlb_index(page)];

    /* A page inside a large page: the large page may be cached under any
     * of its 4K pages, so the whole index goes. */
    if ((page & d->large_page_mask) == d->large_page_addr) {
        tlb_desc_init(cpu, mmu_idx);
        return;
    }
    if (entry_maps_page(e, page)) {
        tlb_entry_clear(e);
    }
    for (unsigned i = 0; i < CPU_VTLB_SIZE; i++) {
        if (entry_maps_page(&d->vtable[i], page)) {
            tlb_entry_clear(&d->vtable[i]);
        }
    }
}

void tlb_flush_page_by_mmuidx(CPUState *cpu, vaddr addr, uint16_t idxmap)
{
    for (int i = 0; i < NB_MMU_MODES; i++) {
        if (idxmap & (1 << i)) {
            tlb_flush_page_locked(cpu, i, addr);
        }
    }
    /* Jump-cache entries for TBs on this page, or ending on it. */
    tb_jmp_cache_clear(cpu);
    tb_stats.tlb_page_flushes++;
    qlog_mask(LOG_MMU, "tlb_flush_page cpu %d 0x%016" PRIx64 "\n",
              cpu->cpu_index, addr);
}

void tlb_flush_page(CPUState *cpu, vaddr addr)
{
    tlb_flush_page_by_mmuidx(cpu, addr, (1 << NB_MMU_MODES) - 1);
}

/* -- Filling ------------------------------------------------------------ */

/* Grow the span that covers every large page mapped in this index: it
 * only ever widens, to the smallest aligned span holding the old one and
 * the page of ADDR. */
static void tlb_add_large_page(CPUTLBDesc *d, vaddr addr, uint64_t size)
{
    vaddr mask = ~(size - 1);

    if (d->large_page_addr == (vaddr)-1) {
        d->large_page_addr = addr & mask;
        d->large_page_mask = mask;
        return;
    }
    mask &= d->large_page_mask;
    while (((d->large_page_addr ^ addr) & mask) != 0) {
        mask <<= 1;
    }
    d->large_page_mask = mask;
    d->large_page_addr &= mask;
}

/*
 * The RAM/ROM host page behind physical page PADDR, or NULL when the page
 * is not all RAM/ROM of one region (MMIO, unassigned, or split).
 */
static uint8_t *phys_page_host(AddressSpace *as, hwaddr paddr, bool *rom)
{
    const FlatRange *fr = address_space_lookup(as, paddr);

    if (!fr || fr->mr->kind == MR_IO || fr->start > paddr
        || fr->end - paddr < TARGET_PAGE_SIZE) {
        return NULL;
    }
    *rom = fr->mr->kind == MR_ROM || fr->mr->readonly;
    return fr->mr->host + fr->offset + (paddr - fr->start);
}

void tlb_set_page(CPUState *cpu, vaddr addr, hwaddr paddr, int prot,
                  int mmu_idx, uint64_t size)
{
    tlb_set_page_attrs(cpu, addr, paddr, prot, mmu_idx, size, 0);
}

void tlb_set_page_attrs(CPUState *cpu, vaddr addr, hwaddr paddr, int prot,
                        int mmu_idx, uint64_t size, unsigned attrs)
{
    CPUTLBDesc *d = &cpu->tlb[mmu_idx];
    vaddr page = addr & TARGET_PAGE_MASK;
    hwaddr ppage = paddr & TARGET_PAGE_MASK;
    unsigned idx = tlb_index(page);
    CPUTLBEntry *e = &d->table[idx];
    bool rom = false;
    uint8_t *host = phys_page_host(cpu->as, ppage, &rom);
    uint64_t read_flags = 0, write_flags = 0;

    if (size > TARGET_PAGE_SIZE) {
        tlb_add_large_page(d, page, size);
    }
    /* No other copy of this page may survive in the victim TLB. */
    for (unsigned i = 0; i < CPU_VTLB_SIZE; i++) {
        if (entry_maps_page(&d->vtable[i], page)) {
            tlb_entry_clear(&d->vtable[i]);
        }
    }
    /* Keep the evicted entry as a victim. */
    if (e->addr_read != UINT64_MAX || e->addr_write != UINT64_MAX
        || e->addr_code != UINT64_MAX) {
        if (!entry_maps_page(e, page)) {
            unsigned v = d->vindex++ % CPU_VTLB_SIZE;

            d->vtable[v] = *e;
            d->vfull[v] = d->full[idx];
        }
    }

    if (!host) {
        read_flags = write_flags = TLB_MMIO;
    } else if (rom) {
        write_flags = TLB_MMIO; /* the bus drops and logs it */
    } else if (tb_page_has_code((uintptr_t)host)) {
        write_flags = TLB_NOTDIRTY;
    }
    e->addr_read = prot & PAGE_READ ? page | read_flags : UINT64_MAX;
    e->addr_code = prot & PAGE_EXEC ? page | read_flags : UINT64_MAX;
    e->addr_write = prot & PAGE_WRITE ? page | write_flags : UINT64_MAX;
    e->addend = host ? (uintptr_t)host - page : 0;
    d->full[idx] = (CPUTLBEntryFull){
        .phys_addr = ppage,
        .prot = prot,
        .lg_page_size = __builtin_ctzll(size),
        .attrs = attrs,
    };
    qlog_mask(LOG_MMU,
              "tlb_set_page cpu %d idx %d 0x%016" PRIx64 " -> 0x%016" PRIx64
              " prot %x%s\n",
              cpu->cpu_index, mmu_idx, page, ppage, prot, host ? "" : " mmio");
}

/* Move a victim entry for the page of ADDR back into the table. */
static bool victim_tlb_hit(CPUState *cpu, int mmu_idx, vaddr addr,
                           MMUAccessType access)
{
    CPUTLBDesc *d = &cpu->tlb[mmu_idx];
    unsigned idx = tlb_index(addr);

    for (unsigned i = 0; i < CPU_VTLB_SIZE; i++) {
        CPUTLBEntry *v = &d->vtable[i];

        if (tlb_hit(*entry_tag(v, access), addr)) {
            CPUTLBEntry tmp = d->table[idx];
            CPUTLBEntryFull tmpf = d->full[idx];

            d->table[idx] = *v;
            d->full[idx] = d->vfull[i];
            *v = tmp;
            d->vfull[i] = tmpf;
            tb_stats.tlb_victim_hits++;
            return true;
        }
    }
    return false;
}

void *tlb_probe_host(CPUState *cpu, vaddr addr, MMUAccessType access,
                     int mmu_idx)
{
    CPUTLBDesc *d = &cpu->tlb[mmu_idx];
    vaddr page = addr & TARGET_PAGE_MASK;
    CPUTLBEntry *e = &d->table[tlb_index(addr)];

    /* The exact tag: any flag (MMIO, code page, invalid) is a miss. */
    for (int i = -1; i < CPU_VTLB_SIZE; i++) {
        if (i >= 0) {
            e = &d->vtable[i];
        }
        if (*entry_tag(e, access) == page) {
            return (void *)(uintptr_t)(addr + e->addend);
        }
    }
    return NULL;
}

/*
 * Make the TLB map the page of ADDR for ACCESS, walking the guest page
 * tables if needed (which may raise the guest fault through RETADDR).
 * Returns the entry.
 */
static CPUTLBEntry *tlb_fill_entry(CPUState *cpu, vaddr addr, unsigned size,
                                   MMUAccessType access, int mmu_idx,
                                   uintptr_t retaddr)
{
    CPUTLBEntry *e = &cpu->tlb[mmu_idx].table[tlb_index(addr)];

    if (!tlb_hit(*entry_tag(e, access), addr)
        && !victim_tlb_hit(cpu, mmu_idx, addr, access)) {
        tb_stats.tlb_fills++;
        cpu->ops->tlb_fill(cpu, addr, size, access, mmu_idx, false, retaddr);
        if (!tlb_hit(*entry_tag(e, access), addr)) {
            internal_error("tlb_fill for 0x%" PRIx64 " (access %d, mmu_idx "
                           "%d) returned without mapping the page",
                           addr, access, mmu_idx);
        }
    }
    return e;
}

/* -- Accesses ----------------------------------------------------------- */

/*
 * A store to a RAM page that holds translated code: drop the TBs it
 * overlaps (which may restart the current instruction alone, through
 * cpu_loop_exit, before anything is stored), and once the page has no
 * code left, let stores use the fast path again.
 */
static void notdirty_write(CPUState *cpu, uint8_t *host, unsigned size,
                           uintptr_t retaddr)
{
    uintptr_t page = (uintptr_t)host & TARGET_PAGE_MASK;

    tb_stats.notdirty_writes++;
    tb_invalidate_code_range(cpu, (uintptr_t)host, size, retaddr);
    if (!tb_page_has_code(page)) {
        tlb_unprotect_code(page);
    }
}

static uint64_t ld_page(CPUState *cpu, vaddr addr, unsigned size, int mmu_idx,
                        uintptr_t retaddr)
{
    CPUTLBEntry *e =
        tlb_fill_entry(cpu, addr, size, MMU_DATA_LOAD, mmu_idx, retaddr);
    uint64_t val = 0;

    if (e->addr_read & TLB_MMIO) {
        CPUTLBEntryFull *f = &cpu->tlb[mmu_idx].full[tlb_index(addr)];

        cpu->mem_io_pc = retaddr;
        tb_stats.mmio_accesses++;
        address_space_ld(cpu->as, f->phys_addr | (addr & ~TARGET_PAGE_MASK),
                         size, &val);
        return val;
    }
    memcpy(&val, (void *)(uintptr_t)(addr + e->addend), size);
    return val;
}

static void st_page(CPUState *cpu, vaddr addr, uint64_t val, unsigned size,
                    int mmu_idx, uintptr_t retaddr)
{
    CPUTLBEntry *e =
        tlb_fill_entry(cpu, addr, size, MMU_DATA_STORE, mmu_idx, retaddr);
    uint8_t *host;

    if (e->addr_write & TLB_MMIO) {
        CPUTLBEntryFull *f = &cpu->tlb[mmu_idx].full[tlb_index(addr)];

        cpu->mem_io_pc = retaddr;
        tb_stats.mmio_accesses++;
        address_space_st(cpu->as, f->phys_addr | (addr & ~TARGET_PAGE_MASK),
                         size, val);
        return;
    }
    host = (uint8_t *)(uintptr_t)(addr + e->addend);
    if (e->addr_write & TLB_NOTDIRTY) {
        notdirty_write(cpu, host, size, retaddr);
    }
    memcpy(host, &val, size);
}

static bool crosses_page(vaddr addr, unsigned size)
{
    return ((addr ^ (addr + size - 1)) & TARGET_PAGE_MASK) != 0;
}

uint64_t cpu_ld_mmu(CPUState *cpu, vaddr addr, unsigned size, int mmu_idx,
                    uintptr_t retaddr)
{
    uint64_t val = 0;

    if (!crosses_page(addr, size)) {
        return ld_page(cpu, addr, size, mmu_idx, retaddr);
    }
    /* Both pages must be readable before anything is read (a device read
     * can have side effects). */
    tlb_fill_entry(cpu, addr, 1, MMU_DATA_LOAD, mmu_idx, retaddr);
    tlb_fill_entry(cpu, addr + size - 1, 1, MMU_DATA_LOAD, mmu_idx, retaddr);
    for (unsigned i = 0; i < size; i++) {
        val |= ld_page(cpu, addr + i, 1, mmu_idx, retaddr) << (i * 8);
    }
    return val;
}

void cpu_st_mmu(CPUState *cpu, vaddr addr, uint64_t val, unsigned size,
                int mmu_idx, uintptr_t retaddr)
{
    if (!crosses_page(addr, size)) {
        st_page(cpu, addr, val, size, mmu_idx, retaddr);
        return;
    }
    /* SDM: a store that faults on either page writes nothing. */
    tlb_fill_entry(cpu, addr, 1, MMU_DATA_STORE, mmu_idx, retaddr);
    tlb_fill_entry(cpu, addr + size - 1, 1, MMU_DATA_STORE, mmu_idx, retaddr);
    for (unsigned i = 0; i < size; i++) {
        st_page(cpu, addr + i, val >> (i * 8), 1, mmu_idx, retaddr);
    }
}

void *get_page_addr_code(CPUState *cpu, vaddr addr, hwaddr *paddr)
{
    int mmu_idx = cpu->ops->mmu_index(cpu, true);
    CPUTLBEntry *e = tlb_fill_entry(cpu, addr, 1, MMU_INST_FETCH, mmu_idx, 0);
    CPUTLBEntryFull *f = &cpu->tlb[mmu_idx].full[tlb_index(addr)];

    *paddr = f->phys_addr | (addr & ~TARGET_PAGE_MASK);
    if (e->addr_code & TLB_MMIO) {
        return NULL;
    }
    return (void *)(uintptr_t)(addr + e->addend);
}

/* -- Code-page protection ----------------------------------------------- */

/* Set or clear TLB_NOTDIRTY on every write entry mapping host page PAGE. */
static void tlb_set_notdirty(uintptr_t page, bool set)
{
    for (int c = 0; c < cpu_count; c++) {
        CPUState *cpu = cpu_list[c];

        for (int i = 0; i < NB_MMU_MODES; i++) {
            CPUTLBDesc *d = &cpu->tlb[i];
            CPUTLBEntry *tables[2] = {d->table, d->vtable};
            unsigned sizes[2] = {1 << CPU_TLB_BITS, CPU_VTLB_SIZE};

            for (int t = 0; t < 2; t++) {
                for (unsigned j = 0; j < sizes[t]; j++) {
                    CPUTLBEntry *e = &tables[t][j];
                    uint64_t tag = e->addr_write;

                    if ((tag & (TLB_INVALID_MASK | TLB_MMIO))
                        || ((tag & TARGET_PAGE_MASK) + e->addend) != page) {
                        continue;
                    }
                    e->addr_write =
                        set ? tag | TLB_NOTDIRTY : tag & ~TLB_NOTDIRTY;
                }
            }
        }
    }
}

void tlb_protect_code(uintptr_t page)
{
    tlb_set_notdirty(page, true);
}

void tlb_unprotect_code(uintptr_t page)
{
    tlb_set_notdirty(page, false);
}

/* -- Slow paths for generated code -------------------------------------- */

/* MO_ALIGN: an unaligned access raises the target's alignment fault. */
static void check_alignment(CPUState *cpu, uint64_t addr, MemOpIdx oi,
                            MMUAccessType access, uintptr_t retaddr)
{
    MemOp mop = get_memop(oi);

    if ((mop & MO_ALIGN) && (addr & (memop_size(mop) - 1))
        && cpu->ops->do_unaligned_access) {
        cpu->ops->do_unaligned_access(cpu, addr, access, get_mmuidx(oi),
                                      retaddr);
    }
}

static uint64_t helper_ld_mmu(void *env, uint64_t addr, MemOpIdx oi,
                              uintptr_t retaddr)
{
    CPUState *cpu = env_cpu(env);

    check_alignment(cpu, addr, oi, MMU_DATA_LOAD, retaddr);
    return cpu_ld_mmu(cpu, addr, memop_size(get_memop(oi)), get_mmuidx(oi),
                      retaddr);
}

static void helper_st_mmu(void *env, uint64_t addr, uint64_t val, MemOpIdx oi,
                          uintptr_t retaddr)
{
    CPUState *cpu = env_cpu(env);

    check_alignment(cpu, addr, oi, MMU_DATA_STORE, retaddr);
    cpu_st_mmu(cpu, addr, val, memop_size(get_memop(oi)), get_mmuidx(oi),
               retaddr);
}

const TCGMemHelpers cputlb_mem_helpers = {
    .ld = {helper_ld_mmu, helper_ld_mmu, helper_ld_mmu, helper_ld_mmu},
    .st = {helper_st_mmu, helper_st_mmu, helper_st_mmu, helper_st_mmu},
};

/* -- CPU set-up --------------------------------------------------------- */

ptrdiff_t cpu_env_offset_bytes;

void cpu_common_init(CPUState *cpu, const CPUTargetOps *ops, void *env,
                     AddressSpace *as, int cpu_index)
{
    ptrdiff_t off = (uint8_t *)env - (uint8_t *)cpu;

    if (cpu_env_offset_bytes && cpu_env_offset_bytes != off) {
        internal_error("cpu %d: env at offset %td, other CPUs at %td",
                       cpu_index, off, cpu_env_offset_bytes);
    }
    if (cpu_count == (int)G_N_ELEMENTS(cpu_list)) {
        internal_error("more than %d CPUs", (int)G_N_ELEMENTS(cpu_list));
    }
    cpu_env_offset_bytes = off;
    cpu->ops = ops;
    cpu->env_ptr = env;
    cpu->as = as;
    cpu->cpu_index = cpu_index;
    cpu->exception_index = EXCP_NONE;
    cpu->tb_jmp_cache = g_new0(TBJumpCacheEntry, 1 << TB_JMP_CACHE_BITS);
    for (int i = 0; i < NB_MMU_MODES; i++) {
        tlb_desc_init(cpu, i);
    }
    cpu_list[cpu_count++] = cpu;
}

void cpu_common_destroy(CPUState *cpu)
{
    for (int i = 0; i < cpu_count; i++) {
        if (cpu_list[i] == cpu) {
            cpu_list[i] = cpu_list[--cpu_count];
            break;
        }
    }
    g_free(cpu->tb_jmp_cache);
    cpu->tb_jmp_cache = NULL;
}
