/*
 * Interrupt and exception delivery (CPUTargetOps.do_interrupt), taking
 * external interrupts, NMI, INIT and SIPI between blocks
 * (CPUTargetOps.exec_interrupt), HLT wake-up (has_work) and the
 * single-step trap.
 *
 * Data flow: a helper raises a vector (x86_raise_exception_err_ra, or
 * helper_raise_interrupt for INT n) and unwinds to the execution loop,
 * which calls x86_cpu_do_interrupt; external events come through
 * x86_cpu_exec_interrupt at block boundaries.  Both end in
 * x86_deliver_event, which builds the frame through the IVT (real mode),
 * the IDT with 8-byte gates (protected mode) or 16-byte gates (long mode).
 *
 * Nested faults: env->delivering marks an exception whose delivery is
 * under way.  A fault during it unwinds to the loop and comes back here;
 * the pair is then classified (SDM vol. 3, table 6-5): two contributory
 * faults, or a page fault followed by a contributory fault or a page
 * fault, become #DF(0); any fault while delivering #DF is a triple fault,
 * which asks the machine to shut down (reset, or exit under -no-reboot).
 */
#include <inttypes.h>

#include "hw/i386/x86-cpu-board.h"
#include "target/i386/seg_helper.h"
#include "util/log.h"

/* Vectors whose exceptions push an error code (SDM vol. 3, table 6-1). */
static bool has_error_code(int intno)
{
    switch (intno) {
    case EXCP08_DBLE:
    case EXCP0A_TSS:
    case EXCP0B_NOSEG:
    case EXCP0C_STACK:
    case EXCP0D_GPF:
    case EXCP0E_PAGE:
    case EXCP11_ALGN:
    case EXCP15_CP:
        return true;
    default:
        return false;
    }
}

/* SDM vol. 3, table 6-4: #DE, #TS, #NP, #SS, #GP. */
static bool contributory(int intno)
{
    return intno == EXCP00_DIVZ || (intno >= EXCP0A_TSS && intno <= EXCP0D_GPF);
}

/* -- Real mode ----------------------------------------------------------- */

static void deliver_real(CPUX86State *env, int intno, uint64_t ret_eip,
                         uint32_t ext)
{
    X86Stack st = x86_stack_current(env, 0);
    uint32_t off, sel;

    if ((uint32_t)intno * 4 + 3 > env->idt.limit) {
        raise_err(env, EXCP0D_GPF, intno * 8 + ERR_IDT + ext, 0);
    }
    off = x86_sys_ld(env, env->idt.base + intno * 4, 2, 0);
    sel = x86_sys_ld(env, env->idt.base + intno * 4 + 2, 2, 0);
    x86_push(&st, 2, cpu_compute_eflags(env));
    x86_push(&st, 2, env->segs[R_CS].selector);
    x86_push(&st, 2, ret_eip);
    x86_stack_commit(&st);
    x86_load_seg_real(env, R_CS, sel, false);
    env->rip = off;
    env->eflags &= ~(uint64_t)(IF_MASK | TF_MASK | AC_MASK | RF_MASK);
}

/* -- Gates ----------------------------------------------------------------- */

/* What an IDT gate says, checked. */
typedef struct Gate {
    unsigned type;     /* SYS_* */
    uint32_t e1, e2;   /* the gate */
    uint32_t sel;      /* handler CS */
    uint64_t offset;   /* handler entry */
    unsigned ist;      /* long mode: IST index, 0 for none */
    uint32_t ce1, ce2; /* the handler's code descriptor */
} Gate;

