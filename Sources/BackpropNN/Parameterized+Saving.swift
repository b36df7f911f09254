import Backprop
import Foundation

extension Parameterized {
    /// The parameters, then the buffers, by name: what a PyTorch `state_dict` holds.
    public var stateDictionary: [(name: String, value: Tensor<Element>)] { namedParameters + namedBuffers }

    /// Saves the parameters and buffers to a safetensors file under their PyTorch `state_dict`
    /// names (`0.weight`, `0.bias`, `1.running_mean`), replacing `url` atomically (the file is
    /// written beside it and renamed over it). PyTorch reads it with
    /// `model.load_state_dict(safetensors.torch.load_file(path))`.
    ///
    /// ```swift
    /// try model.save(to: URL(fileURLWithPath: "model.safetensors"))
    /// ```
    ///
    /// - Throws: ``TensorFileError`` when the file cannot be written or two tensors share a name.
    public func save(to url: URL, metadata: [String: String] = [:]) throws(TensorFileError) {
        try SafetensorsFile.save(stateDictionary.map { (name: $0.name, value: $0.value.detached()) }, metadata: metadata, to: url)
    }

    /// Replaces the parameters and buffers with the tensors of the same names in a safetensors
    /// file, such as one saved by ``save(to:metadata:)`` or a PyTorch `state_dict` saved with
    /// `safetensors.torch.save_file(model.state_dict(), path)`. Stored values of another data
    /// type (`F16`, `I64` for `num_batches_tracked`, `F64` into a `Float` model) are converted,
    /// as PyTorch's `load_state_dict` copies them. Loaded parameters are new leaves that require
    /// a gradient where the old ones did (a frozen parameter stays frozen, as in PyTorch); their
    /// old gradients are gone.
    ///
    /// Everything is checked before anything is replaced: a tensor the model needs that the file
    /// lacks, a shape that differs, or (with `strict`, the default, as PyTorch's) a tensor in the
    /// file that the model has no place for throws and leaves the model as it was.
    ///
    /// ```swift
    /// try model.load(from: URL(fileURLWithPath: "model.safetensors"))
    /// ```
    ///
    /// - Throws: ``TensorFileError``: `missingTensor`, `shapeMismatch` or `unexpectedTensor`
    ///   naming every offending tensor, or an error reading the file.
    public func load(from url: URL, strict: Bool = true) throws(TensorFileError) {
        let file = try SafetensorsFile(contentsOf: url)
        let expected = stateDictionary
        let missing = expected.filter { file.entry(named: $0.name) == nil }.map(\.name)
        if !missing.isEmpty {
            throw TensorFileError(
                .missingTensor, path: file.path, tensorName: missing.count == 1 ? missing[0] : nil,
                problem: "the model needs \(listed(missing)) but the file has no tensor of \(missing.count == 1 ? "that name" : "those names") (it has \(listed(file.names)))",
                fix: "Load a file saved from the same architecture, with the same layer order and names")
        }
        for (name, value) in expected where file.entry(named: name)!.shape != value.shape {
            throw TensorFileError(
                .shapeMismatch, path: file.path, tensorName: name,
                problem: "the file's tensor has shape \(file.entry(named: name)!.shape) but the model's has shape \(value.shape)",
                fix: "Build the model with the sizes the file was saved with")
        }
        let known = Set(expected.map(\.name)), unexpected = file.names.filter { !known.contains($0) }
        if strict && !unexpected.isEmpty {
            throw TensorFileError(
                .unexpectedTensor, path: file.path, tensorName: unexpected.count == 1 ? unexpected[0] : nil,
                problem: "the file holds \(listed(unexpected)), which the model has no place for (it needs \(listed(expected.map(\.name))))",
                fix: "Load a file saved from the same architecture, or pass strict: false to ignore extra tensors")
        }
        var loaded: [String: Tensor<Element>] = [:]
        for (name, _) in expected { loaded[name] = try file.tensor(named: name, as: Element.self, allowingConversion: true) }
        visitParameters { name, parameter in parameter = parameter.requiresGrad ? loaded[name]!.requiringGrad() : loaded[name]! }
        visitBuffers { name, buffer in buffer = loaded[name]! }
    }
}

/// Names in quotes, separated by commas, the first ten of them.
private func listed(_ names: [String]) -> String {
    names.isEmpty ? "no tensors" : names.prefix(10).map { "\"\($0)\"" }.joined(separator: ", ") + (names.count > 10 ? ", … (\(names.count) in all)" : "")
}
