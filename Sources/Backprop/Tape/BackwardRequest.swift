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
    /// The gradients wanted by the caller, per tape and node.
    private(set) var capturedNodes: [ObjectIdentifier: Set<Int32>] = [:]
    /// The tensor leaves whose gradient is wanted.
    private(set) var capturedLeaves: Set<ObjectIdentifier> = []
    /// The gradients collected for scalar nodes.
    private(set) var scalarResults: [CaptureKey: Double] = [:]
    /// The gradients collected for scalar nodes by a recorded sweep.
    private(set) var recordedScalarResults: [CaptureKey: Variable] = [:]
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

    /// Asks for the gradient of node `node` of `tape`.
    func capture(node: Int32, on tape: Tape) {
        capturedNodes[ObjectIdentifier(tape), default: []].insert(node)
    }

    /// Asks for the gradient of a tensor leaf.
    func capture<Element>(leaf: LeafGradient<Element>) {
        capturedLeaves.insert(ObjectIdentifier(leaf))
    }

    /// The lowest node of `tape` a sweep must reach: the lowest captured one when every capture
    /// is on this tape, else node 1 (gradients may have to be handed on to earlier tapes).
    func lowestNode(on tape: Tape) -> Int32 {
        guard !accumulates, capturedLeaves.isEmpty, capturedNodes.count == 1,
              let nodes = capturedNodes[ObjectIdentifier(tape)], let lowest = nodes.min()
        else { return 1 }
        return Swift.max(lowest, 1)
    }

    /// Adds the gradient of a scalar node to what was collected under `key`.
    func collect(_ gradient: Double, under key: CaptureKey) {
        scalarResults[key] = scalarResults[key].map { $0 + gradient } ?? gradient
    }

    /// Adds the recorded gradient of a scalar node to what was collected under `key`.
    func collect(_ gradient: Variable, under key: CaptureKey) {
        recordedScalarResults[key] = recordedScalarResults[key].map { $0 + gradient } ?? gradient
    }

    /// Adds the gradient of a tensor node or leaf to what was collected under `key`, if the
    /// caller asked for it.
    func collect<Element>(_ gradient: Tensor<Element>, under key: CaptureKey) {
        let wanted = switch key {
        case .node(let tape, let node): capturedNodes[tape]?.contains(node) ?? false
        case .leaf(let leaf): capturedLeaves.contains(leaf)
        }
        guard wanted else { return }
        let existing = tensorResults[key]?.tensor(of: Element.self)
        tensorResults[key] = TensorGradient(existing.map { $0 + gradient } ?? gradient)
    }
}

/// Where a collected gradient belongs.
enum CaptureKey: Hashable {
    case node(ObjectIdentifier, Int32)
    case leaf(ObjectIdentifier)
}
