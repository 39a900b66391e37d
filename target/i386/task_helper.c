/*
 * Hardware task switching through the 32-bit TSS (JMP/CALL to a TSS or a
 * task gate, INT through a task gate, IRET with EFLAGS.NT), and the TSS
 * I/O permission bitmap.
 *
 * SDM vol. 3, 7.3: the new TSS is read and checked before anything
 * changes; then the old task's state is saved into its TSS, busy bits
 * and the back link are updated, and the new state is loaded.  Faults
 * while loading the new task's segments happen in the new task's context
 * (its registers are already loaded), as on hardware.
 *
 * Not implemented yet: 16-bit TSSs (the switch raises #TS with a -d unimp
 * line) and the T (debug trap) bit of the new TSS.
 */
#include <inttypes.h>

#include "target/i386/seg_helper.h"
#include "util/log.h"

/* 32-bit TSS layout (SDM vol. 3, figure 7-2). */
enum {
    TSS_LINK = 0x00,
    TSS_CR3 = 0x1c,
    TSS_EIP = 0x20,
    TSS_EFLAGS = 0x24,
    TSS_REGS = 0x28, /* EAX ECX EDX EBX ESP EBP ESI EDI, 4 bytes each */
    TSS_SEGS = 0x48, /* ES CS SS DS FS GS, 4-byte slots */
    TSS_LDT = 0x60,
    TSS_IOMAP = 0x66,
    TSS32_MIN_LIMIT = 0x67,
};

#define DESC_BUSY_MASK (2u << DESC_TYPE_SHIFT)

/* The new task's state, read before anything changes. */
typedef struct TaskState {
    uint32_t cr3, eip, eflags;
    uint32_t regs[8];
    uint16_t segs[X86_NB_SEGS];
    uint16_t ldt;
} TaskState;

static void read_task_state(CPUX86State *env, uint64_t base, TaskState *t,
                            uintptr_t ra)
{
    t->cr3 = x86_sys_ld(env, base + TSS_CR3, 4, ra);
    t->eip = x86_sys_ld(env, base + TSS_EIP, 4, ra);
    t->eflags = x86_sys_ld(env, base + TSS_EFLAGS, 4, ra);
    for (int i = 0; i < 8; i++) {
        t->regs[i] = x86_sys_ld(env, base + TSS_REGS + 4 * i, 4, ra);
    }
    for (int i = 0; i < X86_NB_SEGS; i++) {
        t->segs[i] = x86_sys_ld(env, base + TSS_SEGS + 4 * i, 2, ra);
    }
    t->ldt = x86_sys_ld(env, base + TSS_LDT, 2, ra);
}

static void save_task_state(CPUX86State *env, uint64_t base, uint32_t eip,
                            uint32_t eflags, uintptr_t ra)
{
    x86_sys_st(env, base + TSS_EIP, eip, 4, ra);
    x86_sys_st(env, base + TSS_EFLAGS, eflags, 4, ra);
    for (int i = 0; i < 8; i++) {
        x86_sys_st(env, base + TSS_REGS + 4 * i, (uint32_t)env->regs[i], 4, ra);
    }
    for (int i = 0; i < X86_NB_SEGS; i++) {
        x86_sys_st(env, base + TSS_SEGS + 4 * i, env->segs[i].selector, 2, ra);
    }
}

/* Resolve a task gate to the TSS descriptor it names. */
static uint32_t task_gate_target(CPUX86State *env, uint32_t e1, uint32_t *ne1,
                                 uint32_t *ne2, uint32_t ext, uintptr_t ra)
{
    uint32_t sel = e1 >> 16, err = (sel & 0xfffc) | ext;
    unsigned type;

    if ((sel & 4) || !x86_read_desc(env, sel, ne1, ne2, ra)
        || (*ne2 & DESC_S_MASK)) {
        raise_err(env, EXCP0D_GPF, err, ra);
    }
    type = desc_type(*ne2);
    if (type != SYS_TSS32_AVAIL && type != SYS_TSS16_AVAIL) {
        raise_err(env, EXCP0D_GPF, err, ra);
    }
    if (!(*ne2 & DESC_P_MASK)) {
        raise_err(env, EXCP0B_NOSEG, err, ra);
    }
    return sel;
}

