import Backprop

/// An operator-precedence (shunting-yard) parser from an expression's text to postfix
/// instructions. It reads the grammar
///
/// ```
/// sum     := product (('+' | '-') product)*
/// product := signed (('*' | '/') signed)*
/// signed  := ('+' | '-')* power                      -- so -x^2 is -(x^2)
/// power   := primary ('^' signed)?                   -- right-associative: 2^3^2 = 2^9
/// primary := number | name | name '(' (sum (',' sum)*)? ')' | '(' sum ')'
/// ```
///
/// with a loop and explicit stacks instead of recursion, so no input, however deeply nested,
/// can exhaust the thread's stack. Nesting (open parentheses and calls, pending `^`) is still
/// limited to ``ScalarExpression/maximumNestingDepth`` to keep expressions sensible.
struct ExpressionParser {
    /// An operation waiting on the stack for its right operand or its `)`.
    private enum Pending {
        case binary(ExpressionOperator)
        case negate
        case group(open: ExpressionToken)
        case call(ExpressionFunction, name: ExpressionToken, open: ExpressionToken, arguments: Int)
    }

    private var lexer: ExpressionLexer
    /// The token being looked at.
    private var token: ExpressionToken
    /// The token before it, for messages such as "expected an expression after '*'".
    private var previous: ExpressionToken?
    private var pending: [Pending] = []
    private var depth = 0
    private let maximumDepth: Int
    /// The instructions so far, in postfix order.
    private var code: [ExpressionInstruction] = []

    /// The postfix instructions of `text`.
    static func parse(_ text: String, maximumDepth: Int) throws(ExpressionError) -> [ExpressionInstruction] {
        var parser = try ExpressionParser(text, maximumDepth: maximumDepth)
        if parser.token.kind == .end {
            throw ExpressionError(.empty, column: 1, "the expression is empty")
        }
        try parser.run()
        return parser.code
    }

    private init(_ text: String, maximumDepth: Int) throws(ExpressionError) {
        lexer = ExpressionLexer(text)
        token = try lexer.next()
        self.maximumDepth = maximumDepth
    }

    private mutating func advance() throws(ExpressionError) {
        previous = token
        token = try lexer.next()
    }

    /// What the parser expects next.
    private enum Expectation {
        case operand, `operator`, done
    }

    /// Reads tokens alternately where an operand is expected and where an operator is.
    private mutating func run() throws(ExpressionError) {
        var expectation = Expectation.operand
        while true {
            switch expectation {
            case .operand: expectation = try readOperandPosition()
            case .operator: expectation = try readOperatorPosition()
            case .done: return
            }
        }
    }

    /// Where an operand must come: a number, a name, a call, `(`, or a sign before one.
    private mutating func readOperandPosition() throws(ExpressionError) -> Expectation {
        switch token.kind {
        case .number(let value):
            code.append(.number(value))
            try advance()
            return .operator
        case .name(let name):
            let nameToken = token
            try advance()
            if token.kind == .leftParenthesis {
                guard let function = ExpressionFunction(name: name) else {
                    let known = ExpressionFunction.names.joined(separator: ", ")
                    throw ExpressionError(.unknownFunction, column: nameToken.column, "unknown function '\(name)' (known: \(known))")
                }
                try push(.call(function, name: nameToken, open: token, arguments: 0), nestingAt: token)
                try advance()
                guard token.kind == .rightParenthesis else { return .operand }
                pending.removeLast()
                try advance()
                try finishCall(function, name: nameToken, arguments: 0)
                return .operator
            }
            if ExpressionFunction(name: name) != nil {
                throw ExpressionError(.expectedOperator, column: token.column,
                                      "expected '(' after the function '\(name)', found \(token.quoted)")
            }
            code.append(.variable(name, column: nameToken.column))
            return .operator
        case .leftParenthesis:
            try push(.group(open: token), nestingAt: token)
            try advance()
            return .operand
        case .plus:
            try advance()
            return .operand
        case .minus:
            pending.append(.negate)
            try advance()
            return .operand
        default:
            var message = previous.map { "expected an expression after '\($0.text)'" } ?? "expected an expression"
            if token.kind != .end { message += ", found \(token.quoted)" }
            if previous?.kind == .times && token.kind == .times { message += " (write '^' for a power)" }
            throw ExpressionError(.expectedExpression, column: token.column, message)
        }
    }

