import Foundation
import Testing
@testable import Backprop

@Suite("Tensor operations match finite differences, with broadcasting")
struct TensorGradientTests {
    static let binaryOperations: [(String, @Sendable (Tensor<Double>, Tensor<Double>) -> Tensor<Double>)] = [
        ("add", { $0 + $1 }), ("subtract", { $0 - $1 }), ("multiply", { $0 * $1 }),
        ("divide", { $0 / $1 }), ("pow", { pow($0, $1) }), ("addingProduct", { $0.addingProduct(-0.7, $1) }),
    ]

    static let broadcastShapes: [([Int], [Int])] = [
        ([2, 3], [2, 3]), ([3, 1], [1, 4]), ([2, 3], [3]), ([3], [2, 3]), ([2, 3], []), ([], [4]),
        ([2, 1, 3], [4, 1]),
    ]

    @Test("binary operations with broadcasting", arguments: 0..<binaryOperations.count)
    func binaryOperationsWithBroadcasting(_ index: Int) {
        let (name, operation) = Self.binaryOperations[index]
        for (lhsShape, rhsShape) in Self.broadcastShapes {
            let report = checkGradient(of: operation, at: sample(lhsShape, seed: 1), sample(rhsShape, seed: 2))
            #expect(report.passed, "\(name) \(lhsShape) with \(rhsShape): \(report)")
        }
    }

    @Test("addingProduct is self + scale·other: the same numbers as p − η·g, gradients 1 and the scale")
    func addingProductClosedForm() {
        let p = Tensor<Float>.randomNormal(shape: [300_001], seed: 4), g = Tensor<Float>.randomNormal(shape: [300_001], seed: 5)
        #expect(p.addingProduct(-0.01, g).scalars == (p - 0.01 * g).scalars)
        let (x, y) = (sample([2, 3], seed: 6), sample([2, 3], seed: 7))
        let (dx, dy) = gradient(at: x, y) { x, y in x.addingProduct(2.5, y).sum() }
        #expect(dx.scalars == [Double](repeating: 1, count: 6) && dy.scalars == [Double](repeating: 2.5, count: 6))
        #expect(raisedError { _ = x.addingProduct(1, sample([4], seed: 8)) }?.description.contains("addingProduct") == true)
    }

    @Test("operations with a scalar on either side")
    func scalarOperands() {
        let x = sample([2, 3], seed: 3)
        for (name, f) in [
            ("x + 2", { (x: Tensor<Double>) in x + 2 }), ("2 - x", { 2 - $0 }), ("x * 3", { $0 * 3 }),
            ("3 * x", { 3 * $0 }), ("x / 4", { $0 / 4 }), ("4 / x", { 4 / $0 }), ("-x", { -$0 }),
        ] as [(String, (Tensor<Double>) -> Tensor<Double>)] {
            let report = checkGradient(of: f, at: x)
            #expect(report.passed, "\(name): \(report)")
        }
    }

    static let unaryOperations: [(String, @Sendable (Tensor<Double>) -> Tensor<Double>, @Sendable (Double) -> Double)] = [
        ("exp", { exp($0) }, { Foundation.exp($0) }),
        ("log", { log($0) }, { 1 / $0 }),
        ("sin", { sin($0) }, { Foundation.cos($0) }),
        ("cos", { cos($0) }, { -Foundation.sin($0) }),
        ("tanh", { tanh($0) }, { 1 - Foundation.tanh($0) * Foundation.tanh($0) }),
        ("sqrt", { sqrt($0) }, { 0.5 / Foundation.sqrt($0) }),
        ("abs", { abs($0 - 1) }, { $0 > 1 ? 1 : -1 }),
        ("pow 3", { pow($0, 3) }, { 3 * $0 * $0 }),
        ("square", { pow($0, 2) }, { 2 * $0 }),
        ("relu", { ($0 - 1).relu() }, { $0 > 1 ? 1 : 0 }),
        ("sigmoid", { $0.sigmoid() }, { let s = 1 / (1 + Foundation.exp(-$0)); return s * (1 - s) }),
        ("softplus", { ($0 - 1).softplus() }, { 1 / (1 + Foundation.exp(1 - $0)) }),
    ]

    @Test("elementwise functions match finite differences and their closed forms", arguments: 0..<unaryOperations.count)
    func unaryFunctions(_ index: Int) {
        let (name, f, derivative) = Self.unaryOperations[index]
        let x = sample([2, 3], seed: 4)
        let report = checkGradient(of: { f($0).sum() }, at: x)
        #expect(report.passed, "\(name): \(report)")
        let leaf = x.requiringGrad()
        f(leaf).sum().backward()
        for (computed, point) in zip(leaf.grad!.scalars, x.scalars) {
            #expect(Swift.abs(computed - derivative(point)) <= 1e-12 * Swift.max(1, Swift.abs(derivative(point))), "\(name) at \(point)")
        }
    }

