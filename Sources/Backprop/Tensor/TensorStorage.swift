import Synchronization

/// The elements of a tensor: one contiguous, 64-byte-aligned buffer, shared between copies of a
/// tensor and copied before a write when shared.
final class TensorStorage<Element: TensorElement> {
    let base: UnsafeMutablePointer<Element>
    let count: Int

    /// Uninitialised storage for `count` elements; the caller writes every element.
    init(uninitializedCount count: Int) {
        self.count = count
        let bytes = Swift.max(count, 1) * MemoryLayout<Element>.stride
        base = TensorBufferCache.allocate(bytes: bytes).bindMemory(to: Element.self, capacity: Swift.max(count, 1))
        liveTensorBytes.add(bytes, ordering: .relaxed)
    }

    /// Storage holding `count` copies of `value`.
    convenience init(repeating value: Element, count: Int) {
        self.init(uninitializedCount: count)
        ElementwiseKernels.fill(base, with: value, count: count)
    }

    /// Storage holding a copy of `elements`.
    convenience init<C: Collection>(copying elements: C) where C.Element == Element {
        self.init(uninitializedCount: elements.count)
        let copied: Void? = elements.withContiguousStorageIfAvailable { source in
            if let start = source.baseAddress { ElementwiseKernels.copy(start, to: base, count: count) }
        }
        if copied == nil { _ = UnsafeMutableBufferPointer(start: base, count: count).initialize(from: elements) }
    }

    deinit {
        let bytes = Swift.max(count, 1) * MemoryLayout<Element>.stride
        base.deinitialize(count: Swift.max(count, 1))
        TensorBufferCache.release(UnsafeMutableRawPointer(base), bytes: bytes)
        liveTensorBytes.subtract(bytes, ordering: .relaxed)
    }

    /// The elements as a buffer.
    var buffer: UnsafeMutableBufferPointer<Element> { UnsafeMutableBufferPointer(start: base, count: count) }

    /// A copy of this storage.
    func copy() -> TensorStorage {
        let copy = TensorStorage(uninitializedCount: count)
        ElementwiseKernels.copy(base, to: copy.base, count: count)
        return copy
    }
}

let liveTensorBytes = Atomic<Int>(0)
