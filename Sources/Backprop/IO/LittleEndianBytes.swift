/// Calls `body` with the elements of `tensor` as little-endian bytes, in row-major order: the
/// storage itself on a little-endian machine, byte-swapped chunks otherwise.
func withLittleEndianBytes<Element: TensorElement>(
    of tensor: Tensor<Element>, _ body: (UnsafeRawBufferPointer) throws(TensorFileError) -> Void
) throws(TensorFileError) {
    let size = MemoryLayout<Element>.size
    let bytes = UnsafeRawBufferPointer(start: tensor.storage.base, count: tensor.count * size)
    guard 1.littleEndian != 1, size == 4 || size == 8 else {
        try body(bytes)
        return
    }
    let chunkSize = 1 << 16
    let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
    defer { chunk.deallocate() }
    var start = 0
    while start < bytes.count {
        let length = Swift.min(chunkSize, bytes.count - start)
        if size == 4 {
            for offset in stride(from: 0, to: length, by: 4) {
                chunk.storeBytes(of: bytes.loadUnaligned(fromByteOffset: start + offset, as: UInt32.self).byteSwapped, toByteOffset: offset, as: UInt32.self)
            }
        } else {
            for offset in stride(from: 0, to: length, by: 8) {
                chunk.storeBytes(of: bytes.loadUnaligned(fromByteOffset: start + offset, as: UInt64.self).byteSwapped, toByteOffset: offset, as: UInt64.self)
            }
        }
        try body(UnsafeRawBufferPointer(rebasing: chunk[0..<length]))
        start += length
    }
}
