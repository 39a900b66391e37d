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
 * inside the op's code, and extend its result as the MemOp says.  128-bit
 * pairs (qemu_ld2/st2): the same kinds, a 16-byte tag, and two 64-bit
 * helper calls (addr, addr + 8) on the slow path.
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
    TCGType type;
    int bytes; /* access size */
    bool sign; /* loads: sign-extend */
} HostOp;

#define I32 TCG_TYPE_I32
#define I64 TCG_TYPE_I64

static const HostOp host_ops[] = {
    {INDEX_op_ld8u, I32, 1, false},
    {INDEX_op_ld8s, I32, 1, true},
    {INDEX_op_ld16u, I32, 2, false},
    {INDEX_op_ld16s, I32, 2, true},
    {INDEX_op_ld, I32, 4, false},
    {INDEX_op_ld8u, I64, 1, false},
    {INDEX_op_ld8s, I64, 1, true},
    {INDEX_op_ld16u, I64, 2, false},
    {INDEX_op_ld16s, I64, 2, true},
    {INDEX_op_ld32u_i64, I64, 4, false},
    {INDEX_op_ld32s_i64, I64, 4, true},
    {INDEX_op_ld, I64, 8, false},
    {INDEX_op_st8, I32, 1},
    {INDEX_op_st16, I32, 2},
    {INDEX_op_st, I32, 4},
    {INDEX_op_st8, I64, 1},
    {INDEX_op_st16, I64, 2},
    {INDEX_op_st32_i64, I64, 4},
    {INDEX_op_st, I64, 8},
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
    const char *name = tcg_op_name(h->opc, h->type);
    bool is_st = def->nb_oargs == 0;
    int w = h->type == TCG_TYPE_I64 ? 64 : 32;
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
    if (!harness_choose(rng, &inst, h->opc, h->type, in, true)) {
        return true;
    }
    harness_run(rng, &inst, in);
    if (is_st) {
        uint64_t data = inst.const_args[0] ? (uint64_t)inst.args[0] : in[0];
        memcpy(before + off, &data, h->bytes);
        if (memcmp(before, host_buf, sizeof(host_buf)) != 0) {
            g_test_message("%s: memory differs (offset %d)", name, off);
            return false;
        }
    } else {
        uint64_t v = read_le(host_buf + off, h->bytes);
        uint64_t want = zx(h->sign ? sx(v, 8 * h->bytes) : v, w);
        uint64_t got = zx(harness_reg_out(inst.args[0]), w);
        if (got != want) {
            g_test_message("%s: got %#" G_GINT64_MODIFIER
                           "x want %#" G_GINT64_MODIFIER "x",
                           name, got, want);
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

/* One slow-path helper call as the helper saw it. */
typedef struct SlowCall {
    void *env;
    uint64_t addr;
    uint64_t val;
    MemOpIdx oi;
    uintptr_t ra;
} SlowCall;

/* The calls made (a 128-bit pair makes two), and what loads return. */
static struct {
    int calls;
    SlowCall call[2];
    uint64_t ret[2]; /* value load call N returns (before masking) */
} slow;

static SlowCall *slow_record(void *env, uint64_t addr, MemOpIdx oi,
                             uintptr_t ra)
{
    SlowCall *c = &slow.call[slow.calls < 2 ? slow.calls : 1];

    slow.calls++;
    c->env = env;
    c->addr = addr;
    c->oi = oi;
    c->ra = ra;
    return c;
}

static uint64_t slow_ld(void *env, uint64_t addr, MemOpIdx oi, uintptr_t ra)
{
    int n = slow.calls < 2 ? slow.calls : 1;

    slow_record(env, addr, oi, ra);
    /* Helpers return the value zero-extended from its size. */
    return zx(slow.ret[n], 8 * memop_size(get_memop(oi)));
}

static void slow_st(void *env, uint64_t addr, uint64_t val, MemOpIdx oi,
                    uintptr_t ra)
{
    slow_record(env, addr, oi, ra)->val = val;
}

static const TCGMemHelpers slow_helpers = {
    .ld = {slow_ld, slow_ld, slow_ld, slow_ld},
    .st = {slow_st, slow_st, slow_st, slow_st},
};

static void tlb_map(uint64_t page, uint8_t *host, uint64_t flags)
{
    CPUTLBEntry *e =
        &harness_env.table[(page >> TARGET_PAGE_BITS) % HARNESS_TLB_ENTRIES];

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
    HIT,
    MISALIGNED,
    TAG_MISMATCH,
    MMIO,
    READ_ONLY,
    NB_KINDS
} AccessKind;

static const char *const kind_names[] = {
    "hit", "misaligned", "tag mismatch", "mmio", "read-only page",
};

/* The helper got env, ADDR, OI and a retaddr inside the op's code. */
static bool slow_call_ok(const SlowCall *c, uint64_t addr, MemOpIdx oi,
                         const Instance *inst)
{
    if (c->env == &harness_env && c->addr == addr && c->oi == oi
        && c->ra >= inst->op_start && c->ra < inst->op_end) {
        return true;
    }
    g_test_message("%s: helper got env %p addr %#" G_GINT64_MODIFIER
                   "x oi %#x ra %#lx (want addr %#" G_GINT64_MODIFIER
                   "x oi %#x, op at %#lx..%#lx)",
                   tcg_op_name(inst->opc, inst->type), c->env, c->addr, c->oi,
                   (unsigned long)c->ra, addr, oi,
                   (unsigned long)inst->op_start, (unsigned long)inst->op_end);
    return false;
}

/* One guest access (qemu_ld/st at TYPE) of random kind, size and MMU
   index. */
static bool run_guest_op(GRand *rng, TCGOpcode opc, TCGType type)
{
    const char *name = tcg_op_name(opc, type);
    bool is_st = opc == INDEX_op_qemu_st;
    int w = type == TCG_TYPE_I64 ? 64 : 32;
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
        harness_env
            .table[((page ? GUEST_PAGE1 : GUEST_PAGE0) >> TARGET_PAGE_BITS)
                   % HARNESS_TLB_ENTRIES]
            .addr_write = ~0ull;
    }
    for (size_t i = 0; i < sizeof(guest_ram); i++) {
        (&guest_ram[0][0])[i] = g_rand_int(rng);
    }
    memcpy(before, guest_ram, sizeof(before));
    memset(&slow, 0, sizeof(slow));
    slow.ret[0] = harness_rand_value(rng);

    memset(&inst, 0, sizeof(inst));
    if (is_st) {
        in[0] = harness_rand_value(rng);
        in[1] = addr;
        inst.args[2] = oi;
    } else {
        in[0] = addr;
        inst.args[2] = oi;
    }
    if (!harness_choose(rng, &inst, opc, type, in, false)) {
        return true;
    }
    harness_run(rng, &inst, in);

    if (slow.calls != (want_slow ? 1 : 0)) {
        g_test_message("%s %s size %u: %d slow-path calls", name,
                       kind_names[kind], bytes, slow.calls);
        return false;
    }
    if (want_slow && !slow_call_ok(&slow.call[0], addr, oi, &inst)) {
        return false;
    }
    if (is_st) {
        if (want_slow) {
            if (slow.call[0].val != zx(in[0], 8 * bytes)
                || memcmp(before, guest_ram, sizeof(before)) != 0) {
                g_test_message("%s %s: helper val %#" G_GINT64_MODIFIER
                               "x, or memory written",
                               name, kind_names[kind], slow.call[0].val);
                return false;
            }
        } else {
            memcpy(before[page] + off, &in[0], bytes);
            if (memcmp(before, guest_ram, sizeof(before)) != 0) {
                g_test_message("%s hit size %u: memory differs", name, bytes);
                return false;
            }
        }
    } else {
        uint64_t v = want_slow ? zx(slow.ret[0], 8 * bytes)
                               : read_le(guest_ram[page] + off, bytes);
        want = zx((memop & MO_SIGN) ? sx(v, 8 * bytes) : v, w);
        got = zx(harness_reg_out(inst.args[0]), w);
        if (got != want) {
            g_test_message("%s %s memop %#x: got %#" G_GINT64_MODIFIER
                           "x want %#" G_GINT64_MODIFIER "x",
                           name, kind_names[kind], memop, got, want);
            return false;
        }
    }
    return harness_check_preserved(&inst);
}

/* Point the TLB at the pages and pick an address of KIND for a 16-byte
 * pair; *PAGE and *OFF say where a hit lands. */
static uint64_t pair_address(GRand *rng, AccessKind kind, int *page,
                             unsigned *off)
{
    uint64_t base;

    tlb_reset();
    *page = g_rand_int_range(rng, 0, 2);
    *off = 16 * g_rand_int_range(rng, 0, TARGET_PAGE_SIZE / 16);
    base = *page ? GUEST_PAGE1 : GUEST_PAGE0;
    switch (kind) {
    case MISALIGNED:
        /* 8-aligned is not enough for the 16-byte tag. */
        return base + (*off ^ 8);
    case TAG_MISMATCH:
        *page = 0;
        return GUEST_ALIAS + *off;
    case MMIO:
        tlb_map(base, guest_ram[*page], TLB_MMIO);
        return base + *off;
    case READ_ONLY:
        harness_env.table[(base >> TARGET_PAGE_BITS) % HARNESS_TLB_ENTRIES]
            .addr_write = ~0ull;
        return base + *off;
    default:
        return base + *off;
    }
}

/* One 128-bit pair access (qemu_ld2/st2) of random kind. */
static bool run_pair_op(GRand *rng, bool is_st)
{
    TCGOpcode opc = is_st ? INDEX_op_qemu_st2_i64 : INDEX_op_qemu_ld2_i64;
    const char *name = tcg_op_defs[opc].name;
    unsigned mmu = g_rand_int_range(rng, 0, NB_MMU_MODES);
    MemOp memop = MO_128 | (g_rand_boolean(rng) ? MO_ALIGN : 0);
    MemOpIdx oi = make_memop_idx(memop, mmu);
    MemOpIdx oi64 = make_memop_idx((memop & ~MO_SIZE) | MO_64, mmu);
    AccessKind kind = g_rand_int_range(rng, 0, NB_KINDS);
    bool want_slow = kind != HIT && (kind != READ_ONLY || is_st);
    uint8_t before[2][TARGET_PAGE_SIZE];
    uint64_t addr, in[3], lo, hi;
    unsigned off;
    int page;
    Instance inst;

    addr = pair_address(rng, kind, &page, &off);
    for (size_t i = 0; i < sizeof(guest_ram); i++) {
        (&guest_ram[0][0])[i] = g_rand_int(rng);
    }
    memcpy(before, guest_ram, sizeof(before));
    memset(&slow, 0, sizeof(slow));
    slow.ret[0] = harness_rand_value(rng);
    slow.ret[1] = harness_rand_value(rng);
    memset(&inst, 0, sizeof(inst));
    if (is_st) {
        in[0] = harness_rand_value(rng);
        in[1] = harness_rand_value(rng);
        in[2] = addr;
    } else {
        in[0] = addr;
    }
    inst.args[3] = oi;
    if (!harness_choose(rng, &inst, opc, TCG_TYPE_I64, in, false)) {
        return true;
    }
    harness_run(rng, &inst, in);

    if (slow.calls != (want_slow ? 2 : 0)) {
        g_test_message("%s %s: %d slow-path calls", name, kind_names[kind],
                       slow.calls);
        return false;
    }
    if (want_slow
        && (!slow_call_ok(&slow.call[0], addr, oi64, &inst)
            || !slow_call_ok(&slow.call[1], addr + 8, oi64, &inst))) {
        return false;
    }
    if (is_st) {
        if (want_slow) {
            if (slow.call[0].val != in[0] || slow.call[1].val != in[1]) {
                g_test_message("qemu_st2 %s: halves passed wrong",
                               kind_names[kind]);
                return false;
            }
        } else {
            memcpy(before[page] + off, &in[0], 8);
            memcpy(before[page] + off + 8, &in[1], 8);
        }
        if (memcmp(before, guest_ram, sizeof(before)) != 0) {
            g_test_message("qemu_st2 %s: memory differs", kind_names[kind]);
            return false;
        }
    } else {
        lo = want_slow ? slow.ret[0] : read_le(guest_ram[page] + off, 8);
        hi = want_slow ? slow.ret[1] : read_le(guest_ram[page] + off + 8, 8);
        if (harness_reg_out(inst.args[0]) != lo
            || harness_reg_out(inst.args[1]) != hi) {
            g_test_message(
                "qemu_ld2 %s: got %#" G_GINT64_MODIFIER "x:%#" G_GINT64_MODIFIER
                "x want %#" G_GINT64_MODIFIER "x:%#" G_GINT64_MODIFIER "x",
                kind_names[kind], harness_reg_out(inst.args[1]),
                harness_reg_out(inst.args[0]), hi, lo);
            return false;
        }
    }
    return harness_check_preserved(&inst);
}

static void sweep_pair(bool is_st)
{
    GRand *rng = g_rand_new_with_seed(is_st ? 11 : 13);

    harness_ctx.tlb_fast_offset = offsetof(HarnessEnv, tlb);
    harness_ctx.mem_helpers = &slow_helpers;
    for (int n = 0; n < 2000; n++) {
        if (!run_pair_op(rng, is_st)) {
            g_test_fail();
            break;
        }
    }
    g_rand_free(rng);
}

static void test_guest_ld2_pair(void)
{
    sweep_pair(false);
}

static void test_guest_st2_pair(void)
{
    sweep_pair(true);
}

static void sweep_guest(TCGOpcode opc, TCGType type)
{
    GRand *rng = g_rand_new_with_seed(7 + 2 * opc + type);

    harness_ctx.tlb_fast_offset = offsetof(HarnessEnv, tlb);
    harness_ctx.mem_helpers = &slow_helpers;
    for (int n = 0; n < 2000; n++) {
        if (!run_guest_op(rng, opc, type)) {
            g_test_fail();
            break;
        }
    }
    g_rand_free(rng);
}

static void test_guest_ld_i32(void)
{
    sweep_guest(INDEX_op_qemu_ld, TCG_TYPE_I32);
}

static void test_guest_ld_i64(void)
{
    sweep_guest(INDEX_op_qemu_ld, TCG_TYPE_I64);
}

static void test_guest_st_i32(void)
{
    sweep_guest(INDEX_op_qemu_st, TCG_TYPE_I32);
}

static void test_guest_st_i64(void)
{
    sweep_guest(INDEX_op_qemu_st, TCG_TYPE_I64);
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
    g_test_add_func("/x86_64-lower/mem/guest_ld2_pair_hit_and_slow_paths",
                    test_guest_ld2_pair);
    g_test_add_func("/x86_64-lower/mem/guest_st2_pair_hit_and_slow_paths",
                    test_guest_st2_pair);
    return g_test_run();
}
