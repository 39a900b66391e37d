/*
 * The lowering test harness: see lower-harness.h.  The context is a bare
 * TCGContext (no tcg_context_init): the emitters use only its code
 * pointers, the TLB offset, the memory helpers and the per-TB pool.
 */
#include <stddef.h>
#include <string.h>

#include "lower-harness.h"
#include "tcg/tcg-region.h"
#include "tcg/x86_64-backend.h"
#include "x86_64-emit.h"
#include "x86_64-lower.h"

HarnessEnv harness_env;
TCGContext harness_ctx;

/* -- Constraints, as tcg.c parses them ------------------------------------- */

typedef struct Ct {
    uint64_t regs;
    uint32_t ct;
    int alias;   /* input: the output it shares a register with, or -1 */
    bool newreg; /* output: '&' */
} Ct;

/* What the allocator may hand out: not rsp, env, the scratch register. */
#define ALLOCATABLE                                                            \
    (0xffffull                                                                 \
     & ~(tcg_backend_x86_64.reserved_regs | 1ull << tcg_backend_x86_64.env_reg \
         | 1ull << tcg_backend_x86_64.frame_reg))

static Ct parse_ct(const char *str, const Ct *outs)
{
    Ct c = {.alias = -1};
    TCGArgConstraint a = {0};

    for (const char *p = str; *p; p++) {
        if (*p >= '0' && *p <= '9') {
            c.alias = *p - '0';
            c.regs |= outs[c.alias].regs;
        } else if (*p == '&') {
            c.newreg = true;
        } else if (*p == 'i') {
            c.ct |= TCG_CT_CONST;
        } else {
            g_assert_true(tcg_backend_x86_64.parse_constraint(*p, &a));
        }
    }
    c.regs = (c.regs | a.regs) & ALLOCATABLE;
    c.ct |= a.ct;
    return c;
}

static bool const_allowed(const Ct *c, int64_t v, TCGType type)
{
    uint32_t backend_ct = c->ct & ~(uint32_t)TCG_CT_CONST;

    if (c->alias >= 0) {
        return false;
    }
    return (c->ct & TCG_CT_CONST)
           || (backend_ct
               && tcg_backend_x86_64.const_match(v, type, backend_ct));
}

/* A random register from SET, or -1 when SET is empty. */
static int pick_reg(GRand *rng, uint64_t set)
{
    int n = __builtin_popcountll(set), k;

    if (n == 0) {
        return -1;
    }
    k = g_rand_int_range(rng, 0, n);
    for (int r = 0; r < 16; r++) {
        if (((set >> r) & 1) && k-- == 0) {
            return r;
        }
    }
    g_assert_not_reached();
}

/* Input I of OPC at TYPE is an i32 (conversions and guest accesses differ
 * from the op type: addresses are always i64). */
static bool input_is_i32(TCGOpcode opc, TCGType type, int i)
{
    switch (opc) {
    case INDEX_op_extu_i32_i64:
    case INDEX_op_ext_i32_i64:
        return true;
    case INDEX_op_extrl_i64_i32:
    case INDEX_op_extrh_i64_i32:
    case INDEX_op_qemu_ld:
    case INDEX_op_qemu_ld2_i64:
    case INDEX_op_qemu_st2_i64:
        return false;
    case INDEX_op_qemu_st:
        return type == TCG_TYPE_I32 && i == 0;
    default:
        return type == TCG_TYPE_I32;
    }
}

bool harness_choose(GRand *rng, Instance *inst, TCGOpcode opc, TCGType type,
                    const uint64_t *in, bool allow_const)
{
    const TCGOpDef *def = &tcg_op_defs[opc];
    const TCGLowering *low = &tcg_backend_x86_64.lower[opc][type];
    int nb_o = def->nb_oargs, nb_i = def->nb_iargs;
    Ct cts[TCG_MAX_OP_ARGS];
    uint64_t used_in = 0, live_in = 0;

    inst->opc = opc;
    inst->type = type;
    inst->used_out = 0;
    memset(inst->const_args, 0, sizeof(inst->const_args));
    for (int k = 0; k < nb_o + nb_i; k++) {
        cts[k] = parse_ct(low->ct[k], cts);
    }
    for (int i = 0; i < nb_i; i++) {
        Ct *ct = &cts[nb_o + i];
        int64_t cv = input_is_i32(opc, type, i) ? (int64_t)sx(in[i], 32)
                                                : (int64_t)in[i];
        if (allow_const && g_rand_boolean(rng) && const_allowed(ct, cv, type)) {
            inst->args[nb_o + i] = cv;
            inst->const_args[nb_o + i] = 1;
            inst->in_reg[i] = -1;
            continue;
        }
        inst->in_reg[i] = pick_reg(rng, ct->regs & ~used_in);
        if (inst->in_reg[i] < 0) {
            return false;
        }
        used_in |= 1ull << inst->in_reg[i];
        /* Half the inputs stay live after the op: no output may take
         * their register.  An aliased input is modelled dead (tcg.c
         * copies a live one first). */
        if (ct->alias < 0 && g_rand_boolean(rng)) {
            live_in |= 1ull << inst->in_reg[i];
        }
        inst->args[nb_o + i] = inst->in_reg[i];
    }
    for (int k = 0; k < nb_o; k++) {
        int reg = -1;
        for (int i = 0; i < nb_i; i++) {
            if (cts[nb_o + i].alias == k) {
                reg = inst->in_reg[i];
            }
        }
        if (reg < 0) {
            uint64_t avoid =
                inst->used_out | (cts[k].newreg ? used_in : live_in);
            reg = pick_reg(rng, cts[k].regs & ~avoid);
            if (reg < 0) {
                return false;
            }
        }
        inst->used_out |= 1ull << reg;
        inst->args[k] = reg;
    }
    return true;
}

