/*
 * The TCI interpreter: runs bytecode from tci.c until an exit_tb.
 *
 * Registers are 64-bit; an i32 result is stored zero-extended.  Control
 * ops, host and guest memory and calls are handled here; every other op
 * is computed by tcg_alu_eval (tcg-alu.c), with the most frequent ones
 * inlined first.  Guest memory follows exec/tlb-common.h exactly: the same
 * tag compare as the x86-64 fast path, the same slow-path helpers with
 * retaddr = address of the qemu_ld/st instruction + 1.
 */
#include <glib.h>
#include <string.h>

#include "exec/tlb-common.h"
#include "tci-internal.h"
#include "tcg/tcg-alu.h"
#include "util/error.h"

__thread uintptr_t tci_helper_retaddr;

/* Six-argument integer helpers, as the call sites pass them. */
typedef uint64_t (*TCIHelper)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t,
                              uint64_t);

/* The state of one TB run. */
typedef struct TCIState {
    uint64_t regs[TCI_NB_REGS];
    void *env;
    const TCGContext *s;
} TCIState;

static uint64_t word(const uint8_t *p, int n)
{
    uint64_t w;

    memcpy(&w, p + TCI_HDR + TCI_WORD * n, sizeof(w));
    return w;
}

size_t tci_insn_size(const uint8_t *p)
{
    return (size_t)p[TCI_HDR - 1] * TCI_WORD;
}

/* -- Host memory ----------------------------------------------------------- */

/* Access size in bytes (0: the op's type), sign extension, direction of a
   host ld/st op. */
typedef struct TCIHostAccess {
    uint8_t size;
    bool sign;
    bool store;
} TCIHostAccess;

static const TCIHostAccess tci_host_access[] = {
    [INDEX_op_ld8u - INDEX_op_ld8u] = {1, false, false},
    [INDEX_op_ld8s - INDEX_op_ld8u] = {1, true, false},
    [INDEX_op_ld16u - INDEX_op_ld8u] = {2, false, false},
    [INDEX_op_ld16s - INDEX_op_ld8u] = {2, true, false},
    [INDEX_op_ld32u_i64 - INDEX_op_ld8u] = {4, false, false},
    [INDEX_op_ld32s_i64 - INDEX_op_ld8u] = {4, true, false},
    [INDEX_op_ld - INDEX_op_ld8u] = {0, false, false},
    [INDEX_op_st8 - INDEX_op_ld8u] = {1, false, true},
    [INDEX_op_st16 - INDEX_op_ld8u] = {2, false, true},
    [INDEX_op_st32_i64 - INDEX_op_ld8u] = {4, false, true},
    [INDEX_op_st - INDEX_op_ld8u] = {0, false, true},
};

_Static_assert(G_N_ELEMENTS(tci_host_access) == INDEX_op_st - INDEX_op_ld8u + 1,
               "host loads and stores are contiguous in tcg-opc.def");

/*
 * Host loads and stores at base + offset (any alignment: the offset of a
 * CPU-state field need not be aligned); false if OPC is not one of them.
 */
static bool tci_host_ldst(TCGOpcode opc, TCGType type, uint64_t *r,
                          const uint8_t *p)
{
    const TCIHostAccess *acc;
    unsigned size;
    uint8_t *a;
    uint64_t v = 0;

    if (opc < INDEX_op_ld8u || opc > INDEX_op_st) {
        return false;
    }
    acc = &tci_host_access[opc - INDEX_op_ld8u];
    size = acc->size ? acc->size : type == TCG_TYPE_I64 ? 8 : 4;
    a = (uint8_t *)(uintptr_t)(r[p[2]] + word(p, 0));
    if (acc->store) {
        memcpy(a, &r[p[1]], size);
        return true;
    }
    memcpy(&v, a, size);
    if (acc->sign) {
        v = (uint64_t)((int64_t)(v << (64 - 8 * size)) >> (64 - 8 * size));
    }
    r[p[1]] = type == TCG_TYPE_I64 ? v : (uint32_t)v;
    return true;
}

/* -- Guest memory ---------------------------------------------------------- */

