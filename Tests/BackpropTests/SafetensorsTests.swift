import Foundation
import Testing
@testable import Backprop

/// The tensors of the fixtures `python_float32.safetensors` and `written_by_backprop_float32.safetensors`
/// (see `Fixtures/make_safetensors_fixtures.py`).
private func fixtureFloats() -> [String: Tensor<Float>] {
    ["special": specialFloats(), "bias": Tensor([0.5, -1.25, 3]), "scalar": Tensor(2.5), "empty": .zeros([0, 4]),
     "layer.0.weight": Tensor((0..<12).map { Float($0) / 8 }, shape: [3, 4])]
}

/// The `Double` counterparts of ``fixtureFloats()``.
private func fixtureDoubles() -> [String: Tensor<Double>] {
    ["special": specialDoubles(), "bias": Tensor([0.5, -1.25, 3]), "scalar": Tensor(2.5), "empty": .zeros([0, 4]),
     "layer.0.weight": Tensor((0..<12).map { Double($0) / 8 }, shape: [3, 4])]
}

private let fixtureMetadata = ["format": "np", "note": "fixture \"quoted\" ü"]

/// A safetensors file from a header text and data bytes.
private func safetensors(header: String, data: [UInt8] = []) -> Data {
    let json = Array(header.utf8)
    return Data(withUnsafeBytes(of: UInt64(json.count).littleEndian) { Array($0) } + json + data)
}

/// The error opening `data` throws, or nil.
private func openingError(_ data: Data) -> TensorFileError? {
    fileError { _ = try SafetensorsFile(data: data) }
}

@Suite("Safetensors files: round trips, the reference implementation's files, corrupt files")
struct SafetensorsTests {
    @Test("Float tensors round-trip through a file bit for bit, with metadata")
    func floatRoundTrip() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("model.safetensors")
        try SafetensorsFile.save(fixtureFloats(), metadata: fixtureMetadata, to: url)
        let file = try SafetensorsFile(contentsOf: url)
        #expect(file.metadata == fixtureMetadata)
        #expect(file.names == ["bias", "empty", "layer.0.weight", "scalar", "special"])
        let loaded = try SafetensorsFile.load(Float.self, from: url)
        #expect(loaded.count == 5)
        for (name, tensor) in fixtureFloats() { #expect(identical(loaded[name], tensor), "\(name)") }
        #expect(loaded["scalar"]?.shape == [])
        #expect(loaded["empty"]?.shape == [0, 4])
        #expect(loaded["special"]?.requiresGrad == false)
        let contents = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(contents == ["model.safetensors"], "no temporary file is left behind")
    }

    @Test("Double tensors round-trip through a file bit for bit")
    func doubleRoundTrip() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("model.safetensors")
        try SafetensorsFile.save(fixtureDoubles(), to: url)
        let loaded = try SafetensorsFile.load(Double.self, from: url)
        for (name, tensor) in fixtureDoubles() { #expect(identical(loaded[name], tensor), "\(name)") }
        #expect(try SafetensorsFile(contentsOf: url).metadata.isEmpty)
    }

    @Test("an ordered list keeps its order; names and entries follow the data")
    func orderedSave() throws {
        let parameters: [(name: String, value: Tensor<Float>)] = [("z", Tensor([1, 2])), ("a", Tensor([3])), ("m", .zeros([2, 0]))]
        let file = try SafetensorsFile(data: SafetensorsFile.serialized(parameters))
        #expect(file.names == ["z", "a", "m"])
        #expect(file.entries.map(\.dataOffsets) == [0..<8, 8..<12, 12..<12])
        #expect(file.entry(named: "a") == SafetensorsFile.Entry(name: "a", dataType: .float32, shape: [1], dataOffsets: 8..<12))
        #expect(file.entry(named: "q") == nil)
        #expect(try file.tensor(named: "z", as: Float.self).scalars == [1, 2])
    }

