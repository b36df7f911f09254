/// Shaping for stacks: tensors whose leading axis holds items of one shape, as the gradients of
/// a batched sweep do (one item per cotangent). Batched rules use these where a plain rule
/// names its input's or output's shape.
extension Tensor {
    /// Every item reshaped to `itemShape`.
    func reshapingItems(to itemShape: [Int]) -> Tensor {
        reshaped(to: [shape[0]] + itemShape)
    }

    /// Every item broadcast to `itemShape` (items of lower rank are aligned from the right).
    func broadcastingItems(to itemShape: [Int]) -> Tensor {
        let items = shape[0], lower = itemShape.count - (rank - 1)
        let aligned = lower > 0 ? reshaped(to: [items] + [Int](repeating: 1, count: lower) + shape.dropFirst()) : self
        return aligned.broadcasted(to: [items] + itemShape)
    }

    /// Every item summed over the axes along which `itemShape` was broadcast to it: the inverse
    /// of ``broadcastingItems(to:)``, which brings a stack of gradients back to an input's shape.
    func summingItems(toShape itemShape: [Int]) -> Tensor {
        let target = [shape[0]] + itemShape
        if shape == target { return self }
        let aligned = [shape[0]] + [Int](repeating: 1, count: rank - target.count) + itemShape
        return aligned == target ? summed(toShape: target) : summed(toShape: aligned).reshaped(to: target)
    }
}
