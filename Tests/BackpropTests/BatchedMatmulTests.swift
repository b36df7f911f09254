import Foundation
import Testing
@testable import Backprop

/// NumPy's matmul of a [batch, m, k] stack by a [batch, k, n] stack (batch 1 repeated), with a
/// plain triple loop per item.
private func naiveBatchedProduct(_ a: [Double], _ aBatch: Int, _ b: [Double], _ bBatch: Int, m: Int, k: Int, n: Int) -> [Double] {
    let batch = Swift.max(aBatch, bBatch)
    var c = [Double](repeating: 0, count: batch * m * n)
    for item in 0..<batch {
        let aItem = aBatch == 1 ? 0 : item, bItem = bBatch == 1 ? 0 : item
        for i in 0..<m {
            for j in 0..<n {
                var total = 0.0
                for p in 0..<k { total += a[(aItem * m + i) * k + p] * b[(bItem * k + p) * n + j] }
                c[(item * m + i) * n + j] = total
            }
        }
    }
    return c
}

@Suite("batched matmul, dot and outer follow NumPy and differentiate correctly")
struct BatchedMatmulTests {
    @Test("batched products equal a naive loop on odd shapes", arguments: [1, 7, 33])
    func valuesMatchLoops(_ size: Int) {
        let shapes: [(batch: Int, m: Int, k: Int, n: Int)] = [(size, 7, size, 1), (3, size, 33, 7), (2, 1, 7, size), (size, size, size, size)]
        for (batch, m, k, n) in shapes {
            let a = sample([batch, m, k], seed: UInt64(m)), b = sample([batch, k, n], seed: UInt64(n + 100))
            let expected = naiveBatchedProduct(a.scalars, batch, b.scalars, batch, m: m, k: k, n: n)
            let c = matmul(a, b)
            #expect(c.shape == [batch, m, n])
            #expect(close(c.scalars, expected, tolerance: 1e-14 * Double(k)), "[\(batch), \(m), \(k)] · [\(batch), \(k), \(n)]")
        }
    }

    @Test("batch axes broadcast, and matrices and vectors mix with stacks as in NumPy")
    func broadcastingShapes() {
        let a = sample([3, 4, 5], seed: 1), b = sample([5, 2], seed: 2)
        let ab = matmul(a, b)
        #expect(ab.shape == [3, 4, 2])
        #expect(close(ab.scalars, naiveBatchedProduct(a.scalars, 3, b.scalars, 1, m: 4, k: 5, n: 2)))

        let left = sample([4, 5], seed: 3), right = sample([3, 5, 2], seed: 4)
        #expect(close(matmul(left, right).scalars, naiveBatchedProduct(left.scalars, 1, right.scalars, 3, m: 4, k: 5, n: 2)))

        let single = sample([1, 4, 5], seed: 5)
        let repeated = matmul(single, right)
        #expect(repeated.shape == [3, 4, 2])
        #expect(close(repeated.scalars, naiveBatchedProduct(single.scalars, 1, right.scalars, 3, m: 4, k: 5, n: 2)))

        #expect(matmul(Tensor<Double>.zeros([2, 1, 4, 5]), .zeros([3, 5, 6])).shape == [2, 3, 4, 6])
        #expect(matmul(Tensor<Double>.zeros([5]), .zeros([2, 3, 5, 6])).shape == [2, 3, 6])
        #expect(matmul(Tensor<Double>.zeros([2, 3, 4, 5]), .zeros([5])).shape == [2, 3, 4])
        #expect(matmul(Tensor<Double>.zeros([2, 3, 4, 0]), .zeros([0, 2])).shape == [2, 3, 4, 2])

        // A vector on either side: the product with each matrix of the stack.
        let vector = sample([5], seed: 6)
        let rowProduct = matmul(vector, right)
        #expect(close(rowProduct.scalars, naiveBatchedProduct(vector.scalars, 1, right.scalars, 3, m: 1, k: 5, n: 2)))
        let columnProduct = matmul(a, vector)
        #expect(close(columnProduct.scalars, naiveBatchedProduct(a.scalars, 3, vector.scalars, 1, m: 4, k: 5, n: 1)))
    }

