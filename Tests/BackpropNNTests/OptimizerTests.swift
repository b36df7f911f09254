import Backprop
import BackpropNN
import Foundation
import Testing

/// The optimizers, schedules and clipping against reference values that
/// `Fixtures/make_optimizer_fixtures.py` computed once with PyTorch (torch.optim with
/// foreach=False) and stored as exact hexadecimal doubles in `Fixtures/optimizer_fixtures.json`.
@Suite("Optimizers, learning-rate schedules and gradient clipping, against PyTorch")
struct OptimizerTests {
    /// Every optimizer configuration in the fixture.
    static let caseNames = [
        "sgd", "sgd_momentum", "sgd_nesterov", "sgd_weight_decay",
        "adam", "adam_weight_decay", "adam_amsgrad", "adamw", "adamw_amsgrad",
        "rmsprop", "rmsprop_momentum", "rmsprop_centered", "rmsprop_weight_decay",
        "sgd_momentum_step_decay", "adam_cosine_annealing",
    ]

    @Test("5 steps through a Parameterized model, with gradients from our own backward, match PyTorch to 1e-10",
          arguments: caseNames)
    func trainingMatchesPyTorch(caseName: String) throws {
        let fixture = try OptimizerFixture.shared
        let reference = try fixture.optimizerCase(caseName)
        let model = TinyNetwork(fixture.initialParameters)
        let optimizer = try makeOptimizer(reference)
        let schedule = try makeSchedule(reference.schedule, initialLearningRate: optimizer.learningRate)

        for (index, expected) in reference.steps.enumerated() {
            let step = index + 1
            if let schedule { schedule.apply(to: optimizer, at: index) }
            expectClose(optimizer.learningRate, expected.learningRate.double, relative: 1e-14, "\(caseName) step \(step) rate")
            model.zeroGrad()
            model.loss(fixture, step: step).backward()
            #expect(model.frozen.grad == nil)
            #expect((model.late.grad != nil) == (step >= fixture.lateFromStep))
            optimizer.step(model)
            for (name, value) in model.namedParameters {
                let want = try #require(expected.parameters[name], "no \(name) in the fixture")
                expectClose(value.scalars, want.map(\.double), relative: 1e-10, "\(caseName) step \(step) \(name)")
            }
        }
        // Never given a gradient, never moved.
        #expect(model.frozen.scalars == fixture.initialParameters["frozen"]!.scalars)
    }

    @Test("with PyTorch's gradients fed in through setGrad, every update agrees with PyTorch's to 1e-15 (rounding)",
          arguments: caseNames)
    func updatesMatchPyTorchExactly(caseName: String) throws {
        let fixture = try OptimizerFixture.shared
        let reference = try fixture.optimizerCase(caseName)
        let parameters = ParameterDictionary(fixture.initialParameters.mapValues { $0.requiringGrad() })
        let optimizer = try makeOptimizer(reference)

        for (index, expected) in reference.steps.enumerated() {
            optimizer.learningRate = expected.learningRate.double
            parameters.zeroGrad()
            for (name, gradient) in expected.gradients {
                let parameter = try #require(parameters[name])
                parameter.setGrad(Tensor(gradient.map(\.double), shape: parameter.shape))
            }
            optimizer.step(parameters)
            for (name, value) in parameters.namedParameters {
                let want = try #require(expected.parameters[name])
                expectClose(value.scalars, want.map(\.double), relative: 1e-15, "\(caseName) step \(index + 1) \(name)")
            }
        }
    }

    @Test("StepDecay and CosineAnnealing give PyTorch's closed-form rates, and its recursive ones to 1e-14")
    func schedulesMatchPyTorch() throws {
        let fixture = try OptimizerFixture.shared
        #expect(fixture.schedules.count == 4)
        for reference in fixture.schedules {
            let schedule = try #require(try makeSchedule(reference.specification, initialLearningRate: reference.initialLearningRate.double))
            for (epoch, (recursive, closed)) in zip(reference.learningRates, reference.closedForm).enumerated() {
                let rate = schedule.learningRate(at: epoch)
                expectClose(rate, closed.double, relative: 1e-15, "\(reference.kind) epoch \(epoch) closed form")
                expectClose(rate, recursive.double, relative: 1e-14, "\(reference.kind) epoch \(epoch)")
            }
        }
    }

