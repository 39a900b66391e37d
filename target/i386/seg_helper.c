/*
 * Segmentation helpers: descriptor reads, segment register loads in every
 * mode, far JMP/CALL/RET through code segments, call gates and tasks, IRET,
 * and the descriptor-table instructions (LLDT LTR LAR LSL VERR VERW ARPL).
 *
 * Data flow: emitters (emit-seg.c, emit-control.c, emit-stack.c,
 * emit-data.c) store rip = the instruction's own address and call a
 * helper_*; a fault raised here unwinds with GETPC() so the guest state
 * is the one at the start of the instruction.  The helpers read and check
 * everything before they change a register (seg_helper.h's invariant).
 *
 * Deviation: segment limits and rights are checked when a segment is
 * loaded and for far-transfer targets, not on every data access (the
 * translator's memory accesses do not check limits).
 */
#include <inttypes.h>

#include "target/i386/seg_helper.h"
#include "util/log.h"

/* -- Implicit supervisor accesses ---------------------------------------- */

uint64_t x86_sys_ld(CPUX86State *env, uint64_t addr, unsigned size,
                    uintptr_t ra)
{
    return cpu_ld_mmu(env_cpu(env), x86_linear(env, addr), size, MMU_KSMAP_IDX,
                      ra);
}

void x86_sys_st(CPUX86State *env, uint64_t addr, uint64_t val, unsigned size,
                uintptr_t ra)
{
    cpu_st_mmu(env_cpu(env), x86_linear(env, addr), val, size, MMU_KSMAP_IDX,
               ra);
}

/* -- Descriptors ----------------------------------------------------------- */

uint64_t x86_desc_addr(const CPUX86State *env, uint32_t sel)
{
    uint64_t base = (sel & 4) ? env->ldt.base : env->gdt.base;

    return base + (sel & ~7u);
}

/* Does the table SEL names reach BYTES bytes of its descriptor? */
static bool desc_in_table(const CPUX86State *env, uint32_t sel, unsigned bytes)
{
    uint32_t limit = (sel & 4) ? env->ldt.limit : env->gdt.limit;

    /* A null LDTR makes every LDT reference invalid (SDM vol. 3, 3.5.1). */
    if ((sel & 4) && (env->ldt.selector & 0xfffc) == 0) {
        return false;
    }
    return (sel & ~7u) + bytes - 1 <= limit;
}

bool x86_read_desc(CPUX86State *env, uint32_t sel, uint32_t *e1, uint32_t *e2,
                   uintptr_t ra)
{
    uint64_t a;

    if (!desc_in_table(env, sel, 8)) {
        return false;
    }
    a = x86_desc_addr(env, sel);
    *e1 = x86_sys_ld(env, a, 4, ra);
    *e2 = x86_sys_ld(env, a + 4, 4, ra);
    return true;
}

/* The upper half of a 16-byte system descriptor in long mode: *E3 holds
 * base bits 63:32; false when outside the table. */
static bool read_desc_high(CPUX86State *env, uint32_t sel, uint32_t *e3,
                           uint32_t *e4, uintptr_t ra)
{
    uint64_t a;

    if (!desc_in_table(env, sel, 16)) {
        return false;
    }
    a = x86_desc_addr(env, sel) + 8;
    *e3 = x86_sys_ld(env, a, 4, ra);
    *e4 = x86_sys_ld(env, a + 4, 4, ra);
    return true;
}

uint64_t x86_desc_base(uint32_t e1, uint32_t e2)
{
    return (e1 >> 16) | ((e2 & 0xff) << 16) | (e2 & 0xff000000u);
}

uint32_t x86_desc_limit(uint32_t e1, uint32_t e2)
{
    uint32_t limit = (e1 & 0xffff) | (e2 & 0x000f0000u);

    return (e2 & DESC_G_MASK) ? (limit << 12) | 0xfff : limit;
}

void x86_set_accessed(CPUX86State *env, uint32_t sel, uint32_t e2, uintptr_t ra)
{
    if (!(e2 & DESC_A_MASK)) {
        x86_sys_st(env, x86_desc_addr(env, sel) + 4, e2 | DESC_A_MASK, 4, ra);
    }
}

/* Only the attribute bits of e2 live in SegmentCache.flags. */
#define DESC_FLAGS_MASK 0x00f0ff00u

void x86_load_seg_desc(CPUX86State *env, int seg, uint32_t sel, uint32_t e1,
                       uint32_t e2)
{
    SegmentCache *sc = &env->segs[seg];

    sc->selector = sel;
    sc->base = x86_desc_base(e1, e2);
    sc->limit = x86_desc_limit(e1, e2);
    sc->flags = e2 & DESC_FLAGS_MASK;
    cpu_x86_update_hflags(env);
}

void x86_load_seg_real(CPUX86State *env, int seg, uint32_t sel, bool vm86)
{
    SegmentCache *sc = &env->segs[seg];

    sc->selector = sel & 0xffff;
    sc->base = (uint64_t)(sel & 0xffff) << 4;
    if (vm86) {
        /* SDM vol. 3, 20.1.1: 64 KiB, read/write (code: read/execute),
         * present, DPL 3, accessed. */
        sc->limit = 0xffff;
        sc->flags = DESC_P_MASK | DESC_S_MASK | (3u << DESC_DPL_SHIFT)
                    | DESC_W_MASK | DESC_A_MASK
                    | (seg == R_CS ? DESC_CS_MASK : 0);
    }
    /* Real mode keeps limit and attributes: the descriptor cache left by
     * protected mode stays in force ("unreal mode"). */
    cpu_x86_update_hflags(env);
}

