/// A read position in text held as bytes, shared by the hand-written parsers of headers and
/// notebooks (JSON, Python literals): the bytes ahead, literals, whitespace and digits, and a
/// syntax error at the position with its line and column. Every read is checked, so hostile
/// input never traps.
struct ByteCursor {
    /// The whole text.
    let bytes: UnsafeRawBufferPointer
    /// What the text is, for messages about reaching its end ("the header").
    let textName: String
    /// The offset of the next byte to read.
    var position = 0

    /// A cursor at the start of `bytes`, which messages call `textName`.
    init(_ bytes: UnsafeRawBufferPointer, textName: String) {
        self.bytes = bytes
        self.textName = textName
    }

    /// The byte `offset` bytes ahead of the position, or nil past the end.
    func peek(_ offset: Int = 0) -> UInt8? {
        offset < bytes.count - position ? bytes[position + offset] : nil
    }

    /// The byte at the position, or nil at the end.
    var current: UInt8? { peek() }

    /// Whether the whole text has been read.
    var isAtEnd: Bool { position >= bytes.count }

    /// Whether the byte at the position is `character`.
    func isAt(_ character: Unicode.Scalar) -> Bool { current == UInt8(ascii: character) }

    /// Steps past `count` bytes.
    mutating func advance(by count: Int = 1) { position += count }

    /// Steps past `character` if it is next; returns whether it was.
    mutating func skip(_ character: Unicode.Scalar) -> Bool {
        guard isAt(character) else { return false }
        position += 1
        return true
    }

    /// Steps past spaces, tabs and line breaks.
    mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { position += 1 }
    }

    /// Steps past decimal digits; returns how many there were.
    mutating func skipDigits() -> Int {
        let start = position
        while let byte = current, byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") { position += 1 }
        return position - start
    }

    /// Steps past `literal` if the text continues with it; returns whether it did.
    mutating func skip(literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard bytes.count - position >= count else { return false }
        for index in 0..<count where bytes[position + index] != literal.utf8Start[index] { return false }
        position += count
        return true
    }

    /// The bytes from `start` to the position, decoded as UTF-8.
    func text(from start: Int) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
    }

    /// The byte at the position as messages name it: `character '{'`, `byte 0x7`, or the end.
    func describeCurrent() -> String {
        guard let byte = current else { return "end of \(textName)" }
        if byte >= 0x21 && byte < 0x7F { return "character '\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16))"
    }

    /// A syntax error saying `message` at the position.
    func error(_ message: String) -> TextSyntaxError {
        TextSyntaxError(message: message, offset: position, in: bytes)
    }
}

/// A syntax error in text read from bytes: what is wrong and where, as a byte offset (for
/// binary files, whose header is one line) and as a line and column (for text files).
package struct TextSyntaxError: Error, CustomStringConvertible {
    /// What is wrong.
    package let message: String
    /// The byte offset from the start of the text.
    package let offset: Int
    /// The 1-based line of the offset.
    package let line: Int
    /// The 1-based column of the offset on its line, in Unicode scalars of UTF-8 text.
    package let column: Int

    /// The error saying `message` at `offset` in `bytes`.
    init(message: String, offset: Int, in bytes: UnsafeRawBufferPointer) {
        self.message = message
        self.offset = offset
        let before = UnsafeRawBufferPointer(rebasing: bytes[..<Swift.min(offset, bytes.count)])
        let lineStart = (before.lastIndex(of: 0x0A) ?? -1) + 1
        line = 1 + before.count { $0 == 0x0A }
        // A UTF-8 continuation byte (10xxxxxx) does not start a character.
        column = 1 + before[lineStart...].count { $0 & 0xC0 != 0x80 }
    }

    /// `message at line L, column C`.
    package var description: String { "\(message) at line \(line), column \(column)" }
}
