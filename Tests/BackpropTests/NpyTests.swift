import Foundation
import Testing
@testable import Backprop

/// 0, 1, 2, ... divided by 8, in row-major order: the `counting` arrays of `Fixtures/make_npy_fixtures.py`.
private func counting(_ shape: [Int]) -> Tensor<Double> {
    Tensor((0..<shape.reduce(1, *)).map { Double($0) / 8 }, shape: shape)
}

/// The arrays the fixture script expects in `written_by_backprop_*.npy`, as bytes of the files.
private func backpropFiles() throws -> [(name: String, data: Data)] {
    [("written_by_backprop_f4.npy", try NpyFile.serialized(specialFloats())),
     ("written_by_backprop_f8.npy", try NpyFile.serialized(specialDoubles())),
     ("written_by_backprop_scalar_f8.npy", try NpyFile.serialized(Tensor<Double>(-1.5))),
     ("written_by_backprop_empty_f4.npy", try NpyFile.serialized(Tensor<Float>.zeros([0, 3]))),
     ("written_by_backprop_3d_f4.npy", try NpyFile.serialized(Tensor<Float>(counting([2, 3, 4]).scalars.map(Float.init), shape: [2, 3, 4])))]
}

/// A `.npy` file of format 1.0 from a header text (padded with spaces and a newline) and data.
private func npy(header: String, data: [UInt8] = [], major: UInt8 = 1) -> Data {
    let text = Array(header.utf8) + [UInt8(ascii: "\n")]
    let length = major == 1 ? withUnsafeBytes(of: UInt16(text.count).littleEndian) { Array($0) } : withUnsafeBytes(of: UInt32(text.count).littleEndian) { Array($0) }
    return Data(NpyFile.magic + [major, 0] + length + text + data)
}

/// The error opening `data` throws, or nil.
private func openingError(_ data: Data) -> TensorFileError? {
    fileError { _ = try NpyFile(data: data) }
}

@Suite("NumPy .npy files: round trips, NumPy's files, corrupt files")
struct NpyTests {
    @Test("Float and Double tensors round-trip through files bit for bit, 0-d and empty ones too")
    func roundTrips() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("x.npy")
        for tensor in [specialFloats(), Tensor<Float>(-0.0), .zeros([3, 0, 2]), Tensor<Float>(counting([2, 1, 3, 2]).scalars.map(Float.init), shape: [2, 1, 3, 2])] {
            try NpyFile.save(tensor, to: url)
            #expect(identical(try NpyFile.load(Float.self, from: url), tensor), "\(tensor.shape)")
        }
        for tensor in [specialDoubles(), Tensor<Double>(.nan), .zeros([0]), counting([5])] {
            try NpyFile.save(tensor, to: url)
            let file = try NpyFile(contentsOf: url)
            #expect(file.descr == "<f8" && file.formatVersion == 1 && !file.isFortranOrder && file.shape == tensor.shape)
            #expect(identical(try file.tensor(as: Double.self), tensor), "\(tensor.shape)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["x.npy"], "no temporary file is left behind")
    }

