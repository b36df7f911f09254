/// A misuse of the engine, described so that it can be fixed: the operation, what was wrong
/// with its input (shapes, axes, values) and what to do instead.
///
/// Operations cannot throw (they are operators and plain functions), so a misuse normally stops
/// the program with this message, as an out-of-range array index does. Inside
/// ``withErrorChecking(_:)`` the same misuse is thrown instead:
///
/// ```swift
/// do {
///     try withErrorChecking { _ = Tensor<Double>.zeros([2, 3]) + .zeros([4]) }
/// } catch let error as BackpropError {
///     print(error)   // add: cannot broadcast shapes [2, 3] and [4] ...
/// }
/// ```
public struct BackpropError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The family of misuse, for code that reacts to some errors and not others.
    public enum Kind: String, Equatable, Sendable, CaseIterable {
        /// Two shapes that an operation needs to agree (broadcasting, matmul, concatenation) do not.
        case shapeMismatch
        /// An axis outside `-rank..<rank`, or repeated.
        case invalidAxis
        /// A reshape whose element count differs from the tensor's.
        case invalidReshape
        /// `backward()` on a tensor with more than one element and no seed.
        case missingSeed
        /// A `backward(seed:)` whose seed does not have the output's shape.
        case seedShapeMismatch
        /// A second `backward()` through a graph that the first one released.
        case graphReleased
        /// `backward()` on a value that does not depend on anything requiring a gradient.
        case noGradientRequired
        /// An argument outside the values an operation accepts (a negative size, an empty range...).
        case invalidArgument
        /// A tensor whose sizes overflow `Int` or need more memory than the machine has.
        case tooLarge
        /// A NaN or infinity found by ``withAnomalyDetection(_:)``.
        case nonFiniteValue
        /// A compiled function called at inputs that decide a comparison of its recording
        /// differently (see ``CompiledFunction``).
        case branchChanged
    }

    /// The family of misuse.
    public let kind: Kind
    /// The operation that was misused, as the user called it (`matmul`, `reshaped(to:)`, `backward`).
    public let operation: String
    /// What was wrong, naming the shapes, axes or values involved.
    public let problem: String
    /// What to do instead.
    public let fix: String

    /// Creates an error; `problem` and `fix` are full sentences without a final period.
    public init(_ kind: Kind, operation: String, problem: String, fix: String) {
        self.kind = kind
        self.operation = operation
        self.problem = problem
        self.fix = fix
    }

    /// The whole message: `operation: problem. fix.`
    public var description: String { "\(operation): \(problem). \(fix)." }

    /// Reports this misuse the way the engine's own operations do: thrown by the enclosing
    /// ``withErrorChecking(_:)``, or a stop with this message when there is none. For libraries
    /// built on Backprop (layers, losses) whose functions cannot throw; return a placeholder
    /// value afterwards.
    public func raise() {
        Backprop.raise(self)
    }
}