/* Read and check IDT entry INTNO (gate size 8 or 16 bytes). */
static Gate read_idt_gate(CPUX86State *env, int intno, bool is_int,
                          uint32_t ext)
{
    unsigned gsize = x86_lma(env) ? 16 : 8;
    uint32_t idt_err = intno * 8 + ERR_IDT + ext;
    uint64_t a = env->idt.base + (uint64_t)intno * gsize;
    Gate g = {0};

    if ((uint32_t)intno * gsize + gsize - 1 > env->idt.limit) {
        raise_err(env, EXCP0D_GPF, idt_err, 0);
    }
    g.e1 = x86_sys_ld(env, a, 4, 0);
    g.e2 = x86_sys_ld(env, a + 4, 4, 0);
    g.type = desc_type(g.e2);
    switch (g.type) {
    case SYS_INTGATE32:
    case SYS_TRAPGATE32:
        break;
    case SYS_TASKGATE:
    case SYS_INTGATE16:
    case SYS_TRAPGATE16:
        if (!x86_lma(env)) {
            break;
        }
        raise_err(env, EXCP0D_GPF, idt_err, 0);
    default:
        raise_err(env, EXCP0D_GPF, idt_err, 0);
    }
    if (g.e2 & DESC_S_MASK) {
        raise_err(env, EXCP0D_GPF, idt_err, 0);
    }
    /* Software interrupts honour the gate's DPL (no EXT: not external). */
    if (is_int && desc_dpl(g.e2) < x86_cpl(env)) {
        raise_err(env, EXCP0D_GPF, intno * 8 + ERR_IDT, 0);
    }
    if (!(g.e2 & DESC_P_MASK)) {
        raise_err(env, EXCP0B_NOSEG, idt_err, 0);
    }
    if (g.type == SYS_TASKGATE) {
        return g;
    }
    g.sel = g.e1 >> 16;
    g.offset = (g.e2 & 0xffff0000u) | (g.e1 & 0xffff);
    if (g.type == SYS_INTGATE16 || g.type == SYS_TRAPGATE16) {
        g.offset &= 0xffff;
    }
    if (x86_lma(env)) {
        g.offset |= (uint64_t)x86_sys_ld(env, a + 8, 4, 0) << 32;
        g.ist = g.e2 & 7;
    }
    /* The handler's code segment. */
    if ((g.sel & 0xfffc) == 0) {
        raise_err(env, EXCP0D_GPF, ext, 0);
    }
    if (!x86_read_desc(env, g.sel, &g.ce1, &g.ce2, 0) || !(g.ce2 & DESC_S_MASK)
        || !(g.ce2 & DESC_CS_MASK) || desc_dpl(g.ce2) > x86_cpl(env)) {
        raise_err(env, EXCP0D_GPF, (g.sel & 0xfffc) | ext, 0);
    }
    if (!(g.ce2 & DESC_P_MASK)) {
        raise_err(env, EXCP0B_NOSEG, (g.sel & 0xfffc) | ext, 0);
    }
    if (x86_lma(env) && (!(g.ce2 & DESC_L_MASK) || (g.ce2 & DESC_B_MASK))) {
        raise_err(env, EXCP0D_GPF, (g.sel & 0xfffc) | ext, 0);
    }
    return g;
}

/* The privilege level the handler runs at; *NEW_STACK when it is inner. */
static unsigned handler_level(CPUX86State *env, const Gate *g, bool *new_stack,
                              uint32_t ext)
{
    unsigned cpl = x86_cpl(env), dpl = desc_dpl(g->ce2);
    uint32_t err = (g->sel & 0xfffc) | ext;

    *new_stack = false;
    if (!(g->ce2 & DESC_C_MASK) && dpl < cpl) {
        /* From virtual-8086 mode only to a ring-0 handler (SDM vol. 3,
         * 20.3.1.1). */
        if (x86_vm86(env) && dpl != 0) {
            raise_err(env, EXCP0D_GPF, err, 0);
        }
        *new_stack = true;
        return dpl;
    }
    if (x86_vm86(env)) {
        raise_err(env, EXCP0D_GPF, err, 0);
    }
    return cpl;
}

