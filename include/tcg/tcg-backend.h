/*
 * The backend interface: what a code emitter (tcg/tci, tcg/x86_64) gives
 * the register allocator in tcg.c, and the small API it may call back.
 *
 * A backend is one const TCGBackend.  tcg.c owns every decision about
 * registers: for each op it picks registers satisfying the op's constraints
 * (TCGLowering.ct), moves/loads/spills with emit_mov/emit_movi/emit_ld/
 * emit_st, then calls the op's emit function with the chosen registers.
 * The emit function writes code at s->code_ptr and must not touch any
 * register other than its operands, the lowering's clobbers and registers
 * in backend->reserved_regs (scratch registers the allocator never uses).
 *
 * Code is written through RW addresses (s->code_ptr); an address that the
 * generated code itself uses must be converted with tcg_splitwx_to_rx().
 */
#ifndef TCG_TCG_BACKEND_H
#define TCG_TCG_BACKEND_H

#include <string.h>

#include "tcg/tcg.h"

/* -- Constraints ----------------------------------------------------------- */

/* Generic constraint bits (TCGArgConstraint.ct); backends add their own. */
enum {
    TCG_CT_CONST = 1,             /* 'i': any constant is accepted as is */
    TCG_CT_BACKEND_FIRST = 0x100, /* first bit free for backend letters */
};

/*
 * One operand's parsed constraint.  Constraint strings are parsed once at
 * tcg_context_init:
 *   '0'..'9'  input: same register as output N ("0" for two-address ops);
 *             generic, handled by tcg.c
 *   '&'       output: a register distinct from every input register
 *             (otherwise an output may reuse a dead input's register)
 *   'i'       input: any constant may be passed as an immediate
 *   others    backend letters: parse_constraint adds registers to `regs`
 *             and/or constant classes to `ct` (checked by const_match)
 * Letters combine: "ri" = a register or any immediate.
 */
struct TCGArgConstraint {
    uint64_t regs;      /* allowed registers (bit n = register n) */
    uint32_t ct;        /* TCG_CT_CONST | backend constant classes */
    int8_t alias_index; /* input: the output it must share a register with;
                           output: the input aliased to it; -1: none */
    bool oalias;        /* output: some input is aliased to it */
    bool ialias;        /* input: aliased to output alias_index */
    bool newreg;        /* output: '&' */
};

/*
 * The lowering of one IR op at one type.  A backend's table holds one entry
 * per op, lower[INDEX_op_X], which states for each type the op exists at
 * (tcg-opc.def) its constraints and emitter: lower[INDEX_op_X][type].
 * An emit of NULL means the backend lacks op X at that type (allowed only
 * for TCG_OPF_OPTIONAL rows; tcg-op.c expands them); an op reaching the
 * allocator at a type its backend does not lower (a vector type) is an
 * internal_error naming both.
 *
 * emit(s, type, args, const_args): args[] holds, in op order, the output
 * registers, then for each input its register or (const_args[i] != 0) its
 * constant value, then the op's constant arguments unchanged (conditions,
 * labels as TCGLabel *, MemOpIdx, pos/len...).  TYPE is the op's type
 * (TCGOp.type); s->emit_opc is the op (one function may serve several ops
 * and all the types of one).  For a
 * TCG_OPF_COMMUTATIVE op whose first input is aliased to the output, the
 * allocator may have exchanged the two inputs (when only the second dies).
 *
 * clobbers: registers the emitted code destroys besides its outputs (x86
 * division: rdx; a qemu_ld whose slow path calls C: the call-clobbered
 * set).  tcg.c spills live values out of them before the op; an input may
 * still be placed in one (as a copy), so the emit function must read its
 * inputs before it clobbers anything.
 */
typedef struct TCGLowering {
    const char *ct[TCG_MAX_OP_ARGS]; /* per operand: outputs then inputs */
    uint64_t clobbers;
    void (*emit)(TCGContext *s, TCGType type, const TCGArg *args,
                 const int *const_args);
} TCGLowering;

