/// An einsum equation, parsed and checked against the shapes of its operands: the label of every
/// axis of every operand and of the result, and the size of every label.
///
/// Labels are integers: a letter is its Unicode scalar value, and the axes under `...` are
/// −e … −1 for an operand with e of them (−1 the last), so that axes under `...` aligned from
/// the right, as NumPy broadcasts them, share a label.
struct EinsumEquation {
    /// The labels of each operand's axes, in order; a label repeated in one operand marks a diagonal.
    let operandLabels: [[Int]]
    /// The labels of the result's axes, in order, each once.
    let outputLabels: [Int]
    /// The size of every label: the one size its axes share, sizes of 1 broadcasting as in NumPy.
    let sizes: [Int: Int]

    /// Parses `equation` for operands of `shapes`, or raises an error that shows the equation with
    /// a caret under the offending column and returns nil.
    init?(_ equation: String, shapes: [[Int]]) {
        let parser = EinsumParser(equation)
        guard let terms = parser.parseTerms(), let labels = parser.resolve(terms, shapes: shapes) else { return nil }
        (operandLabels, outputLabels, sizes) = labels
    }
}

/// One operand's or the output's subscripts as written: letters and at most one `...`, with the
/// column (from 1) of each, for errors.
private struct EinsumTerm {
    enum Item { case letter(Character), ellipsis }
    var items: [(item: Item, column: Int)] = []
    /// The column where the term starts.
    let column: Int

    var letterCount: Int { items.count { if case .letter = $0.item { true } else { false } } }
    var ellipsisColumn: Int? { items.first { if case .ellipsis = $0.item { true } else { false } }?.column }
}

private struct EinsumParser {
    let equation: String
    let characters: [Character]

    init(_ equation: String) {
        self.equation = equation
        characters = Array(equation)
    }

    /// The operands' terms and the output term (nil without `->`), or nil after an error.
    func parseTerms() -> (operands: [EinsumTerm], output: EinsumTerm?)? {
        var operands = [EinsumTerm(column: 1)], output: EinsumTerm?
        var position = 0
        while position < characters.count {
            let character = characters[position], column = position + 1
            func append(_ item: EinsumTerm.Item) {
                if output != nil { output!.items.append((item, column)) } else { operands[operands.count - 1].items.append((item, column)) }
            }
            switch character {
            case " ":
                position += 1
            case ",":
                guard output == nil else {
                    return fail("a ',' in the output", column: column, fix: "The result is one tensor: write its subscripts once after '->'")
                }
                operands.append(EinsumTerm(column: column + 1))
                position += 1
            case "-":
                guard position + 1 < characters.count, characters[position + 1] == ">" else {
                    return fail("a '-' that does not start '->'", column: column, fix: "Write '->' before the output's subscripts")
                }
                guard output == nil else { return fail("a second '->'", column: column, fix: "Write '->' once, before the output's subscripts") }
                output = EinsumTerm(column: column + 2)
                position += 2
            case ".":
                guard characters[position...].starts(with: "...") else {
                    return fail("a '.' that is not part of '...'", column: column, fix: "Write '...' (three dots) for the axes to broadcast")
                }
                let term = output ?? operands[operands.count - 1]
                guard term.ellipsisColumn == nil else {
                    let place = output == nil ? "operand \(operands.count - 1)" : "the output"
                    return fail("a second '...' in \(place)", column: column, fix: "Write '...' at most once in each subscript")
                }
                append(.ellipsis)
                position += 3
            case _ where character.isASCII && character.isLetter:
                append(.letter(character))
                position += 1
            default:
                return fail("unknown character '\(character)'", column: column,
                            fix: "Name axes with the letters a–z and A–Z, write '...' for axes to broadcast, ',' between operands and '->' before the output")
            }
        }
        return (operands, output)
    }