    @Test("schedules: the documented values, and apply(to:at:) sets the optimizer's rate")
    func scheduleExamples() {
        let stepDecay = StepDecay<Double>(initialLearningRate: 0.1, stepSize: 30, gamma: 0.1)
        #expect(stepDecay.learningRate(at: 0) == 0.1 && stepDecay.learningRate(at: 29) == 0.1)
        expectClose(stepDecay.learningRate(at: 30), 0.01, relative: 1e-15, "StepDecay at 30")
        #expect(StepDecay<Double>(initialLearningRate: 1, stepSize: 2, gamma: 0.5).learningRate(at: 5) == 0.25)

        let cosine = CosineAnnealing<Double>(maximumLearningRate: 0.1, minimumLearningRate: 0.001, annealingSteps: 10)
        #expect(cosine.learningRate(at: 0) == 0.1)
        expectClose(cosine.learningRate(at: 5), 0.0505, relative: 1e-15, "cosine at 5")
        expectClose(cosine.learningRate(at: 10), 0.001, relative: 1e-15, "cosine at 10")
        expectClose(cosine.learningRate(at: 20), 0.1, relative: 1e-15, "cosine at 20")

        let optimizer = Adam<Float>(learningRate: 1)
        CosineAnnealing<Float>(maximumLearningRate: 1, annealingSteps: 4).apply(to: optimizer, at: 2)
        #expect(Swift.abs(optimizer.learningRate - 0.5) < 1e-6)
    }

    @Test("clipGradientNorm returns PyTorch's total norm and scales the gradients as clip_grad_norm_ does")
    func clippingMatchesPyTorch() throws {
        let fixture = try OptimizerFixture.shared
        #expect(fixture.clipping.count == 3)
        for reference in fixture.clipping {
            let parameters = ParameterDictionary(fixture.initialParameters.mapValues { $0.requiringGrad() })
            for (name, gradient) in reference.gradients {
                let parameter = try #require(parameters[name])
                parameter.setGrad(Tensor(gradient.map(\.double), shape: parameter.shape))
            }
            let total = clipGradientNorm(parameters, maxNorm: reference.maxNorm.double)
            expectClose(total, reference.totalNorm.double, relative: 1e-15, "total norm")
            #expect(parameters["frozen"]?.grad == nil)
            for (name, want) in reference.clipped {
                let gradient = try #require(parameters[name]?.grad)
                expectClose(gradient.scalars, want.map(\.double), relative: 1e-15, "clipped \(name), max \(reference.maxNorm.double)")
            }
        }
    }

    @Test("clipGradientNorm leaves small gradients alone and returns 0 when there are none")
    func clippingEdgeCases() {
        let w = Tensor<Double>([3, 4], requiresGrad: true)
        let parameters = ParameterDictionary(["w": w])
        #expect(clipGradientNorm(parameters, maxNorm: 1) == 0)
        w.setGrad(Tensor([0.3, 0.4]))
        #expect(clipGradientNorm(parameters, maxNorm: 1) == 0.5)
        #expect(w.grad?.scalars == [0.3, 0.4])
        w.setGrad(Tensor([3, 4]))
        #expect(clipGradientNorm(parameters, maxNorm: 1) == 5)
        expectClose(w.grad!.scalars, [0.6, 0.8], relative: 1e-6, "clipped to norm 1")
    }

