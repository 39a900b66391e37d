/*
 * Tests of the x86-64 byte encoders (tcg/x86_64/x86_64-emit.c).
 *
 * Two kinds: known encodings byte for byte for the tricky cases of the
 * x86-64 format (rsp/r12 bases need a SIB, rbp/r13 bases need a
 * displacement, spl..dil need an empty REX, imm8 vs imm32), and sweeps
 * that emit an instruction for many register/offset combinations and
 * decode it back with Zydis, checking mnemonic and operands.
 */
#include <glib.h>
#include <string.h>

#include <Zydis/Zydis.h>

#include "x86_64-emit.h"

typedef struct Buf {
    uint8_t bytes[64];
    uint8_t *ptr; /* the emission cursor the X86Code points at */
    X86Code c;
} Buf;

static void buf_init(Buf *b)
{
    memset(b->bytes, 0xcc, sizeof(b->bytes));
    b->ptr = b->bytes;
    b->c.pp = &b->ptr;
    b->c.rx_diff = 0;
}

static size_t buf_len(const Buf *b)
{
    return b->ptr - b->bytes;
}

/* Assert that B holds exactly the LEN bytes of WANT. */
static void check_bytes(const Buf *b, const uint8_t *want, size_t len,
                        const char *what)
{
    if (buf_len(b) != len || memcmp(b->bytes, want, len) != 0) {
        GString *s = g_string_new(NULL);
        for (size_t i = 0; i < buf_len(b); i++) {
            g_string_append_printf(s, "%02x ", b->bytes[i]);
        }
        g_test_message("%s: got %s", what, s->str);
        g_string_free(s, TRUE);
        g_test_fail();
    }
}

#define CHECK(what, ...)                                                       \
    do {                                                                       \
        static const uint8_t want_[] = {__VA_ARGS__};                          \
        check_bytes(&b, want_, sizeof(want_), what);                           \
        buf_init(&b);                                                          \
    } while (0)

/* -- Known encodings ----------------------------------------------------- */

static void test_mem_base_r12_needs_sib(void)
{
    Buf b;
    buf_init(&b);
    emit_modrm_offset(&b.c, OPC_MOV_GvEv | P_REXW, X86_RAX, X86_R12, 0);
    CHECK("mov (%r12),%rax", 0x49, 0x8b, 0x04, 0x24);
    emit_modrm_offset(&b.c, OPC_MOV_GvEv | P_REXW, X86_RAX, X86_RSP, 8);
    CHECK("mov 8(%rsp),%rax", 0x48, 0x8b, 0x44, 0x24, 0x08);
    emit_modrm_offset(&b.c, OPC_MOV_GvEv, X86_R9, X86_R12, 0x1000);
    CHECK("mov 0x1000(%r12),%r9d", 0x45, 0x8b, 0x8c, 0x24, 0x00, 0x10, 0x00,
          0x00);
}

static void test_mem_base_r13_needs_disp(void)
{
    Buf b;
    buf_init(&b);
    emit_modrm_offset(&b.c, OPC_MOV_GvEv | P_REXW, X86_RAX, X86_R13, 0);
    CHECK("mov (%r13),%rax", 0x49, 0x8b, 0x45, 0x00);
    emit_modrm_offset(&b.c, OPC_MOV_GvEv, X86_RAX, X86_RBP, 0);
    CHECK("mov (%rbp),%eax", 0x8b, 0x45, 0x00);
    emit_modrm_mem(&b.c, OPC_MOV_GvEv | P_REXW, X86_RAX, X86_R13, X86_RAX, 1,
                   0);
    CHECK("mov (%r13,%rax,2),%rax", 0x49, 0x8b, 0x44, 0x45, 0x00);
}

