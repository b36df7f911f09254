internal import Runtime

/// Runs `body` checking every recorded operation, forward and backward, for NaN and infinity:
/// the first operation that turns finite inputs into a non-finite value is reported as a
/// thrown ``BackpropError`` (of kind `.nonFiniteValue`) that names the operation and the file
/// and line where your code called it. As PyTorch's anomaly mode, it is for debugging: every
/// operation takes the slow path and remembers where it was called.
///
/// ```swift
/// try withAnomalyDetection {
///     let x = Tensor<Double>([0, 1], requiresGrad: true)
///     sqrt(x).sum().backward()
/// }
/// // withAnomalyDetection: the backward pass of sqrt (called at main.swift:3) produced inf ...
/// ```
///
/// Operations keep running after the first anomaly, as inside ``withErrorChecking(_:)``; the
/// error is thrown when `body` returns. Locations come from the debug information, which
/// SwiftPM's debug and release builds both include; in a build without it (`-gnone`) the error
/// says so. An optimised build names the same line as a debug build: the library's code that
/// the compiler inlined into yours is passed over.
public func withAnomalyDetection<Result>(_ body: () throws -> Result) throws -> Result {
    let context = ThreadContext.current
    context.anomalyDetectionDepth += 1
    if context.anomalyDetectionDepth == 1 {
        context.tape?.setChecksAnomalies(true)
        context.sweepObservers.append(AnomalyChecker())
    }
    defer {
        context.anomalyDetectionDepth -= 1
        if context.anomalyDetectionDepth == 0 {
            context.tape?.setChecksAnomalies(false)
            context.sweepObservers.removeAll { $0 is AnomalyChecker }
        }
    }
    return try withErrorChecking(body)
}

/// Checks every contribution of a backward sweep for NaN and infinity, inside
/// ``withAnomalyDetection(_:)``.
final class AnomalyChecker: SweepObserver {
    func passed(
        _ contribution: Double, from node: Int32, to input: Int32, second: Bool, upstream: Double, partial: Double, in sweep: Sweep
    ) {
        sweep.tape.checkBackward(node: Int(node), upstream: upstream, partial: partial, contribution: contribution)
    }

    func passed<Element>(
        _ contribution: Tensor<Element>, added: Tensor<Element>, from record: TensorRecord, input index: Int,
        upstream: Tensor<Element>, in sweep: Sweep
    ) {
        Tensor.checkBackward(record.name, node: record.node, input: index, upstream: upstream, gradient: contribution, tape: sweep.tape)
    }
}

/// Where an operation was called: a backtrace taken when it ran, resolved to a source
/// location only when an anomaly needs it.
struct OperationOrigin {
    private let backtrace: Backtrace?

    init() {
        backtrace = try? Backtrace.capture(limit: 32)
    }

    /// `file.swift:line` of the first frame outside this library's own sources (the engine and
    /// the layers built on it), or a note saying why there is none.
    var location: String {
        guard let frames = backtrace?.symbolicated()?.frames else { return "an unknown location (no backtrace)" }
        let locations = frames.compactMap { $0.symbol?.sourceLocation }.map { (path: $0.path, line: $0.line) }
        guard !locations.isEmpty else { return "an unknown location (build with debug information to see it)" }
        return Self.callerLocation(in: locations) ?? "an unknown location (no frame outside Backprop)"
    }

    /// `file.swift:line` of the first of `locations` (innermost first) in the caller's code: not
    /// in this library's sources or the standard library, and not code the compiler generated.
    /// In an optimised build, the library's functions inlined into the caller appear as frames
    /// at `<compiler-generated>:0` before the caller's own line.
    static func callerLocation(in locations: [(path: String, line: Int)]) -> String? {
        let caller = locations.first { location in
            location.line > 0 && !location.path.hasSuffix("<compiler-generated>")
                && !libraryDirectories.contains { location.path.hasPrefix($0) } && !location.path.contains("/stdlib/")
        }
        return caller.map { "\($0.path.split(separator: "/").last.map(String.init) ?? $0.path):\($0.line)" }
    }

