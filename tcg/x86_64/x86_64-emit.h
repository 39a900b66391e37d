/*
 * x86-64 host backend, layer 2: byte encoders.
 *
 * These functions write x86-64 machine code bytes and know nothing of the
 * IR: they take host registers (X86Reg, 0..15), opcode constants from
 * x86_64-defs.h, displacements and immediates.  They never check for room
 * in the buffer: the caller keeps a high-water margin (an instruction is at
 * most 15 bytes; the largest helper here emits well under 64).
 *
 * Code is written through a writable view of the code buffer and runs
 * through an executable one (split W^X, see include/tcg/tcg-region.h);
 * X86Code carries the difference so PC-relative fields are computed against
 * the address the CPU will execute.  Without split W^X the difference is 0.
 *
 * Register arguments of an opcode follow ModRM: `r` is ModRM.reg (a
 * register, or the /n sub-opcode of a group), `rm` is ModRM.rm (a register,
 * or the base of a memory operand), `v` is VEX.vvvv.
 */
#ifndef TCG_X86_64_EMIT_H
#define TCG_X86_64_EMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "x86_64-defs.h"

/*
 * Where the next instruction goes.  PP points at the owner's emission
 * pointer (the code generator's TCGContext.code_ptr, a test's cursor), so
 * an X86Code is a cheap view made on the stack and never needs syncing.
 */
typedef struct X86Code {
    uint8_t **pp;     /* -> next byte to write, in the writable view */
    intptr_t rx_diff; /* executable address minus writable address */
} X86Code;

/* The next byte to write (writable view). */
static inline uint8_t *x86_code_ptr(const X86Code *c)
{
    return *c->pp;
}

/* The executable address of the byte at writable address RW. */
static inline uintptr_t x86_code_rx(const X86Code *c, const void *rw)
{
    return (uintptr_t)rw + c->rx_diff;
}

/* The executable address of the next byte. */
static inline uintptr_t x86_code_pc(const X86Code *c)
{
    return x86_code_rx(c, *c->pp);
}

/* -- Raw bytes ----------------------------------------------------------- */

static inline void emit8(X86Code *c, uint8_t v)
{
    *(*c->pp)++ = v;
}

static inline void emit16(X86Code *c, uint16_t v)
{
    memcpy(*c->pp, &v, 2);
    *c->pp += 2;
}

static inline void emit32(X86Code *c, uint32_t v)
{
    memcpy(*c->pp, &v, 4);
    *c->pp += 4;
}

static inline void emit64(X86Code *c, uint64_t v)
{
    memcpy(*c->pp, &v, 8);
    *c->pp += 8;
}

/* True when V survives sign-extension from 8 / 32 bits. */
static inline bool x86_fits_s8(int64_t v)
{
    return v == (int8_t)v;
}

static inline bool x86_fits_s32(int64_t v)
{
    return v == (int32_t)v;
}

/* -- Prefixes, opcode, ModRM --------------------------------------------- */

/*
 * Legacy prefixes, REX (when needed), escape bytes and the opcode byte of
 * OPC.  R, RM and INDEX give the REX.R/B/X extension bits (X86_NOREG for
 * none).  A REX byte with no bits set is emitted when a byte operand is
 * spl/bpl/sil/dil (P_REXB_R / P_REXB_RM), which need REX to be told from
 * ah/ch/dh/bh.
 */
void emit_opc(X86Code *c, int opc, int r, int rm, int index);

/* OPC with a register-direct ModRM (mod = 11). */
void emit_modrm(X86Code *c, int opc, int r, int rm);

/*
 * OPC with a memory operand [BASE + INDEX * (1 << SHIFT) + DISP].
 * BASE or INDEX may be X86_NOREG; rsp cannot be an index (SDM vol. 2,
 * table 2-3: index 100 means "none").  The shortest displacement is chosen;
 * rbp/r13 as base always carry one, rsp/r12 as base always need a SIB.
 * With neither base nor index this is an absolute [disp32] (via SIB, since
 * mod=00 rm=101 means RIP-relative in 64-bit mode).
 */
void emit_modrm_mem(X86Code *c, int opc, int r, int base, int index, int shift,
                    int32_t disp);

