/*
 * The arithmetic flags each mnemonic reads, defines and leaves undefined
 * (insn-flags.def, SDM vol. 2 "Flags Affected"), with the rules by which a
 * shift or rotate count changes them.
 *
 * This is data for the host-differential testers and the documentation:
 * a tester masks exactly the undefined flags x86_insn_flags() names, and
 * checks that Peregrine clears those x86_insn_flags() lists as zero.
 * Flags are CC_* bits (cpu.h), O S Z A P C only.
 */
#ifndef TARGET_I386_INSN_FLAGS_H
#define TARGET_I386_INSN_FLAGS_H

#include <stdbool.h>
#include <stdint.h>

#include "target/i386/decode.h"

/* How a count changes a row's sets (those of a masked count of 1). */
typedef enum X86FlagRule {
    X86_FLAG_RULE_FIXED,        /* the sets as written */
    X86_FLAG_RULE_SHIFT,        /* SHL/SHR: count 0 changes nothing; > 1:
                                   O undefined; >= width: C undefined */
    X86_FLAG_RULE_SAR,          /* SAR: count 0 nothing; > 1: O undefined */
    X86_FLAG_RULE_ROTATE,       /* ROL/ROR/RCL/RCR: 0 nothing; > 1: O
                                   undefined (RCL/RCR: the masked count,
                                   before the modulo of 8/16-bit forms) */
    X86_FLAG_RULE_SHIFT_DOUBLE, /* SHLD/SHRD: 0 nothing; > 1: O undefined;
                                   > width: all six undefined */
    X86_FLAG_RULE_COND,         /* Jcc/SETcc/CMOVcc: reads what its
                                   condition reads (x86_cond_flags) */
    X86_FLAG_RULE_COUNT
} X86FlagRule;

typedef struct X86FlagEffect {
    uint16_t read;      /* flags read */
    uint16_t defined;   /* flags written with the value the SDM defines */
    uint16_t undefined; /* flags the SDM leaves undefined */
    uint16_t zero;      /* the undefined ones Peregrine sets to 0 */
} X86FlagEffect;

/* A shift or rotate count not known (a CL count the caller cannot see). */
#define X86_COUNT_UNKNOWN (-1)

/*
 * The flag effect of MNEM at operand width BITS (8, 16, 32, 64) and, for
 * the count rules, the masked count COUNT (count & 31, or & 63 for 64-bit
 * operands; X86_COUNT_UNKNOWN: no flag is surely defined, and every flag
 * some non-zero count leaves undefined is undefined).  For RULE_COND rows,
 * read is 0: use x86_cond_flags().  A mnemonic without a row: all zero.
 */
X86FlagEffect x86_insn_flags(X86Mnemonic mnem, unsigned bits, int count);

/* The flags condition CC (0-15, the low nibble of Jcc/SETcc/CMOVcc) reads. */
uint16_t x86_cond_flags(unsigned cc);

/* Whether MNEM has a row; its rule and its "value" text (never NULL). */
bool x86_insn_flags_listed(X86Mnemonic mnem);
/* MNEM's row (if any) has disjoint defined/undefined sets, O/S/Z/A/P/C
 * only, and zero flags that can be undefined (tests check every row). */
bool x86_insn_flags_consistent(X86Mnemonic mnem);
X86FlagRule x86_insn_flags_rule(X86Mnemonic mnem);
const char *x86_insn_flags_value(X86Mnemonic mnem);

/* "OSZAPC"-style letters of the flags in F, in that order, into BUF (7+). */
const char *x86_flags_letters(uint16_t f, char *buf);

#endif /* TARGET_I386_INSN_FLAGS_H */
