/*
 * The reference evaluator: runs a TB's op list directly, op by op, with no
 * optimizer, liveness, register allocation or backend in between.  The
 * random-program tests compare every backend (and the optimized op list)
 * against it.
 *
 * Globals are read from and written to their memory slots at every access
 * (always coherent), so helpers see exactly what the IR says.  Guest memory
 * goes through the slow-path helpers of MEM for every access.  Pure ops use
 * tcg_alu_eval, whose meaning the per-op tests check against an
 * independent table.
 */
#ifndef TESTS_TCG_REF_EVAL_H
#define TESTS_TCG_REF_EVAL_H

#include "tcg/tcg.h"

/*
 * Run S's current op list on ENV.  goto_tb falls through (unchained),
 * goto_ptr ends the run returning 0.  Returns the exit_tb value.  An op the
 * evaluator cannot run (undefined division...) fails the test.  A guest
 * access helper may leave by siglongjmp (a guest fault).  Not reentrant.
 */
uintptr_t ref_eval(TCGContext *s, void *env, const TCGMemHelpers *mem);

#endif /* TESTS_TCG_REF_EVAL_H */
