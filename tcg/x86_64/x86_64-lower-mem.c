/*
 * x86-64 host backend, layer 3: memory.  Host loads/stores (env fields,
 * spill slots) and guest loads/stores through the softmmu TLB.
 *
 * Guest access, inline (layout and contract: include/exec/tlb-common.h):
 *
 *   mov   addr, L0
 *   shr   $(PAGE_BITS - ENTRY_BITS), L0
 *   and   mask(env), L0            L0 = byte offset of the entry
 *   add   table(env), L0           L0 = &entry
 *   mov   addr, L1
 *   and   $(PAGE_MASK | (size - 1)), L1     the tag; misaligned never matches
 *   cmp   addr_read/addr_write(L0), L1
 *   jne   slow                     rel32, resolved at the end of the TB
 *   mov   addend(L0), L0
 *   op    (L0, addr), data         the access itself
 * raddr:
 *
 * The slow path, emitted after the TB's last op (x86_finish), calls
 * s->mem_helpers->ld/st[size](env, addr, [val,] oi, retaddr) and jumps
 * back to raddr.  A 128-bit pair (qemu_ld2/st2, lo at addr, hi at addr + 8)
 * has one lookup with a 16-byte tag (so it is 16-byte aligned on the fast
 * path) and two 8-byte accesses; its slow path makes two 64-bit helper
 * calls, keeping what must survive the first in the frame's scratch slots,
 * as the TCI interpreter does.
 *
 * retaddr is the RX address of the access instruction: it lies inside the
 * guest instruction's code, so a fault inside the helper maps back to that
 * instruction.  L0/L1 are rdi/rsi, which constraint 'L'
 * keeps the ops' operands out of; the ops clobber every call-clobbered
 * register, so nothing else lives in them.
 */
#include <assert.h>
#include <stddef.h>

#include "util/error.h"
#include "x86_64-lower.h"

/* -- Host loads and stores ---------------------------------------------- */

/* OPC with memory operand BASE + OFFSET; offsets past +-2 GiB go through
 * the scratch register. */
static void emit_ldst(X86Code *c, int opc, int r, TCGReg base, intptr_t offset)
{
    if (x86_fits_s32(offset)) {
        emit_modrm_offset(c, opc, r, base, (int32_t)offset);
    } else {
        emit_movi(c, X86_TMP_REG, offset, true);
        emit_modrm_mem(c, opc, r, base, X86_TMP_REG, 0, 0);
    }
}

/* ct: r, r.  d = *(base + $offset), extended as OPC says. */
static void emit_host_ld(TCGContext *s, int opc, const TCGArg *args)
{
    X86Code c = x86_code(s);

    emit_ldst(&c, opc, args[0], args[1], args[2]);
}

void lower_ld8u(TCGContext *s, TCGType type, const TCGArg *args,
                const int *const_args)
{
    emit_host_ld(s, OPC_MOVZBL_GvEb, args);
}

void lower_ld8s(TCGContext *s, TCGType type, const TCGArg *args,
                const int *const_args)
{
    emit_host_ld(s, OPC_MOVSBL_GvEb | x86_rexw(type), args);
}

void lower_ld16u(TCGContext *s, TCGType type, const TCGArg *args,
                 const int *const_args)
{
    emit_host_ld(s, OPC_MOVZWL_GvEw, args);
}

void lower_ld16s(TCGContext *s, TCGType type, const TCGArg *args,
                 const int *const_args)
{
    emit_host_ld(s, OPC_MOVSWL_GvEw | x86_rexw(type), args);
}

/* ld32u_i64: a 32-bit load zero-extends. */
void lower_ld32u(TCGContext *s, TCGType type, const TCGArg *args,
                 const int *const_args)
{
    emit_host_ld(s, OPC_MOV_GvEv, args);
}

void lower_ld32s(TCGContext *s, TCGType type, const TCGArg *args,
                 const int *const_args)
{
    emit_host_ld(s, OPC_MOVSXD_GvEd | P_REXW, args);
}

