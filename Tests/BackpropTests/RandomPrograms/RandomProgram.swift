import Backprop

/// A differentiable program as data: a list of steps, each defining one value, that can be run
/// on the tape, run on constants for finite differences, shrunk, and printed as Swift code.
///
/// A step is an input (a tensor or a `Variable`, with its values: the program carries the point
/// at which it is differentiated) or an instruction over earlier values. The last value is the
/// program's result: a 0-d tensor or a `Variable`, the loss whose gradient is checked.
struct RandomProgram: Hashable {
    enum Step: Hashable {
        case input(ProgramType, scalars: [Double])
        case operation(ProgramOperation)
    }

    var steps: [Step]

    /// The positions of the input steps.
    var inputPositions: [Int] {
        steps.indices.filter { if case .input = steps[$0] { true } else { false } }
    }

    /// The values of the inputs, in the order of ``inputPositions``.
    var inputScalars: [[Double]] {
        steps.compactMap { if case .input(_, let scalars) = $0 { scalars } else { nil } }
    }

    /// The type of every value, or nil when an instruction does not fit its operands, an input
    /// holds the wrong number of elements, or the result is not a single number.
    var types: [ProgramType]? {
        var types = [ProgramType]()
        for step in steps {
            switch step {
            case .input(let type, let scalars):
                guard scalars.count == type.count else { return nil }
                types.append(type)
            case .operation(let operation):
                guard operation.operands.allSatisfy({ $0 < types.count }), let type = operation.resultType(types) else { return nil }
                types.append(type)
            }
        }
        guard let result = types.last, result == .scalar || result == .tensor([]) else { return nil }
        return types
    }

    /// Every value, with the inputs given by `input` (called with an input's position, type and
    /// scalars).
    func values(input: (Int, ProgramType, [Double]) -> ProgramValue) -> [ProgramValue] {
        var values = [ProgramValue]()
        for (position, step) in steps.enumerated() {
            switch step {
            case .input(let type, let scalars): values.append(input(position, type, scalars))
            case .operation(let operation): values.append(operation.evaluate(values))
            }
        }
        return values
    }

    /// The program without the steps the result does not depend on, renumbered.
    func withoutUnusedSteps() -> RandomProgram {
        var used = Set([steps.count - 1])
        for position in steps.indices.reversed() where used.contains(position) {
            if case .operation(let operation) = steps[position] { used.formUnion(operation.operands) }
        }
        var renumbered = [Int: Int](), kept = [Step]()
        for position in steps.indices where used.contains(position) {
            renumbered[position] = kept.count
            switch steps[position] {
            case .input: kept.append(steps[position])
            case .operation(let operation): kept.append(.operation(operation.renamingOperands { renumbered[$0]! }))
            }
        }
        return RandomProgram(steps: kept)
    }

    /// The program with value `removed` gone and every use of it reading `replacement` instead.
    func removing(_ removed: Int, readingInstead replacement: Int) -> RandomProgram {
        var result = self
        result.steps.remove(at: removed)
        for position in removed..<result.steps.count {
            if case .operation(let operation) = result.steps[position] {
                result.steps[position] = .operation(operation.renamingOperands { operand in
                    let reading = operand == removed ? replacement : operand
                    return reading > removed ? reading - 1 : reading
                })
            }
        }
        return result
    }
}
