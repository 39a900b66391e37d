/*
 * TCG: the IR core.  Types, temps, ops, labels and the translation context.
 *
 * Data flow: a frontend builds one translation block's ops with tcg-op.h
 * (after tcg_func_start), then tcg_gen_code() runs the optimizer (optimize.c),
 * liveness and register allocation (tcg.c) and asks the backend
 * (tcg-backend.h) to emit host code or TCI bytecode into the code buffer.
 *
 * Threading: one TCGContext per translating thread; tcg_ctx points at the
 * calling thread's context.  Temp handles (TCGv_*) are offsets from the
 * context, so a global made in one context names the same global in every
 * context created by copying it.
 *
 * The host is 64-bit: TCG_TYPE_PTR is TCG_TYPE_I64 and a register holds 64
 * bits.  An i32 value in a register has unspecified high 32 bits.
 */
#ifndef TCG_TCG_H
#define TCG_TCG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tcg/tcg-mo.h"
#include "exec/tlb-common.h"
#include "tcg/tcg-region.h"

/* -- Limits ---------------------------------------------------------------- */

/* Most arguments any op has (a call: 1 output + 6 inputs + func + info). */
#define TCG_MAX_OP_ARGS 16
/*
 * Temps per context, globals and interned constants included.  A TB that
 * needs more makes tcg_gen_code return -2 (translate fewer instructions).
 */
#define TCG_MAX_TEMPS 2048
/* Host registers a backend may declare (register sets are uint64_t). */
#define TCG_MAX_REGS 64
/* Guest instructions per TB (bounds the insn_start records). */
#define TCG_MAX_INSNS 512
/* Data words per insn_start: guest pc, cc_op. */
#define TCG_INSN_START_WORDS 2
/* Integer arguments a helper may take; all passed in call_iarg_regs. */
#define TCG_MAX_HELPER_ARGS 6

/* -- Types, conditions, flags ---------------------------------------------- */

/*
 * Type of a value, and of an op (TCGOp.type).  The optimizer never changes
 * an op's type.  The vector types have no ops yet: a backend that is handed
 * one stops with an error naming it.
 */
typedef enum TCGType {
    TCG_TYPE_I32,
    TCG_TYPE_I64,
    TCG_TYPE_V64,  /* 64-bit vector */
    TCG_TYPE_V128, /* 128-bit vector */
    TCG_TYPE_V256, /* 256-bit vector */
    TCG_TYPE_COUNT,
    TCG_TYPE_PTR = TCG_TYPE_I64, /* host pointers (64-bit hosts only) */
    TCG_TYPE_REG = TCG_TYPE_I64, /* a full host register */
} TCGType;

/* Printed name of TYPE ("i32", "v128"). */
const char *tcg_type_name(TCGType type);

/* Sets of types (the types column of tcg-opc.def), one bit per TCGType. */
#define TCG_TYPES_I32  (1u << TCG_TYPE_I32)
#define TCG_TYPES_I64  (1u << TCG_TYPE_I64)
#define TCG_TYPES_INT  (TCG_TYPES_I32 | TCG_TYPES_I64)
#define TCG_TYPES_HOST (1u << TCG_TYPE_REG) /* host words, code addresses */

/*
 * Comparison conditions, defined once: enum suffix, printed name, and the
 * inverse and swapped-operand conditions (row order is the enum order).
 */
#define TCG_COND_LIST(X)                                                       \
    X(NEVER, "never", ALWAYS, NEVER)                                           \
    X(ALWAYS, "always", NEVER, ALWAYS)                                         \
    X(EQ, "eq", NE, EQ)                                                        \
    X(NE, "ne", EQ, NE)                                                        \
    X(LT, "lt", GE, GT)                                                        \
    X(GE, "ge", LT, LE)                                                        \
    X(LE, "le", GT, GE)                                                        \
    X(GT, "gt", LE, LT)                                                        \
    X(LTU, "ltu", GEU, GTU)                                                    \
    X(GEU, "geu", LTU, LEU)                                                    \
    X(LEU, "leu", GTU, GEU)                                                    \
    X(GTU, "gtu", LEU, LTU)

