import Testing
@testable import Backprop

/// The syntax error of `text` read as JSON, or nil when it parses.
private func jsonError(_ text: String) -> TextSyntaxError? {
    do {
        _ = try Array(text.utf8).withUnsafeBytes { try JSONValue.parse($0) }
        return nil
    } catch {
        return error as? TextSyntaxError
    }
}

/// The syntax error of `text` read as a Python literal in UTF-8, or nil when it parses.
private func pythonLiteralError(_ text: String) -> TextSyntaxError? {
    do {
        _ = try Array(text.utf8).withUnsafeBytes { try PythonLiteral.parse($0, utf8: true) }
        return nil
    } catch {
        return error as? TextSyntaxError
    }
}

@Suite("Text readers: JSON and Python literals read through one byte cursor, with errors at a line and column")
struct ByteCursorTests {
    @Test("a syntax error names its byte offset, line and column, the same way for JSON and Python literals")
    func errorsHaveLineAndColumn() throws {
        let json = try #require(jsonError("{\n  \"a\": tru\n}"))
        #expect((json.message, json.offset, json.line, json.column) == ("invalid literal; expected true", 9, 2, 8))
        #expect(json.description == "invalid literal; expected true at line 2, column 8")
        let python = try #require(pythonLiteralError("{'a':\n  (1, 2]}"))
        #expect((python.message, python.offset, python.line, python.column) == ("unexpected character ']' where ',' or ')' was expected", 13, 2, 8))
    }

    @Test("columns count characters, not the bytes of their UTF-8 encoding")
    func columnsCountCharacters() throws {
        let error = try #require(jsonError("{\"é→\": x}"))
        #expect(error.offset == 10 && error.column == 8)
    }

    @Test("the end of the text is named as the reader calls it")
    func endOfTextIsNamed() throws {
        let error = try #require(jsonError("[1,"))
        #expect(error.description == "unexpected end of the header where a value was expected at line 1, column 4")
        #expect(pythonLiteralError("{'a': (1,")?.message == "unexpected end of the header where a value was expected")
    }
}
