/*
 * Profiling JIT-ed code with the host's perf (accel/tcg/perf.c).
 *
 * -perfmap writes /tmp/perf-PID.map: one line per translated block,
 * "START SIZE NAME" with the name giving the guest address and, when
 * symbols are known, the guest function.  -jitdump writes jit-PID.dump in
 * the current directory in perf's jitdump format (code loads with their
 * bytes, debug info mapping host code to guest addresses) and maps it
 * executable so `perf record -k 1` notices it and `perf inject -j` can
 * build ELF images from it.  Both are written as blocks are generated,
 * through a shared mapping of the file, so a crash loses nothing already
 * written and no block costs a system call.
 *
 * Context: the vCPU thread (tb_gen_code).
 */
#ifndef EXEC_PERF_H
#define EXEC_PERF_H

#include <stdbool.h>

#include "exec/exec-all.h"

/*
 * Start the requested outputs.  SYMBOLS names a System.map/kallsyms file
 * (may be NULL).  Returns false with *ERR set ("<file>: <why>").
 */
bool perf_init(bool perfmap, bool jitdump, const char *symbols, char **err);

/*
 * Add guest symbols from an ELF image's symbol table (the -kernel file);
 * images without one are ignored.  Loaders reach it through
 * guest_image_loaded() (exec/guest-image.h).
 */
void perf_add_elf_symbols(const uint8_t *image, size_t len);

/* Record the host code of a newly generated TB. */
void perf_report_tb(const TranslationBlock *tb);

/* Write the jitdump close record and close both files. */
void perf_exit(void);

/* True when either output is on (cheap test for the hot path). */
extern bool perf_enabled;

#endif /* EXEC_PERF_H */