/* A null selector in a data segment register: unusable. */
static void load_seg_null(CPUX86State *env, int seg, uint32_t sel)
{
    SegmentCache *sc = &env->segs[seg];

    sc->selector = sel;
    sc->base = 0;
    sc->limit = 0;
    sc->flags = 0;
    cpu_x86_update_hflags(env);
}

void x86_load_ss_null(CPUX86State *env, uint32_t sel, unsigned cpl)
{
    SegmentCache *sc = &env->segs[R_SS];

    sc->selector = (sel & ~3u) | cpl;
    sc->base = 0;
    sc->limit = 0xffffffff;
    sc->flags = DESC_P_MASK | DESC_S_MASK | DESC_W_MASK | DESC_A_MASK
                | DESC_B_MASK | (cpl << DESC_DPL_SHIFT);
    cpu_x86_update_hflags(env);
}

void x86_load_seg_checked(CPUX86State *env, int seg, uint32_t sel,
                          bool in_task_switch, uintptr_t ra)
{
    unsigned cpl = x86_cpl(env), rpl = sel & 3, dpl;
    int gp = in_task_switch ? EXCP0A_TSS : EXCP0D_GPF;
    uint32_t err = sel & 0xfffc, e1, e2;

    if ((sel & 0xfffc) == 0) {
        if (seg != R_SS) {
            load_seg_null(env, seg, sel);
            return;
        }
        /* SDM vol. 2B, MOV: a null SS is #GP(0) except in 64-bit mode
         * at CPL < 3 with RPL = CPL. */
        if (!x86_code64(env) || cpl == 3 || rpl != cpl) {
            raise_err(env, gp, 0, ra);
        }
        x86_load_ss_null(env, sel, cpl);
        return;
    }
    if (!x86_read_desc(env, sel, &e1, &e2, ra) || !(e2 & DESC_S_MASK)) {
        raise_err(env, gp, err, ra);
    }
    dpl = desc_dpl(e2);
    if (seg == R_SS) {
        if (rpl != cpl || (e2 & DESC_CS_MASK) || !(e2 & DESC_W_MASK)
            || dpl != cpl) {
            raise_err(env, gp, err, ra);
        }
        if (!(e2 & DESC_P_MASK)) {
            raise_err(env, EXCP0C_STACK, err, ra);
        }
    } else {
        if ((e2 & DESC_CS_MASK) && !(e2 & DESC_R_MASK)) {
            raise_err(env, gp, err, ra); /* execute-only code */
        }
        if (!(e2 & DESC_CS_MASK) || !(e2 & DESC_C_MASK)) {
            if (dpl < cpl || dpl < rpl) {
                raise_err(env, gp, err, ra);
            }
        }
        if (!(e2 & DESC_P_MASK)) {
            raise_err(env, EXCP0B_NOSEG, err, ra);
        }
    }
    x86_set_accessed(env, sel, e2, ra);
    x86_load_seg_desc(env, seg, sel, e1, e2 | DESC_A_MASK);
}

/*
 * After a return to an outer level: data segment registers whose DPL is
 * below the new CPL (data or non-conforming code) become null (SDM vol.
 * 2A, RET / IRET).  Null selectors keep their state (64-bit FS/GS bases).
 */
static void drop_inner_data_segs(CPUX86State *env)
{
    static const int segs[] = {R_ES, R_DS, R_FS, R_GS};
    unsigned cpl = x86_cpl(env);

    for (unsigned i = 0; i < 4; i++) {
        SegmentCache *sc = &env->segs[segs[i]];
        uint32_t fl = sc->flags;

        if ((sc->selector & 0xfffc) == 0) {
            continue;
        }
        if ((!(fl & DESC_CS_MASK) || !(fl & DESC_C_MASK))
            && desc_dpl(fl) < cpl) {
            load_seg_null(env, segs[i], 0);
        }
    }
}

void helper_load_seg(CPUX86State *env, uint32_t seg, uint32_t selector)
{
    uintptr_t ra = GETPC();

    selector &= 0xffff;
    if (seg == R_CS || seg >= X86_NB_SEGS) {
        x86_raise_exception_ra(env, EXCP06_ILLOP, ra); /* MOV CS, r/m */
    }
    if (!x86_protected(env) || x86_vm86(env)) {
        x86_load_seg_real(env, seg, selector, x86_vm86(env));
    } else {
        x86_load_seg_checked(env, seg, selector, false, ra);
    }
    if (seg == R_SS) {
        /* SDM vol. 3, 6.8.3: no interrupt or #DB until after the next
         * instruction. */
        env->hflags |= HF_INHIBIT_IRQ_MASK;
    }
}

/* -- TSS stacks and new stack segments ------------------------------------- */

void x86_tss_stack(CPUX86State *env, unsigned dpl, uint32_t *ss, uint64_t *sp,
                   uint32_t ext, uintptr_t ra)
{
    unsigned type = desc_type(env->tr.flags);
    unsigned shift = (type & 8) ? 1 : 0; /* 32-bit TSS: 8-byte slots */
    uint32_t ofs = (dpl * 4 + 2) << shift;
    uint32_t tr_err = (env->tr.selector & 0xfffc) | ext;

    if (!(env->tr.flags & DESC_P_MASK)) {
        raise_err(env, EXCP0A_TSS, tr_err, ra);
    }
    if (ofs + (4u << shift) - 1 > env->tr.limit) {
        raise_err(env, EXCP0A_TSS, tr_err, ra);
    }
    if (shift) {
        *sp = (uint32_t)x86_sys_ld(env, env->tr.base + ofs, 4, ra);
        *ss = x86_sys_ld(env, env->tr.base + ofs + 4, 2, ra);
    } else {
        *sp = x86_sys_ld(env, env->tr.base + ofs, 2, ra);
        *ss = x86_sys_ld(env, env->tr.base + ofs + 2, 2, ra);
    }
}