/* ld: the op's width. */
void lower_ld(TCGContext *s, TCGType type, const TCGArg *args,
              const int *const_args)
{
    emit_host_ld(s, OPC_MOV_GvEv | x86_rexw(type), args);
}

/*
 * ct: re, r.  *(base + $offset) = data, SIZE_LOG2 bytes.  A constant
 * datum is stored as an immediate (sign-extended imm32 for 8 bytes).
 */
static void emit_host_st(TCGContext *s, int size_log2, const TCGArg *args,
                         const int *const_args)
{
    static const int st_reg[4] = {
        OPC_MOVB_EbGb,
        OPC_MOV_EvGv | P_DATA16,
        OPC_MOV_EvGv,
        OPC_MOV_EvGv | P_REXW,
    };
    static const int st_imm[4] = {
        OPC_MOVB_EbIb,
        OPC_MOVL_EvIz | P_DATA16,
        OPC_MOVL_EvIz,
        OPC_MOVL_EvIz | P_REXW,
    };
    X86Code c = x86_code(s);

    if (!const_args[0]) {
        emit_ldst(&c, st_reg[size_log2], args[0], args[1], args[2]);
        return;
    }
    emit_ldst(&c, st_imm[size_log2], 0, args[1], args[2]);
    switch (size_log2) {
    case 0:
        emit8(&c, args[0]);
        break;
    case 1:
        emit16(&c, args[0]);
        break;
    default:
        emit32(&c, args[0]);
        break;
    }
}

void lower_st8(TCGContext *s, TCGType type, const TCGArg *args,
               const int *const_args)
{
    emit_host_st(s, 0, args, const_args);
}

void lower_st16(TCGContext *s, TCGType type, const TCGArg *args,
                const int *const_args)
{
    emit_host_st(s, 1, args, const_args);
}

/* st32_i64 */
void lower_st32(TCGContext *s, TCGType type, const TCGArg *args,
                const int *const_args)
{
    emit_host_st(s, 2, args, const_args);
}

/* st: the op's width. */
void lower_st(TCGContext *s, TCGType type, const TCGArg *args,
              const int *const_args)
{
    emit_host_st(s, type == TCG_TYPE_I64 ? 3 : 2, args, const_args);
}

/* -- Guest loads and stores: fast path ------------------------------------ */

/* A guest access waiting for its out-of-line slow path. */
typedef struct X86SlowPath {
    struct X86SlowPath *next;
    bool is_ld;          /* load (else store) */
    TCGType type;        /* the op's type */
    MemOpIdx oi;         /* access and MMU index */
    TCGReg data;         /* loaded into / stored from */
    TCGReg data_hi;      /* a 128-bit pair's high half, else -1 */
    TCGReg addr;         /* guest address */
    uint8_t *jne_site;   /* RW address of the jne's rel32 */
    uint8_t *raddr;      /* RW address to resume at */
    uintptr_t access_rx; /* retaddr passed to the helper */
} X86SlowPath;

/*
 * The TB's pending slow paths, newest first.  One TCGContext per thread,
 * so per-thread state is per-context state; the records themselves come
 * from the context's per-TB pool.
 */
static __thread X86SlowPath *slow_paths;

void x86_tb_start(TCGContext *s)
{
    slow_paths = NULL;
}

/* The load instruction for MEMOP into a TYPE register. */
static int load_opc(MemOp memop, TCGType type)
{
    bool sign = memop & MO_SIGN;

    switch (memop & MO_SIZE) {
    case MO_8:
        return sign ? OPC_MOVSBL_GvEb | x86_rexw(type) : OPC_MOVZBL_GvEb;
    case MO_16:
        return sign ? OPC_MOVSWL_GvEw | x86_rexw(type) : OPC_MOVZWL_GvEw;
    case MO_32:
        return sign && type == TCG_TYPE_I64 ? OPC_MOVSXD_GvEd | P_REXW
                                            : OPC_MOV_GvEv;
    case MO_64:
        return OPC_MOV_GvEv | P_REXW;
    default:
        internal_error("qemu_ld: unsupported MemOp size %d", memop & MO_SIZE);
    }
}

