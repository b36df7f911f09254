/// A tensor operation on the tape: its inputs' nodes, the values its rule needs, and its rule:
/// ∂L/∂input for every input as a function of ∂L/∂output.
///
/// The rules are written with tensor operations. Inputs and output are handed to them at sweep
/// time rather than captured, so a record holds no reference to its tape, and so that under
/// `createGraph` the rules see the inputs as recorded values and record the backward pass itself.
final class OperationRecord<Element: TensorElement>: HookedRecord {
    /// ∂L/∂input from ∂L/∂output, the inputs and the output: the rule of one input.
    typealias Pullback = (_ gradient: Tensor<Element>, _ inputs: [Tensor<Element>], _ output: Tensor<Element>) -> Tensor<Element>
    /// ∂L/∂input for every input (nil where none is needed) from ∂L/∂output, the inputs and the output.
    typealias Rule = (_ gradient: Tensor<Element>, _ inputs: [Tensor<Element>], _ output: Tensor<Element>) -> [Tensor<Element>?]

    var node: Int32 = 0
    let operation: TensorOperation
    /// The inputs' nodes on the tape; 0 for an input that needs no gradient.
    let inputNodes: [Int32]
    /// The inputs' values (constants); empty once released.
    private var inputs: [Tensor<Element>]
    /// The output's value (a constant).
    private var output: Tensor<Element>
    /// The output's shape, kept after release.
    private let outputShape: [Int]
    /// The inputs' shapes, kept after release.
    let inputShapes: [[Int]]
    /// The names of named constant inputs (nil when there are none), for labels.
    let constantInputNames: [String?]?
    /// The rule; nil once released.
    private var rule: Rule?
    /// The rule for a stack of cotangents (a batched sweep, see `BackwardRequest.batch`): the
    /// gradient and the results carry an extra leading axis. Nil when the operation has none, or
    /// once released.
    private var batchedRule: Rule?
    var hooks = TensorHooks<Element>()
    var hasHooks: Bool { !hooks.isEmpty }

    init(operation: TensorOperation, inputNodes: [Int32], inputs: [Tensor<Element>], output: Tensor<Element>, constantNames: [String?] = [],
         rule: @escaping Rule, batchedRule: Rule?) {
        self.operation = operation
        constantInputNames = constantNames.contains { $0 != nil } ? constantNames : nil
        self.inputNodes = inputNodes
        self.inputs = inputs
        self.output = output
        self.outputShape = output.shape
        self.inputShapes = inputs.map { $0.shape }
        self.rule = rule
        self.batchedRule = batchedRule
    }

    func release() {
        inputs = []
        output = .placeholder(shape: [])
        rule = nil
        batchedRule = nil
    }

    var pullsBackStacks: Bool { batchedRule != nil }
    var elementCount: Int { Shape.count(outputShape) }

    var outputSummary: ValueSummary? { rule == nil ? nil : ValueSummary(output) }

    var savedBytes: Int {
        (inputs.reduce(output.count) { $0 + $1.count }) * MemoryLayout<Element>.stride
    }

    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    func propagate(_ sweep: inout Sweep) {
        // A released record is reached only by a backward that fails; the sweep reports it.
        guard let gradient: Tensor<Element> = sweep.takeGradient(of: node, shape: outputShape, hooks: hooks),
              let rule = sweep.request.batch == nil ? rule : batchedRule else { return }
        sweep.observer?.reached(node, gradient: gradient, in: sweep)
        let inputGradients = rule(gradient, sweep.values(inputs, at: inputNodes), sweep.value(output, at: node))
        for index in 0..<Swift.min(inputGradients.count, inputNodes.count) where inputNodes[index] != 0 {
            guard let inputGradient = inputGradients[index] else { continue }
            let added = sweep.accumulate(inputGradient, into: inputNodes[index], shape: inputShapes[index])
            sweep.observer?.passed(inputGradient, added: added, from: self, input: index, upstream: gradient, in: sweep)
        }
    }
}

/// The node of a tensor leaf on a tape: its gradient goes to the leaf's accumulator.
final class LeafRecord<Element: TensorElement>: HookedRecord {
    var node: Int32 = 0
    let leaf: LeafGradient<Element>
    /// Hooks on the leaf's node of this tape (rather than on the leaf itself, which keeps its own).
    var hooks = TensorHooks<Element>()
    var hasHooks: Bool { !hooks.isEmpty }
    /// The leaf's value when it was first used on this tape, for graphs.
    let value: Tensor<Element>
    var shape: [Int] { value.shape }
    var operation: TensorOperation { .leaf }
    var savedBytes: Int { 0 }
    var inputNodes: [Int32] { [] }
    func release() {}
    /// A hook expects one gradient of the leaf's shape, not a stack.
    var pullsBackStacks: Bool { leaf.hooks.isEmpty }
    var elementCount: Int { value.count }
    var outputSummary: ValueSummary? { ValueSummary(value) }
    var leafDetails: (name: String?, gradient: ValueSummary?)? { (leaf.name, leaf.gradient.map { ValueSummary($0) }) }

