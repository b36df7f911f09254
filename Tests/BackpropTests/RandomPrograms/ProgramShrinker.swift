import Backprop

/// Shrinks a failing program to a small one that still fails: it deletes instructions (their
/// readers read another value of the same type), cuts off computations by turning a value into
/// an input, makes a value the result, shrinks shapes and simplifies constants, for as long as one
/// of these changes keeps the program failing.
///
/// Every accepted change makes the program strictly simpler in the order of ``complexity(of:)``,
/// so shrinking ends.
enum ProgramShrinker {
    static func shrink(_ program: RandomProgram, keepingFailure isFailing: (RandomProgram) -> Bool) -> RandomProgram {
        var current = program.withoutUnusedSteps()
        search: while true {
            let measure = complexity(of: current)
            for candidate in candidates(of: current).map({ $0.withoutUnusedSteps() })
            where candidate.types != nil && complexity(of: candidate).lexicographicallyPrecedes(measure) && isFailing(candidate) {
                current = candidate
                continue search
            }
            return current
        }
    }

    /// Instructions, then elements, then inputs, then the digits of constants: what a reader of
    /// the program has to take in, most important first.
    static func complexity(of program: RandomProgram) -> [Int] {
        let operations = program.steps.count - program.inputPositions.count
        let elements = program.types?.reduce(0) { $0 + $1.count } ?? .max
        let constants = program.steps.flatMap { step -> [Double] in
            switch step {
            case .input(_, let scalars): scalars
            case .operation(let operation): operation.constants
            }
        }
        return [operations, elements, program.inputPositions.count, constants.reduce(0) { $0 + digits($1) }]
    }

    /// 0 for 0, 1 for ±1, 2 for other integers, then one more per decimal place up to two, and 5
    /// for anything longer.
    private static func digits(_ x: Double) -> Int {
        if x == 0 { return 0 }
        if Swift.abs(x) == 1 { return 1 }
        return (0...2).first { places in
            let scaled = x * Double([1, 10, 100][places])
            return scaled == scaled.rounded()
        }.map { $0 + 2 } ?? 5
    }

    /// Simpler variants of `program`, the boldest first.
    private static func candidates(of program: RandomProgram) -> [RandomProgram] {
        guard let types = program.types else { return [] }
        let operations = program.steps.indices.filter { !program.inputPositions.contains($0) }
        var candidates = [RandomProgram]()
        // A value as the result: the rest of the program is cut off.
        for position in program.steps.indices.dropLast() {
            let prefix = RandomProgram(steps: Array(program.steps[...position]))
            if types[position] == .scalar || types[position] == .tensor([]) { candidates.append(prefix) }
            candidates.append(RandomProgram(steps: prefix.steps + [.operation(.weightedSum(position, weights: Array(repeating: 1, count: types[position].count)))]))
        }
        // An instruction deleted, its readers reading one of its operands or another value of its type.
        for position in operations.dropLast() {
            guard case .operation(let operation) = program.steps[position] else { continue }
            let sameType = (0..<position).reversed().filter { types[$0] == types[position] }
            for replacement in operation.operands.filter(sameType.contains) + sameType {
                candidates.append(program.removing(position, readingInstead: replacement))
            }
        }
        // A computed value turned into an input holding it.
        if let values = constantValues(of: program) {
            for position in operations.dropLast() {
                var variant = program
                variant.steps[position] = .input(types[position], scalars: values[position].scalars)
                candidates.append(variant)
            }
        }
        candidates += smallerShapes(of: program).map { refittingWeights($0, shapedAs: types) }
        candidates += simplerConstants(of: program)
        return candidates
    }

    private static func constantValues(of program: RandomProgram) -> [ProgramValue]? {
        withoutRecording {
            try? withErrorChecking {
                program.values { _, type, scalars in ProgramValue(type, scalars: scalars, requiresGrad: false) }
            }
        }
    }