uint64_t x86_tss64_stack(CPUX86State *env, unsigned dpl, unsigned ist,
                         uint32_t ext, uintptr_t ra)
{
    /* SDM vol. 3, figure 8-11: RSPn at 4 + 8n, ISTn at 0x24 + 8(n - 1). */
    uint32_t ofs = ist ? 0x1c + 8 * ist : 4 + 8 * dpl;

    if (ofs + 7 > env->tr.limit) {
        raise_err(env, EXCP0A_TSS, (env->tr.selector & 0xfffc) | ext, ra);
    }
    return x86_sys_ld(env, env->tr.base + ofs, 8, ra);
}

void x86_check_new_ss(CPUX86State *env, uint32_t ss, unsigned dpl, uint32_t *e1,
                      uint32_t *e2, uint32_t ext, uintptr_t ra)
{
    uint32_t err = (ss & 0xfffc) | ext;

    if ((ss & 0xfffc) == 0 || (ss & 3) != dpl) {
        raise_err(env, EXCP0A_TSS, err, ra);
    }
    if (!x86_read_desc(env, ss, e1, e2, ra)) {
        raise_err(env, EXCP0A_TSS, err, ra);
    }
    if (!(*e2 & DESC_S_MASK) || (*e2 & DESC_CS_MASK) || !(*e2 & DESC_W_MASK)
        || desc_dpl(*e2) != dpl) {
        raise_err(env, EXCP0A_TSS, err, ra);
    }
    if (!(*e2 & DESC_P_MASK)) {
        raise_err(env, EXCP0C_STACK, err, ra);
    }
}

/* -- The stack cursor ------------------------------------------------------ */

X86Stack x86_stack_current(CPUX86State *env, uintptr_t ra)
{
    X86Stack st = {
        .env = env,
        .base = x86_code64(env) ? 0 : env->segs[R_SS].base,
        .sp = env->regs[R_ESP],
        .mask = x86_code64(env)                         ? ~(uint64_t)0
                : (env->segs[R_SS].flags & DESC_B_MASK) ? 0xffffffffu
                                                        : 0xffff,
        .mmu_idx = x86_mmu_idx_for(x86_cpl(env)),
        .ra = ra,
    };

    return st;
}

static uint64_t stack_addr(const X86Stack *st)
{
    return x86_linear(st->env, st->base + (st->sp & st->mask));
}

void x86_push(X86Stack *st, unsigned size, uint64_t val)
{
    st->sp -= size;
    cpu_st_mmu(env_cpu(st->env), stack_addr(st), val, size, st->mmu_idx,
               st->ra);
}

uint64_t x86_pop(X86Stack *st, unsigned size)
{
    uint64_t v =
        cpu_ld_mmu(env_cpu(st->env), stack_addr(st), size, st->mmu_idx, st->ra);

    st->sp += size;
    return v;
}

void x86_stack_commit(X86Stack *st)
{
    uint64_t *rsp = &st->env->regs[R_ESP];

    if (st->mask == 0xffff) {
        *rsp = (*rsp & ~(uint64_t)0xffff) | (st->sp & 0xffff);
    } else {
        *rsp = st->sp & st->mask;
    }
}

/* -- Far JMP and CALL ------------------------------------------------------ */

/* Is a code segment E2 a valid far target as "64-bit" (L=1, D=0) when the
 * CPU is in long mode?  Outside long mode every code segment is. */
static bool code_ok_for_mode(const CPUX86State *env, uint32_t e2)
{
    return !x86_lma(env) || !(e2 & DESC_L_MASK) || !(e2 & DESC_B_MASK);
}

/* Load CS from a checked descriptor with RPL = CPL, and set rip. */
static void load_cs_jump(CPUX86State *env, uint32_t sel, uint32_t e1,
                         uint32_t e2, unsigned cpl, uint64_t eip, uintptr_t ra)
{
    x86_set_accessed(env, sel, e2, ra);
    x86_load_seg_desc(env, R_CS, (sel & 0xfffc) | cpl, e1, e2 | DESC_A_MASK);
    env->rip = eip;
}

/* EIP beyond a non-64-bit code segment's limit: #GP(0). */
static void check_cs_limit(CPUX86State *env, uint32_t e1, uint32_t e2,
                           uint64_t eip, uintptr_t ra)
{
    if (x86_lma(env) && (e2 & DESC_L_MASK)) {
        return;
    }
    if (eip > x86_desc_limit(e1, e2)) {
        raise_err(env, EXCP0D_GPF, 0, ra);
    }
}

/*
 * Checks on a direct far JMP/CALL to code segment SEL (SDM vol. 2A, JMP):
 * conforming needs DPL <= CPL, non-conforming RPL <= CPL and DPL = CPL.
 */
static void check_direct_code(CPUX86State *env, uint32_t sel, uint32_t e2,
                              uintptr_t ra)
{
    unsigned cpl = x86_cpl(env), dpl = desc_dpl(e2);
    uint32_t err = sel & 0xfffc;

    if (!(e2 & DESC_CS_MASK)) {
        raise_err(env, EXCP0D_GPF, err, ra);
    }
    if (e2 & DESC_C_MASK) {
        if (dpl > cpl) {
            raise_err(env, EXCP0D_GPF, err, ra);
        }
    } else if ((sel & 3) > cpl || dpl != cpl) {
        raise_err(env, EXCP0D_GPF, err, ra);
    }
    if (!(e2 & DESC_P_MASK)) {
        raise_err(env, EXCP0B_NOSEG, err, ra);
    }
    if (!code_ok_for_mode(env, e2)) {
        raise_err(env, EXCP0D_GPF, err, ra);
    }
}