    init(leaf: LeafGradient<Element>, value: Tensor<Element>) {
        self.leaf = leaf
        self.value = value
    }

    func propagate(_ sweep: inout Sweep) {
        guard let taken: Tensor<Element> = sweep.takeGradient(of: node, shape: shape, hooks: hooks) else { return }
        let gradient = leaf.applyingHooks(to: taken)
        sweep.observer?.reached(node, gradient: gradient, in: sweep)
        sweep.request.collect(gradient, under: .leaf(ObjectIdentifier(leaf)))
        if sweep.request.accumulates { leaf.accumulate(gradient, recording: sweep.createGraph) }
    }
}

/// A node standing for a tensor recorded on an earlier tape: its gradient is handed back there.
final class ImportedTensorRecord<Element: TensorElement>: HookedRecord {
    var node: Int32 = 0
    let source: Tape
    let sourceNode: Int32
    let shape: [Int]
    var hooks = TensorHooks<Element>()
    var hasHooks: Bool { !hooks.isEmpty }
    var operation: TensorOperation { .imported }
    var savedBytes: Int { 0 }
    var inputNodes: [Int32] { [] }
    func release() {}
    /// Batched sweeps stay on one tape.
    var pullsBackStacks: Bool { false }
    var elementCount: Int { Shape.count(shape) }
    var importedFrom: (tape: Tape, node: Int32)? { (source, sourceNode) }

    init(source: Tape, sourceNode: Int32, shape: [Int]) {
        self.source = source
        self.sourceNode = sourceNode
        self.shape = shape
    }

    func propagate(_ sweep: inout Sweep) {
        guard let gradient: Tensor<Element> = sweep.takeGradient(of: node, shape: shape, hooks: hooks) else { return }
        sweep.observer?.reached(node, gradient: gradient, in: sweep)
        var owed = Seeds()
        owed.add(gradient, for: sourceNode)
        sweep.forward(owed, to: source)
    }
}

/// A `Variable` used as a 0-d tensor: the tensor's gradient flows back into the scalar node.
final class ScalarToTensorRecord<Element: TensorElement>: HookedRecord {
    var node: Int32 = 0
    let scalarNode: Int32
    var hooks = TensorHooks<Element>()
    var hasHooks: Bool { !hooks.isEmpty }
    var operation: TensorOperation { .variableAsTensor }
    var savedBytes: Int { 0 }
    var inputNodes: [Int32] { [scalarNode] }
    func release() {}
    /// A scalar node holds one gradient, not a stack.
    var pullsBackStacks: Bool { false }
    var elementCount: Int { 1 }

    init(scalarNode: Int32) {
        self.scalarNode = scalarNode
    }

    func propagate(_ sweep: inout Sweep) {
        guard let gradient: Tensor<Element> = sweep.takeGradient(of: node, shape: [], hooks: hooks) else { return }
        sweep.addScalar(gradient, to: scalarNode)
        sweep.observer?.reached(node, gradient: gradient, in: sweep)
        sweep.observer?.passed(gradient, added: gradient, from: self, input: 0, upstream: gradient, in: sweep)
    }
}

/// What is left of a tensor record once its tape is released: its place in the graph, so that
/// the graph can still be drawn. It holds no values, tapes or leaves.
final class ReleasedRecord: TensorRecord {
    var node: Int32
    let operation: TensorOperation
    let inputNodes: [Int32]
    let elementCount: Int
    /// A leaf's value; nil for an operation, whose values are released.
    let outputSummary: ValueSummary?
    /// A leaf's name and gradient as they were at the release.
    let leafDetails: (name: String?, gradient: ValueSummary?)?
    let constantInputNames: [String?]?
    var savedBytes: Int { 0 }
    var pullsBackStacks: Bool { false }

    init(_ record: TensorRecord) {
        node = record.node
        operation = record.operation
        inputNodes = record.inputNodes
        elementCount = record.elementCount
        leafDetails = record.leafDetails
        outputSummary = leafDetails == nil ? nil : record.outputSummary
        constantInputNames = record.constantInputNames
    }

    func release() {}

    /// Never reached: a released tape only passes gradients on to its leaves (`sweepReleased`).
    func propagate(_ sweep: inout Sweep) {}
}