/*
 * Ops with duties beyond computing outputs (their emit functions):
 *   br, brcond     branch to the label in the last carg: emit the branch and
 *                  call tcg_out_reloc(s, site, kind, label, addend).
 *   goto_tb        args[0] = slot n (0/1): emit a patchable direct jump,
 *                  set s->tb_jmp_insn_offset[n] to the site's offset (what
 *                  patch_goto_tb receives) and s->tb_jmp_reset_offset[n] to
 *                  the offset of the code right after it (the unchained
 *                  target, normally the exit_tb that follows).
 *   exit_tb        args[0] = the value tcg_exec_tb returns: return it.
 *   goto_ptr       args[0] = register holding an RX code address: jump there
 *                  (code_gen_epilogue returns 0).
 *   mb             args[0] = TCG_MO_* | TCG_BAR_*: a host fence if needed.
 *   qemu_ld/st     the TLB fast path of exec/tlb-common.h using
 *                  s->tlb_fast_offset from env_reg, falling back to
 *                  s->mem_helpers->ld/st[size] (read at translation time)
 *                  with retaddr inside this access's code.  The MemOp never
 *                  has MO_BSWAP; MO_SIGN loads sign-extend to the op type.
 *                  qemu_ld2/st2 (MO_128): lo at addr, hi at addr + 8.
 * The core handles mov, set_label (binds the label, patches its relocs),
 * insn_start (records the offset and data words), discard and call.
 */

/* -- The backend ----------------------------------------------------------- */

struct TCGBackend {
    const char *name;             /* "tci", "x86_64" */
    int nb_regs;                  /* registers 0 .. nb_regs - 1 */
    const char *const *reg_names; /* [nb_regs], for logs */
    uint64_t reserved_regs;       /* never allocated (env, frame, scratch) */
    uint64_t call_clobbered_regs; /* destroyed by a helper call */
    const int8_t *alloc_order;    /* preferred allocation order */
    int nb_alloc_order;           /* entries in alloc_order */
    const int8_t *call_iarg_regs; /* argument i of a helper call */
    int nb_call_iarg_regs;        /* >= TCG_MAX_HELPER_ARGS */
    int8_t call_oarg_reg;         /* a helper's return value */
    int8_t env_reg;               /* holds env inside generated code */
    int8_t frame_reg;             /* base of the spill area */
    intptr_t frame_offset;        /* spill area: frame_reg + offset ... */
    intptr_t frame_size;          /* ... bytes (8 per spilled temp) */
    /* [NB_OPS]: per op, its lowering at each type */
    const TCGLowering (*lower)[TCG_TYPE_COUNT];

    /*
     * Parse backend constraint letter C into CT (add registers to ct->regs,
     * classes to ct->ct).  Returns false for an unknown letter.
     */
    bool (*parse_constraint)(char c, TCGArgConstraint *ct);
    /*
     * True if constant VAL of TYPE can be an immediate for constraint
     * classes CT (backend bits only; TCG_CT_CONST is handled by tcg.c).
     * May be NULL if the backend defines no constant classes.
     */
    bool (*const_match)(int64_t val, TCGType type, uint32_t ct);

    /*
     * Emit the entry/exit code at s->code_ptr (called once per buffer by
     * tcg_prologue_init).  Sets s->code_gen_prologue (may stay NULL)
     * and s->code_gen_epilogue (RX address that returns 0 from the TB;
     * goto_ptr to it leaves to the execution loop).
     */
    void (*emit_prologue)(TCGContext *s);
    /* Called before a TB's first op (may be NULL). */
    void (*tb_start)(TCGContext *s);