static void test_mem_index_forms(void)
{
    Buf b;
    buf_init(&b);
    emit_modrm_mem(&b.c, OPC_MOV_GvEv | P_REXW, X86_RCX, X86_RBX, X86_R12, 3,
                   0x100);
    CHECK("mov 0x100(%rbx,%r12,8),%rcx", 0x4a, 0x8b, 0x8c, 0xe3, 0x00, 0x01,
          0x00, 0x00);
    emit_modrm_mem(&b.c, OPC_MOV_GvEv | P_REXW, X86_RAX, X86_RAX, X86_R12, 0,
                   0);
    CHECK("mov (%rax,%r12),%rax", 0x4a, 0x8b, 0x04, 0x20);
    emit_modrm_mem(&b.c, OPC_MOV_GvEv, X86_RAX, X86_NOREG, X86_NOREG, 0,
                   0x1000);
    CHECK("mov 0x1000,%eax", 0x8b, 0x04, 0x25, 0x00, 0x10, 0x00, 0x00);
    emit_modrm_mem(&b.c, OPC_LEA_GvM | P_REXW, X86_RDX, X86_NOREG, X86_RSI, 2,
                   -4);
    CHECK("lea -4(,%rsi,4),%rdx", 0x48, 0x8d, 0x14, 0xb5, 0xfc, 0xff, 0xff,
          0xff);
}

static void test_mem_rip_relative(void)
{
    Buf b;
    buf_init(&b);
    /* lea 0x20(%rip) from address bytes: target = bytes + 7 + 0x20. */
    emit_modrm_rip(&b.c, OPC_LEA_GvM | P_REXW, X86_RAX,
                   (uintptr_t)b.bytes + 7 + 0x20, 0);
    CHECK("lea 0x20(%rip),%rax", 0x48, 0x8d, 0x05, 0x20, 0x00, 0x00, 0x00);
    /* cmpl $1, target(%rip): the imm8 follows the disp32. */
    emit_modrm_rip(&b.c, OPC_ARITH_EvIb, ARITH_CMP, (uintptr_t)b.bytes, 1);
    emit8(&b.c, 1);
    CHECK("cmpl $1,-7(%rip)", 0x83, 0x3d, 0xf9, 0xff, 0xff, 0xff, 0x01);
}

static void test_byte_regs_need_rex(void)
{
    Buf b;
    buf_init(&b);
    emit_modrm(&b.c, OPC_SETCC_Eb + JCC_E, 0, X86_RSI);
    CHECK("sete %sil", 0x40, 0x0f, 0x94, 0xc6);
    emit_modrm(&b.c, OPC_SETCC_Eb + JCC_E, 0, X86_RAX);
    CHECK("sete %al", 0x0f, 0x94, 0xc0);
    emit_modrm(&b.c, OPC_SETCC_Eb + JCC_NE, 0, X86_R8);
    CHECK("setne %r8b", 0x41, 0x0f, 0x95, 0xc0);
    emit_modrm(&b.c, OPC_MOVZBL_GvEb, X86_RAX, X86_RDI);
    CHECK("movzbl %dil,%eax", 0x40, 0x0f, 0xb6, 0xc7);
    emit_modrm(&b.c, OPC_MOVZBL_GvEb, X86_RSI, X86_RBX);
    CHECK("movzbl %bl,%esi (no REX: esi is not a byte operand)", 0x0f, 0xb6,
          0xf3);
    emit_modrm_offset(&b.c, OPC_MOVB_EbGb, X86_RSI, X86_RAX, 0);
    CHECK("mov %sil,(%rax)", 0x40, 0x88, 0x30);
    emit_modrm_offset(&b.c, OPC_MOVB_EbGb, X86_RBX, X86_RSI, 0);
    CHECK("mov %bl,(%rsi) (rm is a base, not a byte register)", 0x88, 0x1e);
}

