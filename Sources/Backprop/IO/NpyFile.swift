#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A NumPy `.npy` file: one array with its data type, shape and memory order
/// ([format 1.0, 2.0 and 3.0](https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html)).
///
/// Opening a file reads it and validates all of it — magic string, version, header length,
/// the header dictionary, the data type, the shape and that the data has exactly the size they
/// describe — so a corrupt, truncated or hostile file throws a ``TensorFileError`` and never
/// crashes.
///
/// ```swift
/// let file = try NpyFile(contentsOf: URL(fileURLWithPath: "x.npy"))
/// file.descr     // "<f4"
/// file.shape     // [2, 3]
/// let x = try file.tensor(as: Float.self)
///
/// try NpyFile.save(x, to: URL(fileURLWithPath: "y.npy"))      // np.load("y.npy") in Python
/// let y = try NpyFile.load(Float.self, from: URL(fileURLWithPath: "y.npy"))
/// ```
///
/// Little-endian (`<f4`, `<f8`) and big-endian (`>f4`, `>f8`) floats load as `Float` and `Double`
/// bit for bit. Arrays in Fortran (column-major) order are transposed into the row-major order
/// of a ``Tensor`` — the tensor has the file's shape and the same values at the same indices.
/// Half floats, integers and booleans load when `allowingConversion` is true. Structured,
/// complex, string and object (pickled) arrays are rejected.
public struct NpyFile: Sendable {
    /// The file's path, or `<data>` for bytes decoded in memory; used in error messages.
    public let path: String
    /// The format's major version: 1, 2 or 3.
    public let formatVersion: Int
    /// NumPy's description of the data type, such as `"<f4"`: byte order, kind and size.
    public let descr: String
    /// The size of each axis; empty for a 0-d array.
    public let shape: [Int]
    /// Whether the data is stored in Fortran (column-major) order.
    public let isFortranOrder: Bool
    /// The stored scalar format.
    let storedType: StoredScalarType
    /// Whether multi-byte scalars are stored big-endian.
    let isBigEndian: Bool
    /// The whole file.
    let bytes: Data
    /// The offset of the first data byte in `bytes`.
    let dataStart: Int

    /// Reads and validates the `.npy` file at `url`.
    ///
    /// Only a regular file is read (a device such as `/dev/zero` or a named pipe is refused at
    /// once), and only as many bytes as its header describes.
    ///
    /// - Throws: ``TensorFileError`` when the file cannot be read or is not a valid `.npy` file.
    public init(contentsOf url: URL) throws(TensorFileError) {
        try self.init(readingFileAt: FileAccess.path(of: url, writing: false))
    }

    /// Validates `.npy` bytes held in memory; errors name the path `<data>`.
    public init(data: Data) throws(TensorFileError) {
        try self.init(bytes: data, path: "<data>")
    }

    /// Decodes the array as a constant tensor of `Element`.
    ///
    /// ```swift
    /// let x = try NpyFile(contentsOf: url).tensor(as: Double.self, shape: [3, 4])
    /// ```
    ///
    /// - Parameters:
    ///   - shape: the shape the caller expects, checked when given.
    ///   - allowingConversion: when false, the stored type must be exactly `Element` (`f4` for
    ///     `Float`, `f8` for `Double`, either byte order); when true, any readable type is
    ///     converted, rounding to nearest.
    /// - Throws: ``TensorFileError`` with kind `shapeMismatch` or `dataTypeMismatch`.
    public func tensor<Element: TensorElement>(
        as type: Element.Type = Element.self, shape: [Int]? = nil, allowingConversion: Bool = false
    ) throws(TensorFileError) -> Tensor<Element> {
        if let shape, shape != self.shape {
            throw TensorFileError(
                .shapeMismatch, path: path, problem: "the array has shape \(Shape.describe(self.shape)) but shape \(Shape.describe(shape)) was expected",
                fix: "Check that this is the right file, or load it without a shape and reshape it")
        }
        let exact = StoredScalarType.exact(for: Element.self)
        if storedType != exact && !allowingConversion {
            let stored = exact.map { "\(Element.typeName) is stored as \($0 == .float32 ? "<f4" : "<f8")" } ?? "\(Element.typeName) has no .npy type"
            let other = storedType == .float32 ? "Float" : storedType == .float64 ? "Double" : nil
            throw TensorFileError(
                .dataTypeMismatch, path: path, problem: "the array has dtype \(quoted(descr)) but \(Element.typeName) was requested (\(stored))",
                fix: (other.map { "Load it as \($0), or pass" } ?? "Pass") + " allowingConversion: true to convert it to \(Element.typeName)")
        }
        let count = Shape.count(self.shape)
        let decode = { (destination: UnsafeMutablePointer<Element>) in
            bytes.withUnsafeBytes { (file: UnsafeRawBufferPointer) in
                guard let base = file.baseAddress else { return }
                storedType.decode(from: base + dataStart, count: count, bigEndian: isBigEndian, into: destination)
            }
        }
        guard isFortranOrder && self.shape.count > 1 && count > 0 else {
            return Tensor<Element>.computed(shape: self.shape, decode)
        }
        // Column-major storage: walk the stored elements with the first axis fastest and place
        // each at its row-major offset.
        let stored = UnsafeMutablePointer<Element>.allocate(capacity: count)
        defer { stored.deallocate() }
        decode(stored)
        return Tensor<Element>.computed(shape: self.shape) { destination in
            let sizes = self.shape, strides = Shape.strides(sizes)
            var index = [Int](repeating: 0, count: sizes.count)
            var offset = 0
            for source in 0..<count {
                destination[offset] = stored[source]
                var axis = 0
                while axis < sizes.count {
                    index[axis] += 1
                    offset += strides[axis]
                    if index[axis] < sizes[axis] { break }
                    offset -= strides[axis] * sizes[axis]
                    index[axis] = 0
                    axis += 1
                }
            }
        }
    }

    /// Reads the `.npy` file at `url` and decodes its array as `Element`.
    ///
    /// ```swift
    /// let x = try NpyFile.load(Float.self, from: URL(fileURLWithPath: "x.npy"))
    /// ```
    ///
    /// - Parameter allowingConversion: as for ``tensor(as:shape:allowingConversion:)``.
    /// - Throws: ``TensorFileError`` when the file cannot be read, is invalid, or holds another data type.
    public static func load<Element: TensorElement>(
        _ type: Element.Type = Element.self, from url: URL, allowingConversion: Bool = false
    ) throws(TensorFileError) -> Tensor<Element> {
        try NpyFile(contentsOf: url).tensor(as: Element.self, allowingConversion: allowingConversion)
    }
}
