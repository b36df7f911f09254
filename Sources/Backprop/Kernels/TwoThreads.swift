import Dispatch

/// Splitting a loop between the machine's two cores. A hand-over costs some microseconds, so
/// only loops with enough work are split; results must not depend on the split.
enum TwoThreads {
    /// Runs `body(part, half)` for the two halves of `range` on two threads when `worthIt` (and
    /// the range and the machine have two to give), else `body(0, range)` on this thread.
    static func split(_ range: Range<Int>, worthIt: Bool, _ body: (_ part: Int, _ half: Range<Int>) -> Void) {
        guard worthIt, range.count >= 2, ProcessInfoCores.count >= 2 else {
            body(0, range)
            return
        }
        let middle = range.lowerBound + range.count / 2
        withoutActuallyEscaping(body) { body in
            let work = SharedWork(body: body)
            DispatchQueue.concurrentPerform(iterations: 2) { part in
                work.body(part, part == 0 ? range.lowerBound..<middle : middle..<range.upperBound)
            }
        }
    }

    /// Whether a loop of `count` simple elementwise steps is worth splitting.
    static func worthSplitting(elementwise count: Int) -> Bool { count >= 1 << 17 }
}

/// The loop body, shared by the two threads, which write disjoint parts of their outputs.
private struct SharedWork: @unchecked Sendable {
    let body: (Int, Range<Int>) -> Void
}