static void test_arith_imm8_or_imm32(void)
{
    Buf b;
    buf_init(&b);
    emit_arith_ri(&b.c, P_REXW, ARITH_ADD, X86_RAX, 1);
    CHECK("add $1,%rax", 0x48, 0x83, 0xc0, 0x01);
    emit_arith_ri(&b.c, 0, ARITH_ADD, X86_RAX, -128);
    CHECK("add $-128,%eax", 0x83, 0xc0, 0x80);
    emit_arith_ri(&b.c, 0, ARITH_ADD, X86_RAX, 128);
    CHECK("add $128,%eax", 0x81, 0xc0, 0x80, 0x00, 0x00, 0x00);
    emit_arith_ri(&b.c, P_REXW, ARITH_CMP, X86_R15, -129);
    CHECK("cmp $-129,%r15", 0x49, 0x81, 0xff, 0x7f, 0xff, 0xff, 0xff);
    emit_shift_ri(&b.c, P_REXW, SHIFT_SHL, X86_RDX, 1);
    CHECK("shl %rdx", 0x48, 0xd1, 0xe2);
    emit_shift_ri(&b.c, 0, SHIFT_SAR, X86_R10, 31);
    CHECK("sar $31,%r10d", 0x41, 0xc1, 0xfa, 0x1f);
}

static void test_movi_picks_shortest(void)
{
    Buf b;
    buf_init(&b);
    emit_movi(&b.c, X86_RAX, 0, true);
    CHECK("xor %eax,%eax", 0x33, 0xc0);
    emit_movi(&b.c, X86_RAX, 0, false);
    CHECK("mov $0,%eax (flags kept)", 0xb8, 0x00, 0x00, 0x00, 0x00);
    emit_movi(&b.c, X86_R8, 1, true);
    CHECK("mov $1,%r8d", 0x41, 0xb8, 0x01, 0x00, 0x00, 0x00);
    emit_movi(&b.c, X86_RCX, 0xffffffffu, true);
    CHECK("mov $0xffffffff,%ecx", 0xb9, 0xff, 0xff, 0xff, 0xff);
    emit_movi(&b.c, X86_RCX, (uint64_t)-1, true);
    CHECK("mov $-1,%rcx", 0x48, 0xc7, 0xc1, 0xff, 0xff, 0xff, 0xff);
    /* Far from the stack buffer in every layout: movabs. */
    b.c.rx_diff = 0;
    emit_movi(&b.c, X86_R11, 0x8000000000000001ull, true);
    CHECK("movabs $0x8000000000000001,%r11", 0x49, 0xbb, 0x01, 0x00, 0x00, 0x00,
          0x00, 0x00, 0x00, 0x80);
}

static void test_vex_bmi_encodings(void)
{
    Buf b;
    buf_init(&b);
    emit_vex_modrm(&b.c, OPC_SHLX_GyEyBy | P_REXW, X86_RAX, X86_RCX, X86_RBX);
    CHECK("shlx %rcx,%rbx,%rax", 0xc4, 0xe2, 0xf1, 0xf7, 0xc3);
    emit_vex_modrm(&b.c, OPC_ANDN_GyByEy, X86_RAX, X86_RBX, X86_RCX);
    CHECK("andn %ecx,%ebx,%eax", 0xc4, 0xe2, 0x60, 0xf2, 0xc1);
    emit_vex_modrm(&b.c, OPC_RORX_GyEyIb | P_REXW, X86_R8, 0, X86_R9);
    emit8(&b.c, 3);
    CHECK("rorx $3,%r9,%r8", 0xc4, 0x43, 0xfb, 0xf0, 0xc1, 0x03);
}

static void test_branch_patching(void)
{
    Buf b;
    uint8_t *site;

    buf_init(&b);
    site = emit_jcc_rel32(&b.c, JCC_NE);
    g_assert_true(x86_patch_rel32(site, 0, (uintptr_t)b.bytes + 0x40));
    CHECK("jne +0x40 (rel32 from end)", 0x0f, 0x85, 0x3a, 0x00, 0x00, 0x00);
    /* A patched field must work when code runs at another address. */
    b.c.rx_diff = 0x1000;
    site = emit_jmp_rel32(&b.c);
    g_assert_true(
        x86_patch_rel32(site, b.c.rx_diff, (uintptr_t)b.bytes + 0x1000 + 5));
    CHECK("jmp +0 through the rx view", 0xe9, 0x00, 0x00, 0x00, 0x00);
    emit_jmp_to(&b.c, (uintptr_t)b.bytes);
    CHECK("jmp . (rel8)", 0xeb, 0xfe);
    g_assert_false(
        x86_patch_rel32(b.bytes, 0, (uintptr_t)b.bytes + 0x100000000ull));
}

