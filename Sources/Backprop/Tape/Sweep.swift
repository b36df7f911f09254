/// Gradients to start a sweep with: ∂output/∂node for some nodes of one tape.
struct Seeds {
    var scalars: [(node: Int32, gradient: Double)] = []
    /// Recorded scalar gradients (under `createGraph`), handed on from a later tape.
    var recordedScalars: [(node: Int32, gradient: Variable)] = []
    var tensors: [(node: Int32, gradient: TensorGradient)] = []

    mutating func merge(_ other: Seeds) {
        scalars += other.scalars
        recordedScalars += other.recordedScalars
        tensors += other.tensors
    }

    /// Adds the seed `gradient` for tensor node `node`.
    mutating func add<Element>(_ gradient: Tensor<Element>, for node: Int32) {
        tensors.append((node, TensorGradient(gradient)))
    }

    var isEmpty: Bool { scalars.isEmpty && recordedScalars.isEmpty && tensors.isEmpty }
}

/// The gradients flowing through one tape during a backward sweep.
struct Sweep {
    /// The tape being swept.
    let tape: Tape
    /// What the sweep is for.
    let request: BackwardRequest
    /// Who watches the sweep (the request's observers), nil when nobody does.
    let observer: (any SweepObserver)?
    /// ∂output/∂node for every scalar node (and the scalar contributions to 0-d tensor nodes),
    /// when the sweep is not recorded.
    let scalarGradients: UnsafeMutablePointer<Double>
    /// ∂output/∂node for scalar nodes as recorded Variables, when the sweep is recorded.
    var recordedScalarGradients: [Int32: Variable] = [:]
    /// ∂output/∂node for tensor nodes reached so far.
    var tensorGradients: [Int32: TensorGradient] = [:]
    /// Gradients for nodes of earlier tapes, handed to them after this sweep.
    var forwarded: [(tape: Tape, seeds: Seeds)] = []

    init(tape: Tape, request: BackwardRequest, scalarGradients: UnsafeMutablePointer<Double>) {
        self.tape = tape
        self.request = request
        self.scalarGradients = scalarGradients
        observer = switch request.observers.count {
        case 0: nil
        case 1: request.observers[0]
        default: ObserverGroup(observers: request.observers)
        }
    }

    /// Whether the sweep is itself recorded, so that its gradients can be differentiated again.
    var createGraph: Bool { request.createGraph }

    /// Adds a recorded gradient for scalar node `node`.
    mutating func addRecorded(_ gradient: Variable, to node: Int32) {
        guard node != 0 else { return }
        recordedScalarGradients[node] = recordedScalarGradients[node].map { $0 + gradient } ?? gradient
    }

    /// Adds the gradient of a 0-d tensor to scalar node `node` (a Variable used as a tensor).
    mutating func addScalar<Element>(_ gradient: Tensor<Element>, to node: Int32) {
        if createGraph {
            addRecorded(Variable(gradient), to: node)
        } else {
            scalarGradients[Int(node)] += Double(gradient.storage.base[0])
        }
    }

    /// Adds the seed `gradient` of tensor node `node` to what it has received: a node imported
    /// twice (by one tape or by two) receives the sum of what each import owes it.
    mutating func addSeed(_ gradient: TensorGradient, to node: Int32) {
        tensorGradients[node] = tensorGradients[node].map { $0.adding(gradient) } ?? gradient
    }

    /// Removes and returns the gradient reaching tensor node `node` (nil if none did), after
    /// the node's `hooks` have seen it; keeps it when the gradient is retained or captured.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    mutating func takeGradient<Element>(
        of node: Int32, shape: [Int], hooks: TensorHooks<Element>
    ) -> Tensor<Element>? {
        var gradient = tensorGradients.removeValue(forKey: node)?.tensor(of: Element.self)
        // A 0-d tensor read as a Variable receives its gradient through the scalar slot.
        if createGraph, let scalarPart = recordedScalarGradients.removeValue(forKey: node) {
            let scalar = Tensor<Element>(scalarPart).broadcasted(to: shape)
            gradient = gradient.map { $0 + scalar } ?? scalar
        } else if !createGraph, scalarGradients[Int(node)] != 0 {
            let scalar = Tensor<Element>.filled(with: Element(scalarGradients[Int(node)]), shape: shape)
            gradient = gradient.map { $0 + scalar } ?? scalar
        }
        guard var gradient else { return nil }
        for hook in hooks.all { gradient = Tensor.applying(hook, to: gradient, of: tape.hookedValue(node)) }
        if tape.retainedTensorNodes.contains(node) {
            let kept = tape.retainedTensorGradients[node]?.tensor(of: Element.self)
            tape.retainedTensorGradients[node] = TensorGradient(kept.map { $0 + gradient } ?? gradient)
        }
        request.collect(gradient, under: .node(ObjectIdentifier(tape), node))
        return gradient
    }

    /// Adds `gradient` to what tensor node `node` (of `shape`) has received, first summing away
    /// the axes it was broadcast along: the one place where broadcasting is undone. In a batched
    /// sweep the leading axis of the stack is kept.
    /// Returns what was added.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    @discardableResult
    mutating func accumulate<Element>(_ gradient: Tensor<Element>, into node: Int32, shape: [Int]) -> Tensor<Element> {
        let reduced = request.batch != nil ? gradient.summingItems(toShape: shape)
            : gradient.shape == shape ? gradient : gradient.summed(toShape: shape)
        let existing = tensorGradients[node]?.tensor(of: Element.self)
        tensorGradients[node] = TensorGradient(existing.map { $0 + reduced } ?? reduced)
        return reduced
    }

    /// The values a rule works on: as they are, or, when the sweep is recorded, as the tape's
    /// nodes so that the rule's operations connect to them.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    func values<Element>(_ values: [Tensor<Element>], at nodes: [Int32]) -> [Tensor<Element>] {
        guard createGraph else { return values }
        return zip(values, nodes).map { value($0, at: $1) }
    }

    /// One value a rule works on (see `values(_:at:)`).
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    func value<Element>(_ value: Tensor<Element>, at node: Int32) -> Tensor<Element> {
        guard createGraph, node != 0 else { return value }
        return Tensor(storage: value.storage, shape: value.shape, tracking: .recorded(tape, node))
    }

    /// Hands `seeds` on to `tape`, an earlier tape that this one imported from.
    mutating func forward(_ seeds: Seeds, to tape: Tape) {
        if let index = forwarded.firstIndex(where: { $0.tape === tape }) {
            forwarded[index].seeds.merge(seeds)
        } else {
            forwarded.append((tape, seeds))
        }
    }
}
