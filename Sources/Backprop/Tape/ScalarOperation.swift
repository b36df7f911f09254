/// The kind of a scalar node on the tape. Stored beside each entry so that a backward sweep can
/// rebuild the local derivative as differentiable operations (`createGraph`) and so that
/// inspection can name what was computed.
@usableFromInline
enum ScalarOperation: Hashable, Sendable {
    /// The reserved node 0: constants and values that need no gradient point here.
    case constant
    /// A `Variable` created by the user.
    case leaf
    /// A value from another tape, whose gradient is handed back to that tape after the sweep.
    case imported
    /// A node whose rule is a tensor record (`Tape.tensorRecords`).
    case tensor
    /// A tensor leaf's node (a `LeafRecord`): like `leaf`, it outlives any one backward.
    case tensorLeaf
    /// A tensor from another tape (an `ImportedTensorRecord`): like `imported`.
    case tensorImported
    case add, subtract, multiply, divide, negate
    /// `x + c`, `c − x`, `x · c`, `x / c`, `c / x`, `xᶜ`, `cˣ` with a constant `c` kept in the entry.
    case addConstant, constantSubtract, multiplyConstant, divideByConstant, constantDivide, powerConstant, constantPower
    /// An elementwise function of one input, defined in ``UnaryFunction``.
    case unary(UnaryFunction)
    case power, maximum, minimum
    /// `max(x, c)` and `min(x, c)` with a constant `c`.
    case maximumConstant, minimumConstant
    /// The value of a 0-d tensor read as a `Variable`.
    case tensorElement
    /// A user-defined operation (`Variable.differentiable`), its rule in `Tape.customRules`.
    case custom

    /// Whether a backward releases this node: operations do; leaves, constants and stand-ins
    /// for other tapes' values serve every graph that uses them.
    var isInterior: Bool {
        switch self {
        case .constant, .leaf, .imported, .tensorLeaf, .tensorImported: false
        default: true
        }
    }

    /// Whether the node is produced by a tensor record.
    var isTensor: Bool { self == .tensor || self == .tensorLeaf || self == .tensorImported }

    /// Whether the second input is a Variable (rather than unused, or a constant kept in the entry).
    var takesTwoVariables: Bool {
        switch self {
        case .add, .subtract, .multiply, .divide, .power, .maximum, .minimum, .custom: true
        default: false
        }
    }

    /// The name shown in graphs and traces.
    var name: String {
        switch self {
        case .constant: "constant"
        case .leaf: "leaf"
        case .imported: "imported"
        case .tensor: "tensor"
        case .tensorLeaf: "tensor leaf"
        case .tensorImported: "imported tensor"
        case .add: "add"
        case .subtract: "subtract"
        case .multiply: "multiply"
        case .divide: "divide"
        case .negate: "negate"
        case .addConstant: "add constant"
        case .constantSubtract: "subtract from constant"
        case .multiplyConstant: "multiply by constant"
        case .divideByConstant: "divide by constant"
        case .constantDivide: "divide constant"
        case .powerConstant: "power"
        case .constantPower: "constant power"
        case .power: "power"
        case .unary(let function): function.definition.name
        case .maximum: "max"
        case .minimum: "min"
        case .maximumConstant: "max with constant"
        case .minimumConstant: "min with constant"
        case .tensorElement: "tensor element"
        case .custom: "custom"
        }
    }
}

/// One recorded scalar operation: the inputs' node indices and the local partial derivatives
/// ∂output/∂input, so that the backward sweep is two multiply-adds per entry. Unary operations
/// point their unused input at node 0 and keep their constant operand in `rhsPartial`.
@usableFromInline
struct ScalarEntry {
    @usableFromInline var lhs: Int32
    @usableFromInline var rhs: Int32
    @usableFromInline var lhsPartial: Double
    @usableFromInline var rhsPartial: Double

    @inlinable
    init(lhs: Int32, rhs: Int32, lhsPartial: Double, rhsPartial: Double) {
        self.lhs = lhs
        self.rhs = rhs
        self.lhsPartial = lhsPartial
        self.rhsPartial = rhsPartial
    }
}
