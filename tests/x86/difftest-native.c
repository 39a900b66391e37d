/*
 * The native side of the host-differential tester: the code and sandbox at
 * their fixed addresses, and the fault handler that ends every run.
 *
 * A run copies the sequence and the sandbox into place and calls
 * dt_native_enter (difftest-native.S).  The sequence's final HLT, or an
 * earlier fault, arrives here as a signal; the handler copies the register
 * state and the vector (the kernel's trap number) out of the signal
 * context and resumes the thread at dt_native_recover on the host stack,
 * in 64-bit mode.  The handler runs on its own stack, so the kernel's
 * signal frame never lands in the sandbox.
 *
 * Faults outside the generated code are not ours: the handler restores the
 * default action, and the fault repeats and kills the process.
 */
#include <errno.h>
#include <glib.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

#include "difftest.h"

void dt_native_enter(const DtRegs *in, uint64_t entry, int compat);
void dt_native_recover(void);
void dt_far_jump(void);
extern uint64_t dt_host_rsp;

/* Where the handler stores the current run's result (NULL between runs). */
static DtResult *volatile dt_current;
/* Copy of the initial registers the trampoline pops from. */
static DtRegs dt_in;

/* gregs index of each register in ModRM order. */
static const int greg_of[16] = {
    REG_RAX, REG_RCX, REG_RDX, REG_RBX, REG_RSP, REG_RBP, REG_RSI, REG_RDI,
    REG_R8,  REG_R9,  REG_R10, REG_R11, REG_R12, REG_R13, REG_R14, REG_R15,
};

#define USER_CS64 0x33
#define USER_DS   0x2b

static void dt_on_fault(int sig, siginfo_t *si, void *uctx)
{
    ucontext_t *uc = uctx;
    greg_t *g = uc->uc_mcontext.gregs;
    uint64_t rip = (uint64_t)g[REG_RIP];
    DtResult *out = dt_current;

    if (!out
        || (rip - DT_CODE_ADDR >= DT_CODE_SIZE
            && rip != (uint64_t)(uintptr_t)dt_far_jump)) {
        signal(sig, SIG_DFL);
        return;
    }
    for (int i = 0; i < 16; i++) {
        out->regs.r[i] = (uint64_t)g[greg_of[i]];
    }
    out->regs.rflags = (uint64_t)g[REG_EFL];
    out->vector = (int)g[REG_TRAPNO];
    out->rip_off = rip == (uint64_t)(uintptr_t)dt_far_jump ? UINT64_MAX
                                                           : rip - DT_CODE_ADDR;
    g[REG_RIP] = (greg_t)(uintptr_t)dt_native_recover;
    g[REG_RSP] = (greg_t)dt_host_rsp;
    g[REG_EFL] = 0x202;
    /* cs, gs, fs, ss in one word (struct sigcontext): back to 64-bit code. */
    g[REG_CSGSFS] = (greg_t)(((uint64_t)g[REG_CSGSFS] & 0x0000ffffffff0000ull)
                             | USER_CS64 | ((uint64_t)USER_DS << 48));
}

/* Map SIZE bytes at exactly ADDR. */
static bool map_fixed(uint64_t addr, size_t size, int prot, char **err)
{
    void *p = mmap((void *)(uintptr_t)addr, size, prot,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

    if (p == MAP_FAILED) {
        *err = g_strdup_printf("cannot map %#" G_GINT64_MODIFIER "x: %s", addr,
                               g_strerror(errno));
        return false;
    }
    if (p != (void *)(uintptr_t)addr) {
        munmap(p, size);
        *err = g_strdup_printf("cannot map %#" G_GINT64_MODIFIER "x: the "
                               "kernel ignores MAP_FIXED_NOREPLACE",
                               addr);
        return false;
    }
    return true;
}

bool dt_native_init(char **err)
{
    static const int sigs[] = {SIGSEGV, SIGILL, SIGFPE, SIGBUS, SIGTRAP};
    stack_t ss = {.ss_size = 1 << 16};
    struct sigaction sa = {0};
    DtSeq probe = {.mode = 32, .code = {0xf4}};
    DtResult res;

    if (!map_fixed(DT_CODE_ADDR, DT_CODE_SIZE,
                   PROT_READ | PROT_WRITE | PROT_EXEC, err)
        || !map_fixed(DT_DATA_ADDR, DT_DATA_SIZE, PROT_READ | PROT_WRITE,
                      err)) {
        return false;
    }
    ss.ss_sp = g_malloc(ss.ss_size);
    if (sigaltstack(&ss, NULL) != 0) {
        *err = g_strdup_printf("sigaltstack: %s", g_strerror(errno));
        return false;
    }
    sa.sa_sigaction = dt_on_fault;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < G_N_ELEMENTS(sigs); i++) {
        sigaction(sigs[i], &sa, NULL);
    }
    /* A lone HLT in compatibility mode: the far jump must get there. */
    probe.init.r[4] = DT_RSP_START;
    probe.init.rflags = 0x202;
    dt_native_run(&probe, &res);
    if (res.vector != -1) {
        *err = g_strdup_printf("the host does not run 32-bit code through "
                               "selector 0x23 (exception %d)",
                               res.vector);
        return false;
    }
    return true;
}

void dt_native_run(const DtSeq *seq, DtResult *out)
{
    memcpy((void *)(uintptr_t)DT_CODE_ADDR, seq->code, seq->len + 1);
    memcpy((void *)(uintptr_t)DT_DATA_ADDR, seq->data, DT_DATA_SIZE);
    dt_in = seq->init;
    out->vector = -2;
    dt_current = out;
    dt_native_enter(&dt_in, DT_CODE_ADDR, seq->mode == 32);
    dt_current = NULL;
    memcpy(out->data, (void *)(uintptr_t)DT_DATA_ADDR, DT_DATA_SIZE);
    /* The final HLT faults with #GP: that is the normal end. */
    if (out->vector == 13 && out->rip_off == seq->len) {
        out->vector = -1;
    }
}
