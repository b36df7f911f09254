import Foundation
import Testing
@testable import Backprop

/// Functions that together reach every batching rule. Each output has at most as many elements
/// as its input, so `jacobian` works in reverse mode; each is smooth near inputs in [0.3, 1.7]
/// (no ties for max, no kinks of relu, abs or clamp), so its Hessian exists.
enum BatchedCase: String, CaseIterable, Sendable {
    case unary, arithmetic, broadcastLeadingAxes, broadcastSizeOneAxes, power, sums, maxima, logSumExp, softmax, logSoftmax
    case matrixVector, vectorMatrix, matrices, stackedMatrices, shaping, indexing, joining, cumulativeSum, selection, statistics
    case convolution, groupedConvolution, transposedConvolution, pooling, paddingModes

    var inputShape: [Int] {
        switch self {
        case .unary, .arithmetic, .broadcastLeadingAxes, .power, .softmax, .joining, .selection: [6]
        case .matrixVector, .vectorMatrix: [4]
        case .stackedMatrices: [2, 2, 3]
        case .convolution, .groupedConvolution, .transposedConvolution, .pooling, .paddingModes: [2, 2, 3, 3]
        default: [2, 3]
        }
    }

    /// The function at `x` (of `inputShape`).
    func callAsFunction<E: TensorElement>(_ x: Tensor<E>) -> Tensor<E> {
        switch self {
        case .unary:
            return exp(x) + log(x) + sin(x) * cos(x) + tanh(x) + sqrt(x) + abs(x - 2) + (x + 1).relu()
                + x.sigmoid() + x.softplus() + pow(x, 3) + pow(x, 2)
        case .arithmetic:
            return (x * 2 - x / (x + 1)) * x + (-x) / 3 - 1 / x
        case .broadcastLeadingAxes:
            // [3] against [2, 3]: the stack's reduction must keep its own leading axis.
            let u = x[0..<3], v = x.reshaped(to: [2, 3])
            return u * v + u / (v + 2) - v * 3
        case .broadcastSizeOneAxes:
            return x * x.sum(alongAxes: [1], keepingDimensions: true) - x.mean(alongAxes: [0], keepingDimensions: true) * x
        case .power:
            return pow(x, x * 0.5 + 1)
        case .sums:
            return x * x.sum() + x.sum(alongAxes: 0).unsqueezed(at: 0) * x + x.sum(alongAxes: [1], keepingDimensions: true) * x.mean()
        case .maxima:
            return x * x.max() + x.max(alongAxes: [1], keepingDimensions: true) * x + x.max(alongAxes: 0) * x
        case .logSumExp:
            return x * x.logSumExp() + x.logSumExp(alongAxes: [0]) * x + x.logSumExp(alongAxes: [1], keepingDimensions: true)
        case .softmax:
            return x.softmax() * x + x.reshaped(to: [2, 3]).softmax(alongAxis: 0).reshaped(to: [6])
        case .logSoftmax:
            return x.logSoftmax(alongAxis: 1) * x.logSoftmax(alongAxis: 0)
        case .matrixVector:
            return sin(matmul(constant([4, 4], seed: 1), x)) * x
        case .vectorMatrix:
            return sin(matmul(x, constant([4, 3], seed: 2))) * x[0..<3]
        case .matrices:
            let c: Tensor<E> = constant([3, 3], seed: 3)
            return matmul(sin(x), c) + matmul(matmul(x, x, transposeA: false, transposeB: true), x)
                + matmul(x, matmul(x, x, transposeA: true, transposeB: false))
                + matmul(x.transposed(), c, transposeA: true, transposeB: true)
        case .stackedMatrices:
            let d: Tensor<E> = constant([1, 2, 2], seed: 4), c: Tensor<E> = constant([3, 2], seed: 5)
            return matmul(matmul(d, tanh(x)), c) + matmul(x, x, transposeA: false, transposeB: true)
                + matmul(x, constant([2, 3, 2], seed: 6))
        case .shaping:
            return x.reshaped(to: [3, 2]).transposed() * x + x.permuted([1, 0]).reshaped(to: [2, 3])
                + x.unsqueezed(at: 0).squeezed() * x[0].broadcasted(to: [2, 3]) + x[1].reshaped(to: [1, 3]).expanded(to: [2, -1]) * x
        case .indexing:
            return x[1, .all] * x[0, .all] + x[.range(0..<2), 1].sum() * x[0]
                + x.padded([(before: 1, after: 0), (before: 0, after: 2)])[1, .range(0..<3)] * x[1]
        case .joining:
            let joined = Tensor.concatenated([x[0..<2] * x[4..<6], sin(x[2..<6])], alongAxis: 0)
            return joined * Tensor.stacked([x[0..<3], x[3..<6]]).reshaped(to: [6]) + x.flipped(alongAxes: 0) * x
        case .cumulativeSum:
            return x.cumulativeSum(alongAxis: 1) * x.cumulativeSum(alongAxis: 0)
        case .selection:
            return Tensor.where(x .> 1, x * x, sin(x)) + x.clamped(to: 0...2) * x
        case .statistics:
            return x * x.variance() + x.standardDeviation(alongAxes: [1], keepingDimensions: true) * x + x.norm() * x
        case .convolution:
            // Both filter and input depend on x, so every convolution rule is reached, and the
            // Hessian reaches the rules of the rules (the input and filter gradients).
            let filter = x[0, .all, .range(0..<2), .range(0..<2)].unsqueezed(at: 0) * 0.5
            let bias: Tensor<E> = constant([1], seed: 7)
            let weight = x[.all, .range(0..<1), .all, .all]
            return tanh(conv2d(x, filter, bias: bias, padding: 1, dilation: 2)) * weight
        case .groupedConvolution:
            let filter: Tensor<E> = constant([4, 1, 2, 2], seed: 8)
            let features = sin(conv2d(x, filter, groups: 2)).sum(alongAxes: [1])
            return features * x[.all, 0, .range(0..<2), .range(0..<2)]
        case .transposedConvolution:
            let filter: Tensor<E> = constant([2, 1, 2, 2], seed: 9)
            let upsampled = convTranspose2d(x, filter, stride: 2, padding: 1)
            return upsampled[.all, .all, .range(0..<3), .range(0..<3)] * x
        case .pooling:
            let windows = x.maxPool2d(kernel: 2, stride: 1) * x.avgPool2d(kernel: 2, stride: 1)
            return windows + x.maxPool2d(kernel: 2, ceilMode: true).sum()
        case .paddingModes:
            let reflected = x.padded([(0, 0), (0, 0), (1, 1), (0, 1)], mode: .reflect)[.all, .all, .range(0..<3), .range(0..<3)]
            let wrapped = x.padded([(0, 0), (0, 0), (1, 0), (2, 0)], mode: .circular)[.all, .all, .range(1..<4), .range(0..<3)]
            return reflected * x + wrapped * sin(x)
        }
    }

