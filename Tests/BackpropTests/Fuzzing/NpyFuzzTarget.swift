import Foundation
import Backprop

/// Feeds one fuzz input to the `.npy` reader as a user would: opens it, and when it opens,
/// decodes the array as `Float` and as `Double`, converting whatever is stored (and transposing
/// Fortran order), then saves the `Double`s and reads them back. Shared by the fuzz tests and
/// the libFuzzer harness in `.ci/fuzz`.
///
/// A crash or a hang is the reader's failure; `brokenPromise` is called for the subtler ones:
/// an error that does not name the data, or an accepted file whose array does not decode to
/// the header's shape, or does not come back bit for bit from the writer.
///
/// - Returns: whether the reader accepted the input.
func fuzzNpyReader(_ bytes: [UInt8], brokenPromise: (String) -> Void) -> Bool {
    let file: NpyFile
    do {
        file = try NpyFile(data: Data(bytes))
    } catch {
        if !error.description.hasPrefix("<data>: ") { brokenPromise("the error does not start with the path <data>: \(error)") }
        return false
    }
    do {
        _ = try file.tensor(as: Float.self, shape: file.shape, allowingConversion: true)
        let doubles = try file.tensor(as: Double.self, shape: file.shape, allowingConversion: true)
        let reread = try NpyFile(data: NpyFile.serialized(doubles)).tensor(as: Double.self, shape: file.shape)
        if reread.scalars.map(\.bitPattern) != doubles.scalars.map(\.bitPattern) {
            brokenPromise("an array of shape \(file.shape) and dtype \(file.descr) does not survive saving and reading back")
        }
    } catch {
        brokenPromise("an accepted file fails to decode or to save and read back: \(error)")
    }
    return true
}
