import Foundation
import Backprop

/// Feeds one fuzz input to the safetensors reader as a user would: opens it, and when it opens,
/// decodes every tensor as `Float` and as `Double`, converting whatever is stored, then saves the
/// `Double`s with the metadata and reads them back. Shared by the fuzz tests and the libFuzzer
/// harness in `.ci/fuzz`.
///
/// A crash or a hang is the reader's failure; `brokenPromise` is called for the subtler ones:
/// an error that does not name the data, or an accepted file whose tensors do not decode, or do
/// not come back bit for bit, names and metadata included, from the writer.
///
/// - Returns: whether the reader accepted the input.
func fuzzSafetensorsReader(_ bytes: [UInt8], brokenPromise: (String) -> Void) -> Bool {
    let file: SafetensorsFile
    do {
        file = try SafetensorsFile(data: Data(bytes))
    } catch {
        if !error.description.hasPrefix("<data>: ") { brokenPromise("the error does not start with the path <data>: \(error)") }
        return false
    }
    do {
        for entry in file.entries {
            _ = try file.tensor(named: entry.name, as: Float.self, shape: entry.shape, allowingConversion: true)
        }
        let tensors = try file.tensors(as: Double.self, allowingConversion: true)
        let reread = try SafetensorsFile(data: SafetensorsFile.serialized(tensors, metadata: file.metadata))
        let rereadTensors = try reread.tensors(as: Double.self)
        let same = reread.metadata == file.metadata && rereadTensors.count == tensors.count && tensors.allSatisfy { name, tensor in
            rereadTensors[name].map { $0.shape == tensor.shape && $0.scalars.map(\.bitPattern) == tensor.scalars.map(\.bitPattern) } ?? false
        }
        if !same { brokenPromise("the tensors \(file.names) and metadata \(file.metadata) do not survive saving and reading back") }
    } catch {
        brokenPromise("an accepted file fails to decode or to save and read back: \(error)")
    }
    return true
}
