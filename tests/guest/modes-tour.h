/*
 * Layout shared by modes.c and modes-tour.S: where the mode tour keeps its
 * records, its 16-bit code and its stack (all below 1 MiB, for real
 * mode), and the GDT entries modes.c adds to desc.c's GDT for it.
 */
#ifndef MODES_TOUR_H
#define MODES_TOUR_H

#define TOUR_SCRATCH 0x6000     /* the word the segment probes read */
#define TOUR_STACK   0x7000     /* top of the stack, below the records */
#define TOUR_RESULTS 0x7000     /* 8 records of 8 dwords */
#define TOUR_BLOB    0x8000     /* where the 16-bit code runs */
#define TOUR_MARK    0x600d0000 /* record field 6: TOUR_MARK + step */

/* GDT_FREE (6) onwards. */
#define TOUR_CODE16_SEL  0x30 /* 16-bit code, base TOUR_BLOB, 64 KiB */
#define TOUR_DATA16_SEL  0x38 /* 16-bit data, base 0, 64 KiB */
#define TOUR_CODE64_SEL  0x40 /* 64-bit code (L) */
#define TOUR_SCRATCH_SEL 0x48 /* 16-bit data, base TOUR_SCRATCH */

#endif /* MODES_TOUR_H */
