/// What a compiled function does when its inputs take another branch of the function's control
/// flow than the recording did.
public enum BranchChangePolicy: Sendable {
    /// Throw a ``BackpropError`` of kind `branchChanged` naming the comparison and where it was made.
    case fail
    /// Record the function again at the new inputs, and go on with the new recording.
    case recompile
}

/// A scalar function recorded once and replayed at new inputs without recording again, as
/// CppAD's `ADFun`, ADOL-C's tapes and JAX's `jit` do: its operations are a flat list of
/// instructions, and the value, gradient and Hessian are tight loops over it.
///
/// ```swift
/// let f = try compile(at: [1, 2]) { x in x[0] * x[0] * sin(x[1]) }
/// try f([3, 0.5])                       // 9·sin 0.5
/// try f.gradient(at: [3, 0.5])          // [2·3·sin 0.5, 9·cos 0.5]
/// try f.hessian(at: [3, 0.5])
/// ```
///
/// The recording is valid for the branches it took: comparisons of Variables made while it
/// was recorded (`if x[0] > 0`) are checked again at every replay, and a replay whose inputs
/// decide one differently is a `branchChanged` error (or a new recording, with
/// ``BranchChangePolicy/recompile``). Branches on plain numbers (`x[0].value > 0`) are not seen.
/// Values the function uses that are not computed from its inputs (numbers, Variables captured
/// from outside) are constants of the recording. Tensor operations and custom derivatives are
/// not compiled: `compile(at:_:)` says so.
///
/// Calls from several threads are safe; they take turns.
public final class CompiledFunction: @unchecked Sendable {
    private let function: ([Variable]) -> Variable
    private let simplifying: Bool
    private let onBranchChange: BranchChangePolicy
    private let lock = Lock()
    private var program: CompiledProgram {
        didSet { workspace = Workspace(program) }
    }
    /// Buffers reused by every call, so that a replay allocates nothing and touches warm memory.
    private var workspace: Workspace

    /// The slots (constants stay in place between calls; inputs and results are overwritten)
    /// and the adjoints of each slot.
    private struct Workspace {
        var slots: [Double]
        var adjoints: [Double]

        init(_ program: CompiledProgram) {
            slots = program.initialSlots
            adjoints = [Double](repeating: 0, count: program.initialSlots.count)
        }
    }

    fileprivate init(function: @escaping ([Variable]) -> Variable, at point: [Double], simplifying: Bool, onBranchChange: BranchChangePolicy) throws(BackpropError) {
        self.function = function
        self.simplifying = simplifying
        self.onBranchChange = onBranchChange
        program = try Self.record(function, at: point, simplifying: simplifying)
        workspace = Workspace(program)
    }

    /// The number of inputs the function takes.
    public var inputCount: Int { lock.withLock { program.inputCount } }

    /// The number of operations replayed per evaluation, after simplification.
    public var operationCount: Int { lock.withLock { program.instructions.count } }

    /// The function's value at `point`.
    public func callAsFunction(_ point: [Double]) throws(BackpropError) -> Double {
        try replay(at: point, operation: "callAsFunction(_:)") { program, workspace in
            workspace.slots.withUnsafeMutableBufferPointer { slots in
                fill(slots.baseAddress!, with: point)
                program.evaluate(slots.baseAddress!)
                return (slots[Int(program.outputSlot)], program.changedComparison(in: slots.baseAddress!))
            }
        }
    }

    /// The gradient at `point`.
    public func gradient(at point: [Double]) throws(BackpropError) -> [Double] {
        try valueWithGradient(at: point).gradient
    }

    /// The value and the gradient at `point`: one forward sweep, then one reverse sweep that
    /// takes each operation's partial derivatives from the values the forward sweep left.
    public func valueWithGradient(at point: [Double]) throws(BackpropError) -> (value: Double, gradient: [Double]) {
        try replay(at: point, operation: "valueWithGradient(at:)") { program, workspace in
            workspace.slots.withUnsafeMutableBufferPointer { slots in
                workspace.adjoints.withUnsafeMutableBufferPointer { adjoints in
                    fill(slots.baseAddress!, with: point)
                    program.evaluate(slots.baseAddress!)
                    if let changed = program.changedComparison(in: slots.baseAddress!) { return ((0, []), changed) }
                    adjoints.update(repeating: 0)
                    adjoints[Int(program.outputSlot)] = 1
                    program.sweepBackward(slots.baseAddress!, adjoints.baseAddress!)
                    let gradient = (0..<program.inputCount).map { adjoints[Int(CompiledProgram.inputSlot($0))] }
                    return ((slots[Int(program.outputSlot)], gradient), nil)
                }
            }
        }
    }

    /// H·v, the Hessian at `point` times `direction`, by a reverse sweep over dual numbers
    /// (forward over reverse): the cost of a few gradients.
    public func hessianVectorProduct(at point: [Double], along direction: [Double]) throws(BackpropError) -> [Double] {
        guard direction.count == point.count else {
            throw BackpropError(.shapeMismatch, operation: "hessianVectorProduct(at:along:)",
                                problem: "the direction has \(direction.count) numbers and the point \(point.count)",
                                fix: "Pass a direction with one number per input")
        }
        return try replay(at: point, operation: "hessianVectorProduct(at:along:)") { program, _ in
            var slots = program.initialSlots.map { DualNumber($0, tangent: 0) }
            for (input, tangent) in direction.enumerated() { slots[Int(CompiledProgram.inputSlot(input))].tangent = tangent }
            var adjoints = [DualNumber](repeating: DualNumber(constant: 0), count: slots.count)
            for (input, value) in point.enumerated() { slots[Int(CompiledProgram.inputSlot(input))].value = value }
            return slots.withUnsafeMutableBufferPointer { slots in
                adjoints.withUnsafeMutableBufferPointer { adjoints in
                    program.evaluate(slots.baseAddress!)
                    if let changed = program.changedComparison(in: slots.baseAddress!) { return ([], changed) }
                    adjoints[Int(program.outputSlot)] = DualNumber(constant: 1)
                    program.sweepBackward(slots.baseAddress!, adjoints.baseAddress!)
                    return ((0..<program.inputCount).map { adjoints[Int(CompiledProgram.inputSlot($0))].tangent }, nil)
                }
            }
        }
    }

