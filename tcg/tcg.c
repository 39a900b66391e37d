/*
 * The TCG IR core: op and condition tables, the translation context, temps,
 * the op list, labels and the per-TB pool, and the code generation driver.
 *
 * Liveness lives in liveness.c, register allocation and emission in
 * regalloc.c, printing in tcg-print.c; this file ties them together in
 * tcg_gen_code.  Invariants: globals occupy temps[0, nb_globals) and are
 * never freed; every other temp, op and label belongs to the current TB and
 * is dropped by tcg_func_start.
 */
#include <glib.h>
#include <string.h>

#include "tcg/tcg-op.h"
#include "tcg/tcg-backend.h"
#include "tcg-internal.h"
#include "util/error.h"
#include "util/log.h"

__thread TCGContext *tcg_ctx;

/* -- Static tables --------------------------------------------------------- */

const TCGOpDef tcg_op_defs[NB_OPS] = {
#define DEF(nm, oargs, iargs, cargs, ty, fl)                                   \
    [INDEX_op_##nm] = {.name = #nm,                                            \
                       .nb_oargs = oargs,                                      \
                       .nb_iargs = iargs,                                      \
                       .nb_cargs = cargs,                                      \
                       .nb_args = oargs + iargs + cargs,                       \
                       .types = ty,                                            \
                       .flags = fl},
#include "tcg/tcg-opc.def"
#undef DEF
};

_Static_assert(sizeof(TCGOpDef) == 16, "TCGOpDef stays small");

/* The printed name of row NM at type suffix SFX: suffixed when the row
   has several TYPES. */
#define TYPE_NAME(nm, types, sfx) (((types) & ((types)-1)) ? #nm "_" sfx : #nm)

const char *const tcg_op_type_names[NB_OPS][TCG_TYPE_COUNT] = {
#define DEF(nm, oargs, iargs, cargs, ty, fl)                                   \
    [INDEX_op_##nm] = {TYPE_NAME(nm, ty, "i32"), TYPE_NAME(nm, ty, "i64"),     \
                       TYPE_NAME(nm, ty, "v64"), TYPE_NAME(nm, ty, "v128"),    \
                       TYPE_NAME(nm, ty, "v256")},
#include "tcg/tcg-opc.def"
#undef DEF
};

static const char *const type_names[TCG_TYPE_COUNT] = {
    [TCG_TYPE_I32] = "i32",   [TCG_TYPE_I64] = "i64",   [TCG_TYPE_V64] = "v64",
    [TCG_TYPE_V128] = "v128", [TCG_TYPE_V256] = "v256",
};

_Static_assert(TCG_TYPE_COUNT == 5 && TCG_TYPE_I32 == 0 && TCG_TYPE_I64 == 1
                   && TCG_TYPE_V256 == 4,
               "TYPE_NAME above lists the types in enum order");

const char *tcg_type_name(TCGType type)
{
    return type < TCG_TYPE_COUNT ? type_names[type] : "?";
}

typedef struct TCGCondDef {
    const char *name;
    TCGCond inverse;
    TCGCond swapped;
} TCGCondDef;

