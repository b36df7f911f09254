import Testing
import Backprop

/// The largest relative disagreement with PyTorch allowed: both compute in float64, so only the
/// order of operations differs.
private let relativeTolerance = 1e-9
/// Below this magnitude differences are judged absolutely, against relativeTolerance × floor:
/// entries that are zero in exact arithmetic come out as tiny remainders of cancellations.
private let magnitudeFloor = 1e-3

/// Records an issue unless `actual` has the shape of PyTorch's `expected` and each element
/// agrees to ``relativeTolerance``.
private func expectAgreement(
    _ actual: Tensor<Double>, _ expected: PyTorchReference.StoredTensor, _ what: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    guard actual.shape == expected.shape else {
        Issue.record("\(what): shape \(actual.shape), PyTorch \(expected.shape)", sourceLocation: sourceLocation)
        return
    }
    let errors = zip(actual.scalars, expected.values).map { Swift.abs($0 - $1) / Swift.max(Swift.abs($1), magnitudeFloor) }
    let failing = errors.indices.filter { !(errors[$0] <= relativeTolerance) }
    guard let first = failing.first else { return }
    let worst = failing.max { errors[$0] < errors[$1] } ?? first
    Issue.record("""
        \(what): \(failing.count) of \(errors.count) elements differ; element \(worst) is \(actual.scalars[worst]), \
        PyTorch \(expected.values[worst]) (relative error \(errors[worst]))
        """, sourceLocation: sourceLocation)
}

/// The function's inputs with input `index` replaced by `x`.
private func inputs(_ function: PyTorchReference.Function, replacing index: Int, with x: Tensor<Double>) -> [Tensor<Double>] {
    function.inputs.enumerated().map { $0.offset == index ? x : $0.element.tensor }
}

/// Backprop against an independent reference: functions from every family of operations,
/// evaluated and differentiated by PyTorch in float64 (`Fixtures/make_pytorch_reference.py`
/// writes the committed fixture; no Python is needed here). Values, vector–Jacobian products,
/// Jacobians and Hessians must agree to 1e-9 relative.
@Suite("PyTorch reference: values, gradients, Jacobians and Hessians agree to 1e-9")
struct PyTorchReferenceTests {
    @Test("the fixture has at least 200 functions from every family, each with a Backprop counterpart")
    func coverage() throws {
        let reference = try PyTorchReference.load()
        let names = reference.functions.map(\.name)
        #expect(reference.functions.count >= 200 && reference.functions.count == reference.about.functionCount)
        #expect(Set(names).count == names.count, "names repeat")
        #expect(Set(names) == Set(pytorchCounterparts().keys),
                "only in the fixture: \(Set(names).subtracting(pytorchCounterparts().keys).sorted()); only in Swift: \(Set(pytorchCounterparts().keys).subtracting(names).sorted())")
        #expect(Set(reference.functions.map(\.family)) == [
            "arithmetic", "unary", "reduction", "matmul", "shaping", "softmax", "convolution", "selection", "scalar",
            "linalg", "einsum", "activation", "loss", "tensor", "layer",
        ])
        #expect(reference.functions.contains { $0.jacobians?.contains { $0 != nil } == true })
        #expect(reference.functions.contains { $0.hessians?.contains { $0 != nil } == true })
    }

    @Test("values and gradients (vector–Jacobian products) agree with PyTorch")
    func valuesAndGradients() throws {
        let counterparts = pytorchCounterparts()
        for function in try PyTorchReference.load().functions {
            switch counterparts[function.name] {
            case .tensors(let f):
                let leaves = function.inputs.map { $0.tensor.requiringGrad() }
                let output = f(leaves)
                expectAgreement(output.detached(), function.output, "\(function.name) value")
                output.backward(seed: function.cotangent.tensor)
                for (index, leaf) in leaves.enumerated() {
                    expectAgreement(leaf.grad ?? .zeros(leaf.shape), function.gradients[index], "\(function.name) gradient \(index)")
                }
            case .variables(let f):
                let (value, gradient) = valueWithGradient(at: function.inputs.map { $0.values[0] }, of: f)
                expectAgreement(Tensor(value), function.output, "\(function.name) value")
                for (index, partial) in gradient.enumerated() {
                    expectAgreement(Tensor(partial), function.gradients[index], "\(function.name) gradient \(index)")
                }
            case nil:
                Issue.record("\(function.name) has no Backprop counterpart")
            }
        }
    }

    @Test("Jacobians agree with PyTorch, by reverse and by forward mode")
    func jacobians() throws {
        let counterparts = pytorchCounterparts()
        for function in try PyTorchReference.load().functions {
            guard case .tensors(let f) = counterparts[function.name], let jacobians = function.jacobians else { continue }
            for (index, expected) in jacobians.enumerated() {
                guard let expected else { continue }
                let actual = jacobian(at: function.inputs[index].tensor) { x in f(inputs(function, replacing: index, with: x)) }
                expectAgreement(actual, expected, "\(function.name) Jacobian \(index)")
            }
        }
    }

    @Test("Hessians agree with PyTorch, for tensors and for Variables")
    func hessians() throws {
        let counterparts = pytorchCounterparts()
        for function in try PyTorchReference.load().functions {
            switch counterparts[function.name] {
            case .tensors(let f):
                let cotangent = function.cotangent.tensor
                for (index, expected) in (function.hessians ?? []).enumerated() {
                    guard let expected else { continue }
                    let actual = hessian(at: function.inputs[index].tensor) { x in
                        (f(inputs(function, replacing: index, with: x)) * cotangent).sum()
                    }
                    expectAgreement(actual, expected, "\(function.name) Hessian \(index)")
                }
            case .variables(let f):
                guard let expected = function.hessian else { continue }
                let actual = hessian(at: function.inputs.map { $0.values[0] }, of: f)
                expectAgreement(Tensor(actual.flatMap { $0 }, shape: [actual.count, actual.count]), expected, "\(function.name) Hessian")
            case nil:
                continue
            }
        }
    }
}