/* A call gate, decoded. */
typedef struct CallGate {
    uint32_t sel;    /* target code selector */
    uint64_t offset; /* target offset */
    unsigned size;   /* 2, 4 or 8: the width of pushes */
    unsigned params; /* parameter count (dwords/words to copy) */
    uint32_t e1, e2; /* the target's descriptor */
} CallGate;

/*
 * Check the call gate GSEL (descriptor E1/E2) for a far JMP or CALL and
 * its target code segment (SDM vol. 3, 5.8.4).
 */
static CallGate read_call_gate(CPUX86State *env, uint32_t gsel, uint32_t e1,
                               uint32_t e2, uintptr_t ra)
{
    unsigned cpl = x86_cpl(env), dpl = desc_dpl(e2);
    uint32_t gerr = gsel & 0xfffc;
    CallGate g = {
        .sel = e1 >> 16,
        .offset = (e2 & 0xffff0000u) | (e1 & 0xffff),
        .size = desc_type(e2) == SYS_CALLGATE16 ? 2 : 4,
        .params = e2 & 0x1f,
    };

    if (dpl < cpl || dpl < (gsel & 3)) {
        raise_err(env, EXCP0D_GPF, gerr, ra);
    }
    if (!(e2 & DESC_P_MASK)) {
        raise_err(env, EXCP0B_NOSEG, gerr, ra);
    }
    if (g.size == 2) {
        g.offset &= 0xffff;
    }
    if (x86_lma(env)) {
        uint32_t e3, e4;

        /* Long mode: 16-byte gates; the upper type field must be 0. */
        if (!read_desc_high(env, gsel, &e3, &e4, ra)
            || ((e4 >> DESC_TYPE_SHIFT) & 0x1f) != 0) {
            raise_err(env, EXCP0D_GPF, gerr, ra);
        }
        g.offset |= (uint64_t)e3 << 32;
        g.size = 8;
        g.params = 0;
    }
    if ((g.sel & 0xfffc) == 0) {
        raise_err(env, EXCP0D_GPF, 0, ra);
    }
    if (!x86_read_desc(env, g.sel, &g.e1, &g.e2, ra) || !(g.e2 & DESC_S_MASK)
        || !(g.e2 & DESC_CS_MASK) || desc_dpl(g.e2) > cpl) {
        raise_err(env, EXCP0D_GPF, g.sel & 0xfffc, ra);
    }
    if (!(g.e2 & DESC_P_MASK)) {
        raise_err(env, EXCP0B_NOSEG, g.sel & 0xfffc, ra);
    }
    if (x86_lma(env) && (!(g.e2 & DESC_L_MASK) || (g.e2 & DESC_B_MASK))) {
        raise_err(env, EXCP0D_GPF, g.sel & 0xfffc, ra);
    }
    return g;
}

/* A far JMP/CALL to a TSS or task gate (not in long mode). */
static void far_to_task(CPUX86State *env, uint32_t sel, uint32_t e1,
                        uint32_t e2, X86TaskSource src, uint64_t next_eip,
                        uintptr_t ra)
{
    unsigned cpl = x86_cpl(env), dpl = desc_dpl(e2);
    uint32_t err = sel & 0xfffc;

    if (x86_lma(env) || dpl < cpl || dpl < (sel & 3)) {
        raise_err(env, EXCP0D_GPF, err, ra);
    }
    if (!(e2 & DESC_P_MASK)) {
        raise_err(env, EXCP0B_NOSEG, err, ra);
    }
    x86_task_switch(env, sel, e1, e2, src, next_eip, 0, ra);
}

void helper_far_jmp(CPUX86State *env, uint32_t sel, uint64_t eip,
                    uint64_t next_eip)
{
    uintptr_t ra = GETPC();
    unsigned cpl = x86_cpl(env);
    uint32_t e1, e2;

    sel &= 0xffff;
    if (!x86_protected(env) || x86_vm86(env)) {
        x86_load_seg_real(env, R_CS, sel, x86_vm86(env));
        env->rip = eip;
        return;
    }
    if ((sel & 0xfffc) == 0) {
        raise_err(env, EXCP0D_GPF, 0, ra);
    }
    if (!x86_read_desc(env, sel, &e1, &e2, ra)) {
        raise_err(env, EXCP0D_GPF, sel & 0xfffc, ra);
    }
    if (e2 & DESC_S_MASK) {
        check_direct_code(env, sel, e2, ra);
        check_cs_limit(env, e1, e2, eip, ra);
        load_cs_jump(env, sel, e1, e2, cpl, eip, ra);
        return;
    }
    switch (desc_type(e2)) {
    case SYS_TSS16_AVAIL:
    case SYS_TSS32_AVAIL:
    case SYS_TASKGATE:
        far_to_task(env, sel, e1, e2, TASK_FROM_JMP, next_eip, ra);
        return;
    case SYS_CALLGATE16:
    case SYS_CALLGATE32: {
        CallGate g;

        if (x86_lma(env) && desc_type(e2) != SYS_CALLGATE32) {
            break;
        }
        g = read_call_gate(env, sel, e1, e2, ra);
        /* JMP through a gate never changes privilege. */
        if ((g.e2 & DESC_C_MASK) ? desc_dpl(g.e2) > cpl
                                 : desc_dpl(g.e2) != cpl) {
            raise_err(env, EXCP0D_GPF, g.sel & 0xfffc, ra);
        }
        check_cs_limit(env, g.e1, g.e2, g.offset, ra);
        load_cs_jump(env, g.sel, g.e1, g.e2, cpl, g.offset, ra);
        return;
    }
    default:
        break;
    }
    raise_err(env, EXCP0D_GPF, sel & 0xfffc, ra);
}