/* The TLB fast path: host address of the access, or NULL for slow. */
static void *tci_tlb_lookup(TCIState *st, uint64_t addr, MemOpIdx oi,
                            bool store)
{
    const CPUTLBDescFast *f =
        (const CPUTLBDescFast *)((uint8_t *)st->env + st->s->tlb_fast_offset)
        + get_mmuidx(oi);
    uintptr_t ofs = (addr >> (TARGET_PAGE_BITS - CPU_TLB_ENTRY_BITS)) & f->mask;
    const CPUTLBEntry *e = (const CPUTLBEntry *)((uint8_t *)f->table + ofs);
    uint64_t size = memop_size(get_memop(oi));
    uint64_t tag = addr & (TARGET_PAGE_MASK | (size - 1));

    if (tag != (store ? e->addr_write : e->addr_read)) {
        return NULL;
    }
    return (void *)(uintptr_t)(addr + e->addend);
}

/* Load SIZE bytes (zero-extended) from guest ADDR. */
static uint64_t tci_guest_load(TCIState *st, uint64_t addr, MemOpIdx oi,
                               const uint8_t *p)
{
    unsigned size = get_memop(oi) & MO_SIZE;
    void *host = tci_tlb_lookup(st, addr, oi, false);
    uint64_t v = 0;

    if (!host) {
        return st->s->mem_helpers->ld[size](st->env, addr, oi,
                                            (uintptr_t)p + 1);
    }
    memcpy(&v, host, 1u << size);
    return v;
}

static void tci_guest_store(TCIState *st, uint64_t addr, uint64_t v,
                            MemOpIdx oi, const uint8_t *p)
{
    unsigned size = get_memop(oi) & MO_SIZE;
    void *host = tci_tlb_lookup(st, addr, oi, true);

    if (!host) {
        st->s->mem_helpers->st[size](st->env, addr, v, oi, (uintptr_t)p + 1);
        return;
    }
    memcpy(host, &v, 1u << size);
}

/* qemu_ld: load, then sign-extend per MO_SIGN to the op's width. */
static uint64_t tci_qemu_ld(TCIState *st, const uint8_t *p, TCGType type)
{
    MemOpIdx oi = (MemOpIdx)word(p, 0);
    MemOp mop = get_memop(oi);
    uint64_t v = tci_guest_load(st, st->regs[p[2]], oi, p);
    unsigned bits = 8u << (mop & MO_SIZE);

    if ((mop & MO_SIGN) && bits < 64) {
        v = (uint64_t)((int64_t)(v << (64 - bits)) >> (64 - bits));
    }
    return type == TCG_TYPE_I64 ? v : (uint32_t)v;
}

/* qemu_ld2/st2: 16 bytes, lo at addr, hi at addr + 8. */
static void tci_qemu_ldst2(TCIState *st, const uint8_t *p, bool store)
{
    MemOpIdx oi = (MemOpIdx)word(p, 0);
    MemOpIdx oi64 = make_memop_idx(
        (get_memop(oi) & ~(MO_SIZE | MO_SIGN)) | MO_64, get_mmuidx(oi));
    uint64_t *r = st->regs;
    uint64_t addr = r[p[3]];
    uint8_t *host = tci_tlb_lookup(st, addr, oi, store);

    if (host && store) {
        memcpy(host, &r[p[1]], 8);
        memcpy(host + 8, &r[p[2]], 8);
    } else if (host) {
        memcpy(&r[p[1]], host, 8);
        memcpy(&r[p[2]], host + 8, 8);
    } else if (store) {
        tci_guest_store(st, addr, r[p[1]], oi64, p);
        tci_guest_store(st, addr + 8, r[p[2]], oi64, p);
    } else {
        uint64_t lo = tci_guest_load(st, addr, oi64, p);

        r[p[2]] = tci_guest_load(st, addr + 8, oi64, p);
        r[p[1]] = lo;
    }
}

/* -- Calls and generic ops ------------------------------------------------- */

