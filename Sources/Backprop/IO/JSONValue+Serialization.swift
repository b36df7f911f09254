extension JSONValue: Equatable {
    /// Two values are equal when they have the same members in the same order and numbers
    /// with the same text.
    package static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.object(let a), .object(let b)): a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case (.array(let a), .array(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.number(let a), .number(let b)): a == b
        case (.bool(let a), .bool(let b)): a == b
        case (.null, .null): true
        default: false
        }
    }

    /// The value as JSON text. With `indent`, each member and element goes on its own line,
    /// indented by that many spaces per level, as Python's `json.dumps(indent=)` writes it;
    /// `sortingKeys` orders object members by key.
    package func serialized(indent: Int? = nil, sortingKeys: Bool = false) -> String {
        var text = ""
        write(to: &text, depth: 0, indent: indent, sortingKeys: sortingKeys)
        return text
    }

    private func write(to text: inout String, depth: Int, indent: Int?, sortingKeys: Bool) {
        func newline(_ depth: Int) {
            if let indent { text += "\n" + String(repeating: " ", count: indent * depth) }
        }
        switch self {
        case .object(let members):
            guard !members.isEmpty else { text += "{}"; return }
            text += "{"
            let ordered = sortingKeys ? members.sorted { $0.key < $1.key } : members
            for (position, member) in ordered.enumerated() {
                if position > 0 { text += "," }
                newline(depth + 1)
                text += Self.encodedString(member.key) + (indent == nil ? ":" : ": ")
                member.value.write(to: &text, depth: depth + 1, indent: indent, sortingKeys: sortingKeys)
            }
            newline(depth)
            text += "}"
        case .array(let elements):
            guard !elements.isEmpty else { text += "[]"; return }
            text += "["
            for (position, element) in elements.enumerated() {
                if position > 0 { text += "," }
                newline(depth + 1)
                element.write(to: &text, depth: depth + 1, indent: indent, sortingKeys: sortingKeys)
            }
            newline(depth)
            text += "]"
        case .string(let string): text += Self.encodedString(string)
        case .number(let number): text += number
        case .bool(let value): text += value ? "true" : "false"
        case .null: text += "null"
        }
    }
}
