/*
 * The x86 decoder against Zydis, and tricky encodings from raw bytes.
 *
 * Random byte strings (biased towards prefixes, the 0F maps and VEX) are
 * decoded by Zydis and by target/i386/decode.c in 64-bit and 32-bit mode:
 *   - Zydis decodes, Peregrine decodes: the lengths must agree;
 *   - Zydis decodes, Peregrine says #UD: counted as not implemented, and the
 *     mnemonics are printed as a summary;
 *   - Zydis rejects, Peregrine decodes: a mismatch (a guest would see an
 *     instruction where the hardware raises #UD).
 * PEREGRINE_DECODE_COUNT sets the number of strings per mode (default
 * 200000); PEREGRINE_DECODE_SEED the seed (printed either way).
 */
#include <Zydis/Zydis.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "target/i386/decode.h"

/* -- Decoding from a buffer ------------------------------------------------ */

typedef struct ByteBuf {
    const uint8_t *bytes;
    size_t size;
} ByteBuf;

static uint8_t buf_fetch(void *opaque, uint64_t pc)
{
    const ByteBuf *b = opaque;

    g_assert_cmpuint(pc, <, b->size);
    return b->bytes[pc];
}

static X86DecodeStatus decode_bytes(const uint8_t *bytes, size_t size, int mode,
                                    X86DecodedInsn *d)
{
    ByteBuf buf = {bytes, size};
    X86DecodeEnv env = {
        .mode = mode,
        .vex_allowed = true,
        .features = ~(uint64_t)0,
        .fetch = buf_fetch,
        .opaque = &buf,
    };

    return x86_decode(&env, 0, d);
}

/* -- Table-driven encodings ------------------------------------------------ */

typedef struct Encoding {
    const char *what;
    int mode;
    uint8_t bytes[16];
    int len;          /* 0: must be #UD, -1: must be too long */
    X86Mnemonic mnem; /* when len > 0 */
} Encoding;