static void tci_call(TCIState *st, const uint8_t *p)
{
    TCIHelper fn = (TCIHelper)(uintptr_t)word(p, 0);
    const TCGHelperInfo *info = (const TCGHelperInfo *)(uintptr_t)word(p, 1);
    uint64_t *r = st->regs;
    uint64_t v;

    /* GETPC() in the helper: this call's place in the TB's bytecode. */
    tci_helper_retaddr = (uintptr_t)p + 1;
    v = fn(r[0], r[1], r[2], r[3], r[4], r[5]);
    tci_helper_retaddr = 0;

    switch (TCG_HT_SLOT(info->typemask, 0)) {
    case TCG_HT_I32:
    case TCG_HT_S32:
        v = (uint32_t)v;
        break;
    default:
        break;
    }
    r[0] = v;
}

/* Any pure op: gather inputs, evaluate, scatter outputs. */
static void tci_alu(TCIState *st, TCGOpcode opc, TCGType type, const uint8_t *p)
{
    const TCGOpDef *def = &tcg_op_defs[opc];
    uint64_t in[4] = {0}, out[2] = {0};
    TCGArg cargs[2] = {0};

    for (int i = 0; i < def->nb_iargs; i++) {
        in[i] = st->regs[p[1 + def->nb_oargs + i]];
    }
    for (int i = 0; i < def->nb_cargs && i < 2; i++) {
        cargs[i] = (TCGArg)word(p, i);
    }
    if (!tcg_alu_eval(opc, type, out, in, cargs)) {
        /* undefined inputs (division by zero...): a defined garbage value */
        out[0] = out[1] = 0;
    }
    for (int i = 0; i < def->nb_oargs; i++) {
        st->regs[p[1 + i]] = out[i];
    }
}

/* -- The loop -------------------------------------------------------------- */

/* Opcode bytes of OPC at i32, at i64, and of a host-word op. */
#define I32(opc)  TCI_OPC(opc, TCG_TYPE_I32)
#define I64(opc)  TCI_OPC(opc, TCG_TYPE_I64)
#define HOST(opc) TCI_OPC(opc, TCG_TYPE_REG)

