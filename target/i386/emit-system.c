/*
 * Emitters for system instructions: port I/O, HLT, CLI/STI.  HLT's CPL 0
 * and CLI/STI's IOPL checks are their rows' attributes (insn-table.def),
 * made by the translator; IN/OUT's IOPL and I/O-bitmap checks are in the
 * helpers (sys_helper.c), and the rip is stored first so their #GP is
 * precise.
 */
#include "target/i386/helper.h"
#include "target/i386/translate.h"
#include "tcg/tcg-op.h"

void gen_IN(DisasContext *s, X86DecodedInsn *d)
{
    TCGv_i64 port = tcg_temp_new_i64();
    TCGv_i64 val = tcg_temp_new_i64();

    gen_load_op(s, d, 1, port);
    gen_sync_for_helper(s);
    tcg_gen_call3(&helper_info_in, val, tcg_env(), port,
                  tcg_constant_i32(d->op[0].ot));
    gen_store_op(s, d, 0, val);
    /* A device may have changed the machine's state: end the block. */
    s->base.is_jmp = DISAS_EOB_NEXT;
}

void gen_OUT(DisasContext *s, X86DecodedInsn *d)
{
    TCGv_i64 port = tcg_temp_new_i64();
    TCGv_i64 val = tcg_temp_new_i64();

    gen_load_op(s, d, 0, port);
    gen_load_op(s, d, 1, val);
    gen_sync_for_helper(s);
    tcg_gen_call4(&helper_info_out, NULL, tcg_env(), port, val,
                  tcg_constant_i32(d->op[1].ot));
    s->base.is_jmp = DISAS_EOB_NEXT;
}

void gen_HLT(DisasContext *s, X86DecodedInsn *d)
{
    gen_sync_for_helper(s);
    tcg_gen_call2(&helper_info_hlt, NULL, tcg_env(),
                  tcg_constant_i64(s_next_eip(s)));
    s->base.is_jmp = DISAS_NORETURN;
}

void gen_CLI(DisasContext *s, X86DecodedInsn *d)
{
    gen_sync_for_helper(s);
    tcg_gen_call1(&helper_info_cli, NULL, tcg_env());
}

void gen_STI(DisasContext *s, X86DecodedInsn *d)
{
    gen_sync_for_helper(s);
    tcg_gen_call1(&helper_info_sti, NULL, tcg_env());
    /* Pending interrupts are taken between blocks: end this one. */
    s->base.is_jmp = DISAS_EOB_NEXT;
}