    @Test("transpose flags swap the last two axes of each item without changing the product")
    func transposeFlags() {
        let a = sample([2, 3, 4], seed: 7), b = sample([2, 4, 5], seed: 8)
        let expected = matmul(a, b).scalars
        let aT = a.permuted(0, 2, 1), bT = b.permuted(0, 2, 1)
        #expect(close(matmul(aT, b, transposeA: true, transposeB: false).scalars, expected))
        #expect(close(matmul(a, bT, transposeA: false, transposeB: true).scalars, expected))
        #expect(close(matmul(aT, bT, transposeA: true, transposeB: true).scalars, expected))
        let matrixT = sample([5, 4], seed: 9)
        #expect(close(matmul(a, matrixT, transposeA: false, transposeB: true).scalars,
                      matmul(a, matrixT.transposed()).scalars))
    }

    @Test("gradients match finite differences with broadcast batch axes, vectors and transposed inputs")
    func gradients() {
        let cases: [([Int], [Int])] = [
            ([2, 3, 4], [2, 4, 5]), ([2, 1, 3, 4], [3, 4, 2]), ([1, 3, 4], [2, 4, 5]),
            ([3, 4], [2, 4, 5]), ([2, 3, 4], [4, 5]), ([4], [2, 4, 5]), ([2, 3, 4], [4]),
        ]
        for (aShape, bShape) in cases {
            let report = checkGradient(of: { matmul($0, $1) }, at: sample(aShape, seed: 10), sample(bShape, seed: 11))
            #expect(report.passed, "\(aShape) · \(bShape): \(report)")
        }
        // Non-contiguous inputs: the results of transposed() and permuted(_:) fed in.
        let transposed = checkGradient(
            of: { matmul($0.transposed(), $1.permuted(1, 0, 2)) }, at: sample([5, 3, 2], seed: 12), sample([5, 2, 6], seed: 13))
        #expect(transposed.passed, "transposed inputs: \(transposed)")
    }

    @Test("gradients of the transpose-flag forms match finite differences", arguments: [false, true], [false, true])
    func transposeFlagGradients(_ transposeA: Bool, _ transposeB: Bool) {
        let aShape = transposeA ? [2, 4, 3] : [2, 3, 4], bShape = transposeB ? [1, 5, 4] : [1, 4, 5]
        let report = checkGradient(
            of: { matmul($0, $1, transposeA: transposeA, transposeB: transposeB) },
            at: sample(aShape, seed: 14), sample(bShape, seed: 15))
        #expect(report.passed, "\(aShape) · \(bShape): \(report)")
        let matrix = checkGradient(
            of: { matmul($0, $1, transposeA: transposeA, transposeB: transposeB) },
            at: sample(aShape, seed: 16), sample(Array(bShape.dropFirst()), seed: 17))
        #expect(matrix.passed, "\(aShape) · \(Array(bShape.dropFirst())): \(matrix)")
    }

    @Test("the gradients equal the closed forms G·Bᵀ and Aᵀ·G summed over broadcast items")
    func closedForm() {
        let a = sample([3, 2, 4], seed: 18).requiringGrad(), b = sample([4, 5], seed: 19).requiringGrad()
        let g = sample([3, 2, 5], seed: 20)
        matmul(a, b).backward(seed: g)
        var expectedA = [Double](), expectedB = [Double](repeating: 0, count: 20)
        for item in 0..<3 {
            let gItem = Tensor(Array(g.scalars[(item * 10)..<(item * 10 + 10)]), shape: [2, 5])
            let aItem = Tensor(Array(a.scalars[(item * 8)..<(item * 8 + 8)]), shape: [2, 4])
            expectedA += matmul(gItem, b.detached().transposed()).scalars
            for (index, value) in matmul(aItem.transposed(), gItem).scalars.enumerated() { expectedB[index] += value }
        }
        #expect(close(a.grad!.scalars, expectedA))
        #expect(close(b.grad!.scalars, expectedB))
    }

    @Test("dot is the inner product and outer the matrix of products, with their gradients")
    func dotAndOuter() {
        let x = Tensor<Double>([1, 2, 3]), y = Tensor<Double>([4, 5, 6])
        #expect(dot(x, y).shape == [])
        #expect(dot(x, y).scalar == 32)
        #expect(outer(x, Tensor([1, 10])).shape == [3, 2])
        #expect(outer(x, Tensor([1, 10])).scalars == [1, 10, 2, 20, 3, 30])
        let dotReport = checkGradient(of: { dot($0, $1) }, at: sample([5], seed: 21), sample([5], seed: 22))
        #expect(dotReport.passed, "dot: \(dotReport)")
        let outerReport = checkGradient(of: { outer($0, $1) }, at: sample([3], seed: 23), sample([4], seed: 24))
        #expect(outerReport.passed, "outer: \(outerReport)")
        let a = x.requiringGrad(), b = y.requiringGrad()
        dot(a, b).backward()
        #expect(a.grad!.scalars == [4, 5, 6])
        #expect(b.grad!.scalars == [1, 2, 3])
    }

    @Test("misuse names the shapes and the fix")
    func misuse() {
        let inner = raisedError { _ = matmul(Tensor<Double>.zeros([2, 3, 4]), .zeros([2, 5, 6])) }
        #expect(inner?.kind == .shapeMismatch)
        #expect(inner?.description.hasPrefix("matmul: cannot multiply [2, 3, 4] by [2, 5, 6]: the inner sizes 4 and 5 differ") == true)
        let vector = raisedError { _ = matmul(Tensor<Double>.zeros([3]), .zeros([2, 4, 5])) }
        #expect(vector?.description.hasPrefix("matmul: cannot multiply [3] by [2, 4, 5]: the inner sizes 3 and 4 differ") == true)
        let flagged = raisedError { _ = matmul(Tensor<Double>.zeros([2, 3, 4]), .zeros([2, 5, 6]), transposeA: true, transposeB: false) }
        #expect(flagged?.description.hasPrefix("matmul: cannot multiply [2, 3, 4]ᵀ by [2, 5, 6]: the inner sizes 3 and 5 differ") == true)
        let batch = raisedError { _ = matmul(Tensor<Double>.zeros([2, 3, 4]), .zeros([3, 4, 5])) }
        #expect(batch?.kind == .shapeMismatch)
        #expect(batch?.description.hasPrefix("matmul: the batch axes [2] of [2, 3, 4] and [3] of [3, 4, 5] do not broadcast") == true)
        #expect(batch?.fix.contains("size 1") == true)
        #expect(raisedError { _ = matmul(Tensor<Double>(1), .zeros([2, 3, 4])) }?.kind == .shapeMismatch)
        let dotError = raisedError { _ = dot(Tensor<Double>.zeros([3]), .zeros([4])) }
        #expect(dotError?.description == "dot: the vectors of shapes [3] and [4] have different lengths. Pass two 1-d tensors of the same length, or use matmul for matrices.")
        #expect(raisedError { _ = dot(Tensor<Double>.zeros([3, 1]), .zeros([3])) }?.description.hasPrefix("dot: operands of shapes [3, 1] and [3] are not both 1-d") == true)
        #expect(raisedError { _ = outer(Tensor<Double>.zeros([3, 1]), .zeros([3])) }?.description.hasPrefix("outer: operands of shapes [3, 1] and [3] are not both 1-d") == true)
    }
}