    @Test("parameters without a gradient are skipped: no update, no state, so a late first gradient is a first step")
    func parametersWithoutGradientAreSkipped() {
        let a = Tensor<Double>([1, -2]), b = Tensor<Double>([0.5, 0.25])
        let optimizers: [any Optimizer<Double>] = [
            SGD(learningRate: 0.1, momentum: 0.9, weightDecay: 0.1), Adam(learningRate: 0.1, weightDecay: 0.1),
            AdamW(learningRate: 0.1), RMSProp(learningRate: 0.1, weightDecay: 0.1, momentum: 0.5, centered: true),
        ]
        for optimizer in optimizers {
            let fresh = ParameterDictionary(["a": a.requiringGrad(), "b": b.requiringGrad()])
            for _ in 0..<3 {
                fresh.zeroGrad()
                (fresh["a"]! * fresh["a"]!).sum().backward()
                optimizer.step(fresh)
            }
            #expect(fresh["b"]!.scalars == [0.5, 0.25], "\(type(of: optimizer)) moved a parameter without a gradient")
            #expect(fresh["b"]!.grad == nil)
            #expect(fresh["a"]!.scalars != [1, -2], "\(type(of: optimizer)) did not move a parameter with a gradient")

            // b's first gradient now gets a first step (Adam's bias correction at t = 1, SGD's buffer = gradient).
            fresh.zeroGrad()
            fresh["b"]!.setGrad(Tensor([1, 1]))
            let fromScratch = ParameterDictionary(["b": b.requiringGrad()])
            fromScratch["b"]!.setGrad(Tensor([1, 1]))
            let twin = makeTwin(of: optimizer)
            optimizer.step(fresh)
            twin.step(fromScratch)
            #expect(fresh["b"]!.scalars == fromScratch["b"]!.scalars, "\(type(of: optimizer))")
        }
    }

    @Test("a step keeps each parameter the same leaf: its gradient stays attached and the next backward reaches it")
    func stepKeepsLeafIdentity() {
        let parameters = ParameterDictionary(["w": Tensor<Double>([1, 2, 3], requiresGrad: true)])
        let optimizer = SGD<Double>(learningRate: 0.5)
        (parameters["w"]! * parameters["w"]!).sum().backward()
        optimizer.step(parameters)
        let w = parameters["w"]!
        #expect(w.isLeaf)
        #expect(w.scalars == [0, 0, 0])
        #expect(w.grad?.scalars == [2, 4, 6])
        w.zeroGrad()
        (w * 3).sum().backward()
        #expect(parameters["w"]!.grad?.scalars == [3, 3, 3])
    }

    @Test("resetState forgets momentum: the next step is a first step again")
    func resetStateForgetsMomentum() {
        let w = Tensor<Double>([1], requiresGrad: true)
        let parameters = ParameterDictionary(["w": w])
        let optimizer = SGD<Double>(learningRate: 0.1, momentum: 0.9)
        w.setGrad(Tensor([1]))
        optimizer.step(parameters)
        optimizer.step(parameters)
        #expect(Swift.abs(parameters["w"]!.scalars[0] - (1 - 0.1 - 0.19)) < 1e-15)
        optimizer.resetState()
        optimizer.step(parameters)
        #expect(Swift.abs(parameters["w"]!.scalars[0] - (1 - 0.1 - 0.19 - 0.1)) < 1e-15)
    }

    @Test("Adam in Float minimizes a quadratic")
    func floatAdamConverges() {
        let parameters = ParameterDictionary(["x": Tensor<Float>([3, -2, 1], requiresGrad: true)])
        let optimizer = Adam<Float>(learningRate: 0.1)
        for _ in 0..<300 {
            parameters.zeroGrad()
            let x = parameters["x"]!
            ((x - Tensor([1, 2, 3])) * (x - Tensor([1, 2, 3]))).sum().backward()
            optimizer.step(parameters)
        }
        for (value, target) in zip(parameters["x"]!.scalars, [Float(1), 2, 3]) {
            #expect(Swift.abs(value - target) < 1e-2)
        }
    }

