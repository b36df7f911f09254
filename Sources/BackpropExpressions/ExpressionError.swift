import Backprop

/// Why a ``ScalarExpression`` could not be parsed or evaluated: what was wrong, and where.
///
/// The column is 1-based and counts `Character`s — what a reader sees as one character, so
/// `−`, `·` and `é` each count once. An error at the end of the input has the column one past
/// the last character. The description reads `column 7: expected an expression after '*'`:
///
/// ```swift
/// do {
///     _ = try ScalarExpression(parsing: "x * w *")
/// } catch {
///     print(error)                              // column 8: expected an expression after '*'
///     print(error.annotating("x * w *"))        // the text, and a caret under column 8
/// }
/// ```
public struct ExpressionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem it is.
    public enum Kind: Sendable, Equatable {
        /// The text holds nothing but whitespace.
        case empty
        /// A character that is not part of the language (`$`, `?`, `=`).
        case unexpectedCharacter
        /// A number written incompletely (`2e`, `1e+`).
        case malformedNumber
        /// A number too large for a `Double` (`1e999`).
        case numberOutOfRange
        /// An operand was needed and something else came (`x * )`, `x +` at the end).
        case expectedExpression
        /// Two operands follow each other without an operator (`2x`, `(a)(b)`), or a function
        /// name is not followed by `(`.
        case expectedOperator
        /// A `(` is never closed.
        case missingClosingParenthesis
        /// A `)` or `,` has no `(` to belong to.
        case unmatchedClosingParenthesis
        /// A call of a function the language does not have (`cosh(x)`).
        case unknownFunction
        /// A call with too many or too few arguments (`sin(x, y)`, `pow(x)`).
        case wrongArgumentCount
        /// More nested parentheses, calls and powers than ``ScalarExpression/maximumNestingDepth``.
        case nestedTooDeeply
        /// Evaluation was given no value for a variable of the expression.
        case unknownVariable
    }

    /// What kind of problem it is.
    public let kind: Kind
    /// The 1-based column, in `Character`s, where the problem is.
    public let column: Int
    /// What is wrong and what was expected, without the column: `expected an expression after '*'`.
    public let message: String

    /// Creates an error of `kind` at `column`.
    ///
    /// ```swift
    /// let error = ExpressionError(.unknownFunction, column: 3, "unknown function 'cosh'")
    /// ```
    public init(_ kind: Kind, column: Int, _ message: String) {
        self.kind = kind
        self.column = column
        self.message = message
    }

    /// `column 7: expected an expression after '*'`.
    public var description: String { "column \(column): \(message)" }

    /// `text` on one line and a caret under the error's column on the next, for a terminal.
    /// Tabs before the column are repeated in the caret line so that the caret stays aligned.
    ///
    /// ```swift
    /// error.annotating("tanh(x*w + b")
    /// // tanh(x*w + b
    /// //             ^
    /// ```
    public func annotating(_ text: String) -> String {
        let padding = text.prefix(Swift.max(0, column - 1)).map { $0 == "\t" ? "\t" : " " }.joined()
        return text + "\n" + padding + "^"
    }
}
