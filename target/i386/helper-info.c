/*
 * The TCGHelperInfo descriptors of the x86 helpers, from the rows of
 * helper.def (include/tcg/tcg-helper-def.h).  The functions themselves
 * live in the *_helper.c files.
 */
#include "target/i386/helper.h"

#undef HELPER_CTYPE_env
#define HELPER HELPER_DEFINE_INFO
#define ARG    HELPER_INFO_ARG
#include "target/i386/helper.def"
#undef HELPER
#undef ARG
