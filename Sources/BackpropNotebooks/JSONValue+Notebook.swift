import Backprop

/// What nbformat needs of a JSON value beyond reading and writing it.
extension JSONValue {
    /// The member named `key` of an object; nil for other values or a missing member.
    /// Setting replaces the member (or removes it, with nil).
    subscript(key: String) -> JSONValue? {
        get {
            guard case .object(let members) = self else { return nil }
            return members.last { $0.key == key }?.value
        }
        set {
            guard case .object(var members) = self else { return }
            members.removeAll { $0.key == key }
            if let newValue { members.append(JSONMember(key: key, value: newValue)) }
            self = .object(members)
        }
    }

    /// A multiline string as nbformat stores it, either whole or as a list of lines that keep
    /// their line breaks; nil for other values.
    var multilineText: String? {
        switch self {
        case .string(let text): text
        case .array(let lines):
            lines.reduce(into: String?("")) { text, line in
                if case .string(let piece) = line { text? += piece } else { text = nil }
            }
        default: nil
        }
    }

    /// `text` as the list of lines, each with its line break, that Jupyter writes.
    static func lines(_ text: String) -> JSONValue {
        var lines: [JSONValue] = []
        var line = ""
        for character in text {
            line.append(character)
            if character == "\n" {
                lines.append(.string(line))
                line = ""
            }
        }
        if !line.isEmpty { lines.append(.string(line)) }
        return .array(lines)
    }
}

/// Object members from `(key, value)` pairs, for writing JSON literals briefly.
func members(_ pairs: (String, JSONValue)...) -> [JSONMember] {
    pairs.map { JSONMember(key: $0.0, value: $0.1) }
}
