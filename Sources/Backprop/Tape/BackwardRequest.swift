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
    /// What was collected: `Double` or `Variable` for scalar nodes, `Tensor<Element>` otherwise.
    var results: [CaptureKey: Any] = [:]
    /// Records the chain-rule steps when a trace is asked for.
    var trace: TraceRecorder?
    /// Whether every contribution is checked for NaN and infinity (`withAnomalyDetection`).
    let checksAnomalies = ThreadContext.current.detectsAnomalies

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

    /// Adds a gradient to what was collected under `key`.
    func collect<Value>(_ gradient: Value, under key: CaptureKey, adding: (Value, Value) -> Value) {
        if let existing = results[key] as? Value {
            results[key] = adding(existing, gradient)
        } else {
            results[key] = gradient
        }
    }
}

/// Where a collected gradient belongs.
enum CaptureKey: Hashable {
    case node(ObjectIdentifier, Int32)
    case leaf(ObjectIdentifier)
}
