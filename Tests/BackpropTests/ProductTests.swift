import Testing
@testable import Backprop

@Suite("Products and cumulative products, with exact gradients at zeros")
struct ProductTests {
    /// The product of `values` except position `skip`, by direct multiplication.
    func productOfOthers(_ values: [Double], skipping skip: Int) -> Double {
        values.indices.filter { $0 != skip }.reduce(1) { $0 * values[$1] }
    }

    @Test("product and cumulative product have the known values, along any axis")
    func values() {
        let x = Tensor<Double>([1, 2, 3, 4, 5, 6], shape: [2, 3])
        #expect(x.product().scalars == [720])
        #expect(x.product(alongAxes: 1).scalars == [6, 120])
        #expect(x.product(alongAxes: [0], keepingDimensions: true).shape == [1, 3])
        #expect(x.product(alongAxes: 0).scalars == [4, 10, 18])
        #expect(x.product(alongAxes: 0, 1).scalars == [720])
        #expect(x.cumulativeProduct(alongAxis: 1).scalars == [1, 2, 6, 4, 20, 120])
        #expect(x.cumulativeProduct(alongAxis: -2).scalars == [1, 2, 3, 4, 10, 18])
        #expect(Tensor<Double>([2, 3, 0, 4]).cumulativeProduct(alongAxis: 0).scalars == [2, 6, 0, 0])
        #expect(Tensor<Double>.zeros([2, 0]).product(alongAxes: 1).scalars == [1, 1])
        #expect(Tensor<Double>.zeros([0]).product().scalars == [1])
        #expect(Tensor<Double>(5).product(alongAxes: 0).scalars == [5])
    }

    @Test("the gradient of a product is the product of the other factors, with zero, one or several zeros")
    func productGradientAtZeros() {
        for values in [[2.0, 3, 4, 5], [2, 0, 4, 5], [0, 3, 0, 5], [0, 0, 0, 0], [-1.5, 0, 2, 0.5]] {
            let x = Tensor<Double>(values, requiresGrad: true)
            x.product().backward()
            let expected = values.indices.map { productOfOthers(values, skipping: $0) }
            #expect(x.grad!.scalars == expected, "\(values)")
            #expect(!x.grad!.scalars.contains { $0.isNaN })
        }
    }

    @Test("the gradient of a cumulative product is exact with zeros")
    func cumulativeProductGradientAtZeros() {
        for values in [[2.0, 0, 3, 4], [0, 2, 0, 3], [1, 2, 3, 0]] {
            let x = Tensor<Double>(values, requiresGrad: true)
            x.cumulativeProduct(alongAxis: 0).sum().backward()
            // ∂(Σ_k Π_{i≤k} x_i)/∂x_j = Σ_{k≥j} Π_{i≤k, i≠j} x_i
            let expected = values.indices.map { j in
                (j..<values.count).reduce(0.0) { total, k in total + productOfOthers(Array(values[...k]), skipping: j) }
            }
            #expect(x.grad!.scalars == expected, "\(values)")
        }
    }

    @Test("finite differences agree with the gradients, with zeros, batches and along inner axes")
    func gradientChecks() {
        let withZeros = Tensor<Double>([0.5, 0, 1.2, -0.7, 0, 0, 1.1, 0.9, 1.3, -1.4, 0.6, 0], shape: [3, 4])
        for x in [sample([3, 4], seed: 1), withZeros] {
            for axis in [0, 1, -1] {
                let cumulative = checkGradient(of: { $0.cumulativeProduct(alongAxis: axis) }, at: x)
                #expect(cumulative.passed, "cumulative axis \(axis): \(cumulative)")
                let product = checkGradient(of: { $0.product(alongAxes: [axis]) }, at: x)
                #expect(product.passed, "product axis \(axis): \(product)")
            }
            let all = checkGradient(of: { $0.product() }, at: x)
            #expect(all.passed, "\(all)")
        }
        let cube = checkGradient(of: { $0.product(alongAxes: [0, 2], keepingDimensions: true) }, at: sample([2, 3, 2], seed: 2))
        #expect(cube.passed, "\(cube)")
        let transposed = checkGradient(of: { $0.transposed().cumulativeProduct(alongAxis: 1) }, at: sample([3, 2], seed: 3))
        #expect(transposed.passed, "\(transposed)")
    }

    @Test("second derivatives of products are exact, also at zeros")
    func secondOrder() {
        let withZero = Tensor<Double>([0.5, 0, 1.2, -0.7, 1.1, 0.9], shape: [2, 3])
        for x in [sample([2, 3], seed: 4), withZero] {
            let cumulative = checkSecondOrderGradient(of: { $0.cumulativeProduct(alongAxis: 1).sum() }, at: x)
            #expect(cumulative.passed, "\(cumulative)")
            let product = checkSecondOrderGradient(of: { ($0.product(alongAxes: 1) * $0.sum(alongAxes: 1)).sum() }, at: x)
            #expect(product.passed, "\(product)")
        }
        // ∂²(xyz)/∂x∂y = z: at x = y = 0 the Hessian is still the product of the third factor.
        let x = Tensor<Double>([0, 0, 3])
        let hessianRow = gradient(at: x) { x in gradient(at: x) { $0.product() }[0] }
        #expect(hessianRow.scalars == [0, 3, 0])
    }

    @Test("batched Jacobians of the recurrence agree with finite differences")
    func jacobian() {
        let x = Tensor<Double>([0.5, 0, 1.2, -0.7, 1.1, 0.9], shape: [2, 3])
        let report = checkJacobian(of: { $0.cumulativeProduct(alongAxis: 1) }, at: x)
        #expect(report.passed, "\(report)")
    }

    @Test("an axis the tensor lacks is reported")
    func badAxis() {
        #expect(raisedError { _ = Tensor<Double>.ones([2, 3]).product(alongAxes: 2) }?.kind == .invalidAxis)
        #expect(raisedError { _ = Tensor<Double>.ones([2]).cumulativeProduct(alongAxis: -2) }?.description.contains("cumulativeProduct(alongAxis:)") == true)
    }
}
