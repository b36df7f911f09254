import Backprop

/// One token of a ``ScalarExpression``'s text: a number, a name, an operator or punctuation.
struct ExpressionToken: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case number(Double)
        case name(String)
        case plus, minus, times, divide, power
        case leftParenthesis, rightParenthesis, comma
        case end
    }

    let kind: Kind
    /// The 1-based column, in `Character`s, of the token's first character.
    let column: Int
    /// The token as written (`·` stays `·`); empty at the end.
    let text: String

    /// `'x'`, or `the end of the input`.
    var quoted: String { kind == .end ? "the end of the input" : "'\(text)'" }
}

/// Splits an expression's text into tokens on demand, so that the first problem from the left
/// is the one reported. Columns count `Character`s.
struct ExpressionLexer {
    private let characters: [Character]
    private var position = 0

    init(_ text: String) {
        characters = Array(text)
    }

    /// The column just past the last character, where the end of the input is reported.
    var endColumn: Int { characters.count + 1 }

    /// The next token; `.end` once the text is used up (and on every later call).
    mutating func next() throws(ExpressionError) -> ExpressionToken {
        while position < characters.count && characters[position].isWhitespace { position += 1 }
        guard position < characters.count else { return ExpressionToken(kind: .end, column: endColumn, text: "") }
        let start = position, character = characters[position]
        let single: ExpressionToken.Kind? = switch character {
        case "+": .plus
        case "-", "−": .minus
        case "*", "·", "×": .times
        case "/", "÷": .divide
        case "^": .power
        case "(": .leftParenthesis
        case ")": .rightParenthesis
        case ",": .comma
        default: nil
        }
        if let single {
            position += 1
            return ExpressionToken(kind: single, column: start + 1, text: String(character))
        }
        if Self.isDigit(character) || (character == "." && position + 1 < characters.count && Self.isDigit(characters[position + 1])) {
            return try number()
        }
        if Self.startsName(character) {
            while position < characters.count && Self.continuesName(characters[position]) { position += 1 }
            let name = String(characters[start..<position])
            return ExpressionToken(kind: .name(name), column: start + 1, text: name)
        }
        throw ExpressionError(.unexpectedCharacter, column: start + 1, "unexpected character \(Self.describe(character))")
    }

    /// A number: digits with an optional fraction (`2`, `0.5`, `.5`, `2.`) and exponent (`1e-3`).
    private mutating func number() throws(ExpressionError) -> ExpressionToken {
        let start = position
        skipDigits()
        if position < characters.count && characters[position] == "." {
            position += 1
            skipDigits()
        }
        if position < characters.count && (characters[position] == "e" || characters[position] == "E") {
            let e = position
            var afterE = e + 1
            let signed = afterE < characters.count && (characters[afterE] == "+" || characters[afterE] == "-")
            if signed { afterE += 1 }
            if afterE < characters.count && Self.isDigit(characters[afterE]) {
                position = afterE
                skipDigits()
            } else if signed || afterE >= characters.count || !Self.continuesName(characters[afterE]) {
                let written = String(characters[start..<afterE])
                throw ExpressionError(.malformedNumber, column: afterE + 1,
                                      "expected the digits of the exponent after '\(written)'")
            }
            // Otherwise the number ends before the `e`, which begins a name: `2exp(x)` then
            // reports the missing operator.
        }
        let text = String(characters[start..<position])
        guard let value = Double(text) else {
            throw ExpressionError(.malformedNumber, column: start + 1, "'\(text)' is not a number")
        }
        guard value.isFinite else {
            throw ExpressionError(.numberOutOfRange, column: start + 1,
                                  "the number '\(text)' does not fit a Double (the largest is about 1.8e308)")
        }
        return ExpressionToken(kind: .number(value), column: start + 1, text: text)
    }

    private mutating func skipDigits() {
        while position < characters.count && Self.isDigit(characters[position]) { position += 1 }
    }

    private static func isDigit(_ character: Character) -> Bool {
        character.isASCII && character.isWholeNumber
    }

    /// Letters, ASCII digits and `_` continue a name.
    /// A letter or `_`, but not a combining mark standing alone (possible only at the very start
    /// of the text): written after a `(` it would merge with it, so the name could not be
    /// written back.
    private static func startsName(_ character: Character) -> Bool {
        guard character.isLetter || character == "_" else { return false }
        switch character.unicodeScalars.first?.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return false
        default: return true
        }
    }

    private static func continuesName(_ character: Character) -> Bool {
        character.isLetter || character == "_" || isDigit(character)
    }

    /// `'$'`, or `U+200B` for a character that does not show on its own (controls, marks).
    private static func describe(_ character: Character) -> String {
        let invisible = character.unicodeScalars.contains { scalar in
            switch scalar.properties.generalCategory {
            case .control, .format, .spaceSeparator, .lineSeparator, .paragraphSeparator, .unassigned, .privateUse, .surrogate,
                 .nonspacingMark, .enclosingMark: true
            default: false
            }
        }
        guard invisible else { return "'\(character)'" }
        return character.unicodeScalars.map { "U+" + String($0.value, radix: 16, uppercase: true).leftPadded(to: 4) }
            .joined(separator: " ")
    }
}

extension String {
    /// The string with zeros in front up to `width` characters.
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: Swift.max(0, width - count)) + self
    }
}
