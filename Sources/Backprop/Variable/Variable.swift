/// A scalar `Double` recorded on a tape, so that its gradient can be computed.
///
/// Every `Variable` you create is a leaf whose gradient is kept; every operation on Variables
/// records one entry (its inputs and local partial derivatives) without a heap allocation of
/// its own. `backward()` on a result walks the entries in reverse and accumulates ∂result/∂v
/// into every `v.grad`:
///
/// ```swift
/// let a = Variable(2.0), b = Variable(-3.0)
/// let c = a * b + exp(a) / b
/// c.backward()
/// a.grad   // b + exp(a)/b = −5.463...
/// ```
///
/// Variables drive ordinary control flow (`if x > 0 { ... }`): only the operations that run
/// are recorded. Number literals mix in as constants (`1 - x`, `2 * x`, `x > 0`, `pow(x, 2)`)
/// and record a single node, with no node for the literal itself.
///
/// `Variable` deliberately does not conform to `ExpressibleByFloatLiteral`: with it, Swift reads
/// `Variable(2.0)` as a literal, and prefers the `Variable`–`Variable` operator for every literal
/// operand, which would record a needless node for each number in an expression.
///
/// A `Variable` is `Sendable`: a top-level `let` of a script, or a parameter used by several
/// tasks at once, works as written (see the conformance for the one rule that remains).
public struct Variable {
    /// The number this Variable holds.
    public let value: Double
    /// The tape the node is recorded on.
    @usableFromInline let tape: Tape
    /// The node's index on `tape`; 0 for a constant, which needs no gradient.
    @usableFromInline let index: Int32

    /// Creates a leaf: a value whose gradient `backward()` computes.
    ///
    /// Inside ``withoutRecording(_:)`` the result is a constant instead.
    public init(_ value: Double) {
        let (tape, index) = ThreadContext.recordLeaf(value)
        self.init(value: value, tape: tape, index: index)
    }

    @inlinable
    init(value: Double, tape: Tape, index: Int32) {
        self.value = value
        self.tape = tape
        self.index = index
    }

    /// ∂(output)/∂(self) accumulated by every `backward()` that reached this Variable, or nil
    /// before any did. Gradients add up across calls, as in PyTorch; ``zeroGrad()`` resets.
    /// Every Variable keeps its gradient, leaves and intermediate values alike.
    public var grad: Double? { tape.accumulatedGradient(of: index) }

    /// Resets the accumulated gradient to zero (and forgets a recorded one).
    public func zeroGrad() {
        tape.zeroGradient(of: index)
        tape.sweepLock.withLock { tape.recordedGradients[index] = nil }
    }

    /// Whether gradients flow to this value: false for constants, detached values and values
    /// computed inside ``withoutRecording(_:)``.
    public var requiresGrad: Bool { index != 0 }

    /// Whether this is a leaf: a Variable you created (outside ``withoutRecording(_:)``), not
    /// one computed from others, as `Tensor.isLeaf`.
    @inlinable
    public var isLeaf: Bool { index != 0 && tape.scalars.pointee.operations[Int(index)] == .leaf }

    /// The same number as a constant: gradients stop here.
    public func detached() -> Variable { Variable(value: value, tape: tape, index: 0) }

    /// Computes the gradient of this value with respect to every Variable and tensor it
    /// depends on, accumulating into their `grad`.
    ///
    /// - Parameters:
    ///   - retainGraph: keep the tape's entries so that `backward()` can run again through the
    ///     same graph. Without it the entries are released and a second backward through them is
    ///     an error.
    ///   - createGraph: record the backward sweep itself, so that the gradients (read with
    ///     ``gradVariable``) can be differentiated again; implies `retainGraph`. As in PyTorch,
    ///     this ties each Variable to its own gradient until ``zeroGrad()``; the functional
    ///     ``gradient(at:of:)`` does not.
    public func backward(retainGraph: Bool = false, createGraph: Bool = false) {
        guard index != 0 else {
            return raise(BackpropError(
                .noGradientRequired, operation: "backward",
                problem: "this Variable (value \(value)) does not depend on anything that requires a gradient; it is a constant, detached, or was computed inside withoutRecording",
                fix: "Compute it from Variables created outside withoutRecording, or from tensors created with requiresGrad: true"))
        }
        var seeds = Seeds()
        seeds.scalars.append((index, 1))
        Tape.backward(from: tape, seeds: seeds, retainGraph: retainGraph, createGraph: createGraph)
    }

