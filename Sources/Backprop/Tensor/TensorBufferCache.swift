/// Large tensor buffers that were freed, kept for the next tensor of the same size. A training
/// step allocates the same sizes step after step; without the cache every large block comes
/// fresh from the operating system, and the first write to each of its pages faults (a tenth
/// of a convolutional training step). The cache is bounded, so memory stays flat.
enum TensorBufferCache {
    /// Smaller blocks are left to malloc, whose free lists already reuse them.
    static let smallestCachedBytes = 1 << 16
    /// The most bytes the cache holds.
    static let capacityBytes = 64 << 20

    /// Addresses by size (addresses rather than pointers, so that they may cross threads).
    private struct Blocks {
        var bySize: [Int: [UInt]] = [:]
        var bytes = 0
    }

    /// Guarded by `lock`: a pthread mutex, which ThreadSanitizer sees (it reports the accesses a
    /// Synchronization `Mutex` guards as races on Linux).
    nonisolated(unsafe) private static var blocks = Blocks()
    private static let lock = Lock()

    /// A 64-byte-aligned block of `bytes` bytes, reused when one of that size is cached.
    static func allocate(bytes: Int) -> UnsafeMutableRawPointer {
        if bytes >= smallestCachedBytes {
            let reused = lock.withLock { () -> UInt? in
                guard let address = blocks.bySize[bytes]?.popLast() else { return nil }
                blocks.bytes -= bytes
                return address
            }
            if let reused, let block = UnsafeMutableRawPointer(bitPattern: reused) { return block }
        }
        return UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
    }

    /// Takes back a block from `allocate(bytes:)`: cached while there is room, freed otherwise.
    static func release(_ block: UnsafeMutableRawPointer, bytes: Int) {
        if bytes >= smallestCachedBytes {
            let address = UInt(bitPattern: block)
            let cached = lock.withLock { () -> Bool in
                guard blocks.bytes + bytes <= capacityBytes else { return false }
                blocks.bySize[bytes, default: []].append(address)
                blocks.bytes += bytes
                return true
            }
            if cached { return }
        }
        block.deallocate()
    }
}
