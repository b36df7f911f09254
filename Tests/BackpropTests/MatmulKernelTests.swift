#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CBackpropKernels
import Foundation
import Testing
@testable import Backprop

/// op(A)·op(B) by the textbook triple loop, accumulated in Double.
func naiveProduct(_ a: [Double], _ b: [Double], m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool) -> [Double] {
    var c = [Double](repeating: 0, count: m * n)
    for i in 0..<m {
        for j in 0..<n {
            var sum = 0.0
            for p in 0..<k {
                let x = transposeA ? a[p * m + i] : a[i * k + p]
                let y = transposeB ? b[j * k + p] : b[p * n + j]
                sum += x * y
            }
            c[i * n + j] = sum
        }
    }
    return c
}

@Suite("The blocked, threaded matmul kernel equals a naive triple loop")
struct MatmulKernelTests {
    static let sizes = [(1, 1, 1), (1, 7, 33), (7, 33, 1), (33, 1, 7), (130, 33, 7), (7, 130, 130),
                        (130, 130, 130), (33, 300, 257), (300, 7, 130), (9, 10, 4000), (1, 1, 300_000), (13, 40, 600), (8, 9, 5001), (16, 33, 3000)]

    @Test("Double: every size and transpose variant, to 1e-12", arguments: [(false, false), (true, false), (false, true), (true, true)])
    func doubleProducts(_ transposes: (Bool, Bool)) {
        let (transposeA, transposeB) = transposes
        for (m, n, k) in Self.sizes {
            let a = Tensor<Double>.randomNormal(shape: transposeA ? [k, m] : [m, k], seed: UInt64(m * 1000 + k))
            let b = Tensor<Double>.randomNormal(shape: transposeB ? [n, k] : [k, n], seed: UInt64(n * 1000 + k + 1))
            let product = matmul(a, b, transposeA: transposeA, transposeB: transposeB)
            #expect(product.shape == [m, n])
            let expected = naiveProduct(a.scalars, b.scalars, m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB)
            let error = zip(product.scalars, expected).map { Swift.abs($0 - $1) }.max() ?? 0
            #expect(error < 1e-12 * Double(k), "\(m)×\(k)·\(k)×\(n) transposes \(transposes): error \(error)")
        }
    }

    @Test("Float: every size and transpose variant, to Float precision", arguments: [(false, false), (true, false), (false, true), (true, true)])
    func floatProducts(_ transposes: (Bool, Bool)) {
        let (transposeA, transposeB) = transposes
        for (m, n, k) in Self.sizes {
            let a = Tensor<Float>.randomNormal(shape: transposeA ? [k, m] : [m, k], seed: UInt64(m * 1000 + k))
            let b = Tensor<Float>.randomNormal(shape: transposeB ? [n, k] : [k, n], seed: UInt64(n * 1000 + k + 1))
            let product = matmul(a, b, transposeA: transposeA, transposeB: transposeB)
            let expected = naiveProduct(a.scalars.map(Double.init), b.scalars.map(Double.init), m: m, n: n, k: k,
                                        transposeA: transposeA, transposeB: transposeB)
            let error = zip(product.scalars, expected).map { Swift.abs(Double($0) - $1) }.max() ?? 0
            #expect(error < 1e-5 * Double(k), "\(m)×\(k)·\(k)×\(n) transposes \(transposes): error \(error)")
        }
    }

    @Test("the micro-kernels are the ones BACKPROP_MICROKERNELS names, else the best the CPU runs")
    func chosenMicroKernels() {
        let chosen = String(cString: bp_tile_implementation())
        switch getenv("BACKPROP_MICROKERNELS").map({ String(cString: $0) }) {
        case "portable": #expect(chosen == "portable")
        case "avx2": #expect(chosen == "avx2+fma" || chosen == "portable")
        default:
            // The CPU's own account of its features, where the system gives one.
            guard let cpuInfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
                  let flagsLine = cpuInfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return }
            let flags = Set(flagsLine.split(separator: " ").map(String.init))
            let best = flags.contains("avx512f") ? "avx512" : flags.isSuperset(of: ["avx2", "fma"]) ? "avx2+fma" : "portable"
            #expect(chosen == best)
        }
    }

    @Test("an empty inner dimension gives zeros")
    func emptyInnerDimension() {
        let product = matmul(Tensor<Double>.zeros([3, 0]), Tensor<Double>.zeros([0, 2]))
        #expect(product.shape == [3, 2] && product.scalars == Array(repeating: 0, count: 6))
    }
}
