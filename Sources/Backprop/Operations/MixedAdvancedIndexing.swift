extension Tensor {
    /// The subscript when some index is ``TensorIndex/positions(_:)``, as PyTorch does it: the
    /// slices and single positions are taken first (a single position dropping its axis); then
    /// the position arrays broadcast together to a shape B and are gathered in one step. The
    /// axes of B replace the indexed axes where those are adjacent, and go first when a slice
    /// separates them (NumPy's placement rule).
    func advancedIndexed(by indices: [TensorIndex]) -> Tensor {
        var axes = [Int](), boxAxes = [Int](), arrays = [TensorIndex.Positions](), droppedAxes = 0
        for (axis, index) in indices.enumerated() {
            switch index {
            case .positions(let positions):
                axes.append(axis)
                boxAxes.append(axis - droppedAxes)
                arrays.append(positions)
            case .at:
                droppedAxes += 1
            default:
                break
            }
        }
        let box = indexed(by: indices.map { if case .positions = $0 { .all } else { $0 } })
        // The arrays are checked against this tensor's axes (which the box keeps whole), so that
        // a message names the axis as the caller wrote it.
        guard box.rank == rank - droppedAxes, let (positions, indexShape) = resolvedPositions(
            arrays, axes: axes, operation: "subscript", arrays: "position arrays",
            describe: { "the positions of axis \(axes[$0])" })
        else { return .placeholder(shape: []) }
        let otherAxes = (0..<box.rank).filter { !boxAxes.contains($0) }
        let gathered = box.permuted(boxAxes + otherAxes).gatheringLeading(positions, indexShape: indexShape)
        let adjacent = boxAxes.last! - boxAxes.first! == boxAxes.count - 1
        guard adjacent, boxAxes.first! > 0 else { return gathered }
        // Move B back to where the indexed axes were: after the axes that came before them.
        let before = boxAxes.first!, b = indexShape.count
        return gathered.permuted(Array(b..<(b + before)) + Array(0..<b) + Array((b + before)..<gathered.rank))
    }
}
