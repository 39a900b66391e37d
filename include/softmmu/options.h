/*
 * The command line: qemu-system-x86_64 style options into a MachineConfig.
 *
 * The option table in softmmu/options.c is the one list of options: the
 * parser, -help and the README's status column all come from it.  Options
 * are "-name" or "--name", followed by a value when they take one; values
 * use QEMU's "key=val,key=val" syntax (util/keyval.h).  A word that is not
 * an option is a disk image, as -hda.
 */
#ifndef SOFTMMU_OPTIONS_H
#define SOFTMMU_OPTIONS_H

#include <stdio.h>

#include "softmmu/config.h"

typedef enum OptionsResult {
    OPTIONS_RUN,   /* configuration complete: build and run the machine */
    OPTIONS_EXIT,  /* an informational option (-help, -version, -d help)
                      printed its answer: exit with status 0 */
    OPTIONS_ERROR, /* *err holds "<what>: <why>" for the user */
} OptionsResult;

/* How far an option is implemented (shown by -help and in the README). */
typedef enum OptionStatus {
    OPT_WORKS,    /* takes effect now */
    OPT_RECORDED, /* checked and recorded; acted on once the machine
                     part it configures exists */
    OPT_NOT_YET,  /* refused with an error saying so */
} OptionStatus;

/*
 * Parse ARGV (ARGV[0] is the program name) into C, which must have been
 * set up by machine_config_init().  Informational output goes to OUT.
 * On OPTIONS_ERROR, *err is owned by the caller.
 */
OptionsResult options_parse(int argc, char **argv, MachineConfig *c, FILE *out,
                            char **err);

/* Print the -help text to OUT. */
void options_print_help(FILE *out);

#endif /* SOFTMMU_OPTIONS_H */