static void test_call_and_jump_forms(void)
{
    Buf b;
    uintptr_t far = (uintptr_t)0x7f0000000000ull + 0x123450;

    /* A near target: call rel32. */
    buf_init(&b);
    emit_call_to(&b.c, (uintptr_t)b.bytes + 0x1000, X86_R11);
    CHECK("call +0x1000", 0xe8, 0xfb, 0x0f, 0x00, 0x00);
    /* Out of rel32 range of the stack buffer: through the scratch. */
    b.c.rx_diff = (intptr_t)0x100000000000ll;
    emit_call_to(&b.c, far, X86_R11);
    CHECK("movabs far,%r11; call *%r11", 0x49, 0xbb, 0x50, 0x34, 0x12, 0x00,
          0x00, 0x7f, 0x00, 0x00, 0x41, 0xff, 0xd3);
    emit_jcc_to(&b.c, JCC_E, (uintptr_t)b.bytes + 0x100);
    CHECK("je +0x100 (rel32)", 0x0f, 0x84, 0xfa, 0x00, 0x00, 0x00);
    emit_jcc_to(&b.c, JCC_L, (uintptr_t)b.bytes + 0x10);
    CHECK("jl +0x10 (rel8)", 0x7c, 0x0e);
    emit_jmp_reg(&b.c, X86_RAX);
    CHECK("jmp *%rax", 0xff, 0xe0);
    emit_jmp_reg(&b.c, X86_R9);
    CHECK("jmp *%r9", 0x41, 0xff, 0xe1);
}

static void test_nops_fill_exactly(void)
{
    for (int n = 0; n <= 30; n++) {
        Buf b;
        ZydisDecoder dec;
        ZydisDecodedInstruction insn;
        ZydisDecodedOperand ops[ZYDIS_MAX_OPERAND_COUNT];
        size_t at = 0;

        buf_init(&b);
        emit_nops(&b.c, n);
        g_assert_cmpuint(buf_len(&b), ==, n);
        ZydisDecoderInit(&dec, ZYDIS_MACHINE_MODE_LONG_64,
                         ZYDIS_STACK_WIDTH_64);
        while (at < (size_t)n) {
            g_assert_true(ZYAN_SUCCESS(ZydisDecoderDecodeFull(
                &dec, b.bytes + at, n - at, &insn, ops)));
            g_assert_cmpint(insn.mnemonic, ==, ZYDIS_MNEMONIC_NOP);
            at += insn.length;
        }
        g_assert_cmpuint(at, ==, n);
    }
}

static void test_reg_table_matches_abi(void)
{
    for (int i = 0; i < 6; i++) {
        g_assert_cmpint(x86_reg_arg_slot(x86_call_arg_regs[i]), ==, i);
    }
    g_assert_cmpstr(x86_reg_name(X86_R13), ==, "r13");
    g_assert_true(x86_reg_callee_saved(X86_RBX));
    g_assert_false(x86_reg_callee_saved(X86_R11));
}

/* -- Zydis round trips --------------------------------------------------- */

static ZydisDecoder decoder64;

/* Decode the only instruction in B; it must fill the buffer exactly. */
static void decode_one(const Buf *b, ZydisDecodedInstruction *insn,
                       ZydisDecodedOperand *ops)
{
    ZyanStatus st =
        ZydisDecoderDecodeFull(&decoder64, b->bytes, buf_len(b), insn, ops);
    g_assert_true(ZYAN_SUCCESS(st));
    g_assert_cmpuint(insn->length, ==, buf_len(b));
}

static ZydisRegister zreg64(int r)
{
    return ZYDIS_REGISTER_RAX + r;
}

static ZydisRegister zreg32(int r)
{
    return ZYDIS_REGISTER_EAX + r;
}

static ZydisRegister zreg8(int r)
{
    /* With REX: al cl dl bl spl bpl sil dil r8b..r15b. */
    return r < 4   ? ZYDIS_REGISTER_AL + r
           : r < 8 ? ZYDIS_REGISTER_SPL + (r - 4)
                   : ZYDIS_REGISTER_R8B + (r - 8);
}