static const Encoding encodings[] = {
    {"mov rax, [rip+0]", 64, {0x48, 0x8b, 0x05, 0, 0, 0, 0}, 7, X86_INSN_MOV},
    {"mov al, ah (no REX: high byte)", 64, {0x88, 0xe0}, 2, X86_INSN_MOV},
    {"mov al, spl (REX)", 64, {0x40, 0x88, 0xe0}, 3, X86_INSN_MOV},
    {"mov rax, imm64",
     64,
     {0x48, 0xb8, 1, 2, 3, 4, 5, 6, 7, 8},
     10,
     X86_INSN_MOV},
    {"mov eax, imm32", 32, {0xb8, 1, 2, 3, 4}, 5, X86_INSN_MOV},
    {"mov ax, imm16", 32, {0x66, 0xb8, 1, 2}, 4, X86_INSN_MOV},
    {"mov al, moffs64", 64, {0xa0, 1, 2, 3, 4, 5, 6, 7, 8}, 9, X86_INSN_MOV},
    {"mov al, moffs32 (67)", 64, {0x67, 0xa0, 1, 2, 3, 4}, 6, X86_INSN_MOV},
    {"mov al, moffs16 (67)", 32, {0x67, 0xa0, 1, 2}, 4, X86_INSN_MOV},
    {"lea with SIB, no base",
     64,
     {0x8d, 0x04, 0x25, 1, 2, 3, 4},
     7,
     X86_INSN_LEA},
    {"16-bit addressing [bp+si+disp16]",
     32,
     {0x67, 0x8b, 0x82, 1, 2},
     5,
     X86_INSN_MOV},
    {"lea with a register operand is #UD", 64, {0x8d, 0xc0}, 0, 0},
    {"lock add to a register is #UD", 64, {0xf0, 0x01, 0xc0}, 0, 0},
    {"lock add to memory", 64, {0xf0, 0x01, 0x00}, 3, X86_INSN_ADD},
    {"lock mov is #UD", 64, {0xf0, 0x89, 0x00}, 0, 0},
    {"lock cmp is #UD", 64, {0xf0, 0x39, 0x00}, 0, 0},
    {"REX then legacy prefix: REX dropped",
     64,
     {0x48, 0x66, 0x90},
     3,
     X86_INSN_XCHG},
    {"push imm32 in 64-bit mode", 64, {0x68, 1, 2, 3, 4}, 5, X86_INSN_PUSH},
    {"push imm16 with 66", 64, {0x66, 0x68, 1, 2}, 4, X86_INSN_PUSH},
    {"jmp rel32 ignores 66 in 64-bit mode",
     64,
     {0x66, 0xe9, 1, 2, 3, 4},
     6,
     X86_INSN_JMP},
    {"jmp rel16 with 66 in 32-bit mode",
     32,
     {0x66, 0xe9, 1, 2},
     4,
     X86_INSN_JMP},
    {"enter iw, ib", 64, {0xc8, 1, 2, 3}, 4, X86_INSN_ENTER},
    {"inc eax is one byte in 32-bit mode", 32, {0x40}, 1, X86_INSN_INC},
    {"push es is #UD in 64-bit mode", 64, {0x06}, 0, 0},
    {"mov rax, cr8 (REX.R)",
     64,
     {0x44, 0x0f, 0x20, 0xc0},
     4,
     X86_INSN_MOV_FROM_CR},
    {"mov cr1 is #UD", 64, {0x0f, 0x22, 0xc8}, 0, 0},
    {"mov cr9 is #UD", 64, {0x44, 0x0f, 0x22, 0xc8}, 0, 0},
    {"mov dr8 is #UD", 64, {0x44, 0x0f, 0x21, 0xc0}, 0, 0},
    {"mov eax, dr7", 32, {0x0f, 0x21, 0xf8}, 3, X86_INSN_MOV_FROM_DR},
    {"mov cr0, eax ignores mod: no displacement",
     32,
     {0x0f, 0x22, 0x40, 0x99},
     3,
     X86_INSN_MOV_TO_CR},
    {"mov rcx, dr0 ignores mod: no SIB",
     64,
     {0x0f, 0x21, 0x04, 0x99},
     3,
     X86_INSN_MOV_FROM_DR},
    {"bound eax, [ecx]", 32, {0x62, 0x01}, 2, X86_INSN_BOUND},
    {"bound ax, [bx+si+disp8]",
     32,
     {0x66, 0x67, 0x62, 0x40, 0x10},
     5,
     X86_INSN_BOUND},
    {"bound with a register operand is EVEX: #UD", 32, {0x62, 0xc1}, 0, 0},
    {"62 in 64-bit mode is EVEX: #UD", 64, {0x62, 0x01}, 0, 0},
    {"prefetchw [rax+disp32]",
     64,
     {0x0f, 0x0d, 0x88, 1, 2, 3, 4},
     7,
     X86_INSN_NOP},
    {"0f 0d with a register operand is a NOP",
     64,
     {0x0f, 0x0d, 0xc0},
     3,
     X86_INSN_NOP},
    {"0f 18 /1 with a register operand is a NOP",
     64,
     {0x0f, 0x18, 0xc8},
     3,
     X86_INSN_NOP},
    {"rdrand r64", 64, {0x48, 0x0f, 0xc7, 0xf0}, 4, X86_INSN_RDRAND},
    {"rdseed cx", 32, {0x66, 0x0f, 0xc7, 0xf9}, 4, X86_INSN_RDSEED},
    {"rdrand with a memory operand is #UD", 64, {0x0f, 0xc7, 0x30}, 0, 0},
    {"rdrand with f3 is #UD (senduipi)", 64, {0xf3, 0x0f, 0xc7, 0xf0}, 0, 0},
    {"invlpg [eax]", 32, {0x0f, 0x01, 0x38}, 3, X86_INSN_INVLPG},
    {"invlpg with a register operand is #UD", 32, {0x0f, 0x01, 0xf8}, 0, 0},
    {"aam in 32-bit mode", 32, {0xd4, 0x0a}, 2, X86_INSN_AAM},
    {"movsxd", 64, {0x48, 0x63, 0xc1}, 3, X86_INSN_MOVSXD},
    {"les in 32-bit mode (mod != 3)", 32, {0xc4, 0x00}, 2, X86_INSN_LFP},
    {"andn (VEX 3-byte)", 64, {0xc4, 0xe2, 0x78, 0xf2, 0xc1}, 5, X86_INSN_ANDN},
    {"andn with VEX.L=1 is #UD", 64, {0xc4, 0xe2, 0x7c, 0xf2, 0xc1}, 0, 0},
    {"andn in 32-bit mode (C4, mod 3)",
     32,
     {0xc4, 0xe2, 0x78, 0xf2, 0xc1},
     5,
     X86_INSN_ANDN},
    {"VEX after 66 is #UD", 64, {0x66, 0xc4, 0xe2, 0x78, 0xf2, 0xc1}, 0, 0},
    {"rorx with imm8",
     64,
     {0xc4, 0xe3, 0xfb, 0xf0, 0xc1, 0x05},
     6,
     X86_INSN_RORX},
    {"blsr is group 17 /1",
     64,
     {0xc4, 0xe2, 0x78, 0xf3, 0xc9},
     5,
     X86_INSN_BLSR},
    {"popcnt needs F3", 64, {0xf3, 0x48, 0x0f, 0xb8, 0xc1}, 5, X86_INSN_POPCNT},
    {"0F B8 without F3 is #UD", 64, {0x0f, 0xb8, 0xc1}, 0, 0},
    {"tzcnt", 64, {0xf3, 0x0f, 0xbc, 0xc1}, 4, X86_INSN_TZCNT},
    {"bsf", 64, {0x0f, 0xbc, 0xc1}, 3, X86_INSN_BSF},
    {"adcx (66 mandatory)",
     64,
     {0x66, 0x0f, 0x38, 0xf6, 0xc1},
     5,
     X86_INSN_ADCX},
    {"adox (F3 mandatory)",
     64,
     {0xf3, 0x0f, 0x38, 0xf6, 0xc1},
     5,
     X86_INSN_ADOX},
    {"movbe load", 64, {0x0f, 0x38, 0xf0, 0x00}, 4, X86_INSN_MOVBE},
    {"movbe from a register is #UD", 64, {0x0f, 0x38, 0xf0, 0xc0}, 0, 0},
    {"cmpxchg16b", 64, {0xf0, 0x48, 0x0f, 0xc7, 0x0f}, 5, X86_INSN_CMPXCHG16B},
    {"cmpxchg8b", 64, {0xf0, 0x0f, 0xc7, 0x0f}, 4, X86_INSN_CMPXCHG8B},
    {"rdtscp", 64, {0x0f, 0x01, 0xf9}, 3, X86_INSN_RDTSCP},
    {"ud2", 64, {0x0f, 0x0b}, 2, X86_INSN_UD},
    {"nop ev (0F 1F /0) with SIB and disp32",
     64,
     {0x66, 0x0f, 0x1f, 0x84, 0, 0, 0, 0, 0},
     9,
     X86_INSN_NOP},
    {"mov to cs is #UD", 64, {0x8e, 0xc8}, 0, 0},
    {"15 bytes is fine",
     64,
     {0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
      0x66, 0x66, 0x90},
     15,
     X86_INSN_XCHG},
    {"16 bytes is too long",
     64,
     {0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
      0x66, 0x66, 0x66, 0x90},
     -1,
     0},
};