    /// A fixed tensor of normal values.
    private func constant<E: TensorElement>(_ shape: [Int], seed: UInt64) -> Tensor<E> {
        .randomNormal(shape: shape, seed: seed)
    }

    /// A point inside the region where the function is smooth.
    func point<E: TensorElement>(seed: UInt64 = 20) -> Tensor<E> {
        .randomUniform(shape: inputShape, in: 0.3...1.7, seed: seed)
    }

    /// A one-element function: the output weighted and summed, for Hessians.
    func summed<E: TensorElement>(_ x: Tensor<E>) -> Tensor<E> {
        let output = self(x)
        return (output * Tensor<E>.randomNormal(shape: output.shape, seed: 30)).sum()
    }
}

/// The Jacobian of `f` at `x` both ways: from batched sweeps (nil when they are not possible)
/// and row by row, each on a graph of its own, as `jacobian` builds it.
private func bothJacobians<E: TensorElement>(
    of f: (Tensor<E>) -> Tensor<E>, at x: Tensor<E>, stackLimit: Int = batchedSweepElements
) -> (batched: Tensor<E>?, rows: Tensor<E>) {
    let point = x.requiringGrad()
    let batched = batchedJacobianRows(of: f(point), at: point, nested: false, stackLimit: stackLimit)
    let rowPoint = x.requiringGrad()
    return (batched, jacobianRows(of: f(rowPoint), at: rowPoint, nested: false))
}

