extension ScalarOperation {
    /// The operation's value at `x` (and `y`, or the constant `c`), computed as recording
    /// computes it, so that a replay gives the recorded numbers bit for bit. Only the operations
    /// a ``CompiledProgram`` holds are evaluated here.
    @inline(__always)
    func value<S: ScalarArithmetic>(_ x: S, _ y: S, constant c: Double) -> S {
        switch self {
        case .add: x + y
        case .subtract: x - y
        case .multiply: x * y
        case .divide: x / y
        case .negate: -x
        case .addConstant: x + S(constant: c)
        case .constantSubtract: S(constant: c) - x
        case .multiplyConstant: x * S(constant: c)
        case .divideByConstant: x / S(constant: c)
        case .constantDivide: S(constant: c) / x
        case .powerConstant: c == 2 ? x * x : S.elementaryPow(x, S(constant: c))
        case .constantPower: S.elementaryPow(S(constant: c), x)
        case .unary(let function): S.apply(function, x)
        case .power: S.elementaryPow(x, y)
        // As Swift.max and Swift.min choose, which recording used.
        case .maximum: y.number >= x.number ? y : x
        case .minimum: y.number < x.number ? y : x
        case .maximumConstant: c >= x.number ? S(constant: c) : x
        case .minimumConstant: c < x.number ? S(constant: c) : x
        case .constant, .leaf, .imported, .tensor, .tensorLeaf, .tensorImported, .tensorElement, .custom:
            preconditionFailure("a compiled program holds no \(name) operation")
        }
    }
}

extension CompiledProgram {
    /// Runs the instructions forward over `slots` (which hold the inputs), writing every result.
    @inline(__always)
    func evaluate<S: ScalarArithmetic>(_ slots: UnsafeMutablePointer<S>) {
        instructions.withUnsafeBufferPointer { instructions in
            let results = slots + Int(firstResultSlot)
            for index in instructions.indices {
                let instruction = instructions[index]
                let y = slots[Int(instruction.rhs)]
                results[index] = instruction.operation.value(slots[Int(instruction.lhs)], y, constant: y.number)
            }
        }
    }

    /// The chain rule from the output back to every slot, in the reverse of the instructions'
    /// order with two multiply-adds each, as the tape's own sweep: `adjoints` starts at zero with
    /// the output's seed, and ends with ∂output/∂slot. Each instruction's local partials are
    /// computed here from the values ``evaluate(_:)`` left in `slots`, by the tape's own rule, so
    /// they equal the recorded ones; junk sent to a constant's slot is never read.
    @inline(__always)
    func sweepBackward<S: ScalarArithmetic>(_ slots: UnsafeMutablePointer<S>, _ adjoints: UnsafeMutablePointer<S>) {
        instructions.withUnsafeBufferPointer { instructions in
            let results = slots + Int(firstResultSlot), resultAdjoints = adjoints + Int(firstResultSlot)
            var index = instructions.count - 1
            while index >= 0 {
                let instruction = instructions[index]
                let x = slots[Int(instruction.lhs)], y = slots[Int(instruction.rhs)]
                let (dx, dy) = instruction.operation.partials(x: x, y: y, output: results[index], constant: y.number)
                let gradient = resultAdjoints[index]
                adjoints[Int(instruction.lhs)] = adjoints[Int(instruction.lhs)] + gradient * dx
                adjoints[Int(instruction.rhs)] = adjoints[Int(instruction.rhs)] + gradient * dy
                index -= 1
            }
        }
    }

    /// The first comparison that `slots` decide differently from the recording, if any.
    @inline(__always)
    func changedComparison<S: ScalarArithmetic>(in slots: UnsafeMutablePointer<S>) -> Comparison? {
        comparisons.first { $0.relation.holds(slots[Int($0.lhs)].number, slots[Int($0.rhs)].number) != $0.result }
    }
}
