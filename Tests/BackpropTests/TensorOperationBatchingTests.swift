import Testing
@testable import Backprop

/// Functions of a [2, 3] input through each new operation (and the gathers and scatters they are
/// built on), smooth near inputs in [0.3, 1.7], where they have no ties.
enum TensorOperationCase: CaseIterable, Sendable {
    case product, logCumulativeSumExp, sorting, runningExtremes, maskAndAdvancedIndexing, rollAndRepeat, clone, scatter
    case scatterSum, scatterProduct, scatterMean, scatterMaximum, scatterMinimum

    func callAsFunction(_ x: Tensor<Double>) -> Tensor<Double> {
        switch self {
        case .product:
            return x.cumulativeProduct(alongAxis: 1) * x.product(alongAxes: [0], keepingDimensions: true)
        case .logCumulativeSumExp:
            return x.logCumulativeSumExp(alongAxis: 0) * x
        case .sorting:
            return x.sorted(alongAxis: 1).values * x + x.topK(1, alongAxis: 0).values
        case .runningExtremes:
            return x.cumulativeMax(alongAxis: 1).values * x.cumulativeMin(alongAxis: 0).values
        case .maskAndAdvancedIndexing:
            let mask = Tensor<Double>([1, 0, 1, 1, 0, 1], shape: [2, 3])
            let rows = Tensor<Double>([1, 0, 1, 1]), columns = Tensor<Double>([2, 2, 0, 1])
            return x[mask: mask] * x[indices: [rows, columns]]
        case .rollAndRepeat:
            let tiled: Tensor<Double> = x.repeated([1, 2])[.all, .range(1..<4)]
            return x.rolled(by: 1, alongAxis: 1) * x + tiled + x.repeatedInterleave([2, 0], alongAxis: 0)
        case .clone:
            return x.clone() * x
        case .scatter:
            return x.scattering(sin(x[.all, .range(1..<3)]), indices: [2, 0, 1, 1], alongAxis: 1) * x
        case .scatterSum: return scattered(x, .sum, includeSelf: false)
        case .scatterProduct: return scattered(x, .product, includeSelf: true)
        case .scatterMean: return scattered(x, .mean, includeSelf: true)
        case .scatterMaximum: return scattered(x, .amax, includeSelf: true)
        case .scatterMinimum: return scattered(x, .amin, includeSelf: false)
        }
    }

    private func scattered(_ x: Tensor<Double>, _ reduction: ScatterReduction, includeSelf: Bool) -> Tensor<Double> {
        x.scattering(x[.all, .range(0..<2)] * 2, indices: [0, 0, 2, 0], alongAxis: 1, reduction: reduction, includeSelf: includeSelf)
    }
}

@Suite("The new tensor operations pull back stacks of cotangents in one batched sweep")
struct TensorOperationBatchingTests {
    @Test("batched Jacobians exist and equal the row-by-row ones; Hessians agree with finite differences", arguments: TensorOperationCase.allCases)
    func batchedEqualsRows(_ function: TensorOperationCase) {
        let x = Tensor<Double>.randomUniform(shape: [2, 3], in: 0.3...1.7, seed: 71)
        let point = x.requiringGrad()
        let batched = batchedJacobianRows(of: function(point), at: point, nested: false)
        let rowPoint = x.requiringGrad()
        let rows = jacobianRows(of: function(rowPoint), at: rowPoint, nested: false)
        #expect(batched != nil, "\(function) has an operation without batching rules")
        #expect(batched.map { close($0.scalars, rows.scalars) } == true, "\(function): \(batched?.scalars ?? []) vs \(rows.scalars)")
        let hessian = checkSecondOrderGradient(of: { (function($0) * function($0)).sum() }, at: x)
        #expect(hessian.passed, "\(function): \(hessian)")
    }
}
