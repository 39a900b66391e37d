/*
 * A small AML emitter (ACPI 6.x spec, chapter 20 "ACPI Machine Language
 * Specification"): enough to write the DSDT of the pc machine.  Terms are
 * appended to a GByteArray; a scope-like term (Scope, Device, Package,
 * Buffer) is opened with aml_*_begin and closed with aml_end, which
 * fills in its PkgLength.  Names are 1-4 character segments, padded with
 * '_'; a leading '\' makes a path absolute.
 */
#ifndef HW_ACPI_AML_H
#define HW_ACPI_AML_H

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>

typedef struct Aml {
    GByteArray *buf;    /* the AML bytes */
    unsigned depth;     /* open terms */
    unsigned open[16];  /* offset of each open term's PkgLength */
    bool is_buffer[16]; /* that term is a Buffer (needs a size) */
} Aml;

void aml_init(Aml *a);
void aml_free(Aml *a);

/* Data objects: the shortest integer encoding; a NUL-terminated string. */
void aml_integer(Aml *a, uint64_t v);
void aml_string(Aml *a, const char *s);
/* EisaId("PNP0A03") as the 32-bit compressed integer. */
void aml_eisaid(Aml *a, const char *id);

/* Name(NAME, ...): the object to bind follows. */
void aml_name(Aml *a, const char *name);

/* Open terms, closed with aml_end. */
void aml_scope_begin(Aml *a, const char *name);
void aml_device_begin(Aml *a, const char *name);
void aml_package_begin(Aml *a, unsigned nb_elements);
void aml_buffer_begin(Aml *a); /* its size is computed at aml_end */
void aml_end(Aml *a);

/* Resource descriptors, inside a buffer (ACPI 6.x, 6.4). */
void aml_res_io(Aml *a, uint16_t base, uint8_t len);
void aml_res_irq(Aml *a, unsigned irq);
void aml_res_word_bus(Aml *a, uint16_t min, uint16_t max);
void aml_res_word_io(Aml *a, uint16_t min, uint16_t max);
void aml_res_dword_mem(Aml *a, uint32_t min, uint32_t max);
void aml_res_end(Aml *a);

#endif /* HW_ACPI_AML_H */
