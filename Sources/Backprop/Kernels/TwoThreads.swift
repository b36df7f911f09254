/// Splitting a loop between the machine's two cores: this thread takes one half and the
/// `HelperThread` the other. Only loops with enough work are split; results must not depend
/// on the split.
enum TwoThreads {
    /// Runs `body(part, half)` for the two halves of `range` on two threads when `worthIt` (and
    /// the range and the machine have two to give), else `body(0, range)` on this thread.
    static func split(_ range: Range<Int>, worthIt: Bool, _ body: (_ part: Int, _ half: Range<Int>) -> Void) {
        guard worthIt, range.count >= 2, ProcessInfoCores.count >= 2 else {
            body(0, range)
            return
        }
        let middle = range.lowerBound + range.count / 2
        both({ body(0, range.lowerBound..<middle) }, { body(1, middle..<range.upperBound) })
    }

    /// Runs `first` and `second` at the same time, one on each core when the helper is free.
    static func both(_ first: () -> Void, _ second: () -> Void) {
        guard ProcessInfoCores.count >= 2 else {
            first()
            second()
            return
        }
        HelperThread.shared.run(first, second)
    }

    /// Whether a loop of `count` simple elementwise steps is worth splitting.
    static func worthSplitting(elementwise count: Int) -> Bool { count >= 1 << 17 }
}
