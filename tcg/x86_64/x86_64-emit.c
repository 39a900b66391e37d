/*
 * x86-64 host backend, layer 2: byte encoders.  See x86_64-emit.h.
 *
 * Encoding facts are from Intel SDM vol. 2, chapter 2 ("Instruction
 * Format"): 2.1.5 ModRM/SIB tables, 2.2.1 REX, 2.3.5 VEX.
 */
#include <assert.h>

#include "x86_64-emit.h"

/* -- Register table ------------------------------------------------------ */

static const struct {
    const char *name;
    bool saved;
    int8_t arg;
} x86_regs[X86_REG__COUNT] = {
#define X86_REG(id, nm, enc, sv, ar)                                           \
    [X86_##id] = {.name = nm, .saved = sv, .arg = ar},
#include "x86_64-regs.def"
#undef X86_REG
};

const X86Reg x86_call_arg_regs[6] = {
    X86_RDI, X86_RSI, X86_RDX, X86_RCX, X86_R8, X86_R9,
};

const char *x86_reg_name(int reg)
{
    return reg >= 0 && reg < X86_REG__COUNT ? x86_regs[reg].name : "?";
}

bool x86_reg_callee_saved(int reg)
{
    return x86_regs[reg].saved;
}

int x86_reg_arg_slot(int reg)
{
    return x86_regs[reg].arg;
}

/* -- Prefixes, opcode, ModRM --------------------------------------------- */

/* The REX/VEX extension bit of a register, 0 for X86_NOREG. */
static int reg_hi(int reg)
{
    return reg < 0 ? 0 : (reg >> 3) & 1;
}

/* A byte register 4..7 means spl..dil only with a REX prefix. */
static bool needs_empty_rex(int opc, int r, int rm)
{
    return ((opc & P_REXB_R) && r >= 4 && r < 8)
           || ((opc & P_REXB_RM) && rm >= 4 && rm < 8);
}

void emit_opc(X86Code *c, int opc, int r, int rm, int index)
{
    int rex;

    assert(!(opc & P_VEX));
    /* Legacy and mandatory prefixes go before REX (SDM vol. 2, 2.2.1). */
    if (opc & P_DATA16) {
        emit8(c, 0x66);
    }
    if (opc & P_SIMDF3) {
        emit8(c, 0xf3);
    } else if (opc & P_SIMDF2) {
        emit8(c, 0xf2);
    }
    rex = (opc & P_REXW ? 8 : 0) | reg_hi(r) << 2 | reg_hi(index) << 1
          | reg_hi(rm);
    if (rex || needs_empty_rex(opc, r, rm)) {
        emit8(c, 0x40 | rex);
    }
    if (opc & (P_0F | P_0F38 | P_0F3A)) {
        emit8(c, 0x0f);
        if (opc & P_0F38) {
            emit8(c, 0x38);
        } else if (opc & P_0F3A) {
            emit8(c, 0x3a);
        }
    }
    emit8(c, opc & 0xff);
}

static void emit_modrm_byte(X86Code *c, int mod, int r, int rm)
{
    emit8(c, mod << 6 | (r & 7) << 3 | (rm & 7));
}

void emit_modrm(X86Code *c, int opc, int r, int rm)
{
    emit_opc(c, opc, r, rm, X86_NOREG);
    emit_modrm_byte(c, 3, r, rm);
}

/* ModRM, SIB and displacement of a memory operand (after the opcode). */
static void emit_mem_operand(X86Code *c, int r, int base, int index, int shift,
                             int32_t disp)
{
    int mod;

    assert(index != X86_RSP && shift >= 0 && shift <= 3);
    if (base < 0) {
        /* mod=00, rm=100, SIB.base=101: [index*scale + disp32]. */
        emit_modrm_byte(c, 0, r, 4);
        emit8(c, shift << 6 | (index < 0 ? 4 : index & 7) << 3 | 5);
        emit32(c, disp);
        return;
    }
    /* rbp/r13 with mod=00 would mean "no base" / RIP: give them a disp8. */
    if (disp == 0 && (base & 7) != 5) {
        mod = 0;
    } else if (x86_fits_s8(disp)) {
        mod = 1;
    } else {
        mod = 2;
    }
    if (index < 0 && (base & 7) != 4) {
        emit_modrm_byte(c, mod, r, base);
    } else {
        /* rsp/r12 as base: rm=100 means "SIB follows". */
        emit_modrm_byte(c, mod, r, 4);
        emit8(c, shift << 6 | (index < 0 ? 4 : index & 7) << 3 | (base & 7));
    }
    if (mod == 1) {
        emit8(c, disp);
    } else if (mod == 2) {
        emit32(c, disp);
    }
}

void emit_modrm_mem(X86Code *c, int opc, int r, int base, int index, int shift,
                    int32_t disp)
{
    /* ModRM.rm holds a base register here, never a byte operand. */
    emit_opc(c, opc & ~P_REXB_RM, r, base, index);
    emit_mem_operand(c, r, base, index, shift, disp);
}

bool x86_rip_reachable(const X86Code *c, uintptr_t target)
{
    /* Allow for the longest instruction between here and its end. */
    intptr_t d = (intptr_t)(target - x86_code_pc(c));
    return d > INT32_MIN + 16 && d < INT32_MAX - 16;
}

void emit_modrm_rip(X86Code *c, int opc, int r, uintptr_t target, int imm_bytes)
{
    intptr_t d;

    emit_opc(c, opc, r, X86_NOREG, X86_NOREG);
    emit_modrm_byte(c, 0, r, 5);
    d = (intptr_t)(target - (x86_code_pc(c) + 4 + imm_bytes));
    assert(x86_fits_s32(d));
    emit32(c, (int32_t)d);
}

/* -- VEX ----------------------------------------------------------------- */

void emit_vex_opc(X86Code *c, int opc, int r, int v, int rm, int index)
{
    int mmmmm, pp, tail;

    assert(opc & P_VEX);
    mmmmm = opc & P_0F38 ? 2 : opc & P_0F3A ? 3 : 1;
    pp = opc & P_DATA16 ? 1 : opc & P_SIMDF3 ? 2 : opc & P_SIMDF2 ? 3 : 0;
    /* vvvv, L, pp: register specifiers are stored inverted. */
    tail = (~v & 15) << 3 | (opc & P_VEXL ? 4 : 0) | pp;
    if (mmmmm == 1 && !(opc & P_REXW) && !reg_hi(index) && !reg_hi(rm)) {
        emit8(c, 0xc5);
        emit8(c, !reg_hi(r) << 7 | tail);
    } else {
        emit8(c, 0xc4);
        emit8(c,
              !reg_hi(r) << 7 | !reg_hi(index) << 6 | !reg_hi(rm) << 5 | mmmmm);
        emit8(c, (opc & P_REXW ? 0x80 : 0) | tail);
    }
    emit8(c, opc & 0xff);
}

void emit_vex_modrm(X86Code *c, int opc, int r, int v, int rm)
{
    emit_vex_opc(c, opc, r, v, rm, X86_NOREG);
    emit_modrm_byte(c, 3, r, rm);
}

void emit_vex_modrm_mem(X86Code *c, int opc, int r, int v, int base, int index,
                        int shift, int32_t disp)
{
    emit_vex_opc(c, opc, r, v, base, index);
    emit_mem_operand(c, r, base, index, shift, disp);
}

/* -- Common instructions ------------------------------------------------- */

void emit_mov_rr(X86Code *c, int rexw, int dst, int src)
{
    emit_modrm(c, OPC_MOV_GvEv | rexw, dst, src);
}

void emit_movi(X86Code *c, int dst, uint64_t val, bool flags_free)
{
    intptr_t d;

    if (val == 0 && flags_free) {
        emit_modrm(c, OPC_XOR_GvEv, dst, dst);
        return;
    }
    if (val == (uint32_t)val) {
        emit_opc(c, OPC_MOVL_Iv + (dst & 7), 0, dst, X86_NOREG);
        emit32(c, val);
        return;
    }
    if (x86_fits_s32((int64_t)val)) {
        emit_modrm(c, OPC_MOVL_EvIz | P_REXW, 0, dst);
        emit32(c, val);
        return;
    }
    /* lea disp32(%rip), dst is 7 bytes: the instruction ends 7 bytes on. */
    d = (intptr_t)(val - (x86_code_pc(c) + 7));
    if (x86_fits_s32(d)) {
        emit_modrm_rip(c, OPC_LEA_GvM | P_REXW, dst, val, 0);
        return;
    }
    emit_opc(c, OPC_MOVL_Iv + (dst & 7) + P_REXW, 0, dst, X86_NOREG);
    emit64(c, val);
}

void emit_arith_ri(X86Code *c, int rexw, X86Arith op, int reg, int32_t imm)
{
    if (x86_fits_s8(imm)) {
        emit_modrm(c, OPC_ARITH_EvIb | rexw, op, reg);
        emit8(c, imm);
    } else {
        emit_modrm(c, OPC_ARITH_EvIz | rexw, op, reg);
        emit32(c, imm);
    }
}

void emit_shift_ri(X86Code *c, int rexw, X86Shift op, int reg, int count)
{
    if (count == 1) {
        emit_modrm(c, OPC_SHIFT_Ev_1 | rexw, op, reg);
    } else {
        emit_modrm(c, OPC_SHIFT_Ev_Ib | rexw, op, reg);
        emit8(c, count);
    }
}

uint8_t *emit_jcc_rel32(X86Code *c, X86Cond cond)
{
    emit_opc(c, OPC_JCC_long + cond, 0, X86_NOREG, X86_NOREG);
    emit32(c, 0);
    return x86_last_rel32(c);
}

uint8_t *emit_jmp_rel32(X86Code *c)
{
    emit8(c, OPC_JMP_Jz);
    emit32(c, 0);
    return x86_last_rel32(c);
}

uint8_t *emit_call_rel32(X86Code *c)
{
    emit8(c, OPC_CALL_Jz);
    emit32(c, 0);
    return x86_last_rel32(c);
}

bool x86_patch_rel32(uint8_t *site, intptr_t rx_diff, uintptr_t target)
{
    intptr_t d = (intptr_t)(target - ((uintptr_t)site + rx_diff + 4));
    int32_t v = (int32_t)d;

    if (!x86_fits_s32(d)) {
        return false;
    }
    memcpy(site, &v, 4);
    return true;
}

void emit_jcc_to(X86Code *c, X86Cond cond, uintptr_t target)
{
    intptr_t d = (intptr_t)(target - (x86_code_pc(c) + 2));
    bool ok;

    if (x86_fits_s8(d)) {
        emit8(c, OPC_JCC_short + cond);
        emit8(c, d);
        return;
    }
    ok = x86_patch_rel32(emit_jcc_rel32(c, cond), c->rx_diff, target);
    assert(ok);
    (void)ok;
}

void emit_jmp_to(X86Code *c, uintptr_t target)
{
    intptr_t d = (intptr_t)(target - (x86_code_pc(c) + 2));
    bool ok;

    if (x86_fits_s8(d)) {
        emit8(c, OPC_JMP_Jb);
        emit8(c, d);
        return;
    }
    ok = x86_patch_rel32(emit_jmp_rel32(c), c->rx_diff, target);
    assert(ok);
    (void)ok;
}

void emit_call_to(X86Code *c, uintptr_t target, int scratch)
{
    if (x86_rip_reachable(c, target)) {
        x86_patch_rel32(emit_call_rel32(c), c->rx_diff, target);
        return;
    }
    emit_opc(c, OPC_MOVL_Iv + (scratch & 7) + P_REXW, 0, scratch, X86_NOREG);
    emit64(c, target);
    emit_call_reg(c, scratch);
}

void emit_jmp_reg(X86Code *c, int reg)
{
    emit_modrm(c, OPC_GRP5_Ev, EXT5_JMP_Ev, reg);
}

void emit_call_reg(X86Code *c, int reg)
{
    emit_modrm(c, OPC_GRP5_Ev, EXT5_CALL_Ev, reg);
}

void emit_nops(X86Code *c, int n)
{
    /* SDM vol. 2, NOP: recommended multi-byte sequences, 1 to 9 bytes. */
    static const uint8_t seq[9][9] = {
        {0x90},
        {0x66, 0x90},
        {0x0f, 0x1f, 0x00},
        {0x0f, 0x1f, 0x40, 0x00},
        {0x0f, 0x1f, 0x44, 0x00, 0x00},
        {0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00},
        {0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00},
        {0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00},
        {0x66, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00},
    };

    while (n > 0) {
        int k = n > 9 ? 9 : n;
        memcpy(*c->pp, seq[k - 1], k);
        *c->pp += k;
        n -= k;
    }
}
