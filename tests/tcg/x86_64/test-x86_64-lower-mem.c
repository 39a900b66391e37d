/*
 * Tests of the x86-64 lowering of memory ops (x86_64-lower-mem.c) through
 * the harness of lower-harness.h.
 *
 * Host loads/stores: every width and extension at random offsets (small,
 * and beyond +-2 GiB), constant and register data.
 *
 * Guest loads/stores through a fake TLB (layout: exec/tlb-common.h): two
 * mapped pages, and per access one of: a hit (memory read/written, no
 * helper call), a misaligned address, a tag mismatch (another page at the
 * same index), an MMIO flag in the tag, a page without write access.
 * All but hits and loads from the read-only page must call the
 * slow-path helper with env, the full address, the MemOpIdx and a retaddr
 * inside the op's code, and extend its result as the MemOp says.
 */
#include <glib.h>
#include <stddef.h>
#include <string.h>

#include "lower-harness.h"
#include "tcg/x86_64-backend.h"
#include "x86_64-emit.h"

/* -- Host loads and stores ------------------------------------------------- */

static uint8_t host_buf[256];

typedef struct HostOp {
    TCGOpcode opc;
    int bytes;          /* access size */
    bool sign;          /* loads: sign-extend */
} HostOp;

static const HostOp host_ops[] = {
    { INDEX_op_ld8u_i32, 1, false }, { INDEX_op_ld8s_i32, 1, true },
    { INDEX_op_ld16u_i32, 2, false }, { INDEX_op_ld16s_i32, 2, true },
    { INDEX_op_ld_i32, 4, false },
    { INDEX_op_ld8u_i64, 1, false }, { INDEX_op_ld8s_i64, 1, true },
    { INDEX_op_ld16u_i64, 2, false }, { INDEX_op_ld16s_i64, 2, true },
    { INDEX_op_ld32u_i64, 4, false }, { INDEX_op_ld32s_i64, 4, true },
    { INDEX_op_ld_i64, 8, false },
    { INDEX_op_st8_i32, 1 }, { INDEX_op_st16_i32, 2 }, { INDEX_op_st_i32, 4 },
    { INDEX_op_st8_i64, 1 }, { INDEX_op_st16_i64, 2 }, { INDEX_op_st32_i64, 4 },
    { INDEX_op_st_i64, 8 },
};

static uint64_t read_le(const uint8_t *p, int bytes)
{
    uint64_t v = 0;

    memcpy(&v, p, bytes);
    return v;
}

/* One host load or store at a random offset; false on a mismatch. */
static bool run_host_op(GRand *rng, const HostOp *h)
{
    const TCGOpDef *def = &tcg_op_defs[h->opc];
    bool is_st = def->nb_oargs == 0;
    int w = tcg_op_type(h->opc) == TCG_TYPE_I64 ? 64 : 32;
    int off = g_rand_int_range(rng, 0, sizeof(host_buf) - 8);
    /* Half the time the base is 8 GiB below and the offset makes it up. */
    intptr_t bias = g_rand_boolean(rng) ? ((intptr_t)8 << 30) : 0;
    uint8_t before[sizeof(host_buf)];
    uint64_t in[2];
    Instance inst;

    for (size_t i = 0; i < sizeof(host_buf); i++) {
        host_buf[i] = g_rand_int(rng);
    }
    memcpy(before, host_buf, sizeof(before));
    memset(&inst, 0, sizeof(inst));
    inst.args[def->nb_oargs + def->nb_iargs] = off + bias;
    if (is_st) {
        in[0] = harness_rand_value(rng);
        in[1] = (uintptr_t)host_buf - bias;
    } else {
        in[0] = (uintptr_t)host_buf - bias;
    }
    if (!harness_choose(rng, &inst, h->opc, in, true)) {
        return true;
    }
    harness_run(rng, &inst, in);
    if (is_st) {
        uint64_t data = inst.const_args[0] ? (uint64_t)inst.args[0] : in[0];
        memcpy(before + off, &data, h->bytes);
        if (memcmp(before, host_buf, sizeof(host_buf)) != 0) {
            g_test_message("%s: memory differs (offset %d)", def->name, off);
            return false;
        }
    } else {
        uint64_t v = read_le(host_buf + off, h->bytes);
        uint64_t want = zx(h->sign ? sx(v, 8 * h->bytes) : v, w);
        uint64_t got = zx(harness_reg_out(inst.args[0]), w);
        if (got != want) {
            g_test_message("%s: got %#" G_GINT64_MODIFIER "x want %#"
                           G_GINT64_MODIFIER "x", def->name, got, want);
            return false;
        }
    }
    return harness_check_preserved(&inst);
}

static void test_host_loads_and_stores(void)
{
    GRand *rng = g_rand_new_with_seed(42);

    for (size_t k = 0; k < G_N_ELEMENTS(host_ops); k++) {
        for (int n = 0; n < 200; n++) {
            if (!run_host_op(rng, &host_ops[k])) {
                g_test_fail();
                break;
            }
        }
    }
    g_rand_free(rng);
}

