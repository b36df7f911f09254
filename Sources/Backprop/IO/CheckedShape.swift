/// Sizes of shapes read from files, computed without overflow traps.
enum CheckedShape {
    /// The element count and byte count of a tensor of `shape` with elements of `elementSize`
    /// bytes, or nil when the product of the non-zero sizes times `elementSize` overflows `Int`.
    /// Zero sizes are skipped for the check so that a zero-size tensor cannot carry sizes whose
    /// strides would overflow later.
    static func counts(of shape: [Int], elementSize: Int) -> (elements: Int, bytes: Int)? {
        var product = elementSize
        for size in shape where size != 0 {
            let (next, overflow) = product.multipliedReportingOverflow(by: size)
            if overflow || size < 0 { return nil }
            product = next
        }
        return shape.contains(0) ? (0, 0) : (product / elementSize, product)
    }

    /// A message for a shape whose ``counts(of:elementSize:)`` overflow.
    static func overflowDescription(_ shape: [Int], elementSize: Int) -> String {
        "shape \(Shape.describe(shape)) is too large: its non-zero sizes times \(elementSize) bytes per element exceed 2⁶³ bytes"
    }
}
