import Backprop

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One step of a parsed ``ScalarExpression`` in postfix order: operands come before the
/// operation that uses them, so evaluation is a loop over a stack, never recursion, whatever
/// the length of the expression.
enum ExpressionInstruction: Sendable, Equatable {
    case number(Double)
    case variable(String, column: Int)
    case negate
    case binary(ExpressionOperator)
    case call(ExpressionFunction)

    /// How many operands the instruction takes from the stack.
    var arity: Int {
        switch self {
        case .number, .variable: 0
        case .negate: 1
        case .binary: 2
        case .call(let function): function.arity
        }
    }
}

/// An infix operator of the language.
enum ExpressionOperator: Sendable, Equatable {
    case add, subtract, multiply, divide, power

    /// The operator as the language writes it (`+`, `^`).
    var symbol: String {
        switch self {
        case .add: "+"
        case .subtract: "-"
        case .multiply: "*"
        case .divide: "/"
        case .power: "^"
        }
    }
}

/// A function of the language: every elementwise function of ``UnaryFunction``, by its name,
/// and the functions of two arguments.
enum ExpressionFunction: Sendable, Equatable {
    case unary(UnaryFunction)
    case pow, max, min

    /// The functions of two arguments.
    private static let binary: [ExpressionFunction] = [.pow, .max, .min]

    /// The function called `name`, if the language has one.
    init?(name: String) {
        if let function = UnaryFunction(named: name) {
            self = .unary(function)
        } else if let function = Self.binary.first(where: { $0.name == name }) {
            self = function
        } else {
            return nil
        }
    }

    /// Every function's name, sorted.
    static var names: [String] { (UnaryFunction.allCases.map(\.definition.name) + binary.map(\.name)).sorted() }

    /// Its name in the language.
    var name: String {
        switch self {
        case .unary(let function): function.definition.name
        case .pow: "pow"
        case .max: "max"
        case .min: "min"
        }
    }

    /// How many arguments it takes.
    var arity: Int {
        switch self {
        case .pow, .max, .min: 2
        case .unary: 1
        }
    }
}

/// A value while an expression is evaluated: a Variable on the tape, or a number that is not
/// (a literal, or an operation on literals, folded at once so that it records no node).
enum ExpressionOperand {
    case constant(Double)
    case variable(Variable)

    /// The operand as a Variable: a constant Variable for a number.
    var asVariable: Variable {
        switch self {
        case .constant(let value): Variable(constant: value)
        case .variable(let variable): variable
        }
    }

    /// `−x`.
    func negated() -> ExpressionOperand {
        switch self {
        case .constant(let value): .constant(-value)
        case .variable(let x): .variable(-x)
        }
    }

    /// `lhs op rhs`, with the engine's Variable–number operators where one side is a number.
    static func apply(_ operation: ExpressionOperator, _ lhs: ExpressionOperand, _ rhs: ExpressionOperand) -> ExpressionOperand {
        switch (operation, lhs, rhs) {
        case (.add, .constant(let a), .constant(let b)): .constant(a + b)
        case (.add, .variable(let a), .constant(let b)): .variable(a + b)
        case (.add, .constant(let a), .variable(let b)): .variable(a + b)
        case (.add, .variable(let a), .variable(let b)): .variable(a + b)
        case (.subtract, .constant(let a), .constant(let b)): .constant(a - b)
        case (.subtract, .variable(let a), .constant(let b)): .variable(a - b)
        case (.subtract, .constant(let a), .variable(let b)): .variable(a - b)
        case (.subtract, .variable(let a), .variable(let b)): .variable(a - b)
        case (.multiply, .constant(let a), .constant(let b)): .constant(a * b)
        case (.multiply, .variable(let a), .constant(let b)): .variable(a * b)
        case (.multiply, .constant(let a), .variable(let b)): .variable(a * b)
        case (.multiply, .variable(let a), .variable(let b)): .variable(a * b)
        case (.divide, .constant(let a), .constant(let b)): .constant(a / b)
        case (.divide, .variable(let a), .constant(let b)): .variable(a / b)
        case (.divide, .constant(let a), .variable(let b)): .variable(a / b)
        case (.divide, .variable(let a), .variable(let b)): .variable(a / b)
        case (.power, _, _): call(.pow, [lhs, rhs])
        }
    }

    /// `function(arguments)`; `arguments` holds exactly `function.arity` operands.
    static func call(_ function: ExpressionFunction, _ arguments: [ExpressionOperand]) -> ExpressionOperand {
        let x = arguments[0]
        switch function {
        case .unary(let function):
            switch x {
            case .constant(let value): return .constant(function.value(value))
            case .variable(let variable): return .variable(variable.applying(function))
            }
        case .pow, .max, .min:
            let y = arguments[1]
            switch (function, x, y) {
            case (.pow, .constant(let a), .constant(let b)): return .constant(pow(a, b))
            case (.pow, .variable(let a), .constant(let b)): return .variable(Backprop.pow(a, b))
            case (.pow, .constant(let a), .variable(let b)): return .variable(Backprop.pow(a, b))
            case (.max, .constant(let a), .constant(let b)): return .constant(Swift.max(a, b))
            case (.max, .variable(let a), .constant(let b)), (.max, .constant(let b), .variable(let a)):
                return .variable(Backprop.max(a, b))
            case (.min, .constant(let a), .constant(let b)): return .constant(Swift.min(a, b))
            case (.min, .variable(let a), .constant(let b)), (.min, .constant(let b), .variable(let a)):
                return .variable(Backprop.min(a, b))
            case (.max, _, _): return .variable(Backprop.max(x.asVariable, y.asVariable))
            case (.min, _, _): return .variable(Backprop.min(x.asVariable, y.asVariable))
            default: return .variable(Backprop.pow(x.asVariable, y.asVariable))
            }
        }
    }
}
