/*
 * Disassembly for the logs and tests, over Zydis.  See util/disas.h.
 */
#include <Zydis/Zydis.h>
#include <inttypes.h>
#include <stdbool.h>

#include "util/disas.h"

/* Set up DEC for MODE-bit code; false for a MODE that is not 16/32/64. */
static bool decoder_for_mode(ZydisDecoder *dec, int mode)
{
    ZydisMachineMode mm;
    ZydisStackWidth sw;

    switch (mode) {
    case 16:
        mm = ZYDIS_MACHINE_MODE_LEGACY_16;
        sw = ZYDIS_STACK_WIDTH_16;
        break;
    case 32:
        mm = ZYDIS_MACHINE_MODE_LEGACY_32;
        sw = ZYDIS_STACK_WIDTH_32;
        break;
    case 64:
        mm = ZYDIS_MACHINE_MODE_LONG_64;
        sw = ZYDIS_STACK_WIDTH_64;
        break;
    default:
        return false;
    }
    return ZYAN_SUCCESS(ZydisDecoderInit(dec, mm, sw));
}

/* Print one line per instruction; returns the number printed. */
static int disas_stream(FILE *out, const ZydisDecoder *dec, const uint8_t *p,
                        size_t size, uint64_t addr)
{
    ZydisFormatter fmt;
    ZydisDecodedInstruction insn;
    ZydisDecodedOperand ops[ZYDIS_MAX_OPERAND_COUNT];
    char text[128];
    size_t at = 0;
    int n = 0;

    ZydisFormatterInit(&fmt, ZYDIS_FORMATTER_STYLE_ATT);
    ZydisFormatterSetProperty(&fmt, ZYDIS_FORMATTER_PROP_HEX_UPPERCASE,
                              ZYAN_FALSE);
    while (at < size) {
        uint64_t pc = addr + at;

        if (ZYAN_SUCCESS(
                ZydisDecoderDecodeFull(dec, p + at, size - at, &insn, ops))
            && ZYAN_SUCCESS(ZydisFormatterFormatInstruction(
                &fmt, &insn, ops, insn.operand_count_visible, text,
                sizeof(text), pc, NULL))) {
            fprintf(out, "0x%016" PRIx64 ":  %s\n", pc, text);
            at += insn.length;
        } else {
            fprintf(out, "0x%016" PRIx64 ":  .byte 0x%02x\n", pc, p[at]);
            at++;
        }
        n++;
    }
    return n;
}

void disas_host(FILE *out, const void *code, size_t size, uint64_t runtime_addr)
{
    ZydisDecoder dec;

    decoder_for_mode(&dec, 64);
    disas_stream(out, &dec, code, size, runtime_addr);
}

int disas_guest(FILE *out, const void *bytes, size_t size, uint64_t addr,
                int mode)
{
    ZydisDecoder dec;

    if (!decoder_for_mode(&dec, mode)) {
        return -1;
    }
    return disas_stream(out, &dec, bytes, size, addr);
}

int disas_insn_length(const void *bytes, size_t size, int mode)
{
    ZydisDecoder dec;
    ZydisDecodedInstruction insn;

    if (!decoder_for_mode(&dec, mode)
        || !ZYAN_SUCCESS(
            ZydisDecoderDecodeInstruction(&dec, NULL, bytes, size, &insn))) {
        return 0;
    }
    return insn.length;
}
