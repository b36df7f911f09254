/// Tensors can be shared between tasks and threads: a top-level `let` of a script, a model's
/// parameters used by several tasks at once, a result handed back from a task.
///
/// Constants and leaves are safe to use from any number of tasks at once: each task records its
/// operations on its own tape, and a leaf's gradient accumulates under a lock, so tasks that each
/// compute a loss and call `backward()` add their contributions to the same `grad`. An operation
/// on a value recorded by another task also goes on the calling task's own tape, and gradients
/// flow back through it; but that backward pass reads the other task's tape, so differentiate
/// through another task's results only once it has stopped recording on them (after awaiting it).
extension Tensor: @unchecked Sendable {}

/// Variables can be shared between tasks and threads: a top-level `let` of a script, parameters
/// used by several tasks, a result handed back from a task.
///
/// Any number of tasks may compute with the same Variables at once: each records its operations
/// on its own tape. A Variable itself, leaves included, lives on the tape of the task that created
/// it, and a backward pass that reaches it sweeps that tape (serialised with other sweeps and
/// gradient reads by a lock). So differentiate through another task's Variables while that task
/// is not recording, as when it awaits the tasks it started; the usual pattern, leaves created
/// first and then used by a task group, is safe.
extension Variable: @unchecked Sendable {}
