/*
 * Building and running the machine (include/hw/machine.h): the board
 * builds memory and devices, the CPUs are created and started, and the
 * vCPU loop runs them until a device or the CPU asks to stop.
 *
 * One thread runs everything for now (the main-loop thread with timers
 * comes with the PC platform work): CPUs are run round-robin.
 */
#include <errno.h>
#include <string.h>

#include <glib.h>

#include "exec/exec-all.h"
#include "exec/perf.h"
#include "hw/i386/pc.h"
#include "util/error.h"
#include "util/log.h"

Machine *current_machine;

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

Machine *machine_create(const MachineConfig *cfg, char **err)
{
    Machine *m = g_new0(Machine, 1);
    const char *backend = cfg->tcg_backend == TCG_BACKEND_TCI ? "tci"
                                                             : "x86_64";
    BootEntry entry;

    m->cfg = cfg;
    current_machine = m;
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
        CPUState *cpu = x86_cpu_create(m, i, err);

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

int machine_run(Machine *m)
{
    while (m->shutdown == SHUTDOWN_NONE) {
        bool all_halted = true;

        for (int i = 0; i < m->nb_cpus && m->shutdown == SHUTDOWN_NONE; i++) {
            int r = cpu_exec(m->cpus[i]);

            if (r != EXCP_HLT && r != EXCP_HALTED) {
                all_halted = false;
            }
        }
        if (all_halted && m->shutdown == SHUTDOWN_NONE) {
            /* Nothing can wake a halted CPU until timers and interrupt
             * controllers exist: wait as the hardware would. */
            g_usleep(1000);
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
