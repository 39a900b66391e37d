/*
 * Helpers declared once.  A target's helper.def holds one row per helper
 * called from generated code:
 *
 *   HELPER(name, flags, ret, ARG(type, param), ...)
 *
 *   name    the C function is helper_<name>, its descriptor helper_info_<name>
 *   flags   TCG_CALL_* (tcg.h): what the helper may touch
 *   ret     void, noreturn (void and _Noreturn), i32, s32, i64, s64, ptr
 *   type    env (the target's CPU state pointer), i32, s32, i64, s64, ptr
 *
 * Expanded with HELPER = HELPER_DECLARE and ARG = HELPER_DECLARE_ARG (in
 * the target's helper.h) a row gives the prototype of helper_<name> and
 * the extern declaration of helper_info_<name>; expanded with HELPER =
 * HELPER_DEFINE_INFO and ARG = HELPER_INFO_ARG (in one .c file) it gives
 * the descriptor, whose argument kinds come from the same types.  The C
 * definition of helper_<name> is compiled against the prototype, so a
 * definition that disagrees with its row does not build ("conflicting
 * types for 'helper_<name>'"), and the descriptor cannot disagree with
 * either.  Every helper takes at least one argument.
 *
 * The target defines HELPER_CTYPE_env, its CPU state pointer type, first.
 */
#ifndef TCG_TCG_HELPER_DEF_H
#define TCG_TCG_HELPER_DEF_H

#include <stdint.h>

#include "tcg/tcg.h"

/* C types of arguments and return values. */
#define HELPER_CTYPE_i32    uint32_t
#define HELPER_CTYPE_s32    int32_t
#define HELPER_CTYPE_i64    uint64_t
#define HELPER_CTYPE_s64    int64_t
#define HELPER_CTYPE_ptr    void *
#define HELPER_RET_void     void
#define HELPER_RET_noreturn _Noreturn void
#define HELPER_RET_i32      uint32_t
#define HELPER_RET_s32      int32_t
#define HELPER_RET_i64      uint64_t
#define HELPER_RET_s64      int64_t
#define HELPER_RET_ptr      void *

/* Their TCG_HT_* kinds (how generated code passes them). */
#define HELPER_KIND_void     TCG_HT_VOID
#define HELPER_KIND_noreturn TCG_HT_VOID
#define HELPER_KIND_env      TCG_HT_PTR
#define HELPER_KIND_ptr      TCG_HT_PTR
#define HELPER_KIND_i32      TCG_HT_I32
#define HELPER_KIND_s32      TCG_HT_S32
#define HELPER_KIND_i64      TCG_HT_I64
#define HELPER_KIND_s64      TCG_HT_I64

/* A row as a prototype and an extern descriptor. */
#define HELPER_DECLARE_ARG(type, param) HELPER_CTYPE_##type param
#define HELPER_DECLARE(nm, flags, ret, ...)                                    \
    HELPER_RET_##ret helper_##nm(__VA_ARGS__);                                 \
    extern const TCGHelperInfo helper_info_##nm;

/* A row as the definition of its descriptor. */
#define HELPER_INFO_ARG(type, param) HELPER_KIND_##type
#define HELPER_DEFINE_INFO(nm, flags, ret, ...)                                \
    const TCGHelperInfo helper_info_##nm =                                     \
        TCG_HELPER_INFO(helper_##nm, flags, HELPER_KIND_##ret, __VA_ARGS__);

#endif /* TCG_TCG_HELPER_DEF_H */
