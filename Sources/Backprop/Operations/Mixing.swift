extension Tensor {
    /// A 0-d tensor holding a Variable's value, on the same tape: the gradient reaching the
    /// tensor flows back into the Variable.
    public init(_ variable: Variable) {
        let value = Tensor(storage: TensorStorage(repeating: Element(variable.value), count: 1), shape: [])
        let context = ThreadContext.current
        guard variable.requiresGrad, context.isRecording else {
            self = value
            return
        }
        let tape = Tape.target(for: [variable.tape], context: context)
        let node = tape.append(ScalarToTensorRecord<Element>(scalarNode: variable.node(on: tape)))
        self.init(storage: value.storage, shape: [], tracking: .recorded(tape, node))
    }

    /// Scales every element by a Variable; gradients flow to both.
    public static func * (lhs: Tensor, rhs: Variable) -> Tensor { lhs * Tensor(rhs) }
    /// Scales every element by a Variable; gradients flow to both.
    public static func * (lhs: Variable, rhs: Tensor) -> Tensor { Tensor(lhs) * rhs }
    /// Shifts every element by a Variable; gradients flow to both.
    public static func + (lhs: Tensor, rhs: Variable) -> Tensor { lhs + Tensor(rhs) }
    /// Shifts every element by a Variable; gradients flow to both.
    public static func + (lhs: Variable, rhs: Tensor) -> Tensor { Tensor(lhs) + rhs }
    /// Subtracts a Variable from every element; gradients flow to both.
    public static func - (lhs: Tensor, rhs: Variable) -> Tensor { lhs - Tensor(rhs) }
    /// Subtracts every element from a Variable; gradients flow to both.
    public static func - (lhs: Variable, rhs: Tensor) -> Tensor { Tensor(lhs) - rhs }
    /// Divides every element by a Variable; gradients flow to both.
    public static func / (lhs: Tensor, rhs: Variable) -> Tensor { lhs / Tensor(rhs) }
    /// Divides a Variable by every element; gradients flow to both.
    public static func / (lhs: Variable, rhs: Tensor) -> Tensor { Tensor(lhs) / rhs }
}

extension Variable {
    /// The value of a one-element tensor (a 0-d tensor, or shape [1], [1, 1]...) as a Variable on
    /// the same tape: the gradient reaching the Variable flows back into the tensor.
    public init<Element>(_ tensor: Tensor<Element>) {
        guard tensor.count == 1 else {
            raise(BackpropError(
                .invalidArgument, operation: "Variable(_:)",
                problem: "a tensor of shape \(Shape.describe(tensor.shape)) has \(tensor.count) elements, not one",
                fix: "Reduce it to one element first (sum(), mean(), or index an element)"))
            self.init(constant: 0)
            return
        }
        let value = Double(tensor.storage.base[0])
        let context = ThreadContext.current
        guard tensor.requiresGrad, context.isRecording else {
            self.init(constant: value)
            return
        }
        let single = tensor.reshaped(to: [])
        let tape = Tape.target(for: single.recordingTape.map { [$0] } ?? [], context: context)
        self.init(value: value, tape: tape, index: tape.append(.tensorElement, value: value, single.node(on: tape), 1))
    }
}
