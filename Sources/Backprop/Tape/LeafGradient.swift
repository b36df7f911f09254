import Synchronization

/// Where a tensor leaf's gradient accumulates. Shared by every copy of the leaf and by every
/// tape it is used on; locked, since tapes in different tasks may finish at once.
final class LeafGradient<Element: TensorElement>: @unchecked Sendable {
    private let lock = Mutex(())
    private var accumulated: Tensor<Element>?

    /// The accumulated gradient, or nil.
    var gradient: Tensor<Element>? {
        get { lock.withLock { _ in accumulated } }
        set { lock.withLock { _ in accumulated = newValue } }
    }

    /// Adds `contribution` to the accumulated gradient.
    func accumulate(_ contribution: Tensor<Element>) {
        lock.withLock { _ in
            if let existing = accumulated {
                accumulated = withoutRecording { existing + contribution }
            } else {
                accumulated = contribution
            }
        }
    }
}