static void check_mem(const ZydisDecodedOperand *op, int base, int index,
                      int shift, int32_t disp)
{
    g_assert_cmpint(op->type, ==, ZYDIS_OPERAND_TYPE_MEMORY);
    g_assert_cmpint(op->mem.base, ==,
                    base < 0 ? ZYDIS_REGISTER_NONE : zreg64(base));
    g_assert_cmpint(op->mem.index, ==,
                    index < 0 ? ZYDIS_REGISTER_NONE : zreg64(index));
    if (index >= 0) {
        g_assert_cmpint(op->mem.scale, ==, 1 << shift);
    }
    g_assert_cmpint(op->mem.disp.value, ==, disp);
}

static const int32_t disps[] = {
    0, 1, -1, 127, -128, 128, -129, 0x1000, -0x12345678, INT32_MAX,
};

static void test_zydis_mem_operands_round_trip(void)
{
    ZydisDecodedInstruction insn;
    ZydisDecodedOperand ops[ZYDIS_MAX_OPERAND_COUNT];
    int count = 0;

    for (int r = 0; r < 16; r++) {
        for (int base = -1; base < 16; base++) {
            for (int index = -1; index < 16; index++) {
                if (index == X86_RSP) {
                    continue;
                }
                for (int shift = 0; shift < 4; shift++) {
                    for (size_t d = 0; d < G_N_ELEMENTS(disps); d++) {
                        Buf b;
                        if (index < 0 && shift) {
                            continue;
                        }
                        buf_init(&b);
                        emit_modrm_mem(&b.c, OPC_MOV_GvEv | P_REXW, r, base,
                                       index, shift, disps[d]);
                        decode_one(&b, &insn, ops);
                        g_assert_cmpint(insn.mnemonic, ==, ZYDIS_MNEMONIC_MOV);
                        g_assert_cmpint(ops[0].reg.value, ==, zreg64(r));
                        check_mem(&ops[1], base, index, shift, disps[d]);
                        count++;
                    }
                }
            }
        }
    }
    g_test_message("%d memory operands decoded", count);
}

/* Zydis mnemonics are in alphabetical order: SETcc by condition code. */
static const ZydisMnemonic setcc_mnemonic[16] = {
    ZYDIS_MNEMONIC_SETO,   ZYDIS_MNEMONIC_SETNO,  ZYDIS_MNEMONIC_SETB,
    ZYDIS_MNEMONIC_SETNB,  ZYDIS_MNEMONIC_SETZ,   ZYDIS_MNEMONIC_SETNZ,
    ZYDIS_MNEMONIC_SETBE,  ZYDIS_MNEMONIC_SETNBE, ZYDIS_MNEMONIC_SETS,
    ZYDIS_MNEMONIC_SETNS,  ZYDIS_MNEMONIC_SETP,   ZYDIS_MNEMONIC_SETNP,
    ZYDIS_MNEMONIC_SETL,   ZYDIS_MNEMONIC_SETNL,  ZYDIS_MNEMONIC_SETLE,
    ZYDIS_MNEMONIC_SETNLE,
};

static void test_zydis_byte_registers_round_trip(void)
{
    ZydisDecodedInstruction insn;
    ZydisDecodedOperand ops[ZYDIS_MAX_OPERAND_COUNT];

    for (int r = 0; r < 16; r++) {
        for (int rm = 0; rm < 16; rm++) {
            Buf b;
            buf_init(&b);
            emit_modrm(&b.c, OPC_MOVZBL_GvEb, r, rm);
            decode_one(&b, &insn, ops);
            g_assert_cmpint(insn.mnemonic, ==, ZYDIS_MNEMONIC_MOVZX);
            g_assert_cmpint(ops[0].reg.value, ==, zreg32(r));
            g_assert_cmpint(ops[1].reg.value, ==, zreg8(rm));

            buf_init(&b);
            emit_modrm_offset(&b.c, OPC_MOVB_EbGb, r, rm, 0);
            decode_one(&b, &insn, ops);
            g_assert_cmpint(insn.mnemonic, ==, ZYDIS_MNEMONIC_MOV);
            check_mem(&ops[0], rm, -1, 0, 0);
            g_assert_cmpint(ops[1].reg.value, ==, zreg8(r));
        }
        for (int cc = 0; cc < 16; cc++) {
            Buf b;
            buf_init(&b);
            emit_modrm(&b.c, OPC_SETCC_Eb + cc, 0, r);
            decode_one(&b, &insn, ops);
            g_assert_cmpint(insn.mnemonic, ==, setcc_mnemonic[cc]);
            g_assert_cmpint(ops[0].reg.value, ==, zreg8(r));
        }
    }
}