    /// The accumulated gradient as a Variable: recorded on the tape when
    /// `backward(createGraph: true)` computed it, so that it can be differentiated again (a
    /// constant otherwise); nil before any backward reached this Variable.
    ///
    /// ```swift
    /// let x = Variable(3.0)
    /// (x * x * x).backward(createGraph: true)
    /// let slope = x.gradVariable!        // 3x² = 27, recorded
    /// x.zeroGrad()
    /// slope.backward()
    /// x.grad                             // 6x = 18
    /// ```
    public var gradVariable: Variable? {
        if let recorded = tape.recordedGradient(of: index) { return recorded }
        return grad.map { Variable(constant: $0) }
    }

    /// Runs `hook` on this Variable's gradient during every backward that reaches it, once the
    /// gradient is complete and before it flows on: return it unchanged to inspect or record
    /// it, or return another value to replace it (to clip it, for instance). A hook on a
    /// constant, which no gradient reaches, is an error, as in PyTorch.
    public func registerHook(_ hook: @escaping (Variable) -> Variable) {
        guard index != 0 else {
            return raise(BackpropError(
                .noGradientRequired, operation: "registerHook(_:)",
                problem: "this Variable (value \(value)) is a constant, so no gradient reaches a hook on it",
                fix: "Register the hook on a Variable created outside withoutRecording, or on a result computed from one"))
        }
        tape.sweepLock.withLock { tape.scalarHooks[index, default: []].append(hook) }
    }
}

extension Variable: CustomStringConvertible {
    /// The value, and the gradient once a backward has reached it: `Variable(2.0, grad: -5.46)`.
    public var description: String {
        if index == 0 { return "Variable(\(value), constant)" }
        if let grad { return "Variable(\(value), grad: \(grad))" }
        return "Variable(\(value))"
    }
}

extension Variable: Comparable {
    /// Compares values, so that Variables can drive control flow; nothing is recorded (a
    /// function being compiled notes it, to check the branch when it is replayed).
    public static func == (lhs: Variable, rhs: Variable) -> Bool { noting(.equal, lhs, rhs, 0) }
    /// Compares values; nothing is recorded.
    public static func < (lhs: Variable, rhs: Variable) -> Bool { noting(.less, lhs, rhs, 0) }
}

extension Variable {
    /// Compares a value with a number; nothing is recorded.
    public static func == (lhs: Variable, rhs: Double) -> Bool { noting(.equal, lhs, nil, rhs) }
    /// Compares a value with a number; nothing is recorded.
    public static func != (lhs: Variable, rhs: Double) -> Bool { noting(.notEqual, lhs, nil, rhs) }
    /// Compares a value with a number; nothing is recorded.
    public static func < (lhs: Variable, rhs: Double) -> Bool { noting(.less, lhs, nil, rhs) }
    /// Compares a value with a number; nothing is recorded.
    public static func <= (lhs: Variable, rhs: Double) -> Bool { noting(.lessOrEqual, lhs, nil, rhs) }
    /// Compares a value with a number; nothing is recorded.
    public static func > (lhs: Variable, rhs: Double) -> Bool { noting(.greater, lhs, nil, rhs) }
    /// Compares a value with a number; nothing is recorded.
    public static func >= (lhs: Variable, rhs: Double) -> Bool { noting(.greaterOrEqual, lhs, nil, rhs) }
}
