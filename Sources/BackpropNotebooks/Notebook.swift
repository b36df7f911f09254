import Backprop
import Foundation

/// A Jupyter notebook in nbformat 4: cells of Swift code and Markdown, with the outputs of the
/// code cells. Reading keeps every field it does not know, so that a notebook written back is
/// the same notebook with new outputs.
///
/// ```swift
/// var notebook = try Notebook(contentsOf: url)
/// notebook.cells[2].outputs = [.stream("hello\n")]
/// try notebook.write(to: url)
/// ```
public struct Notebook: Sendable {
    /// The cells, in order.
    public var cells: [Cell]
    /// The notebook's own JSON object (metadata, nbformat...), kept as read.
    private var fields: JSONValue

    /// A new notebook of `cells`, marked as Swift.
    public init(cells: [Cell]) {
        self.cells = cells
        fields = .object(members(
            ("metadata", .object(members(
                ("kernelspec", .object(members(("display_name", .string("Swift")), ("language", .string("swift")), ("name", .string("swift"))))),
                ("language_info", .object(members(("file_extension", .string(".swift")), ("name", .string("swift")))))
            ))),
            ("nbformat", .number("4")), ("nbformat_minor", .number("5"))
        ))
    }

    /// Reads a notebook file.
    ///
    /// Only a regular file of at most ``maximumFileSize`` bytes is read: a device such as
    /// `/dev/zero` or a named pipe is refused at once.
    ///
    /// - Throws: ``NotebookError`` when the file cannot be read or is not an nbformat 4 notebook.
    public init(contentsOf url: URL) throws(NotebookError) {
        let data: Data
        do throws(TensorFileError) {
            var file = try RegularFile(openingForReading: url.path)
            data = try file.contents(limit: Self.maximumFileSize)
        } catch {
            throw NotebookError(path: url.path, problem: "cannot be read: \(error.problem)", fix: error.fix)
        }
        try self.init(data: data, path: url.path)
    }

    /// The largest notebook file read, 256 MiB: far more than text and pictures take.
    public static let maximumFileSize = 256 << 20

    /// Reads a notebook from its JSON bytes; `path` names it in errors.
    ///
    /// - Throws: ``NotebookError`` when the bytes are not an nbformat 4 notebook.
    public init(data: Data, path: String = "<notebook>") throws(NotebookError) {
        let root: JSONValue
        do {
            root = try data.withUnsafeBytes { bytes throws(TextSyntaxError) in try JSONValue.parse(bytes, textName: "the notebook") }
        } catch {
            throw NotebookError(path: path, problem: "is not valid JSON (\(error))", fix: "Open it in Jupyter and save it again")
        }
        guard case .object = root else {
            throw NotebookError(path: path, problem: "is JSON with \(root.kindDescription) at the top, not a notebook object", fix: "Open it in Jupyter and save it again")
        }
        guard case .number("4")? = root["nbformat"] else {
            throw NotebookError(path: path, problem: "is not nbformat 4 (its \"nbformat\" is \(root["nbformat"]?.kindDescription ?? "missing"))",
                                fix: "Convert it with `jupyter nbconvert --to notebook --nbformat 4`")
        }
        guard case .array(let cellValues)? = root["cells"] else {
            throw NotebookError(path: path, problem: "has no \"cells\" array", fix: "Open it in Jupyter and save it again")
        }
        var cells: [Cell] = []
        for (index, value) in cellValues.enumerated() {
            cells.append(try Cell(value, index: index, path: path))
        }
        self.cells = cells
        fields = root
    }

    /// The notebook as nbformat 4 JSON, keys sorted and indented by one space as Jupyter writes.
    /// From nbformat 4.5 on every cell needs an `id`; cells without one get `cell-N`.
    public func jsonData() -> Data {
        var object = fields
        var cellObjects = cells.map(\.json)
        if case .number(let minor)? = fields["nbformat_minor"], (Int(minor) ?? 0) >= 5 {
            var used = Set(cellObjects.compactMap { $0["id"]?.multilineText })
            for index in cellObjects.indices where cellObjects[index]["id"] == nil {
                var number = index + 1
                while used.contains("cell-\(number)") { number += 1 }
                used.insert("cell-\(number)")
                cellObjects[index]["id"] = .string("cell-\(number)")
            }
        }
        object["cells"] = .array(cellObjects)
        return Data((object.serialized(indent: 1, sortingKeys: true) + "\n").utf8)
    }

    /// Writes the notebook to `url` atomically (a temporary file renamed over it).
    ///
    /// - Throws: ``NotebookError`` when the file cannot be written.
    public func write(to url: URL) throws(NotebookError) {
        do {
            try jsonData().write(to: url, options: .atomic)
        } catch {
            throw NotebookError(path: url.path, problem: "cannot be written (\(error.localizedDescription))", fix: "Check the directory's permissions")
        }
    }
}

/// A notebook that cannot be read, written or run, with what to do about it.
public struct NotebookError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The notebook's path.
    public let path: String
    /// What is wrong.
    public let problem: String
    /// What to do.
    public let fix: String

    /// Creates an error; `problem` and `fix` are sentences without a final period.
    public init(path: String, problem: String, fix: String) {
        self.path = path
        self.problem = problem
        self.fix = fix
    }

    /// `path problem. fix.`
    public var description: String { "\(path) \(problem). \(fix)." }
}