/* The new task's LDT (SDM vol. 3, 7.3 step 13: faults are #TS). */
static void task_load_ldt(CPUX86State *env, uint32_t sel, uintptr_t ra)
{
    uint32_t e1, e2, err = sel & 0xfffc;

    if ((sel & 0xfffc) == 0) {
        env->ldt = (SegmentCache){.selector = sel};
        return;
    }
    if ((sel & 4) || !x86_read_desc(env, sel, &e1, &e2, ra)
        || (e2 & DESC_S_MASK) || desc_type(e2) != SYS_LDT
        || !(e2 & DESC_P_MASK)) {
        raise_err(env, EXCP0A_TSS, err, ra);
    }
    env->ldt = (SegmentCache){
        .selector = sel,
        .base = x86_desc_base(e1, e2),
        .limit = x86_desc_limit(e1, e2),
        .flags = e2 & 0x00f0ff00u,
    };
}

/* The new task's CS: code, DPL rule by conformity, present. */
static void task_load_cs(CPUX86State *env, uint32_t sel, uintptr_t ra)
{
    uint32_t e1, e2, err = sel & 0xfffc;
    unsigned rpl = sel & 3;

    if ((sel & 0xfffc) == 0 || !x86_read_desc(env, sel, &e1, &e2, ra)
        || !(e2 & DESC_S_MASK) || !(e2 & DESC_CS_MASK)
        || ((e2 & DESC_C_MASK) ? desc_dpl(e2) > rpl : desc_dpl(e2) != rpl)) {
        raise_err(env, EXCP0A_TSS, err, ra);
    }
    if (!(e2 & DESC_P_MASK)) {
        raise_err(env, EXCP0B_NOSEG, err, ra);
    }
    x86_set_accessed(env, sel, e2, ra);
    x86_load_seg_desc(env, R_CS, sel, e1, e2 | DESC_A_MASK);
}

static void load_task_segments(CPUX86State *env, const TaskState *t,
                               uintptr_t ra)
{
    static const int data_segs[] = {R_SS, R_ES, R_DS, R_FS, R_GS};

    if (t->eflags & VM_MASK) {
        for (int i = 0; i < X86_NB_SEGS; i++) {
            x86_load_seg_real(env, i, t->segs[i], true);
        }
        task_load_ldt(env, t->ldt, ra);
        return;
    }
    /* Selectors first, so a fault names the new task's registers. */
    for (int i = 0; i < X86_NB_SEGS; i++) {
        env->segs[i].selector = t->segs[i];
    }
    task_load_ldt(env, t->ldt, ra);
    task_load_cs(env, t->segs[R_CS], ra);
    for (unsigned i = 0; i < 5; i++) {
        x86_load_seg_checked(env, data_segs[i], t->segs[data_segs[i]], true,
                             ra);
    }
}