typedef enum TCGCond {
#define X(id, name, inv, swap) TCG_COND_##id,
    TCG_COND_LIST(X)
#undef X
        TCG_COND_COUNT
} TCGCond;

/* The condition that is true exactly when COND is false. */
TCGCond tcg_invert_cond(TCGCond cond);
/* The condition with the operands exchanged: a COND b == b SWAP(COND) a. */
TCGCond tcg_swap_cond(TCGCond cond);
/* Printed name of COND ("ltu"). */
const char *tcg_cond_name(TCGCond cond);
/* True for ltu/geu/leu/gtu. */
bool tcg_cond_is_unsigned(TCGCond cond);

/* Op flags (the last column of tcg-opc.def). */
enum {
    TCG_OPF_BB_EXIT = 0x0001, /* leaves the TB (exit_tb, goto_tb, goto_ptr) */
    TCG_OPF_BB_END = 0x0002,  /* ends a basic block */
    TCG_OPF_COND_BRANCH = 0x0004,  /* conditional: control may fall through */
    TCG_OPF_CALL = 0x0008,         /* a helper call (variable arity) */
    TCG_OPF_SIDE_EFFECTS = 0x0010, /* never removed even if outputs are dead */
    TCG_OPF_NOT_PRESENT = 0x0040,  /* handled by tcg.c; no backend lowering */
    TCG_OPF_OPTIONAL = 0x0080,     /* backend may lack it; tcg-op.c expands */
    TCG_OPF_COND = 0x0100,         /* cargs[0] is a TCGCond */
    TCG_OPF_LABEL = 0x0200,        /* the last carg is a TCGLabel * */
    TCG_OPF_MEMOP = 0x0400,        /* cargs[0] is a MemOpIdx */
    TCG_OPF_BSWAP = 0x0800,        /* cargs[0] is TCG_BSWAP_* flags */
    TCG_OPF_MAY_RAISE = 0x1000,    /* may raise a guest fault: globals synced */
    TCG_OPF_COMMUTATIVE = 0x2000,  /* inputs 0 and 1 may be exchanged */
};

/*
 * bswap flags (cargs[0] of bswap ops).  With neither OZ nor OS the output
 * bits above the swapped width are unspecified (each backend does what is
 * cheapest; tcg-alu.c zeroes them): a frontend that needs them asks for OZ
 * or OS.  IZ is a promise about the input that lets a backend skip work.
 */
enum {
    TCG_BSWAP_IZ = 1, /* input bits above the swapped width are zero */
    TCG_BSWAP_OZ = 2, /* output bits above the swapped width are zeroed */
    TCG_BSWAP_OS = 4, /* output is sign-extended from the swapped width */
};

/* The ops, from tcg-opc.def: one per operation, whatever its type. */
typedef enum TCGOpcode {
#define DEF(name, oargs, iargs, cargs, types, flags) INDEX_op_##name,
#include "tcg/tcg-opc.def"
#undef DEF
    NB_OPS
} TCGOpcode;

_Static_assert(NB_OPS <= 256, "TCGOp.opc is 8 bits");
_Static_assert(INDEX_op_mov == 0, "mov first: zeroed ops are movs");

/*
 * The static description of an op, one per tcg-opc.def row (16 bytes: the
 * passes index it for every op).
 */
typedef struct TCGOpDef {
    const char *name; /* the row's name ("add") */
    uint8_t nb_oargs; /* outputs */
    uint8_t nb_iargs; /* inputs */
    uint8_t nb_cargs; /* constants */
    uint8_t nb_args;  /* sum of the three */
    uint8_t types;    /* TCG_TYPES_*: the types the op exists at */
    uint16_t flags;   /* TCG_OPF_* */
} TCGOpDef;

extern const TCGOpDef tcg_op_defs[NB_OPS];
/* The printed name of each op at each type: "add_i64", or the row's name
   when the row has a single type ("ext32s_i64", "br"). */