static void test_tricky_encodings_decode_as_the_sdm_says(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(encodings); i++) {
        const Encoding *t = &encodings[i];
        X86DecodedInsn d;
        X86DecodeStatus st =
            decode_bytes(t->bytes, sizeof(t->bytes), t->mode, &d);

        g_test_message("%s", t->what);
        if (t->len > 0) {
            g_assert_cmpint(st, ==, X86_DECODE_OK);
            g_assert_cmpint(d.len, ==, t->len);
            g_assert_cmpint(d.e->mnem, ==, t->mnem);
        } else if (t->len == 0) {
            g_assert_cmpint(st, ==, X86_DECODE_UD);
        } else {
            g_assert_cmpint(st, ==, X86_DECODE_TOO_LONG);
        }
    }
}

static void test_operands_of_known_encodings(void)
{
    X86DecodedInsn d;
    static const uint8_t rip_rel[] = {0x4c, 0x8b, 0x15, 0x10, 0, 0, 0};
    static const uint8_t high8[] = {0x88, 0xe7}; /* mov bh, ah */
    static const uint8_t sib[] = {0x42, 0x8b, 0x44, 0xa5,
                                  0xf8}; /* mov eax,[rbp+r12*4-8] */
    static const uint8_t fs_ovr[] = {0x64, 0x48, 0x8b, 0x04, 0x25,
                                     0x28, 0,    0,    0};
    static const uint8_t mov_cr_mod0[] = {0x41, 0x0f, 0x22,
                                          0x1c}; /* mov cr3, r12 */

    g_assert_cmpint(decode_bytes(rip_rel, sizeof(rip_rel), 64, &d), ==,
                    X86_DECODE_OK);
    g_assert_true(d.ea.rip_rel);
    g_assert_cmpint(d.ea.disp, ==, 0x10);
    g_assert_cmpint(d.op[0].reg, ==, 10);
    g_assert_cmpint(d.op[0].ot, ==, MO_64);

    g_assert_cmpint(decode_bytes(high8, sizeof(high8), 64, &d), ==,
                    X86_DECODE_OK);
    g_assert_true(d.op[0].high8);
    g_assert_cmpint(d.op[0].reg, ==, R_EBX);
    g_assert_true(d.op[1].high8);
    g_assert_cmpint(d.op[1].reg, ==, R_EAX);

    g_assert_cmpint(decode_bytes(sib, sizeof(sib), 64, &d), ==, X86_DECODE_OK);
    g_assert_cmpint(d.ea.base, ==, R_EBP);
    g_assert_cmpint(d.ea.index, ==, 12);
    g_assert_cmpint(d.ea.scale, ==, 2);
    g_assert_cmpint(d.ea.disp, ==, -8);
    g_assert_cmpint(d.ea.seg, ==, R_SS);
    g_assert_cmpint(d.op[0].ot, ==, MO_32);

    g_assert_cmpint(decode_bytes(fs_ovr, sizeof(fs_ovr), 64, &d), ==,
                    X86_DECODE_OK);
    g_assert_cmpint(d.ea.seg, ==, R_FS);
    g_assert_cmpint(d.ea.base, ==, -1);
    g_assert_cmpint(d.ea.index, ==, -1);
    g_assert_cmpint(d.ea.disp, ==, 0x28);

    /* MOV to CR with mod 0 and r/m 4: a register, not a SIB memory operand. */
    g_assert_cmpint(decode_bytes(mov_cr_mod0, sizeof(mov_cr_mod0), 64, &d), ==,
                    X86_DECODE_OK);
    g_assert_false(d.has_ea);
    g_assert_cmpint(d.op[0].kind, ==, X86_OP_SYSREG);
    g_assert_cmpint(d.op[0].reg, ==, 3);
    g_assert_cmpint(d.op[1].kind, ==, X86_OP_REG);
    g_assert_cmpint(d.op[1].reg, ==, 12);
    g_assert_cmpint(d.op[1].ot, ==, MO_64);
}