    @Test("the header is NumPy's: sorted keys, room to grow, data on a 64-byte boundary")
    func headerLayout() throws {
        let data = try NpyFile.serialized(Tensor<Float>.zeros([2, 3]))
        #expect(data.prefix(10) == Data([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, 118, 0]))
        #expect(String(decoding: data[10..<128], as: UTF8.self)
            == "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }" + String(repeating: " ", count: 58) + "\n")
        #expect(data.count == 128 + 24)
        for shape in [[], [7], [1, 2, 3, 1, 2, 3, 1, 2], [123_456_789_012, 0], Array(repeating: 1, count: 40)] {
            let header = try NpyFile.serialized(Tensor<Double>.zeros(shape)).count - 8 * shape.reduce(1, *)
            #expect(header % 64 == 0, "\(shape)")
        }
        // A header too long for version 1.0's 2-byte length is written as version 2.0.
        let deep = Tensor<Float>([4], shape: Array(repeating: 1, count: 30_000))
        let file = try NpyFile(data: NpyFile.serialized(deep))
        #expect(file.formatVersion == 2 && file.shape == deep.shape)
        #expect(try file.tensor(as: Float.self).scalars == [4])
    }

    @Test("files written by NumPy load with equal values: both byte orders, Fortran order, 0-d, empty, versions 2 and 3")
    func numpyFixtures() throws {
        #expect(identical(try NpyFile.load(Float.self, from: fixtureURL("python_f4.npy")), specialFloats()))
        #expect(identical(try NpyFile.load(Double.self, from: fixtureURL("python_f8.npy")), specialDoubles()))
        let bigFloats = try NpyFile(contentsOf: fixtureURL("python_f4_big_endian.npy"))
        #expect(bigFloats.descr == ">f4")
        #expect(identical(try bigFloats.tensor(as: Float.self), specialFloats()))
        #expect(identical(try NpyFile.load(Double.self, from: fixtureURL("python_f8_big_endian.npy")), specialDoubles()))
        let fortran = try NpyFile(contentsOf: fixtureURL("python_fortran_f8.npy"))
        #expect(fortran.isFortranOrder && fortran.shape == [2, 3, 4])
        #expect(identical(try fortran.tensor(as: Double.self), counting([2, 3, 4])))
        #expect(identical(try NpyFile.load(Double.self, from: fixtureURL("python_scalar_f8.npy")), Tensor(-1.5)))
        #expect(identical(try NpyFile.load(Float.self, from: fixtureURL("python_empty_f4.npy")), .zeros([0, 3])))
        for (name, version) in [("python_version2_f4.npy", 2), ("python_version3_f4.npy", 3)] {
            let file = try NpyFile(contentsOf: fixtureURL(name))
            #expect(file.formatVersion == version)
            #expect(try file.tensor(as: Double.self, allowingConversion: true).scalars == counting([3, 2]).scalars)
        }
    }

    @Test("half floats, integers and booleans load with allowingConversion")
    func conversions() throws {
        #expect(try NpyFile.load(Float.self, from: fixtureURL("python_f2.npy"), allowingConversion: true).scalars == [0, 1, -2, 0.5, 65504, -0.25])
        #expect(try NpyFile.load(Double.self, from: fixtureURL("python_i4.npy"), allowingConversion: true).scalars == [0, 1, -2, 2_147_483_647, -2_147_483_648, 5])
        #expect(try NpyFile.load(Double.self, from: fixtureURL("python_u1.npy"), allowingConversion: true).scalars == [0, 1, 255])
        #expect(try NpyFile.load(Float.self, from: fixtureURL("python_b1.npy"), allowingConversion: true).scalars == [1, 0, 1])
        #expect(try NpyFile.load(Float.self, from: fixtureURL("python_f8.npy"), allowingConversion: true).scalars.count == 10)
    }

    @Test("files written here are the files NumPy loaded and numpy.save writes")
    func writtenForNumPy() throws {
        let files = try backpropFiles()
        if shouldWriteFixtures {
            for (name, data) in files { try data.write(to: sourceFixtureURL(name)) }
        }
        for (name, data) in files {
            // make_npy_fixtures.py loaded these committed files with numpy.load, found the expected
            // values and the same bytes as numpy.save.
            let committed = shouldWriteFixtures ? sourceFixtureURL(name) : try fixtureURL(name)
            #expect(try Data(contentsOf: committed) == data, "\(name)")
        }
        #expect(try Data(contentsOf: fixtureURL("python_f4.npy")) == NpyFile.serialized(specialFloats()))
        #expect(try Data(contentsOf: fixtureURL("python_empty_f4.npy")) == NpyFile.serialized(Tensor<Float>.zeros([0, 3])))
    }

    @Test("requesting the wrong type or shape names the problem")
    func mismatches() throws {
        let type = fileError { _ = try NpyFile.load(Float.self, from: fixtureURL("python_f8.npy")) }
        #expect(type?.kind == .dataTypeMismatch)
        #expect(type?.description.hasSuffix("python_f8.npy: the array has dtype \"<f8\" but Float was requested (Float is stored as <f4). Load it as Double, or pass allowingConversion: true to convert it to Float.") == true)
        #expect(fileError { _ = try NpyFile.load(Double.self, from: fixtureURL("python_i4.npy")) }?.description.contains("dtype \"<i4\" but Double was requested") == true)
        let shape = fileError { _ = try NpyFile(contentsOf: fixtureURL("python_f4.npy")).tensor(as: Float.self, shape: [5, 2]) }
        #expect(shape?.kind == .shapeMismatch)
        #expect(shape?.description.contains("the array has shape [2, 5] but shape [5, 2] was expected") == true)
        let missing = fileError { _ = try NpyFile.load(Float.self, from: URL(fileURLWithPath: "/nonexistent/x.npy")) }
        #expect(missing?.kind == .unreadable)
        #expect(missing?.path == "/nonexistent/x.npy")
        #expect(fileError { try NpyFile.save(Tensor<Float>([1]), to: URL(fileURLWithPath: "/nonexistent/x.npy")) }?.kind == .unwritable)
    }

    @Test("corrupt files give errors that name the problem")
    func corruptFiles() {
        let one: [UInt8] = [0, 0, 128, 63]
        func problem(_ header: String, _ data: [UInt8] = [0, 0, 128, 63]) -> TensorFileError? { openingError(npy(header: header, data: data)) }
        let valid = "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }"
        #expect(problem(valid) == nil)
        #expect(openingError(npy(header: valid, data: one, major: 2)) == nil)

        #expect(openingError(Data("PK\u{03}\u{04}".utf8))?.description == "<data>: the file does not start with the magic string \\x93NUMPY. The file is corrupt or not a .npy file; save it again with numpy.save.")
        #expect(openingError(Data([0x93, 0x4E]))?.kind == .truncated)
        #expect(openingError(Data(NpyFile.magic + [4, 0, 0, 0]))?.description.contains("the format version 4.0 is not one of 1.0, 2.0 and 3.0") == true)
        #expect(openingError(Data(NpyFile.magic + [1, 0, 200, 0, 32]))?.description.contains("the header length field says 200 bytes, but only 1 bytes follow it") == true)
        #expect(openingError(Data(NpyFile.magic + [2, 0, 255, 255, 255, 255]))?.kind == .truncated)
        #expect(problem("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), ")?.description.contains("the header is not a Python literal: unexpected end of the header") == true)
        #expect(problem("[1, 2]")?.description.contains("the header is not a dictionary") == true)
        #expect(problem("{'descr': '<f4', 'shape': (1,), }")?.description.contains("the header has no 'fortran_order' key") == true)
        #expect(problem("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 1}")?.description.contains("the header has the key 'x'; only 'descr', 'fortran_order' and 'shape' are allowed") == true)
        #expect(problem("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (1,)}")?.description.contains("the key 'descr' twice") == true)
        #expect(problem("{'descr': '<f4', 'fortran_order': 0, 'shape': (1,)}")?.description.contains("'fortran_order' is 0, not True or False") == true)
        #expect(problem("{'descr': '<f4', 'fortran_order': False, 'shape': (1)}")?.description.contains("'shape' is 1, not a tuple of sizes") == true)
        #expect(problem("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,)}")?.description.contains("size 0 of the shape is -1, not a non-negative integer") == true)
        #expect(problem("{'descr': '<f4', 'fortran_order': False, 'shape': (1.5,)}")?.kind == .invalidHeader)
        #expect(problem("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,)}")?.kind == .invalidHeader)
        #expect(problem("{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904, 4)}")?.kind == .invalidDataLayout)
        #expect(problem("{'descr': '<f8', 'fortran_order': False, 'shape': (2305843009213693952,)}")?.description.contains("the shape [2305843009213693952] is too large") == true)
        #expect(problem("{'descr': '<f8', 'fortran_order': False, 'shape': (0, 4611686018427387904, 4)}", [])?.kind == .invalidDataLayout)
        let complex = problem("{'descr': '<c8', 'fortran_order': False, 'shape': (1,)}")
        #expect(complex?.kind == .unsupportedDataType)
        #expect(complex?.description.contains("the data type \"<c8\" is not one this library reads") == true)
        #expect(problem("{'descr': '|O', 'fortran_order': False, 'shape': (1,)}")?.kind == .unsupportedDataType)
        #expect(problem("{'descr': '|f4', 'fortran_order': False, 'shape': (1,)}")?.kind == .unsupportedDataType)
        #expect(problem("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,)}")?.description.contains("structured (record) arrays are not supported") == true)
        #expect(problem("{'descr': __import__('os'), 'fortran_order': False, 'shape': (1,)}")?.description.contains("unexpected name '__import__'") == true)
        let short = problem(valid, [0, 0])
        #expect(short?.kind == .truncated)
        #expect(short?.description.contains("the data is 2 bytes long, but shape [1] of \"<f4\" elements needs 1 × 4 = 4") == true)
        let long = problem(valid, one + [1])
        #expect(long?.kind == .trailingData)
        #expect(long?.description.contains("the file has 1 bytes after the 4 bytes of data that the header describes") == true)
        #expect(openingError(npy(header: "{'a':" + String(repeating: "(", count: 100_000), major: 2))?.description.contains("nested more than 32 deep") == true)
        // What NumPy also accepts: Python 2 longs, double quotes, no trailing comma, lists of one element.
        #expect(problem("{\"descr\": \"<f4\", \"fortran_order\": False, \"shape\": (1L,)}") == nil)
    }

    @Test("every truncation of a valid file throws")
    func truncations() throws {
        let bytes = [UInt8](try NpyFile.serialized(Tensor<Float>([1, 2, 3, 4, 5, 6], shape: [2, 3])))
        #expect(throws: Never.self) { try NpyFile(data: Data(bytes)) }
        for length in 0..<bytes.count {
            #expect(openingError(Data(bytes[0..<length])) != nil, "a file cut to \(length) of \(bytes.count) bytes loaded")
        }
    }

    @Test("1,000 random byte flips throw or load; none crashes")
    func byteFlipFuzzing() throws {
        let bytes = [UInt8](try NpyFile.serialized(Tensor<Double>([1, 2, 3, 4, 5, 6], shape: [3, 2])))
        var loaded = 0, rejected = 0
        for corrupted in byteFlips(of: bytes, count: 1000, seed: 11) {
            do {
                _ = try NpyFile(data: Data(corrupted)).tensor(as: Float.self, allowingConversion: true)
                loaded += 1
            } catch {
                #expect(!error.description.isEmpty)
                rejected += 1
            }
        }
        #expect(loaded + rejected == 1000)
    }
}