/* CALL through gate G to an inner level: stack from the TSS, old SS:ESP
 * and the parameters copied (SDM vol. 3, 5.8.5). */
static void call_gate_inner(CPUX86State *env, const CallGate *g,
                            uint64_t next_eip, uintptr_t ra)
{
    unsigned dpl = desc_dpl(g->e2);
    X86Stack old = x86_stack_current(env, ra);
    X86Stack st = {.env = env, .mmu_idx = x86_mmu_idx_for(dpl), .ra = ra};
    uint32_t ss = 0, ss_e1 = 0, ss_e2 = 0;
    uint64_t sp;

    if (x86_lma(env)) {
        sp = x86_tss64_stack(env, dpl, 0, 0, ra);
        st.mask = ~(uint64_t)0;
        ss = dpl; /* null selector, RPL = new CPL */
    } else {
        x86_tss_stack(env, dpl, &ss, &sp, 0, ra);
        x86_check_new_ss(env, ss, dpl, &ss_e1, &ss_e2, 0, ra);
        st.base = x86_desc_base(ss_e1, ss_e2);
        st.mask = (ss_e2 & DESC_B_MASK) ? 0xffffffffu : 0xffff;
    }
    st.sp = sp;
    x86_push(&st, g->size, env->segs[R_SS].selector);
    x86_push(&st, g->size, env->regs[R_ESP] & old.mask);
    for (int i = (int)g->params - 1; i >= 0; i--) {
        X86Stack src = old;

        src.sp += (uint64_t)i * g->size;
        x86_push(&st, g->size, x86_pop(&src, g->size));
    }
    x86_push(&st, g->size, env->segs[R_CS].selector);
    x86_push(&st, g->size, next_eip);
    /* Everything read and written: now switch. */
    if (x86_lma(env)) {
        x86_load_ss_null(env, ss, dpl);
    } else {
        x86_set_accessed(env, ss, ss_e2, ra);
        x86_load_seg_desc(env, R_SS, ss, ss_e1, ss_e2 | DESC_A_MASK);
    }
    load_cs_jump(env, g->sel, g->e1, g->e2, dpl, g->offset, ra);
    x86_stack_commit(&st);
}

void helper_far_call(CPUX86State *env, uint32_t sel, uint64_t eip, uint32_t ot,
                     uint64_t next_eip)
{
    uintptr_t ra = GETPC();
    unsigned size = 1u << ot, cpl = x86_cpl(env);
    X86Stack st = x86_stack_current(env, ra);
    uint32_t e1, e2;

    sel &= 0xffff;
    if (!x86_protected(env) || x86_vm86(env)) {
        x86_push(&st, size, env->segs[R_CS].selector);
        x86_push(&st, size, next_eip);
        x86_load_seg_real(env, R_CS, sel, x86_vm86(env));
        env->rip = eip;
        x86_stack_commit(&st);
        return;
    }
    if ((sel & 0xfffc) == 0) {
        raise_err(env, EXCP0D_GPF, 0, ra);
    }
    if (!x86_read_desc(env, sel, &e1, &e2, ra)) {
        raise_err(env, EXCP0D_GPF, sel & 0xfffc, ra);
    }
    if (e2 & DESC_S_MASK) {
        check_direct_code(env, sel, e2, ra);
        check_cs_limit(env, e1, e2, eip, ra);
        x86_push(&st, size, env->segs[R_CS].selector);
        x86_push(&st, size, next_eip);
        load_cs_jump(env, sel, e1, e2, cpl, eip, ra);
        x86_stack_commit(&st);
        return;
    }
    switch (desc_type(e2)) {
    case SYS_TSS16_AVAIL:
    case SYS_TSS32_AVAIL:
    case SYS_TASKGATE:
        far_to_task(env, sel, e1, e2, TASK_FROM_CALL, next_eip, ra);
        return;
    case SYS_CALLGATE16:
    case SYS_CALLGATE32: {
        CallGate g;

        if (x86_lma(env) && desc_type(e2) != SYS_CALLGATE32) {
            break;
        }
        g = read_call_gate(env, sel, e1, e2, ra);
        check_cs_limit(env, g.e1, g.e2, g.offset, ra);
        if (!(g.e2 & DESC_C_MASK) && desc_dpl(g.e2) < cpl) {
            call_gate_inner(env, &g, next_eip, ra);
            return;
        }
        x86_push(&st, g.size, env->segs[R_CS].selector);
        x86_push(&st, g.size, next_eip);
        load_cs_jump(env, g.sel, g.e1, g.e2, cpl, g.offset, ra);
        x86_stack_commit(&st);
        return;
    }
    default:
        break;
    }
    raise_err(env, EXCP0D_GPF, sel & 0xfffc, ra);
}

/* -- Far RET and IRET ------------------------------------------------------ */

/*
 * Check the CS a RET/IRET returns to (SDM vol. 2A, RET): RPL >= CPL,
 * code, conforming DPL <= RPL, non-conforming DPL = RPL, present.
 */
