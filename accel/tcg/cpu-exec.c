/*
 * The execution loop (include/exec/cpu-common.h): find or translate the TB
 * for the CPU's state, chain it to the previous one, run it, and handle
 * what brings the CPU back: exceptions, interrupts, exit requests, halt.
 *
 * Control returns here in two ways.  A TB returns normally (exit_tb or the
 * epilogue of goto_ptr).  A helper that raises a guest exception calls
 * cpu_loop_exit*, which siglongjmps to the sigsetjmp in cpu_exec after
 * restoring the guest state from the host return address (precise
 * exceptions: rule 1 of docs/design.md's correctness rules).
 *
 * Context: the vCPU thread.  cpu_exit/cpu_interrupt may come from any
 * thread and only touch atomic fields.
 */
#include <inttypes.h>
#include <string.h>

#include <glib.h>

#include "accel/tcg/internal.h"
#include "exec/exec-all.h"
#include "tcg/tcg-backend.h"
#include "tcg/tcg-region.h"
#include "tcg/tcg.h"
#include "util/error.h"
#include "util/log.h"

__thread CPUState *current_cpu;

static TCGContext tcg_context;

/* -- Start-up ----------------------------------------------------------- */

bool tcg_exec_init(size_t tb_size, bool split_wx, const char *backend,
                   char **err)
{
    const TCGBackend *be = tcg_backend_by_name(backend);
    void *end;

    if (!be) {
        *err = g_strdup_printf("TCG backend '%s' is not built in", backend);
        return false;
    }
    if (tcg_region_init(tb_size, split_wx) != 0) {
        *err = g_strdup_printf("cannot map a code buffer of %zu MiB%s",
                               tb_size >> 20, split_wx ? " with split-wx" : "");
        return false;
    }
    tcg_context_init(&tcg_context, be);
    end = tcg_prologue_init(&tcg_context, tcg_region_ptr());
    tcg_region_commit(end);
    tcg_region_set_floor();
    tcg_set_lookup_tb_ptr(helper_lookup_tb_ptr);
    tb_maint_init();
    return true;
}

/* -- Leaving generated code --------------------------------------------- */

void cpu_loop_exit(CPUState *cpu)
{
    if (!cpu->in_exec) {
        internal_error("cpu %d: cpu_loop_exit outside cpu_exec "
                       "(exception_index %d)",
                       cpu->cpu_index, cpu->exception_index);
    }
    tci_helper_retaddr = 0;
    siglongjmp(cpu->jmp_env, 1);
}

bool cpu_restore_state(CPUState *cpu, uintptr_t host_pc)
{
    TranslationBlock *tb = tb_find_by_host_pc(host_pc);
    uintptr_t off;
    int i;

    if (!tb) {
        return false;
    }
    /* HOST_PC is a return address: the call it follows belongs to the
     * instruction whose code contains HOST_PC - 1. */
    off = host_pc - 1 - (uintptr_t)tb->tc_ptr;
    for (i = 0; i < tb->icount - 1; i++) {
        if (off < tb->insn_end_off[i]) {
            break;
        }
    }
    cpu->ops->restore_state_to_opc(cpu, tb,
                                   &tb->insn_data[i * TCG_INSN_START_WORDS]);
    return true;
}

void cpu_loop_exit_restore(CPUState *cpu, uintptr_t retaddr)
{
    if (retaddr && !cpu_restore_state(cpu, retaddr)) {
        internal_error("cpu %d: host pc %#" PRIxPTR " raising exception %d "
                       "is not in translated code",
                       cpu->cpu_index, retaddr, cpu->exception_index);
    }
    cpu_loop_exit(cpu);
}

void cpu_raise_exception_ra(CPUState *cpu, int excp, uintptr_t retaddr)
{
    cpu->exception_index = excp;
    cpu_loop_exit_restore(cpu, retaddr);
}

/* -- Requests from other threads ---------------------------------------- */

static void request_tb_exit(CPUState *cpu)
{
    __atomic_store_n(&cpu->entry_word.part.exit, -1, __ATOMIC_SEQ_CST);
}

