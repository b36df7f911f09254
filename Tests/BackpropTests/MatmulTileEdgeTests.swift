import CBackpropKernels
import Testing
@testable import Backprop

/// The blocked product around the edges of whatever tile and blocks the chosen micro-kernels use
/// (run by CI with each kernel set): sizes one short of and one past a tile, a single tile column
/// (A read in place), depths past one block (later blocks accumulate into C), k = 1, and
/// products large enough to be split between two threads.
@Suite("The blocked matmul kernel is exact at the edges of its tiles and blocks")
struct MatmulTileEdgeTests {
    /// (m, n, k) around the tile (mr × nr) and the depth of a block (kc).
    static func sizes(mr: Int, nr: Int) -> [(Int, Int, Int)] {
        let kc = Tiling<Double>.depth
        return [(mr - 1, nr + 1, 1), (mr + 1, nr, 2), (2 * mr, nr, kc + 1), (mr + 1, 2 * nr - 1, 7),
                (3 * mr - 1, 3 * nr + 1, 2 * kc + 3), (mr, 2, kc), (2, nr + 3, 5),
                (131, 4 * nr + 5, 2 * kc + 3), (4 * mr + 1, 41, kc - 1)]
    }

    @Test("Double products equal the triple loop, every transpose variant",
          arguments: [(false, false), (true, false), (false, true), (true, true)])
    func doubleProducts(_ transposes: (Bool, Bool)) {
        var mr: Int32 = 0, nr: Int32 = 0
        bp_double_tile_shape(&mr, &nr)
        for (m, n, k) in Self.sizes(mr: Int(mr), nr: Int(nr)) {
            let a = Tensor<Double>.randomNormal(shape: transposes.0 ? [k, m] : [m, k], seed: UInt64(7 * m + k))
            let b = Tensor<Double>.randomNormal(shape: transposes.1 ? [n, k] : [k, n], seed: UInt64(11 * n + k))
            let product = matmul(a, b, transposeA: transposes.0, transposeB: transposes.1)
            let expected = naiveProduct(a.scalars, b.scalars, m: m, n: n, k: k, transposeA: transposes.0, transposeB: transposes.1)
            let error = zip(product.scalars, expected).map { Swift.abs($0 - $1) }.max() ?? 0
            #expect(product.shape == [m, n] && error < 1e-12 * Double(k), "\(m)×\(k)·\(k)×\(n) \(transposes): error \(error)")
        }
    }

    @Test("Float products equal the triple loop, every transpose variant",
          arguments: [(false, false), (true, false), (false, true), (true, true)])
    func floatProducts(_ transposes: (Bool, Bool)) {
        var mr: Int32 = 0, nr: Int32 = 0
        bp_float_tile_shape(&mr, &nr)
        for (m, n, k) in Self.sizes(mr: Int(mr), nr: Int(nr)) {
            let a = Tensor<Float>.randomNormal(shape: transposes.0 ? [k, m] : [m, k], seed: UInt64(7 * m + k))
            let b = Tensor<Float>.randomNormal(shape: transposes.1 ? [n, k] : [k, n], seed: UInt64(11 * n + k))
            let product = matmul(a, b, transposeA: transposes.0, transposeB: transposes.1)
            let expected = naiveProduct(a.scalars.map(Double.init), b.scalars.map(Double.init), m: m, n: n, k: k,
                                        transposeA: transposes.0, transposeB: transposes.1)
            let error = zip(product.scalars, expected).map { Swift.abs(Double($0) - $1) }.max() ?? 0
            #expect(product.shape == [m, n] && error < 1e-5 * Double(k), "\(m)×\(k)·\(k)×\(n) \(transposes): error \(error)")
        }
    }

    @Test("the product overwrites C: what was there before (NaN here) never leaks into it")
    func overwritesOutput() {
        let (m, n, k) = (13, 37, Tiling<Float>.depth + 5)
        let a = Tensor<Float>.randomNormal(shape: [m, k], seed: 1), b = Tensor<Float>.randomNormal(shape: [k, n], seed: 2)
        var c = [Float](repeating: .nan, count: m * n)
        a.scalars.withUnsafeBufferPointer { a in
            b.scalars.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    MatmulKernels.multiply(a.baseAddress!, transposeA: false, b.baseAddress!, transposeB: false, c.baseAddress!, m: m, n: n, k: k)
                }
            }
        }
        #expect(!c.contains { $0.isNaN })
        let expected = naiveProduct(a.scalars.map(Double.init), b.scalars.map(Double.init), m: m, n: n, k: k,
                                    transposeA: false, transposeB: false)
        #expect(zip(c, expected).allSatisfy { Swift.abs(Double($0) - $1) < 1e-5 * Double(k) })
    }

    @Test("the copying pack fills whole and partial panels of B's rows and zero-pads them", arguments: [4, 8, 16, 32])
    func packsRows(_ width: Int) {
        checkPack(width: width, sourceIndex: { p, j, ld in p * ld + j }, bp_float_pack_rows)
    }

    @Test("the transposing pack fills panels narrower than a vector (A's panels of MR rows) and zero-pads them",
          arguments: [1, 5, 6, 8, 13])
    func packsNarrowPanels(_ width: Int) {
        checkPack(width: width, sourceIndex: { p, j, ld in j * ld + p }, bp_float_pack_transposed)
    }

    /// Runs `pack(count, valid, width, source, ld, out)` for a few `valid` counts and checks that
    /// out[p·width + j] is source[sourceIndex(p, j, ld)] for j < valid, 0 up to `width`, and that
    /// nothing is written past the panel.
    private func checkPack(width: Int, sourceIndex: (Int, Int, Int) -> Int,
                           _ pack: (Int, Int, Int, UnsafePointer<Float>?, Int, UnsafeMutablePointer<Float>?) -> Void) {
        let ld = 1030, count = 19
        let source = (0..<(Swift.max(count, width) * ld)).map { Float($0 % 251) - 125 }
        for valid in [0, 1, width - 1, width] {
            // One element of slack: the pack must not write past width·count.
            var panel = [Float](repeating: .nan, count: width * count + 1)
            source.withUnsafeBufferPointer { source in
                panel.withUnsafeMutableBufferPointer { panel in pack(count, valid, width, source.baseAddress! + 3, ld, panel.baseAddress!) }
            }
            let expected = (0..<(width * count)).map { index -> Float in
                let (p, j) = index.quotientAndRemainder(dividingBy: width)
                return j < valid ? source[3 + sourceIndex(p, j, ld)] : 0
            }
            #expect(Array(panel.prefix(width * count)) == expected && panel.last!.isNaN, "width \(width), valid \(valid)")
        }
    }
}
