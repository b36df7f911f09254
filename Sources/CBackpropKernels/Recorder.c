#include "BackpropRecorder.h"

#include <pthread.h>

// The concurrency runtime's exported, ABI-stable entry point (Swift's calling convention, no
// arguments): the running task, or NULL outside any task.
extern void *swift_task_getCurrent(void) __attribute__((swiftcall));

uintptr_t bp_current_recorder(void) {
    void *task = swift_task_getCurrent();
    return task ? (uintptr_t)task : (uintptr_t)pthread_self();
}