/* -- Guest loads and stores ------------------------------------------------ */

#define GUEST_PAGE0 0x00007f1234560000ull
#define GUEST_PAGE1 (GUEST_PAGE0 + TARGET_PAGE_SIZE)
/* Same TLB index as page 0, different tag. */
#define GUEST_ALIAS (GUEST_PAGE0 + HARNESS_TLB_ENTRIES * TARGET_PAGE_SIZE)

static uint8_t guest_ram[2][TARGET_PAGE_SIZE] __attribute__((aligned(4096)));

/* What the slow-path helpers saw, and what a load returns. */
static struct {
    int calls;
    void *env;
    uint64_t addr;
    uint64_t val;
    MemOpIdx oi;
    uintptr_t ra;
    uint64_t ret;       /* value a load helper returns (before masking) */
} slow;

static uint64_t slow_ld(void *env, uint64_t addr, MemOpIdx oi, uintptr_t ra)
{
    slow.calls++;
    slow.env = env;
    slow.addr = addr;
    slow.oi = oi;
    slow.ra = ra;
    /* Helpers return the value zero-extended from its size. */
    return zx(slow.ret, 8 * memop_size(get_memop(oi)));
}

static void slow_st(void *env, uint64_t addr, uint64_t val, MemOpIdx oi,
                    uintptr_t ra)
{
    slow.calls++;
    slow.env = env;
    slow.addr = addr;
    slow.val = val;
    slow.oi = oi;
    slow.ra = ra;
}

static const TCGMemHelpers slow_helpers = {
    .ld = { slow_ld, slow_ld, slow_ld, slow_ld },
    .st = { slow_st, slow_st, slow_st, slow_st },
};

static void tlb_map(uint64_t page, uint8_t *host, uint64_t flags)
{
    CPUTLBEntry *e = &harness_env.table[(page >> TARGET_PAGE_BITS)
                                        % HARNESS_TLB_ENTRIES];

    e->addr_read = page | flags;
    e->addr_write = page | flags;
    e->addr_code = page | flags;
    e->addend = (uintptr_t)host - page;
}

/* Every MMU index sees the same table; pages 0 and 1 mapped. */
static void tlb_reset(void)
{
    for (int i = 0; i < NB_MMU_MODES; i++) {
        harness_env.tlb[i].mask = (HARNESS_TLB_ENTRIES - 1)
                                  << CPU_TLB_ENTRY_BITS;
        harness_env.tlb[i].table = harness_env.table;
    }
    for (int i = 0; i < HARNESS_TLB_ENTRIES; i++) {
        harness_env.table[i].addr_read = ~0ull;
        harness_env.table[i].addr_write = ~0ull;
        harness_env.table[i].addr_code = ~0ull;
    }
    tlb_map(GUEST_PAGE0, guest_ram[0], 0);
    tlb_map(GUEST_PAGE1, guest_ram[1], 0);
}

typedef enum {
    HIT, MISALIGNED, TAG_MISMATCH, MMIO, READ_ONLY, NB_KINDS
} AccessKind;

static const char *const kind_names[] = {
    "hit", "misaligned", "tag mismatch", "mmio", "read-only page",
};

