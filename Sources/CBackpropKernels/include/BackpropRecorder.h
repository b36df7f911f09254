#ifndef BACKPROP_RECORDER_H
#define BACKPROP_RECORDER_H

#include <stdint.h>

/// The running Swift task's address, or the thread's identity when no task runs: who is
/// recording. In C because Swift code cannot name the concurrency runtime's entry point without
/// a warning, and `withUnsafeCurrentTask` retains the task, which the scalar recording fast path
/// cannot afford.
uintptr_t bp_current_recorder(void);

#endif
