import Backprop
import BackpropNN
import Testing

/// The parameter after `steps` steps of `optimizer` from `start`, with the gradient of
/// Σ sin(p)·p at each step.
private func trained<Decay>(_ optimizer: AdamOptimizer<Double, Decay>, from start: [Double], steps: Int) -> [Double] {
    let model = ParameterDictionary(["p": Tensor<Double>(start, requiresGrad: true)])
    for _ in 0..<steps {
        model.zeroGrad()
        let p = model["p"]!
        (sin(p) * p).sum().backward()
        optimizer.step(model)
    }
    return model["p"]!.scalars
}

@Suite("AdamW is Adam with decoupled weight decay")
struct AdamWeightDecayTests {
    @Test("Adam and AdamW are one optimizer type, differing only in how the decay applies")
    func oneType() {
        #expect(AdamW<Float>.self == AdamOptimizer<Float, DecoupledWeightDecay>.self)
        #expect(Adam<Float>.self == AdamOptimizer<Float, L2WeightDecay>.self)
        #expect(AdamW<Double>().weightDecay == 0.01 && Adam<Double>().weightDecay == 0)
    }

    @Test("without weight decay AdamW steps are Adam's bit for bit")
    func noDecayIsAdam() {
        let start = [0.5, -1.25, 2]
        #expect(trained(AdamW(learningRate: 0.1, weightDecay: 0, amsgrad: true), from: start, steps: 5)
                == trained(Adam(learningRate: 0.1, amsgrad: true), from: start, steps: 5))
    }

    @Test("an AdamW step is an Adam step from the parameter shrunk by 1 − η·λ, with the gradient at the unshrunk one")
    func decoupledStep() {
        let start = Tensor<Double>([0.5, -1.25, 2]), (learningRate, decay) = (0.1, 0.3)
        let gradient = cos(start) * start + sin(start)
        let shrunk = (start * (1 - learningRate * decay)).requiringGrad()
        shrunk.setGrad(gradient)
        let adamModel = ParameterDictionary(["p": shrunk])
        Adam(learningRate: learningRate).step(adamModel)
        #expect(trained(AdamW(learningRate: learningRate, weightDecay: decay), from: start.scalars, steps: 1) == adamModel["p"]!.scalars)
    }
}