/* One guest access of random kind, size and MMU index. */
static bool run_guest_op(GRand *rng, TCGOpcode opc)
{
    bool is_st = opc == INDEX_op_qemu_st_i32 || opc == INDEX_op_qemu_st_i64;
    int w = tcg_op_type(opc) == TCG_TYPE_I64 ? 64 : 32;
    MemOp size = g_rand_int_range(rng, MO_8, w == 64 ? MO_64 + 1 : MO_32 + 1);
    MemOp memop = size | (!is_st && g_rand_boolean(rng) ? MO_SIGN : 0);
    unsigned bytes = memop_size(memop);
    unsigned mmu = g_rand_int_range(rng, 0, NB_MMU_MODES);
    MemOpIdx oi = make_memop_idx(memop, mmu);
    AccessKind kind = g_rand_int_range(rng, 0, NB_KINDS);
    int page = g_rand_int_range(rng, 0, 2);
    unsigned off = g_rand_int_range(rng, 0, TARGET_PAGE_SIZE / bytes) * bytes;
    uint64_t addr, in[2], got, want;
    uint8_t before[2][TARGET_PAGE_SIZE];
    bool want_slow = kind != HIT && (kind != READ_ONLY || is_st);
    Instance inst;

    if (kind == MISALIGNED && bytes == 1) {
        kind = HIT;
        want_slow = false;
    }
    tlb_reset();
    addr = (page ? GUEST_PAGE1 : GUEST_PAGE0) + off;
    if (kind == MISALIGNED) {
        addr = (page ? GUEST_PAGE1 : GUEST_PAGE0)
               + g_rand_int_range(rng, 1, TARGET_PAGE_SIZE - bytes);
        addr |= (addr & (bytes - 1)) ? 0 : 1;
    } else if (kind == TAG_MISMATCH) {
        addr = GUEST_ALIAS + off;
        page = 0;
    } else if (kind == MMIO) {
        tlb_map(page ? GUEST_PAGE1 : GUEST_PAGE0, guest_ram[page], TLB_MMIO);
    } else if (kind == READ_ONLY) {
        /* Loads hit; stores must compare against addr_write and miss. */
        harness_env.table[((page ? GUEST_PAGE1 : GUEST_PAGE0)
                           >> TARGET_PAGE_BITS) % HARNESS_TLB_ENTRIES]
            .addr_write = ~0ull;
    }
    for (size_t i = 0; i < sizeof(guest_ram); i++) {
        (&guest_ram[0][0])[i] = g_rand_int(rng);
    }
    memcpy(before, guest_ram, sizeof(before));
    memset(&slow, 0, sizeof(slow));
    slow.ret = harness_rand_value(rng);

    memset(&inst, 0, sizeof(inst));
    if (is_st) {
        in[0] = harness_rand_value(rng);
        in[1] = addr;
        inst.args[2] = oi;
    } else {
        in[0] = addr;
        inst.args[2] = oi;
    }
    if (!harness_choose(rng, &inst, opc, in, false)) {
        return true;
    }
    harness_run(rng, &inst, in);

    if (slow.calls != (want_slow ? 1 : 0)) {
        g_test_message("%s %s size %u: %d slow-path calls",
                       tcg_op_defs[opc].name, kind_names[kind], bytes,
                       slow.calls);
        return false;
    }
    if (want_slow
        && (slow.env != &harness_env || slow.addr != addr || slow.oi != oi
            || slow.ra < inst.op_start || slow.ra >= inst.op_end)) {
        g_test_message("%s %s: helper got env %p addr %#" G_GINT64_MODIFIER
                       "x oi %#x ra %#lx (op at %#lx..%#lx)",
                       tcg_op_defs[opc].name, kind_names[kind], slow.env,
                       slow.addr, slow.oi, (unsigned long)slow.ra,
                       (unsigned long)inst.op_start,
                       (unsigned long)inst.op_end);
        return false;
    }
    if (is_st) {
        if (want_slow) {
            if (slow.val != zx(in[0], 8 * bytes)
                || memcmp(before, guest_ram, sizeof(before)) != 0) {
                g_test_message("%s %s: helper val %#" G_GINT64_MODIFIER
                               "x, or memory written", tcg_op_defs[opc].name,
                               kind_names[kind], slow.val);
                return false;
            }
        } else {
            memcpy(before[page] + off, &in[0], bytes);
            if (memcmp(before, guest_ram, sizeof(before)) != 0) {
                g_test_message("%s hit size %u: memory differs",
                               tcg_op_defs[opc].name, bytes);
                return false;
            }
        }
    } else {
        uint64_t v = want_slow ? zx(slow.ret, 8 * bytes)
                               : read_le(guest_ram[page] + off, bytes);
        want = zx((memop & MO_SIGN) ? sx(v, 8 * bytes) : v, w);
        got = zx(harness_reg_out(inst.args[0]), w);
        if (got != want) {
            g_test_message("%s %s memop %#x: got %#" G_GINT64_MODIFIER
                           "x want %#" G_GINT64_MODIFIER "x",
                           tcg_op_defs[opc].name, kind_names[kind], memop, got,
                           want);
            return false;
        }
    }
    return harness_check_preserved(&inst);
}

static void sweep_guest(TCGOpcode opc)
{
    GRand *rng = g_rand_new_with_seed(7 + opc);

    harness_ctx.tlb_fast_offset = offsetof(HarnessEnv, tlb);
    harness_ctx.mem_helpers = &slow_helpers;
    for (int n = 0; n < 2000; n++) {
        if (!run_guest_op(rng, opc)) {
            g_test_fail();
            break;
        }
    }
    g_rand_free(rng);
}

static void test_guest_ld_i32(void)
{
    sweep_guest(INDEX_op_qemu_ld_i32);
}

static void test_guest_ld_i64(void)
{
    sweep_guest(INDEX_op_qemu_ld_i64);
}

static void test_guest_st_i32(void)
{
    sweep_guest(INDEX_op_qemu_st_i32);
}

static void test_guest_st_i64(void)
{
    sweep_guest(INDEX_op_qemu_st_i64);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    harness_init();
    g_test_add_func("/x86_64-lower/mem/host_loads_and_stores",
                    test_host_loads_and_stores);
    g_test_add_func("/x86_64-lower/mem/guest_ld_i32_hit_and_slow_paths",
                    test_guest_ld_i32);
    g_test_add_func("/x86_64-lower/mem/guest_ld_i64_hit_and_slow_paths",
                    test_guest_ld_i64);
    g_test_add_func("/x86_64-lower/mem/guest_st_i32_hit_and_slow_paths",
                    test_guest_st_i32);
    g_test_add_func("/x86_64-lower/mem/guest_st_i64_hit_and_slow_paths",
                    test_guest_st_i64);
    return g_test_run();
}