    /*
     * Register moves for the allocator.  RET != ARG; TYPE is a type the
     * backend has registers for (I32 or I64; a vector type is an
     * internal_error).
     */
    void (*emit_mov)(TCGContext *s, TCGType type, TCGReg ret, TCGReg arg);
    /* RET = VAL (an i32 value's high bits may be anything). */
    void (*emit_movi)(TCGContext *s, TCGType type, TCGReg ret, int64_t val);
    /* RET = *(TYPE *)(BASE + OFFSET): reloads of globals and spills. */
    void (*emit_ld)(TCGContext *s, TCGType type, TCGReg ret, TCGReg base,
                    intptr_t offset);
    /* *(TYPE *)(BASE + OFFSET) = ARG: syncs of globals and spills. */
    void (*emit_st)(TCGContext *s, TCGType type, TCGReg arg, TCGReg base,
                    intptr_t offset);
    /*
     * *(TYPE *)(BASE + OFFSET) = VAL if one store-immediate can do it;
     * returns false otherwise (the allocator then goes through a
     * register).  May be NULL.
     */
    bool (*emit_sti)(TCGContext *s, TCGType type, int64_t val, TCGReg base,
                     intptr_t offset);
    /*
     * Call FUNC (helper INFO) with its arguments already in
     * call_iarg_regs; the result lands in call_oarg_reg.  For an I32 return
     * the high bits may be garbage (tcg.c treats the value as i32).
     */
    void (*emit_call)(TCGContext *s, const void *func,
                      const TCGHelperInfo *info);

    /*
     * Resolve a branch site recorded with tcg_out_reloc: the site at CODE_RW
     * of kind TYPE now targets VALUE (a RW code address) + ADDEND.  Returns
     * false if the target is out of range for the site.
     */
    bool (*patch_reloc)(uint8_t *code_rw, int type, intptr_t value,
                        intptr_t addend);
    /*
     * Make the goto_tb jump site at SITE_RX/SITE_RW (TB code start +
     * tb_jmp_insn_offset[n]) jump to TARGET_RX.  Must be atomic with respect
     * to a concurrently executing vCPU.
     */
    void (*patch_goto_tb)(uintptr_t site_rx, uintptr_t site_rw,
                          uintptr_t target_rx);
    /*
     * After the TB's last op: emit out-of-line code (slow paths).  Returns
     * false if it could not fit below the high-water mark.
     */
    bool (*finish)(TCGContext *s);
    /* Run the TB at TB_RX (see tcg_exec_tb for the result). */
    uintptr_t (*exec)(TCGContext *s, void *env, const void *tb_rx);
    /* Print generated code for -d out_asm (may be NULL). */
    void (*dump_code)(FILE *f, const void *code_rx, size_t size);
};

/*
 * The backends, found by name with tcg_backend_by_name(): the x86-64 host
 * backend (tcg/x86_64; include/tcg/x86_64-backend.h has its
 * configuration) and TCI (tcg/tci).  tcg_backend_tci_min is TCI lowering
 * only the required ops, so tests run every tcg-op.c expansion of the
 * optional ones.
 */
extern const TCGBackend tcg_backend_x86_64;
extern const TCGBackend tcg_backend_tci;
extern const TCGBackend tcg_backend_tci_min;
/* TCI with two-address, immediate, '&' and clobber constraints (tests) */
extern const TCGBackend tcg_backend_tci_2addr;

/* -- Callbacks for backends ------------------------------------------------ */

/*
 * Record that the branch site at CODE_RW (kind TYPE, ADDEND) targets L.
 * Patches it now if L is already emitted, else when L is placed.
 */
void tcg_out_reloc(TCGContext *s, uint8_t *code_rw, int type, TCGLabel *l,
                   intptr_t addend);

/* Bytes emitted so far for the current TB. */
static inline size_t tcg_current_code_size(const TCGContext *s)
{
    return (size_t)(s->code_ptr - s->code_buf);
}

static inline void tcg_out8(TCGContext *s, uint8_t v)
{
    *s->code_ptr++ = v;
}

static inline void tcg_out16(TCGContext *s, uint16_t v)
{
    memcpy(s->code_ptr, &v, sizeof(v));
    s->code_ptr += sizeof(v);
}

static inline void tcg_out32(TCGContext *s, uint32_t v)
{
    memcpy(s->code_ptr, &v, sizeof(v));
    s->code_ptr += sizeof(v);
}

static inline void tcg_out64(TCGContext *s, uint64_t v)
{
    memcpy(s->code_ptr, &v, sizeof(v));
    s->code_ptr += sizeof(v);
}

static inline void tcg_patch32(uint8_t *code_rw, uint32_t v)
{
    memcpy(code_rw, &v, sizeof(v));
}

static inline void tcg_patch64(uint8_t *code_rw, uint64_t v)
{
    memcpy(code_rw, &v, sizeof(v));
}

#endif /* TCG_TCG_BACKEND_H */
