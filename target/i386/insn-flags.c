/*
 * The flags table (insn-flags.def) and its count rules (insn-flags.h).
 * SDM vol. 2B: SAL/SAR/SHL/SHR, RCL/RCR/ROL/ROR, SHLD, SHRD; vol. 1 B.1
 * for the conditions.
 */
#include "target/i386/insn-flags.h"

typedef struct FlagRow {
    bool listed;
    uint8_t rule;      /* X86FlagRule */
    X86FlagEffect one; /* the sets of a masked count of 1 */
    const char *value;
} FlagRow;

static const FlagRow flag_rows[X86_INSN_COUNT] = {
#define X86_FLAGS(nm, rd, def, und, rl, zr, val)                               \
    [X86_INSN_##nm] = {.listed = true,                                         \
                       .rule = X86_FLAG_RULE_##rl,                             \
                       .one = {.read = (rd),                                   \
                               .defined = (def),                               \
                               .undefined = (und),                             \
                               .zero = (zr)},                                  \
                       .value = (val)},
#include "target/i386/insn-flags.def"
#undef X86_FLAGS
};

/* Move F from defined to undefined. */
static void make_undefined(X86FlagEffect *e, uint16_t f)
{
    e->defined &= ~f;
    e->undefined |= f;
}

/* The sets of a count rule for the masked count COUNT (known, > 0). */
static X86FlagEffect count_effect(const FlagRow *r, unsigned bits,
                                  unsigned count)
{
    X86FlagEffect e = r->one;

    if (count > 1) {
        make_undefined(&e, CC_O);
    }
    if (r->rule == X86_FLAG_RULE_SHIFT && count >= bits) {
        make_undefined(&e, CC_C);
    }
    if (r->rule == X86_FLAG_RULE_SHIFT_DOUBLE && count > bits) {
        make_undefined(&e, CC_O | CC_S | CC_Z | CC_A | CC_P | CC_C);
    }
    return e;
}

X86FlagEffect x86_insn_flags(X86Mnemonic mnem, unsigned bits, int count)
{
    const FlagRow *r;
    X86FlagEffect e = {0};

    if ((unsigned)mnem >= X86_INSN_COUNT || !flag_rows[mnem].listed) {
        return e;
    }
    r = &flag_rows[mnem];
    switch (r->rule) {
    case X86_FLAG_RULE_FIXED:
    case X86_FLAG_RULE_COND:
        e = r->one;
        break;
    default:
        if (count == 0) {
            e.read = r->one.read;
        } else if (count > 0) {
            e = count_effect(r, bits, (unsigned)count);
        } else {
            /* Any count: the union of what non-zero counts leave undefined;
             * nothing surely defined, as a zero count keeps every flag. */
            e = count_effect(r, bits, bits + 1);
            e.defined = 0;
        }
        break;
    }
    e.zero &= e.undefined;
    return e;
}

uint16_t x86_cond_flags(unsigned cc)
{
    /* O, B/C, Z, BE (C|Z), S, P, L (S^O), LE (Z|S^O); odd cc negates. */
    static const uint16_t f[8] = {
        CC_O, CC_C, CC_Z,        CC_C | CC_Z,
        CC_S, CC_P, CC_S | CC_O, CC_Z | CC_S | CC_O,
    };

    return f[(cc >> 1) & 7];
}

bool x86_insn_flags_listed(X86Mnemonic mnem)
{
    return (unsigned)mnem < X86_INSN_COUNT && flag_rows[mnem].listed;
}

bool x86_insn_flags_consistent(X86Mnemonic mnem)
{
    const FlagRow *r = &flag_rows[mnem];
    const uint16_t all = CC_O | CC_S | CC_Z | CC_A | CC_P | CC_C;
    /* A count rule may make any flag undefined; a fixed row only its own. */
    uint16_t may_be_undefined =
        r->rule == X86_FLAG_RULE_FIXED || r->rule == X86_FLAG_RULE_COND
            ? r->one.undefined
            : all;

    if (!x86_insn_flags_listed(mnem)) {
        return true;
    }
    return !(r->one.defined & r->one.undefined)
           && !((r->one.read | r->one.defined | r->one.undefined) & ~all)
           && !(r->one.zero & ~may_be_undefined);
}

X86FlagRule x86_insn_flags_rule(X86Mnemonic mnem)
{
    return x86_insn_flags_listed(mnem) ? (X86FlagRule)flag_rows[mnem].rule
                                       : X86_FLAG_RULE_FIXED;
}

const char *x86_insn_flags_value(X86Mnemonic mnem)
{
    return x86_insn_flags_listed(mnem) ? flag_rows[mnem].value : "";
}

const char *x86_flags_letters(uint16_t f, char *buf)
{
    static const struct {
        uint16_t bit;
        char letter;
    } order[] = {{CC_O, 'O'}, {CC_S, 'S'}, {CC_Z, 'Z'},
                 {CC_A, 'A'}, {CC_P, 'P'}, {CC_C, 'C'}};
    int n = 0;

    for (unsigned i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
        if (f & order[i].bit) {
            buf[n++] = order[i].letter;
        }
    }
    buf[n] = 0;
    return buf;
}
