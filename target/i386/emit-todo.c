/*
 * Emitters NOT WRITTEN YET.  Each of these instructions decodes (so its
 * length and validity are tested against Zydis) but raises #UD with a
 * `-d unimp` line when executed.  Move an emitter to its family file
 * (named in insn-mnemonics.def) when it is written; this file should end
 * up empty and be deleted.
 */
#include "target/i386/translate.h"

#define NOT_YET(name)                                                     \
    void gen_##name(DisasContext *s, X86DecodedInsn *d)                   \
    {                                                                     \
        gen_unimplemented(s, d);                                          \
    }

/* alu */
NOT_YET(DAA)
NOT_YET(DAS)
NOT_YET(AAA)
NOT_YET(AAS)
NOT_YET(AAM)
NOT_YET(AAD)
NOT_YET(CMPXCHG8B)
NOT_YET(ADCX)
NOT_YET(ADOX)
NOT_YET(MULX)
/* shift */
NOT_YET(ROL)
NOT_YET(ROR)
NOT_YET(RCL)
NOT_YET(RCR)
NOT_YET(SHL)
NOT_YET(SHR)
NOT_YET(SAR)
NOT_YET(SHLD)
NOT_YET(SHRD)
NOT_YET(SARX)
NOT_YET(SHLX)
NOT_YET(SHRX)
NOT_YET(RORX)
/* bit */
NOT_YET(BT)
NOT_YET(BTS)
NOT_YET(BTR)
NOT_YET(BTC)
NOT_YET(BSF)
NOT_YET(BSR)
NOT_YET(TZCNT)
NOT_YET(LZCNT)
NOT_YET(POPCNT)
NOT_YET(ANDN)
NOT_YET(BEXTR)
NOT_YET(BLSI)
NOT_YET(BLSMSK)
NOT_YET(BLSR)
NOT_YET(BZHI)
NOT_YET(PDEP)
NOT_YET(PEXT)
NOT_YET(BSWAP)
/* string */
NOT_YET(MOVS)
NOT_YET(CMPS)
NOT_YET(STOS)
NOT_YET(LODS)
NOT_YET(SCAS)
