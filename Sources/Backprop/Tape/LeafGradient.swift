/// Where a tensor leaf's gradient accumulates. Shared by every copy of the leaf and by every
/// tape it is used on; locked, since tapes in different tasks may finish at once.
final class LeafGradient<Element: TensorElement>: @unchecked Sendable {
    private let lock = Lock()
    private var accumulated: Tensor<Element>?
    /// Closures that see, and may replace, the leaf's gradient before it accumulates.
    var hooks: [(Tensor<Element>) -> Tensor<Element>] = []
    /// The name given with `named(_:)`, for graphs and traces.
    var name: String?

    /// The accumulated gradient, or nil.
    var gradient: Tensor<Element>? {
        get { lock.withLock { accumulated } }
        set { lock.withLock { accumulated = newValue } }
    }

    /// What the hooks make of `gradient`, the leaf's complete gradient from one backward.
    func applyingHooks(to gradient: Tensor<Element>) -> Tensor<Element> {
        hooks.reduce(gradient) { gradient, hook in
            Tensor.applying(hook, to: gradient, of: name.map { "the leaf `\($0)`" } ?? "an unnamed leaf")
        }
    }

    /// Adds `contribution` to the accumulated gradient; recorded under `createGraph`, so that
    /// the gradient can be differentiated again.
    func accumulate(_ contribution: Tensor<Element>, recording: Bool = false) {
        lock.withLock {
            if let existing = accumulated {
                accumulated = recording ? existing + contribution : withoutRecording { existing + contribution }
            } else {
                accumulated = contribution
            }
        }
    }
}