static void check_return_cs(CPUX86State *env, uint32_t cs, uint32_t *e1,
                            uint32_t *e2, uintptr_t ra)
{
    uint32_t err = cs & 0xfffc;
    unsigned rpl = cs & 3;

    if ((cs & 0xfffc) == 0) {
        raise_err(env, EXCP0D_GPF, 0, ra);
    }
    if (!x86_read_desc(env, cs, e1, e2, ra) || rpl < x86_cpl(env)
        || !(*e2 & DESC_S_MASK) || !(*e2 & DESC_CS_MASK)) {
        raise_err(env, EXCP0D_GPF, err, ra);
    }
    if ((*e2 & DESC_C_MASK) ? desc_dpl(*e2) > rpl : desc_dpl(*e2) != rpl) {
        raise_err(env, EXCP0D_GPF, err, ra);
    }
    if (!(*e2 & DESC_P_MASK)) {
        raise_err(env, EXCP0B_NOSEG, err, ra);
    }
    if (!code_ok_for_mode(env, *e2)) {
        raise_err(env, EXCP0D_GPF, err, ra);
    }
}

/* The stack segment popped on a return to level RPL (CS descriptor
 * CS_E2); null is allowed only for 64-bit code below level 3. */
static void check_return_ss(CPUX86State *env, uint32_t ss, unsigned rpl,
                            uint32_t cs_e2, uint32_t *e1, uint32_t *e2,
                            uintptr_t ra)
{
    uint32_t err = ss & 0xfffc;

    if ((ss & 0xfffc) == 0) {
        if (x86_lma(env) && (cs_e2 & DESC_L_MASK) && rpl != 3) {
            *e1 = *e2 = 0;
            return;
        }
        raise_err(env, EXCP0D_GPF, 0, ra);
    }
    if ((ss & 3) != rpl || !x86_read_desc(env, ss, e1, e2, ra)
        || !(*e2 & DESC_S_MASK) || (*e2 & DESC_CS_MASK) || !(*e2 & DESC_W_MASK)
        || desc_dpl(*e2) != rpl) {
        raise_err(env, EXCP0D_GPF, err, ra);
    }
    if (!(*e2 & DESC_P_MASK)) {
        raise_err(env, EXCP0C_STACK, err, ra);
    }
}

/*
 * The common tail of a protected-mode RET/IRET: CS (checked), optionally a
 * new SS:rSP (POP_SS), then the data segments of inner levels dropped.
 * ST is positioned after everything popped; IMM is RET's stack release.
 */
typedef struct ReturnFrame {
    uint64_t eip;
    uint32_t cs, cs_e1, cs_e2;
    bool new_stack;
    uint64_t sp;
    uint32_t ss, ss_e1, ss_e2;
} ReturnFrame;

static void pop_outer_stack(CPUX86State *env, X86Stack *st, unsigned size,
                            unsigned imm, ReturnFrame *f, uintptr_t ra)
{
    st->sp += imm;
    f->sp = x86_pop(st, size);
    f->ss = x86_pop(st, size) & 0xffff;
    check_return_ss(env, f->ss, f->cs & 3, f->cs_e2, &f->ss_e1, &f->ss_e2, ra);
    f->new_stack = true;
}

static void commit_return(CPUX86State *env, X86Stack *st, ReturnFrame *f,
                          unsigned imm, uintptr_t ra)
{
    unsigned old_cpl = x86_cpl(env), rpl = f->cs & 3;

    x86_set_accessed(env, f->cs, f->cs_e2, ra);
    if (f->new_stack && (f->ss & 0xfffc)) {
        x86_set_accessed(env, f->ss, f->ss_e2, ra);
    }
    x86_load_seg_desc(env, R_CS, f->cs, f->cs_e1, f->cs_e2 | DESC_A_MASK);
    env->rip = f->eip;
    if (!f->new_stack) {
        x86_stack_commit(st);
        return;
    }
    if (f->ss & 0xfffc) {
        x86_load_seg_desc(env, R_SS, f->ss, f->ss_e1, f->ss_e2 | DESC_A_MASK);
    } else {
        x86_load_ss_null(env, f->ss, rpl);
    }
    /* The new stack pointer, plus RET's release, in the new SS's width. */
    *st = x86_stack_current(env, ra);
    st->sp = f->sp + imm;
    x86_stack_commit(st);
    if (rpl > old_cpl) {
        drop_inner_data_segs(env);
    }
}

void helper_far_ret(CPUX86State *env, uint32_t ot, uint32_t imm)
{
    uintptr_t ra = GETPC();
    unsigned size = 1u << ot;
    X86Stack st = x86_stack_current(env, ra);
    ReturnFrame f = {0};

    f.eip = x86_pop(&st, size);
    f.cs = x86_pop(&st, size) & 0xffff;
    if (!x86_protected(env) || x86_vm86(env)) {
        st.sp += imm;
        x86_load_seg_real(env, R_CS, f.cs, x86_vm86(env));
        env->rip = f.eip;
        x86_stack_commit(&st);
        return;
    }
    check_return_cs(env, f.cs, &f.cs_e1, &f.cs_e2, ra);
    if ((f.cs & 3) == x86_cpl(env)) {
        st.sp += imm;
    } else {
        pop_outer_stack(env, &st, size, imm, &f, ra);
    }
    commit_return(env, &st, &f, imm, ra);
}

/* EFLAGS bits IRET may change at CPL (SDM vol. 2A, IRET), before sizing. */
static uint32_t iret_flags_mask(const CPUX86State *env)
{
    uint32_t mask = TF_MASK | AC_MASK | ID_MASK | NT_MASK | RF_MASK;
    unsigned cpl = x86_cpl(env);

    if (cpl == 0) {
        mask |= IOPL_MASK | VIF_MASK | VIP_MASK;
    }
    if (cpl <= x86_iopl(env)) {
        mask |= IF_MASK;
    }
    return mask;
}

