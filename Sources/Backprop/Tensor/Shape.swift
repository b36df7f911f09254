import Foundation

/// Shape arithmetic shared by operations and kernels.
///
/// Sizes that come from users (a shape, a padding, a batch size) are checked here, with
/// overflow-reporting arithmetic, before anything is allocated: a shape is valid when its sizes are
/// zero or more and the product of its non-zero sizes, times the element's size in bytes, fits in
/// `Int`. Zero sizes are skipped so that a tensor with no elements cannot carry sizes whose strides
/// would overflow later. Every tensor's shape is valid, so `count(_:)` and `strides(_:)` of a
/// tensor's shape never overflow.
enum Shape {
    /// The number of elements of a tensor of `shape` (1 for the empty shape of a scalar). Only for
    /// shapes already known to be valid, such as a tensor's.
    static func count(_ shape: [Int]) -> Int { shape.reduce(1, *) }

    /// The element and byte counts of a tensor of `shape` with elements of `elementSize` bytes, or
    /// nil when a size is negative or the product of the non-zero sizes times `elementSize`
    /// overflows `Int`.
    static func checkedCounts(_ shape: [Int], elementSize: Int) -> (elements: Int, bytes: Int)? {
        var product = elementSize
        for size in shape where size != 0 {
            let (next, overflow) = product.multipliedReportingOverflow(by: size)
            if overflow || size < 0 { return nil }
            product = next
        }
        return shape.contains(0) ? (0, 0) : (product / elementSize, product)
    }

    /// The sum of `sizes`, or nil when it overflows `Int` (a padded size, a concatenated axis).
    static func checkedSum(_ sizes: Int...) -> Int? {
        var total = 0
        for size in sizes {
            let (next, overflow) = total.addingReportingOverflow(size)
            if overflow { return nil }
            total = next
        }
        return total
    }

    /// The product of `factors`, or nil when it overflows `Int`.
    static func checkedProduct(_ factors: Int...) -> Int? {
        var product = 1
        for factor in factors {
            let (next, overflow) = product.multipliedReportingOverflow(by: factor)
            if overflow { return nil }
            product = next
        }
        return product
    }

    /// The element count of a new tensor of `shape` that `operation` is about to allocate, or nil
    /// after raising an error naming `operation` and the shape: a negative size, a size the
    /// element and byte counts overflow on, or more bytes than the machine has memory (PyTorch
    /// also raises when an allocation cannot be satisfied, rather than aborting).
    static func allocatableCount<Element>(_ shape: [Int], of _: Element.Type, operation: String) -> Int? {
        let elementSize = MemoryLayout<Element>.stride
        if let negative = shape.first(where: { $0 < 0 }) {
            raise(BackpropError(
                .invalidArgument, operation: operation, problem: "shape \(describe(shape)) has a negative size (\(negative))",
                fix: "Use sizes of zero or more"))
            return nil
        }
        guard let counts = checkedCounts(shape, elementSize: elementSize) else {
            raise(BackpropError(
                .tooLarge, operation: operation,
                problem: overflowDescription(shape, elementSize: elementSize),
                fix: "Check the sizes for an overflowed or uninitialised value"))
            return nil
        }
        guard counts.bytes <= memoryLimitBytes else {
            raise(BackpropError(
                .tooLarge, operation: operation,
                problem: "a tensor of shape \(describe(shape)) needs \(describeBytes(counts.bytes)), more than this machine's \(describeBytes(memoryLimitBytes)) of memory",
                fix: "Use smaller sizes, or process the data in batches"))
            return nil
        }
        return counts.elements
    }

    /// Says why ``checkedCounts(_:elementSize:)`` of `shape` failed when no size is negative.
    static func overflowDescription(_ shape: [Int], elementSize: Int) -> String {
        "shape \(describe(shape)) is too large: its non-zero sizes times \(elementSize) bytes per element exceed 2⁶³ bytes"
    }

    /// The most bytes one tensor may take: the machine's physical memory.
    static let memoryLimitBytes = Int(clamping: ProcessInfo.processInfo.physicalMemory)

    /// Row-major strides: how far apart consecutive indices of each axis are.
    static func strides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var stride = 1
        for axis in shape.indices.reversed() {
            strides[axis] = stride
            stride *= shape[axis]
        }
        return strides
    }

    /// The shape that `lhs` and `rhs` broadcast to under NumPy's rules, or nil if they do not.
    static func broadcast(_ lhs: [Int], _ rhs: [Int]) -> [Int]? {
        let rank = Swift.max(lhs.count, rhs.count)
        var result = [Int](repeating: 1, count: rank)
        for offset in 0..<rank {
            let a = offset < lhs.count ? lhs[lhs.count - 1 - offset] : 1
            let b = offset < rhs.count ? rhs[rhs.count - 1 - offset] : 1
            guard a == b || a == 1 || b == 1 else { return nil }
            result[rank - 1 - offset] = a == 1 ? b : a
        }
        return result
    }

    /// The strides with which a tensor of `shape` is read when broadcast to `target`: 0 along
    /// axes it is repeated on.
    static func broadcastStrides(_ shape: [Int], to target: [Int]) -> [Int] {
        let own = strides(shape)
        let offset = target.count - shape.count
        return target.indices.map { axis in
            axis < offset || shape[axis - offset] == 1 ? 0 : own[axis - offset]
        }
    }

    /// Formats a shape as `[2, 3]`.
    static func describe(_ shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }

    /// Formats a byte count in the largest binary unit that keeps it at 1 or more: `4.0 TiB`.
    static func describeBytes(_ bytes: Int) -> String {
        let units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var value = Double(bytes), unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(bytes) bytes" : "\((value * 10).rounded() / 10) \(units[unit])"
    }
}
