extension Tensor {
    /// The tensor with its positions along `axis` moved `shift` places toward the end, those
    /// pushed past the end coming back at the start, as `torch.roll(shifts:dims:)`: out[(k +
    /// shift) mod n] = x[k]. Negative shifts move toward the start. The gradient is rolled back.
    ///
    /// ```swift
    /// Tensor<Double>([1, 2, 3, 4]).rolled(by: 1, alongAxis: 0)   // [4, 1, 2, 3]
    /// ```
    public func rolled(by shift: Int, alongAxis axis: Int) -> Tensor {
        rolled(by: [shift], alongAxes: [axis])
    }

    /// The tensor rolled by `shifts[i]` along `axes[i]` for each i (see ``rolled(by:alongAxis:)``),
    /// as `torch.roll` with several dimensions.
    ///
    /// ```swift
    /// Tensor<Double>([1, 2, 3, 4], shape: [2, 2]).rolled(by: [1, 1], alongAxes: [0, 1])   // [[4, 3], [2, 1]]
    /// ```
    public func rolled(by shifts: [Int], alongAxes axes: [Int]) -> Tensor {
        let operation = "rolled(by:alongAxes:)"
        guard shifts.count == axes.count else {
            raise(BackpropError(
                .invalidArgument, operation: operation,
                problem: "\(shifts.count) shifts for \(axes.count) axes",
                fix: "Give one shift per axis"))
            return self
        }
        guard let normalized = normalizedAxes(axes, operation: operation) else { return self }
        var result = self
        for (axis, shift) in zip(normalized, shifts) where shape[axis] > 0 {
            let size = shape[axis]
            // The shift as a count of positions moved from the end to the start, in 0..<size.
            let moved = (shift % size + size) % size
            guard moved > 0 else { continue }
            var starts = [Int](repeating: 0, count: rank), tailCounts = shape, headCounts = shape
            starts[axis] = size - moved
            tailCounts[axis] = moved
            headCounts[axis] = size - moved
            let steps = [Int](repeating: 1, count: rank)
            let tail = result.sliced(starts: starts, steps: steps, counts: tailCounts)
            let head = result.sliced(starts: [Int](repeating: 0, count: rank), steps: steps, counts: headCounts)
            result = .concatenated([tail, head], alongAxis: axis)
        }
        return result
    }
}
