/*
 * peregrine: the program.  Parses the command line into a MachineConfig,
 * sets up logging, then builds and runs the machine.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "hw/machine.h"
#include "softmmu/options.h"
#include "util/error.h"
#include "util/log.h"

static void apply_logging(const MachineConfig *c)
{
    if (c->log_file && !log_set_file(c->log_file)) {
        fatal("-D %s: %s", c->log_file, strerror(errno));
    }
    log_mask = c->log_mask;
}

int main(int argc, char **argv)
{
    MachineConfig config;
    g_autofree char *err = NULL;
    Machine *machine;
    int status;

    machine_config_init(&config);
    switch (options_parse(argc, argv, &config, stdout, &err)) {
    case OPTIONS_ERROR:
        fatal("%s", err);
    case OPTIONS_EXIT:
        machine_config_free(&config);
        return 0;
    case OPTIONS_RUN:
        break;
    }
    apply_logging(&config);

    machine = machine_create(&config, &err);
    if (!machine) {
        fatal("%s", err);
    }
    status = machine_run(machine);
    log_close();
    return status;
}