static const int64_t imms[] = {
    0,          1, -1, 127, -128, 128, -129, 255, 0x7fffffff, -0x7fffffff - 1,
    0x12345678,
};

static void test_zydis_arith_imm_round_trip(void)
{
    static const ZydisMnemonic mn[8] = {
        ZYDIS_MNEMONIC_ADD, ZYDIS_MNEMONIC_OR,  ZYDIS_MNEMONIC_ADC,
        ZYDIS_MNEMONIC_SBB, ZYDIS_MNEMONIC_AND, ZYDIS_MNEMONIC_SUB,
        ZYDIS_MNEMONIC_XOR, ZYDIS_MNEMONIC_CMP,
    };
    ZydisDecodedInstruction insn;
    ZydisDecodedOperand ops[ZYDIS_MAX_OPERAND_COUNT];

    for (int op = 0; op < 8; op++) {
        for (int r = 0; r < 16; r++) {
            for (size_t i = 0; i < G_N_ELEMENTS(imms); i++) {
                for (int w = 0; w < 2; w++) {
                    Buf b;
                    buf_init(&b);
                    emit_arith_ri(&b.c, w ? P_REXW : 0, op, r, imms[i]);
                    decode_one(&b, &insn, ops);
                    g_assert_cmpint(insn.mnemonic, ==, mn[op]);
                    g_assert_cmpint(ops[0].reg.value, ==,
                                    w ? zreg64(r) : zreg32(r));
                    g_assert_cmpint(ops[1].type, ==,
                                    ZYDIS_OPERAND_TYPE_IMMEDIATE);
                    g_assert_cmpint(insn.raw.imm[0].size, ==,
                                    x86_fits_s8(imms[i]) ? 8 : 32);
                    g_assert_cmpint((int32_t)ops[1].imm.value.s, ==,
                                    (int32_t)imms[i]);
                }
            }
        }
    }
}

static void test_zydis_movi_round_trip(void)
{
    static const uint64_t vals[] = {
        0,
        1,
        0x7fffffff,
        0x80000000,
        0xffffffff,
        0x100000000ull,
        (uint64_t)-1,
        (uint64_t)INT32_MIN,
        0x123456789abcdef0ull,
    };
    ZydisDecodedInstruction insn;
    ZydisDecodedOperand ops[ZYDIS_MAX_OPERAND_COUNT];

    for (int r = 0; r < 16; r++) {
        for (size_t i = 0; i < G_N_ELEMENTS(vals); i++) {
            Buf b;
            uint64_t got;

            buf_init(&b);
            emit_movi(&b.c, r, vals[i], false);
            decode_one(&b, &insn, ops);
            g_assert_cmpint(ops[0].type, ==, ZYDIS_OPERAND_TYPE_REGISTER);
            g_assert_cmpint(ZydisRegisterGetId(ops[0].reg.value), ==, r);
            if (insn.mnemonic == ZYDIS_MNEMONIC_LEA) {
                ZydisCalcAbsoluteAddress(&insn, &ops[1], (uintptr_t)b.bytes,
                                         &got);
            } else {
                g_assert_cmpint(insn.mnemonic, ==, ZYDIS_MNEMONIC_MOV);
                got = ops[1].imm.value.u;
                if (insn.operand_width == 32) {
                    got = (uint32_t)got;
                }
            }
            g_assert_cmphex(got, ==, vals[i]);
        }
    }
}