/* Load the handler's CS and entry, and clear the flags delivery clears. */
static void enter_handler(CPUX86State *env, const Gate *g, unsigned level)
{
    x86_set_accessed(env, g->sel, g->ce2, 0);
    x86_load_seg_desc(env, R_CS, (g->sel & 0xfffc) | level, g->ce1,
                      g->ce2 | DESC_A_MASK);
    env->rip = g->offset;
    env->eflags &= ~(uint64_t)(TF_MASK | VM_MASK | RF_MASK | NT_MASK);
    if (g->type == SYS_INTGATE32 || g->type == SYS_INTGATE16) {
        env->eflags &= ~(uint64_t)IF_MASK;
    }
    cpu_x86_update_hflags(env);
}

/* -- Protected mode -------------------------------------------------------- */

static void deliver_prot(CPUX86State *env, int intno, bool is_int,
                         bool push_err, uint32_t err, uint64_t ret_eip,
                         uint32_t ext)
{
    Gate g = read_idt_gate(env, intno, is_int, ext);
    X86Stack st;
    bool new_stack, vm86 = x86_vm86(env);
    uint32_t ss = 0, ss_e1 = 0, ss_e2 = 0;
    uint64_t old_sp = env->regs[R_ESP];
    unsigned level, size;

    if (g.type == SYS_TASKGATE) {
        x86_task_switch(env, 0, g.e1, g.e2, TASK_FROM_CALL, ret_eip, ext, 0);
        if (push_err) {
            st = x86_stack_current(env, 0);
            x86_push(&st, (desc_type(env->tr.flags) & 8) ? 4 : 2, err);
            x86_stack_commit(&st);
        }
        return;
    }
    level = handler_level(env, &g, &new_stack, ext);
    size = (g.type & 8) ? 4 : 2;
    if (new_stack) {
        uint64_t sp;

        x86_tss_stack(env, level, &ss, &sp, ext, 0);
        x86_check_new_ss(env, ss, level, &ss_e1, &ss_e2, ext, 0);
        st = (X86Stack){
            .env = env,
            .base = x86_desc_base(ss_e1, ss_e2),
            .sp = sp,
            .mask = (ss_e2 & DESC_B_MASK) ? 0xffffffffu : 0xffff,
            .mmu_idx = x86_mmu_idx_for(level),
        };
    } else {
        st = x86_stack_current(env, 0);
    }
    if (vm86) {
        x86_push(&st, size, env->segs[R_GS].selector);
        x86_push(&st, size, env->segs[R_FS].selector);
        x86_push(&st, size, env->segs[R_DS].selector);
        x86_push(&st, size, env->segs[R_ES].selector);
    }
    if (new_stack) {
        x86_push(&st, size, env->segs[R_SS].selector);
        x86_push(&st, size, old_sp);
    }
    x86_push(&st, size, cpu_compute_eflags(env));
    x86_push(&st, size, env->segs[R_CS].selector);
    x86_push(&st, size, ret_eip);
    if (push_err) {
        x86_push(&st, size, err);
    }
    /* The frame is written: switch. */
    if (new_stack) {
        x86_set_accessed(env, ss, ss_e2, 0);
        x86_load_seg_desc(env, R_SS, ss, ss_e1, ss_e2 | DESC_A_MASK);
    }
    if (vm86) {
        static const int data_segs[] = {R_ES, R_DS, R_FS, R_GS};

        for (unsigned i = 0; i < 4; i++) {
            env->segs[data_segs[i]] = (SegmentCache){.selector = 0};
        }
    }
    enter_handler(env, &g, level);
    x86_stack_commit(&st);
}

/* -- Long mode ------------------------------------------------------------- */

