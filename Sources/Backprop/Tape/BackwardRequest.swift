/// What one call of the chain rule is asked to do, and what it collects on the way.
final class BackwardRequest {
    /// Keep the swept graph for another backward.
    let retainGraph: Bool
    /// Record the sweep itself, so that its gradients can be differentiated again.
    let createGraph: Bool
    /// Whether gradients accumulate into `grad` (`backward()`), or are only collected for the
    /// caller (`gradient(at:of:)`, whose caller's values must not change).
    let accumulates: Bool
    /// The number of cotangents pulled back at once in a batched sweep (nil for a plain one):
    /// every gradient then carries a leading axis of this size, one item per cotangent.
    let batch: Int?
    /// The scalar nodes whose gradients are wanted, per tape (a short list: searched, not
    /// hashed), and what was collected for them.
    private var scalarCaptures: [(tape: ObjectIdentifier, captures: ScalarCaptures)] = []
    /// The tensor nodes whose gradients are wanted, per tape.
    private(set) var capturedTensorNodes: [ObjectIdentifier: Set<Int32>] = [:]
    /// The tensor leaves whose gradient is wanted.
    private(set) var capturedLeaves: Set<ObjectIdentifier> = []
    /// The gradients collected for tensor nodes and leaves.
    private(set) var tensorResults: [CaptureKey: TensorGradient] = [:]
    /// Who watches the sweeps: those of the calling thread (the checks of
    /// `withAnomalyDetection`), and any the caller adds (a chain-rule trace).
    var observers = ThreadContext.current.sweepObservers

    init(retainGraph: Bool, createGraph: Bool, accumulates: Bool, batch: Int? = nil) {
        self.retainGraph = retainGraph || createGraph
        self.createGraph = createGraph
        self.accumulates = accumulates
        self.batch = batch
    }

    /// Asks for the gradient of scalar node `node` of `tape`; the answer is read back with
    /// ``scalarGradient(of:)``. Captures are kept in arrays, not hashed one by one, so that the
    /// gradient of a function of ten thousand Variables costs little more than its sweep.
    func capture(scalarNode node: Int32, on tape: Tape) -> ScalarCapture {
        let identifier = ObjectIdentifier(tape)
        let index = scalarCaptures.firstIndex { $0.tape == identifier } ?? {
            scalarCaptures.append((identifier, ScalarCaptures()))
            return scalarCaptures.count - 1
        }()
        return ScalarCapture(tape: index, position: scalarCaptures[index].captures.append(node))
    }

    /// Asks for the gradient of tensor node `node` of `tape`.
    func capture(tensorNode node: Int32, on tape: Tape) {
        capturedTensorNodes[ObjectIdentifier(tape), default: []].insert(node)
    }

    /// Asks for the gradient of a tensor leaf.
    func capture<Element>(leaf: LeafGradient<Element>) {
        capturedLeaves.insert(ObjectIdentifier(leaf))
    }

    /// The lowest node of `tape` a sweep must reach: the lowest captured one when every capture
    /// is on this tape, else node 1 (gradients may have to be handed on to earlier tapes).
    func lowestNode(on tape: Tape) -> Int32 {
        let identifier = ObjectIdentifier(tape)
        guard !accumulates, capturedLeaves.isEmpty,
              scalarCaptures.allSatisfy({ $0.tape == identifier }), capturedTensorNodes.keys.allSatisfy({ $0 == identifier }),
              let lowest = [scalarCaptures.first?.captures.lowestNode, capturedTensorNodes[identifier]?.min()].compactMap({ $0 }).min()
        else { return 1 }
        return Swift.max(lowest, 1)
    }

    /// Adds to every captured scalar node of `tape` below `count` its gradient as `gradient`
    /// gives it (nil: none reached it).
    func collectScalarGradients(on tape: Tape, below count: Int, _ gradient: (Int32) -> Double?) {
        guard let index = scalarCaptures.firstIndex(where: { $0.tape == ObjectIdentifier(tape) }) else { return }
        scalarCaptures[index].captures.collect(below: count, gradient)
    }

    /// As ``collectScalarGradients(on:below:_:)``, for the recorded gradients of a recorded sweep.
    func collectRecordedScalarGradients(on tape: Tape, below count: Int, _ gradient: (Int32) -> Variable?) {
        guard let index = scalarCaptures.firstIndex(where: { $0.tape == ObjectIdentifier(tape) }) else { return }
        scalarCaptures[index].captures.collectRecorded(below: count, gradient)
    }

    /// What was collected for a captured scalar node: its recorded gradient after a recorded
    /// sweep, else its gradient as a constant (0 when nothing reached it).
    func scalarGradient(of capture: ScalarCapture) -> Variable {
        let captures = scalarCaptures[capture.tape].captures
        return captures.recordedGradients[capture.position] ?? Variable(constant: captures.gradients[capture.position])
    }

    /// Adds the gradient of a tensor node or leaf to what was collected under `key`, if the
    /// caller asked for it.
    func collect<Element>(_ gradient: Tensor<Element>, under key: CaptureKey) {
        let wanted = switch key {
        case .node(let tape, let node): capturedTensorNodes[tape]?.contains(node) ?? false
        case .leaf(let leaf): capturedLeaves.contains(leaf)
        }
        guard wanted else { return }
        let existing = tensorResults[key]?.tensor(of: Element.self)
        tensorResults[key] = TensorGradient(existing.map { $0 + gradient } ?? gradient)
    }
}

/// Where the gradient of a captured scalar node is read back: its tape's place in the
/// request and its own place among that tape's captures.
struct ScalarCapture {
    let tape: Int
    let position: Int
}

/// The captured scalar nodes of one tape, in the order they were asked for (a node asked
/// twice is there twice), with a gradient slot for each.
struct ScalarCaptures {
    private(set) var nodes: [Int32] = []
    private(set) var gradients: [Double] = []
    private(set) var recordedGradients: [Variable?] = []

    var lowestNode: Int32? { nodes.min() }

    /// Adds `node`, returning its position.
    mutating func append(_ node: Int32) -> Int {
        nodes.append(node)
        gradients.append(0)
        recordedGradients.append(nil)
        return nodes.count - 1
    }

    mutating func collect(below count: Int, _ gradient: (Int32) -> Double?) {
        for (position, node) in nodes.enumerated() where Int(node) < count {
            if let value = gradient(node) { gradients[position] += value }
        }
    }

    mutating func collectRecorded(below count: Int, _ gradient: (Int32) -> Variable?) {
        for (position, node) in nodes.enumerated() where Int(node) < count {
            guard let value = gradient(node) else { continue }
            recordedGradients[position] = recordedGradients[position].map { $0 + value } ?? value
        }
    }
}

/// Where a collected tensor gradient belongs.
enum CaptureKey: Hashable {
    case node(ObjectIdentifier, Int32)
    case leaf(ObjectIdentifier)
}
