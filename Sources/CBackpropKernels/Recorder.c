#include "BackpropRecorder.h"

// Initial-exec: two instructions to find; the library is part of the program, not dlopen-ed late.
static __thread char thread_marker __attribute__((tls_model("initial-exec")));

uintptr_t bp_current_thread(void) { return (uintptr_t)&thread_marker; }
