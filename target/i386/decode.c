/*
 * The x86 decoder: prefixes, REX/VEX, opcode maps, ModRM/SIB/displacement,
 * immediates and operand sizes.  See decode.h for the contract.
 *
 * The opcode maps are rows of insn-table.def.  At first use they are
 * indexed by (map, opcode byte); decoding an instruction is then:
 *   1. prefixes (legacy, REX, VEX) and the opcode bytes that pick the map;
 *   2. ModRM and the memory operand, if the opcode has a ModRM byte;
 *   3. the first row of (map, opcode) whose mandatory prefix, ModRM.reg,
 *      ModRM form, CPU mode and CPUID feature match;
 *   4. the checks named by the row's attribute words (LOCK, VEX.L);
 *   5. immediates and operands by the row's SDM operand notation.
 * Invalid and unimplemented encodings both end in X86_DECODE_UD.
 */
#include <glib.h>
#include <string.h>

#include "target/i386/decode.h"
#include "util/error.h"

/* -- The table ------------------------------------------------------------- */

#define X86_REG_ANY (-1)
#define X86_REG_0   0
#define X86_REG_1   1
#define X86_REG_2   2
#define X86_REG_3   3
#define X86_REG_4   4
#define X86_REG_5   5
#define X86_REG_6   6
#define X86_REG_7   7
#define X86_MOD_RM0 0
#define X86_MOD_RM1 1
#define X86_MOD_RM2 2
#define X86_MOD_RM3 3
#define X86_MOD_RM4 4
#define X86_MOD_RM5 5
#define X86_MOD_RM6 6
#define X86_MOD_RM7 7

/* Attribute words of the .def rows; FEAT(x) rides in bits 16-23. */
#define LOCK    X86_A_LOCK
#define I64     X86_A_I64
#define O64     X86_A_O64
#define D64     X86_A_D64
#define F64     X86_A_F64
#define REP     X86_A_REP
#define VEX     X86_A_VEX
#define W0      X86_A_W0
#define W1      X86_A_W1
#define MODREG  X86_A_MODREG
#define PM      X86_A_PM
#define CPL0    X86_A_CPL0
#define IOPL    X86_A_IOPL
#define NOLOAD  X86_A_NOLOAD
#define FEAT(f) ((uint32_t)(X86_FEAT_##f + 1) << 16)

