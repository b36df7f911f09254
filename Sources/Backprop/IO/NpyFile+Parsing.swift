#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension NpyFile: HeaderedFileFormat {
    /// The magic string that starts every `.npy` file.
    static let magic: [UInt8] = [0x93, UInt8(ascii: "N"), UInt8(ascii: "U"), UInt8(ascii: "M"), UInt8(ascii: "P"), UInt8(ascii: "Y")]

    /// Where the parts of a `.npy` file are, from its first bytes.
    struct Layout {
        /// The format's major version: 1, 2 or 3.
        let formatVersion: Int
        /// The offset of the header dictionary.
        let headerStart: Int
        /// The offset of the first data byte, after the header.
        let dataStart: Int
    }

    /// What the header of a `.npy` file describes, validated against the file's size.
    struct Header {
        /// NumPy's description of the data type, such as `"<f4"`.
        let descr: String
        /// The size of each axis.
        let shape: [Int]
        /// Whether the data is in column-major order.
        let isFortranOrder: Bool
        /// The stored scalar format.
        let storedType: StoredScalarType
        /// Whether multi-byte scalars are stored big-endian.
        let isBigEndian: Bool
    }

    /// The magic string, the version and the longest header length field.
    static var prefixLength: Int { 12 }

    init(header: Header, layout: Layout, bytes: Data, path: String) {
        self.path = path
        self.formatVersion = layout.formatVersion
        self.descr = header.descr
        self.shape = header.shape
        self.isFortranOrder = header.isFortranOrder
        self.storedType = header.storedType
        self.isBigEndian = header.isBigEndian
        self.bytes = bytes
        self.dataStart = layout.dataStart
    }

    static func headerRange(of layout: Layout) -> Range<Int> { layout.headerStart..<layout.dataStart }

    /// An error about a `.npy` file whose fix, unless given, is to save it again.
    private static func failure(_ kind: TensorFileError.Kind, _ problem: String, path: String, fix: String? = nil) -> TensorFileError {
        TensorFileError(kind, path: path, problem: problem, fix: fix ?? "The file is corrupt or not a .npy file; save it again with numpy.save")
    }

    /// The version and the header's place in a file of `fileSize` bytes that begins with
    /// `prefix` (its first 12 bytes, or all of a shorter file).
    static func layout(prefix data: Data, fileSize total: Int, path: String) throws(TensorFileError) -> Layout {
        func failure(_ kind: TensorFileError.Kind, _ problem: String, fix: String? = nil) -> TensorFileError {
            Self.failure(kind, problem, path: path, fix: fix)
        }
        let prefix = [UInt8](data)
        guard prefix.count >= 6, Array(prefix[0..<6]) == NpyFile.magic else {
            if prefix.count < 6 && prefix == Array(NpyFile.magic.prefix(prefix.count)) {
                throw failure(.truncated, "the file is \(total) bytes long, shorter than the 6-byte magic string \\x93NUMPY")
            }
            throw failure(.invalidHeader, "the file does not start with the magic string \\x93NUMPY")
        }
        guard total >= 8 else { throw failure(.truncated, "the file ends (after \(total) bytes) before its format version") }
        let major = Int(prefix[6]), minor = Int(prefix[7])
        guard (1...3).contains(major) && minor == 0 else {
            throw failure(.invalidHeader, "the format version \(major).\(minor) is not one of 1.0, 2.0 and 3.0",
                          fix: "Save the array again with numpy.save, which writes version 1.0 or 2.0")
        }
        let lengthSize = major == 1 ? 2 : 4
        guard total >= 8 + lengthSize else { throw failure(.truncated, "the file ends (after \(total) bytes) before its header length") }
        let headerLength = lengthSize == 2
            ? Int(UInt16(prefix[8]) | UInt16(prefix[9]) << 8)
            : Int(UInt32(prefix[8]) | UInt32(prefix[9]) << 8 | UInt32(prefix[10]) << 16 | UInt32(prefix[11]) << 24)
        let headerStart = 8 + lengthSize
        guard headerLength <= total - headerStart else {
            throw failure(.truncated, "the header length field says \(headerLength) bytes, but only \(total - headerStart) bytes follow it")
        }
        return Layout(formatVersion: major, headerStart: headerStart, dataStart: headerStart + headerLength)
    }

    /// Validates the header dictionary `bytes` of a file with `dataLength` bytes after the
    /// header: its keys, data type and shape, and that the data has exactly the size they describe.
    static func header(_ bytes: Data, layout: Layout, dataLength: Int, path: String) throws(TensorFileError) -> Header {
        func failure(_ kind: TensorFileError.Kind, _ problem: String, fix: String? = nil) -> TensorFileError {
            Self.failure(kind, problem, path: path, fix: fix)
        }
        let headerStart = layout.headerStart
        let parsed: Result<PythonLiteral, TensorFileError> = bytes.withUnsafeBytes { (header: UnsafeRawBufferPointer) in
            do throws(TextSyntaxError) {
                return .success(try PythonLiteral.parse(header, utf8: layout.formatVersion == 3))
            } catch {
                return .failure(failure(.invalidHeader, "the header is not a Python literal: \(error.message) (at byte \(headerStart + error.offset) of the file)"))
            }
        }
        guard case .dict(let pairs) = try parsed.get() else {
            throw failure(.invalidHeader, "the header is not a dictionary")
        }
        var fields: [String: PythonLiteral] = [:]
        for pair in pairs {
            let key = pair.key, value = pair.value
            guard case .string(let name) = key, ["descr", "fortran_order", "shape"].contains(name) else {
                throw failure(.invalidHeader, "the header has the key \(key.summary); only 'descr', 'fortran_order' and 'shape' are allowed")
            }
            guard fields.updateValue(value, forKey: name) == nil else { throw failure(.invalidHeader, "the header has the key '\(name)' twice") }
        }
        for key in ["descr", "fortran_order", "shape"] where fields[key] == nil {
            throw failure(.invalidHeader, "the header has no '\(key)' key")
        }

        guard case .bool(let isFortranOrder)? = fields["fortran_order"] else {
            throw failure(.invalidHeader, "'fortran_order' is \(fields["fortran_order"]?.summary ?? "missing"), not True or False")
        }
        guard case .string(let descr)? = fields["descr"] else {
            throw failure(.unsupportedDataType, "'descr' is \(fields["descr"]?.summary ?? "missing"); structured (record) arrays are not supported",
                          fix: "Save a plain numeric array, for example array.astype(numpy.float32)")
        }
        guard let (storedType, isBigEndian) = NpyFile.storedType(for: descr) else {
            throw failure(.unsupportedDataType, "the data type \(quoted(descr)) is not one this library reads (floats f2, f4, f8; integers i1–i8, u1–u8; booleans b1)",
                          fix: "Convert the array first, for example array.astype(numpy.float32)")
        }
        guard case .tuple(let sizes)? = fields["shape"] else {
            throw failure(.invalidHeader, "'shape' is \(fields["shape"]?.summary ?? "missing"), not a tuple of sizes")
        }
        var shape: [Int] = []
        for (axis, size) in sizes.enumerated() {
            guard case .integer(let text) = size, let value = Int(text), value >= 0 else {
                throw failure(.invalidHeader, "size \(axis) of the shape is \(size.summary), not a non-negative integer below 2⁶³")
            }
            shape.append(value)
        }
        guard let counts = Shape.checkedCounts(shape, elementSize: storedType.byteCount) else {
            throw failure(.invalidDataLayout, "the \(Shape.overflowDescription(shape, elementSize: storedType.byteCount))")
        }
        let (count, byteCount) = counts
        guard dataLength >= byteCount else {
            throw failure(.truncated, "the data is \(dataLength) bytes long, but shape \(Shape.describe(shape)) of \(quoted(descr)) elements needs \(count) × \(storedType.byteCount) = \(byteCount)",
                          fix: "The file is truncated; save or copy it again")
        }
        guard dataLength == byteCount else {
            throw failure(.trailingData, "the file has \(dataLength - byteCount) bytes after the \(byteCount) bytes of data that the header describes",
                          fix: "The file is corrupt or was appended to; save it again")
        }
        return Header(descr: descr, shape: shape, isFortranOrder: isFortranOrder, storedType: storedType, isBigEndian: isBigEndian)
    }

    /// The scalar format and byte order a NumPy type description such as `<f4` names, or nil.
    static func storedType(for descr: String) -> (StoredScalarType, bigEndian: Bool)? {
        var characters = Substring(descr)
        var order = Character("=")
        if let first = characters.first, "<>|=".contains(first) {
            order = first
            characters = characters.dropFirst()
        }
        let type: StoredScalarType
        switch characters {
        case "f2": type = .float16
        case "f4": type = .float32
        case "f8": type = .float64
        case "i1": type = .int8
        case "i2": type = .int16
        case "i4": type = .int32
        case "i8": type = .int64
        case "u1": type = .uint8
        case "u2": type = .uint16
        case "u4": type = .uint32
        case "u8": type = .uint64
        case "b1": type = .bool
        default: return nil
        }
        if order == "|" && type.byteCount > 1 { return nil }
        let hostIsBigEndian = 1.bigEndian == 1
        return (type, order == ">" || (order == "=" && hostIsBigEndian))
    }
}