void cpu_exit(CPUState *cpu)
{
    __atomic_store_n(&cpu->exit_request, true, __ATOMIC_SEQ_CST);
    request_tb_exit(cpu);
}

void cpu_interrupt(CPUState *cpu, uint32_t mask)
{
    __atomic_or_fetch(&cpu->interrupt_request, mask, __ATOMIC_SEQ_CST);
    request_tb_exit(cpu);
}

void cpu_reset_interrupt(CPUState *cpu, uint32_t mask)
{
    __atomic_and_fetch(&cpu->interrupt_request, ~mask, __ATOMIC_SEQ_CST);
}

/* -- The loop ----------------------------------------------------------- */

/* cflags for the next TB: the one-shot extra flags, and -d nochain. */
static uint32_t next_cflags(CPUState *cpu)
{
    uint32_t cflags = cpu->tb_cflags_extra;

    cpu->tb_cflags_extra = 0;
    if (log_enabled(LOG_NOCHAIN)) {
        cflags |= CF_NO_GOTO_TB | CF_NO_GOTO_PTR;
    }
    return cflags;
}

const void *helper_lookup_tb_ptr(void *env)
{
    CPUState *cpu = env_cpu(env);
    TranslationBlock *tb;
    vaddr pc;
    uint64_t cs_base;
    uint32_t flags;

    if (cpu->tb_cflags_extra) {
        return tcg_ctx->code_gen_epilogue;
    }
    cpu->ops->get_tb_cpu_state(cpu, &pc, &cs_base, &flags);
    tb = tb_lookup(cpu, pc, cs_base, flags, 0);
    if (!tb) {
        return tcg_ctx->code_gen_epilogue;
    }
    qlog_mask(LOG_EXEC, "Chain %p [%016" PRIx64 "/%08x] %016" PRIx64 "\n",
              tb->tc_ptr, cs_base, flags, pc);
    return tb->tc_ptr;
}

/*
 * Deliver a pending exception.  Returns true with *RET set when cpu_exec
 * must return (an internal EXCP_* reason).
 */
static bool handle_exception(CPUState *cpu, int *ret)
{
    int excp = cpu->exception_index;

    if (excp < 0) {
        return false;
    }
    if (excp >= EXCP_FIRST_INTERNAL) {
        *ret = excp;
        cpu->exception_index = EXCP_NONE;
        return true;
    }
    cpu->ops->do_interrupt(cpu);
    cpu->exception_index = EXCP_NONE;
    return false;
}

/*
 * Take interrupts and exit requests between TBs.  Returns true when the
 * loop must go back to handle_exception (an exception or a return reason
 * is in exception_index).  Clears *LAST_TB when the state changed so the
 * previous TB must not be chained to the next.
 */
static bool handle_interrupt(CPUState *cpu, TranslationBlock **last_tb)
{
    uint32_t req;

    /* Reset the entry word first: a request made after this point sets it
     * again, so none is lost. */
    __atomic_store_n(&cpu->entry_word.part.exit, 0, __ATOMIC_SEQ_CST);
    req = __atomic_load_n(&cpu->interrupt_request, __ATOMIC_SEQ_CST);
    if (req) {
        if (req & CPU_INTERRUPT_HALT) {
            cpu_reset_interrupt(cpu, CPU_INTERRUPT_HALT);
            cpu->halted = true;
            cpu->exception_index = EXCP_HLT;
            return true;
        }
        if (cpu->ops->exec_interrupt(cpu, req)) {
            *last_tb = NULL;
        }
        if (req & CPU_INTERRUPT_EXITTB) {
            cpu_reset_interrupt(cpu, CPU_INTERRUPT_EXITTB);
            *last_tb = NULL;
        }
        if (cpu->exception_index >= 0) {
            return true;
        }
    }
    if (__atomic_exchange_n(&cpu->exit_request, false, __ATOMIC_SEQ_CST)) {
        cpu->exception_index = EXCP_INTERRUPT;
        return true;
    }
    return false;
}

