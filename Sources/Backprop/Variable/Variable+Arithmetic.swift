extension Variable {
    /// The sum; ∂/∂lhs = 1, ∂/∂rhs = 1.
    @inlinable @inline(__always)
    public static func + (lhs: Variable, rhs: Variable) -> Variable {
        record(.add, lhs.value + rhs.value, lhs, rhs)
    }
    /// The difference; ∂/∂lhs = 1, ∂/∂rhs = −1.
    @inlinable @inline(__always)
    public static func - (lhs: Variable, rhs: Variable) -> Variable {
        record(.subtract, lhs.value - rhs.value, lhs, rhs)
    }
    /// The product; ∂/∂lhs = rhs, ∂/∂rhs = lhs.
    @inlinable @inline(__always)
    public static func * (lhs: Variable, rhs: Variable) -> Variable {
        record(.multiply, lhs.value * rhs.value, lhs, rhs)
    }
    /// The quotient; ∂/∂lhs = 1/rhs, ∂/∂rhs = −lhs/rhs².
    @inlinable @inline(__always)
    public static func / (lhs: Variable, rhs: Variable) -> Variable {
        record(.divide, lhs.value / rhs.value, lhs, rhs)
    }
    /// The negation; ∂/∂operand = −1.
    @inlinable @inline(__always)
    public static prefix func - (operand: Variable) -> Variable {
        record(.negate, -operand.value, operand)
    }

    /// Adds a constant.
    @inlinable @inline(__always)
    public static func + (lhs: Variable, rhs: Double) -> Variable {
        record(.addConstant, lhs.value + rhs, lhs, constant: rhs)
    }
    /// Adds to a constant.
    @inlinable @inline(__always)
    public static func + (lhs: Double, rhs: Variable) -> Variable {
        record(.addConstant, lhs + rhs.value, rhs, constant: lhs)
    }
    /// Subtracts a constant.
    @inlinable @inline(__always)
    public static func - (lhs: Variable, rhs: Double) -> Variable {
        record(.addConstant, lhs.value - rhs, lhs, constant: -rhs)
    }
    /// Subtracts from a constant; ∂/∂rhs = −1.
    @inlinable @inline(__always)
    public static func - (lhs: Double, rhs: Variable) -> Variable {
        record(.constantSubtract, lhs - rhs.value, rhs, constant: lhs)
    }
    /// Multiplies by a constant.
    @inlinable @inline(__always)
    public static func * (lhs: Variable, rhs: Double) -> Variable {
        record(.multiplyConstant, lhs.value * rhs, lhs, constant: rhs)
    }
    /// Multiplies a constant.
    @inlinable @inline(__always)
    public static func * (lhs: Double, rhs: Variable) -> Variable {
        record(.multiplyConstant, lhs * rhs.value, rhs, constant: lhs)
    }
    /// Divides by a constant; ∂/∂lhs = 1/rhs.
    @inlinable @inline(__always)
    public static func / (lhs: Variable, rhs: Double) -> Variable {
        record(.divideByConstant, lhs.value / rhs, lhs, constant: rhs)
    }
    /// Divides a constant; ∂/∂rhs = −lhs/rhs².
    @inlinable @inline(__always)
    public static func / (lhs: Double, rhs: Variable) -> Variable {
        record(.constantDivide, lhs / rhs.value, rhs, constant: lhs)
    }

    /// Adds `rhs`: `lhs = lhs + rhs`, recorded; on a leaf, see `-=`.
    @inlinable @inline(__always)
    public static func += (lhs: inout Variable, rhs: Variable) {
        if lhs.isLeaf { return compoundAssign(toLeaf: &lhs, "+=", rhs) { $0 + $1 } }
        lhs = lhs + rhs
    }
    /// Subtracts `rhs`: `lhs = lhs - rhs`, recorded. On a leaf (a Variable you created), inside
    /// ``withoutRecording(_:)``, the value changes in place and the Variable stays the same
    /// leaf, still accumulating ``grad``, as PyTorch's in-place updates under `torch.no_grad()`:
    ///
    /// ```swift
    /// loss.backward()
    /// withoutRecording { w -= 0.1 * w.grad! }
    /// w.zeroGrad()
    /// ```
    ///
    /// Outside it, on a leaf, a right side that needs a gradient records a new value (as for
    /// any Variable), and a number or constant is an error that names both ways to write it.
    /// Graphs recorded before an update keep the value they used.
    @inlinable @inline(__always)
    public static func -= (lhs: inout Variable, rhs: Variable) {
        if lhs.isLeaf { return compoundAssign(toLeaf: &lhs, "-=", rhs) { $0 - $1 } }
        lhs = lhs - rhs
    }
    /// Multiplies by `rhs`: `lhs = lhs * rhs`, recorded; on a leaf, see `-=`.
    @inlinable @inline(__always)
    public static func *= (lhs: inout Variable, rhs: Variable) {
        if lhs.isLeaf { return compoundAssign(toLeaf: &lhs, "*=", rhs) { $0 * $1 } }
        lhs = lhs * rhs
    }
    /// Divides by `rhs`: `lhs = lhs / rhs`, recorded; on a leaf, see `-=`.
    @inlinable @inline(__always)
    public static func /= (lhs: inout Variable, rhs: Variable) {
        if lhs.isLeaf { return compoundAssign(toLeaf: &lhs, "/=", rhs) { $0 / $1 } }
        lhs = lhs / rhs
    }
    /// Adds a constant; on a leaf, see `-=`.
    @inlinable @inline(__always)
    public static func += (lhs: inout Variable, rhs: Double) {
        if lhs.isLeaf { return compoundAssign(toLeaf: &lhs, "+=", Variable(constant: rhs)) { $0 + $1 } }
        lhs = lhs + rhs
    }
    /// Subtracts a constant; on a leaf, see `-=`.
    @inlinable @inline(__always)
    public static func -= (lhs: inout Variable, rhs: Double) {
        if lhs.isLeaf { return compoundAssign(toLeaf: &lhs, "-=", Variable(constant: rhs)) { $0 - $1 } }
        lhs = lhs - rhs
    }
    /// Multiplies by a constant; on a leaf, see `-=`.
    @inlinable @inline(__always)
    public static func *= (lhs: inout Variable, rhs: Double) {
        if lhs.isLeaf { return compoundAssign(toLeaf: &lhs, "*=", Variable(constant: rhs)) { $0 * $1 } }
        lhs = lhs * rhs
    }
    /// Divides by a constant; on a leaf, see `-=`.
    @inlinable @inline(__always)
    public static func /= (lhs: inout Variable, rhs: Double) {
        if lhs.isLeaf { return compoundAssign(toLeaf: &lhs, "/=", Variable(constant: rhs)) { $0 / $1 } }
        lhs = lhs / rhs
    }

    /// `lhs = result(lhs, rhs)` for a leaf `lhs`, or what `LeafCompoundAssignment` says. An
    /// update in place closes the leaf's tape (when it is the caller's: others' are never
    /// recorded on by the caller), so that later operations import the leaf with its new value
    /// while the graphs recorded there keep the old one.
    @usableFromInline @inline(never)
    static func compoundAssign(toLeaf lhs: inout Variable, _ symbol: String, _ rhs: Variable, _ result: (Variable, Variable) -> Variable) {
        switch LeafCompoundAssignment.current(rightSideRequiresGrad: rhs.requiresGrad) {
        case .record:
            lhs = result(lhs, rhs)
        case .misuse:
            let name = lhs.tape.names[lhs.index]
            LeafCompoundAssignment.reportMisuse(symbol, on: "the leaf Variable" + (name.map { " `\($0)`" } ?? "") + " (value \(lhs.value))", name: name)
        case .updateInPlace:
            let updated = result(lhs.detached(), rhs.detached()).value
            if lhs.tape.belongsToCaller { lhs.tape.close() }
            lhs = Variable(value: updated, tape: lhs.tape, index: lhs.index)
        }
    }
}
