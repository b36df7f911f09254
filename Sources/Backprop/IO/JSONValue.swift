/// A JSON value as read from a file header: objects keep their keys in file order (duplicates
/// included, so that a reader can reject them) and numbers keep their text, so that integers
/// too large for `Int` are reported rather than rounded.
package enum JSONValue: Sendable {
    case object([JSONMember])
    case array([JSONValue])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    /// What kind of value this is, for messages: "a string", "an array"...
    package var kindDescription: String {
        switch self {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number(let text): "the number \(text)"
        case .bool(let value): "\(value)"
        case .null: "null"
        }
    }

    /// Parses a complete JSON document from UTF-8 `bytes`; only whitespace may follow the value.
    /// Messages call the text `textName` where they reach its end.
    package static func parse(_ bytes: UnsafeRawBufferPointer, textName: String = "the header") throws(TextSyntaxError) -> JSONValue {
        var parser = JSONParser(cursor: ByteCursor(bytes, textName: textName))
        let value = try parser.parseValue(depth: 0)
        parser.cursor.skipWhitespace()
        guard parser.cursor.isAtEnd else { throw parser.cursor.error("unexpected \(parser.cursor.describeCurrent()) after the end of the JSON value") }
        return value
    }

    /// `text` as a JSON string literal, escaped as serde_json (and so the reference safetensors
    /// writer) escapes it: `"` `\` and control characters; everything else as UTF-8.
    package static func encodedString(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{08}": result += "\\b"
            case "\u{0C}": result += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}

/// One `"key": value` of a JSON object.
package struct JSONMember: Sendable {
    /// The member's name.
    package let key: String
    /// The member's value.
    package let value: JSONValue

    /// A member named `key` holding `value`.
    package init(key: String, value: JSONValue) {
        self.key = key
        self.value = value
    }
}

/// A recursive-descent JSON parser that never traps: every read goes through the cursor and
/// nesting is limited, so hostile input produces a ``TextSyntaxError``.
struct JSONParser {
    var cursor: ByteCursor
    /// Deeper nesting is rejected rather than risking the stack.
    static let maximumDepth = 64

    func error(_ message: String) -> TextSyntaxError { cursor.error(message) }

    mutating func literal(_ literal: StaticString, value: JSONValue) throws(TextSyntaxError) -> JSONValue {
        guard cursor.skip(literal: literal) else {
            throw error(cursor.bytes.count - cursor.position < literal.utf8CodeUnitCount
                        ? "unexpected end of \(cursor.textName) in a literal" : "invalid literal; expected \(literal)")
        }
        return value
    }

    mutating func parseValue(depth: Int) throws(TextSyntaxError) -> JSONValue {
        guard depth < JSONParser.maximumDepth else { throw error("values nested more than \(JSONParser.maximumDepth) deep") }
        cursor.skipWhitespace()
        guard let byte = cursor.current else { throw error("unexpected end of \(cursor.textName) where a value was expected") }
        switch byte {
        case UInt8(ascii: "{"): return try parseObject(depth: depth)
        case UInt8(ascii: "["): return try parseArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): return try literal("true", value: .bool(true))
        case UInt8(ascii: "f"): return try literal("false", value: .bool(false))
        case UInt8(ascii: "n"): return try literal("null", value: .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw error("unexpected \(cursor.describeCurrent()) where a value was expected")
        }
    }

    mutating func parseObject(depth: Int) throws(TextSyntaxError) -> JSONValue {
        cursor.advance()  // {
        var members: [JSONMember] = []
        cursor.skipWhitespace()
        if cursor.skip("}") { return .object(members) }
        while true {
            cursor.skipWhitespace()
            guard cursor.isAt("\"") else { throw error("unexpected \(cursor.describeCurrent()) where an object key (a string) was expected") }
            let key = try parseString()
            cursor.skipWhitespace()
            guard cursor.skip(":") else { throw error("unexpected \(cursor.describeCurrent()) where ':' was expected after the key \(quoted(key))") }
            let value = try parseValue(depth: depth + 1)
            members.append(JSONMember(key: key, value: value))
            cursor.skipWhitespace()
            if cursor.skip("}") { return .object(members) }
            guard cursor.skip(",") else { throw error("unexpected \(cursor.describeCurrent()) where ',' or '}' was expected in an object") }
        }
    }

    mutating func parseArray(depth: Int) throws(TextSyntaxError) -> JSONValue {
        cursor.advance()  // [
        var elements: [JSONValue] = []
        cursor.skipWhitespace()
        if cursor.skip("]") { return .array(elements) }
        while true {
            elements.append(try parseValue(depth: depth + 1))
            cursor.skipWhitespace()
            if cursor.skip("]") { return .array(elements) }
            guard cursor.skip(",") else { throw error("unexpected \(cursor.describeCurrent()) where ',' or ']' was expected in an array") }
        }
    }

    mutating func parseNumber() throws(TextSyntaxError) -> String {
        let start = cursor.position
        _ = cursor.skip("-")
        if cursor.skip("0") {
            if let byte = cursor.current, byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") { throw error("a number has a leading zero") }
        } else if cursor.skipDigits() == 0 {
            throw error("'-' is not followed by digits")
        }
        if cursor.skip(".") {
            guard cursor.skipDigits() > 0 else { throw error("a number's '.' is not followed by digits") }
        }
        if cursor.skip("e") || cursor.skip("E") {
            _ = cursor.skip("+") || cursor.skip("-")
            guard cursor.skipDigits() > 0 else { throw error("a number's exponent has no digits") }
        }
        return cursor.text(from: start)
    }

    mutating func parseHexQuad() throws(TextSyntaxError) -> UInt32 {
        guard cursor.peek(3) != nil else { throw error("unexpected end of \(cursor.textName) in a \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = cursor.current ?? 0
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("invalid hexadecimal digit in a \\u escape")
            }
            value = value << 4 | UInt32(digit)
            cursor.advance()
        }
        return value
    }

    /// A string; the bytes between the quotes must already be valid UTF-8.
    mutating func parseString() throws(TextSyntaxError) -> String {
        cursor.advance()  // "
        var utf8: [UInt8] = []
        while true {
            guard let byte = cursor.current else { throw error("unterminated string") }
            switch byte {
            case UInt8(ascii: "\""):
                cursor.advance()
                return String(decoding: utf8, as: UTF8.self)
            case UInt8(ascii: "\\"):
                cursor.advance()
                guard let escape = cursor.current else { throw error("unterminated escape in a string") }
                cursor.advance()
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"):
                    var code = try parseHexQuad()
                    if code >= 0xD800 && code < 0xDC00 {
                        guard cursor.skip(literal: "\\u") else { throw error("a \\u escape is an unpaired high surrogate") }
                        let low = try parseHexQuad()
                        guard low >= 0xDC00 && low < 0xE000 else { throw error("a \\u escape's high surrogate is not followed by a low surrogate") }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    } else if code >= 0xDC00 && code < 0xE000 {
                        throw error("a \\u escape is an unpaired low surrogate")
                    }
                    guard let scalar = Unicode.Scalar(code) else { throw error("a \\u escape is not a Unicode scalar") }
                    utf8.append(contentsOf: String(scalar).utf8)
                default:
                    cursor.position -= 2
                    throw error("invalid escape sequence in a string")
                }
            default:
                guard byte >= 0x20 else { throw error("a control character (byte 0x\(String(byte, radix: 16))) inside a string must be escaped") }
                utf8.append(byte)
                cursor.advance()
            }
        }
    }
}
