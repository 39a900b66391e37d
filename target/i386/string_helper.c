/*
 * The fast path of REP MOVS and REP STOS: many iterations per helper call.
 *
 * Data flow: the REP loop emitted by emit-string.c calls a helper here
 * before each ordinary (translated) iteration.  The helper performs as many
 * whole iterations as fit, without crossing a page or an address-size wrap
 * of rSI/rDI, and at most REP_FAST_MAX; then it stores rCX, rSI and rDI as
 * the hardware would have them after those iterations.  What remains
 * (page crossings, MMIO, pages holding translated code, TLB misses and the
 * faults they raise) is left to the ordinary iteration, which goes through
 * the softmmu slow path.
 *
 * Invariants:
 * - The helper never raises an exception and never touches a page the
 *   generated code's TLB fast path would not: an access is done only when
 *   the page's TLB tag for this MMU index (main or victim table) equals
 *   the page address with no flag bits (plain RAM with the access
 *   permitted, no code watched on a written page), as the inline fast path
 *   checks (exec/tlb-common.h).
 * - The memory result is that of the iterations run one after the other,
 *   overlapping source and destination included.
 */
#include <string.h>

#include "exec/exec-all.h"
#include "exec/tlb-common.h"
#include "target/i386/helper.h"

/* At most this many iterations per call, so exit requests are seen soon. */
#define REP_FAST_MAX 4096

/* What a call needs from the translation (REP_DESC_* fields of DESC). */
typedef struct RepDesc {
    unsigned esize; /* element bytes: 1, 2, 4, 8 */
    uint64_t amask; /* address-size mask of rSI/rDI/rCX */
    int src_seg;    /* source segment (MOVS) */
    bool src_base;  /* add the source segment base */
    bool dst_base;  /* add the ES base */
    bool linear32;  /* linear addresses are 32-bit (not 64-bit code) */
    int mmu_idx;
} RepDesc;

static RepDesc rep_desc(uint32_t desc)
{
    unsigned aflag = (desc >> REP_DESC_AFLAG_SHIFT) & 3;

    return (RepDesc){
        .esize = 1u << (desc & 3),
        .amask = aflag == MO_64   ? ~(uint64_t)0
                 : aflag == MO_32 ? 0xffffffffu
                                  : 0xffffu,
        .src_seg = (desc >> REP_DESC_SEG_SHIFT) & 7,
        .src_base = desc & REP_DESC_SRC_BASE,
        .dst_base = desc & REP_DESC_DST_BASE,
        .linear32 = desc & REP_DESC_LINEAR32,
        .mmu_idx = (desc >> REP_DESC_MMU_SHIFT) & 15,
    };
}

/* The linear address of offset OFF in SEG (as gen_add_seg computes it). */
static uint64_t linear(CPUX86State *env, const RepDesc *r, uint64_t off,
                       int seg, bool add_base)
{
    uint64_t a = off + (add_base ? env->segs[seg].base : 0);

    return r->linear32 ? (uint32_t)a : a;
}

/*
 * How many elements, starting with the one at offset OFF and stepping
 * by DF, stay inside the address space of the address size (no wrap) and
 * inside the page of linear address LIN.
 */
static uint64_t elements_that_fit(const RepDesc *r, int64_t df, uint64_t off,
                                  uint64_t lin)
{
    uint64_t e = r->esize, in_page = lin & ~TARGET_PAGE_MASK;
    uint64_t by_wrap, by_page;

    if (r->amask - off < e - 1 || in_page + e > TARGET_PAGE_SIZE) {
        return 0; /* the first element itself wraps or crosses */
    }
    if (df > 0) {
        by_wrap = (r->amask - off - (e - 1)) / e + 1;
        by_page = (TARGET_PAGE_SIZE - in_page) / e;
    } else {
        by_wrap = off / e + 1;
        by_page = in_page / e + 1;
    }
    return by_wrap < by_page ? by_wrap : by_page;
}

/* Host address of linear ADDR for a load or store (WRITE) if the TLB maps
 * it as plain RAM (tlb_probe_host: the victim entries count, since a copy
 * between pages a multiple of the TLB's span apart has one of them in the
 * victim table); else NULL. */
static uint8_t *probe_ram(CPUX86State *env, uint64_t addr, bool write,
                          int mmu_idx)
{
    return tlb_probe_host(env_cpu(env), addr,
                          write ? MMU_DATA_STORE : MMU_DATA_LOAD, mmu_idx);
}

