import Foundation
import BackpropNotebooks

/// Feeds one fuzz input to the notebook reader as `backprop notebook` would: reads it, and when
/// it reads, writes it back and reads that again. Shared by the fuzz test and the libFuzzer
/// harness in `.ci/fuzz`.
///
/// A crash or a hang is the reader's failure; `brokenPromise` is called for the subtler ones:
/// an error that does not start with the notebook's path, or an accepted notebook that, written
/// back, does not read as the same cells and outputs, or is not written the same way twice.
///
/// - Returns: whether the reader accepted the input.
func fuzzNotebookReader(_ bytes: [UInt8], brokenPromise: (String) -> Void) -> Bool {
    let path = "fuzzed.ipynb"
    let notebook: Notebook
    do {
        notebook = try Notebook(data: Data(bytes), path: path)
    } catch {
        if !error.description.hasPrefix(path + " ") { brokenPromise("the error does not start with the path \(path): \(error)") }
        return false
    }
    let written = notebook.jsonData()
    do {
        let reread = try Notebook(data: written, path: path)
        if reread.cells.map(\.kind) != notebook.cells.map(\.kind) || reread.cells.map(\.source) != notebook.cells.map(\.source)
            || reread.jsonData() != written {
            brokenPromise("the notebook written back reads as another notebook:\n\(String(decoding: written, as: UTF8.self))")
        }
    } catch {
        brokenPromise("the notebook written back does not read: \(error)")
    }
    return true
}