extern const char *const tcg_op_type_names[NB_OPS][TCG_TYPE_COUNT];

/* True if OPC exists at TYPE. */
static inline bool tcg_op_has_type(TCGOpcode opc, TCGType type)
{
    return (tcg_op_defs[opc].types >> type) & 1;
}

/* Printed name of OPC at TYPE ("add_i32"). */
static inline const char *tcg_op_name(TCGOpcode opc, TCGType type)
{
    return tcg_op_type_names[opc][type];
}

/* -- Temps ----------------------------------------------------------------- */

/* A host register number, 0 .. backend->nb_regs - 1. */
typedef int TCGReg;
/* An op argument: a TCGTemp *, a constant, a TCGLabel *, or a pointer. */
typedef uintptr_t TCGArg;

/* Lifetime and kind of a temp. */
typedef enum TCGTempKind {
    TEMP_EBB,    /* dies at the end of the extended basic block (a label) */
    TEMP_TB,     /* lives for the whole TB, across labels */
    TEMP_GLOBAL, /* backed by a CPU-state field (mem_base + mem_offset) */
    TEMP_FIXED,  /* lives in a reserved host register (env) */
    TEMP_CONST,  /* an interned constant, read-only */
} TCGTempKind;

/* Where the value of a temp currently is (register allocator state). */
typedef enum TCGTempVal {
    TEMP_VAL_DEAD,  /* no value */
    TEMP_VAL_REG,   /* in host register `reg` */
    TEMP_VAL_MEM,   /* only in memory at mem_base + mem_offset */
    TEMP_VAL_CONST, /* known constant `val`, not materialized */
} TCGTempVal;

typedef struct TCGTemp {
    TCGReg reg;               /* host register when val_type == TEMP_VAL_REG */
    TCGTempVal val_type;      /* where the value is now */
    TCGType base_type;        /* type it was created with */
    TCGType type;             /* current type (== base_type on 64-bit hosts) */
    TCGTempKind kind;         /* lifetime, see TCGTempKind */
    bool mem_coherent;        /* memory copy equals the register copy */
    bool mem_allocated;       /* mem_base/mem_offset are valid */
    bool temp_allocated;      /* in use (not on a free list) */
    int64_t val;              /* constant value (TEMP_CONST, TEMP_VAL_CONST) */
    struct TCGTemp *mem_base; /* base pointer temp of the memory slot */
    intptr_t mem_offset;      /* byte offset of the memory slot from mem_base */
    const char *name;         /* globals: printed name (owned by the caller) */
    uintptr_t state;          /* liveness scratch: TS_DEAD | TS_MEM bits */
    void *state_ptr;          /* optimizer: per-temp info */
} TCGTemp;

/*
 * Typed handles: distinct pointer types so mixing widths does not compile.
 * The value is the byte offset of the TCGTemp from tcg_ctx (never 0).
 */
typedef struct TCGv_i32_d *TCGv_i32;
typedef struct TCGv_i64_d *TCGv_i64;
typedef struct TCGv_ptr_d *TCGv_ptr;

/* -- Ops and labels -------------------------------------------------------- */

typedef struct TCGLabel TCGLabel;
typedef struct TCGOp TCGOp;

/* A branch site waiting for its label's address (see tcg_out_reloc). */
typedef struct TCGRelocation {
    struct TCGRelocation *next;
    uint8_t *ptr;    /* RW address of the field to patch */
    int type;        /* backend-defined relocation kind */
    intptr_t addend; /* backend-defined addend */
} TCGRelocation;

struct TCGLabel {
    unsigned id;           /* printed as $L<id> */
    unsigned refs;         /* branches to it in the op list */
    bool has_value;        /* emitted: value_ptr is valid */
    bool present;          /* its set_label op exists */
    uint8_t *value_ptr;    /* RW code address once emitted */
    TCGRelocation *relocs; /* pending branch sites */
    TCGLabel *next;        /* all labels of the TB */
    bool reachable;        /* optimizer scratch: some path reaches it */
};