/* -- Random strings against Zydis ------------------------------------------ */

/* One random candidate instruction: a bias towards the interesting parts. */
static void random_insn(GRand *r, uint8_t *p, size_t size)
{
    static const uint8_t prefixes[] = {0x66, 0x67, 0xf0, 0xf2, 0xf3, 0x2e,
                                       0x64, 0x65, 0x48, 0x41, 0x4c, 0x40};
    size_t at = 0;

    for (size_t i = 0; i < size; i++) {
        p[i] = g_rand_int_range(r, 0, 256);
    }
    switch (g_rand_int_range(r, 0, 8)) {
    case 0:
    case 1:
        return; /* pure random */
    case 2:
        for (int n = g_rand_int_range(r, 1, 4); n > 0; n--) {
            p[at++] = prefixes[g_rand_int_range(r, 0, G_N_ELEMENTS(prefixes))];
        }
        return;
    case 3:
    case 4:
        if (g_rand_boolean(r)) {
            p[at++] = prefixes[g_rand_int_range(r, 0, G_N_ELEMENTS(prefixes))];
        }
        p[at++] = 0x0f;
        return;
    case 5:
        if (g_rand_boolean(r)) {
            p[at++] = prefixes[g_rand_int_range(r, 0, 5)];
        }
        p[at++] = 0x0f;
        p[at++] = g_rand_boolean(r) ? 0x38 : 0x3a;
        p[at++] = 0xf0 | g_rand_int_range(r, 0, 16);
        return;
    default:
        p[at++] = 0xc4;
        p[at++] = (g_rand_int_range(r, 0, 8) << 5) | g_rand_int_range(r, 1, 4);
        at++;
        p[at++] = 0xf0 | g_rand_int_range(r, 0, 16);
        return;
    }
}

static void print_bytes(GString *s, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        g_string_append_printf(s, "%02x ", p[i]);
    }
}

static gint by_count_desc(gconstpointer a, gconstpointer b, gpointer counts)
{
    guint ca = GPOINTER_TO_UINT(g_hash_table_lookup(counts, *(char *const *)a));
    guint cb = GPOINTER_TO_UINT(g_hash_table_lookup(counts, *(char *const *)b));

    return cb > ca   ? 1
           : cb < ca ? -1
                     : strcmp(*(char *const *)a, *(char *const *)b);
}

