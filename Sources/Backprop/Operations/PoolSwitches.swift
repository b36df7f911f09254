/// Where each window of a max pool found its maximum: a flat position within the window's
/// channel plane per output element (PyTorch's pooling indices), with the window geometry.
/// Shared by the pooled value's gradient and that gradient's own gradient.
final class PoolSwitches {
    /// The windows.
    let geometry: WindowGeometry
    /// One position per output element, in the output's row-major order; filled once, by the
    /// forward pass, and only read after.
    var positions: [Int32]

    init(_ geometry: WindowGeometry) {
        self.geometry = geometry
        positions = [Int32](repeating: 0, count: Shape.count(geometry.pooledShape))
    }

    /// The same switches for `count` copies of the batch one after another (positions are
    /// within a plane, so they repeat unchanged): what the rules of a batched sweep use, with
    /// its stack folded into the images.
    func repeated(_ count: Int) -> PoolSwitches {
        let stacked = PoolSwitches(geometry.withBatch(geometry.batch * count))
        for copy in 0..<count { stacked.positions.replaceSubrange(copy * positions.count..<(copy + 1) * positions.count, with: positions) }
        return stacked
    }
}

extension WindowGeometry {
    /// The shape of the images the windows slide over, [N, C, H, W].
    var imageShape: [Int] { [batch, channels, height, width] }
    /// The shape of one value per window, [N, C, OH, OW].
    var pooledShape: [Int] { [batch, channels, outputHeight, outputWidth] }
}