/*
 * Liveness results per op (TCGOp.life): argument n dies at this op
 * (its register may be reused), output n must be stored to memory after.
 */
typedef uint32_t TCGLifeData;
#define DEAD_ARG(n)            ((TCGLifeData)1 << (n))
#define SYNC_ARG(n)            ((TCGLifeData)1 << (TCG_MAX_OP_ARGS + (n)))
#define IS_DEAD_ARG(life, n)   (((life) >> (n)) & 1)
#define NEED_SYNC_ARG(life, n) (((life) >> (TCG_MAX_OP_ARGS + (n))) & 1)

struct TCGOp {
    TCGOp *prev, *next;   /* the TB's op list */
    uint8_t opc;          /* TCGOpcode */
    uint8_t type;         /* TCGType of the op's values (see tcg-opc.def) */
    uint8_t callo, calli; /* call only: number of outputs, inputs */
    TCGLifeData life;     /* liveness result, see DEAD_ARG/SYNC_ARG */
    TCGArg args[TCG_MAX_OP_ARGS];
};

/* Outputs, inputs, total argument count of OP (calls included). */
int tcg_op_nb_oargs(const TCGOp *op);
int tcg_op_nb_iargs(const TCGOp *op);
int tcg_op_nb_cargs(const TCGOp *op);

static inline TCGTemp *arg_temp(TCGArg a)
{
    return (TCGTemp *)a;
}

static inline TCGArg temp_arg(TCGTemp *ts)
{
    return (TCGArg)ts;
}

static inline TCGLabel *arg_label(TCGArg a)
{
    return (TCGLabel *)a;
}

static inline TCGArg label_arg(TCGLabel *l)
{
    return (TCGArg)l;
}

/* -- Helper calls ---------------------------------------------------------- */

/*
 * Under the TCI backend the interpreter, not the TB, calls helpers: it
 * sets tci_helper_retaddr to the bytecode address of the call for the
 * call's duration (0 otherwise), and GETPC() (exec/cpu-common.h) returns
 * that instead of the native return address.  Defined by tcg/tci.
 */
extern __thread uintptr_t tci_helper_retaddr;

/* Side-effect class of a helper (TCGHelperInfo.flags). */
enum {
    /*
     * Default: may read and write any global and may raise (longjmp out).
     * Globals are stored before the call and reloaded after it.
     */
    TCG_CALL_WRITES_GLOBALS = 0,
    /* Reads globals, never writes them, may raise: globals synced before. */
    TCG_CALL_READS_GLOBALS = 1,
    /*
     * A pure function of its arguments: touches no global, never raises.
     * Removed when its result is unused.
     */
    TCG_CALL_NO_SIDE_EFFECTS = 2,
};

/* Argument and return kinds in TCGHelperInfo.typemask (3 bits each). */
typedef enum TCGHelperType {
    TCG_HT_VOID = 0, /* return slot only */
    TCG_HT_I32 = 1,  /* uint32_t, from a TCGv_i32 */
    TCG_HT_S32 = 2,  /* int32_t, from a TCGv_i32 (sign-extended to 64) */
    TCG_HT_I64 = 3,  /* uint64_t / int64_t, from a TCGv_i64 */
    TCG_HT_PTR = 4,  /* a host pointer, from a TCGv_ptr */
} TCGHelperType;

/* Kind of slot N (0: return value, 1..: arguments) in TYPEMASK. */
#define TCG_HT_SLOT(typemask, n) (((typemask) >> (3 * (n))) & 7)

/*
 * A helper's descriptor.  Helpers take at most TCG_MAX_HELPER_ARGS integer
 * or pointer arguments and return void or one integer.  Declare one with
 * TCG_HELPER_INFO; pass it to tcg_gen_call*.
 */
typedef struct TCGHelperInfo {
    void *func;        /* the C function */
    const char *name;  /* printed by -d op */
    unsigned flags;    /* TCG_CALL_* */
    unsigned nb_args;  /* number of arguments */
    unsigned typemask; /* TCG_HT_* per slot; slot 0 is the return */
} TCGHelperInfo;

