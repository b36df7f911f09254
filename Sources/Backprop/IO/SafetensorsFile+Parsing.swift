#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension SafetensorsFile: HeaderedFileFormat {
    /// The names the reference implementation accepts for the data types it knows, for messages.
    static var dataTypeList: String { DataType.allCases.map(\.rawValue).joined(separator: ", ") }

    /// What the header of a safetensors file describes, validated against the file's size.
    struct Header {
        /// Every tensor, in the order of their data.
        let entries: [Entry]
        /// The `__metadata__` strings, empty when there are none.
        let metadata: [String: String]
    }

    static var prefixLength: Int { 8 }

    init(header: Header, layout dataStart: Int, bytes: Data, path: String) {
        self.path = path
        self.entries = header.entries
        self.metadata = header.metadata
        self.bytes = bytes
        self.dataStart = dataStart
        self.indexByName = Dictionary(uniqueKeysWithValues: header.entries.enumerated().map { ($1.name, $0) })
    }

    static func headerRange(of dataStart: Int) -> Range<Int> { 8..<dataStart }

    /// Where the data starts in a file of `fileSize` bytes that begins with `lengthField`
    /// (its first 8 bytes, or all of a shorter file): after the length field and the header.
    static func layout(prefix lengthField: Data, fileSize: Int, path: String) throws(TensorFileError) -> Int {
        guard fileSize >= 8, lengthField.count == 8 else {
            throw fileError(.truncated, "the file is \(fileSize) bytes long, too short for the 8-byte header length that starts a safetensors file", path: path, tensor: nil,
                            fix: "Check that this is a complete safetensors file; it may have been cut short while copying")
        }
        let headerLength = lengthField.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        guard headerLength <= UInt64(fileSize - 8) else {
            throw fileError(.truncated, "the header length field says \(headerLength) bytes, but only \(fileSize - 8) bytes follow it", path: path, tensor: nil,
                            fix: "The file is truncated or not a safetensors file; save or download it again")
        }
        return 8 + Int(headerLength)
    }

    /// Validates the header `bytes` of a file with `dataLength` bytes after the header: its
    /// JSON, every entry, and that the entries cover the data exactly.
    static func header(_ bytes: Data, layout _: Int, dataLength: Int, path: String) throws(TensorFileError) -> Header {
        func failure(_ kind: TensorFileError.Kind, _ problem: String, tensor: String? = nil, fix: String? = nil) -> TensorFileError {
            Self.fileError(kind, problem, path: path, tensor: tensor, fix: fix)
        }
        // The header: UTF-8 JSON, an object; errors count bytes from the start of the file.
        let parsed: Result<JSONValue, TensorFileError> = bytes.withUnsafeBytes { (header: UnsafeRawBufferPointer) in
            guard header.first == UInt8(ascii: "{") else {
                return .failure(failure(.invalidHeader, header.isEmpty ? "the header is empty" : "the header does not start with '{'"))
            }
            guard String(validating: header, as: UTF8.self) != nil else {
                return .failure(failure(.invalidHeader, "the header is not valid UTF-8"))
            }
            do throws(TextSyntaxError) {
                return .success(try JSONValue.parse(header))
            } catch {
                return .failure(failure(.invalidHeader, "the header is not valid JSON: \(error.message) (at byte \(8 + error.offset) of the file)"))
            }
        }
        guard case .object(let members) = try parsed.get() else {
            throw failure(.invalidHeader, "the header is not a JSON object")
        }

        var metadata: [String: String]?
        var entries: [Entry] = []
        var indexByName: [String: Int] = [:]
        entries.reserveCapacity(members.count)
        for member in members {
            let key = member.key, value = member.value
            if key == "__metadata__" {
                guard metadata == nil else { throw failure(.invalidHeader, "the header has two \"__metadata__\" entries") }
                guard case .object(let pairs) = value else {
                    throw failure(.invalidHeader, "\"__metadata__\" is \(value.kindDescription), not an object of strings")
                }
                var strings: [String: String] = [:]
                for pair in pairs {
                    let metadataKey = pair.key, metadataValue = pair.value
                    guard case .string(let text) = metadataValue else {
                        throw failure(.invalidHeader, "the metadata value for \(quoted(metadataKey)) is \(metadataValue.kindDescription), not a string",
                                      fix: "Safetensors metadata maps strings to strings; store other values as text")
                    }
                    guard strings.updateValue(text, forKey: metadataKey) == nil else {
                        throw failure(.invalidHeader, "the metadata key \(quoted(metadataKey)) appears twice")
                    }
                }
                metadata = strings
                continue
            }
            guard indexByName[key] == nil else { throw failure(.invalidHeader, "the header describes this tensor twice", tensor: key) }
            let entry = try entry(named: key, from: value, dataLength: dataLength, path: path)
            indexByName[key] = entries.count
            entries.append(entry)
        }

        // The data: the tensors, in offset order, cover it exactly, without overlaps or gaps.
        let ordered = entries.sorted {
            ($0.dataOffsets.lowerBound, $0.dataOffsets.upperBound, $0.name) < ($1.dataOffsets.lowerBound, $1.dataOffsets.upperBound, $1.name)
        }
        var end = 0
        var previous: String?
        for entry in ordered {
            let offsets = "[\(entry.dataOffsets.lowerBound), \(entry.dataOffsets.upperBound)]"
            if entry.dataOffsets.lowerBound < end, let previous {
                throw failure(.invalidDataLayout, "its data_offsets \(offsets) overlap the data of tensor \(quoted(previous)), which ends at \(end)", tensor: entry.name)
            }
            if entry.dataOffsets.lowerBound > end {
                let after = previous.map { "after tensor \(quoted($0)) ends at \(end)" } ?? "at the start of the data"
                throw failure(.invalidDataLayout, "its data_offsets \(offsets) leave a gap of \(entry.dataOffsets.lowerBound - end) bytes \(after); tensors must be stored back to back", tensor: entry.name)
            }
            end = entry.dataOffsets.upperBound
            previous = entry.name
        }
        guard end == dataLength else {
            throw failure(.trailingData, "the file has \(dataLength - end) bytes after the last tensor's data (which ends at data offset \(end) of \(dataLength)) that the header does not describe",
                          fix: "The file is corrupt or was appended to; save it again")
        }
        return Header(entries: ordered, metadata: metadata ?? [:])
    }

    /// One header entry, validated on its own: fields, data type, shape, offsets in range and
    /// matching the size of shape × data type.
    private static func entry(
        named name: String, from value: JSONValue, dataLength: Int, path: String
    ) throws(TensorFileError) -> Entry {
        func failure(_ kind: TensorFileError.Kind, _ problem: String, fix: String? = nil) -> TensorFileError {
            Self.fileError(kind, problem, path: path, tensor: name, fix: fix)
        }
        guard case .object(let fields) = value else {
            throw failure(.invalidHeader, "its header entry is \(value.kindDescription), not an object with dtype, shape and data_offsets")
        }
        var found: [String: JSONValue] = [:]
        for member in fields {
            let field = member.key, fieldValue = member.value
            guard field == "dtype" || field == "shape" || field == "data_offsets" else {
                throw failure(.invalidHeader, "its header entry has an unknown field \(quoted(field)); only dtype, shape and data_offsets are allowed")
            }
            guard found.updateValue(fieldValue, forKey: field) == nil else {
                throw failure(.invalidHeader, "its header entry has the field \(quoted(field)) twice")
            }
        }
        for field in ["dtype", "shape", "data_offsets"] where found[field] == nil {
            throw failure(.invalidHeader, "its header entry has no \(field) field")
        }
        let dtypeValue = found["dtype"], shapeValue = found["shape"], offsetsValue = found["data_offsets"]

        guard case .string(let dtypeText)? = dtypeValue else {
            throw failure(.invalidHeader, "its dtype is \(dtypeValue?.kindDescription ?? "missing"), not a string such as \"F32\"")
        }
        guard let dataType = DataType(rawValue: dtypeText) else {
            throw failure(.unsupportedDataType, "its dtype \(quoted(dtypeText)) is not one this library reads (\(dataTypeList))",
                          fix: "Convert the tensor to a supported type such as F32 before saving it")
        }

        guard case .array(let sizes)? = shapeValue else {
            throw failure(.invalidHeader, "its shape is \(shapeValue?.kindDescription ?? "missing"), not an array of sizes")
        }
        var shape: [Int] = []
        shape.reserveCapacity(sizes.count)
        for (axis, size) in sizes.enumerated() {
            guard let value = nonNegativeInteger(size) else {
                throw failure(.invalidHeader, "size \(axis) of its shape is \(size.kindDescription), not a non-negative integer below 2⁶³")
            }
            shape.append(value)
        }
        guard let counts = Shape.checkedCounts(shape, elementSize: dataType.byteCount) else {
            throw failure(.invalidDataLayout, "its \(Shape.overflowDescription(shape, elementSize: dataType.byteCount))")
        }
        let (count, byteCount) = counts

        guard case .array(let bounds)? = offsetsValue, bounds.count == 2,
              let begin = nonNegativeInteger(bounds[0]), let end = nonNegativeInteger(bounds[1]) else {
            throw failure(.invalidHeader, "its data_offsets are \(offsetsValue.map(describe) ?? "missing"), not two non-negative integers [begin, end]")
        }
        guard begin <= end else {
            throw failure(.invalidDataLayout, "its data_offsets [\(begin), \(end)] end before they begin")
        }
        guard end <= dataLength else {
            throw failure(.truncated, "its data_offsets [\(begin), \(end)] reach past the end of the data, which is \(dataLength) bytes long",
                          fix: "The file is truncated or its header is corrupt; save or download it again")
        }
        guard end - begin == byteCount else {
            throw failure(.invalidDataLayout,
                          "its data_offsets [\(begin), \(end)] cover \(end - begin) bytes but dtype \(dataType) and shape \(Shape.describe(shape)) need \(count) × \(dataType.byteCount) = \(byteCount)")
        }
        return Entry(name: name, dataType: dataType, shape: shape, dataOffsets: begin..<end)
    }

    /// An error about a safetensors file whose fix, unless given, is to get a good copy.
    static func fileError(_ kind: TensorFileError.Kind, _ problem: String, path: String, tensor: String?, fix: String?) -> TensorFileError {
        TensorFileError(kind, path: path, tensorName: tensor, problem: problem,
                        fix: fix ?? "The file is corrupt or not a safetensors file; save or download it again")
    }

    /// The value of a JSON integer in 0...Int.max, or nil.
    private static func nonNegativeInteger(_ value: JSONValue) -> Int? {
        guard case .number(let text) = value, let integer = Int(text), integer >= 0 else { return nil }
        return integer
    }

    /// A short description of a JSON value for messages: arrays of numbers are shown.
    private static func describe(_ value: JSONValue) -> String {
        if case .array(let elements) = value, elements.count <= 4,
           elements.allSatisfy({ if case .number = $0 { true } else { false } }) {
            return "[" + elements.map { if case .number(let text) = $0 { String(text.prefix(30)) } else { "" } }.joined(separator: ", ") + "]"
        }
        return value.kindDescription
    }
}