    @Test("the header is compact JSON padded with spaces to 8 bytes, as the reference writer pads it")
    func headerLayout() throws {
        let data = try SafetensorsFile.serialized(["b": Tensor<Float>([1, 2]), "a": Tensor<Float>(0)], metadata: ["k": "v"])
        let length = data.prefix(8).withUnsafeBytes { Int(UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self))) }
        #expect(length % 8 == 0)
        let header = String(decoding: data[8..<(8 + length)], as: UTF8.self)
        #expect(header.trimmingCharacters(in: .whitespaces)
            == #"{"__metadata__":{"k":"v"},"a":{"dtype":"F32","shape":[],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#)
        #expect(data.count == 8 + length + 12)
    }

    @Test("names and metadata with quotes, backslashes, control characters and Unicode survive")
    func escaping() throws {
        let name = "a\"b\\c\nd\u{01}é😀"
        let data = try SafetensorsFile.serialized([name: Tensor<Double>([1])], metadata: ["x\ty": "\u{7F}\u{1F}"])
        let file = try SafetensorsFile(data: data)
        #expect(file.names == [name])
        #expect(file.metadata == ["x\ty": "\u{7F}\u{1F}"])
    }

    @Test("a file written by Python's safetensors loads with equal values and metadata")
    func pythonFixtures() throws {
        let floats = try SafetensorsFile(contentsOf: fixtureURL("python_float32.safetensors"))
        #expect(floats.metadata == fixtureMetadata)
        #expect(Set(floats.names) == Set(fixtureFloats().keys))
        let loadedFloats = try floats.tensors(as: Float.self)
        for (name, tensor) in fixtureFloats() { #expect(identical(loadedFloats[name], tensor), "\(name)") }
        let loadedDoubles = try SafetensorsFile.load(Double.self, from: fixtureURL("python_float64.safetensors"))
        for (name, tensor) in fixtureDoubles() { #expect(identical(loadedDoubles[name], tensor), "\(name)") }
    }

    @Test("other dtypes (F16, BF16, F8, integers, BOOL) load with allowingConversion")
    func pythonConversions() throws {
        let file = try SafetensorsFile(contentsOf: fixtureURL("python_mixed.safetensors"))
        #expect(file.metadata == ["format": "pt"])
        let types = Dictionary(uniqueKeysWithValues: file.entries.map { ($0.name, $0.dataType) })
        #expect(types == ["f16": .float16, "bf16": .bfloat16, "f32": .float32, "f64": .float64, "i8": .int8, "u8": .uint8,
                          "i16": .int16, "i32": .int32, "i64": .int64, "bool": .bool, "f8_e4m3": .float8E4M3, "f8_e5m2": .float8E5M2])
        let values: [Double] = [0, 1, -2, 0.5, 100, -0.25]
        for name in ["f16", "bf16", "f32"] {
            #expect(try file.tensor(named: name, as: Double.self, allowingConversion: true).scalars == values, "\(name)")
            #expect(try file.tensor(named: name, as: Float.self, allowingConversion: true).scalars == values.map(Float.init), "\(name)")
        }
        let f64 = try file.tensor(named: "f64", as: Float.self, shape: [2, 3], allowingConversion: true)
        #expect(f64.scalars == values.map(Float.init))
        #expect(try file.tensor(named: "i8", as: Double.self, allowingConversion: true).scalars == [0, 1, -2, 127, -128, 5])
        #expect(try file.tensor(named: "u8", as: Double.self, allowingConversion: true).scalars == [0, 1, 2, 255, 128, 5])
        #expect(try file.tensor(named: "i16", as: Double.self, allowingConversion: true).scalars == [0, 1, -2, 32767, -32768, 5])
        #expect(try file.tensor(named: "i32", as: Double.self, allowingConversion: true).scalars == [0, 1, -2, 2_147_483_647, -2_147_483_648, 5])
        #expect(try file.tensor(named: "i64", as: Double.self, allowingConversion: true).scalars == [0, 1, -2, 0x1p53, -0x1p53, 5])
        #expect(try file.tensor(named: "bool", as: Float.self, allowingConversion: true).scalars == [0, 1, 1, 0, 1, 0])
        #expect(try file.tensor(named: "f8_e4m3", as: Double.self, allowingConversion: true).scalars == [0, 1, -2, 0.5, 448, -0.25])
        #expect(try file.tensor(named: "f8_e5m2", as: Double.self, allowingConversion: true).scalars == [0, 1, -2, 0.5, 57344, -0.25])
        #expect(try file.tensors(as: Float.self, allowingConversion: true).count == 12)
    }

    @Test("a file written here is the file Python's safetensors checked")
    func writtenForPython() throws {
        let floats = try SafetensorsFile.serialized(fixtureFloats(), metadata: fixtureMetadata)
        let doubles = try SafetensorsFile.serialized(fixtureDoubles())
        if shouldWriteFixtures {
            try SafetensorsFile.save(fixtureFloats(), metadata: fixtureMetadata, to: sourceFixtureURL("written_by_backprop_float32.safetensors"))
            try SafetensorsFile.save(fixtureDoubles(), to: sourceFixtureURL("written_by_backprop_float64.safetensors"))
        }
        // make_safetensors_fixtures.py loaded these committed files in Python and found the expected values.
        func committed(_ name: String) throws -> Data { try Data(contentsOf: shouldWriteFixtures ? sourceFixtureURL(name) : fixtureURL(name)) }
        #expect(try committed("written_by_backprop_float32.safetensors") == floats)
        #expect(try committed("written_by_backprop_float64.safetensors") == doubles)
    }

    @Test("without metadata, the bytes written are the reference writer's bytes")
    func sameBytesAsReference() throws {
        // Python's writer orders metadata keys by hash, so only the file without metadata is compared.
        #expect(try Data(contentsOf: fixtureURL("python_float64.safetensors")) == SafetensorsFile.serialized(fixtureDoubles()))
    }

    @Test("saving replaces a file atomically and leaves it alone when saving fails")
    func atomicSave() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("w.safetensors")
        try SafetensorsFile.save(["x": Tensor<Float>([1])], to: url)
        try SafetensorsFile.save(["x": Tensor<Float>([2, 3])], to: url)
        #expect(try SafetensorsFile.load(Float.self, from: url)["x"]?.scalars == [2, 3])

        // A directory in the way: the rename fails, the temporary file is removed.
        let blocked = directory.appendingPathComponent("blocked.safetensors")
        try FileManager.default.createDirectory(at: blocked.appendingPathComponent("inside"), withIntermediateDirectories: true)
        let error = fileError { try SafetensorsFile.save(["x": Tensor<Float>([1])], to: blocked) }
        #expect(error?.kind == .unwritable)
        #expect(error?.path == blocked.path)
        let missing = fileError { try SafetensorsFile.save(["x": Tensor<Float>([1])], to: directory.appendingPathComponent("no/such/dir.safetensors")) }
        #expect(missing?.kind == .unwritable)
        #expect(missing?.description.contains("cannot create a temporary file") == true)
        // A save rejected before writing leaves the old file.
        let duplicate = fileError { try SafetensorsFile.save([(name: "x", value: Tensor<Float>([9])), (name: "x", value: Tensor<Float>([9]))], to: url) }
        #expect(duplicate?.kind == .invalidArgument)
        #expect(duplicate?.description.contains("tensor \"x\": two tensors have this name") == true)
        #expect(fileError { try SafetensorsFile.save(["__metadata__": Tensor<Float>([1])], to: url) }?.kind == .invalidArgument)
        #expect(try SafetensorsFile.load(Float.self, from: url)["x"]?.scalars == [2, 3])
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: directory.path)) == ["w.safetensors", "blocked.safetensors"])
    }

    @Test("requesting the wrong type, name or shape names the tensor and the problem")
    func mismatches() throws {
        let file = try SafetensorsFile(contentsOf: fixtureURL("python_float64.safetensors"))
        let type = fileError { _ = try file.tensor(named: "bias", as: Float.self) }
        #expect(type?.kind == .dataTypeMismatch)
        #expect(type?.tensorName == "bias")
        #expect(type?.description.hasSuffix("python_float64.safetensors: tensor \"bias\": the tensor has dtype F64 but Float was requested (Float is stored as F32). Load it as Double, or pass allowingConversion: true to convert it to Float.") == true)
        #expect(fileError { _ = try SafetensorsFile.load(Float.self, from: fixtureURL("python_float64.safetensors")) }?.kind == .dataTypeMismatch)
        let name = fileError { _ = try file.tensor(named: "bais", as: Double.self) }
        #expect(name?.kind == .missingTensor)
        #expect(name?.description.contains("Use one of the names in the file: \"bias\", \"empty\", \"layer.0.weight\", \"scalar\", \"special\"") == true)
        let shape = fileError { _ = try file.tensor(named: "layer.0.weight", as: Double.self, shape: [4, 3]) }
        #expect(shape?.kind == .shapeMismatch)
        #expect(shape?.description.contains("tensor \"layer.0.weight\": the tensor has shape [3, 4] but shape [4, 3] was expected") == true)
        let mixed = try SafetensorsFile(contentsOf: fixtureURL("python_mixed.safetensors"))
        #expect(fileError { _ = try mixed.tensor(named: "bf16", as: Float.self) }?.description.contains("Pass allowingConversion: true") == true)
    }

    @Test("a missing file is unreadable and names the path")
    func missingFile() {
        let url = URL(fileURLWithPath: "/nonexistent/model.safetensors")
        let error = fileError { _ = try SafetensorsFile(contentsOf: url) }
        #expect(error?.kind == .unreadable)
        #expect(error?.description.hasPrefix("/nonexistent/model.safetensors: the file cannot be opened: No such file or directory") == true)
        #expect(fileError { _ = try SafetensorsFile(contentsOf: URL(fileURLWithPath: "/")) }?.kind == .unreadable)
    }

    @Test("corrupt headers and layouts give errors that name the problem")
    func corruptFiles() {
        let four: [UInt8] = [0, 0, 128, 63]
        func problem(_ header: String, _ data: [UInt8] = [0, 0, 128, 63]) -> TensorFileError? { openingError(safetensors(header: header, data: data)) }
        let entry = #"{"dtype":"F32","shape":[1],"data_offsets":[0,4]}"#

        #expect(openingError(Data([1, 2, 3]))?.description == "<data>: the file is 3 bytes long, too short for the 8-byte header length that starts a safetensors file. Check that this is a complete safetensors file; it may have been cut short while copying.")
        #expect(openingError(Data([100, 0, 0, 0, 0, 0, 0, 0, 123]))?.description.contains("the header length field says 100 bytes, but only 1 bytes follow it") == true)
        #expect(openingError(Data([255, 255, 255, 255, 255, 255, 255, 255, 123]))?.kind == .truncated)
        #expect(problem("[1]")?.description.contains("the header does not start with '{'") == true)
        #expect(openingError(Data([2, 0, 0, 0, 0, 0, 0, 0, 123, 0xFF]))?.description.contains("not valid UTF-8") == true)
        #expect(problem(#"{"a":"#)?.description.contains("the header is not valid JSON: unexpected end of the header where a value was expected (at byte 13 of the file)") == true)
        #expect(problem(#"{"a":\#(entry)}}"#)?.description.contains("after the end of the JSON value") == true)
        #expect(problem(#"{"a":\#(entry),"a":\#(entry)}"#)?.description.contains("tensor \"a\": the header describes this tensor twice") == true)
        #expect(problem(#"{"a":[]}"#)?.description.contains("tensor \"a\": its header entry is an array, not an object") == true)
        #expect(problem(#"{"a":{"dtype":"F32","shape":[1]}}"#)?.description.contains("its header entry has no data_offsets field") == true)
        #expect(problem(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"x":1}}"#)?.description.contains("unknown field \"x\"") == true)
        #expect(problem(#"{"a":{"dtype":3,"shape":[1],"data_offsets":[0,4]}}"#)?.description.contains("its dtype is the number 3, not a string") == true)
        let dtype = problem(#"{"a":{"dtype":"F4","shape":[1],"data_offsets":[0,4]}}"#)
        #expect(dtype?.kind == .unsupportedDataType)
        #expect(dtype?.description.contains("tensor \"a\": its dtype \"F4\" is not one this library reads (BOOL, U8,") == true)
        #expect(problem(#"{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#)?.description.contains("size 0 of its shape is the number -1, not a non-negative integer") == true)
        #expect(problem(#"{"a":{"dtype":"F32","shape":[1.0],"data_offsets":[0,4]}}"#)?.kind == .invalidHeader)
        #expect(problem(#"{"a":{"dtype":"F32","shape":"1","data_offsets":[0,4]}}"#)?.description.contains("its shape is a string, not an array of sizes") == true)
        let overflow = problem(#"{"a":{"dtype":"F32","shape":[9223372036854775807,2],"data_offsets":[0,4]}}"#)
        #expect(overflow?.kind == .invalidDataLayout)
        #expect(overflow?.description.contains("tensor \"a\": its shape [9223372036854775807, 2] is too large: its non-zero sizes times 4 bytes per element exceed 2⁶³ bytes") == true)
        #expect(problem(#"{"a":{"dtype":"F64","shape":[2305843009213693952],"data_offsets":[0,4]}}"#)?.kind == .invalidDataLayout)
        #expect(problem(#"{"a":{"dtype":"U8","shape":[0,4611686018427387904,4],"data_offsets":[0,0]}}"#, [])?.kind == .invalidDataLayout)
        #expect(problem(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,18446744073709551616]}}"#)?.description.contains("its data_offsets are [0, 18446744073709551616], not two non-negative integers") == true)
        #expect(problem(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0]}}"#)?.kind == .invalidHeader)
        #expect(problem(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}"#)?.description.contains("end before they begin") == true)
        let past = problem(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,8]}}"#)
        #expect(past?.kind == .truncated)
        #expect(past?.description.contains("tensor \"a\": its data_offsets [0, 8] reach past the end of the data, which is 4 bytes long") == true)
        #expect(problem(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}"#)?.description.contains("its data_offsets [0, 4] cover 4 bytes but dtype F32 and shape [2] need 2 × 4 = 8") == true)
        let overlap = problem(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"U8","shape":[2],"data_offsets":[2,4]}}"#, four)
        #expect(overlap?.kind == .invalidDataLayout)
        #expect(overlap?.description.contains("tensor \"b\": its data_offsets [2, 4] overlap the data of tensor \"a\", which ends at 4") == true)
        let gap = problem(#"{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},"b":{"dtype":"U8","shape":[1],"data_offsets":[3,4]}}"#, four)
        #expect(gap?.description.contains("tensor \"b\": its data_offsets [3, 4] leave a gap of 2 bytes after tensor \"a\" ends at 1") == true)
        #expect(problem(#"{"b":{"dtype":"U8","shape":[1],"data_offsets":[3,4]}}"#)?.description.contains("leave a gap of 3 bytes at the start of the data") == true)
        let trailing = problem(#"{"a":\#(entry)}"#, four + [9, 9])
        #expect(trailing?.kind == .trailingData)
        #expect(trailing?.description.contains("the file has 2 bytes after the last tensor's data") == true)
        #expect(problem(#"{}"#)?.kind == .trailingData)
        #expect(problem(#"{"__metadata__":{"k":1}}"#, [])?.description.contains("the metadata value for \"k\" is the number 1, not a string") == true)
        #expect(problem(#"{"__metadata__":[]}"#, [])?.description.contains("\"__metadata__\" is an array, not an object of strings") == true)
        #expect(problem(#"{"__metadata__":{},"__metadata__":{}}"#, [])?.kind == .invalidHeader)
        #expect(problem(#"{"a\ud800":\#(entry)}"#)?.description.contains("unpaired high surrogate") == true)
        #expect(problem("{\"a\u{01}\":\(entry)}")?.description.contains("control character") == true)
        #expect(problem(String(repeating: "[", count: 100_000))?.kind == .invalidHeader)
        #expect(problem("{\"a\":" + String(repeating: "[", count: 100_000))?.description.contains("nested more than 64 deep") == true)
        // What is valid: padding spaces after the JSON, an empty file, zero-size tensors anywhere.
        #expect(problem(#"{"a":\#(entry)}     "#) == nil)
        #expect(problem(#"{}"#, []) == nil)
        #expect(problem(#"{"e":{"dtype":"F32","shape":[0,5],"data_offsets":[4,4]},"a":\#(entry)}"#) == nil)
    }

    @Test("every truncation of a valid file throws")
    func truncations() throws {
        let bytes = [UInt8](try SafetensorsFile.serialized(["a": Tensor<Float>([1, 2]), "b": Tensor<Float>(3), "c": Tensor<Float>.zeros([0])], metadata: ["k": "v"]))
        #expect(throws: Never.self) { try SafetensorsFile(data: Data(bytes)) }
        for length in 0..<bytes.count {
            let error = openingError(Data(bytes[0..<length]))
            #expect(error != nil, "a file cut to \(length) of \(bytes.count) bytes loaded")
        }
    }

    @Test("1,000 random byte flips throw or load; none crashes")
    func byteFlipFuzzing() throws {
        let bytes = [UInt8](try SafetensorsFile.serialized(["a": Tensor<Float>([1, 2]), "b": Tensor<Float>(3), "c": Tensor<Float>.zeros([0, 2])], metadata: ["k": "v"]))
        var loaded = 0, rejected = 0
        for corrupted in byteFlips(of: bytes, count: 1000, seed: 7) {
            do {
                let file = try SafetensorsFile(data: Data(corrupted))
                _ = try file.tensors(as: Double.self, allowingConversion: true)
                loaded += 1
            } catch {
                #expect(!error.description.isEmpty)
                rejected += 1
            }
        }
        #expect(loaded + rejected == 1000)
        #expect(rejected > 500, "most header corruptions are caught")
    }
}
