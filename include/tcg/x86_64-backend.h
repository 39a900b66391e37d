/*
 * The x86-64 host backend of the code generator (tcg/x86_64/).
 *
 * tcg_backend_x86_64 is handed to tcg_context_init().  Its lowering table
 * follows the host's optional features (include/tcg/x86_64-host.h): it is
 * built at start-up from CPUID and PEREGRINE_X86_HOST, and rebuilt by
 * tcg_backend_x86_64_configure() after x86_host_restrict()/x86_host_parse()
 * (tests forcing features off).  Rebuild only before tcg_context_init of
 * the contexts that will use it: a context parses the constraints once.
 */
#ifndef TCG_X86_64_BACKEND_H
#define TCG_X86_64_BACKEND_H

#include "tcg/tcg-backend.h"

extern const TCGBackend tcg_backend_x86_64;

/* Rebuild the lowering table for the features now in x86_host. */
void tcg_backend_x86_64_configure(void);

#endif /* TCG_X86_64_BACKEND_H */
