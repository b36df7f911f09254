/// A tensor file that cannot be read or written: which file, which tensor, what is wrong and
/// how to fix it.
///
/// Reading and writing files (``SafetensorsFile``, ``NpyFile``) always throws this error; it is
/// never routed through ``withErrorChecking(_:)``, because a corrupt or missing file is not a
/// programming mistake.
///
/// ```swift
/// do {
///     let weights = try SafetensorsFile.load(Float.self, from: url)
/// } catch {
///     print(error)   // model.safetensors: tensor "fc1.weight": data_offsets [0, 12] cover 12 bytes ...
///     if error.kind == .truncated { ... }
/// }
/// ```
public struct TensorFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The family of problem, for code that reacts to some errors and not others.
    public enum Kind: String, Equatable, Sendable, CaseIterable {
        /// The file could not be opened or read (missing, a directory, no permission).
        case unreadable
        /// The file could not be created, written or moved into place.
        case unwritable
        /// The file ends before the data its header describes.
        case truncated
        /// The header is malformed: a bad magic string or length, invalid UTF-8 or syntax, a
        /// missing, unknown or ill-typed field.
        case invalidHeader
        /// The header names a data type this library cannot read.
        case unsupportedDataType
        /// The header's shapes and data offsets do not describe the data: an overflowing size,
        /// offsets out of range, overlapping, with gaps, or not matching shape × element size.
        case invalidDataLayout
        /// Bytes after the last tensor's data that the header does not describe.
        case trailingData
        /// A tensor's stored data type differs from the requested element type and conversion
        /// was not allowed.
        case dataTypeMismatch
        /// A tensor's shape differs from the shape the caller expected.
        case shapeMismatch
        /// No tensor has the requested name.
        case missingTensor
        /// The tensors or metadata given to a save cannot be stored (a duplicate or reserved name).
        case invalidArgument
        /// The file holds a tensor that the reader has no place for (a model loading a file
        /// saved from a different model).
        case unexpectedTensor
    }

    /// The family of problem.
    public let kind: Kind
    /// The file's path, or `<data>` for bytes decoded in memory.
    public let path: String
    /// The tensor concerned, if the problem is with one tensor.
    public let tensorName: String?
    /// What is wrong, naming the values involved; a sentence without a final period.
    public let problem: String
    /// What to do about it; a sentence without a final period.
    public let fix: String

    /// Creates an error; `problem` and `fix` are full sentences without a final period.
    public init(_ kind: Kind, path: String, tensorName: String? = nil, problem: String, fix: String) {
        self.kind = kind
        self.path = path
        self.tensorName = tensorName
        self.problem = problem
        self.fix = fix
    }

    /// The whole message: `path: tensor "name": problem. fix.`
    public var description: String {
        let tensor = tensorName.map { "tensor \(quoted($0)): " } ?? ""
        return "\(path): \(tensor)\(problem). \(fix)."
    }
}

/// `text` in double quotes, with control characters, quotes and backslashes escaped and very
/// long names shortened, for naming things taken from a file in a message.
func quoted(_ text: String) -> String {
    var result = "\""
    var length = 0
    for scalar in text.unicodeScalars {
        if length == 200 {
            result += "…"
            break
        }
        length += 1
        switch scalar {
        case "\"": result += "\\\""
        case "\\": result += "\\\\"
        case "\n": result += "\\n"
        case "\t": result += "\\t"
        case "\r": result += "\\r"
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F {
                result += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
    }
    return result + "\""
}
