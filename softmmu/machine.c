/*
 * Building and running the machine (include/hw/machine.h): the board
 * builds memory and devices, the CPUs are created and started, and the
 * vCPU loop runs them until a device or the CPU asks to stop.
 *
 * The vCPU thread runs everything: between cpu_exec slices it runs the
 * expired timers and the back ends' input handlers (softmmu/main-loop.c),
 * so device state is only ever touched by this thread.  CPUs run
 * round-robin; the kick thread brings the running one back to the loop at
 * the next timer deadline, on input, or after a time slice when there are
 * several CPUs.  When every CPU is halted the loop sleeps until the next
 * deadline or input.
 */
#include <errno.h>
#include <string.h>

#include <glib.h>

#include "exec/exec-all.h"
#include "exec/perf.h"
#include "hw/i386/pc.h"
#include "softmmu/main-loop.h"
#include "softmmu/timer.h"
#include "util/error.h"
#include "util/log.h"

Machine *current_machine;

/* Host time a CPU runs before the next one gets its turn (-smp > 1). */
#define CPU_SLICE_NS (10 * 1000 * 1000)

/* The CPU inside cpu_exec, for the kick thread (NULL between slices). */
static CPUState *running_cpu;

void machine_request_shutdown(Machine *m, ShutdownCause cause, int status)
{
    if (cause > m->shutdown) {
        m->shutdown = cause;
        m->exit_status = status;
    }
    for (int i = 0; i < m->nb_cpus; i++) {
        cpu_exit(m->cpus[i]);
    }
}

/*
 * Options the parser records whose part of the machine does not exist
 * yet: refused here with one line rather than silently ignored.
 */
static bool refuse_not_yet(const MachineConfig *cfg, char **err)
{
    const char *what = NULL;

    if (cfg->icount) {
        what = "-icount: instruction-counted virtual time";
    } else if (cfg->start_stopped || cfg->gdbstub) {
        what =
            cfg->start_stopped ? "-S: the gdb stub" : "-gdb/-s: the gdb stub";
    } else if (cfg->no_shutdown) {
        what = "-no-shutdown: stopping on guest power-off";
    }
    if (what) {
        *err = g_strdup_printf("%s is not implemented yet", what);
        return false;
    }
    return true;
}

Machine *machine_create(const MachineConfig *cfg, char **err)
{
    Machine *m = g_new0(Machine, 1);
    const char *backend =
        cfg->tcg_backend == TCG_BACKEND_TCI ? "tci" : "x86_64";
    BootEntry entry;

    if (!refuse_not_yet(cfg, err)) {
        g_free(m);
        return NULL;
    }
    m->cfg = cfg;
    current_machine = m;
    timers_init();
    if (!perf_init(cfg->perfmap, cfg->jitdump, cfg->perfmap_symbols, err)) {
        return NULL;
    }
    if (!pc_machine_init(m, &entry, err)) {
        return NULL;
    }
    /* The code generator first: CPUs create their TCG globals. */
    if (!tcg_exec_init(cfg->tb_size, cfg->split_wx, backend, err)) {
        return NULL;
    }
    for (unsigned i = 0; i < cfg->smp_cpus; i++) {
        CPUState *cpu = pc_cpu_create(m, i, err);

        if (!cpu) {
            return NULL;
        }
        m->cpus[m->nb_cpus++] = cpu;
    }
    /* Multiboot starts the boot processor only; the others wait. */
    x86_cpu_apply_boot_entry(m->cpus[0], &entry);
    return m;
}

/* What the machine's stop means for the process. */
static int shutdown_status(Machine *m)
{
    switch (m->shutdown) {
    case SHUTDOWN_DEBUG_EXIT:
    case SHUTDOWN_HOST_ERROR:
        return m->exit_status;
    case SHUTDOWN_GUEST_RESET:
    case SHUTDOWN_TRIPLE_FAULT:
        if (!m->cfg->no_reboot) {
            error_report("the guest reset the machine: rebooting is not "
                         "implemented yet (use -no-reboot)");
            return 1;
        }
        return 0;
    default:
        return 0;
    }
}

/* The kick thread's work: bring the running CPU back to the loop. */
static void kick_running_cpu(void *opaque)
{
    CPUState *cpu = __atomic_load_n(&running_cpu, __ATOMIC_SEQ_CST);

    if (cpu) {
        cpu_exit(cpu);
    }
}

/* Run each CPU once; returns true if all of them are halted. */
static bool run_cpus_once(Machine *m)
{
    bool all_halted = true;

    for (int i = 0; i < m->nb_cpus && m->shutdown == SHUTDOWN_NONE; i++) {
        int r;

        timers_run_expired();
        /* Running before armed: an immediate kick must find its CPU. */
        __atomic_store_n(&running_cpu, m->cpus[i], __ATOMIC_SEQ_CST);
        main_loop_arm(m->nb_cpus > 1 ? CPU_SLICE_NS : 0);
        r = cpu_exec(m->cpus[i]);
        __atomic_store_n(&running_cpu, NULL, __ATOMIC_SEQ_CST);
        if (r != EXCP_HLT && r != EXCP_HALTED) {
            all_halted = false;
        }
    }
    return all_halted;
}

int machine_run(Machine *m)
{
    main_loop_init(kick_running_cpu, NULL);
    while (m->shutdown == SHUTDOWN_NONE) {
        bool all_halted = run_cpus_once(m);

        if (m->shutdown != SHUTDOWN_NONE) {
            break;
        }
        /* A timer may have given a halted CPU work: run it before sleeping. */
        if (timers_run_expired() || !all_halted) {
            main_loop_wait(0);
        } else {
            main_loop_wait(timers_deadline_ns());
        }
    }
    if (log_enabled(LOG_TB) || log_enabled(LOG_STATS)) {
        FILE *f = log_lock();

        tb_stats_dump(f);
        log_unlock(f);
    }
    for (unsigned i = 0; i < MAX_SERIAL_PORTS; i++) {
        chardev_close(m->serial[i]);
    }
    chardev_close(m->debugcon);
    perf_exit();
    return shutdown_status(m);
}