/* The store instruction for MEMOP. */
static int store_opc(MemOp memop)
{
    static const int opc[4] = {
        OPC_MOVB_EbGb,
        OPC_MOV_EvGv | P_DATA16,
        OPC_MOV_EvGv,
        OPC_MOV_EvGv | P_REXW,
    };
    if ((memop & MO_SIZE) > MO_64) {
        internal_error("qemu_st: unsupported MemOp size %d", memop & MO_SIZE);
    }
    return opc[memop & MO_SIZE];
}

/*
 * The two 8-byte accesses of a pair at host address L0 + addr.  A load
 * writes first the half whose register is not addr, which the other
 * access still needs.
 */
static void emit_pair_access(X86Code *c, bool is_ld, TCGReg lo, TCGReg hi,
                             TCGReg addr)
{
    int opc = (is_ld ? OPC_MOV_GvEv : OPC_MOV_EvGv) | P_REXW;

    if (is_ld && lo == addr) {
        emit_modrm_mem(c, opc, hi, X86_TLB_L0, addr, 0, 8);
        emit_modrm_mem(c, opc, lo, X86_TLB_L0, addr, 0, 0);
    } else {
        emit_modrm_mem(c, opc, lo, X86_TLB_L0, addr, 0, 0);
        emit_modrm_mem(c, opc, hi, X86_TLB_L0, addr, 0, 8);
    }
}

/*
 * The TLB compare and the access (DATA_HI >= 0: a 128-bit pair); the slow
 * path record is queued.
 */
static void emit_guest_access(TCGContext *s, bool is_ld, TCGType type,
                              TCGReg data, TCGReg data_hi, TCGReg addr,
                              MemOpIdx oi)
{
    X86Code c = x86_code(s);
    MemOp memop = get_memop(oi);
    unsigned size = memop_size(memop);
    intptr_t fast =
        s->tlb_fast_offset + get_mmuidx(oi) * (intptr_t)sizeof(CPUTLBDescFast);
    int cmp_off = is_ld ? offsetof(CPUTLBEntry, addr_read)
                        : offsetof(CPUTLBEntry, addr_write);
    X86SlowPath *sp = tcg_malloc(s, sizeof(*sp));

    assert(addr != X86_TLB_L0 && addr != X86_TLB_L1 && data != X86_TLB_L0
           && data != X86_TLB_L1 && data_hi != X86_TLB_L0
           && data_hi != X86_TLB_L1);
    emit_mov_rr(&c, P_REXW, X86_TLB_L0, addr);
    emit_shift_ri(&c, P_REXW, SHIFT_SHR, X86_TLB_L0,
                  TARGET_PAGE_BITS - CPU_TLB_ENTRY_BITS);
    emit_ldst(&c, OPC_AND_GvEv | P_REXW, X86_TLB_L0, X86_ENV_REG,
              fast + offsetof(CPUTLBDescFast, mask));
    emit_ldst(&c, OPC_ADD_GvEv | P_REXW, X86_TLB_L0, X86_ENV_REG,
              fast + offsetof(CPUTLBDescFast, table));
    emit_mov_rr(&c, P_REXW, X86_TLB_L1, addr);
    emit_arith_ri(&c, P_REXW, ARITH_AND, X86_TLB_L1,
                  (int32_t)(TARGET_PAGE_MASK | (size - 1)));
    emit_modrm_offset(&c, OPC_CMP_GvEv | P_REXW, X86_TLB_L1, X86_TLB_L0,
                      cmp_off);
    sp->jne_site = emit_jcc_rel32(&c, JCC_NE);
    emit_modrm_offset(&c, OPC_MOV_GvEv | P_REXW, X86_TLB_L0, X86_TLB_L0,
                      offsetof(CPUTLBEntry, addend));

    sp->access_rx = x86_code_pc(&c);
    if (data_hi >= 0) {
        emit_pair_access(&c, is_ld, data, data_hi, addr);
    } else {
        emit_modrm_mem(&c, is_ld ? load_opc(memop, type) : store_opc(memop),
                       data, X86_TLB_L0, addr, 0, 0);
    }
    sp->raddr = x86_code_ptr(&c);

    sp->is_ld = is_ld;
    sp->type = type;
    sp->oi = oi;
    sp->data = data;
    sp->data_hi = data_hi;
    sp->addr = addr;
    sp->next = slow_paths;
    slow_paths = sp;
}

