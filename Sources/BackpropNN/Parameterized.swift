import Backprop

/// Something that owns named trainable tensors: a layer, a model, or a plain collection of
/// parameters. Optimizers, saving and model summaries reach the parameters through it.
///
/// Names are stable and dotted by nesting (`"0.weight"`, `"classifier.bias"`), as in a PyTorch
/// `state_dict`, so weights move between the two.
public protocol Parameterized<Element>: AnyObject {
    /// The element type of the parameters.
    associatedtype Element: TensorElement
    /// Calls `body` with the name and value of every parameter, in a fixed order; `body` may
    /// replace the value (an optimizer step, loading weights).
    func visitParameters(_ body: (_ name: String, _ parameter: inout Tensor<Element>) -> Void)
    /// Calls `body` with the name and value of every buffer: state that is saved and loaded with
    /// the parameters but not trained, such as ``BatchNorm1D``'s running statistics (PyTorch's
    /// buffers, `running_mean`). Most models have none, the default.
    func visitBuffers(_ body: (_ name: String, _ buffer: inout Tensor<Element>) -> Void)
}

extension Parameterized {
    /// Every parameter by name, in visiting order.
    public var namedParameters: [(name: String, value: Tensor<Element>)] {
        var parameters: [(name: String, value: Tensor<Element>)] = []
        visitParameters { name, parameter in parameters.append((name, parameter)) }
        return parameters
    }

    /// Visits no buffers: most models have none.
    public func visitBuffers(_ body: (String, inout Tensor<Element>) -> Void) {}

    /// Every buffer by name, in visiting order.
    public var namedBuffers: [(name: String, value: Tensor<Element>)] {
        var buffers: [(name: String, value: Tensor<Element>)] = []
        visitBuffers { name, buffer in buffers.append((name, buffer)) }
        return buffers
    }

    /// The total number of parameter elements.
    public var parameterCount: Int {
        namedParameters.reduce(0) { $0 + $1.value.count }
    }

    /// Forgets every parameter's accumulated gradient, as PyTorch's `zero_grad()`.
    public func zeroGrad() {
        visitParameters { _, parameter in parameter.zeroGrad() }
    }
}

/// A named collection of parameters not tied to a layer: for optimizing plain tensors.
///
/// ```swift
/// let parameters = ParameterDictionary(["w": .randomNormal(shape: [3], seed: 1, requiresGrad: true)])
/// let optimizer = Adam<Double>(learningRate: 0.01)
/// loss(parameters["w"]!).backward()
/// optimizer.step(parameters)
/// ```
public final class ParameterDictionary<Element: TensorElement>: Parameterized {
    private var names: [String]
    private var values: [String: Tensor<Element>]

    /// A collection of the given parameters, visited in the order of the sorted names.
    public init(_ parameters: [String: Tensor<Element>]) {
        names = parameters.keys.sorted()
        values = parameters
    }

    /// The parameter called `name`.
    public subscript(name: String) -> Tensor<Element>? {
        get { values[name] }
        set {
            if values[name] == nil { names.append(name) }
            values[name] = newValue
        }
    }

    /// Visits the parameters in name order.
    public func visitParameters(_ body: (String, inout Tensor<Element>) -> Void) {
        for name in names {
            guard var value = values[name] else { continue }
            body(name, &value)
            values[name] = value
        }
    }
}
