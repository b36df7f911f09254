import Backprop

/// Seeded mutations of a notebook's JSON tree: values of the wrong kind, missing, repeated and
/// unexpected keys, the cell and output types nbformat knows, and parts grafted from another
/// notebook. The mutated tree is still JSON, so every input gets past the JSON parser (which
/// the safetensors fuzz test corrupts byte by byte) to the reading of cells and outputs.
///
/// The same seed, notebook and donor give the same result.
///
/// ```swift
/// var mutator = NotebookMutator(seed: 7)
/// let input = mutator.mutated(notebook, donor: otherNotebook).serialized()
/// ```
struct NotebookMutator {
    private var generator: SeededRandomNumberGenerator

    /// The keys nbformat gives meaning to.
    private static let keys = [
        "cells", "nbformat", "nbformat_minor", "metadata", "cell_type", "source", "outputs", "output_type", "name", "text",
        "data", "ename", "evalue", "traceback", "execution_count", "id", "image/svg+xml", "text/vnd.graphviz", "text/markdown",
    ]
    /// Values the reader compares against, and edge cases of JSON scalars.
    private static let scalars: [JSONValue] = [
        "code", "markdown", "raw", "widget", "stream", "stdout", "stderr", "display_data", "execute_result", "error",
        "image/svg+xml", "text/vnd.graphviz", "text/markdown", "", "\n", "é\u{0}\u{7F}", "print(1)\n",
    ].map(JSONValue.string) + ["4", "3", "0", "-0", "-1", "4.0", "1e999", "99999999999999999999"].map(JSONValue.number) + [.null, .bool(true), .bool(false)]

    init(seed: UInt64) {
        generator = SeededRandomNumberGenerator(seed: seed)
    }

    /// A random index below `bound`, which must be positive.
    mutating func index(below bound: Int) -> Int {
        Int(generator.next() % UInt64(bound))
    }

    /// `notebook` after one to four stacked mutations; `donor` supplies grafted parts.
    mutating func mutated(_ notebook: JSONValue, donor: JSONValue) -> JSONValue {
        let donorNodes = Self.nodes(of: donor)
        var tree = notebook
        for _ in 0...index(below: 4) {
            var remaining = index(below: Self.nodes(of: tree).count)
            replaceNode(in: &tree, remaining: &remaining, donorNodes: donorNodes)
        }
        return tree
    }

    /// Replaces the node `remaining` steps into a pre-order walk of `value`.
    private mutating func replaceNode(in value: inout JSONValue, remaining: inout Int, donorNodes: [JSONValue]) {
        if remaining == 0 {
            value = replacement(for: value, donorNodes: donorNodes)
            remaining = -1
            return
        }
        remaining -= 1
        switch value {
        case .object(var members):
            for position in members.indices where remaining >= 0 {
                var child = members[position].value
                replaceNode(in: &child, remaining: &remaining, donorNodes: donorNodes)
                members[position] = JSONMember(key: members[position].key, value: child)
            }
            value = .object(members)
        case .array(var elements):
            for position in elements.indices where remaining >= 0 {
                replaceNode(in: &elements[position], remaining: &remaining, donorNodes: donorNodes)
            }
            value = .array(elements)
        default:
            break
        }
    }

    private mutating func replacement(for value: JSONValue, donorNodes: [JSONValue]) -> JSONValue {
        switch (index(below: 7), value) {
        case (0, _): return Self.scalars[index(below: Self.scalars.count)]
        case (1, _): return index(below: 2) == 0 ? .array([]) : .object([])
        case (2, _): return .array([value])
        case (3, .object(var members)) where !members.isEmpty:
            let position = index(below: members.count)
            if index(below: 2) == 0 { members.remove(at: position) } else { members.append(members[position]) }
            return .object(members)
        case (4, .object(var members)):
            let key = Self.keys[index(below: Self.keys.count)]
            let member = index(below: 2) == 0 ? Self.scalars[index(below: Self.scalars.count)] : donorNodes[index(below: donorNodes.count)]
            members.insert(JSONMember(key: key, value: member), at: index(below: members.count + 1))
            return .object(members)
        case (5, .array(var elements)) where !elements.isEmpty:
            let position = index(below: elements.count)
            switch index(below: 3) {
            case 0: elements.remove(at: position)
            case 1: elements.append(elements[position])
            default: elements.swapAt(position, index(below: elements.count))
            }
            return .array(elements)
        default: return donorNodes[index(below: donorNodes.count)]
        }
    }

    /// Every value in `value`, itself first, in pre-order.
    private static func nodes(of value: JSONValue) -> [JSONValue] {
        switch value {
        case .object(let members): [value] + members.flatMap { nodes(of: $0.value) }
        case .array(let elements): [value] + elements.flatMap(nodes(of:))
        default: [value]
        }
    }
}