static void test_zydis_vex_round_trip(void)
{
    static const struct {
        int opc;
        ZydisMnemonic mn;
        int order; /* 0: r, rm, v (SDM Gy,Ey,By); 1: r, v, rm (Gy,By,Ey) */
    } forms[] = {
        {OPC_SHLX_GyEyBy, ZYDIS_MNEMONIC_SHLX, 0},
        {OPC_SHRX_GyEyBy, ZYDIS_MNEMONIC_SHRX, 0},
        {OPC_SARX_GyEyBy, ZYDIS_MNEMONIC_SARX, 0},
        {OPC_BZHI_GyEyBy, ZYDIS_MNEMONIC_BZHI, 0},
        {OPC_BEXTR_GyEyBy, ZYDIS_MNEMONIC_BEXTR, 0},
        {OPC_ANDN_GyByEy, ZYDIS_MNEMONIC_ANDN, 1},
        {OPC_PDEP_GyByEy, ZYDIS_MNEMONIC_PDEP, 1},
        {OPC_PEXT_GyByEy, ZYDIS_MNEMONIC_PEXT, 1},
    };
    ZydisDecodedInstruction insn;
    ZydisDecodedOperand ops[ZYDIS_MAX_OPERAND_COUNT];

    for (size_t f = 0; f < G_N_ELEMENTS(forms); f++) {
        for (int w = 0; w < 2; w++) {
            for (int r = 0; r < 16; r++) {
                for (int v = 0; v < 16; v++) {
                    for (int rm = 0; rm < 16; rm += 3) {
                        Buf b;
                        ZydisRegister (*zr)(int) = w ? zreg64 : zreg32;
                        buf_init(&b);
                        emit_vex_modrm(&b.c, forms[f].opc | (w ? P_REXW : 0), r,
                                       v, rm);
                        decode_one(&b, &insn, ops);
                        g_assert_cmpint(insn.mnemonic, ==, forms[f].mn);
                        g_assert_cmpint(ops[0].reg.value, ==, zr(r));
                        g_assert_cmpint(ops[1].reg.value, ==,
                                        zr(forms[f].order ? v : rm));
                        g_assert_cmpint(ops[2].reg.value, ==,
                                        zr(forms[f].order ? rm : v));
                    }
                }
            }
        }
    }
}

static void test_zydis_vex_mem_round_trip(void)
{
    ZydisDecodedInstruction insn;
    ZydisDecodedOperand ops[ZYDIS_MAX_OPERAND_COUNT];

    for (int base = -1; base < 16; base++) {
        for (int index = -1; index < 16; index++) {
            Buf b;
            if (index == X86_RSP) {
                continue;
            }
            buf_init(&b);
            emit_vex_modrm_mem(&b.c, OPC_SARX_GyEyBy | P_REXW, X86_R9, X86_R14,
                               base, index, 2, 0x40);
            decode_one(&b, &insn, ops);
            g_assert_cmpint(insn.mnemonic, ==, ZYDIS_MNEMONIC_SARX);
            g_assert_cmpint(ops[0].reg.value, ==, zreg64(X86_R9));
            check_mem(&ops[1], base, index, index < 0 ? 0 : 2, 0x40);
            g_assert_cmpint(ops[2].reg.value, ==, zreg64(X86_R14));
        }
    }
}