static void log_cpu_state(CPUState *cpu, TranslationBlock *tb)
{
    FILE *f;

    if (log_enabled(LOG_EXEC)) {
        qlog_mask(LOG_EXEC,
                  "Trace %d: %p [%016" PRIx64 "/%016" PRIx64 "/%08x/%08x]\n",
                  cpu->cpu_index, tb->tc_ptr, tb->cs_base, tb->pc, tb->flags,
                  tb->cflags);
    }
    if (log_enabled(LOG_CPU) && cpu->ops->dump_state) {
        f = log_lock();
        cpu->ops->dump_state(cpu, f, log_enabled(LOG_FPU) ? CPU_DUMP_FPU : 0);
        log_unlock(f);
    }
}

/*
 * Run TB (and whatever it chains to).  Sets *LAST_TB / *TB_EXIT to the TB
 * that returned and its exit slot, for chaining; NULL when no chaining may
 * follow.
 */
static void run_tb(CPUState *cpu, TranslationBlock *tb,
                   TranslationBlock **last_tb, int *tb_exit)
{
    uintptr_t ret;
    TranslationBlock *last;

    if (log_enabled(LOG_EXEC) || log_enabled(LOG_CPU)) {
        log_cpu_state(cpu, tb);
    }
    ret = tcg_exec_tb(tcg_ctx, cpu_env(cpu), tb->tc_ptr);
    tb_stats.exits_to_loop++;
    last = (TranslationBlock *)(ret & ~(uintptr_t)TB_EXIT_MASK);
    *tb_exit = ret & TB_EXIT_MASK;
    if (!last) {
        *last_tb = NULL; /* goto_ptr found no TB */
        return;
    }
    if (*tb_exit == TB_EXIT_REQUESTED) {
        /* LAST stopped at its entry check without running. */
        if (cpu->ops->synchronize_from_tb) {
            cpu->ops->synchronize_from_tb(cpu, last);
        }
        *last_tb = NULL;
        return;
    }
    *last_tb = last;
}

int cpu_exec(CPUState *cpu)
{
    volatile int ret = -1;
    unsigned generation;

    if (cpu->halted) {
        if (!cpu->ops->has_work(cpu)) {
            return EXCP_HALTED;
        }
        cpu->halted = false;
    }
    current_cpu = cpu;
    if (cpu->ops->cpu_exec_enter) {
        cpu->ops->cpu_exec_enter(cpu);
    }

    while (ret < 0) {
        TranslationBlock *last_tb = NULL;
        int tb_exit = 0;

        if (sigsetjmp(cpu->jmp_env, 0) != 0) {
            /* Back from cpu_loop_exit: nothing from the TB is trusted. */
            cpu->can_do_io = true;
            tci_helper_retaddr = 0;
        }
        int reason;

        cpu->in_exec = true;
        if (handle_exception(cpu, &reason)) {
            ret = reason;
            break;
        }
        generation = tb_flush_generation;
        while (!handle_interrupt(cpu, &last_tb)) {
            uint32_t cflags = next_cflags(cpu);
            TranslationBlock *tb;
            vaddr pc;
            uint64_t cs_base;
            uint32_t flags;

            cpu->ops->get_tb_cpu_state(cpu, &pc, &cs_base, &flags);
            tb = tb_lookup(cpu, pc, cs_base, flags, cflags);
            if (!tb) {
                tb = tb_gen_code(cpu, pc, cs_base, flags, cflags);
            }
            /* A flush since LAST_TB was run freed it: never chain then. */
            if (generation != tb_flush_generation) {
                generation = tb_flush_generation;
                last_tb = NULL;
            }
            if (last_tb && !(cflags & CF_NO_GOTO_TB)) {
                tb_add_jump(last_tb, tb_exit, tb);
            }
            run_tb(cpu, tb, &last_tb, &tb_exit);
        }
    }

    cpu->in_exec = false;
    if (cpu->ops->cpu_exec_exit) {
        cpu->ops->cpu_exec_exit(cpu);
    }
    return ret;
}