void x86_task_switch(CPUX86State *env, uint32_t sel, uint32_t e1, uint32_t e2,
                     X86TaskSource source, uint64_t next_eip, uint32_t ext,
                     uintptr_t ra)
{
    CPUState *cs = env_cpu(env);
    uint32_t old_e1, old_e2, old_eflags;
    uint64_t new_base;
    TaskState t;

    if (desc_type(e2) == SYS_TASKGATE) {
        sel = task_gate_target(env, e1, &e1, &e2, ext, ra);
    }
    if (!(desc_type(e2) & 8) || !(desc_type(env->tr.flags) & 8)) {
        qlog_mask(LOG_UNIMP,
                  "x86: task switch with a 16-bit TSS (selector "
                  "0x%04x) is not implemented yet: #TS\n",
                  sel);
        raise_err(env, EXCP0A_TSS, (sel & 0xfffc) | ext, ra);
    }
    if (x86_desc_limit(e1, e2) < TSS32_MIN_LIMIT) {
        raise_err(env, EXCP0A_TSS, (sel & 0xfffc) | ext, ra);
    }
    if (env->tr.limit < TSS32_MIN_LIMIT
        || !x86_read_desc(env, env->tr.selector, &old_e1, &old_e2, ra)) {
        raise_err(env, EXCP0A_TSS, (env->tr.selector & 0xfffc) | ext, ra);
    }
    new_base = x86_desc_base(e1, e2);
    read_task_state(env, new_base, &t, ra);

    /* Save the outgoing task. */
    old_eflags = cpu_compute_eflags(env);
    if (source == TASK_FROM_JMP || source == TASK_FROM_IRET) {
        x86_sys_st(env, x86_desc_addr(env, env->tr.selector) + 4,
                   old_e2 & ~DESC_BUSY_MASK, 4, ra);
    }
    if (source == TASK_FROM_IRET) {
        old_eflags &= ~NT_MASK;
    }
    save_task_state(env, env->tr.base, next_eip, old_eflags, ra);
    if (source == TASK_FROM_CALL) {
        x86_sys_st(env, new_base + TSS_LINK, env->tr.selector, 2, ra);
        t.eflags |= NT_MASK;
    }
    if (source != TASK_FROM_IRET) {
        x86_sys_st(env, x86_desc_addr(env, sel) + 4, e2 | DESC_BUSY_MASK, 4,
                   ra);
    }

    /* Load the incoming task. */
    env->cr[0] |= CR0_TS_MASK;
    env->tr = (SegmentCache){
        .selector = sel,
        .base = new_base,
        .limit = x86_desc_limit(e1, e2),
        .flags = (e2 | DESC_BUSY_MASK) & 0x00f0ff00u,
    };
    if (env->cr[0] & CR0_PG_MASK) {
        /* A CR3 load: non-global translations go (the MMU work refines
         * this with its CR3 write path: PCID, PAE PDPTEs). */
        env->cr[3] = t.cr3;
        tlb_flush(cs);
    }
    cpu_load_eflags(env, t.eflags,
                    TF_MASK | IF_MASK | IOPL_MASK | NT_MASK | RF_MASK | VM_MASK
                        | AC_MASK | VIF_MASK | VIP_MASK | ID_MASK);
    for (int i = 0; i < 8; i++) {
        env->regs[i] = t.regs[i];
    }
    env->rip = t.eip;
    cpu_x86_update_hflags(env);
    load_task_segments(env, &t, ra);
    cpu_x86_update_hflags(env);
}

/* -- I/O permission -------------------------------------------------------- */

void x86_check_io(CPUX86State *env, uint32_t port, unsigned size, uintptr_t ra)
{
    unsigned type = desc_type(env->tr.flags);
    uint32_t iomap, ofs, bits;

    if (!x86_protected(env)
        || (!x86_vm86(env) && x86_cpl(env) <= x86_iopl(env))) {
        return;
    }
    /* SDM vol. 1, 19.5.2: a 32-bit (or 64-bit) TSS with a bitmap that
     * covers every bit of the access, all of them clear. */
    if (!(env->tr.flags & DESC_P_MASK)
        || (type != SYS_TSS32_AVAIL && type != SYS_TSS32_BUSY)
        || env->tr.limit < TSS32_MIN_LIMIT) {
        raise_err(env, EXCP0D_GPF, 0, ra);
    }
    iomap = x86_sys_ld(env, env->tr.base + TSS_IOMAP, 2, ra);
    ofs = iomap + (port >> 3);
    if (ofs + 1 > env->tr.limit) {
        raise_err(env, EXCP0D_GPF, 0, ra);
    }
    bits = x86_sys_ld(env, env->tr.base + ofs, 2, ra);
    if ((bits >> (port & 7)) & ((1u << size) - 1)) {
        raise_err(env, EXCP0D_GPF, 0, ra);
    }
}