/* Shorthand for emit_modrm_mem without index. */
static inline void emit_modrm_offset(X86Code *c, int opc, int r, int base,
                                     int32_t disp)
{
    emit_modrm_mem(c, opc, r, base, X86_NOREG, 0, disp);
}

/*
 * OPC with a RIP-relative memory operand addressing executable address
 * TARGET.  IMM_BYTES immediate bytes will follow the displacement (RIP is
 * the end of the instruction).  TARGET must be within +-2 GiB: check with
 * x86_rip_reachable() first.
 */
void emit_modrm_rip(X86Code *c, int opc, int r, uintptr_t target,
                    int imm_bytes);

/* True when TARGET can be reached by a rel32/disp32 from the next byte. */
bool x86_rip_reachable(const X86Code *c, uintptr_t target);

/* -- VEX ----------------------------------------------------------------- */

/*
 * VEX prefix (2-byte C5 form when it suffices, else 3-byte C4) and the
 * opcode byte.  V is the VEX.vvvv register (0 when the instruction has
 * none: it encodes as 1111).
 */
void emit_vex_opc(X86Code *c, int opc, int r, int v, int rm, int index);

/* VEX-encoded OPC with register operands. */
void emit_vex_modrm(X86Code *c, int opc, int r, int v, int rm);

/* VEX-encoded OPC with a memory operand, as emit_modrm_mem. */
void emit_vex_modrm_mem(X86Code *c, int opc, int r, int v, int base, int index,
                        int shift, int32_t disp);

/* -- Common instructions ------------------------------------------------- */

/* mov DST, SRC (64-bit if REXW, else 32-bit which zero-extends).  Always
 * emitted, even when DST == SRC (a 32-bit self-move clears bits 63:32). */
void emit_mov_rr(X86Code *c, int rexw, int dst, int src);

/*
 * DST = VAL, in the shortest form: xor (only if FLAGS_FREE, it clobbers
 * EFLAGS), mov r32 imm32 for values that zero-extend, mov r64 simm32 for
 * values that sign-extend, lea rip+disp32 for addresses near the code,
 * else movabs.
 */
void emit_movi(X86Code *c, int dst, uint64_t val, bool flags_free);

/* OP REG, IMM (ARITH_*), with an imm8 when IMM fits in one.  REXW is
 * P_REXW for the 64-bit form or 0. */
void emit_arith_ri(X86Code *c, int rexw, X86Arith op, int reg, int32_t imm);

/* SHIFT REG, COUNT (SHIFT_*), the short form for count 1. */
void emit_shift_ri(X86Code *c, int rexw, X86Shift op, int reg, int count);

/* Return a pointer (writable view) to the 4-byte field just emitted. */
static inline uint8_t *x86_last_rel32(const X86Code *c)
{
    return *c->pp - 4;
}

/* jcc rel32 / jmp rel32 / call rel32 with a zero field; return the field's
 * writable address for x86_patch_rel32(). */
uint8_t *emit_jcc_rel32(X86Code *c, X86Cond cond);
uint8_t *emit_jmp_rel32(X86Code *c);
uint8_t *emit_call_rel32(X86Code *c);

/*
 * Point the rel32 field at writable address SITE to executable address
 * TARGET.  Returns false (and writes nothing) when out of range.
 */
bool x86_patch_rel32(uint8_t *site, intptr_t rx_diff, uintptr_t target);

/* Branches to a known executable address: rel8 when it reaches, else
 * rel32 (must reach). */
void emit_jcc_to(X86Code *c, X86Cond cond, uintptr_t target);
void emit_jmp_to(X86Code *c, uintptr_t target);

/* call TARGET: rel32 when it reaches, else through SCRATCH (movabs + call
 * *SCRATCH; SCRATCH must be call-clobbered and not an argument). */
void emit_call_to(X86Code *c, uintptr_t target, int scratch);

/* jmp *REG / call *REG. */
void emit_jmp_reg(X86Code *c, int reg);
void emit_call_reg(X86Code *c, int reg);

/* N bytes of nops, in as few instructions as possible (SDM vol. 2, NOP:
 * the recommended multi-byte sequences). */
void emit_nops(X86Code *c, int n);

#endif /* TCG_X86_64_EMIT_H */