static void deliver_long(CPUX86State *env, int intno, bool is_int,
                         bool push_err, uint32_t err, uint64_t ret_eip,
                         uint32_t ext)
{
    Gate g = read_idt_gate(env, intno, is_int, ext);
    bool new_stack;
    unsigned level = handler_level(env, &g, &new_stack, ext);
    X86Stack st = {
        .env = env,
        .mask = ~(uint64_t)0,
        .mmu_idx = x86_mmu_idx_for(level),
    };

    /* SDM vol. 3, 6.14.2-6.14.5: RSPn from the TSS on a level change,
     * IST always when the gate names one; then aligned to 16 bytes. */
    if (new_stack || g.ist) {
        st.sp = x86_tss64_stack(env, level, g.ist, ext, 0);
    } else {
        st.sp = env->regs[R_ESP];
    }
    st.sp &= ~(uint64_t)0xf;
    x86_push(&st, 8, env->segs[R_SS].selector);
    x86_push(&st, 8, env->regs[R_ESP]);
    x86_push(&st, 8, cpu_compute_eflags(env));
    x86_push(&st, 8, env->segs[R_CS].selector);
    x86_push(&st, 8, ret_eip);
    if (push_err) {
        x86_push(&st, 8, err);
    }
    if (new_stack) {
        x86_load_ss_null(env, 0, level);
    }
    enter_handler(env, &g, level);
    env->regs[R_ESP] = st.sp;
}

/* -- Delivery -------------------------------------------------------------- */

static void triple_fault(CPUX86State *env)
{
    CPUState *cs = env_cpu(env);

    qlog_mask(LOG_INT | LOG_GUEST_ERRORS,
              "x86: triple fault at rip 0x%" PRIx64 " (cs 0x%04x): shutdown\n",
              env->rip, env->segs[R_CS].selector);
    env->delivering = false;
    cs->halted = true;
    x86_board_triple_fault(cs);
}

void x86_deliver_event(CPUX86State *env, int intno, bool is_int, bool is_hw,
                       uint32_t error_code, uint64_t next_eip)
{
    bool exception = !is_int && !is_hw;
    uint32_t ext = exception || is_hw ? ERR_EXT : 0;
    uint64_t ret_eip = is_int ? next_eip : env->rip;

    if (exception && env->delivering) {
        int first = env->delivering_vector;

        if (first == EXCP08_DBLE) {
            triple_fault(env);
            return;
        }
        if ((contributory(first) && contributory(intno))
            || (first == EXCP0E_PAGE
                && (contributory(intno) || intno == EXCP0E_PAGE))) {
            intno = EXCP08_DBLE;
            error_code = 0;
        }
    }
    env->delivering = exception;
    env->delivering_vector = intno;
    qlog_mask(LOG_INT,
              "x86: %s %d (0x%02x) err 0x%x at %04x:%016" PRIx64 " cpl %u\n",
              is_int  ? "int"
              : is_hw ? "irq"
                      : "exception",
              intno, intno, error_code, env->segs[R_CS].selector, env->rip,
              x86_cpl(env));
    if (!x86_protected(env)) {
        deliver_real(env, intno, ret_eip, ext);
    } else if (x86_lma(env)) {
        deliver_long(env, intno, is_int, exception && has_error_code(intno),
                     error_code, ret_eip, ext);
    } else {
        deliver_prot(env, intno, is_int, exception && has_error_code(intno),
                     error_code, ret_eip, ext);
    }
    env->delivering = false;
    env->hflags &= ~HF_INHIBIT_IRQ_MASK;
}

void x86_cpu_do_interrupt(CPUState *cs)
{
    CPUX86State *env = cpu_env(cs);

    x86_deliver_event(env, cs->exception_index, env->exception_is_int, false,
                      env->error_code, env->exception_next_rip);
}

/* -- INIT, SIPI, external interrupts --------------------------------------- */

/*
 * INIT (SDM vol. 3, 9.1 and table 9-1): a reset that keeps the x87/SSE
 * state and the MSRs; the application processors then wait for a SIPI,
 * the bootstrap processor (CPU 0) restarts at the reset vector.
 */
