#ifndef BACKPROP_RECORDER_H
#define BACKPROP_RECORDER_H

#include <stdint.h>

/// The calling thread's identity, distinct for threads that run at the same time: the address of
/// a byte of the thread's own storage. `pure` (it writes nothing, so Swift callers need no
/// reference counting around it) but neither `const` nor inline: no optimiser may then reuse one
/// thread's answer after an `await` resumed the caller on another thread, as it may with
/// `pthread_self`, which glibc declares `const`, since a suspension writes memory.
uintptr_t bp_current_thread(void) __attribute__((pure));

#endif