    @Test("invalid hyperparameters are errors naming the optimizer and the value")
    func invalidHyperparameters() {
        func message(_ body: () -> Void) -> String? {
            do { try withErrorChecking(body); return nil } catch { return (error as? BackpropError)?.description }
        }
        #expect(message { _ = SGD<Double>(learningRate: 0.1, nesterov: true) }?.hasPrefix("SGD(") == true)
        #expect(message { _ = SGD<Double>(learningRate: -1) }?.contains("-1.0") == true)
        #expect(message { _ = Adam<Double>(beta1: 1) }?.contains("beta1 is 1.0") == true)
        #expect(message { _ = AdamW<Double>(beta2: -0.5) }?.hasPrefix("AdamW(") == true)
        #expect(message { _ = RMSProp<Double>(momentum: -0.1) }?.hasPrefix("RMSProp(") == true)
        #expect(message { _ = StepDecay<Double>(initialLearningRate: 1, stepSize: 0) }?.hasPrefix("StepDecay(") == true)
        #expect(message { _ = CosineAnnealing<Double>(maximumLearningRate: 1, annealingSteps: 0) } != nil)
        #expect(message { _ = SGD<Double>(learningRate: 0.1, momentum: 0.9, nesterov: true) } == nil)
    }

    @Test("setGrad replaces, scales or clears a leaf's gradient, and rejects a wrong shape or a constant")
    func setGradient() throws {
        let w = Tensor<Double>([1, 2], requiresGrad: true)
        (w * w).sum().backward()
        w.setGrad(w.grad! * 0.5)
        #expect(w.grad?.scalars == [1, 2])
        (w * w).sum().backward()
        #expect(w.grad?.scalars == [3, 6])
        w.setGrad(nil)
        #expect(w.grad == nil)

        #expect(throws: BackpropError.self) { try withErrorChecking { w.setGrad(Tensor([1, 2, 3])) } }
        #expect(throws: BackpropError.self) { try withErrorChecking { Tensor<Double>([1]).setGrad(Tensor([1])) } }
        try withErrorChecking { Tensor<Double>([1]).setGrad(nil) }
    }
}

// MARK: - The problem of the fixture

/// The fixture's network as a `Parameterized` class: tanh(x·W₁ᵀ + b₁)·W₂ᵀ fitted to y by mean
/// squared error, plus ½‖late − target‖² from step `lateFromStep` on, and a parameter `frozen`
/// outside the loss.
private final class TinyNetwork: Parameterized {
    var hiddenWeight: Tensor<Double>
    var hiddenBias: Tensor<Double>
    var outputWeight: Tensor<Double>
    var late: Tensor<Double>
    var frozen: Tensor<Double>

    init(_ parameters: [String: Tensor<Double>]) {
        hiddenWeight = parameters["hidden.weight"]!.requiringGrad()
        hiddenBias = parameters["hidden.bias"]!.requiringGrad()
        outputWeight = parameters["output.weight"]!.requiringGrad()
        late = parameters["late"]!.requiringGrad()
        frozen = parameters["frozen"]!.requiringGrad()
    }

    func visitParameters(_ body: (String, inout Tensor<Double>) -> Void) {
        body("hidden.weight", &hiddenWeight)
        body("hidden.bias", &hiddenBias)
        body("output.weight", &outputWeight)
        body("late", &late)
        body("frozen", &frozen)
    }

    /// The loss at step `step` (counted from 1), as `loss_function` in the fixture script.
    func loss(_ fixture: OptimizerFixture, step: Int) -> Tensor<Double> {
        let x = fixture.data["x"]!, y = fixture.data["y"]!
        let hidden = tanh(matmul(x, hiddenWeight, transposeA: false, transposeB: true) + hiddenBias)
        let residual = matmul(hidden, outputWeight, transposeA: false, transposeB: true) - y
        var loss = (residual * residual).mean()
        if step >= fixture.lateFromStep {
            let difference = late - fixture.data["lateTarget"]!
            loss = loss + 0.5 * (difference * difference).sum()
        }
        return loss
    }
}