/* -- Building and running -------------------------------------------------- */

static uint8_t *code_base;

void harness_init(void)
{
    /* The code around the op addresses harness_env through rbp. */
    g_assert_cmpint(tcg_backend_x86_64.env_reg, ==, X86_RBP);
    g_assert_cmpint(tcg_region_init(16 * 1024 * 1024, true), ==, 0);
    code_base = tcg_region_ptr();
    harness_ctx.backend = &tcg_backend_x86_64;
    tcg_ctx = &harness_ctx;
}

static void emit_instance(Instance *inst)
{
    tcg_backend_x86_64.lower[inst->opc][inst->type].emit(
        &harness_ctx, inst->type, inst->args, inst->const_args);
}

void harness_run(GRand *rng, Instance *inst, const uint64_t *in)
{
    static const X86Reg saved[] = {
        X86_RBX, X86_RBP, X86_R12, X86_R13, X86_R14, X86_R15,
    };
    TCGContext *s = &harness_ctx;
    X86Code c = {.pp = &s->code_ptr, .rx_diff = tcg_splitwx_diff};
    int nb_i = tcg_op_defs[inst->opc].nb_iargs;

    for (int r = 0; r < 16; r++) {
        inst->canary[r] =
            0x5a5a000000000000ull | (uint64_t)r << 32 | g_rand_int(rng);
    }
    for (int i = 0; i < nb_i; i++) {
        if (inst->in_reg[i] >= 0) {
            inst->canary[inst->in_reg[i]] = in[i];
        }
    }
    memcpy(harness_env.regs_in, inst->canary, sizeof(inst->canary));

    s->code_buf = s->code_ptr = code_base;
    s->code_gen_highwater = code_base + 65536;
    for (size_t i = 0; i < G_N_ELEMENTS(saved); i++) {
        emit_opc(&c, OPC_PUSH_r + (saved[i] & 7), 0, saved[i], X86_NOREG);
    }
    /* The prologue's frame: spill and scratch slots, rsp 16-aligned. */
    emit_arith_ri(&c, P_REXW, ARITH_SUB, X86_RSP, X86_FRAME_SIZE);
    emit_mov_rr(&c, P_REXW, X86_RBP, X86_RDI);
    for (int r = 0; r < 16; r++) {
        if (r != X86_RSP && r != X86_RBP) {
            emit_modrm_offset(&c, OPC_MOV_GvEv | P_REXW, r, X86_RBP, 8 * r);
        }
    }
    tcg_backend_x86_64.tb_start(s);
    inst->op_start = x86_code_pc(&c);
    emit_instance(inst);
    inst->op_end = x86_code_pc(&c);
    for (int r = 0; r < 16; r++) {
        if (r != X86_RSP && r != X86_RBP) {
            emit_modrm_offset(&c, OPC_MOV_EvGv | P_REXW, r, X86_RBP,
                              offsetof(HarnessEnv, regs_out) + 8 * r);
        }
    }
    emit_arith_ri(&c, P_REXW, ARITH_ADD, X86_RSP, X86_FRAME_SIZE);
    for (size_t i = G_N_ELEMENTS(saved); i-- > 0;) {
        emit_opc(&c, OPC_POP_r + (saved[i] & 7), 0, saved[i], X86_NOREG);
    }
    emit8(&c, OPC_RET);
    g_assert_true(tcg_backend_x86_64.finish(s));

    ((void (*)(HarnessEnv *))tcg_splitwx_to_rx(code_base))(&harness_env);
}

uint64_t harness_reg_out(int reg)
{
    return harness_env.regs_out[reg];
}

bool harness_check_preserved(const Instance *inst)
{
    uint64_t clobbers =
        tcg_backend_x86_64.lower[inst->opc][inst->type].clobbers;

    for (int r = 0; r < 16; r++) {
        bool may_change =
            !(ALLOCATABLE >> r & 1) || ((inst->used_out | clobbers) >> r & 1);
        if (!may_change && harness_env.regs_out[r] != inst->canary[r]) {
            g_test_message("%s: register %s changed",
                           tcg_op_name(inst->opc, inst->type), x86_reg_name(r));
            return false;
        }
    }
    return true;
}

uint64_t harness_rand_value(GRand *rng)
{
    static const uint64_t special[] = {
        0,
        1,
        2,
        7,
        0x7f,
        0x80,
        0xff,
        0x100,
        0x7fff,
        0x8000,
        0xffff,
        0x7fffffff,
        0x80000000,
        0xffffffff,
        0x100000000ull,
        0x7fffffffffffffffull,
        0x8000000000000000ull,
        ~0ull,
        ~1ull,
    };
    uint64_t v = (uint64_t)g_rand_int(rng) << 32 | g_rand_int(rng);

    switch (g_rand_int_range(rng, 0, 4)) {
    case 0:
        return special[g_rand_int_range(rng, 0, G_N_ELEMENTS(special))];
    case 1:
        return v >> g_rand_int_range(rng, 0, 64);
    case 2:
        return -(v >> g_rand_int_range(rng, 1, 64));
    default:
        return v;
    }
}