/*
 * TCG_HELPER_INFO(fn, flags, ret, arg kinds...) builds a TCGHelperInfo as a
 * constant initializer (at most TCG_MAX_HELPER_ARGS arguments):
 *   static const TCGHelperInfo info_add3 =
 *       TCG_HELPER_INFO(helper_add3, TCG_CALL_NO_SIDE_EFFECTS,
 *                       TCG_HT_I64, TCG_HT_I64, TCG_HT_I64, TCG_HT_I64);
 *   static const TCGHelperInfo info_halt =
 *       TCG_HELPER_INFO(helper_halt, 0, TCG_HT_VOID, TCG_HT_PTR);
 */
#define TCG_HELPER_INFO(fn, fl, ...)                                           \
    TCG_HELPER_INFO_(fn, fl, __VA_ARGS__, 0, 0, 0, 0, 0, 0, 0)
#define TCG_HELPER_INFO_(fn, fl, r, a1, a2, a3, a4, a5, a6, ...)               \
    {                                                                          \
        .func = (void *)(fn), .name = #fn, .flags = (fl),                      \
        .nb_args = ((a1) != 0) + ((a2) != 0) + ((a3) != 0) + ((a4) != 0)       \
                   + ((a5) != 0) + ((a6) != 0),                                \
        .typemask = (r) | (a1) << 3 | (a2) << 6 | (a3) << 9 | (a4) << 12       \
                    | (a5) << 15 | (a6) << 18,                                 \
    }

/* -- Guest memory helpers -------------------------------------------------- */

/*
 * The softmmu slow paths, called by generated code when the inline TLB
 * check fails (miss, flag bit in the tag, unaligned).  Supplied by
 * accel/tcg/cputlb.c (tests supply a test TLB).  ENV is the CPU state,
 * ADDR the guest virtual address, OI the access, RETADDR a host code address
 * inside the TB's code for this access (maps back to the guest insn).
 * Loads return the value zero-extended from its size; generated code
 * sign-extends.  They may raise a guest fault (longjmp, never return).
 */
typedef uint64_t (*TCGLoadHelper)(void *env, uint64_t addr, MemOpIdx oi,
                                  uintptr_t retaddr);
typedef void (*TCGStoreHelper)(void *env, uint64_t addr, uint64_t val,
                               MemOpIdx oi, uintptr_t retaddr);

typedef struct TCGMemHelpers {
    TCGLoadHelper ld[4];  /* indexed by MO_8 .. MO_64 */
    TCGStoreHelper st[4]; /* indexed by MO_8 .. MO_64 */
} TCGMemHelpers;

/* -- The translation context ----------------------------------------------- */

typedef struct TCGBackend TCGBackend;
typedef struct TCGArgConstraint TCGArgConstraint;
typedef struct TCGPoolChunk TCGPoolChunk;