/// Whether two tensors have the same shape and agree within `tolerance`.
private func agree<E: TensorElement>(_ actual: Tensor<E>?, _ expected: Tensor<E>, tolerance: Double) -> Bool {
    guard let actual, actual.shape == expected.shape else { return false }
    return close(actual.scalars.map(Double.init), expected.scalars.map(Double.init), tolerance: tolerance)
}

/// The benchmark's matrix: A[i][j] = sin(100·i + j).
private func sineMatrix(_ size: Int) -> Tensor<Double> {
    Tensor((0..<size * size).map { index in Foundation.sin(Double(100 * (index / size) + index % size)) }, shape: [size, size])
}

/// The rows `jacobian(at: x, of: f)` takes when it takes the batched path, from the same point
/// it differentiates at (the same graph, nested or not); nil when it falls back to one sweep
/// per row.
private func batchedPath<E: TensorElement>(of f: (Tensor<E>) -> Tensor<E>, at x: Tensor<E>) -> Tensor<E>? {
    let (point, nested) = differentiationPoint(x)
    return batchedJacobianRows(of: f(point), at: point, nested: nested)
}

@Suite("Batched Jacobians: every row in one sweep, with the row-by-row sweep as fallback")
struct BatchedJacobianTests {
    @Test("batched Jacobians equal row-by-row ones in Double", arguments: BatchedCase.allCases)
    func jacobiansInDouble(_ function: BatchedCase) {
        let (batched, rows) = bothJacobians(of: { function($0) }, at: function.point() as Tensor<Double>)
        #expect(batched != nil, "\(function) has an operation without batching rules")
        #expect(agree(batched, rows, tolerance: 1e-12), "\(function): \(batched?.scalars ?? []) vs \(rows.scalars)")
    }

    @Test("batched Jacobians equal row-by-row ones in Float", arguments: BatchedCase.allCases)
    func jacobiansInFloat(_ function: BatchedCase) {
        let (batched, rows) = bothJacobians(of: { function($0) }, at: function.point() as Tensor<Float>)
        #expect(batched != nil)
        #expect(agree(batched, rows, tolerance: 1e-5), "\(function): \(batched?.scalars ?? []) vs \(rows.scalars)")
    }

    @Test("batched Hessians (through the recorded gradient's graph) equal row-by-row ones", arguments: BatchedCase.allCases)
    func hessians(_ function: BatchedCase) {
        let (batched, rows) = bothJacobians(of: { gradient(at: $0, of: function.summed) }, at: function.point() as Tensor<Double>)
        #expect(batched != nil, "the gradient graph of \(function) has an operation without batching rules")
        #expect(agree(batched, rows, tolerance: 1e-11), "\(function): \(batched?.scalars ?? []) vs \(rows.scalars)")
        let (floatBatched, floatRows) = bothJacobians(of: { gradient(at: $0, of: function.summed) }, at: function.point() as Tensor<Float>)
        #expect(agree(floatBatched, floatRows, tolerance: 1e-4), "\(function) in Float")
    }

    @Test("the benchmark's Hessian takes the batched path and equals Aᵀ(diag(s) − s·sᵀ)A + I")
    func benchmarkHessian() {
        let a = sineMatrix(100), x = Tensor<Double>((0..<100).map { 0.01 * Double($0) })
        let f = { (x: Tensor<Double>) in matmul(a, x).logSumExp() + 0.5 * (x * x).sum() }
        let h = hessian(at: x, of: f)
        let batched = batchedPath(of: { gradient(at: $0, of: f) }, at: x)
        #expect(batched?.scalars == h.scalars, "the batched path is possible and is the one taken")
        let s = matmul(a, x).softmax().scalars
        let middle = Tensor<Double>((0..<10_000).map { index in
            let (i, j) = index.quotientAndRemainder(dividingBy: 100)
            return (i == j ? s[i] : 0) - s[i] * s[j]
        }, shape: [100, 100])
        let identity: Tensor<Double> = oneHotRows(0..<100, shape: [100])
        let expected = matmul(matmul(a, middle, transposeA: true, transposeB: false), a) + identity
        #expect(agree(h, expected, tolerance: 1e-13))
    }