    @Test("reductions: sum, mean and max over everything and along axes")
    func reductions() {
        let x = sample([2, 3, 4], seed: 5)
        let cases: [(String, (Tensor<Double>) -> Tensor<Double>)] = [
            ("sum", { $0.sum() }), ("mean", { $0.mean() }), ("max", { $0.max() }),
            ("sum axis 1", { $0.sum(alongAxes: 1) }), ("sum axes 0,2 kept", { $0.sum(alongAxes: [0, 2], keepingDimensions: true) }),
            ("sum axis -1", { $0.sum(alongAxes: -1) }), ("mean axis 2", { $0.mean(alongAxes: 2) }),
            ("mean axes 0,1 kept", { $0.mean(alongAxes: [0, 1], keepingDimensions: true) }),
            ("max axis 1", { $0.max(alongAxes: 1) }), ("max axes 0,2 kept", { $0.max(alongAxes: [0, 2], keepingDimensions: true) }),
        ]
        for (name, f) in cases {
            let report = checkGradient(of: f, at: x)
            #expect(report.passed, "\(name): \(report)")
        }
    }

    @Test("max() splits the gradient evenly among tied maxima; max along an axis routes it to the first arg-max")
    func maxTies() {
        let x = Tensor<Double>([1, 3, 3, 2], shape: [2, 2], requiresGrad: true)
        x.max().backward()
        #expect(x.grad!.scalars == [0, 0.5, 0.5, 0])
        let y = Tensor<Double>([5, 5, 1, 2], shape: [2, 2], requiresGrad: true)
        y.max(alongAxes: 1).sum().backward()
        #expect(y.grad!.scalars == [1, 0, 0, 1])
    }

    @Test("shaping: reshape, transpose, permute, squeeze, unsqueeze, broadcast and its inverse")
    func shaping() {
        let x = sample([2, 3, 1], seed: 6)
        let weights = sample([3, 2, 1], seed: 7)
        let cases: [(String, (Tensor<Double>) -> Tensor<Double>)] = [
            ("reshape", { $0.reshaped(to: [3, -1]) * weights.reshaped(to: [3, 2]) }),
            ("transpose", { $0.reshaped(to: [2, 3]).transposed() * weights.reshaped(to: [3, 2]) }),
            ("permute", { $0.permuted(2, 0, 1) * weights.reshaped(to: [1, 2, 3]).permuted(0, 1, 2) }),
            ("squeeze", { $0.squeezed() * weights.reshaped(to: [2, 3]) }),
            ("squeeze axis", { $0.squeezed(axes: [-1]) }),
            ("unsqueeze", { $0.unsqueezed(at: 0) * weights.reshaped(to: [1, 2, 3, 1]) }),
            ("broadcast", { $0.broadcasted(to: [4, 2, 3, 5]) * sample([4, 2, 3, 5], seed: 8) }),
            ("sum to shape", { $0.broadcasted(to: [2, 3, 4]).summed(toShape: [3, 1]) }),
        ]
        for (name, f) in cases {
            let report = checkGradient(of: f, at: x)
            #expect(report.passed, "\(name): \(report)")
        }
    }

    @Test("matmul of matrices, vectors and transposed operands")
    func matmulGradients() {
        let cases: [([Int], [Int], Bool, Bool)] = [
            ([3, 4], [4, 2], false, false), ([4, 3], [4, 2], true, false),
            ([3, 4], [2, 4], false, true), ([4, 3], [2, 4], true, true),
        ]
        for (aShape, bShape, transposeA, transposeB) in cases {
            let report = checkGradient(
                of: { matmul($0, $1, transposeA: transposeA, transposeB: transposeB) },
                at: sample(aShape, seed: 9), sample(bShape, seed: 10))
            #expect(report.passed, "matmul \(aShape)\(transposeA ? "ᵀ" : "") · \(bShape)\(transposeB ? "ᵀ" : ""): \(report)")
        }
        for (aShape, bShape) in [([4], [4, 3]), ([3, 4], [4]), ([4], [4])] {
            let report = checkGradient(of: { matmul($0, $1) }, at: sample(aShape, seed: 11), sample(bShape, seed: 12))
            #expect(report.passed, "matmul \(aShape) · \(bShape): \(report)")
        }
    }

    @Test("matmul gradients equal the closed forms G·Bᵀ and Aᵀ·G")
    func matmulClosedForm() {
        let a = sample([3, 4], seed: 13).requiringGrad(), b = sample([4, 2], seed: 14).requiringGrad()
        let g = sample([3, 2], seed: 15)
        matmul(a, b).backward(seed: g)
        let expectedA = withoutRecording { matmul(g, b.transposed()) }
        let expectedB = withoutRecording { matmul(a.transposed(), g) }
        #expect(zip(a.grad!.scalars, expectedA.scalars).allSatisfy { Swift.abs($0 - $1) < 1e-12 })
        #expect(zip(b.grad!.scalars, expectedB.scalars).allSatisfy { Swift.abs($0 - $1) < 1e-12 })
    }

    @Test("matmul equals a naive triple loop")
    func matmulValues() {
        for (m, k, n) in [(1, 1, 1), (7, 33, 5), (33, 7, 130), (2, 130, 3)] {
            let a = sample([m, k], seed: UInt64(m)), b = sample([k, n], seed: UInt64(n))
            let c = matmul(a, b).scalars
            for i in 0..<m {
                for j in 0..<n {
                    var expected = 0.0
                    for p in 0..<k { expected += a.scalars[i * k + p] * b.scalars[p * n + j] }
                    #expect(Swift.abs(c[i * n + j] - expected) < 1e-12 * Double(k))
                }
            }
        }
    }
}