typedef struct TCGContext {
    const TCGBackend *backend; /* code emitter chosen at tcg_context_init */

    /* Temps: globals first [0, nb_globals), then per-TB temps. */
    int nb_globals;
    int nb_temps;
    TCGTemp temps[TCG_MAX_TEMPS];
    TCGTemp *env_temp; /* the fixed "env" temp (backend->env_reg) */
    uint64_t free_temps[TCG_TYPE_COUNT][2][TCG_MAX_TEMPS / 64];
    /* free EBB/TB temps by type and kind */
    void *const_table[TCG_TYPE_COUNT]; /* GHashTable: value -> TEMP_CONST */

    /* The TB's op list and labels, allocated from the per-TB pool. */
    TCGOp *first_op, *last_op;
    int nb_ops;
    TCGOp *free_ops;  /* removed ops, reused */
    TCGLabel *labels; /* every label of the TB */
    unsigned nb_labels;
    TCGPoolChunk *pool_first, *pool_cur; /* bump allocator chunks */
    uint8_t *pool_ptr, *pool_end;

    /* Parsed backend constraints, [NB_OPS][TCG_TYPE_COUNT][TCG_MAX_OP_ARGS]. */
    TCGArgConstraint *op_cts;

    /* Register allocator state. */
    TCGTemp *reg_to_temp[TCG_MAX_REGS]; /* temp held by each register */
    uint64_t reserved_regs;             /* never allocated */
    intptr_t frame_start;               /* spill area: offset from frame_reg */
    intptr_t frame_end;
    intptr_t current_frame_offset;
    TCGTemp *frame_temp;        /* fixed temp for backend->frame_reg */
    intptr_t *free_frame_slots; /* slots of dead EBB temps, for reuse */
    int nb_free_frame_slots;

    /*
     * Code being emitted (RW addresses; RX = RW + tcg_splitwx_diff, see
     * tcg-region.h).  TCG_REGION_HIGHWATER bytes past code_gen_highwater
     * stay writable; tcg_gen_code checks the mark after every op.
     */
    void *code_gen_highwater;      /* a TB passing this must restart */
    const void *code_gen_prologue; /* RX entry (x86-64: enter a TB) */
    const void *code_gen_epilogue; /* RX address: return 0 from the TB */
    uint8_t *code_buf;             /* start of the TB being emitted (RW) */
    uint8_t *code_ptr;             /* current emission point (RW) */
    TCGOpcode emit_opc;            /* op being emitted, set before each
                                      TCGLowering.emit call (lets a backend
                                      share one emit function among ops) */

    /* Per-TB records for the execution engine. */
    int nb_insns;                             /* insn_start ops emitted */
    uint16_t gen_insn_end_off[TCG_MAX_INSNS]; /* code offset ending insn i */
    uint64_t gen_insn_data[TCG_MAX_INSNS][TCG_INSN_START_WORDS];
    uint16_t tb_jmp_insn_offset[2];  /* goto_tb n: patchable site offset */
    uint16_t tb_jmp_reset_offset[2]; /* goto_tb n: offset to reset it to */

    /* Softmmu: where generated code finds the TLB and its slow paths. */
    intptr_t tlb_fast_offset; /* env + this = CPUTLBDescFast[NB_MMU_MODES] */
    const TCGMemHelpers *mem_helpers;

    /*
     * The TB ran out of temps (the last slot then stands in for every new
     * one) or of spill slots: its IR is unusable and tcg_gen_code returns
     * -2 so the caller translates fewer instructions.
     */
    bool gen_overflow;

    /* Optimizer scratch, kept across TBs (optimize.c). */
    void *opt_infos;      /* per-temp knowledge, [TCG_MAX_TEMPS] */
    unsigned *opt_gen;    /* generation of each entry, [TCG_MAX_TEMPS] */
    unsigned opt_cur_gen; /* entries of older generations are unknown */
    unsigned *opt_ver;    /* writes seen per temp, [TCG_MAX_TEMPS] */

    /* Options. */
    bool optimize; /* run tcg_optimize (default true) */
} TCGContext;

/* The calling thread's context. */
extern __thread TCGContext *tcg_ctx;

static inline TCGTemp *tcgv_i32_temp(TCGv_i32 v)
{
    return (TCGTemp *)((uint8_t *)tcg_ctx + (uintptr_t)v);
}

static inline TCGTemp *tcgv_i64_temp(TCGv_i64 v)
{
    return (TCGTemp *)((uint8_t *)tcg_ctx + (uintptr_t)v);
}

static inline TCGTemp *tcgv_ptr_temp(TCGv_ptr v)
{
    return (TCGTemp *)((uint8_t *)tcg_ctx + (uintptr_t)v);
}

static inline TCGv_i32 temp_tcgv_i32(TCGTemp *ts)
{
    return (TCGv_i32)((uint8_t *)ts - (uint8_t *)tcg_ctx);
}

static inline TCGv_i64 temp_tcgv_i64(TCGTemp *ts)
{
    return (TCGv_i64)((uint8_t *)ts - (uint8_t *)tcg_ctx);
}

