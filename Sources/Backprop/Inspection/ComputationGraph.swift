/// A snapshot of the graph behind a value: one node per operation, leaf and constant input,
/// with names, values and (after a backward) gradients, and the edges from inputs to outputs.
/// Render it as Graphviz DOT (``dot``), as SVG (``renderSVG()``) or as a text tree
/// (``textTree``).
///
/// ```swift
/// let x = Variable(2.0).named("x"), w = Variable(-3.0).named("w"), b = Variable(1.0).named("b")
/// let y = tanh(x * w + b)
/// y.backward(retainGraph: true)
/// print(y.graph.textTree)
/// ```
///
/// The graph is read from the tape. A `backward()` without `retainGraph: true` releases the
/// operations' saved values, as PyTorch does: the graph drawn afterwards still has every node,
/// edge, label, leaf value and gradient, but no values of operations. Pass `retainGraph: true`,
/// or take the graph of a chain-rule trace (``ChainRuleTrace/graph``), to see those too.
public struct ComputationGraph: Sendable {
    /// One node of the graph.
    public struct Node: Sendable, Identifiable {
        /// What a node is.
        public enum Kind: String, Sendable {
            /// A value created to be differentiated (`Variable(_:)`, `requiresGrad: true`).
            case leaf
            /// A value from another computation.
            case imported
            /// The result of an operation.
            case operation
        }

        /// The node's index on its tape.
        public let id: Int
        /// What kind of node it is.
        public let kind: Kind
        /// The operation (`multiply`, `matmul`, `leaf`).
        public let operation: String
        /// The name or expression shown for it (`x`, `x·w`, `v12`).
        public let label: String
        /// Its value, if still held.
        public let value: ValueSummary?
        /// ∂output/∂node, if a backward has computed it.
        public let gradient: ValueSummary?
        /// The nodes it was computed from.
        public let inputs: [Int]
        /// How other labels refer to this node when its expression is too long to repeat:
        /// `t12` for a tensor, `v12` for a scalar.
        public let reference: String
    }

    /// The nodes, inputs before the nodes that use them.
    public let nodes: [Node]
    /// The node whose graph this is.
    public let output: Int

    init(nodes: [Node], output: Int) {
        self.nodes = nodes
        self.output = output
    }
}

extension Variable {
    /// The graph this value was computed by (see ``ComputationGraph``).
    public var graph: ComputationGraph { tape.graph(of: index) }
}

extension Tensor {
    /// The graph this value was computed by (see ``ComputationGraph``).
    public var graph: ComputationGraph {
        switch tracking {
        case .constant(let name):
            return ComputationGraph(nodes: [.init(id: 0, kind: .leaf, operation: "constant", label: name ?? "constant",
                                                  value: ValueSummary(self), gradient: nil, inputs: [], reference: "t0")], output: 0)
        case .leaf(let leaf):
            return ComputationGraph(nodes: [.init(id: 0, kind: .leaf, operation: "leaf", label: leaf.name ?? "leaf",
                                                  value: ValueSummary(self), gradient: leaf.gradient.map { ValueSummary($0) },
                                                  inputs: [], reference: "t0")], output: 0)
        case .recorded(let tape, let node):
            return tape.graph(of: node)
        }
    }
}

extension Tape {
    /// The snapshot of the graph of node `output`: the nodes it depends on, in tape order;
    /// `gradients` (from a traced sweep) take precedence over what the tape kept.
    func graph(of output: Int32, gradients: [Int32: ValueSummary] = [:]) -> ComputationGraph {
        guard output > 0, Int(output) < nodeCount else { return ComputationGraph(nodes: [], output: 0) }
        var needed = Set([output]), frontier = [output]
        while let node = frontier.popLast() {
            for input in inputs(of: node) where needed.insert(input).inserted { frontier.append(input) }
        }
        var labels = NodeLabels(self)
        let nodes = needed.sorted().map { node in
            ComputationGraph.Node(
                id: Int(node), kind: kind(of: node), operation: operationName(of: node), label: labels.label(of: node),
                value: value(of: node), gradient: gradients[node] ?? gradient(of: node), inputs: inputs(of: node).map(Int.init),
                reference: reference(to: node))
        }
        return ComputationGraph(nodes: nodes, output: Int(output))
    }

    /// The nodes node `node` was computed from (constants excluded).
    func inputs(of node: Int32) -> [Int32] {
        let operation = scalars.pointee.operations[Int(node)]
        if operation.isTensor { return (record(producing: node)?.inputNodes ?? []).filter { $0 != 0 } }
        guard operation.isInterior else { return [] }
        let operands = operands(of: node)
        return ([operands.lhs] + (operation.takesTwoVariables ? [operands.rhs] : [])).filter { $0 != 0 }
    }

    /// The node of an earlier tape that node `node` stands for, if it is an imported value
    /// (until the tape is released).
    func importSource(of node: Int32) -> (tape: Tape, node: Int32)? {
        if let imported = scalarImports.first(where: { $0.node == node }) { return (imported.source, imported.sourceNode) }
        return scalars.pointee.operations[Int(node)] == .tensorImported ? record(producing: node)?.importedFrom : nil
    }

    /// The value of node `node`, while it is kept: an operation's until a backward releases it
    /// (unless `retainGraph: true`), a leaf's for as long as the tape lives.
    func value(of node: Int32) -> ValueSummary? {
        let operation = scalars.pointee.operations[Int(node)]
        if operation.isTensor { return record(producing: node)?.outputSummary }
        if operation.isInterior && operationIsReleased(node) { return nil }
        return ValueSummary(scalars.pointee.values[Int(node)])
    }

    private func kind(of node: Int32) -> ComputationGraph.Node.Kind {
        switch scalars.pointee.operations[Int(node)] {
        case .leaf, .tensorLeaf: .leaf
        case .imported, .tensorImported: .imported
        default: .operation
        }
    }

    private func operationName(of node: Int32) -> String {
        let operation = scalars.pointee.operations[Int(node)]
        return operation == .tensor ? record(producing: node)?.name ?? "tensor" : operation.name
    }

    private func gradient(of node: Int32) -> ValueSummary? {
        if scalars.pointee.operations[Int(node)].isTensor {
            if let leafGradient = record(producing: node)?.leafDetails?.gradient { return leafGradient }
            return retainedTensorGradients[node]?.summary
        }
        return accumulatedGradient(of: node).map { ValueSummary($0) }
    }
}
