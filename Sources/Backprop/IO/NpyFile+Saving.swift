#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension NpyFile {
    /// Saves `tensor` as a `.npy` file at `url` that `numpy.load` reads, replacing the file
    /// atomically: it is written beside `url` under a temporary name, flushed, and renamed over
    /// `url`, so a failure or a crash mid-write never leaves a partial file behind.
    ///
    /// ```swift
    /// try NpyFile.save(Tensor<Float>([1, 2, 3, 4], shape: [2, 2]), to: URL(fileURLWithPath: "x.npy"))
    /// ```
    ///
    /// The file is format version 1.0 (2.0 for headers too long for it), little-endian (`<f4`
    /// or `<f8`), row-major, with the header padded so that the data starts on a 64-byte
    /// boundary — byte for byte what `numpy.save` writes for the same array.
    ///
    /// - Throws: ``TensorFileError`` when the file cannot be written.
    public static func save<Element: TensorElement>(_ tensor: Tensor<Element>, to url: URL) throws(TensorFileError) {
        let path = url.isFileURL ? url.path : url.absoluteString
        let header = try header(for: tensor, path: path)
        try FileAccess.writeAtomically(to: url) { (sink: inout FileSink) throws(TensorFileError) in
            try sink.write(header)
            try withLittleEndianBytes(of: tensor) { (bytes) throws(TensorFileError) in try sink.write(bytes) }
        }
    }

    /// The bytes of the `.npy` file that ``save(_:to:)`` writes for `tensor`.
    ///
    /// ```swift
    /// let data = try NpyFile.serialized(Tensor<Double>(3.5))
    /// let back = try NpyFile(data: data).tensor(as: Double.self)
    /// ```
    public static func serialized<Element: TensorElement>(_ tensor: Tensor<Element>) throws(TensorFileError) -> Data {
        var data = Data(try header(for: tensor, path: "<data>"))
        try withLittleEndianBytes(of: tensor) { (bytes) throws(TensorFileError) in data.append(contentsOf: bytes) }
        return data
    }

    /// The magic string, version, header length and header dictionary, as NumPy's
    /// `_write_array_header` writes them: the keys sorted, room for the first axis to grow to 21
    /// digits, then spaces and a newline up to a multiple of 64 bytes.
    static func header<Element: TensorElement>(for tensor: Tensor<Element>, path: String) throws(TensorFileError) -> [UInt8] {
        let descr: String
        switch StoredScalarType.exact(for: Element.self) {
        case .float32?: descr = "<f4"
        case .float64?: descr = "<f8"
        default:
            throw TensorFileError(.invalidArgument, path: path, problem: "\(Element.typeName) tensors have no .npy type",
                                  fix: "Convert the tensor to Float or Double before saving")
        }
        let shape = tensor.shape.count == 1 ? "(\(tensor.shape[0]),)" : "(" + tensor.shape.map(String.init).joined(separator: ", ") + ")"
        var dictionary = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shape), }"
        if let first = tensor.shape.first { dictionary += String(repeating: " ", count: Swift.max(0, 21 - String(first).count)) }
        let text = Array(dictionary.utf8)
        let lineLength = text.count + 1  // with the final newline
        // Version 1.0 unless its 2-byte header length cannot hold the padded header.
        let version1Length = lineLength + 64 - (10 + lineLength) % 64
        let version: UInt8 = version1Length <= 0xFFFF ? 1 : 2
        let headerLength = version == 1 ? version1Length : lineLength + 64 - (12 + lineLength) % 64
        let padding = headerLength - lineLength
        var bytes = NpyFile.magic + [version, 0]
        if version == 1 {
            bytes += withUnsafeBytes(of: UInt16(headerLength).littleEndian) { Array($0) }
        } else {
            bytes += withUnsafeBytes(of: UInt32(headerLength).littleEndian) { Array($0) }
        }
        bytes += text
        bytes += repeatElement(UInt8(ascii: " "), count: padding)
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }
}
