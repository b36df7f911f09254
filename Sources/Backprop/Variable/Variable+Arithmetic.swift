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

    /// Adds in place (records a new node and rebinds `lhs` to it).
    @inlinable @inline(__always)
    public static func += (lhs: inout Variable, rhs: Variable) { lhs = lhs + rhs }
    /// Subtracts in place (records a new node and rebinds `lhs` to it).
    @inlinable @inline(__always)
    public static func -= (lhs: inout Variable, rhs: Variable) { lhs = lhs - rhs }
    /// Multiplies in place (records a new node and rebinds `lhs` to it).
    @inlinable @inline(__always)
    public static func *= (lhs: inout Variable, rhs: Variable) { lhs = lhs * rhs }
    /// Divides in place (records a new node and rebinds `lhs` to it).
    @inlinable @inline(__always)
    public static func /= (lhs: inout Variable, rhs: Variable) { lhs = lhs / rhs }
    /// Adds a constant in place.
    @inlinable @inline(__always)
    public static func += (lhs: inout Variable, rhs: Double) { lhs = lhs + rhs }
    /// Subtracts a constant in place.
    @inlinable @inline(__always)
    public static func -= (lhs: inout Variable, rhs: Double) { lhs = lhs - rhs }
    /// Multiplies by a constant in place.
    @inlinable @inline(__always)
    public static func *= (lhs: inout Variable, rhs: Double) { lhs = lhs * rhs }
    /// Divides by a constant in place.
    @inlinable @inline(__always)
    public static func /= (lhs: inout Variable, rhs: Double) { lhs = lhs / rhs }
}