static inline TCGv_ptr temp_tcgv_ptr(TCGTemp *ts)
{
    return (TCGv_ptr)((uint8_t *)ts - (uint8_t *)tcg_ctx);
}

static inline size_t temp_idx(const TCGTemp *ts)
{
    return (size_t)(ts - tcg_ctx->temps);
}

/* -- Context life cycle ---------------------------------------------------- */

/*
 * Initialize S for BACKEND and make it the thread's tcg_ctx.  Checks that
 * BACKEND lowers every non-optional op and that its constraint strings parse
 * (internal_error naming the op otherwise).  Creates the "env" fixed temp.
 * S must be zeroed or fresh; free with tcg_context_destroy.
 */
void tcg_context_init(TCGContext *s, const TCGBackend *backend);

/* Release what S owns (pool, tables).  Not the code buffer. */
void tcg_context_destroy(TCGContext *s);

/*
 * Emit the backend's prologue/epilogue at CODE_RW (RW view of the code
 * buffer, e.g. tcg_region_ptr()) and set s->code_gen_prologue/epilogue.
 * Returns the RW address just past it (hand it to tcg_region_commit and
 * then call tcg_region_set_floor).  Called once per context and buffer.
 */
void *tcg_prologue_init(TCGContext *s, void *code_rw);

/* Backend by name ("tci", "x86_64"), NULL if unknown or not built. */
const TCGBackend *tcg_backend_by_name(const char *name);

/* The env temp as a pointer handle (the CPU state, in backend->env_reg). */
TCGv_ptr tcg_env(void);

/*
 * A global bound to the CPU-state field at BASE + OFFSET.  NAME (not copied)
 * prints in -d op.  Globals are created before the first TB.
 */
TCGv_i32 tcg_global_mem_new_i32(TCGv_ptr base, intptr_t offset,
                                const char *name);
TCGv_i64 tcg_global_mem_new_i64(TCGv_ptr base, intptr_t offset,
                                const char *name);
TCGv_ptr tcg_global_mem_new_ptr(TCGv_ptr base, intptr_t offset,
                                const char *name);

/* -- Per-TB temps and labels ----------------------------------------------- */

/* Start a new TB: drops all ops, labels and non-global temps. */
void tcg_func_start(TCGContext *s);

/* New temps.  EBB temps die at the next label; TB temps live to the end. */
TCGTemp *tcg_temp_new_internal(TCGType type, TCGTempKind kind);
TCGv_i32 tcg_temp_new_i32(void);
TCGv_i64 tcg_temp_new_i64(void);
TCGv_ptr tcg_temp_new_ptr(void);
TCGv_i32 tcg_temp_ebb_new_i32(void);
TCGv_i64 tcg_temp_ebb_new_i64(void);
TCGv_i32 tcg_temp_tb_new_i32(void);
TCGv_i64 tcg_temp_tb_new_i64(void);

/* Return a temp to the free list (optional; all die at tcg_func_start). */
void tcg_temp_free_internal(TCGTemp *ts);
void tcg_temp_free_i32(TCGv_i32 v);
void tcg_temp_free_i64(TCGv_i64 v);
void tcg_temp_free_ptr(TCGv_ptr v);

/* Interned constants: the same value gives the same read-only temp. */
TCGTemp *tcg_constant_internal(TCGType type, int64_t val);
TCGv_i32 tcg_constant_i32(int32_t val);
TCGv_i64 tcg_constant_i64(int64_t val);
TCGv_ptr tcg_constant_ptr(const void *p);

/* A new label of the current TB, placed by tcg_gen_set_label. */
TCGLabel *gen_new_label(void);

/* -- Op list --------------------------------------------------------------- */

/*
 * Append a new op OPC of TYPE with zeroed args; the caller fills args.
 * OPC must exist at TYPE (internal_error naming both otherwise).
 */
TCGOp *tcg_emit_op(TCGOpcode opc, TCGType type);
/* Insert a new op before/after OLD (optimizer and expansions). */
TCGOp *tcg_op_insert_before(TCGContext *s, TCGOp *old, TCGOpcode opc,
                            TCGType type);
