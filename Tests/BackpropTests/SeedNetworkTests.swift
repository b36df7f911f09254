import Testing
@testable import Backprop

/// The 3-4-2 sigmoid network of the seed derivation, with L = 1/(2m)·Σ‖h(xᵢ) − zᵢ‖² over
/// m = 5 samples held as the columns of X and Z.
private struct SeedNetwork {
    let x = Tensor<Double>.randomNormal(shape: [3, 5], seed: 31)
    let z = Tensor<Double>.randomUniform(shape: [2, 5], seed: 32)
    let w1 = Tensor<Double>.randomNormal(shape: [4, 3], standardDeviation: 0.8, seed: 33)
    let b1 = Tensor<Double>.randomNormal(shape: [4], standardDeviation: 0.3, seed: 34)
    let w2 = Tensor<Double>.randomNormal(shape: [2, 4], standardDeviation: 0.8, seed: 35)
    let b2 = Tensor<Double>.randomNormal(shape: [2], standardDeviation: 0.3, seed: 36)
    let m = 5.0
}

@Suite("Seed 003: the tape reproduces the hand-derived delta formulas")
struct SeedNetworkTests {
    @Test("tensor gradients equal δ⁽²⁾ = (h − z) ⊙ σ′(u⁽²⁾)/m, ∇W⁽²⁾ = δ⁽²⁾yᵀ, δ⁽¹⁾ = W⁽²⁾ᵀδ⁽²⁾ ⊙ σ′(u⁽¹⁾), ∇W⁽¹⁾ = δ⁽¹⁾xᵀ")
    func tensorGradientsMatchDeltaFormulas() {
        let net = SeedNetwork()
        let w1 = net.w1.requiringGrad(), b1 = net.b1.requiringGrad()
        let w2 = net.w2.requiringGrad(), b2 = net.b2.requiringGrad()
        let u1 = matmul(w1, net.x) + b1.reshaped(to: [4, 1])
        u1.retainGrad()
        let y = u1.sigmoid()
        let u2 = matmul(w2, y) + b2.reshaped(to: [2, 1])
        u2.retainGrad()
        let h = u2.sigmoid()
        let loss = pow(h - net.z, 2).sum() / (2 * net.m)
        loss.backward()

        // The seed's formulas, evaluated on plain values.
        withoutRecording {
            let delta2 = (h - net.z) * h * (1 - h) / net.m
            let delta1 = matmul(net.w2.transposed(), delta2) * y * (1 - y)
            expectEqual(u2.grad!, delta2)
            expectEqual(u1.grad!, delta1)
            expectEqual(w2.grad!, matmul(delta2, y.transposed()))
            expectEqual(b2.grad!, delta2.sum(alongAxes: 1))
            expectEqual(w1.grad!, matmul(delta1, net.x.transposed()))
            expectEqual(b1.grad!, delta1.sum(alongAxes: 1))
        }
    }

    @Test("the same network built scalar by scalar from Variables gives the same gradients")
    func scalarNetworkMatchesTensorNetwork() {
        let net = SeedNetwork()
        let w1 = net.w1.scalars.map { Variable($0) }, b1 = net.b1.scalars.map { Variable($0) }
        let w2 = net.w2.scalars.map { Variable($0) }, b2 = net.b2.scalars.map { Variable($0) }
        let x = net.x.scalars, z = net.z.scalars
        var loss = Variable(0)
        for sample in 0..<5 {
            let y = (0..<4).map { j in
                var u = b1[j]
                for k in 0..<3 { u = u + w1[j * 3 + k] * x[k * 5 + sample] }
                return u.sigmoid()
            }
            for i in 0..<2 {
                var u = b2[i]
                for j in 0..<4 { u = u + w2[i * 4 + j] * y[j] }
                let error = u.sigmoid() - z[i * 5 + sample]
                loss = loss + error * error
            }
        }
        loss = loss / (2 * net.m)
        loss.backward()

        let tw1 = net.w1.requiringGrad(), tb1 = net.b1.requiringGrad()
        let tw2 = net.w2.requiringGrad(), tb2 = net.b2.requiringGrad()
        let h = (matmul(tw2, (matmul(tw1, net.x) + tb1.reshaped(to: [4, 1])).sigmoid()) + tb2.reshaped(to: [2, 1])).sigmoid()
        let tensorLoss = pow(h - net.z, 2).sum() / (2 * net.m)
        tensorLoss.backward()

        #expect(Swift.abs(loss.value - tensorLoss.scalar!) < 1e-14)
        for (variables, tensor) in [(w1, tw1), (b1, tb1), (w2, tw2), (b2, tb2)] {
            for (variable, expected) in zip(variables, tensor.grad!.scalars) {
                #expect(Swift.abs(variable.grad! - expected) < 1e-12)
            }
        }
    }
}

/// Expects equal shapes and elements equal to 1e-12.
private func expectEqual(_ actual: Tensor<Double>, _ expected: Tensor<Double>, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.shape == expected.shape, sourceLocation: sourceLocation)
    let difference = zip(actual.scalars, expected.scalars).map { Swift.abs($0 - $1) }.max() ?? 0
    #expect(difference < 1e-12, "max difference \(difference)", sourceLocation: sourceLocation)
}
