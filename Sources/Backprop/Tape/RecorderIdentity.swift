import CBackpropKernels

/// The calling thread, as the one that may append to the tapes it created. A tape is appended to
/// only by the thread that created it, so that values shared between tasks and threads (`Tensor`
/// and `Variable` are `Sendable`) never have two threads writing one tape at once: an operation
/// whose operands are on another thread's tape records on the calling thread's current tape and
/// imports them. Tasks interleaved on one thread may append to one tape, one at a time; a task
/// that resumes on another thread carries on there on a tape of that thread.
///
/// The check costs about ten instructions per scalar operation; the running task's identity,
/// which would spare a resumed task its imports, costs three times as much (the concurrency
/// runtime's thread-local storage is reached through `__tls_get_addr`).
@inlinable @inline(__always)
func currentRecorderIdentity() -> UInt { UInt(bp_current_thread()) }
