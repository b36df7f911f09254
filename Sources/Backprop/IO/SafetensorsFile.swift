#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A file in the [safetensors](https://github.com/huggingface/safetensors) format, the
/// format of Hugging Face model weights: named tensors with their data types and shapes, and
/// string metadata.
///
/// Opening a file reads it and validates all of it — the header's length, its JSON, every
/// entry's data type, shape and data offsets, and that the data is exactly covered — so that a
/// corrupt, truncated or hostile file throws a ``TensorFileError`` naming the problem and never
/// crashes. Tensors are then decoded on request:
///
/// ```swift
/// let file = try SafetensorsFile(contentsOf: url)
/// file.names                                    // ["fc1.bias", "fc1.weight"], in data order
/// file.metadata                                 // ["format": "pt"]
/// let w = try file.tensor(named: "fc1.weight", as: Float.self, shape: [4, 2])
///
/// let all = try SafetensorsFile.load(Float.self, from: url)      // [String: Tensor<Float>]
/// try SafetensorsFile.save(all, metadata: ["epoch": "3"], to: url)
/// ```
///
/// `F32` tensors load as `Float` and `F64` tensors as `Double`, bit for bit. Any other pairing
/// (and the other ``DataType``s: half precision, bfloat16, integers...) is an error unless
/// `allowingConversion` is true, in which case values are rounded to the nearest `Element`.
public struct SafetensorsFile: Sendable {
    /// The description of one tensor in the header.
    public struct Entry: Equatable, Sendable {
        /// The tensor's name, the header key (`"fc1.weight"`).
        public let name: String
        /// How its elements are stored.
        public let dataType: DataType
        /// The size of each axis; empty for a 0-d tensor.
        public let shape: [Int]
        /// Where its bytes are, relative to the first byte after the header (the header's
        /// `data_offsets`).
        public let dataOffsets: Range<Int>
    }

    /// The file's path, or `<data>` for bytes decoded in memory; used in error messages.
    public let path: String
    /// Every tensor in the file, in the order of their data.
    public let entries: [Entry]
    /// The header's `__metadata__`: free-form strings, empty when there is none.
    public let metadata: [String: String]
    /// The whole file.
    let bytes: Data
    /// The offset of the first data byte in `bytes`.
    let dataStart: Int
    /// The index in `entries` of each name.
    let indexByName: [String: Int]

    /// The tensors' names, in the order of their data.
    public var names: [String] { entries.map(\.name) }

    /// Reads and validates the safetensors file at `url`.
    ///
    /// Only a regular file is read (a device such as `/dev/zero` or a named pipe is refused at
    /// once), and only as many bytes as its header describes.
    ///
    /// - Throws: ``TensorFileError`` when the file cannot be read or is not a valid safetensors file.
    public init(contentsOf url: URL) throws(TensorFileError) {
        try self.init(readingFileAt: FileAccess.path(of: url, writing: false))
    }

    /// Validates safetensors bytes held in memory; errors name the path `<data>`.
    ///
    /// ```swift
    /// let file = try SafetensorsFile(data: SafetensorsFile.serialized(["x": Tensor<Float>([1, 2])]))
    /// ```
    public init(data: Data) throws(TensorFileError) {
        try self.init(bytes: data, path: "<data>")
    }

    /// The entry called `name`, or nil.
    public func entry(named name: String) -> Entry? {
        indexByName[name].map { entries[$0] }
    }

