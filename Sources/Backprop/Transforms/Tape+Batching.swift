extension Tape {
    /// Whether a batched sweep from tensor node `top` (see `BackwardRequest.batch`) is possible:
    /// every record it reaches pulls back stacks, and has no hook or retained gradient, which
    /// see one gradient at a time. Returns the element count of the largest value reached (the
    /// size of one item of the largest stack the sweep holds), or nil when it is not possible.
    func largestValueOfBatchedSweep(from top: Int32) -> Int? {
        var reached: Set<Int32> = [top], largest = 1
        for record in tensorRecords.reversed() where record.node <= top && reached.contains(record.node) {
            guard record.pullsBackStacks, !record.hasHooks, !retainedTensorNodes.contains(record.node) else {
                return nil
            }
            largest = max(largest, record.elementCount)
            reached.formUnion(record.inputNodes)
        }
        return largest
    }
}