static void do_init(CPUState *cs)
{
    CPUX86State *env = cpu_env(cs);
    CPUX86State *saved = g_memdup2(env, sizeof(*env));

    cpu_x86_reset(env);
    memcpy(env->fpregs, saved->fpregs, sizeof(env->fpregs));
    env->fpstt = saved->fpstt;
    env->fpus = saved->fpus;
    env->fpuc = saved->fpuc;
    memcpy(env->fptags, saved->fptags, sizeof(env->fptags));
    memcpy(env->xmm_regs, saved->xmm_regs, sizeof(env->xmm_regs));
    env->mxcsr = saved->mxcsr;
    env->xcr0 = saved->xcr0;
    env->xss = saved->xss;
    env->star = saved->star;
    env->lstar = saved->lstar;
    env->cstar = saved->cstar;
    env->fmask = saved->fmask;
    env->kernel_gs_base = saved->kernel_gs_base;
    env->tsc_aux = saved->tsc_aux;
    env->tsc_offset = saved->tsc_offset;
    g_free(saved);
    x86_apic_reset(cs, true);
    tlb_flush(cs);
    if (cs->cpu_index != 0) {
        env->wait_sipi = true;
        cs->halted = true;
        cs->exception_index = EXCP_HLT;
    }
}

/* SIPI: start in real mode at VECTOR << 8 : 0000. */
static void do_sipi(CPUState *cs)
{
    CPUX86State *env = cpu_env(cs);
    unsigned vector = x86_apic_sipi_vector(cs) & 0xff;

    env->wait_sipi = false;
    env->segs[R_CS].selector = vector << 8;
    env->segs[R_CS].base = (uint64_t)vector << 12;
    env->rip = 0;
    cs->halted = false;
    cpu_x86_update_hflags(env);
}

bool x86_cpu_exec_interrupt(CPUState *cs, uint32_t req)
{
    CPUX86State *env = cpu_env(cs);
    int vector;

    if (req & CPU_INTERRUPT_INIT) {
        cpu_reset_interrupt(cs, CPU_INTERRUPT_INIT);
        do_init(cs);
        return true;
    }
    if (req & CPU_INTERRUPT_SIPI) {
        cpu_reset_interrupt(cs, CPU_INTERRUPT_SIPI);
        if (env->wait_sipi) {
            do_sipi(cs);
            return true;
        }
    }
    if (env->wait_sipi || (env->hflags & HF_INHIBIT_IRQ_MASK)) {
        return false;
    }
    if ((req & CPU_INTERRUPT_NMI) && !env->nmi_blocked) {
        cpu_reset_interrupt(cs, CPU_INTERRUPT_NMI);
        env->nmi_blocked = true;
        x86_deliver_event(env, EXCP02_NMI, false, true, 0, 0);
        return true;
    }
    if ((req & CPU_INTERRUPT_HARD) && (env->eflags & IF_MASK)) {
        vector = x86_intc_get_vector(cs);
        if (vector >= 0) {
            x86_deliver_event(env, vector, false, true, 0, 0);
            return true;
        }
    }
    return false;
}

bool x86_cpu_has_work(CPUState *cs)
{
    CPUX86State *env = cpu_env(cs);
    uint32_t req = __atomic_load_n(&cs->interrupt_request, __ATOMIC_SEQ_CST);

    if (req & CPU_INTERRUPT_INIT) {
        return true;
    }
    if (env->wait_sipi) {
        return req & CPU_INTERRUPT_SIPI;
    }
    return ((req & CPU_INTERRUPT_HARD) && (env->eflags & IF_MASK))
           || ((req & CPU_INTERRUPT_NMI) && !env->nmi_blocked);
}

/* -- Single step ----------------------------------------------------------- */

/*
 * The #DB trap after an instruction run with EFLAGS.TF (rip already at the
 * next instruction).  SDM vol. 3, 18.2.3: DR6.BS says the trap came from
 * single-stepping; the other DR6 bits stay as they are (DR6 is sticky,
 * the handler clears it).
 */
void helper_single_step(CPUX86State *env)
{
    env->dr[6] |= DR6_BS;
    x86_raise_exception_err_ra(env, EXCP01_DB, 0, 0);
}