static void load_flags(CPUX86State *env, uint64_t val, uint32_t mask,
                       unsigned size)
{
    if (size == 2) {
        mask &= 0xffff;
    }
    cpu_load_eflags(env, val, mask);
    cpu_x86_update_hflags(env);
}

/* IRET with EFLAGS.NT: return to the task in the TSS's back link. */
static void iret_task(CPUX86State *env, uint64_t next_eip, uintptr_t ra)
{
    uint32_t link = x86_sys_ld(env, env->tr.base, 2, ra), e1, e2;
    uint32_t err = link & 0xfffc;

    if (x86_lma(env)) {
        raise_err(env, EXCP0D_GPF, 0, ra);
    }
    if ((link & 4) || !x86_read_desc(env, link, &e1, &e2, ra)
        || (e2 & DESC_S_MASK)
        || (desc_type(e2) != SYS_TSS32_BUSY
            && desc_type(e2) != SYS_TSS16_BUSY)) {
        raise_err(env, EXCP0A_TSS, err, ra);
    }
    if (!(e2 & DESC_P_MASK)) {
        raise_err(env, EXCP0B_NOSEG, err, ra);
    }
    x86_task_switch(env, link, e1, e2, TASK_FROM_IRET, next_eip, 0, ra);
}

/* IRET from protected mode to virtual-8086 mode (from CPL 0). */
static void iret_to_vm86(CPUX86State *env, X86Stack *st, uint64_t eip,
                         uint32_t cs, uint64_t flags)
{
    uint64_t sp = x86_pop(st, 4);
    uint32_t ss = x86_pop(st, 4), es = x86_pop(st, 4), ds = x86_pop(st, 4);
    uint32_t fs = x86_pop(st, 4), gs = x86_pop(st, 4);

    cpu_load_eflags(env, flags,
                    TF_MASK | AC_MASK | ID_MASK | NT_MASK | RF_MASK | IF_MASK
                        | IOPL_MASK | VM_MASK | VIF_MASK | VIP_MASK);
    x86_load_seg_real(env, R_CS, cs, true);
    x86_load_seg_real(env, R_SS, ss, true);
    x86_load_seg_real(env, R_ES, es, true);
    x86_load_seg_real(env, R_DS, ds, true);
    x86_load_seg_real(env, R_FS, fs, true);
    x86_load_seg_real(env, R_GS, gs, true);
    env->rip = eip & 0xffff;
    env->regs[R_ESP] = (uint32_t)sp;
    cpu_x86_update_hflags(env);
}

void helper_iret(CPUX86State *env, uint32_t ot, uint64_t next_eip)
{
    uintptr_t ra = GETPC();
    unsigned size = 1u << ot;
    X86Stack st = x86_stack_current(env, ra);
    ReturnFrame f = {0};
    uint64_t flags;
    uint32_t mask;

    if (x86_protected(env) && !x86_vm86(env) && (env->eflags & NT_MASK)) {
        iret_task(env, next_eip, ra);
        env->nmi_blocked = false;
        return;
    }
    if (x86_vm86(env) && x86_iopl(env) != 3) {
        raise_err(env, EXCP0D_GPF, 0, ra); /* VME is not implemented */
    }
    f.eip = x86_pop(&st, size);
    f.cs = x86_pop(&st, size) & 0xffff;
    flags = x86_pop(&st, size);
    if (!x86_protected(env) || x86_vm86(env)) {
        mask = TF_MASK | AC_MASK | ID_MASK | NT_MASK | RF_MASK | IF_MASK;
        if (!x86_vm86(env)) {
            mask |= IOPL_MASK;
        }
        x86_load_seg_real(env, R_CS, f.cs, x86_vm86(env));
        env->rip = f.eip & (size == 2 ? 0xffff : 0xffffffffu);
        x86_stack_commit(&st);
        load_flags(env, flags, mask, size);
        env->nmi_blocked = false;
        return;
    }
    if ((flags & VM_MASK) && x86_cpl(env) == 0 && size == 4 && !x86_lma(env)) {
        iret_to_vm86(env, &st, f.eip, f.cs, flags);
        env->nmi_blocked = false;
        return;
    }
    check_return_cs(env, f.cs, &f.cs_e1, &f.cs_e2, ra);
    /* 64-bit mode always pops SS:RSP (SDM vol. 2A, IRET). */
    if (x86_code64(env) || (f.cs & 3) != x86_cpl(env)) {
        pop_outer_stack(env, &st, size, 0, &f, ra);
    }
    mask = iret_flags_mask(env);
    commit_return(env, &st, &f, 0, ra);
    load_flags(env, flags, mask, size);
    env->nmi_blocked = false;
}

/* -- LLDT, LTR ------------------------------------------------------------- */

/* Read a system descriptor for LLDT/LTR: GDT only, 16 bytes in long mode;
 * the base in *BASE. */
static void read_sys_desc(CPUX86State *env, uint32_t sel, uint32_t *e1,
                          uint32_t *e2, uint64_t *base, uintptr_t ra)
{
    uint32_t err = sel & 0xfffc, e3 = 0, e4 = 0;

    if ((sel & 4) || !x86_read_desc(env, sel, e1, e2, ra)
        || (x86_lma(env) && !read_desc_high(env, sel, &e3, &e4, ra))) {
        raise_err(env, EXCP0D_GPF, err, ra);
    }
    *base = x86_desc_base(*e1, *e2) | ((uint64_t)e3 << 32);
}

