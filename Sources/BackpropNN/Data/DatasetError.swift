/// A data file that could not be read or parsed: which file, which line, what was wrong and
/// what to do. Loading data is always throwing; a malformed file never stops the program.
///
/// ```swift
/// do {
///     let digits = try Dataset<Float>.digits(contentsOf: url)
/// } catch let error as DatasetError {
///     print(error)   // digits.csv, line 12: expected 65 comma-separated values ... Fix: ...
/// }
/// ```
public struct DatasetError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The family of failure.
    public enum Kind: String, Equatable, Sendable, CaseIterable {
        /// The file (or a bundled resource) does not exist or cannot be read.
        case unreadableFile
        /// The file was read but its contents are not in the expected format.
        case malformedData
    }

    /// The family of failure.
    public let kind: Kind
    /// The file, as a name or path.
    public let source: String
    /// The 1-based line where the problem is, when it is on one line.
    public let line: Int?
    /// What was wrong, naming the values involved.
    public let problem: String
    /// What to do instead.
    public let fix: String

    /// Creates an error; `problem` and `fix` are full sentences without a final period.
    public init(_ kind: Kind, source: String, line: Int? = nil, problem: String, fix: String) {
        self.kind = kind
        self.source = source
        self.line = line
        self.problem = problem
        self.fix = fix
    }

    /// The whole message: `source, line n: problem. fix.`
    public var description: String {
        "\(source)\(line.map { ", line \($0)" } ?? ""): \(problem). \(fix)."
    }
}