    /// Every axis's label, the output's labels and the labels' sizes, checked against `shapes`;
    /// nil after an error.
    func resolve(
        _ terms: (operands: [EinsumTerm], output: EinsumTerm?), shapes: [[Int]]
    ) -> (operands: [[Int]], output: [Int], sizes: [Int: Int])? {
        let (operands, output) = terms
        guard operands.count == shapes.count else {
            return fail("the equation has subscripts for \(operands.count) operand\(operands.count == 1 ? "" : "s") but \(shapes.count) tensor\(shapes.count == 1 ? " was" : "s were") given",
                        column: output.map { $0.column - 2 } ?? characters.count + 1,
                        fix: "Write one subscript per tensor, separated by commas", kind: .shapeMismatch)
        }
        var labels = [[Int]]()
        // Each label's size and the operand it comes from: the first size other than 1, if any.
        var sizeSource = [Int: (operand: Int, size: Int)]()
        for (index, (term, shape)) in zip(operands, shapes).enumerated() {
            let letters = term.letterCount
            guard term.ellipsisColumn == nil ? shape.count == letters : shape.count >= letters else {
                let written = String(equation.dropFirst(term.column - 1).prefix { $0 != "," && $0 != "-" })
                return fail("operand \(index) has shape \(Shape.describe(shape)) (\(shape.count) axes) but its subscripts '\(written)' name \(letters)",
                            column: term.column,
                            fix: term.ellipsisColumn == nil
                                ? "Write one letter per axis, or '...' for leading axes to broadcast"
                                : "Write at most as many letters as the operand has axes",
                            kind: .shapeMismatch)
            }
            var operandLabels = [Int](), operandSizes = [Int: Int](), axis = 0
            for (item, column) in term.items {
                let axisLabels: [(label: Int, name: String)] = switch item {
                case .letter(let letter): [(Int(letter.unicodeScalars.first!.value), "index '\(letter)'")]
                case .ellipsis: (-(shape.count - letters)..<0).map { ($0, "axis \($0) under '...'") }
                }
                for (label, name) in axisLabels {
                    let size = shape[axis]
                    // A diagonal needs equal sizes; across operands a size of 1 broadcasts, as in NumPy and PyTorch.
                    if let earlier = operandSizes[label], earlier != size {
                        return fail("\(name) has sizes \(earlier) and \(size) in operand \(index)", column: column,
                                    fix: "A letter repeated in one operand takes a diagonal, which needs axes of equal sizes",
                                    kind: .shapeMismatch)
                    }
                    if let (operand, seen) = sizeSource[label], seen != size, seen != 1, size != 1 {
                        return fail("\(name) has size \(seen) in operand \(operand) but \(size) in operand \(index)", column: column,
                                    fix: "Give the axes of one index equal sizes (or size 1 to broadcast), or name different axes with different letters",
                                    kind: .shapeMismatch)
                    }
                    if sizeSource[label] == nil || size != 1 { sizeSource[label] = (index, size) }
                    operandSizes[label] = size
                    operandLabels.append(label)
                    axis += 1
                }
            }
            labels.append(operandLabels)
        }
        guard let outputLabels = outputLabels(output, operandLabels: labels) else { return nil }
        return (labels, outputLabels, sizeSource.mapValues(\.size))
    }

    /// The output's labels: as written after `->`, or else NumPy's implicit output (the axes under
    /// `...`, then the letters that appear once, in alphabetical order); nil after an error.
    private func outputLabels(_ output: EinsumTerm?, operandLabels: [[Int]]) -> [Int]? {
        let broadcastAxes = operandLabels.map { $0.filter { $0 < 0 }.count }.max() ?? 0
        let broadcastLabels = Array(-broadcastAxes..<0)
        guard let output else {
            let counts = operandLabels.joined().reduce(into: [Int: Int]()) { $0[$1, default: 0] += 1 }
            return broadcastLabels + counts.filter { $0.key >= 0 && $0.value == 1 }.keys.sorted()
        }
        var labels = [Int]()
        let known = Set(operandLabels.joined())
        for (item, column) in output.items {
            switch item {
            case .ellipsis:
                labels += broadcastLabels
            case .letter(let letter):
                let label = Int(letter.unicodeScalars.first!.value)
                guard known.contains(label) else {
                    return fail("index '\(letter)' of the output appears in no operand", column: column,
                                fix: "Use only letters of the operands' subscripts in the output")
                }
                guard !labels.contains(label) else {
                    return fail("index '\(letter)' appears twice in the output", column: column,
                                fix: "Name each axis of the output once (write 'ii->i' for a diagonal)")
                }
                labels.append(label)
            }
        }
        return labels
    }

    /// Raises an einsum error that shows the equation with a caret under `column`, then the
    /// problem and its fix; returns nil.
    private func fail<T>(_ problem: String, column: Int, fix: String, kind: BackpropError.Kind = .invalidArgument) -> T? {
        let padding = String(repeating: " ", count: Swift.max(0, column - 1))
        raise(BackpropError(
            kind, operation: "einsum",
            problem: "in the equation\n    \(equation)\n    \(padding)^\n\(problem) at column \(column)",
            fix: fix))
        return nil
    }
}