static const TCGCondDef cond_defs[TCG_COND_COUNT] = {
#define X(id, nm, inv, swap)                                                   \
    [TCG_COND_##id] = {                                                        \
        .name = nm, .inverse = TCG_COND_##inv, .swapped = TCG_COND_##swap},
    TCG_COND_LIST(X)
#undef X
};

TCGCond tcg_invert_cond(TCGCond cond)
{
    return cond_defs[cond].inverse;
}

TCGCond tcg_swap_cond(TCGCond cond)
{
    return cond_defs[cond].swapped;
}

const char *tcg_cond_name(TCGCond cond)
{
    return cond < TCG_COND_COUNT ? cond_defs[cond].name : "?";
}

bool tcg_cond_is_unsigned(TCGCond cond)
{
    return cond >= TCG_COND_LTU;
}

int tcg_op_nb_oargs(const TCGOp *op)
{
    return op->opc == INDEX_op_call ? op->callo : tcg_op_defs[op->opc].nb_oargs;
}

int tcg_op_nb_iargs(const TCGOp *op)
{
    return op->opc == INDEX_op_call ? op->calli : tcg_op_defs[op->opc].nb_iargs;
}

int tcg_op_nb_cargs(const TCGOp *op)
{
    return tcg_op_defs[op->opc].nb_cargs;
}

/* -- Backend selection and checks ------------------------------------------ */

const TCGBackend *tcg_backend_by_name(const char *name)
{
    if (strcmp(name, "tci") == 0) {
        return &tcg_backend_tci;
    }
    if (strcmp(name, "tci-min") == 0) {
        return &tcg_backend_tci_min;
    }
    if (strcmp(name, "tci-2addr") == 0) {
        return &tcg_backend_tci_2addr;
    }
    if (strcmp(name, "x86_64") == 0) {
        return &tcg_backend_x86_64;
    }
    return NULL;
}

/*
 * At every type of every row: an op the backend must lower has a lowering,
 * core ops have none, and nothing is lowered at a type the row lacks.
 */
static void tcg_backend_check_ops(const TCGBackend *b)
{
    for (int opc = 0; opc < NB_OPS; opc++) {
        const TCGOpDef *def = &tcg_op_defs[opc];

        for (int t = 0; t < TCG_TYPE_COUNT; t++) {
            const char *name = tcg_op_name(opc, t);
            bool has = b->lower[opc][t].emit != NULL;

            if (!tcg_op_has_type(opc, t)) {
                if (has) {
                    internal_error("backend %s lowers %s at %s, a type it "
                                   "does not exist at",
                                   b->name, def->name, tcg_type_name(t));
                }
            } else if ((def->flags & TCG_OPF_NOT_PRESENT) && has) {
                internal_error("backend %s lowers core op %s", b->name, name);
            } else if (!(def->flags & (TCG_OPF_NOT_PRESENT | TCG_OPF_OPTIONAL))
                       && !has) {
                internal_error("backend %s lacks required op %s", b->name,
                               name);
            }
        }
    }
}

/* The callbacks the allocator cannot do without are present. */
static void tcg_backend_check(const TCGBackend *b)
{
    if (!b->emit_mov || !b->emit_movi || !b->emit_ld || !b->emit_st
        || !b->emit_call || !b->emit_prologue || !b->patch_reloc
        || !b->patch_goto_tb || !b->finish || !b->exec
        || !b->parse_constraint) {
        internal_error("backend %s lacks a required callback", b->name);
    }
    if (b->nb_regs > TCG_MAX_REGS
        || b->nb_call_iarg_regs < TCG_MAX_HELPER_ARGS) {
        internal_error("backend %s: bad register counts", b->name);
    }
    tcg_backend_check_ops(b);
}

/*
 * Per-TB pool chunks are linked in a list reused by every TB; allocations never
 * straddle chunks.  A request larger than a chunk gets a chunk of its own size.
 */
struct TCGPoolChunk {
    TCGPoolChunk *next;
    size_t size;
    uint8_t data[];
};

/* -- Context --------------------------------------------------------------- */

/* A fixed temp living in register REG. */
static TCGTemp *tcg_global_reg_new(TCGContext *s, TCGType type, TCGReg reg,
                                   const char *name)
{
    TCGTemp *ts = &s->temps[s->nb_temps++];

    memset(ts, 0, sizeof(*ts));
    ts->base_type = ts->type = type;
    ts->kind = TEMP_FIXED;
    ts->reg = reg;
    ts->val_type = TEMP_VAL_REG;
    ts->temp_allocated = true;
    ts->name = name;
    s->nb_globals = s->nb_temps;
    return ts;
}

void tcg_context_init(TCGContext *s, const TCGBackend *backend)
{
    memset(s, 0, sizeof(*s));
    tcg_backend_check(backend);
    s->backend = backend;
    s->optimize = true;
    tcg_ctx = s;

    tcg_parse_constraints(s);
    s->reserved_regs = backend->reserved_regs | (1ull << backend->env_reg)
                       | (1ull << backend->frame_reg);
    s->frame_start = backend->frame_offset;
    s->frame_end = backend->frame_offset + backend->frame_size;
    s->free_frame_slots = g_new(intptr_t, backend->frame_size / 8 + 1);

    /* Handles are offsets from s; temps[] is not at offset 0, so no
       handle is NULL. */
    s->env_temp = tcg_global_reg_new(s, TCG_TYPE_PTR, backend->env_reg, "env");
    s->frame_temp =
        tcg_global_reg_new(s, TCG_TYPE_PTR, backend->frame_reg, "_frame");
    for (int t = 0; t < TCG_TYPE_COUNT; t++) {
        s->const_table[t] = g_hash_table_new(g_int64_hash, g_int64_equal);
    }
    tcg_func_start(s);
}

void tcg_context_destroy(TCGContext *s)
{
    TCGPoolChunk *c, *next;

    for (int t = 0; t < TCG_TYPE_COUNT; t++) {
        g_hash_table_destroy(s->const_table[t]);
    }
    for (c = s->pool_first; c; c = next) {
        next = c->next;
        g_free(c);
    }
    g_free(s->op_cts);
    g_free(s->opt_infos);
    g_free(s->free_frame_slots);
    g_free(s->opt_gen);
    g_free(s->opt_ver);
    if (tcg_ctx == s) {
        tcg_ctx = NULL;
    }
}

void *tcg_prologue_init(TCGContext *s, void *code_rw)
{
    s->code_buf = s->code_ptr = code_rw;
    s->code_gen_prologue = NULL;
    s->code_gen_epilogue = NULL;
    s->backend->emit_prologue(s);
    if (!s->code_gen_epilogue) {
        internal_error("backend %s set no epilogue", s->backend->name);
    }
    return s->code_ptr;
}

TCGv_ptr tcg_env(void)
{
    return temp_tcgv_ptr(tcg_ctx->env_temp);
}

/* -- Per-TB pool ----------------------------------------------------------- */

#define TCG_POOL_CHUNK 32768

void *tcg_malloc(TCGContext *s, size_t size)
{
    TCGPoolChunk *c;
    void *p;

    size = (size + 15) & ~(size_t)15;
    if (s->pool_ptr && s->pool_ptr + size <= s->pool_end) {
        p = s->pool_ptr;
        s->pool_ptr += size;
        return p;
    }
    c = s->pool_cur ? s->pool_cur->next : s->pool_first;
    if (!c || c->size < size) {
        size_t csize = MAX(size, (size_t)TCG_POOL_CHUNK);
        TCGPoolChunk *n = g_malloc(sizeof(*n) + csize);

        n->size = csize;
        n->next = c;
        if (s->pool_cur) {
            s->pool_cur->next = n;
        } else {
            s->pool_first = n;
        }
        c = n;
    }
    s->pool_cur = c;
    s->pool_ptr = c->data + size;
    s->pool_end = c->data + c->size;
    return c->data;
}

static void tcg_pool_reset(TCGContext *s)
{
    s->pool_cur = NULL;
    s->pool_ptr = s->pool_end = NULL;
}

void tcg_func_start(TCGContext *s)
{
    tcg_ctx = s;
    tcg_pool_reset(s);
    s->nb_temps = s->nb_globals;
    memset(s->free_temps, 0, sizeof(s->free_temps));
    for (int t = 0; t < TCG_TYPE_COUNT; t++) {
        g_hash_table_remove_all(s->const_table[t]);
    }
    s->first_op = s->last_op = NULL;
    s->free_ops = NULL;
    s->nb_ops = 0;
    s->labels = NULL;
    s->nb_labels = 0;
    s->nb_insns = 0;
    s->gen_overflow = false;
}

/* -- Temps ----------------------------------------------------------------- */

/*
 * A fresh temp.  The last slot is never handed out normally: once the
 * others are used it stands in for every new temp and the TB is marked
 * overflowed (tcg_gen_code returns -2), so building ops never fails.
 */
static TCGTemp *tcg_temp_alloc(TCGContext *s)
{
    TCGTemp *ts;

    if (s->nb_temps >= TCG_MAX_TEMPS - 1) {
        if (s->nb_globals >= TCG_MAX_TEMPS - 1) {
            internal_error("more than %d globals", TCG_MAX_TEMPS - 1);
        }
        s->gen_overflow = true;
        ts = &s->temps[TCG_MAX_TEMPS - 1];
    } else {
        ts = &s->temps[s->nb_temps++];
    }
    memset(ts, 0, sizeof(*ts));
    return ts;
}

static TCGTemp *tcg_global_mem_new_internal(TCGType type, TCGv_ptr base,
                                            intptr_t offset, const char *name)
{
    TCGContext *s = tcg_ctx;
    TCGTemp *ts;

    if (s->nb_temps != s->nb_globals) {
        internal_error("global %s created after TB temps", name);
    }
    ts = tcg_temp_alloc(s);
    ts->base_type = ts->type = type;
    ts->kind = TEMP_GLOBAL;
    ts->mem_base = tcgv_ptr_temp(base);
    ts->mem_offset = offset;
    ts->mem_allocated = true;
    ts->temp_allocated = true;
    ts->name = name;
    s->nb_globals = s->nb_temps;
    return ts;
}

TCGv_i32 tcg_global_mem_new_i32(TCGv_ptr base, intptr_t offset,
                                const char *name)
{
    return temp_tcgv_i32(
        tcg_global_mem_new_internal(TCG_TYPE_I32, base, offset, name));
}

TCGv_i64 tcg_global_mem_new_i64(TCGv_ptr base, intptr_t offset,
                                const char *name)
{
    return temp_tcgv_i64(
        tcg_global_mem_new_internal(TCG_TYPE_I64, base, offset, name));
}

TCGv_ptr tcg_global_mem_new_ptr(TCGv_ptr base, intptr_t offset,
                                const char *name)
{
    return temp_tcgv_ptr(
        tcg_global_mem_new_internal(TCG_TYPE_PTR, base, offset, name));
}

TCGTemp *tcg_temp_new_internal(TCGType type, TCGTempKind kind)
{
    TCGContext *s = tcg_ctx;
    uint64_t *free = s->free_temps[type][kind == TEMP_TB];
    TCGTemp *ts;

    for (int w = 0; w < TCG_MAX_TEMPS / 64; w++) {
        if (free[w]) {
            int bit = __builtin_ctzll(free[w]);

            free[w] &= free[w] - 1;
            ts = &s->temps[w * 64 + bit];
            ts->temp_allocated = true;
            return ts;
        }
    }
    ts = tcg_temp_alloc(s);
    ts->base_type = ts->type = type;
    ts->kind = kind;
    ts->temp_allocated = true;
    return ts;
}

void tcg_temp_free_internal(TCGTemp *ts)
{
    TCGContext *s = tcg_ctx;
    size_t idx = temp_idx(ts);

    if ((ts->kind != TEMP_EBB && ts->kind != TEMP_TB)
        || idx == TCG_MAX_TEMPS - 1) {
        return;
    }
    if (!ts->temp_allocated) {
        internal_error("temp %zu freed twice", idx);
    }
    ts->temp_allocated = false;
    s->free_temps[ts->base_type][ts->kind == TEMP_TB][idx / 64] |=
        1ull << (idx % 64);
}

TCGv_i32 tcg_temp_new_i32(void)
{
    return temp_tcgv_i32(tcg_temp_new_internal(TCG_TYPE_I32, TEMP_TB));
}

TCGv_i64 tcg_temp_new_i64(void)
{
    return temp_tcgv_i64(tcg_temp_new_internal(TCG_TYPE_I64, TEMP_TB));
}

TCGv_ptr tcg_temp_new_ptr(void)
{
    return temp_tcgv_ptr(tcg_temp_new_internal(TCG_TYPE_PTR, TEMP_TB));
}

TCGv_i32 tcg_temp_ebb_new_i32(void)
{
    return temp_tcgv_i32(tcg_temp_new_internal(TCG_TYPE_I32, TEMP_EBB));
}

TCGv_i64 tcg_temp_ebb_new_i64(void)
{
    return temp_tcgv_i64(tcg_temp_new_internal(TCG_TYPE_I64, TEMP_EBB));
}

TCGv_i32 tcg_temp_tb_new_i32(void)
{
    return temp_tcgv_i32(tcg_temp_new_internal(TCG_TYPE_I32, TEMP_TB));
}

TCGv_i64 tcg_temp_tb_new_i64(void)
{
    return temp_tcgv_i64(tcg_temp_new_internal(TCG_TYPE_I64, TEMP_TB));
}

void tcg_temp_free_i32(TCGv_i32 v)
{
    tcg_temp_free_internal(tcgv_i32_temp(v));
}

void tcg_temp_free_i64(TCGv_i64 v)
{
    tcg_temp_free_internal(tcgv_i64_temp(v));
}

void tcg_temp_free_ptr(TCGv_ptr v)
{
    tcg_temp_free_internal(tcgv_ptr_temp(v));
}

TCGTemp *tcg_constant_internal(TCGType type, int64_t val)
{
    TCGContext *s = tcg_ctx;
    GHashTable *h = s->const_table[type];
    TCGTemp *ts;

    if (type == TCG_TYPE_I32) {
        val = (int32_t)val;
    }
    ts = g_hash_table_lookup(h, &val);
    if (ts) {
        return ts;
    }
    ts = tcg_temp_alloc(s);
    ts->base_type = ts->type = type;
    ts->kind = TEMP_CONST;
    ts->temp_allocated = true;
    ts->val = val;
    ts->val_type = TEMP_VAL_CONST;
    if (!s->gen_overflow) {
        g_hash_table_insert(h, &ts->val, ts);
    }
    return ts;
}

TCGv_i32 tcg_constant_i32(int32_t val)
{
    return temp_tcgv_i32(tcg_constant_internal(TCG_TYPE_I32, val));
}

TCGv_i64 tcg_constant_i64(int64_t val)
{
    return temp_tcgv_i64(tcg_constant_internal(TCG_TYPE_I64, val));
}

TCGv_ptr tcg_constant_ptr(const void *p)
{
    return temp_tcgv_ptr(
        tcg_constant_internal(TCG_TYPE_PTR, (int64_t)(uintptr_t)p));
}

/* -- Ops and labels -------------------------------------------------------- */

TCGLabel *gen_new_label(void)
{
    TCGContext *s = tcg_ctx;
    TCGLabel *l = tcg_malloc(s, sizeof(*l));

    memset(l, 0, sizeof(*l));
    l->id = s->nb_labels++;
    l->next = s->labels;
    s->labels = l;
    return l;
}

static TCGOp *tcg_op_alloc(TCGContext *s, TCGOpcode opc, TCGType type)
{
    TCGOp *op = s->free_ops;

    if (!tcg_op_has_type(opc, type)) {
        internal_error("op %s at type %s: the op has no such form",
                       tcg_op_defs[opc].name, tcg_type_name(type));
    }
    if (op) {
        s->free_ops = op->next;
    } else {
        op = tcg_malloc(s, sizeof(*op));
    }
    memset(op, 0, sizeof(*op));
    op->opc = opc;
    op->type = type;
    s->nb_ops++;
    return op;
}

TCGOp *tcg_emit_op(TCGOpcode opc, TCGType type)
{
    TCGContext *s = tcg_ctx;
    TCGOp *op = tcg_op_alloc(s, opc, type);

    op->prev = s->last_op;
    if (s->last_op) {
        s->last_op->next = op;
    } else {
        s->first_op = op;
    }
    s->last_op = op;
    return op;
}

TCGOp *tcg_op_insert_before(TCGContext *s, TCGOp *old, TCGOpcode opc,
                            TCGType type)
{
    TCGOp *op = tcg_op_alloc(s, opc, type);

    op->next = old;
    op->prev = old->prev;
    if (old->prev) {
        old->prev->next = op;
    } else {
        s->first_op = op;
    }
    old->prev = op;
    return op;
}

TCGOp *tcg_op_insert_after(TCGContext *s, TCGOp *old, TCGOpcode opc,
                           TCGType type)
{
    TCGOp *op = tcg_op_alloc(s, opc, type);

    op->prev = old;
    op->next = old->next;
    if (old->next) {
        old->next->prev = op;
    } else {
        s->last_op = op;
    }
    old->next = op;
    return op;
}

void tcg_op_remove(TCGContext *s, TCGOp *op)
{
    const TCGOpDef *def = &tcg_op_defs[op->opc];

    if ((def->flags & TCG_OPF_LABEL) && op->opc != INDEX_op_set_label) {
        arg_label(op->args[def->nb_args - 1])->refs--;
    }
    if (op->opc == INDEX_op_set_label) {
        arg_label(op->args[0])->present = false;
    }
    if (op->prev) {
        op->prev->next = op->next;
    } else {
        s->first_op = op->next;
    }
    if (op->next) {
        op->next->prev = op->prev;
    } else {
        s->last_op = op->prev;
    }
    op->next = s->free_ops;
    s->free_ops = op;
    s->nb_ops--;
}

/* -- Code generation ------------------------------------------------------- */

/* Print the op list under -d ITEM with a HEADER line. */
static void tcg_log_ops(TCGContext *s, LogItem item, const char *header,
                        bool with_liveness)
{
    FILE *f;

    if (!log_enabled(item)) {
        return;
    }
    f = log_lock();
    fprintf(f, "%s:\n", header);
    tcg_dump_ops(s, f, with_liveness);
    fprintf(f, "\n");
    log_unlock(f);
}

/* Print the emitted code under -d out_asm. */
static void tcg_log_code(TCGContext *s, size_t size)
{
    FILE *f;

    if (!log_enabled(LOG_OUT_ASM) || !s->backend->dump_code) {
        return;
    }
    f = log_lock();
    fprintf(f, "OUT: [size=%zu]\n", size);
    s->backend->dump_code(f, tcg_splitwx_to_rx(s->code_buf), size);
    fprintf(f, "\n");
    log_unlock(f);
}

int tcg_gen_code(TCGContext *s, void *code_rw, void *highwater_rw)
{
    int size;

    if (s != tcg_ctx) {
        internal_error("tcg_gen_code on a context not current in this thread");
    }
    if (s->gen_overflow) {
        return -2;
    }
    tcg_log_ops(s, LOG_OP, "OP", false);
    if (s->optimize) {
        tcg_optimize(s);
    }
    tcg_liveness_analysis(s);
    tcg_log_ops(s, LOG_OP_OPT, "OP after optimization and liveness", true);

    s->code_buf = s->code_ptr = code_rw;
    s->code_gen_highwater = highwater_rw;
    size = tcg_reg_alloc_code(s);
    if (size >= 0) {
        tcg_log_code(s, (size_t)size);
    }
    return size;
}

uintptr_t tcg_exec_tb(TCGContext *s, void *env, const void *tb_rx)
{
    return s->backend->exec(s, env, tb_rx);
}

void tcg_patch_goto_tb(TCGContext *s, const void *tb_rx, uint16_t insn_offset,
                       const void *target_rx)
{
    uintptr_t site_rx = (uintptr_t)tb_rx + insn_offset;

    s->backend->patch_goto_tb(site_rx, site_rx - tcg_splitwx_diff,
                              (uintptr_t)target_rx);
}

/* -- The TB lookup hook ---------------------------------------------------- */

/* Default jump-cache probe: nothing is cached, return to the loop. */
static const void *tcg_lookup_tb_ptr_default(void *env)
{
    return tcg_ctx->code_gen_epilogue;
}

TCGHelperInfo tcg_lookup_tb_ptr_info = TCG_HELPER_INFO(
    tcg_lookup_tb_ptr_default, TCG_CALL_READS_GLOBALS, TCG_HT_PTR, TCG_HT_PTR);

void tcg_set_lookup_tb_ptr(TCGLookupTbPtrFn fn)
{
    tcg_lookup_tb_ptr_info.func = (void *)fn;
    tcg_lookup_tb_ptr_info.name = "lookup_tb_ptr";
}
