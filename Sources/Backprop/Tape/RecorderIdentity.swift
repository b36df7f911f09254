import CBackpropKernels

/// Who is recording right now: the running task, or the thread when no task runs. A tape is
/// appended to only by the recorder that created it, so that values shared between tasks and
/// threads (`Tensor` and `Variable` are `Sendable`) never have two recorders writing one tape at
/// once: an operation whose operands belong to another recorder's tape records on the caller's
/// own tape and imports them. At any moment at most one running recorder has a given identity
/// (a task keeps its address while it runs, on whichever thread; a thread keeps its own).
@inlinable @inline(__always)
func currentRecorderIdentity() -> UInt { UInt(bp_current_recorder()) }
