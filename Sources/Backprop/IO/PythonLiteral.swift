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
    static func parse(_ bytes: UnsafeRawBufferPointer, utf8: Bool) throws(PythonLiteralError) -> PythonLiteral {
        var parser = PythonLiteralParser(bytes: bytes, utf8: utf8)
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        guard parser.position == bytes.count else { throw parser.error("unexpected \(parser.describeCurrent()) after the dictionary") }
        return value
    }
}

/// One `key: value` of a Python dict literal.
struct PythonLiteralPair {
    let key: PythonLiteral
    let value: PythonLiteral
}

/// A syntax error in a Python literal, at a byte offset.
struct PythonLiteralError: Error {
    let message: String
    let offset: Int
}

/// A recursive-descent parser for ``PythonLiteral`` that never traps on hostile input.
struct PythonLiteralParser {
    let bytes: UnsafeRawBufferPointer
    let utf8: Bool
    var position = 0
    static let maximumDepth = 32

    func error(_ message: String) -> PythonLiteralError { PythonLiteralError(message: message, offset: position) }

    var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    func describeCurrent() -> String {
        guard let byte = current else { return "end of the header" }
        if byte >= 0x21 && byte < 0x7F { return "character '\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16))"
    }

    mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { position += 1 }
    }

    mutating func parseValue(depth: Int) throws(PythonLiteralError) -> PythonLiteral {
        guard depth < PythonLiteralParser.maximumDepth else { throw error("values nested more than \(PythonLiteralParser.maximumDepth) deep") }
        skipWhitespace()
        guard let byte = current else { throw error("unexpected end of the header where a value was expected") }
        switch byte {
        case UInt8(ascii: "'"), UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "("): return try parseSequence(depth: depth, closing: UInt8(ascii: ")"))
        case UInt8(ascii: "["): return try parseSequence(depth: depth, closing: UInt8(ascii: "]"))
        case UInt8(ascii: "{"): return try parseDict(depth: depth)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseInteger()
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "_"):
            let start = position
            while let letter = current, (letter >= UInt8(ascii: "A") && letter <= UInt8(ascii: "Z")) || (letter >= UInt8(ascii: "a") && letter <= UInt8(ascii: "z"))
                    || (letter >= UInt8(ascii: "0") && letter <= UInt8(ascii: "9")) || letter == UInt8(ascii: "_") {
                position += 1
            }
            switch String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self) {
            case "True": return .bool(true)
            case "False": return .bool(false)
            case "None": return .none
            case let word:
                position = start
                throw error("unexpected name '\(word.prefix(20))'; only literals are allowed")
            }
        default: throw error("unexpected \(describeCurrent()) where a value was expected")
        }
    }

    mutating func parseInteger() throws(PythonLiteralError) -> PythonLiteral {
        let start = position
        if current == UInt8(ascii: "-") { position += 1 }
        let digitsStart = position
        while let byte = current, byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") { position += 1 }
        guard position > digitsStart else { throw error("'-' is not followed by digits") }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        if current == UInt8(ascii: "L") { position += 1 }  // Python 2 long
        if let byte = current, byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") || byte == UInt8(ascii: "j") {
            throw error("only integer numbers are expected in the header")
        }
        return .integer(text)
    }

    mutating func parseString() throws(PythonLiteralError) -> String {
        guard let quote = current else { throw error("unexpected end of the header") }
        position += 1
        var scalars = String.UnicodeScalarView()
        var utf8Bytes: [UInt8] = []
        func append(_ byte: UInt8) {
            if utf8 { utf8Bytes.append(byte) } else { scalars.append(Unicode.Scalar(byte)) }
        }
        while true {
            guard let byte = current else { throw error("unterminated string") }
            position += 1
            if byte == quote { break }
            switch byte {
            case UInt8(ascii: "\\"):
                guard let escape = current else { throw error("unterminated escape in a string") }
                position += 1
                switch escape {
                case UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "\""): append(escape)
                case UInt8(ascii: "n"): append(0x0A)
                case UInt8(ascii: "t"): append(0x09)
                case UInt8(ascii: "r"): append(0x0D)
                default:
                    position -= 2
                    throw error("unsupported escape sequence in a string")
                }
            case 0x0A, 0x0D:
                position -= 1
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

    mutating func parseSequence(depth: Int, closing: UInt8) throws(PythonLiteralError) -> PythonLiteral {
        let isTuple = closing == UInt8(ascii: ")")
        position += 1
        var elements: [PythonLiteral] = []
        var sawComma = false
        while true {
            skipWhitespace()
            if current == closing {
                position += 1
                // `(x)` is x in parentheses; `(x,)` is a tuple.
                if isTuple && elements.count == 1 && !sawComma { return elements[0] }
                return isTuple ? .tuple(elements) : .list(elements)
            }
            elements.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            if current == UInt8(ascii: ",") {
                position += 1
                sawComma = true
            } else if current != closing {
                throw error("unexpected \(describeCurrent()) where ',' or '\(Character(Unicode.Scalar(closing)))' was expected")
            }
        }
    }

    mutating func parseDict(depth: Int) throws(PythonLiteralError) -> PythonLiteral {
        position += 1
        var pairs: [PythonLiteralPair] = []
        while true {
            skipWhitespace()
            if current == UInt8(ascii: "}") {
                position += 1
                return .dict(pairs)
            }
            let key = try parseValue(depth: depth + 1)
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { throw error("unexpected \(describeCurrent()) where ':' was expected after a key") }
            position += 1
            let value = try parseValue(depth: depth + 1)
            pairs.append(PythonLiteralPair(key: key, value: value))
            skipWhitespace()
            if current == UInt8(ascii: ",") {
                position += 1
            } else if current != UInt8(ascii: "}") {
                throw error("unexpected \(describeCurrent()) where ',' or '}' was expected")
            }
        }
    }
}
