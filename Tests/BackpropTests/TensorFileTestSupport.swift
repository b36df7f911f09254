import Foundation
import Testing
@testable import Backprop

/// The committed fixture `name` as the test bundle holds it.
func fixtureURL(_ name: String) throws -> URL {
    let directory = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil), "the Fixtures resource is missing from the test bundle")
    return directory.appendingPathComponent(name)
}

/// The fixture `name` in the source tree, where `BACKPROP_WRITE_FIXTURES=1` makes tests write
/// the files that the fixture scripts then check in Python.
func sourceFixtureURL(_ name: String, file: String = #filePath) -> URL {
    URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("Fixtures").appendingPathComponent(name)
}

/// Whether tests should rewrite the fixtures written by Backprop (see the fixture scripts).
var shouldWriteFixtures: Bool { ProcessInfo.processInfo.environment["BACKPROP_WRITE_FIXTURES"] == "1" }

/// 0, -0, ∞, -∞, a quiet NaN with payload 1, a signalling NaN with payload 1, the smallest
/// subnormal, the largest finite, 1, -π: the same bit patterns as the fixture scripts.
let specialFloatBits: [UInt32] = [0x0000_0000, 0x8000_0000, 0x7F80_0000, 0xFF80_0000, 0x7FC0_0001,
                                  0x7F80_0001, 0x0000_0001, 0x7F7F_FFFF, 0x3F80_0000, 0xC049_0FDB]
/// The `Double` counterparts of ``specialFloatBits``.
let specialDoubleBits: [UInt64] = [0x0000_0000_0000_0000, 0x8000_0000_0000_0000, 0x7FF0_0000_0000_0000, 0xFFF0_0000_0000_0000,
                                   0x7FF8_0000_0000_0001, 0x7FF0_0000_0000_0001, 0x0000_0000_0000_0001, 0x7FEF_FFFF_FFFF_FFFF,
                                   0x3FF0_0000_0000_0000, 0xC009_21FB_5444_2D18]

/// The special values as a [2, 5] tensor.
func specialFloats() -> Tensor<Float> { Tensor(specialFloatBits.map(Float.init(bitPattern:)), shape: [2, 5]) }
/// The special values as a [2, 5] tensor.
func specialDoubles() -> Tensor<Double> { Tensor(specialDoubleBits.map(Double.init(bitPattern:)), shape: [2, 5]) }

/// The elements' bit patterns, for comparisons that NaN and -0.0 cannot fool.
func bits(_ tensor: Tensor<Float>) -> [UInt64] { tensor.scalars.map { UInt64($0.bitPattern) } }
/// The elements' bit patterns, for comparisons that NaN and -0.0 cannot fool.
func bits(_ tensor: Tensor<Double>) -> [UInt64] { tensor.scalars.map(\.bitPattern) }

/// Whether two tensors have the same shape and the same bits.
func identical(_ a: Tensor<Float>?, _ b: Tensor<Float>) -> Bool { a.map { $0.shape == b.shape && bits($0) == bits(b) } ?? false }
/// Whether two tensors have the same shape and the same bits.
func identical(_ a: Tensor<Double>?, _ b: Tensor<Double>) -> Bool { a.map { $0.shape == b.shape && bits($0) == bits(b) } ?? false }

/// The ``TensorFileError`` `body` throws, or nil; any other error is a test failure.
func fileError(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> TensorFileError? {
    do {
        try body()
        return nil
    } catch let error as TensorFileError {
        return error
    } catch {
        Issue.record("expected a TensorFileError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// A new empty directory, removed by the caller.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("backprop-io-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// `count` copies of `bytes`, each with one byte replaced by a different random value: the
/// corruptions a fuzz test feeds a reader.
func byteFlips(of bytes: [UInt8], count: Int, seed: UInt64) -> [[UInt8]] {
    var generator = SeededRandomNumberGenerator(seed: seed)
    return (0..<count).map { _ in
        var copy = bytes
        let index = Int(generator.next() % UInt64(bytes.count))
        copy[index] ^= UInt8(1 + generator.next() % 255)
        return copy
    }
}
