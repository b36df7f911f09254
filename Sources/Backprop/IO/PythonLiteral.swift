/// A Python literal as found in a `.npy` header, which is the `repr` of a dict such as
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`. Only the literals NumPy
/// writes are understood: strings, integers, `True`, `False`, `None`, tuples, lists and dicts.
enum PythonLiteral {
    case string(String)
    /// An integer's decimal text (without a Python 2 `L` suffix), so that huge values are reported.
    case integer(String)
    case bool(Bool)
    case none
    case tuple([PythonLiteral])
    case list([PythonLiteral])
    case dict([PythonLiteralPair])

    /// The literal written back roughly as Python would, shortened, for messages.
    var summary: String {
        let text: String
        switch self {
        case .string(let value): text = "'\(value)'"
        case .integer(let value): text = value
        case .bool(let value): text = value ? "True" : "False"
        case .none: text = "None"
        case .tuple(let elements): text = "(" + elements.map(\.summary).joined(separator: ", ") + (elements.count == 1 ? ",)" : ")")
        case .list(let elements): text = "[" + elements.map(\.summary).joined(separator: ", ") + "]"
        case .dict(let pairs): text = "{" + pairs.map { "\($0.key.summary): \($0.value.summary)" }.joined(separator: ", ") + "}"
        }
        return text.count > 80 ? String(text.prefix(80)) + "…" : text
    }

    /// Parses one literal from `bytes`; only whitespace may follow it. Strings are decoded as
    /// Latin-1, or as UTF-8 when `utf8` is true (format version 3).
    static func parse(_ bytes: UnsafeRawBufferPointer, utf8: Bool) throws(TextSyntaxError) -> PythonLiteral {
        var parser = PythonLiteralParser(cursor: ByteCursor(bytes, textName: "the header"), utf8: utf8)
        let value = try parser.parseValue(depth: 0)
        parser.cursor.skipWhitespace()
        guard parser.cursor.isAtEnd else { throw parser.error("unexpected \(parser.cursor.describeCurrent()) after the dictionary") }
        return value
    }
}

/// One `key: value` of a Python dict literal.
struct PythonLiteralPair {
    let key: PythonLiteral
    let value: PythonLiteral
}

/// A recursive-descent parser for ``PythonLiteral`` that never traps on hostile input.
struct PythonLiteralParser {
    var cursor: ByteCursor
    let utf8: Bool
    static let maximumDepth = 32

    func error(_ message: String) -> TextSyntaxError { cursor.error(message) }

    mutating func parseValue(depth: Int) throws(TextSyntaxError) -> PythonLiteral {
        guard depth < PythonLiteralParser.maximumDepth else { throw error("values nested more than \(PythonLiteralParser.maximumDepth) deep") }
        cursor.skipWhitespace()
        guard let byte = cursor.current else { throw error("unexpected end of \(cursor.textName) where a value was expected") }
        switch byte {
        case UInt8(ascii: "'"), UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "("): return try parseSequence(depth: depth, closing: ")")
        case UInt8(ascii: "["): return try parseSequence(depth: depth, closing: "]")
        case UInt8(ascii: "{"): return try parseDict(depth: depth)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseInteger()
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "_"):
            let start = cursor.position
            while let letter = cursor.current, (letter >= UInt8(ascii: "A") && letter <= UInt8(ascii: "Z")) || (letter >= UInt8(ascii: "a") && letter <= UInt8(ascii: "z"))
                    || (letter >= UInt8(ascii: "0") && letter <= UInt8(ascii: "9")) || letter == UInt8(ascii: "_") {
                cursor.advance()
            }
            switch cursor.text(from: start) {
            case "True": return .bool(true)
            case "False": return .bool(false)
            case "None": return .none
            case let word:
                cursor.position = start
                throw error("unexpected name '\(word.prefix(20))'; only literals are allowed")
            }
        default: throw error("unexpected \(cursor.describeCurrent()) where a value was expected")
        }
    }

    mutating func parseInteger() throws(TextSyntaxError) -> PythonLiteral {
        let start = cursor.position
        _ = cursor.skip("-")
        guard cursor.skipDigits() > 0 else { throw error("'-' is not followed by digits") }
        let text = cursor.text(from: start)
        _ = cursor.skip("L")  // Python 2 long
        if cursor.isAt(".") || cursor.isAt("e") || cursor.isAt("E") || cursor.isAt("j") {
            throw error("only integer numbers are expected in the header")
        }
        return .integer(text)
    }

    mutating func parseString() throws(TextSyntaxError) -> String {
        guard let quote = cursor.current else { throw error("unexpected end of \(cursor.textName)") }
        cursor.advance()
        var scalars = String.UnicodeScalarView()
        var utf8Bytes: [UInt8] = []
        func append(_ byte: UInt8) {
            if utf8 { utf8Bytes.append(byte) } else { scalars.append(Unicode.Scalar(byte)) }
        }
        while true {
            guard let byte = cursor.current else { throw error("unterminated string") }
            cursor.advance()
            if byte == quote { break }
            switch byte {
            case UInt8(ascii: "\\"):
                guard let escape = cursor.current else { throw error("unterminated escape in a string") }
                cursor.advance()
                switch escape {
                case UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "\""): append(escape)
                case UInt8(ascii: "n"): append(0x0A)
                case UInt8(ascii: "t"): append(0x09)
                case UInt8(ascii: "r"): append(0x0D)
                default:
                    cursor.position -= 2
                    throw error("unsupported escape sequence in a string")
                }
            case 0x0A, 0x0D:
                cursor.position -= 1
                throw error("a line break inside a string")
            default: append(byte)
            }
        }
        if utf8 {
            guard let text = String(validating: utf8Bytes, as: UTF8.self) else { throw error("a string is not valid UTF-8") }
            return text
        }
        return String(scalars)
    }

    mutating func parseSequence(depth: Int, closing: Unicode.Scalar) throws(TextSyntaxError) -> PythonLiteral {
        let isTuple = closing == ")"
        cursor.advance()
        var elements: [PythonLiteral] = []
        var sawComma = false
        while true {
            cursor.skipWhitespace()
            if cursor.skip(closing) {
                // `(x)` is x in parentheses; `(x,)` is a tuple.
                if isTuple && elements.count == 1 && !sawComma { return elements[0] }
                return isTuple ? .tuple(elements) : .list(elements)
            }
            elements.append(try parseValue(depth: depth + 1))
            cursor.skipWhitespace()
            if cursor.skip(",") {
                sawComma = true
            } else if !cursor.isAt(closing) {
                throw error("unexpected \(cursor.describeCurrent()) where ',' or '\(closing)' was expected")
            }
        }
    }

    mutating func parseDict(depth: Int) throws(TextSyntaxError) -> PythonLiteral {
        cursor.advance()
        var pairs: [PythonLiteralPair] = []
        while true {
            cursor.skipWhitespace()
            if cursor.skip("}") { return .dict(pairs) }
            let key = try parseValue(depth: depth + 1)
            cursor.skipWhitespace()
            guard cursor.skip(":") else { throw error("unexpected \(cursor.describeCurrent()) where ':' was expected after a key") }
            let value = try parseValue(depth: depth + 1)
            pairs.append(PythonLiteralPair(key: key, value: value))
            cursor.skipWhitespace()
            if !cursor.skip(","), !cursor.isAt("}") {
                throw error("unexpected \(cursor.describeCurrent()) where ',' or '}' was expected")
            }
        }
    }
}