    /// Decodes the tensor called `name` as a constant tensor of `Element`.
    ///
    /// ```swift
    /// let bias = try file.tensor(named: "fc1.bias", as: Float.self, shape: [4])
    /// ```
    ///
    /// - Parameters:
    ///   - shape: the shape the caller expects, checked when given.
    ///   - allowingConversion: when false, the stored type must be exactly `Element` (`F32` for
    ///     `Float`, `F64` for `Double`); when true, any ``DataType`` is converted, rounding to nearest.
    /// - Throws: ``TensorFileError`` with kind `missingTensor`, `shapeMismatch` or `dataTypeMismatch`.
    public func tensor<Element: TensorElement>(
        named name: String, as type: Element.Type = Element.self, shape: [Int]? = nil, allowingConversion: Bool = false
    ) throws(TensorFileError) -> Tensor<Element> {
        guard let index = indexByName[name] else {
            let available = names.sorted()
            let listed = available.prefix(8).map(quoted).joined(separator: ", ") + (available.count > 8 ? ", … (\(available.count) in all)" : "")
            throw TensorFileError(
                .missingTensor, path: path, tensorName: name, problem: "the file has no tensor with this name",
                fix: available.isEmpty ? "The file holds no tensors; check that it is the right file" : "Use one of the names in the file: \(listed)")
        }
        let entry = entries[index]
        if let shape, shape != entry.shape {
            throw TensorFileError(
                .shapeMismatch, path: path, tensorName: name,
                problem: "the tensor has shape \(Shape.describe(entry.shape)) but shape \(Shape.describe(shape)) was expected",
                fix: "Check that the file was saved from a model with the same layer sizes, or load it without a shape and reshape it")
        }
        try checkDataType(of: entry, as: Element.self, allowingConversion: allowingConversion)
        return decoded(entry)
    }

    /// Decodes every tensor as `Element`, by name.
    ///
    /// - Parameter allowingConversion: as for ``tensor(named:as:shape:allowingConversion:)``.
    /// - Throws: ``TensorFileError`` naming the first tensor whose data type is not `Element`'s.
    public func tensors<Element: TensorElement>(
        as type: Element.Type = Element.self, allowingConversion: Bool = false
    ) throws(TensorFileError) -> [String: Tensor<Element>] {
        var result: [String: Tensor<Element>] = [:]
        result.reserveCapacity(entries.count)
        for entry in entries {
            try checkDataType(of: entry, as: Element.self, allowingConversion: allowingConversion)
            result[entry.name] = decoded(entry)
        }
        return result
    }

    /// Reads the safetensors file at `url` and decodes every tensor as `Element`.
    ///
    /// ```swift
    /// let weights = try SafetensorsFile.load(Float.self, from: URL(fileURLWithPath: "model.safetensors"))
    /// ```
    ///
    /// - Parameter allowingConversion: when false, every tensor must be stored exactly as
    ///   `Element` (`F32` for `Float`, `F64` for `Double`); when true, others are converted.
    /// - Throws: ``TensorFileError`` when the file cannot be read, is invalid, or holds another data type.
    public static func load<Element: TensorElement>(
        _ type: Element.Type = Element.self, from url: URL, allowingConversion: Bool = false
    ) throws(TensorFileError) -> [String: Tensor<Element>] {
        try SafetensorsFile(contentsOf: url).tensors(as: Element.self, allowingConversion: allowingConversion)
    }

    func checkDataType<Element: TensorElement>(of entry: Entry, as _: Element.Type, allowingConversion: Bool) throws(TensorFileError) {
        let exact = DataType.exact(for: Element.self)
        guard entry.dataType != exact && !allowingConversion else { return }
        let stored = exact.map { "\(Element.typeName) is stored as \($0)" } ?? "\(Element.typeName) has no safetensors dtype"
        let other = entry.dataType == .float32 ? "Float" : entry.dataType == .float64 ? "Double" : nil
        throw TensorFileError(
            .dataTypeMismatch, path: path, tensorName: entry.name,
            problem: "the tensor has dtype \(entry.dataType) but \(Element.typeName) was requested (\(stored))",
            fix: (other.map { "Load it as \($0), or pass" } ?? "Pass") + " allowingConversion: true to convert it to \(Element.typeName)")
    }

    func decoded<Element: TensorElement>(_ entry: Entry) -> Tensor<Element> {
        Tensor<Element>.computed(shape: entry.shape) { destination in
            bytes.withUnsafeBytes { file in
                guard let base = file.baseAddress else { return }
                let count = entry.dataOffsets.count / entry.dataType.byteCount
                entry.dataType.storedType.decode(
                    from: base + dataStart + entry.dataOffsets.lowerBound, count: count, bigEndian: false, into: destination)
            }
        }
    }
}