    @Test("the Hessian of logsumexp(A·x) + ½‖x‖² in Float matches Double")
    func benchmarkHessianInFloat() {
        let a = sineMatrix(20)
        let f = { (x: Tensor<Double>) in matmul(a, x).logSumExp() + 0.5 * (x * x).sum() }
        let aFloat = Tensor<Float>(a.scalars.map(Float.init), shape: a.shape)
        let fFloat = { (x: Tensor<Float>) in matmul(aFloat, x).logSumExp() + 0.5 * (x * x).sum() }
        let point = Tensor<Float>.linspace(from: 0, through: 0.19, count: 20)
        let h = hessian(at: point, of: fFloat)
        #expect(batchedPath(of: { gradient(at: $0, of: fFloat) }, at: point)?.scalars == h.scalars)
        let expected = hessian(at: Tensor<Double>.linspace(from: 0, through: 0.19, count: 20), of: f)
        #expect(close(h.scalars.map(Double.init), expected.scalars, tolerance: 1e-5))
    }

    @Test("the softmax Jacobian from the batched path is diag(s) − s·sᵀ, in Float and Double")
    func softmaxJacobian() {
        let logits: [Double] = [0.3, -1.2, 2.0, 0.5, -0.1]
        let s = Tensor<Double>(logits).softmax().scalars
        let expected = (0..<25).map { index in
            let (i, j) = index.quotientAndRemainder(dividingBy: 5)
            return (i == j ? s[i] : 0) - s[i] * s[j]
        }
        let double = jacobian(at: Tensor<Double>(logits)) { $0.softmax() }
        let float = jacobian(at: Tensor<Float>(logits.map(Float.init))) { $0.softmax() }
        #expect(batchedPath(of: { $0.softmax() }, at: Tensor<Double>(logits))?.scalars == double.scalars)
        #expect(batchedPath(of: { $0.softmax() }, at: Tensor<Float>(logits.map(Float.init)))?.scalars == float.scalars)
        #expect(close(double.scalars, expected, tolerance: 1e-15))
        #expect(close(float.scalars.map(Double.init), expected, tolerance: 1e-6))
    }

    @Test("an operation without batching rules falls back to one sweep per row, with the right Jacobian")
    func customOperationFallsBack() {
        func log1pexp(_ x: Tensor<Double>) -> Tensor<Double> {
            .differentiable("log1pexp", inputs: [x], value: { x in x[0].softplus() }, pullback: { g, x, _ in [g * x[0].sigmoid()] })
        }
        let x = sample([4], seed: 40)
        let (batched, rows) = bothJacobians(of: { log1pexp($0) * 2 }, at: x)
        #expect(batched == nil)
        #expect(batchedPath(of: { log1pexp($0) * 2 }, at: x) == nil)
        let j = jacobian(at: x) { log1pexp($0) * 2 }
        let sigma = x.sigmoid().scalars
        let expected: [Double] = (0..<16).map { $0 % 5 == 0 ? 2 * sigma[$0 / 5] : 0 }
        #expect(close(j.scalars, expected))
        #expect(j.scalars == rows.scalars)
    }

    @Test("a Hessian through gather takes the batched path (gather and scatter-add have batching rules) and equals P + Pᵀ")
    func gatherHessianIsBatched() {
        let permutation = [2, 0, 3, 1], x = sample([4], seed: 41)
        let f = { (x: Tensor<Double>) in (x.gathering(indices: permutation, alongAxis: 0) * x).sum() }
        let batched = batchedPath(of: { gradient(at: $0, of: f) }, at: x)
        #expect(batched != nil)
        let h = hessian(at: x, of: f)
        #expect(batched?.scalars == h.scalars)
        let expected = (0..<16).map { index -> Double in
            let (i, j) = index.quotientAndRemainder(dividingBy: 4)
            return (permutation[i] == j ? 1 : 0) + (permutation[j] == i ? 1 : 0)
        }
        #expect(h.scalars == expected)
    }