/* ct: L, L; clobbers the call-clobbered set.  qemu_ld d, addr, $oi */
void lower_qemu_ld(TCGContext *s, TCGType type, const TCGArg *args,
                   const int *const_args)
{
    emit_guest_access(s, true, type, args[0], -1, args[1], args[2]);
}

/* ct: L, L; clobbers the call-clobbered set.  qemu_st data, addr, $oi */
void lower_qemu_st(TCGContext *s, TCGType type, const TCGArg *args,
                   const int *const_args)
{
    emit_guest_access(s, false, type, args[0], -1, args[1], args[2]);
}

/* ct: L, L, L; clobbers the call-clobbered set.  qemu_ld2 lo, hi, addr */
void lower_qemu_ld2(TCGContext *s, TCGType type, const TCGArg *args,
                    const int *const_args)
{
    emit_guest_access(s, true, type, args[0], args[1], args[2], args[3]);
}

/* ct: L, L, L; clobbers the call-clobbered set.  qemu_st2 lo, hi, addr */
void lower_qemu_st2(TCGContext *s, TCGType type, const TCGArg *args,
                    const int *const_args)
{
    emit_guest_access(s, false, type, args[0], args[1], args[2], args[3]);
}

/* -- Guest loads and stores: slow paths ----------------------------------- */

/* dst = src zero-extended from SIZE (MO_8..MO_64). */
static void emit_zext(X86Code *c, MemOp size, TCGReg dst, TCGReg src)
{
    switch (size) {
    case MO_8:
        emit_modrm(c, OPC_MOVZBL_GvEb, dst, src);
        break;
    case MO_16:
        emit_modrm(c, OPC_MOVZWL_GvEw, dst, src);
        break;
    case MO_32:
        emit_mov_rr(c, 0, dst, src);
        break;
    default:
        x86_emit_mov(c, TCG_TYPE_I64, dst, src);
        break;
    }
}

/*
 * Arguments go in SysV order: env rdi, addr rsi, then (val rdx,) oi,
 * retaddr.  addr and data are never rdi/rsi ('L'), so copying addr to rsi
 * first, then data to rdx, overwrites nothing still to be read.
 */
static void emit_slow_path(TCGContext *s, const X86SlowPath *sp)
{
    X86Code c = x86_code(s);
    const TCGMemHelpers *h = s->mem_helpers;
    MemOp memop = get_memop(sp->oi);
    MemOp size = memop & MO_SIZE;
    const X86Reg *arg = x86_call_arg_regs;
    int next = 2;
    uintptr_t fn;

    if (!h) {
        internal_error("qemu_ld/st: TCGContext has no mem_helpers");
    }
    x86_patch_rel32(sp->jne_site, c.rx_diff, x86_code_pc(&c));
    emit_mov_rr(&c, P_REXW, arg[1], sp->addr);
    if (!sp->is_ld) {
        emit_zext(&c, size, arg[next++], sp->data);
    }
    emit_movi(&c, arg[next++], sp->oi, true);
    emit_movi(&c, arg[next++], sp->access_rx, true);
    emit_mov_rr(&c, P_REXW, arg[0], X86_ENV_REG);
    fn = sp->is_ld ? (uintptr_t)h->ld[size] : (uintptr_t)h->st[size];
    emit_call_to(&c, fn, X86_TMP_REG);
    if (sp->is_ld) {
        if (memop & MO_SIGN) {
            /* The helper zero-extends; the fast path's extending load
             * opcode, register form, does the rest. */
            emit_modrm(&c, load_opc(memop, sp->type), sp->data, X86_RAX);
        } else {
            x86_emit_mov(&c, TCG_TYPE_I64, sp->data, X86_RAX);
        }
    }
    emit_jmp_to(&c, x86_code_rx(&c, sp->raddr));
}