static void compare_with_zydis(int mode)
{
    const char *env_count = g_getenv("PEREGRINE_DECODE_COUNT");
    const char *env_seed = g_getenv("PEREGRINE_DECODE_SEED");
    unsigned count = env_count ? strtoul(env_count, NULL, 0) : 200000;
    guint32 seed = env_seed ? strtoul(env_seed, NULL, 0) : 0x5eed1234u;
    GRand *r = g_rand_new_with_seed(seed + mode);
    GHashTable *unimpl = g_hash_table_new(g_str_hash, g_str_equal);
    GString *report = g_string_new(NULL);
    ZydisDecoder zd;
    unsigned agree = 0, not_impl = 0, mismatches = 0, both_invalid = 0;

    ZydisDecoderInit(&zd,
                     mode == 64 ? ZYDIS_MACHINE_MODE_LONG_64
                                : ZYDIS_MACHINE_MODE_LEGACY_32,
                     mode == 64 ? ZYDIS_STACK_WIDTH_64 : ZYDIS_STACK_WIDTH_32);
    g_test_message("mode %d: seed 0x%x, %u strings", mode, seed, count);
    for (unsigned i = 0; i < count; i++) {
        uint8_t p[24];
        ZydisDecodedInstruction zi;
        X86DecodedInsn d;
        bool zok;
        X86DecodeStatus st;

        random_insn(r, p, sizeof(p));
        zok = ZYAN_SUCCESS(
            ZydisDecoderDecodeInstruction(&zd, NULL, p, sizeof(p), &zi));
        st = decode_bytes(p, sizeof(p), mode, &d);
        if (zok && st == X86_DECODE_OK) {
            if (zi.length == d.len) {
                agree++;
                continue;
            }
        } else if (zok) {
            const char *m = ZydisMnemonicGetString(zi.mnemonic);

            g_hash_table_insert(
                unimpl, (gpointer)m,
                GUINT_TO_POINTER(
                    GPOINTER_TO_UINT(g_hash_table_lookup(unimpl, m)) + 1));
            not_impl++;
            continue;
        } else if (st != X86_DECODE_OK) {
            both_invalid++;
            continue;
        }
        if (++mismatches <= 40) {
            g_string_append_printf(report, "  mode %d: ", mode);
            print_bytes(report, p, 16);
            g_string_append_printf(
                report, "zydis %s len %d, peregrine %s len %d\n",
                zok ? ZydisMnemonicGetString(zi.mnemonic) : "invalid",
                zok ? zi.length : 0,
                st == X86_DECODE_OK ? x86_mnemonic_name(d.e->mnem) : "invalid",
                d.len);
        }
    }

    g_test_message(
        "mode %d: %u agree, %u both invalid, %u not implemented, %u mismatches",
        mode, agree, both_invalid, not_impl, mismatches);
    if (g_test_verbose() || g_getenv("PEREGRINE_DECODE_SUMMARY")) {
        GPtrArray *names = g_ptr_array_new();
        GString *line = g_string_new(NULL);
        GHashTableIter it;
        gpointer key;

        g_hash_table_iter_init(&it, unimpl);
        while (g_hash_table_iter_next(&it, &key, NULL)) {
            g_ptr_array_add(names, key);
        }

        g_ptr_array_sort_with_data(names, by_count_desc, unimpl);
        for (guint k = 0; k < names->len; k++) {
            const char *m = g_ptr_array_index(names, k);

            g_string_append_printf(
                line, "%s%s(%u)", k ? " " : "", m,
                GPOINTER_TO_UINT(g_hash_table_lookup(unimpl, m)));
        }
        g_test_message("mode %d not implemented (%u mnemonics): %s", mode,
                       names->len, line->str);
        g_string_free(line, TRUE);
        g_ptr_array_unref(names);
    }
    if (mismatches) {
        g_test_message("mismatches (first 40):\n%s", report->str);
    }
    g_assert_cmpuint(mismatches, ==, 0);
    g_assert_cmpuint(agree, >, count / 10);
    g_string_free(report, TRUE);
    g_hash_table_unref(unimpl);
    g_rand_free(r);
}

static void test_lengths_agree_with_zydis_64(void)
{
    compare_with_zydis(64);
}

static void test_lengths_agree_with_zydis_32(void)
{
    compare_with_zydis(32);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/x86/decode/tricky-encodings",
                    test_tricky_encodings_decode_as_the_sdm_says);
    g_test_add_func("/x86/decode/operands", test_operands_of_known_encodings);
    g_test_add_func("/x86/decode/zydis-64", test_lengths_agree_with_zydis_64);
    g_test_add_func("/x86/decode/zydis-32", test_lengths_agree_with_zydis_32);
    return g_test_run();
}
