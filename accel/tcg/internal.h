/*
 * Private interfaces between the files of accel/tcg.
 */
#ifndef ACCEL_TCG_INTERNAL_H
#define ACCEL_TCG_INTERNAL_H

#include "exec/exec-all.h"

/* Bumped by every tb_flush: a TB pointer kept from before is stale. */
extern unsigned tb_flush_generation;

/* Set up the TB tables and the memory API's RAM-write hook (once). */
void tb_maint_init(void);

/* The goto_ptr probe installed with tcg_set_lookup_tb_ptr. */
const void *helper_lookup_tb_ptr(void *env);

#endif /* ACCEL_TCG_INTERNAL_H */