void helper_lldt(CPUX86State *env, uint32_t sel)
{
    uintptr_t ra = GETPC();
    uint32_t e1, e2;
    uint64_t base;

    sel &= 0xffff;
    if ((sel & 0xfffc) == 0) {
        env->ldt = (SegmentCache){.selector = sel};
        return;
    }
    read_sys_desc(env, sel, &e1, &e2, &base, ra);
    if ((e2 & DESC_S_MASK) || desc_type(e2) != SYS_LDT) {
        raise_err(env, EXCP0D_GPF, sel & 0xfffc, ra);
    }
    if (!(e2 & DESC_P_MASK)) {
        raise_err(env, EXCP0B_NOSEG, sel & 0xfffc, ra);
    }
    env->ldt = (SegmentCache){
        .selector = sel,
        .base = base,
        .limit = x86_desc_limit(e1, e2),
        .flags = e2 & DESC_FLAGS_MASK,
    };
}

void helper_ltr(CPUX86State *env, uint32_t sel)
{
    uintptr_t ra = GETPC();
    uint32_t e1, e2;
    uint64_t base;
    unsigned type;

    sel &= 0xffff;
    if ((sel & 0xfffc) == 0) {
        raise_err(env, EXCP0D_GPF, 0, ra);
    }
    read_sys_desc(env, sel, &e1, &e2, &base, ra);
    type = desc_type(e2);
    if ((e2 & DESC_S_MASK)
        || (type != SYS_TSS32_AVAIL
            && (type != SYS_TSS16_AVAIL || x86_lma(env)))) {
        raise_err(env, EXCP0D_GPF, sel & 0xfffc, ra);
    }
    if (!(e2 & DESC_P_MASK)) {
        raise_err(env, EXCP0B_NOSEG, sel & 0xfffc, ra);
    }
    e2 |= 2u << DESC_TYPE_SHIFT; /* busy */
    x86_sys_st(env, x86_desc_addr(env, sel) + 4, e2, 4, ra);
    env->tr = (SegmentCache){
        .selector = sel,
        .base = base,
        .limit = x86_desc_limit(e1, e2),
        .flags = e2 & DESC_FLAGS_MASK,
    };
}

/* -- LAR, LSL, VERR, VERW, ARPL -------------------------------------------- */

/* ZF = Z, the other arithmetic flags kept; leaves cc_op = CC_OP_EFLAGS. */
static void set_zf(CPUX86State *env, bool z)
{
    uint64_t f =
        cc_compute_all(env->cc_dst, env->cc_src, env->cc_src2, env->cc_op);

    env->cc_src = z ? f | CC_Z : f & ~(uint64_t)CC_Z;
    env->cc_op = CC_OP_EFLAGS;
}

/* System types LAR (LSL_ONLY false) or LSL accepts (SDM vol. 2A, LAR/LSL). */
static bool sys_type_visible(const CPUX86State *env, unsigned type, bool lsl)
{
    switch (type) {
    case SYS_LDT:
    case SYS_TSS32_AVAIL:
    case SYS_TSS32_BUSY:
        return true;
    case SYS_TSS16_AVAIL:
    case SYS_TSS16_BUSY:
        return !x86_lma(env);
    case SYS_CALLGATE32:
        return !lsl;
    case SYS_CALLGATE16:
    case SYS_TASKGATE:
        return !lsl && !x86_lma(env);
    default:
        return false;
    }
}

/* The descriptor of SEL if LAR/LSL may see it from CPL/RPL. */
static bool lar_lsl_desc(CPUX86State *env, uint32_t sel, bool lsl, uint32_t *e1,
                         uint32_t *e2, uintptr_t ra)
{
    unsigned dpl;

    if ((sel & 0xfffc) == 0 || !x86_read_desc(env, sel, e1, e2, ra)) {
        return false;
    }
    dpl = desc_dpl(*e2);
    if (*e2 & DESC_S_MASK) {
        if ((*e2 & DESC_CS_MASK) && (*e2 & DESC_C_MASK)) {
            return true;
        }
    } else if (!sys_type_visible(env, desc_type(*e2), lsl)) {
        return false;
    }
    return dpl >= x86_cpl(env) && dpl >= (sel & 3);
}

uint64_t helper_lar(CPUX86State *env, uint32_t sel)
{
    uint32_t e1, e2;
    bool ok = lar_lsl_desc(env, sel & 0xffff, false, &e1, &e2, GETPC());

    set_zf(env, ok);
    return ok ? e2 & DESC_FLAGS_MASK : 0;
}

uint64_t helper_lsl(CPUX86State *env, uint32_t sel)
{
    uint32_t e1, e2;
    bool ok = lar_lsl_desc(env, sel & 0xffff, true, &e1, &e2, GETPC());

    set_zf(env, ok);
    return ok ? x86_desc_limit(e1, e2) : 0;
}

void helper_verr(CPUX86State *env, uint32_t sel, uint32_t write)
{
    uint32_t e1, e2;
    bool ok = (sel & 0xfffc) && x86_read_desc(env, sel, &e1, &e2, GETPC())
              && (e2 & DESC_S_MASK);

    if (ok) {
        bool code = e2 & DESC_CS_MASK;

        if (write) {
            ok = !code && (e2 & DESC_W_MASK);
        } else {
            ok = !code || (e2 & DESC_R_MASK);
        }
        if (ok && !(code && (e2 & DESC_C_MASK))) {
            ok = desc_dpl(e2) >= x86_cpl(env) && desc_dpl(e2) >= (sel & 3);
        }
    }
    set_zf(env, ok);
}

uint64_t helper_arpl(CPUX86State *env, uint64_t dst, uint64_t src)
{
    bool adjust = (dst & 3) < (src & 3);

    set_zf(env, adjust);
    return adjust ? (dst & ~(uint64_t)3) | (src & 3) : dst;
}