uintptr_t tci_exec(TCGContext *s, void *env, const void *tb)
{
    uint64_t frame[TCI_FRAME_WORDS];
    TCIState st = {.env = env, .s = s};
    uint64_t *r = st.regs;
    const uint8_t *p = tb;

    r[TCI_REG_ENV] = (uintptr_t)env;
    r[TCI_REG_FRAME] = (uintptr_t)frame;
    for (;;) {
        unsigned code = p[0];
        const uint8_t *next = p + tci_insn_size(p);

        switch (code) {
        case TCI_OP_STI:
            memcpy((uint8_t *)(uintptr_t)(r[p[1]] + word(p, 0)),
                   &(uint64_t){word(p, 1)}, p[2]);
            break;
        case TCI_OP_MOVI:
            r[p[1]] = word(p, 0);
            break;
        case I32(INDEX_op_mov):
        case I64(INDEX_op_mov):
            r[p[1]] = r[p[2]];
            break;
        case HOST(INDEX_op_exit_tb):
            return (uintptr_t)word(p, 0);
        case HOST(INDEX_op_goto_tb):
            next = (const uint8_t *)(uintptr_t)__atomic_load_n(
                (const uint64_t *)(p + TCI_HDR), __ATOMIC_ACQUIRE);
            break;
        case HOST(INDEX_op_goto_ptr):
            next = (const uint8_t *)(uintptr_t)r[p[1]];
            break;
        case HOST(INDEX_op_br):
            next = (const uint8_t *)(uintptr_t)word(p, 0);
            break;
        case I32(INDEX_op_brcond):
        case I64(INDEX_op_brcond):
            if (tcg_alu_cond((TCGCond)word(p, 0), TCI_OPC_TYPE(code), r[p[1]],
                             r[p[2]])) {
                next = (const uint8_t *)(uintptr_t)word(p, 1);
            }
            break;
        case HOST(INDEX_op_call):
            tci_call(&st, p);
            break;
        case HOST(INDEX_op_mb):
            __atomic_thread_fence(__ATOMIC_SEQ_CST);
            break;
        case I32(INDEX_op_qemu_ld):
        case I64(INDEX_op_qemu_ld):
            r[p[1]] = tci_qemu_ld(&st, p, TCI_OPC_TYPE(code));
            break;
        case I64(INDEX_op_qemu_ld2_i64):
            tci_qemu_ldst2(&st, p, false);
            break;
        case I64(INDEX_op_qemu_st2_i64):
            tci_qemu_ldst2(&st, p, true);
            break;
        case I32(INDEX_op_qemu_st):
        case I64(INDEX_op_qemu_st):
            tci_guest_store(&st, r[p[2]], r[p[1]], (MemOpIdx)word(p, 0), p);
            break;
        /* the most frequent ALU ops and spill/global traffic, inline */
        case I64(INDEX_op_add):
            r[p[1]] = r[p[2]] + r[p[3]];
            break;
        case I64(INDEX_op_sub):
            r[p[1]] = r[p[2]] - r[p[3]];
            break;
        case I64(INDEX_op_and):
            r[p[1]] = r[p[2]] & r[p[3]];
            break;
        case I64(INDEX_op_or):
            r[p[1]] = r[p[2]] | r[p[3]];
            break;
        case I64(INDEX_op_xor):
            r[p[1]] = r[p[2]] ^ r[p[3]];
            break;
        case I64(INDEX_op_mul):
            r[p[1]] = r[p[2]] * r[p[3]];
            break;
        case I64(INDEX_op_shl):
            r[p[1]] = r[p[2]] << (r[p[3]] & 63);
            break;
        case I64(INDEX_op_shr):
            r[p[1]] = r[p[2]] >> (r[p[3]] & 63);
            break;
        case I64(INDEX_op_sar):
            r[p[1]] = (uint64_t)((int64_t)r[p[2]] >> (r[p[3]] & 63));
            break;
        case I32(INDEX_op_add):
            r[p[1]] = (uint32_t)(r[p[2]] + r[p[3]]);
            break;
        case I32(INDEX_op_sub):
            r[p[1]] = (uint32_t)(r[p[2]] - r[p[3]]);
            break;
        case I32(INDEX_op_and):
            r[p[1]] = (uint32_t)(r[p[2]] & r[p[3]]);
            break;
        case I32(INDEX_op_or):
            r[p[1]] = (uint32_t)(r[p[2]] | r[p[3]]);
            break;
        case I32(INDEX_op_xor):
            r[p[1]] = (uint32_t)(r[p[2]] ^ r[p[3]]);
            break;
        case I64(INDEX_op_ext32u_i64):
        case I64(INDEX_op_extu_i32_i64):
        case I32(INDEX_op_extrl_i64_i32):
            r[p[1]] = (uint32_t)r[p[2]];
            break;
        case I64(INDEX_op_ld):
            memcpy(&r[p[1]], (uint8_t *)(uintptr_t)(r[p[2]] + word(p, 0)), 8);
            break;
        case I64(INDEX_op_st):
            memcpy((uint8_t *)(uintptr_t)(r[p[2]] + word(p, 0)), &r[p[1]], 8);
            break;
        default:
            if (!tci_host_ldst(TCI_OPC_OP(code), TCI_OPC_TYPE(code), r, p)) {
                tci_alu(&st, TCI_OPC_OP(code), TCI_OPC_TYPE(code), p);
            }
            break;
        }
        p = next;
    }
}

/* -- Dump ------------------------------------------------------------------ */

void tci_dump_code(FILE *f, const void *code, size_t size)
{
    const uint8_t *p = code, *end = p + size;

    while (p < end) {
        unsigned c = p[0];
        bool is_op = c < TCI_OP_MOVI;
        const TCGOpDef *def = is_op ? &tcg_op_defs[TCI_OPC_OP(c)] : NULL;
        int nregs = def ? def->nb_oargs + def->nb_iargs : 1;
        size_t n = tci_insn_size(p);

        fprintf(f, "  %p: %s", (const void *)p,
                is_op             ? tcg_op_name(TCI_OPC_OP(c), TCI_OPC_TYPE(c))
                : c == TCI_OP_STI ? "sti"
                                  : "movi");
        for (int i = 0; i < nregs && i < 6; i++) {
            fprintf(f, "%sr%u", i ? "," : " ", p[1 + i]);
        }
        for (size_t w = 0; w < (n - TCI_HDR) / TCI_WORD; w++) {
            fprintf(f, ",$0x%llx", (unsigned long long)word(p, (int)w));
        }
        fputc('\n', f);
        p += n;
    }
}
