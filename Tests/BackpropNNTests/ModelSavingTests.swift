import Backprop
import BackpropNN
import Foundation
import Testing

/// A fresh path in the temporary directory.
private func temporaryURL(_ name: String) -> URL {
    URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("model-saving-\(getpid())-\(UInt64.random(in: 0...UInt64.max))-\(name)")
}

private func model(seed: UInt64) -> Sequential<Double> {
    Sequential(Linear(inputSize: 3, outputSize: 4, seed: seed), BatchNorm1D(featureCount: 4), GELU(), Linear(inputSize: 4, outputSize: 2, seed: seed + 1))
}

/// A safetensors file as PyTorch's `save_file(model.state_dict())` writes it: F32 tensors and
/// the I64 `num_batches_tracked`, built byte by byte.
private func pyTorchStyleFile(_ tensors: [(name: String, values: [Float], shape: [Int])], batchesTracked: (name: String, value: Int64)) -> Data {
    var entries: [String] = [], payload = Data(), offset = 0
    for (name, values, shape) in tensors {
        for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { payload.append(contentsOf: $0) } }
        entries.append("\"\(name)\":{\"dtype\":\"F32\",\"shape\":[\(shape.map(String.init).joined(separator: ","))],\"data_offsets\":[\(offset),\(offset + 4 * values.count)]}")
        offset += 4 * values.count
    }
    withUnsafeBytes(of: batchesTracked.value.littleEndian) { payload.append(contentsOf: $0) }
    entries.append("\"\(batchesTracked.name)\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[\(offset),\(offset + 8)]}")
    var header = Data(("{\"__metadata__\":{\"format\":\"pt\"}," + entries.joined(separator: ",") + "}").utf8)
    while header.count % 8 != 0 { header.append(UInt8(ascii: " ")) }
    var file = Data()
    withUnsafeBytes(of: UInt64(header.count).littleEndian) { file.append(contentsOf: $0) }
    return file + header + payload
}

@Suite("model save and load: safetensors with PyTorch's state_dict names, checked before anything changes")
struct ModelSavingTests {
    @Test("save then load into a differently seeded model gives the same parameters, buffers and outputs")
    func roundTrip() throws {
        let original = model(seed: 1)
        _ = original(.randomNormal(shape: [5, 3], seed: 2))   // moves the running statistics
        original.evaluate()
        let url = temporaryURL("round-trip.safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try original.save(to: url)
        #expect(try SafetensorsFile(contentsOf: url).names.sorted() == [
            "0.bias", "0.weight", "1.bias", "1.num_batches_tracked", "1.running_mean", "1.running_var", "1.weight", "3.bias", "3.weight",
        ])
        let copy = model(seed: 9)
        copy.evaluate()
        let x = Tensor<Double>.randomNormal(shape: [2, 3], seed: 3)
        #expect(copy(x).scalars != original(x).scalars)
        try copy.load(from: url)
        #expect(copy(x).scalars == original(x).scalars)
        #expect(copy.stateDictionary.map(\.value.scalars) == original.stateDictionary.map(\.value.scalars))
        // Loaded parameters are leaves that train.
        copy(x).sum().backward()
        #expect(copy.namedParameters.allSatisfy { $0.value.grad != nil })
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path)
        #expect(!leftovers.contains { $0.contains(url.lastPathComponent + ".") })
    }

    @Test("a PyTorch state_dict file (F32 tensors, I64 num_batches_tracked) loads into a Double model")
    func loadsPyTorchFile() throws {
        let net = Sequential<Double>(Linear(inputSize: 2, outputSize: 2, seed: 1), BatchNorm1D(featureCount: 2))
        let url = temporaryURL("pytorch.safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try pyTorchStyleFile([
            ("0.weight", [1, 2, 3, 4], [2, 2]), ("0.bias", [0.5, -0.5], [2]), ("1.weight", [2, 2], [2]), ("1.bias", [0, 1], [2]),
            ("1.running_mean", [0.25, -0.25], [2]), ("1.running_var", [4, 0.5], [2]),
        ], batchesTracked: ("1.num_batches_tracked", 7)).write(to: url)
        try net.load(from: url)
        let values = Dictionary(uniqueKeysWithValues: net.stateDictionary.map { ($0.name, $0.value.scalars) })
        #expect(values["0.weight"] == [1, 2, 3, 4] && values["1.running_var"] == [4, 0.5] && values["1.num_batches_tracked"] == [7])
    }

    @Test("a missing tensor, a wrong shape or an extra tensor throws naming it, and leaves the model unchanged")
    func mismatchedFilesThrow() throws {
        let url = temporaryURL("mismatch.safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        let target = model(seed: 4)
        let before = target.stateDictionary.map(\.value.scalars)

        try Sequential<Double>(Linear(inputSize: 3, outputSize: 4, seed: 1)).save(to: url)
        let missing = #expect(throws: TensorFileError.self) { try target.load(from: url) }
        #expect(missing?.kind == .missingTensor && missing!.description.contains("\"1.running_mean\"") && missing!.description.contains("\"3.weight\""))

        try Sequential<Double>(Linear(inputSize: 3, outputSize: 5, seed: 1), BatchNorm1D(featureCount: 5), GELU(), Linear(inputSize: 5, outputSize: 2, seed: 2))
            .save(to: url)
        let shape = #expect(throws: TensorFileError.self) { try target.load(from: url) }
        #expect(shape?.kind == .shapeMismatch && shape?.tensorName == "0.weight")

        try SafetensorsFile.save(model(seed: 5).stateDictionary + [(name: "head.weight", value: .zeros([1]))], to: url)
        let extra = #expect(throws: TensorFileError.self) { try target.load(from: url) }
        #expect(extra?.kind == .unexpectedTensor && extra?.tensorName == "head.weight")
        #expect(target.stateDictionary.map(\.value.scalars) == before)
        try target.load(from: url, strict: false)
        #expect(target.stateDictionary.map(\.value.scalars) == model(seed: 5).stateDictionary.map(\.value.scalars))
    }

    @Test("a file that is not safetensors, or is absent, throws")
    func wrongFiles() throws {
        let url = temporaryURL("text.safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data("{\"not\": \"a model\"}".utf8).write(to: url)
        #expect(throws: TensorFileError.self) { try model(seed: 1).load(from: url) }
        #expect(throws: TensorFileError.self) { try model(seed: 1).load(from: temporaryURL("absent.safetensors")) }
    }

    @Test("a Float model loads a Double file, rounding, and recurrent cells and attention round-trip")
    func conversionsAndOtherModels() throws {
        let url = temporaryURL("convert.safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        let source = Linear<Double>(inputSize: 2, outputSize: 2, seed: 3)
        try source.save(to: url)
        let target = Linear<Float>(inputSize: 2, outputSize: 2, seed: 4)
        target.bias = target.bias.detached()   // frozen
        try target.load(from: url)
        #expect(target.weight.scalars == source.weight.scalars.map { Float($0) })
        #expect(target.weight.requiresGrad && !target.bias.requiresGrad)
        let cell = LSTMCell<Float>(inputSize: 3, hiddenSize: 2, seed: 1), other = LSTMCell<Float>(inputSize: 3, hiddenSize: 2, seed: 2)
        try cell.save(to: url)
        try other.load(from: url)
        #expect(other.stateDictionary.map(\.value.scalars) == cell.stateDictionary.map(\.value.scalars))
        let attention = MultiHeadAttention<Float>(embeddingDimension: 4, headCount: 2, seed: 1)
        try attention.save(to: url)
        try MultiHeadAttention<Float>(embeddingDimension: 4, headCount: 2, seed: 2).load(from: url)
    }
}
