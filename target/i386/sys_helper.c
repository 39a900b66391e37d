/*
 * Helpers for system instructions: port I/O (with the TSS I/O permission
 * bitmap, task_helper.c), HLT, CLI/STI (target/i386/helper.h).  Faults
 * are raised with the rip the emitter stored, so they are precise.  HLT's
 * CPL 0 and CLI/STI's IOPL checks are their rows' attributes, made by the
 * translator (insn-table.def).
 */
#include "exec/exec-all.h"
#include "target/i386/seg_helper.h"
#include "target/i386/translate.h"

static X86CPU *env_x86_cpu(CPUX86State *env)
{
    return (X86CPU *)env_cpu(env);
}

uint64_t helper_in(CPUX86State *env, uint64_t port, uint32_t ot)
{
    uint64_t val = 0;

    x86_check_io(env, port & 0xffff, 1u << ot, GETPC());
    address_space_ld(env_x86_cpu(env)->io_as, port & 0xffff, 1u << ot, &val);
    return val;
}

void helper_out(CPUX86State *env, uint64_t port, uint64_t val, uint32_t ot)
{
    x86_check_io(env, port & 0xffff, 1u << ot, GETPC());
    address_space_st(env_x86_cpu(env)->io_as, port & 0xffff, 1u << ot, val);
}

void helper_hlt(CPUX86State *env, uint64_t next_eip)
{
    CPUState *cpu = env_cpu(env);

    env->rip = next_eip;
    cpu->halted = true;
    cpu->exception_index = EXCP_HLT;
    cpu_loop_exit(cpu);
}

void helper_cli(CPUX86State *env)
{
    env->eflags &= ~(uint64_t)IF_MASK;
}

void helper_sti(CPUX86State *env)
{
    if (!(env->eflags & IF_MASK)) {
        /* SDM vol. 2B, STI: interrupts stay blocked until after the next
         * instruction. */
        env->hflags |= HF_INHIBIT_IRQ_MASK;
    }
    env->eflags |= IF_MASK;
}