#define ROW(mp, opc, pf, rg, md, mn, t1, s1, t2, s2, t3, s3, fl)               \
    {                                                                          \
        .map = X86_MAP_##mp,                                                   \
        .opcode = (opc),                                                       \
        .pfx = X86_PFX_##pf,                                                   \
        .reg = (rg),                                                           \
        .mod = (md),                                                           \
        .mnem = X86_INSN_##mn,                                                 \
        .type = {X86_TYPE_##t1, X86_TYPE_##t2, X86_TYPE_##t3},                 \
        .size = {X86_SIZE_##s1, X86_SIZE_##s2, X86_SIZE_##s3},                 \
        .feat = (uint8_t)((((fl) >> 16) & 0xff) - 1),                          \
        .flags = (fl)&0xffff,                                                  \
    },
#define OP(mp, opc, mn, t1, s1, t2, s2, t3, s3, fl)                            \
    ROW(mp, opc, ANY, X86_REG_ANY, X86_MOD_ANY, mn, t1, s1, t2, s2, t3, s3, fl)
#define OPR(mp, opc, rg, mn, t1, s1, t2, s2, t3, s3, fl)                       \
    ROW(mp, opc, ANY, rg, X86_MOD_ANY, mn, t1, s1, t2, s2, t3, s3, fl)
#define OPX(mp, opc, pf, rg, md, mn, t1, s1, t2, s2, t3, s3, fl)               \
    ROW(mp, opc, pf, X86_REG_##rg, X86_MOD_##md, mn, t1, s1, t2, s2, t3, s3, fl)

const X86OpEntry x86_op_table[] = {
#include "target/i386/insn-table.def"
};
const unsigned x86_op_table_size =
    sizeof(x86_op_table) / sizeof(x86_op_table[0]);

#undef ROW
#undef OP
#undef OPR
#undef OPX
#undef LOCK
#undef I64
#undef O64
#undef D64
#undef F64
#undef REP
#undef VEX
#undef W0
#undef W1
#undef MODREG
#undef FEAT

static const char *const x86_mnemonic_names[X86_INSN_COUNT] = {
#define X86_INSN(name, family) [X86_INSN_##name] = #name,
#include "target/i386/insn-mnemonics.def"
#undef X86_INSN
};

const char *x86_mnemonic_name(X86Mnemonic mnem)
{
    return mnem < X86_INSN_COUNT ? x86_mnemonic_names[mnem] : "?";
}

/* -- The index: rows by (map, opcode) -------------------------------------- */

typedef struct X86OpcodeIndex {
    uint16_t first; /* into row_order */
    uint8_t count;  /* rows of this opcode */
    bool has_modrm; /* every row of the opcode agrees */
    bool modreg;    /* X86_A_MODREG: every row of the opcode agrees */
} X86OpcodeIndex;

static X86OpcodeIndex op_index[X86_MAP_COUNT][256];
static uint16_t row_order[2048];

static bool row_has_modrm(const X86OpEntry *e)
{
    if (e->reg >= 0 || e->mod != X86_MOD_ANY) {
        return true;
    }
    for (int i = 0; i < 3; i++) {
        switch (e->type[i]) {
        case X86_TYPE_E:
        case X86_TYPE_G:
        case X86_TYPE_M:
        case X86_TYPE_R:
        case X86_TYPE_S:
        case X86_TYPE_C:
        case X86_TYPE_D:
        case X86_TYPE_V:
        case X86_TYPE_W:
        case X86_TYPE_U:
        case X86_TYPE_P:
        case X86_TYPE_Q:
        case X86_TYPE_N:
            return true;
        default:
            break;
        }
    }
    return false;
}

static gpointer build_index(gpointer unused)
{
    unsigned n = 0;

    if (x86_op_table_size > G_N_ELEMENTS(row_order)) {
        internal_error("insn-table.def: %u rows, index holds %zu",
                       x86_op_table_size, G_N_ELEMENTS(row_order));
    }
    /* Counting pass, then stable placement keeps file order per opcode. */
    for (unsigned i = 0; i < x86_op_table_size; i++) {
        const X86OpEntry *e = &x86_op_table[i];
        X86OpcodeIndex *ix = &op_index[e->map][e->opcode];

        if (ix->count && ix->has_modrm != row_has_modrm(e)) {
            internal_error("insn-table.def: map %d opcode 0x%02x: rows "
                           "disagree on having a ModRM byte",
                           e->map, e->opcode);
        }
        if (ix->count && ix->modreg != !!(e->flags & X86_A_MODREG)) {
            internal_error("insn-table.def: map %d opcode 0x%02x: rows "
                           "disagree on MODREG",
                           e->map, e->opcode);
        }
        ix->has_modrm = row_has_modrm(e);
        ix->modreg = e->flags & X86_A_MODREG;
        ix->count++;
    }
    for (int m = 0; m < X86_MAP_COUNT; m++) {
        for (int b = 0; b < 256; b++) {
            op_index[m][b].first = n;
            n += op_index[m][b].count;
            op_index[m][b].count = 0;
        }
    }
    for (unsigned i = 0; i < x86_op_table_size; i++) {
        X86OpcodeIndex *ix =
            &op_index[x86_op_table[i].map][x86_op_table[i].opcode];

        row_order[ix->first + ix->count++] = i;
    }
    return NULL;
}

/* -- Byte cursor ----------------------------------------------------------- */

#define X86_MAX_INSN_LEN 15

typedef struct X86Cursor {
    const X86DecodeEnv *env;
    uint64_t pc;   /* address of the first byte */
    unsigned len;  /* bytes consumed */
    bool too_long; /* tried to read a 16th byte */
} X86Cursor;

static uint8_t next_byte(X86Cursor *c)
{
    if (c->len >= X86_MAX_INSN_LEN) {
        /* Never fetch byte 16: the hardware raises #GP before it would. */
        c->too_long = true;
        return 0;
    }
    return c->env->fetch(c->env->opaque, c->pc + c->len++);
}

/* Read SIZE (1, 2, 4, 8) little-endian bytes, sign-extended. */
static int64_t next_signed(X86Cursor *c, unsigned size)
{
    uint64_t v = 0;

    for (unsigned i = 0; i < size; i++) {
        v |= (uint64_t)next_byte(c) << (8 * i);
    }
    if (size < 8) {
        unsigned shift = 64 - 8 * size;

        v = (uint64_t)((int64_t)(v << shift) >> shift);
    }
    return (int64_t)v;
}

/* -- Prefixes and maps ----------------------------------------------------- */

/* Per-instruction decoder state beyond what X86DecodedInsn records. */
typedef struct X86DecodeState {
    X86Cursor c;
    bool mode64;
    uint8_t last_rep;  /* 0, 0xf2 or 0xf3: the one that came last */
    uint8_t map;       /* X86Map */
    uint8_t vex_pp;    /* VEX.pp */
    bool vex_l;        /* VEX.L */
    uint8_t vex_v_raw; /* VEX.vvvv un-inverted, all four bits */
} X86DecodeState;

static int legacy_prefix_seg(uint8_t b)
{
    switch (b) {
    case 0x26:
        return R_ES;
    case 0x2e:
        return R_CS;
    case 0x36:
        return R_SS;
    case 0x3e:
        return R_DS;
    case 0x64:
        return R_FS;
    case 0x65:
        return R_GS;
    default:
        return -1;
    }
}

/* Legacy prefixes and REX; returns the first byte after them. */
static uint8_t decode_prefixes(X86DecodeState *st, X86DecodedInsn *d)
{
    for (;;) {
        uint8_t b = next_byte(&st->c);
        int seg = legacy_prefix_seg(b);

        if (st->c.too_long) {
            return 0;
        }
        if (st->mode64 && (b & 0xf0) == 0x40) {
            d->rex = b & 0xf;
            d->prefixes |= X86_PREFIX_REX;
            continue;
        }
        if (seg >= 0) {
            d->seg_override = seg;
        } else if (b == 0xf0) {
            d->prefixes |= X86_PREFIX_LOCK;
        } else if (b == 0xf2 || b == 0xf3) {
            st->last_rep = b;
        } else if (b == 0x66) {
            d->prefixes |= X86_PREFIX_DATA;
        } else if (b == 0x67) {
            d->prefixes |= X86_PREFIX_ADR;
        } else {
            return b;
        }
        /* A legacy prefix after REX cancels the REX (SDM vol. 2A, 2.2.1). */
        d->rex = 0;
        d->prefixes &= ~X86_PREFIX_REX;
    }
}

/*
 * VEX (C4/C5, already read as B): fills map, R/X/B/W, vvvv, L, pp and
 * returns the opcode byte, or -1 for an invalid VEX.
 */
static int decode_vex(X86DecodeState *st, X86DecodedInsn *d, uint8_t b,
                      uint8_t b1)
{
    uint8_t b2;

    /* SDM vol. 2A, 2.3.2: VEX after 66, F2, F3, LOCK or REX is #UD. */
    if ((d->prefixes & (X86_PREFIX_DATA | X86_PREFIX_LOCK | X86_PREFIX_REX))
        || st->last_rep) {
        return -1;
    }
    d->prefixes |= X86_PREFIX_VEX;
    if (b == 0xc5) {
        d->rex = (b1 & 0x80) ? 0 : X86_REX_R;
        b2 = b1;
        st->map = X86_MAP_0F;
    } else {
        d->rex = ((b1 & 0x80) ? 0 : X86_REX_R) | ((b1 & 0x40) ? 0 : X86_REX_X)
                 | ((b1 & 0x20) ? 0 : X86_REX_B);
        switch (b1 & 0x1f) {
        case 1:
            st->map = X86_MAP_0F;
            break;
        case 2:
            st->map = X86_MAP_V0F38;
            break;
        case 3:
            st->map = X86_MAP_V0F3A;
            break;
        default:
            return -1;
        }
        b2 = next_byte(&st->c);
        d->rex |= (b2 & 0x80) ? X86_REX_W : 0;
    }
    d->vex_v = st->vex_v_raw = (~b2 >> 3) & 0xf;
    st->vex_l = (b2 >> 2) & 1;
    st->vex_pp = b2 & 3;
    if (!st->mode64) {
        /* Outside 64-bit mode only 8 registers and no VEX.W width. */
        d->rex = 0;
        d->vex_v &= 7;
    }
    if (st->map == X86_MAP_0F) {
        return -1; /* VEX map 1 is AVX only: not implemented */
    }
    return next_byte(&st->c);
}

/* -- ModRM and the memory operand ------------------------------------------ */

static void decode_ea16(X86DecodeState *st, X86DecodedInsn *d)
{
    static const int8_t base16[8] = {R_EBX, R_EBX, R_EBP, R_EBP,
                                     R_ESI, R_EDI, R_EBP, R_EBX};
    static const int8_t index16[8] = {R_ESI, R_EDI, R_ESI, R_EDI,
                                      -1,    -1,    -1,    -1};
    unsigned mod = d->modrm >> 6, rm = d->modrm & 7;

    d->ea.base = base16[rm];
    d->ea.index = index16[rm];
    if (mod == 0 && rm == 6) {
        d->ea.base = -1;
        d->ea.disp = (uint16_t)next_signed(&st->c, 2);
    } else if (mod == 1) {
        d->ea.disp = next_signed(&st->c, 1);
    } else if (mod == 2) {
        d->ea.disp = next_signed(&st->c, 2);
    }
    d->ea.seg = d->ea.base == R_EBP ? R_SS : R_DS;
}

static void decode_ea32_64(X86DecodeState *st, X86DecodedInsn *d)
{
    unsigned mod = d->modrm >> 6, rm = d->modrm & 7;
    unsigned base_low = rm;

    d->ea.index = -1;
    if (rm == 4) {
        uint8_t sib = next_byte(&st->c);
        int index = ((sib >> 3) & 7) | ((d->rex & X86_REX_X) ? 8 : 0);

        d->ea.scale = sib >> 6;
        d->ea.index = index == 4 ? -1 : index;
        base_low = sib & 7;
        if (base_low == 5 && mod == 0) {
            d->ea.base = -1;
            d->ea.disp = next_signed(&st->c, 4);
        } else {
            d->ea.base = base_low | ((d->rex & X86_REX_B) ? 8 : 0);
        }
    } else if (rm == 5 && mod == 0) {
        d->ea.base = -1;
        d->ea.rip_rel = st->mode64;
        d->ea.disp = next_signed(&st->c, 4);
    } else {
        d->ea.base = rm | ((d->rex & X86_REX_B) ? 8 : 0);
    }
    if (mod == 1) {
        d->ea.disp = next_signed(&st->c, 1);
    } else if (mod == 2) {
        d->ea.disp = next_signed(&st->c, 4);
    }
    /* SDM vol. 1, 3.7.4: rSP and rBP bases default to SS (not r12/r13). */
    d->ea.seg = (d->ea.base == R_ESP || d->ea.base == R_EBP) ? R_SS : R_DS;
}

/* Apply a segment override to the default segment in d->ea.seg. */
static void apply_seg_override(X86DecodeState *st, X86DecodedInsn *d)
{
    int s = d->seg_override;

    /* In 64-bit mode ES/CS/SS/DS overrides are ignored (SDM vol. 1, 3.3.7). */
    if (s >= 0 && (!st->mode64 || s == R_FS || s == R_GS)) {
        d->ea.seg = s;
    }
}

/* -- Row matching ---------------------------------------------------------- */

static bool pfx_matches(const X86DecodeState *st, const X86DecodedInsn *d,
                        uint8_t pfx)
{
    bool data = d->prefixes & X86_PREFIX_DATA;

    if (d->prefixes & X86_PREFIX_VEX) {
        static const uint8_t pp_of[] = {
            [X86_PFX_NP] = 0,
            [X86_PFX_66] = 1,
            [X86_PFX_F3] = 2,
            [X86_PFX_F2] = 3,
        };
        return pfx != X86_PFX_ANY && pp_of[pfx] == st->vex_pp;
    }
    switch (pfx) {
    case X86_PFX_ANY:
        return true;
    case X86_PFX_NP:
        return !data && st->last_rep == 0;
    case X86_PFX_NR:
        return st->last_rep == 0;
    case X86_PFX_66:
        return data && st->last_rep == 0;
    case X86_PFX_F3:
        return st->last_rep == 0xf3;
    case X86_PFX_F2:
        return st->last_rep == 0xf2;
    default:
        return false;
    }
}

static bool mod_matches(const X86OpEntry *e, uint8_t modrm)
{
    bool reg_form = (modrm >> 6) == 3;
    int need = e->mod;

    for (int i = 0; i < 3; i++) {
        if (e->type[i] == X86_TYPE_M) {
            need = X86_MOD_MEM;
        } else if ((e->type[i] == X86_TYPE_R || e->type[i] == X86_TYPE_U
                    || e->type[i] == X86_TYPE_N)
                   && need == X86_MOD_ANY) {
            need = X86_MOD_REG;
        }
    }
    switch (need) {
    case X86_MOD_ANY:
        return true;
    case X86_MOD_MEM:
        return !reg_form;
    case X86_MOD_REG:
        return reg_form;
    default:
        return reg_form && (modrm & 7) == need;
    }
}

static const X86OpEntry *match_row(const X86DecodeEnv *env,
                                   const X86DecodeState *st,
                                   const X86DecodedInsn *d, bool has_modrm)
{
    const X86OpcodeIndex *ix = &op_index[st->map][d->b];

    for (unsigned i = 0; i < ix->count; i++) {
        const X86OpEntry *e = &x86_op_table[row_order[ix->first + i]];

        if ((st->mode64 && (e->flags & X86_A_I64))
            || (!st->mode64 && (e->flags & X86_A_O64))
            || (e->feat != X86_FEAT_NONE
                && !(env->features & X86_FEAT_BIT(e->feat)))
            || !pfx_matches(st, d, e->pfx)
            || ((e->flags & X86_A_W0) && (d->rex & X86_REX_W))
            || ((e->flags & X86_A_W1) && !(d->rex & X86_REX_W))) {
            continue;
        }
        if (has_modrm
            && ((e->reg >= 0 && e->reg != ((d->modrm >> 3) & 7))
                || !mod_matches(e, d->modrm))) {
            continue;
        }
        return e;
    }
    return NULL;
}

static bool uses_vex_v(const X86OpEntry *e)
{
    return e->type[0] == X86_TYPE_B || e->type[1] == X86_TYPE_B
           || e->type[2] == X86_TYPE_B;
}

/* -- Operand sizes and operands -------------------------------------------- */

/* The 'v' operand size for row E. */
static MemOp operand_size(const X86DecodeState *st, const X86DecodedInsn *d,
                          const X86OpEntry *e)
{
    bool data = (d->prefixes & X86_PREFIX_DATA) && e->pfx != X86_PFX_66;

    if (st->mode64) {
        if ((d->rex & X86_REX_W) || (e->flags & X86_A_F64)) {
            return MO_64;
        }
        if (e->flags & X86_A_D64) {
            return data ? MO_16 : MO_64;
        }
        return data ? MO_16 : MO_32;
    }
    return ((st->c.env->mode == 32) != data) ? MO_32 : MO_16;
}

static MemOp size_of(const X86DecodeState *st, const X86DecodedInsn *d,
                     uint8_t size)
{
    switch (size) {
    case X86_SIZE_b:
        return MO_8;
    case X86_SIZE_w:
        return MO_16;
    case X86_SIZE_d:
        return MO_32;
    case X86_SIZE_q:
        return MO_64;
    case X86_SIZE_z:
        return d->ot == MO_64 ? MO_32 : d->ot;
    case X86_SIZE_y:
        return (st->mode64 && (d->rex & X86_REX_W)) ? MO_64 : MO_32;
    case X86_SIZE_x:
        return MO_128;
    default:
        return d->ot; /* v, p (the offset part), none */
    }
}

static void set_gpr(X86Operand *op, const X86DecodedInsn *d, int reg, MemOp ot)
{
    op->kind = X86_OP_REG;
    op->ot = ot;
    op->reg = reg;
    /* Without any REX, byte registers 4-7 are AH CH DH BH. */
    if (ot == MO_8 && !(d->prefixes & X86_PREFIX_REX)
        && !(d->prefixes & X86_PREFIX_VEX) && reg >= 4 && reg < 8) {
        op->high8 = true;
        op->reg = reg - 4;
    }
}

/* Fill operand I of row E; false for an encoding that is #UD. */
static bool decode_operand(X86DecodeState *st, X86DecodedInsn *d,
                           const X86OpEntry *e, int i, bool *first_imm)
{
    X86Operand *op = &d->op[i];
    MemOp ot = size_of(st, d, e->size[i]);
    unsigned rm = (d->modrm & 7) | ((d->rex & X86_REX_B) ? 8 : 0);
    unsigned reg = ((d->modrm >> 3) & 7) | ((d->rex & X86_REX_R) ? 8 : 0);
    unsigned isize;
    int64_t v;

    switch (e->type[i]) {
    case X86_TYPE__:
        return true;
    case X86_TYPE_E:
    case X86_TYPE_M:
    case X86_TYPE_R:
        if ((d->modrm >> 6) == 3) {
            set_gpr(op, d, rm, ot);
        } else {
            op->kind = X86_OP_MEM;
            op->ot = ot;
        }
        return true;
    case X86_TYPE_G:
        set_gpr(op, d, reg, ot);
        return true;
    case X86_TYPE_V:
        op->kind = X86_OP_XMM;
        op->ot = ot;
        op->reg = reg;
        return true;
    case X86_TYPE_P:
        op->kind = X86_OP_MMX;
        op->ot = ot;
        op->reg = reg & 7;
        return true;
    case X86_TYPE_W:
    case X86_TYPE_U:
    case X86_TYPE_Q:
    case X86_TYPE_N:
        op->ot = ot;
        if ((d->modrm >> 6) != 3) {
            op->kind = X86_OP_MEM;
        } else if (e->type[i] == X86_TYPE_W || e->type[i] == X86_TYPE_U) {
            op->kind = X86_OP_XMM;
            op->reg = rm;
        } else {
            op->kind = X86_OP_MMX;
            op->reg = rm & 7;
        }
        return true;
    case X86_TYPE_B:
        set_gpr(op, d, d->vex_v, ot);
        return true;
    case X86_TYPE_Z:
        set_gpr(op, d, (d->b & 7) | ((d->rex & X86_REX_B) ? 8 : 0), ot);
        return true;
    case X86_TYPE_S:
        op->kind = X86_OP_SEG;
        op->ot = ot;
        op->reg = (d->modrm >> 3) & 7;
        /* No segment 6/7; CS is never a MOV destination (SDM MOV). */
        return op->reg < X86_NB_SEGS && !(i == 0 && op->reg == R_CS);
    case X86_TYPE_C:
    case X86_TYPE_D:
        op->kind = X86_OP_SYSREG;
        op->ot = ot;
        op->reg = reg;
        /* SDM MOV (control/debug registers): others are #UD. */
        if (e->type[i] == X86_TYPE_D) {
            return reg < 8;
        }
        return reg == 0 || reg == 2 || reg == 3 || reg == 4 || reg == 8;
    case X86_TYPE_ES:
    case X86_TYPE_CS:
    case X86_TYPE_SS:
    case X86_TYPE_DS:
    case X86_TYPE_FS:
    case X86_TYPE_GS:
        op->kind = X86_OP_SEG;
        op->ot = ot;
        op->reg = R_ES + (e->type[i] - X86_TYPE_ES);
        return true;
    case X86_TYPE_AX:
    case X86_TYPE_CX:
    case X86_TYPE_DX:
        op->kind = X86_OP_REG;
        op->ot = ot;
        op->reg = R_EAX + (e->type[i] - X86_TYPE_AX);
        return true;
    case X86_TYPE_1:
        op->kind = X86_OP_IMM;
        op->ot = ot;
        d->imm = 1;
        return true;
    case X86_TYPE_X:
    case X86_TYPE_Y:
        op->kind = X86_OP_IMPLICIT;
        op->ot = ot;
        return true;
    case X86_TYPE_O:
        op->kind = X86_OP_MEM;
        op->ot = ot;
        d->has_ea = true;
        d->ea.base = d->ea.index = -1;
        d->ea.seg = R_DS;
        apply_seg_override(st, d);
        isize = 1u << d->aflag;
        v = next_signed(&st->c, isize);
        d->ea.disp = isize == 8
                         ? v
                         : (int64_t)((uint64_t)v & ((1ull << (8 * isize)) - 1));
        return true;
    case X86_TYPE_A:
        op->kind = X86_OP_IMM;
        op->ot = ot == MO_64 ? MO_32 : ot;
        d->imm = (int64_t)((uint64_t)next_signed(&st->c, 1u << op->ot)
                           & (op->ot == MO_16 ? 0xffff : 0xffffffffu));
        d->imm2 = (uint16_t)next_signed(&st->c, 2);
        return true;
    case X86_TYPE_I:
    case X86_TYPE_J:
        op->kind = X86_OP_IMM;
        /* An Ib or Iz operating on a v-sized operand is sign-extended to
         * the operand size (SDM vol. 2D, A.2.2; 83 /r, 6B, Iz with REX.W). */
        op->ot = e->type[i] == X86_TYPE_I && i > 0 && e->size[0] == X86_SIZE_v
                         && ot < d->ot
                     ? d->ot
                     : ot;
        /* Iv is the only 8-byte immediate (MOV r64, imm64). */
        isize = 1u << ot;
        v = next_signed(&st->c, isize);
        if (*first_imm) {
            d->imm = v;
            *first_imm = false;
        } else {
            d->imm2 = (uint64_t)v & ((1ull << (8 * isize)) - 1);
        }
        return true;
    default:
        return false;
    }
}

/* -- The entry point ------------------------------------------------------- */

X86DecodeStatus x86_decode(const X86DecodeEnv *env, uint64_t pc,
                           X86DecodedInsn *d)
{
    static GOnce index_once = G_ONCE_INIT;
    X86DecodeState st = {
        .c = {.env = env, .pc = pc},
        .mode64 = env->mode == 64,
        .map = X86_MAP_1,
    };
    const X86OpEntry *e;
    bool has_modrm, first_imm = true;
    int b;

    g_once(&index_once, build_index, NULL);
    memset(d, 0, sizeof(*d));
    d->seg_override = -1;
    d->ea.base = d->ea.index = -1;

    b = decode_prefixes(&st, d);
    if ((b == 0xc4 || b == 0xc5) && env->vex_allowed) {
        uint8_t b1 = next_byte(&st.c);

        /* Outside 64-bit mode, C4/C5 with a memory ModRM are LES/LDS. */
        if (st.mode64 || (b1 >> 6) == 3) {
            b = decode_vex(&st, d, b, b1);
            if (b < 0) {
                goto ud;
            }
        } else {
            st.c.len--; /* b1 is the ModRM of LES/LDS: read it again */
        }
    } else if (b == 0x0f) {
        b = next_byte(&st.c);
        if (b == 0x38 || b == 0x3a) {
            st.map = b == 0x38 ? X86_MAP_0F38 : X86_MAP_0F3A;
            b = next_byte(&st.c);
        } else {
            st.map = X86_MAP_0F;
        }
    }
    d->b = b;
    if (st.last_rep) {
        d->prefixes |= st.last_rep == 0xf3 ? X86_PREFIX_REPZ : X86_PREFIX_REPNZ;
    }
    if (d->prefixes & X86_PREFIX_ADR) {
        d->aflag = st.mode64 ? MO_32 : (env->mode == 32 ? MO_16 : MO_32);
    } else {
        d->aflag = st.mode64 ? MO_64 : (env->mode == 32 ? MO_32 : MO_16);
    }

    has_modrm = op_index[st.map][b].has_modrm;
    if (has_modrm) {
        d->modrm = next_byte(&st.c);
        if (op_index[st.map][b].modreg) {
            d->modrm |= 0xc0;
        }
        if ((d->modrm >> 6) != 3) {
            d->has_ea = true;
            if (d->aflag == MO_16) {
                decode_ea16(&st, d);
            } else {
                decode_ea32_64(&st, d);
            }
            apply_seg_override(&st, d);
        }
    }
    if (st.c.too_long) {
        goto too_long;
    }

    e = match_row(env, &st, d, has_modrm);
    if (!e) {
        goto ud;
    }
    d->e = e;
    if (e->pfx == X86_PFX_F3 || e->pfx == X86_PFX_F2) {
        d->prefixes &= ~(X86_PREFIX_REPZ | X86_PREFIX_REPNZ);
    }
    if ((e->flags & X86_A_VEX)
        && (st.vex_l || (st.vex_v_raw && !uses_vex_v(e)))) {
        /* SDM vol. 2A, 2.3.6: an unused VEX.vvvv must be 1111b. */
        goto ud;
    }
    d->ot = operand_size(&st, d, e);
    for (int i = 0; i < 3; i++) {
        if (!decode_operand(&st, d, e, i, &first_imm)) {
            goto ud;
        }
    }
    if (st.c.too_long) {
        goto too_long;
    }
    /* LOCK needs a lockable row with a memory destination (SDM vol. 2A). */
    if ((d->prefixes & X86_PREFIX_LOCK)
        && (!(e->flags & X86_A_LOCK) || d->op[0].kind != X86_OP_MEM)) {
        goto ud;
    }
    d->len = st.c.len;
    return X86_DECODE_OK;

ud:
    d->len = st.c.len;
    return st.c.too_long ? X86_DECODE_TOO_LONG : X86_DECODE_UD;
too_long:
    d->len = st.c.len;
    return X86_DECODE_TOO_LONG;
}
