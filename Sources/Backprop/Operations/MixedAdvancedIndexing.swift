extension Tensor {
    /// The subscript when some index is ``TensorIndex/positions(_:)``, with NumPy's and PyTorch's
    /// rules: the slices are taken first; then the position arrays, and the single positions
    /// (`.at`), which count as 0-d arrays here, broadcast together to a shape B and are gathered
    /// in one step. The axes of B replace the indexed axes where those are adjacent, and go first
    /// when a slice separates them.
    func advancedIndexed(by indices: [TensorIndex]) -> Tensor {
        var advancedAxes = [Int](), arrays = [TensorIndex.Positions]()
        let slices = indices.enumerated().map { axis, index -> TensorIndex in
            switch index {
            case .positions(let positions):
                arrays.append(positions)
            case .at(let position):
                arrays.append(TensorIndex.Positions([position], shape: []))
            default:
                return index
            }
            advancedAxes.append(axis)
            return .all
        }
        let box = indexed(by: slices)
        guard box.rank == rank, let (positions, indexShape) = box.resolvedPositions(
            arrays, axes: advancedAxes, operation: "subscript", arrays: "position arrays",
            describe: { "the positions of axis \(advancedAxes[$0])" })
        else { return .placeholder(shape: []) }
        let otherAxes = (0..<rank).filter { !advancedAxes.contains($0) }
        let gathered = box.permuted(advancedAxes + otherAxes).gatheringLeading(positions, indexShape: indexShape)
        let adjacent = advancedAxes.last! - advancedAxes.first! == advancedAxes.count - 1
        guard adjacent, advancedAxes.first! > 0 else { return gathered }
        // Move B back to where the indexed axes were: after the sliced axes that came before them.
        let before = advancedAxes.first!, b = indexShape.count
        let order = Array(b..<(b + before)) + Array(0..<b) + Array((b + before)..<gathered.rank)
        return gathered.permuted(order)
    }
}
