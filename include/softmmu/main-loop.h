/*
 * The machine loop's waiting: file-descriptor input for the back ends
 * and the kick that brings a running CPU back to the loop in time.
 *
 * The vCPU thread runs the loop (softmmu/machine.c): it runs expired
 * timers, dispatches readable descriptors (main_loop_wait), arms the kick
 * (main_loop_arm) and runs a CPU.  A helper thread, the only other thread,
 * touches no device state: it sleeps until the earliest timer deadline or
 * until a watched descriptor becomes readable, then calls the kick
 * function once (cpu_exit on the running CPU) and waits to be re-armed.
 * While every CPU is halted the vCPU thread itself sleeps in
 * main_loop_wait() until a deadline or input.
 *
 * Context: everything here is called on the vCPU thread.
 */
#ifndef SOFTMMU_MAIN_LOOP_H
#define SOFTMMU_MAIN_LOOP_H

#include <stdint.h>

/* How many bytes the consumer of FD's data takes now (0: do not poll). */
typedef int FdCanRead(void *opaque);
/* FD is readable (or at end of file): read at most can_read bytes. */
typedef void FdRead(void *opaque);

/*
 * Watch FD for input: READ(OPAQUE) runs from main_loop_wait() when FD is
 * readable and CAN_READ(OPAQUE) > 0.  Replaces an earlier handler of FD.
 */
void main_loop_set_fd_handler(int fd, FdCanRead *can_read, FdRead *read,
                              void *opaque);
/* Stop watching FD (no-op if not watched); allowed inside its READ. */
void main_loop_remove_fd_handler(int fd);

/*
 * Start the kick thread.  KICK(OPAQUE) runs on that thread and must only
 * do what is safe from any thread (cpu_exit).  Also hooks the timers'
 * notify (timers_set_notify) so a deadline armed while a CPU runs is seen.
 */
void main_loop_init(void (*kick)(void *opaque), void *opaque);

/*
 * A CPU is about to run: kick it at the earliest timer deadline, after
 * SLICE_NS of host time if SLICE_NS > 0 (round-robin between CPUs), or
 * when a watched descriptor that can read becomes readable.
 */
void main_loop_arm(int64_t slice_ns);

/*
 * A consumer that had no room (CAN_READ was 0) has room again: while a
 * CPU runs, its descriptor is watched from now on.  Cheap when nobody
 * was short of room.
 */
void main_loop_can_read_changed(void);

/*
 * Disarm the kick, wait up to TIMEOUT_NS for a watched descriptor (0:
 * just look, -1: no limit) and run the handlers of the readable ones.
 */
void main_loop_wait(int64_t timeout_ns);

#endif /* SOFTMMU_MAIN_LOOP_H */