/* Register REG = VAL at the address size of R (16-bit writes merge). */
static void write_areg(CPUX86State *env, const RepDesc *r, int reg,
                       uint64_t val)
{
    env->regs[reg] = r->amask == 0xffff
                         ? (env->regs[reg] & ~(uint64_t)0xffff) | (val & 0xffff)
                         : val & r->amask;
}

/* REG += N elements in the direction of DF, at the address size. */
static void advance(CPUX86State *env, const RepDesc *r, int reg, uint64_t n)
{
    uint64_t step = n * r->esize;

    write_areg(env, r, reg, env->regs[reg] + (env->df > 0 ? step : -step));
}

/*
 * The first iteration's element and the lowest host address of N of them
 * (HOST is the element at the first iteration).
 */
static uint8_t *lowest(const RepDesc *r, int64_t df, uint8_t *host, uint64_t n)
{
    return df > 0 ? host : host - (n - 1) * r->esize;
}

void helper_rep_movs_fast(CPUX86State *env, uint32_t desc)
{
    RepDesc r = rep_desc(desc);
    int64_t df = env->df;
    uint64_t cx = env->regs[R_ECX] & r.amask;
    uint64_t si = env->regs[R_ESI] & r.amask, di = env->regs[R_EDI] & r.amask;
    uint64_t src = linear(env, &r, si, r.src_seg, r.src_base);
    uint64_t dst = linear(env, &r, di, R_ES, r.dst_base);
    uint64_t n = cx < REP_FAST_MAX ? cx : REP_FAST_MAX, fit, len;
    uint8_t *hs, *hd, *lo_s, *lo_d;

    fit = elements_that_fit(&r, df, si, src);
    n = n < fit ? n : fit;
    fit = elements_that_fit(&r, df, di, dst);
    n = n < fit ? n : fit;
    if (n == 0) {
        return;
    }
    hs = probe_ram(env, src, false, r.mmu_idx);
    hd = probe_ram(env, dst, true, r.mmu_idx);
    if (!hs || !hd) {
        return;
    }
    len = n * r.esize;
    lo_s = lowest(&r, df, hs, n);
    lo_d = lowest(&r, df, hd, n);
    /*
     * One iteration after the other equals one memmove unless a later
     * iteration reads what an earlier one wrote: the destination lies
     * ahead of the source in the direction of the copy, within reach.
     */
    if ((df > 0 ? hd <= hs : hd >= hs) || lo_d >= lo_s + len
        || lo_s >= lo_d + len) {
        memmove(lo_d, lo_s, len);
    } else {
        int64_t step = df > 0 ? (int64_t)r.esize : -(int64_t)r.esize;

        for (uint64_t i = 0; i < n; i++) {
            uint64_t v;

            memcpy(&v, hs + (int64_t)i * step, r.esize);
            memcpy(hd + (int64_t)i * step, &v, r.esize);
        }
    }
    write_areg(env, &r, R_ECX, cx - n);
    advance(env, &r, R_ESI, n);
    advance(env, &r, R_EDI, n);
}

void helper_rep_stos_fast(CPUX86State *env, uint32_t desc)
{
    RepDesc r = rep_desc(desc);
    int64_t df = env->df;
    uint64_t cx = env->regs[R_ECX] & r.amask;
    uint64_t di = env->regs[R_EDI] & r.amask;
    uint64_t dst = linear(env, &r, di, R_ES, r.dst_base);
    uint64_t n = cx < REP_FAST_MAX ? cx : REP_FAST_MAX, fit;
    uint8_t pattern[8], *hd, *lo;

    fit = elements_that_fit(&r, df, di, dst);
    n = n < fit ? n : fit;
    if (n == 0 || !(hd = probe_ram(env, dst, true, r.mmu_idx))) {
        return;
    }
    lo = lowest(&r, df, hd, n);
    for (unsigned k = 0; k < r.esize; k++) {
        pattern[k] = env->regs[R_EAX] >> (8 * k); /* guest byte order */
    }
    if (r.esize == 1) {
        memset(lo, pattern[0], n);
    } else {
        for (uint64_t i = 0; i < n; i++) {
            memcpy(lo + i * r.esize, pattern, r.esize);
        }
    }
    write_areg(env, &r, R_ECX, cx - n);
    advance(env, &r, R_EDI, n);
}