    @Test("a hook on an intermediate value sees each row's gradient: the Jacobian falls back to one sweep per row")
    func hookFallsBack() {
        let x = sample([3], seed: 42)
        var seenShapes: Set<[Int]> = []
        let f = { (x: Tensor<Double>) in
            let hidden = x * 3
            hidden.registerHook { gradient in
                seenShapes.insert(gradient.shape)
                return gradient * 2
            }
            return sin(hidden)
        }
        #expect(batchedPath(of: f, at: x) == nil)
        let j = jacobian(at: x, of: f)
        #expect(seenShapes == [[3]])
        let slopes = (x * 3).scalars.map { 6 * Foundation.cos($0) }
        let expected: [Double] = (0..<9).map { $0 % 4 == 0 ? slopes[$0 / 4] : 0 }
        #expect(close(j.scalars, expected))
    }

    @Test("rows beyond one stack's limit are pulled back in chunks that together equal the row-by-row Jacobian")
    func chunkedRows() {
        let function = BatchedCase.matrices
        // The largest value reached has 9 elements: stacks of 2 rows, in 3 chunks.
        let (batched, rows) = bothJacobians(of: { function($0) }, at: function.point() as Tensor<Double>, stackLimit: 20)
        #expect(agree(batched, rows, tolerance: 1e-12))
    }

    @Test("a Jacobian inside a gradient is batched and recorded: its gradient matches the closed form")
    func nestedJacobian() {
        let a = Tensor<Double>.randomNormal(shape: [3, 4], seed: 43), w = sample([4], seed: 44)
        let inner = { (w: Tensor<Double>) in tanh(matmul(a, w)) }
        var batched: Tensor<Double>?, taken: Tensor<Double>?
        let slope = gradient(at: w) { w in
            batched = batchedPath(of: inner, at: w)
            taken = jacobian(at: w, of: inner)
            return taken!.sum()
        }
        #expect(batched?.requiresGrad == true && batched?.scalars == taken?.scalars)
        // Σᵢⱼ Jᵢⱼ = Σᵢ (1 − tᵢ²)·rᵢ with t = tanh(A·w) and r the row sums of A.
        let t = tanh(matmul(a, w)), r = a.sum(alongAxes: 1)
        let expected = matmul(-2 * t * (1 - t * t) * r, a)
        #expect(close(slope.scalars, expected.scalars))
    }

    @Test("the identity and a constant function have batched Jacobians I and 0")
    func identityAndConstant() {
        let x = sample([2, 2], seed: 45)
        let identity = jacobian(at: x) { $0 }
        #expect(identity.shape == [2, 2, 2, 2])
        let expected: [Double] = (0..<16).map { $0 % 5 == 0 ? 1 : 0 }
        #expect(identity.scalars == expected)
        let constant = jacobian(at: x) { _ in Tensor<Double>([1, 2]) }
        #expect(constant.shape == [2, 2, 2] && constant.scalars.allSatisfy { $0 == 0 })
    }

    @Test("a 2-d matrix times a stack of vectors equals the products item by item, with their gradients")
    func matrixTimesStackOfVectors() {
        let a = Tensor<Double>.randomNormal(shape: [3, 4], seed: 46), vectors = Tensor<Double>.randomNormal(shape: [5, 4, 1], seed: 47)
        let product = matmul(a, vectors)
        #expect(product.shape == [5, 3, 1])
        for item in 0..<5 {
            #expect(close(product[item].scalars, matmul(a, vectors[item]).scalars))
        }
        let transposed = matmul(a, Tensor<Double>.randomNormal(shape: [2, 1, 3], seed: 48), transposeA: true, transposeB: true)
        #expect(transposed.shape == [2, 4, 1])
        let report = checkGradient(of: { a, v in (matmul(a, v) * matmul(a, v)).sum() }, at: a, vectors)
        #expect(report.passed, "\(report)")
    }
}