    /// One input's axis cut to 1 or by one, or one size cut everywhere it appears (inputs,
    /// reshape and broadcast targets) so that sizes that must agree keep agreeing.
    private static func smallerShapes(of program: RandomProgram) -> [RandomProgram] {
        var candidates = [RandomProgram]()
        var sizes = Set<Int>()
        for position in program.inputPositions {
            guard case .input(.tensor(let shape), let scalars) = program.steps[position] else { continue }
            for axis in shape.indices where shape[axis] > 1 {
                sizes.insert(shape[axis])
                for smaller in [1, shape[axis] - 1] {
                    var newShape = shape
                    newShape[axis] = smaller
                    var variant = program
                    variant.steps[position] = .input(.tensor(newShape), scalars: leadingBlock(of: scalars, shape: shape, newShape: newShape))
                    candidates.append(variant)
                }
            }
        }
        for size in sizes.sorted(by: >) {
            for smaller in Set([1, size - 1]) {
                let resize = { (shape: [Int]) in shape.map { $0 == size ? smaller : $0 } }
                candidates.append(RandomProgram(steps: program.steps.map { step in
                    switch step {
                    case .input(.tensor(let shape), let scalars):
                        .input(.tensor(resize(shape)), scalars: leadingBlock(of: scalars, shape: shape, newShape: resize(shape)))
                    case .operation(.reshape(let x, let shape)): .operation(.reshape(x, resize(shape)))
                    case .operation(.broadcast(let x, let shape)): .operation(.broadcast(x, resize(shape)))
                    default: step
                    }
                }))
            }
        }
        return candidates
    }

    /// `program`, whose shapes were cut from `original`, with the weights of each weighted sum cut
    /// to its operand's new shape.
    private static func refittingWeights(_ program: RandomProgram, shapedAs original: [ProgramType]) -> RandomProgram {
        var result = program, types = [ProgramType]()
        for (position, step) in program.steps.enumerated() {
            switch step {
            case .input(let type, _):
                types.append(type)
            case .operation(let operation):
                if case .weightedSum(let x, let weights) = operation, weights.count != types[x].count {
                    let old = original[x].shape ?? [], new = types[x].shape ?? []
                    let fits = old.count == new.count && zip(old, new).allSatisfy { $0 >= $1 }
                    result.steps[position] = .operation(.weightedSum(
                        x, weights: fits ? leadingBlock(of: weights, shape: old, newShape: new) : Array(repeating: 1, count: types[x].count)))
                }
                guard case .operation(let refitted) = result.steps[position], let type = refitted.resultType(types) else { return program }
                types.append(type)
            }
        }
        return result
    }

    /// The elements of a tensor of `shape` at the leading positions of each axis of `newShape`.
    private static func leadingBlock(of scalars: [Double], shape: [Int], newShape: [Int]) -> [Double] {
        let strides = shape.indices.map { elementCount(Array(shape[($0 + 1)...])) }
        return newShape.indices.reduce([0]) { offsets, axis in
            offsets.flatMap { base in (0..<newShape[axis]).map { base + $0 * strides[axis] } }
        }.map { scalars[$0] }
    }

    /// Inputs and constants rounded to integers or one decimal, all at once or one at a time.
    private static func simplerConstants(of program: RandomProgram) -> [RandomProgram] {
        let roundings: [(Double) -> Double] = [{ _ in 1 }, { $0.rounded() }, { ($0 * 10).rounded() / 10 }]
        var candidates = [RandomProgram]()
        for round in roundings {
            candidates.append(RandomProgram(steps: program.steps.map { $0.mappingConstants(round) }))
        }
        for position in program.steps.indices {
            for round in roundings {
                var variant = program
                variant.steps[position] = program.steps[position].mappingConstants(round)
                candidates.append(variant)
            }
        }
        return candidates
    }
}

extension RandomProgram.Step {
    /// The step with `transform` applied to its input values or its instruction's constants.
    func mappingConstants(_ transform: (Double) -> Double) -> RandomProgram.Step {
        switch self {
        case .input(let type, let scalars): .input(type, scalars: scalars.map(transform))
        case .operation(let operation): .operation(operation.mappingConstants(transform))
        }
    }
}

extension ProgramOperation {
    /// The numbers written into the instruction.
    var constants: [Double] {
        switch self {
        case .unary(.power(let c), _), .unary(.addConstant(let c), _), .unary(.multiplyConstant(let c), _): [c]
        case .clamp(_, let lower, let upper): [lower, upper]
        case .weightedSum(_, let weights): weights
        default: []
        }
    }

    /// The instruction with `transform` applied to its constants.
    func mappingConstants(_ transform: (Double) -> Double) -> ProgramOperation {
        switch self {
        case .unary(.power(let c), let x): .unary(.power(transform(c)), x)
        case .unary(.addConstant(let c), let x): .unary(.addConstant(transform(c)), x)
        case .unary(.multiplyConstant(let c), let x): .unary(.multiplyConstant(transform(c)), x)
        case .clamp(let x, let lower, let upper): .clamp(x, lower: transform(lower), upper: transform(upper))
        case .weightedSum(let x, let weights): .weightedSum(x, weights: weights.map(transform))
        default: self
        }
    }
}