    /// The Hessian at `point`, one ``hessianVectorProduct(at:along:)`` per input; symmetric
    /// up to rounding.
    public func hessian(at point: [Double]) throws(BackpropError) -> [[Double]] {
        var rows: [[Double]] = []
        for input in point.indices {
            var direction = [Double](repeating: 0, count: point.count)
            direction[input] = 1
            rows.append(try hessianVectorProduct(at: point, along: direction))
        }
        return rows
    }

    /// Runs `body` on the current program at `point`; when `body` reports a comparison that
    /// `point` decides differently, throws or records again as the policy says.
    private func replay<Value>(
        at point: [Double], operation: String, _ body: (CompiledProgram, inout Workspace) -> (Value, CompiledProgram.Comparison?)
    ) throws(BackpropError) -> Value {
        try lock.withLock { Result { () throws(BackpropError) -> Value in try replayHoldingLock(at: point, operation: operation, body) } }.get()
    }

    private func replayHoldingLock<Value>(
        at point: [Double], operation: String, _ body: (CompiledProgram, inout Workspace) -> (Value, CompiledProgram.Comparison?)
    ) throws(BackpropError) -> Value {
        guard point.count == program.inputCount else {
            throw BackpropError(.shapeMismatch, operation: operation,
                                problem: "the function was compiled for \(program.inputCount) input\(program.inputCount == 1 ? "" : "s"), and \(point.count) were given",
                                fix: "Pass \(program.inputCount) numbers, or compile the function again for \(point.count)")
        }
        let (result, changed) = body(program, &workspace)
        guard let changed else { return result }
        switch onBranchChange {
        case .fail:
            throw BackpropError(
                .branchChanged, operation: operation,
                problem: "the comparison `\(Self.describe(changed.lhs, program))` \(changed.relation.rawValue) `\(Self.describe(changed.rhs, program))` at \(changed.origin.location) was \(changed.result) when the function was compiled and is \(!changed.result) at these inputs, so the recording does not hold here",
                fix: "Compile the function again at these inputs, or pass onBranchChange: .recompile to do it automatically")
        case .recompile:
            program = try Self.record(function, at: point, simplifying: simplifying)
            let (result, stillChanged) = body(program, &workspace)
            precondition(stillChanged == nil, "a recording taken at these inputs decides its comparisons as they do")
            return result
        }
    }

    /// How a slot reads in a message: an input, a number, or an intermediate value.
    private static func describe(_ slot: Int32, _ program: CompiledProgram) -> String {
        if slot >= 1 && slot <= Int32(program.inputCount) { return "x[\(slot - 1)]" }
        return program.isVariable(slot) ? "a value computed from the inputs" : "\(program.initialSlots[Int(slot)])"
    }

    /// Records `function` at `point` and builds its program.
    private static func record(_ function: ([Variable]) -> Variable, at point: [Double], simplifying: Bool) throws(BackpropError) -> CompiledProgram {
        let context = ThreadContext.current
        guard context.isRecording else {
            throw BackpropError(.invalidArgument, operation: "compile(at:_:)",
                                problem: "recording is switched off (this is inside withoutRecording), so the function cannot be recorded",
                                fix: "Compile it outside withoutRecording")
        }
        let log = ComparisonLog(), enclosing = context.comparisonLog
        context.comparisonLog = log
        defer { context.comparisonLog = enclosing }
        let tape = context.freshTape()
        let inputs = point.map { Variable($0) }
        let output = function(inputs)
        return try CompiledProgram(tape: tape, inputs: inputs.map(\.index), output: output, comparisons: log.comparisons, simplifying: simplifying)
    }
}

/// Writes `point` into the input slots.
private func fill(_ slots: UnsafeMutablePointer<Double>, with point: [Double]) {
    for (input, value) in point.enumerated() { slots[Int(CompiledProgram.inputSlot(input))] = value }
}

/// Records `function` once at `point` and returns it compiled: calls, gradients and Hessians
/// at other inputs replay the recording without recording again (see ``CompiledFunction``).
///
/// - Parameters:
///   - point: the inputs to record at; later calls take as many numbers.
///   - simplifying: compute an operation repeated on the same operands once (common
///     subexpressions). Constants are always folded and operations the result does not use
///     dropped. Without it, a replay performs the recorded operations in the recorded order,
///     so its values and gradients equal a new recording's bit for bit.
///   - onBranchChange: what a call whose inputs take another branch does.
///   - function: the function of `point.count` Variables.
/// - Throws: `BackpropError` when the function applies a tensor operation or a custom
///   derivative to its inputs, or is recorded with recording switched off.
public func compile(
    at point: [Double], simplifying: Bool = true, onBranchChange: BranchChangePolicy = .fail,
    _ function: @escaping ([Variable]) -> Variable
) throws(BackpropError) -> CompiledFunction {
    try CompiledFunction(function: function, at: point, simplifying: simplifying, onBranchChange: onBranchChange)
}