static void test_zydis_zero_f_opcodes_round_trip(void)
{
    static const struct {
        int opc;
        ZydisMnemonic mn;
    } forms[] = {
        {OPC_LZCNT_GvEv, ZYDIS_MNEMONIC_LZCNT},
        {OPC_TZCNT_GvEv, ZYDIS_MNEMONIC_TZCNT},
        {OPC_POPCNT_GvEv, ZYDIS_MNEMONIC_POPCNT},
        {OPC_BSF_GvEv, ZYDIS_MNEMONIC_BSF},
        {OPC_BSR_GvEv, ZYDIS_MNEMONIC_BSR},
        {OPC_IMUL_GvEv, ZYDIS_MNEMONIC_IMUL},
        {OPC_CMOVCC_GvEv + JCC_L, ZYDIS_MNEMONIC_CMOVL},
        {OPC_MOVSWL_GvEw, ZYDIS_MNEMONIC_MOVSX},
    };
    ZydisDecodedInstruction insn;
    ZydisDecodedOperand ops[ZYDIS_MAX_OPERAND_COUNT];

    for (size_t f = 0; f < G_N_ELEMENTS(forms); f++) {
        for (int r = 0; r < 16; r++) {
            for (int rm = 0; rm < 16; rm++) {
                Buf b;
                buf_init(&b);
                emit_modrm(&b.c, forms[f].opc | P_REXW, r, rm);
                decode_one(&b, &insn, ops);
                g_assert_cmpint(insn.mnemonic, ==, forms[f].mn);
                g_assert_cmpint(ops[0].reg.value, ==, zreg64(r));
                g_assert_cmpint(ZydisRegisterGetId(ops[1].reg.value), ==, rm);
            }
        }
    }
    for (int r = 0; r < 16; r++) {
        Buf b;
        buf_init(&b);
        emit_modrm_offset(&b.c, OPC_MOVBE_GyMy | P_REXW, r, X86_R12, 8);
        decode_one(&b, &insn, ops);
        g_assert_cmpint(insn.mnemonic, ==, ZYDIS_MNEMONIC_MOVBE);
        g_assert_cmpint(ops[0].reg.value, ==, zreg64(r));
        check_mem(&ops[1], X86_R12, -1, 0, 8);

        buf_init(&b);
        emit_opc(&b.c, OPC_BSWAP_r + (r & 7), 0, r, X86_NOREG);
        decode_one(&b, &insn, ops);
        g_assert_cmpint(insn.mnemonic, ==, ZYDIS_MNEMONIC_BSWAP);
        g_assert_cmpint(ops[0].reg.value, ==, zreg32(r));
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    ZydisDecoderInit(&decoder64, ZYDIS_MACHINE_MODE_LONG_64,
                     ZYDIS_STACK_WIDTH_64);
    g_test_add_func("/x86_64-emit/mem/base_r12_needs_sib",
                    test_mem_base_r12_needs_sib);
    g_test_add_func("/x86_64-emit/mem/base_r13_needs_disp",
                    test_mem_base_r13_needs_disp);
    g_test_add_func("/x86_64-emit/mem/index_forms", test_mem_index_forms);
    g_test_add_func("/x86_64-emit/mem/rip_relative", test_mem_rip_relative);
    g_test_add_func("/x86_64-emit/byte_regs_need_rex", test_byte_regs_need_rex);
    g_test_add_func("/x86_64-emit/arith_imm8_or_imm32",
                    test_arith_imm8_or_imm32);
    g_test_add_func("/x86_64-emit/movi_picks_shortest",
                    test_movi_picks_shortest);
    g_test_add_func("/x86_64-emit/vex_bmi_encodings", test_vex_bmi_encodings);
    g_test_add_func("/x86_64-emit/branch_patching", test_branch_patching);
    g_test_add_func("/x86_64-emit/nops_fill_exactly", test_nops_fill_exactly);
    g_test_add_func("/x86_64-emit/call_and_jump_forms",
                    test_call_and_jump_forms);
    g_test_add_func("/x86_64-emit/reg_table_matches_abi",
                    test_reg_table_matches_abi);
    g_test_add_func("/x86_64-emit/zydis/mem_operands",
                    test_zydis_mem_operands_round_trip);
    g_test_add_func("/x86_64-emit/zydis/byte_registers",
                    test_zydis_byte_registers_round_trip);
    g_test_add_func("/x86_64-emit/zydis/arith_imm",
                    test_zydis_arith_imm_round_trip);
    g_test_add_func("/x86_64-emit/zydis/movi", test_zydis_movi_round_trip);
    g_test_add_func("/x86_64-emit/zydis/vex_reg", test_zydis_vex_round_trip);
    g_test_add_func("/x86_64-emit/zydis/vex_mem",
                    test_zydis_vex_mem_round_trip);
    g_test_add_func("/x86_64-emit/zydis/0f_map",
                    test_zydis_zero_f_opcodes_round_trip);
    return g_test_run();
}