    /// The source directories of Backprop and BackpropNN, whose frames are skipped.
    private static let libraryDirectories: [String] = {
        var components = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        while let last = components.last, last != "Sources" { components.removeLast() }
        let sources = components.joined(separator: "/")
        return [sources + "/Backprop/", sources + "/BackpropNN/"]
    }()
}

/// How a non-finite value reads in a message.
private func describeNonFinite(_ value: Double) -> String {
    value.isNaN ? "NaN" : value > 0 ? "inf" : "-inf"
}

/// How any value reads in a message.
private func describe(_ value: Double) -> String {
    value.isFinite ? formatNumber(value) : describeNonFinite(value)
}

private let domainAdvice = "Keep the operation's inputs inside its domain there (log and division need non-zero inputs, "
    + "log and sqrt non-negative ones, exp overflows Float above 88 and Double above 709), for example by clamping "
    + "or adding a small ε"

extension Tape {
    /// Remembers where scalar node `node` was called and checks its value.
    func checkForward(node: Int32, operation: String, value: Double, inputs: [Double]) {
        let origin = OperationOrigin()
        origins[node] = origin
        guard !value.isFinite, inputs.allSatisfy(\.isFinite) else { return }
        raise(BackpropError(
            .nonFiniteValue, operation: "withAnomalyDetection",
            problem: "\(operation) produced \(describeNonFinite(value)) in the forward pass at \(origin.location), "
                + "from the finite input\(inputs.count == 1 ? "" : "s") \(inputs.map { formatNumber($0) }.joined(separator: ", "))",
            fix: domainAdvice))
    }

    /// Checks one contribution of scalar node `node` to an input's gradient in the backward pass.
    func checkBackward(node: Int, upstream: Double, partial: Double, contribution: Double) {
        guard !contribution.isFinite, upstream.isFinite else { return }
        let operation = scalars.pointee.operations[node].name
        raise(BackpropError(
            .nonFiniteValue, operation: "withAnomalyDetection",
            problem: "the backward pass of \(operation) (called at \(origins[Int32(node)]?.location ?? "an unknown location")) "
                + "produced \(describeNonFinite(contribution)): upstream gradient \(describe(upstream)) × local derivative \(describe(partial))",
            fix: "The derivative of \(operation) is not finite at that input (sqrt and log at 0, pow at 0 with an exponent below 1). " + domainAdvice))
    }
}

extension Tensor {
    /// The first non-finite element, if any.
    var firstNonFinite: Element? {
        storage.buffer.first { !$0.isFinite }
    }

    /// Checks the value of tensor operation `name` in the forward pass.
    static func checkForward(_ name: String, _ value: Tensor, inputs: [Tensor]) {
        guard let bad = value.firstNonFinite, inputs.allSatisfy({ $0.firstNonFinite == nil }) else { return }
        raise(BackpropError(
            .nonFiniteValue, operation: "withAnomalyDetection",
            problem: "\(name) produced \(describeNonFinite(Double(bad))) in the forward pass at \(OperationOrigin().location), "
                + "from finite inputs of shape\(inputs.count == 1 ? "" : "s") \(inputs.map { Shape.describe($0.shape) }.joined(separator: ", "))",
            fix: domainAdvice))
    }

    /// Checks the gradient tensor operation `name` (node `node`) passed to input `index`.
    static func checkBackward(_ name: String, node: Int32, input index: Int, upstream: Tensor, gradient: Tensor, tape: Tape) {
        guard let bad = gradient.firstNonFinite, upstream.firstNonFinite == nil else { return }
        raise(BackpropError(
            .nonFiniteValue, operation: "withAnomalyDetection",
            problem: "the backward pass of \(name) (called at \(tape.origins[node]?.location ?? "an unknown location")) "
                + "produced \(describeNonFinite(Double(bad))) in the gradient of its input \(index + 1) (shape \(Shape.describe(gradient.shape))) from a finite upstream gradient",
            fix: "The derivative of \(name) is not finite at some element of that input. " + domainAdvice))
    }
}
