/// Watches a backward sweep apply the chain rule: told of each node's complete gradient and of
/// each contribution the node passes to an input (each edge of the graph). Chain-rule traces
/// and the anomaly checks of `withAnomalyDetection` are observers; the sweep knows no more of
/// them than this. Observers see only the nodes the seeds depend on.
///
/// Observers are objects, so that a sweep hands one on for the price of a reference.
protocol SweepObserver: AnyObject {
    /// Whether the sweep calls this observer at all: false only for ``SilentObserver``, which
    /// leaves the scalar loop as it is without observers.
    static var observes: Bool { get }

    /// Scalar node `node` of `sweep.tape` has its complete gradient, about to flow to its inputs.
    func reached(_ node: Int32, gradient: Double, in sweep: Sweep)

    /// Scalar node `node` has added `contribution` = `upstream` × `partial` to the gradient of
    /// `input`, its second input when `second`.
    func passed(
        _ contribution: Double, from node: Int32, to input: Int32, second: Bool, upstream: Double, partial: Double, in sweep: Sweep)

    /// Tensor node `node` has its complete gradient (after its hooks).
    func reached<Element>(_ node: Int32, gradient: Tensor<Element>, in sweep: Sweep)

    /// Tensor record `record` has passed `contribution` (computed by its rule from `upstream`)
    /// to its input `index`, which received it as `added` (summed to the input's shape).
    func passed<Element>(
        _ contribution: Tensor<Element>, added: Tensor<Element>, from record: TensorRecord, input index: Int,
        upstream: Tensor<Element>, in sweep: Sweep)

    /// The sweep of `tape` is over; its graph is about to be released (unless retained).
    func finished(sweeping tape: Tape)
}

/// An observer is told only what it implements.
extension SweepObserver {
    static var observes: Bool { true }
    func reached(_ node: Int32, gradient: Double, in sweep: Sweep) {}
    func passed(
        _ contribution: Double, from node: Int32, to input: Int32, second: Bool, upstream: Double, partial: Double, in sweep: Sweep) {}
    func reached<Element>(_ node: Int32, gradient: Tensor<Element>, in sweep: Sweep) {}
    func passed<Element>(
        _ contribution: Tensor<Element>, added: Tensor<Element>, from record: TensorRecord, input index: Int,
        upstream: Tensor<Element>, in sweep: Sweep) {}
    func finished(sweeping tape: Tape) {}
}

/// The observer of a sweep that nobody watches: the scalar loop specialised for it is the
/// plain loop of two multiply-adds per entry.
final class SilentObserver: SweepObserver, Sendable {
    static var observes: Bool { false }
    static let shared = SilentObserver()
}

/// Several observers of one sweep (a trace inside `withAnomalyDetection`), told in order.
final class ObserverGroup: SweepObserver {
    let observers: [any SweepObserver]

    init(observers: [any SweepObserver]) {
        self.observers = observers
    }

    func reached(_ node: Int32, gradient: Double, in sweep: Sweep) {
        for observer in observers { observer.reached(node, gradient: gradient, in: sweep) }
    }

    func passed(
        _ contribution: Double, from node: Int32, to input: Int32, second: Bool, upstream: Double, partial: Double, in sweep: Sweep
    ) {
        for observer in observers {
            observer.passed(contribution, from: node, to: input, second: second, upstream: upstream, partial: partial, in: sweep)
        }
    }

    func reached<Element>(_ node: Int32, gradient: Tensor<Element>, in sweep: Sweep) {
        for observer in observers { observer.reached(node, gradient: gradient, in: sweep) }
    }

    func passed<Element>(
        _ contribution: Tensor<Element>, added: Tensor<Element>, from record: TensorRecord, input index: Int,
        upstream: Tensor<Element>, in sweep: Sweep
    ) {
        for observer in observers {
            observer.passed(contribution, added: added, from: record, input: index, upstream: upstream, in: sweep)
        }
    }

    func finished(sweeping tape: Tape) {
        for observer in observers { observer.finished(sweeping: tape) }
    }
}