TCGOp *tcg_op_insert_after(TCGContext *s, TCGOp *old, TCGOpcode opc,
                           TCGType type);
/* Unlink OP (label reference counts are updated). */
void tcg_op_remove(TCGContext *s, TCGOp *op);

#define tcg_for_each_op(s, op) for (op = (s)->first_op; op; op = op->next)
#define tcg_for_each_op_safe(s, op, nx)                                        \
    for (op = (s)->first_op; op && ((nx = op->next), 1); op = nx)

/* Allocate SIZE bytes freed at the next tcg_func_start. */
void *tcg_malloc(TCGContext *s, size_t size);

/*
 * Print the op list: one op per line, "add_i64 rax,rax,$0x1" (the op's
 * name at its type, tcg_op_name), globals by name, temps as tmp<N>,
 * constants as $0x.., conditions and MemOps by name.
 * With WITH_LIVENESS, dead/sync argument marks are appended.
 */
void tcg_dump_ops(TCGContext *s, FILE *f, bool with_liveness);

/* Print one op the same way (no newline); returns characters written. */
int tcg_dump_op(TCGContext *s, FILE *f, const TCGOp *op, bool with_liveness);

/* -- Passes and code generation -------------------------------------------- */

/* The optimizer (optimize.c). */
void tcg_optimize(TCGContext *s);

/* Liveness: removes dead ops, fills TCGOp.life (tcg.c). */
void tcg_liveness_analysis(TCGContext *s);

/*
 * Generate code for the current op list at CODE_RW (RW view, e.g.
 * tcg_region_ptr()); HIGHWATER_RW is the mark it must not pass (e.g.
 * tcg_region_high_water(); TCG_REGION_HIGHWATER bytes after it must be
 * writable).  Runs -d op, the optimizer
 * (if s->optimize), liveness, -d op_opt, register allocation and emission,
 * -d out_asm.  Returns the code size in bytes, -1 if emission passed
 * code_gen_highwater (flush the buffer and translate again), -2 if the TB
 * is too large: its code for the 16-bit offsets, or its temps or spills
 * for TCG_MAX_TEMPS or the backend's frame (translate fewer instructions).
 * Fills gen_insn_end_off/gen_insn_data and tb_jmp_*_offset.
 */
int tcg_gen_code(TCGContext *s, void *code_rw, void *highwater_rw);

/*
 * Run the TB whose code starts at TB_RX with CPU state ENV.  Returns the
 * value of the exit_tb that ended it: (uintptr_t)tb | n where n in 0..3 is
 * the exit index (goto_tb slot 0/1, or TB_EXIT_REQUESTED), or 0 when a
 * goto_ptr reached the epilogue (no next TB known).
 */
uintptr_t tcg_exec_tb(TCGContext *s, void *env, const void *tb_rx);

/* Exit indexes in the low bits of tcg_exec_tb's result. */
#define TB_EXIT_MASK      3
#define TB_EXIT_IDX0      0
#define TB_EXIT_IDX1      1
#define TB_EXIT_REQUESTED 3

/*
 * Point goto_tb jump slot N of the TB at TB_RX (with its code generated
 * with tb_jmp_insn_offset OFFSET) to TARGET_RX.
 */
void tcg_patch_goto_tb(TCGContext *s, const void *tb_rx, uint16_t insn_offset,
                       const void *target_rx);

/* -- Hooks supplied by later layers ---------------------------------------- */

/*
 * The jump-cache probe behind tcg_gen_lookup_and_goto_ptr: returns the RX
 * code address of the TB to run next for ENV, or tcg_ctx->code_gen_epilogue
 * to return to the execution loop.  Default: always the epilogue.
 */
typedef const void *(*TCGLookupTbPtrFn)(void *env);
void tcg_set_lookup_tb_ptr(TCGLookupTbPtrFn fn);

#endif /* TCG_TCG_H */