/* One 64-bit helper call of a pair's slow path, the address already in
 * rsi: VAL (a store's datum, else -1) to rdx, then oi, retaddr, env. */
static void emit_pair_call(X86Code *c, const X86SlowPath *sp, uintptr_t fn,
                           MemOpIdx oi64, TCGReg val)
{
    const X86Reg *arg = x86_call_arg_regs;
    int next = 2;

    if (val >= 0) {
        x86_emit_mov(c, TCG_TYPE_I64, arg[next++], val);
    }
    emit_movi(c, arg[next++], oi64, true);
    emit_movi(c, arg[next++], sp->access_rx, true);
    emit_mov_rr(c, P_REXW, arg[0], X86_ENV_REG);
    emit_call_to(c, fn, X86_TMP_REG);
}

/*
 * A pair's slow path: two 64-bit helper calls, at addr and addr + 8.
 * Everything in call-clobbered registers dies in the first call, so the
 * address (and a store's high half) wait in the frame's scratch slots,
 * and a load's low half waits there during the second call.
 */
static void emit_slow_path_pair(TCGContext *s, const X86SlowPath *sp)
{
    X86Code c = x86_code(s);
    const TCGMemHelpers *h = s->mem_helpers;
    MemOp memop = get_memop(sp->oi);
    MemOpIdx oi64 = make_memop_idx((memop & ~(MO_SIZE | MO_SIGN)) | MO_64,
                                   get_mmuidx(sp->oi));
    uintptr_t fn =
        sp->is_ld ? (uintptr_t)h->ld[MO_64] : (uintptr_t)h->st[MO_64];
    TCGReg rsi = x86_call_arg_regs[1], rdx = x86_call_arg_regs[2];

    x86_patch_rel32(sp->jne_site, c.rx_diff, x86_code_pc(&c));
    emit_mov_rr(&c, P_REXW, rsi, sp->addr);
    emit_modrm_offset(&c, OPC_MOV_EvGv | P_REXW, rsi, X86_RSP, X86_FRAME_SLOT1);
    if (!sp->is_ld) {
        emit_modrm_offset(&c, OPC_MOV_EvGv | P_REXW, sp->data_hi, X86_RSP,
                          X86_FRAME_SLOT0);
    }
    emit_pair_call(&c, sp, fn, oi64, sp->is_ld ? -1 : sp->data);
    if (sp->is_ld) {
        emit_modrm_offset(&c, OPC_MOV_EvGv | P_REXW, X86_RAX, X86_RSP,
                          X86_FRAME_SLOT0);
    }
    emit_modrm_offset(&c, OPC_MOV_GvEv | P_REXW, rsi, X86_RSP, X86_FRAME_SLOT1);
    emit_arith_ri(&c, P_REXW, ARITH_ADD, rsi, 8);
    if (sp->is_ld) {
        emit_pair_call(&c, sp, fn, oi64, -1);
        x86_emit_mov(&c, TCG_TYPE_I64, sp->data_hi, X86_RAX);
        emit_modrm_offset(&c, OPC_MOV_GvEv | P_REXW, sp->data, X86_RSP,
                          X86_FRAME_SLOT0);
    } else {
        emit_modrm_offset(&c, OPC_MOV_GvEv | P_REXW, rdx, X86_RSP,
                          X86_FRAME_SLOT0);
        emit_pair_call(&c, sp, fn, oi64, rdx);
    }
    emit_jmp_to(&c, x86_code_rx(&c, sp->raddr));
}

bool x86_finish(TCGContext *s)
{
    for (X86SlowPath *sp = slow_paths; sp; sp = sp->next) {
        if (s->code_ptr > (uint8_t *)s->code_gen_highwater) {
            return false;
        }
        if (sp->data_hi >= 0) {
            emit_slow_path_pair(s, sp);
        } else {
            emit_slow_path(s, sp);
        }
    }
    slow_paths = NULL;
    return true;
}