    /// Where an infix operator, `,`, `)` or the end must come, after a complete operand.
    private mutating func readOperatorPosition() throws(ExpressionError) -> Expectation {
        let operation: ExpressionOperator
        switch token.kind {
        case .plus: operation = .add
        case .minus: operation = .subtract
        case .times: operation = .multiply
        case .divide: operation = .divide
        case .power: operation = .power
        case .rightParenthesis:
            switch popToOpening() {
            case .call(let function, let name, _, let arguments):
                try advance()
                try finishCall(function, name: name, arguments: arguments + 1)
            case .group:
                depth -= 1
                try advance()
            default:
                throw ExpressionError(.unmatchedClosingParenthesis, column: token.column, "')' without a matching '('")
            }
            return .operator
        case .comma:
            switch popToOpening() {
            case .call(let function, let name, let open, let arguments):
                pending.append(.call(function, name: name, open: open, arguments: arguments + 1))
                try advance()
                return .operand
            case .group(let open):
                throw ExpressionError(.missingClosingParenthesis, column: token.column,
                                      "missing ')' for the '(' at column \(open.column), found ','")
            default:
                throw ExpressionError(.unmatchedClosingParenthesis, column: token.column, "',' outside the parentheses of a function call")
            }
        case .number, .name, .leftParenthesis:
            throw ExpressionError(.expectedOperator, column: token.column,
                                  "expected an operator before \(token.quoted) (write '*' for a product)")
        case .end:
            switch popToOpening() {
            case .group(let open), .call(_, _, let open, _):
                throw ExpressionError(.missingClosingParenthesis, column: token.column, "missing ')' for the '(' at column \(open.column)")
            default:
                return .done
            }
        }
        popOperators(boundTighterThan: operation)
        try push(.binary(operation), nestingAt: token)
        try advance()
        return .operand
    }

    /// Emits the pending operators that bind at least as tightly as an incoming `operation`
    /// (more tightly, for the right-associative `^`): the left operand is then complete.
    private mutating func popOperators(boundTighterThan operation: ExpressionOperator) {
        let incoming = Self.precedence(of: operation)
        while let top = pending.last {
            switch top {
            case .binary(let waiting):
                let level = Self.precedence(of: waiting)
                guard level > incoming || (level == incoming && operation != .power) else { return }
                if waiting == .power { depth -= 1 }
                code.append(.binary(waiting))
            case .negate:
                guard Self.negationPrecedence > incoming else { return }
                code.append(.negate)
            case .group, .call:
                return
            }
            pending.removeLast()
        }
    }

    /// Emits every pending operator down to the innermost `(` or call, and removes and returns
    /// that; nil if there is none.
    private mutating func popToOpening() -> Pending? {
        while let top = pending.popLast() {
            switch top {
            case .binary(let operation):
                if operation == .power { depth -= 1 }
                code.append(.binary(operation))
            case .negate:
                code.append(.negate)
            case .group, .call:
                return top
            }
        }
        return nil
    }

    /// Emits a call whose `)` has been read, after checking its number of arguments.
    private mutating func finishCall(_ function: ExpressionFunction, name: ExpressionToken, arguments: Int) throws(ExpressionError) {
        depth -= 1
        guard arguments == function.arity else {
            let takes = function.arity == 1 ? "1 argument" : "\(function.arity) arguments"
            let given = arguments == 1 ? "1 was given" : "\(arguments) were given"
            throw ExpressionError(.wrongArgumentCount, column: name.column, "'\(name.text)' takes \(takes), but \(given)")
        }
        code.append(.call(function))
    }

    /// Pushes `entry`; opening parentheses, calls and `^` nest one level deeper.
    private mutating func push(_ entry: Pending, nestingAt token: ExpressionToken) throws(ExpressionError) {
        switch entry {
        case .group, .call, .binary(.power):
            depth += 1
            guard depth <= maximumDepth else {
                throw ExpressionError(.nestedTooDeeply, column: token.column,
                                      "nested more than \(maximumDepth) levels deep (parentheses, function calls and '^' each add one)")
            }
        default: break
        }
        pending.append(entry)
    }

    /// How tightly an infix operator binds; the prefix `-` binds at ``negationPrecedence``.
    private static func precedence(of operation: ExpressionOperator) -> Int {
        switch operation {
        case .add, .subtract: 1
        case .multiply, .divide: 2
        case .power: 4
        }
    }

    /// The prefix `-` binds more tightly than `* /` and less than `^`.
    private static let negationPrecedence = 3
}
