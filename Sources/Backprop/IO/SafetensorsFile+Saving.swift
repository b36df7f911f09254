#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension SafetensorsFile {
    /// Saves named tensors and metadata to a safetensors file at `url`, replacing it atomically:
    /// the file is written beside `url` under a temporary name, flushed, and renamed over `url`,
    /// so a failure or a crash mid-write never leaves a partial file behind.
    ///
    /// ```swift
    /// try SafetensorsFile.save(["w": w, "b": b], metadata: ["epoch": "3"], to: URL(fileURLWithPath: "model.safetensors"))
    /// ```
    ///
    /// Tensors are stored in the order of their names, as `F32` (`Float`) or `F64` (`Double`)
    /// exactly, bits included. Gradients and `requiresGrad` are not saved.
    ///
    /// - Throws: ``TensorFileError`` when the file cannot be written, or a name is `__metadata__`.
    public static func save<Element: TensorElement>(
        _ tensors: [String: Tensor<Element>], metadata: [String: String] = [:], to url: URL
    ) throws(TensorFileError) {
        try save(sorted(tensors), metadata: metadata, to: url)
    }

    /// Saves tensors in the given order, for example a model's `namedParameters`.
    ///
    /// ```swift
    /// try SafetensorsFile.save([(name: "w", value: w), (name: "b", value: b)], to: url)
    /// ```
    ///
    /// - Throws: ``TensorFileError`` when the file cannot be written, or a name is repeated or
    ///   is `__metadata__`.
    public static func save<Element: TensorElement>(
        _ tensors: [(name: String, value: Tensor<Element>)], metadata: [String: String] = [:], to url: URL
    ) throws(TensorFileError) {
        let path = url.isFileURL ? url.path : url.absoluteString
        let header = try header(for: tensors, metadata: metadata, path: path)
        try FileAccess.writeAtomically(to: url) { (sink: inout FileSink) throws(TensorFileError) in
            try sink.write(header)
            for (_, tensor) in tensors {
                try withLittleEndianBytes(of: tensor) { (bytes) throws(TensorFileError) in try sink.write(bytes) }
            }
        }
    }

    /// The bytes of a safetensors file holding `tensors` (in the order of their names) and
    /// `metadata`: what `save(_:metadata:to:)` writes to a file.
    ///
    /// ```swift
    /// let data = try SafetensorsFile.serialized(["x": Tensor<Float>([1, 2, 3])])
    /// let file = try SafetensorsFile(data: data)
    /// ```
    public static func serialized<Element: TensorElement>(
        _ tensors: [String: Tensor<Element>], metadata: [String: String] = [:]
    ) throws(TensorFileError) -> Data {
        try serialized(sorted(tensors), metadata: metadata)
    }

    /// The bytes of a safetensors file holding `tensors` in the given order and `metadata`.
    public static func serialized<Element: TensorElement>(
        _ tensors: [(name: String, value: Tensor<Element>)], metadata: [String: String] = [:]
    ) throws(TensorFileError) -> Data {
        var data = Data(try header(for: tensors, metadata: metadata, path: "<data>"))
        for (_, tensor) in tensors {
            try withLittleEndianBytes(of: tensor) { (bytes) throws(TensorFileError) in data.append(contentsOf: bytes) }
        }
        return data
    }

    private static func sorted<Element>(_ tensors: [String: Tensor<Element>]) -> [(name: String, value: Tensor<Element>)] {
        tensors.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
    }

    /// The 8-byte length and the JSON header, padded with spaces to a multiple of 8 bytes as the
    /// reference writer pads it, so that the data starts 8-byte aligned.
    static func header<Element: TensorElement>(
        for tensors: [(name: String, value: Tensor<Element>)], metadata: [String: String], path: String
    ) throws(TensorFileError) -> [UInt8] {
        guard let dataType = DataType.exact(for: Element.self) else {
            throw TensorFileError(.invalidArgument, path: path, problem: "\(Element.typeName) tensors have no safetensors dtype",
                                  fix: "Convert the tensors to Float or Double before saving")
        }
        var json = "{"
        if !metadata.isEmpty {
            json += "\"__metadata__\":{"
            json += metadata.sorted { $0.key < $1.key }.map { JSONValue.encodedString($0.key) + ":" + JSONValue.encodedString($0.value) }.joined(separator: ",")
            json += "},"
        }
        var seen = Set<String>()
        var offset = 0
        for (name, tensor) in tensors {
            guard name != "__metadata__" else {
                throw TensorFileError(.invalidArgument, path: path, tensorName: name, problem: "this name is reserved for the file's metadata",
                                      fix: "Rename the tensor, or pass the strings as metadata:")
            }
            guard seen.insert(name).inserted else {
                throw TensorFileError(.invalidArgument, path: path, tensorName: name, problem: "two tensors have this name",
                                      fix: "Give every tensor a different name")
            }
            let end = offset + tensor.count * dataType.byteCount
            json += JSONValue.encodedString(name)
                + ":{\"dtype\":\"\(dataType)\",\"shape\":[\(tensor.shape.map(String.init).joined(separator: ","))],\"data_offsets\":[\(offset),\(end)]},"
            offset = end
        }
        if json.hasSuffix(",") { json.removeLast() }
        json += "}"
        var header = Array(json.utf8)
        header.append(contentsOf: repeatElement(UInt8(ascii: " "), count: (8 - header.count % 8) % 8))
        return withUnsafeBytes(of: UInt64(header.count).littleEndian) { Array($0) } + header
    }
}
