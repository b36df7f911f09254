import Backprop

extension RandomProgram {
    /// The name of value `position` in printed code: `x` for inputs, `v` for results.
    func name(_ position: Int) -> String {
        if case .input = steps[position] { "x\(position)" } else { "v\(position)" }
    }

    /// The program as Swift statements that build it on the tape and run `backward()`, followed,
    /// when `comparison` is given, by expectations that the gradients equal the finite-difference
    /// estimates — a test to paste into `Tests/BackpropTests`.
    func swiftCode(comparison: GradientComparison? = nil) -> String {
        guard let types else { return "// (the program does not type-check)" }
        let names = steps.indices.map(name)
        var lines = [String]()
        for (position, step) in steps.enumerated() {
            switch step {
            case .input(.scalar, let scalars):
                lines.append("let \(names[position]) = Variable(\(scalars[0]))")
            case .input(.tensor(let shape), let scalars):
                lines.append("let \(names[position]) = \(tensorLiteral(shape, scalars, requiresGrad: true))")
            case .operation(let operation):
                lines.append("let \(names[position]) = \(operation.swiftExpression(names: names, types: types))")
            }
        }
        lines.append("\(names[names.count - 1]).backward()")
        guard let comparison else { return lines.joined(separator: "\n") }
        for (input, position) in inputPositions.enumerated() {
            let tape = comparison.tape[input], numeric = comparison.numeric[input]
            // Where a finite-difference step crossed a kink there is no estimate; expect the
            // tape's own value there so that only the estimated elements are judged.
            let expected = zip(tape, numeric).map { $1 ?? $0 }
            let actual = types[position] == .scalar
                ? "[\(names[position]).grad ?? 0]"
                : "\(names[position]).grad?.scalars ?? Array(repeating: 0, count: \(tape.count))"
            lines.append("// The tape gives \(tape).")
            lines.append("#expect(close(\(actual), \(expected), tolerance: \(Self.tolerance)))")
        }
        return lines.joined(separator: "\n")
    }
}
