#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A file format whose first bytes locate a header that describes everything after it
/// (safetensors, `.npy`), so that a reader validates each part before it reads the next and
/// never reads more than the header describes.
protocol HeaderedFileFormat {
    /// Where the header is, read from the first bytes.
    associatedtype Layout
    /// What the header describes, validated.
    associatedtype Header

    /// How many bytes at the start of a file ``layout(prefix:fileSize:path:)`` needs.
    static var prefixLength: Int { get }

    /// Validates `prefix`, the first ``prefixLength`` bytes (or all of a shorter file), against
    /// the file's size.
    static func layout(prefix: Data, fileSize: Int, path: String) throws(TensorFileError) -> Layout

    /// Where the header is in the file; the data follows it to the end of the file.
    static func headerRange(of layout: Layout) -> Range<Int>

    /// Validates the header's bytes against the `dataLength` bytes that follow it.
    static func header(_ bytes: Data, layout: Layout, dataLength: Int, path: String) throws(TensorFileError) -> Header

    /// The file of validated parts; `bytes` is the whole file.
    init(header: Header, layout: Layout, bytes: Data, path: String)
}

extension HeaderedFileFormat {
    /// Validates a whole file held in memory: every way it can be wrong is a thrown error.
    init(bytes: Data, path: String) throws(TensorFileError) {
        let layout = try Self.layout(prefix: bytes.prefix(Self.prefixLength), fileSize: bytes.count, path: path)
        let range = Self.headerRange(of: layout)
        let header = try Self.header(bytes.dropFirst(range.lowerBound).prefix(range.count), layout: layout,
                                     dataLength: bytes.count - range.upperBound, path: path)
        self.init(header: header, layout: layout, bytes: bytes, path: path)
    }

    /// Reads the file at `path` part by part — the first bytes, the header, then exactly the
    /// data the header describes — validating each part before reading the next.
    init(readingFileAt path: String) throws(TensorFileError) {
        var file = try RegularFile(openingForReading: path)
        var bytes = try file.read(Swift.min(Self.prefixLength, file.size))
        let layout = try Self.layout(prefix: bytes, fileSize: file.size, path: path)
        let range = Self.headerRange(of: layout)
        try file.read(Swift.max(0, range.upperBound - bytes.count), appendingTo: &bytes)
        let header = try Self.header(bytes.dropFirst(range.lowerBound).prefix(range.count), layout: layout,
                                     dataLength: file.size - range.upperBound, path: path)
        try file.read(file.size - file.position, appendingTo: &bytes)
        try file.expectEnd()
        self.init(header: header, layout: layout, bytes: bytes, path: path)
    }
}