/// The optimizer a fixture case describes, with PyTorch's defaults for what it leaves out.
private func makeOptimizer(_ reference: OptimizerFixture.OptimizerCase) throws -> any Optimizer<Double> {
    let options = reference.options
    func number(_ key: String, _ defaultValue: Double) -> Double { options[key]?.number ?? defaultValue }
    func flag(_ key: String) -> Bool { options[key]?.flag ?? false }
    let betas = options["betas"]?.numbers ?? [0.9, 0.999]
    switch reference.optimizer {
    case "SGD":
        return SGD(learningRate: number("lr", 1e-3), momentum: number("momentum", 0), dampening: number("dampening", 0),
                   weightDecay: number("weight_decay", 0), nesterov: flag("nesterov"))
    case "Adam":
        return Adam(learningRate: number("lr", 1e-3), beta1: betas[0], beta2: betas[1], epsilon: number("eps", 1e-8),
                    weightDecay: number("weight_decay", 0), amsgrad: flag("amsgrad"))
    case "AdamW":
        return AdamW(learningRate: number("lr", 1e-3), beta1: betas[0], beta2: betas[1], epsilon: number("eps", 1e-8),
                     weightDecay: number("weight_decay", 1e-2), amsgrad: flag("amsgrad"))
    case "RMSprop":
        return RMSProp(learningRate: number("lr", 1e-2), alpha: number("alpha", 0.99), epsilon: number("eps", 1e-8),
                       weightDecay: number("weight_decay", 0), momentum: number("momentum", 0), centered: flag("centered"))
    default:
        throw FixtureError("unknown optimizer \(reference.optimizer)")
    }
}

/// A new optimizer of the same kind and hyperparameters, with no state.
private func makeTwin(of optimizer: any Optimizer<Double>) -> any Optimizer<Double> {
    switch optimizer {
    case let sgd as SGD<Double>:
        SGD(learningRate: sgd.learningRate, momentum: sgd.momentum, dampening: sgd.dampening,
            weightDecay: sgd.weightDecay, nesterov: sgd.nesterov)
    case let adam as Adam<Double>:
        Adam(learningRate: adam.learningRate, beta1: adam.beta1, beta2: adam.beta2, epsilon: adam.epsilon,
             weightDecay: adam.weightDecay, amsgrad: adam.amsgrad)
    case let adamW as AdamW<Double>:
        AdamW(learningRate: adamW.learningRate, beta1: adamW.beta1, beta2: adamW.beta2, epsilon: adamW.epsilon,
              weightDecay: adamW.weightDecay, amsgrad: adamW.amsgrad)
    case let rmsProp as RMSProp<Double>:
        RMSProp(learningRate: rmsProp.learningRate, alpha: rmsProp.alpha, epsilon: rmsProp.epsilon,
                weightDecay: rmsProp.weightDecay, momentum: rmsProp.momentum, centered: rmsProp.centered)
    default:
        fatalError("no twin for \(type(of: optimizer))")
    }
}

/// The schedule a fixture entry describes (PyTorch's StepLR or CosineAnnealingLR), or nil.
private func makeSchedule(
    _ specification: OptimizerFixture.ScheduleSpecification?, initialLearningRate: Double
) throws -> (any LearningRateSchedule<Double>)? {
    guard let specification else { return nil }
    let options = specification.options
    switch specification.kind {
    case "StepLR":
        return StepDecay(initialLearningRate: initialLearningRate, stepSize: options["step_size"]?.integer ?? 0,
                         gamma: options["gamma"]?.number ?? 0.1)
    case "CosineAnnealingLR":
        return CosineAnnealing(maximumLearningRate: initialLearningRate, minimumLearningRate: options["eta_min"]?.number ?? 0,
                               annealingSteps: options["T_max"]?.integer ?? 0)
    default:
        throw FixtureError("unknown schedule \(specification.kind)")
    }
}

// MARK: - Reading the fixture

/// `Fixtures/optimizer_fixtures.json`: every number a `float.hex()` string.
private struct OptimizerFixture: Decodable {
    /// A double written by Python's `float.hex()`.
    struct Hex: Decodable {
        let double: Double
        init(from decoder: Decoder) throws {
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let value = Double(text) else { throw FixtureError("not a hexadecimal double: \(text)") }
            double = value
        }
    }

    /// A tensor as shape and row-major values.
    struct EncodedTensor: Decodable {
        let shape: [Int]
        let values: [Hex]
        var tensor: Tensor<Double> { Tensor(values.map(\.double), shape: shape) }
    }

    /// An option of a PyTorch optimizer or scheduler.
    enum Option: Decodable {
        case flag(Bool), integer(Int), number(Double), numbers([Double])

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let value = try? container.decode(Bool.self) {
                self = .flag(value)
            } else if let value = try? container.decode(Int.self) {
                self = .integer(value)
            } else if let value = try? container.decode(Hex.self) {
                self = .number(value.double)
            } else {
                self = .numbers(try container.decode([Hex].self).map(\.double))
            }
        }

        var flag: Bool? { if case .flag(let value) = self { value } else { nil } }
        var integer: Int? { if case .integer(let value) = self { value } else { nil } }
        var number: Double? { if case .number(let value) = self { value } else { nil } }
        var numbers: [Double]? { if case .numbers(let value) = self { value } else { nil } }
    }

    struct ScheduleSpecification: Decodable {
        let kind: String
        let options: [String: Option]
    }

    struct Step: Decodable {
        let learningRate: Hex
        let gradients: [String: [Hex]]
        let parameters: [String: [Hex]]
    }

    struct OptimizerCase: Decodable {
        let name: String
        let optimizer: String
        let options: [String: Option]
        let schedule: ScheduleSpecification?
        let steps: [Step]
    }

    struct ScheduleCase: Decodable {
        let kind: String
        let options: [String: Option]
        let initialLearningRate: Hex
        let learningRates: [Hex]
        let closedForm: [Hex]
        var specification: ScheduleSpecification { ScheduleSpecification(kind: kind, options: options) }
    }

    struct ClippingCase: Decodable {
        let maxNorm: Hex
        let gradients: [String: [Hex]]
        let totalNorm: Hex
        let clipped: [String: [Hex]]
    }

    let steps: Int
    let lateFromStep: Int
    private let encodedData: [String: EncodedTensor]
    private let encodedInitialParameters: [String: EncodedTensor]
    let optimizers: [OptimizerCase]
    let schedules: [ScheduleCase]
    let clipping: [ClippingCase]

    enum CodingKeys: String, CodingKey {
        case steps, lateFromStep, optimizers, schedules, clipping
        case encodedData = "data", encodedInitialParameters = "initialParameters"
    }

    /// x [5, 3], y [5, 1] and lateTarget [3].
    var data: [String: Tensor<Double>] { encodedData.mapValues(\.tensor) }
    /// The parameters before the first step, as constants.
    var initialParameters: [String: Tensor<Double>] { encodedInitialParameters.mapValues(\.tensor) }

    func optimizerCase(_ name: String) throws -> OptimizerCase {
        guard let found = optimizers.first(where: { $0.name == name }) else { throw FixtureError("no case \(name)") }
        #expect(found.steps.count == steps)
        return found
    }

    /// The fixture, read once from the test bundle.
    static var shared: OptimizerFixture {
        get throws { try loaded.get() }
    }

    private static let loaded: Result<OptimizerFixture, FixtureError> = {
        guard let url = Bundle.module.url(forResource: "optimizer_fixtures", withExtension: "json", subdirectory: "Fixtures") else {
            return .failure(FixtureError("Fixtures/optimizer_fixtures.json is not in the test bundle"))
        }
        do {
            return .success(try JSONDecoder().decode(OptimizerFixture.self, from: Data(contentsOf: url)))
        } catch {
            return .failure(FixtureError("cannot read \(url.path): \(error)"))
        }
    }()
}

private struct FixtureError: Error, Sendable, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

// MARK: - Comparisons

/// Expects `actual` within `relative`·max(1, |expected|) of `expected`: relative for large
/// values, absolute near 0.
private func expectClose(
    _ actual: Double, _ expected: Double, relative: Double, _ label: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let tolerance = relative * Swift.max(1, Swift.abs(expected))
    #expect(Swift.abs(actual - expected) <= tolerance, "\(label): \(actual) vs \(expected), off by \(Swift.abs(actual - expected))",
            sourceLocation: sourceLocation)
}

private func expectClose(
    _ actual: [Double], _ expected: [Double], relative: Double, _ label: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(actual.count == expected.count, "\(label): \(actual.count) values, expected \(expected.count)",
            sourceLocation: sourceLocation)
    for (a, e) in zip(actual, expected) {
        expectClose(a, e, relative: relative, label, sourceLocation: sourceLocation)
    }
}
