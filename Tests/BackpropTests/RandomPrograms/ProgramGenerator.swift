import Backprop

/// Generates a random program from a seed: a few inputs of random small shapes (some of them
/// `Variable`s) and random instructions over them, each chosen so that it fits its operands, its
/// values stay finite and moderate, and every kink and domain edge is at least
/// ``RandomProgram/minimumMargin`` away. The results nothing else reads are summed with random
/// weights into the single number that is differentiated.
///
/// Instructions are tried at the actual values of the point: a log whose operand is not
/// positive is preceded by exp, softplus or x·x + 1; a candidate that would leave the domain or
/// come near a kink is dropped and another one drawn.
struct ProgramGenerator {
    private var random: SeededRandomNumberGenerator
    private var program = RandomProgram(steps: [])
    private var types = [ProgramType]()
    private var values = [ProgramValue]()

    /// The largest magnitude an instruction may produce.
    static let valueLimit = 100.0

    /// The program for `seed`; the same seed gives the same program on every machine.
    static func program(seed: UInt64) -> RandomProgram {
        var generator = ProgramGenerator(random: SeededRandomNumberGenerator(seed: seed))
        return generator.generate()
    }

    private init(random: SeededRandomNumberGenerator) {
        self.random = random
    }

    private mutating func generate() -> RandomProgram {
        _ = addInput(randomShape())
        if chance(0.5) { _ = addInput(nil) }
        let length = integer(in: 1...10)
        var attempts = 0
        while program.steps.count - program.inputPositions.count < length && attempts < 200 {
            attempts += 1
            attempt { $0.addRandomInstruction() }
        }
        reduceToOneNumber()
        return program
    }

    // MARK: Building blocks

    /// Runs `body` on a copy and keeps its steps only when it succeeds.
    private mutating func attempt(_ body: (inout ProgramGenerator) -> Int?) {
        var trial = self
        if body(&trial) != nil { self = trial }
    }

    /// Appends `operation` when it fits, stays finite and moderate and keeps its kinks at a
    /// margin; returns the new value's position.
    private mutating func add(_ operation: ProgramOperation) -> Int? {
        guard let type = operation.resultType(types) else { return nil }
        let checked: (ProgramValue, KinkSides)? = withoutRecording {
            try? withErrorChecking { () -> (ProgramValue, KinkSides) in
                (operation.evaluate(values), operation.kinks(values))
            }
        }
        guard let (value, kinks) = checked, kinks.margin >= RandomProgram.minimumMargin,
              value.scalars.allSatisfy({ $0.isFinite && Swift.abs($0) <= Self.valueLimit })
        else { return nil }
        return append(.operation(operation), type: type, value: value)
    }

    /// Appends an input of `shape` (a `Variable` when nil), uniform in [−2, 2] and rounded to
    /// two decimals so that printed programs stay readable.
    private mutating func addInput(_ shape: [Int]?) -> Int {
        let type: ProgramType = shape.map(ProgramType.tensor) ?? .scalar
        let scalars = (0..<type.count).map { _ in (uniform(-2, 2) * 100).rounded() / 100 }
        return append(.input(type, scalars: scalars), type: type, value: ProgramValue(type, scalars: scalars, requiresGrad: false))
    }

    private mutating func append(_ step: RandomProgram.Step, type: ProgramType, value: ProgramValue) -> Int {
        program.steps.append(step)
        types.append(type)
        values.append(value)
        return values.count - 1
    }

    // MARK: Choices
    // Drawn from the generator's bits directly rather than through the standard library's
    // `random(in:using:)` and `shuffled(using:)`, whose algorithms may change between toolchains.

    private mutating func integer(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(random.next() % UInt64(range.count))
    }
    private mutating func chance(_ probability: Double) -> Bool { random.nextUniform() < probability }
    private mutating func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * random.nextUniform() }
    private mutating func element<T>(_ choices: [T]) -> T { choices[integer(in: 0...(choices.count - 1))] }
    private mutating func shuffled<T>(_ elements: [T]) -> [T] {
        var result = elements
        for position in stride(from: result.count - 1, to: 0, by: -1) { result.swapAt(position, integer(in: 0...position)) }
        return result
    }
    /// A constant such as 0.25 or −1.5, readable in printed programs.
    private mutating func constant(_ magnitude: Double) -> Double { (uniform(-magnitude, magnitude) * 4).rounded() / 4 }

    /// A shape of rank 0 to 3 with sizes 1 to 4 and at most 24 elements.
    private mutating func randomShape() -> [Int] {
        while true {
            let shape = (0..<integer(in: 0...3)).map { _ in integer(in: 1...4) }
            if elementCount(shape) <= 24 { return shape }
        }
    }

    /// A value satisfying `condition`: half of the time the newest one, so that programs grow
    /// deep, otherwise any, so that values are reused.
    private mutating func value(where condition: (ProgramType) -> Bool) -> Int? {
        let candidates = types.indices.filter { condition(types[$0]) }
        guard let newest = candidates.last else { return nil }
        return chance(0.5) ? newest : element(candidates)
    }

    private mutating func tensor(minimumRank: Int = 0) -> Int? {
        value { ($0.shape?.count ?? -1) >= minimumRank }
    }

    /// An existing tensor of a shape accepted by `fits`, or else a new input of `shape`.
    private mutating func tensor(fitting fits: ([Int]) -> Bool, orNew shape: [Int]) -> Int {
        if chance(0.5), let existing = value(where: { $0.shape.map(fits) ?? false }) { return existing }
        return addInput(shape)
    }

    /// `shape` with some sizes replaced by 1 and leading axes dropped or added: a shape that
    /// broadcasts with it.
    private mutating func broadcastPartner(of shape: [Int]) -> [Int] {
        var partner = shape.map { chance(0.4) ? 1 : $0 }
        if !partner.isEmpty && chance(0.3) { partner.removeFirst() }
        if partner.count < 3 && chance(0.2) { partner.insert(integer(in: 1...3), at: 0) }
        return partner
    }

    private mutating func axis(rank: Int) -> Int {
        let axis = integer(in: 0...(rank - 1))
        return chance(0.3) ? axis - rank : axis
    }

    // MARK: Instructions

    private mutating func addRandomInstruction() -> Int? {
        switch integer(in: 0...22) {
        case 0...3: addUnary()
        case 4...8: addBinary()
        case 9: addClamp()
        case 10, 11: addReduction()
        case 12: addSoftmax()
        case 13, 14: addMatmul()
        case 15: addReshapeOrPermute()
        case 16: addBroadcast()
        case 17: addConcatenation()
        case 18: addSlice()
        case 19: addFlipPadOrCumulativeSum()
        case 20: addGather()
        case 21: addScalarConversion()
        default: addTransposedMatmul()
        }
    }

    private mutating func addUnary() -> Int? {
        guard let x = value(where: { _ in true }) else { return nil }
        let f: ProgramOperation.UnaryFunction = element(
            Backprop.UnaryFunction.allCases.map(ProgramOperation.UnaryFunction.function)
                + [.negate, .power(element([2, 3, -1, 0.5, 1.5])), .addConstant(constant(2)), .multiplyConstant(constant(2))])
        switch f {
        case .function(let function): return add(.unary(f, inDomain(x, of: function)))
        case .power: return add(.unary(f, positive(x)))
        default: return add(.unary(f, x))
        }
    }

    /// `x` brought inside `function`'s domain: made positive (and shifted) for a lower bound,
    /// squashed by tanh for a bounded one.
    private mutating func inDomain(_ x: Int, of function: Backprop.UnaryFunction) -> Int {
        let (lower, upper) = function.definition.domain
        switch (lower.isFinite, upper.isFinite) {
        case (false, false): return x
        case (true, false):
            let positiveX = positive(x)
            return lower <= 0 ? positiveX : add(.unary(.addConstant(lower), positiveX)) ?? positiveX
        default:
            // Within 80% of the half-width of the interval around its middle.
            let squashed = add(.unary(.function(.tanh), x)).flatMap { add(.unary(.multiplyConstant(0.8 * (upper - lower) / 2), $0)) }
            return squashed.flatMap { add(.unary(.addConstant((lower + upper) / 2), $0)) } ?? x
        }
    }

    /// `x`, or when some element is not comfortably positive, a positive value made from it by
    /// exp, softplus or x·x + 1 (reading x twice).
    private mutating func positive(_ x: Int) -> Int {
        if values[x].scalars.allSatisfy({ $0 > 0.1 }) { return x }
        switch integer(in: 0...2) {
        case 0: return add(.unary(.function(.exp), x)) ?? x
        case 1: return add(.unary(.function(.softplus), x)) ?? x
        default: return add(.binary(.multiply, x, x)).flatMap { add(.unary(.addConstant(1), $0)) } ?? x
        }
    }

    private mutating func addBinary() -> Int? {
        guard let x = value(where: { _ in true }) else { return nil }
        let f = element(ProgramOperation.BinaryFunction.allCases)
        let sameKind = f == .power || f == .maximum
        var y: Int
        switch types[x] {
        case .tensor(let shape) where sameKind || chance(0.75):
            let partner = broadcastPartner(of: shape)
            y = tensor(fitting: { broadcastShape($0, shape) != nil }, orNew: partner)
        case .scalar where sameKind || chance(0.5):
            y = value(where: { $0 == .scalar }).flatMap { chance(0.5) ? $0 : nil } ?? addInput(nil)
        case .scalar:
            y = tensor(fitting: { _ in true }, orNew: randomShape())
        case .tensor:
            y = value(where: { $0 == .scalar }).flatMap { chance(0.5) ? $0 : nil } ?? addInput(nil)
        }
        var (lhs, rhs) = chance(0.5) ? (x, y) : (y, x)
        if f == .power { lhs = positive(lhs) }
        return add(.binary(f, lhs, rhs))
    }

    private mutating func addClamp() -> Int? {
        guard let x = tensor() else { return nil }
        // Bounds halfway between neighbouring values keep every element away from them; a
        // bound beyond the value limit leaves that side open.
        let sorted = Set(values[x].scalars).sorted()
        let midpoints = zip(sorted, sorted.dropFirst()).map { ($0 + $1) / 2 }
        let lower = midpoints.isEmpty || chance(0.3) ? -10 * Self.valueLimit : element(midpoints)
        let upper = midpoints.filter { $0 > lower }.isEmpty || chance(0.3)
            ? 10 * Self.valueLimit : element(midpoints.filter { $0 > lower })
        return add(.clamp(x, lower: lower, upper: upper))
    }

    private mutating func addReduction() -> Int? {
        guard let x = tensor() else { return nil }
        let rank = types[x].shape!.count
        let reduction = element(ProgramOperation.Reduction.allCases)
        guard rank > 0, chance(0.7) else { return add(.reduce(reduction, x, axes: nil, keepingDimensions: false)) }
        var axes = [axis(rank: rank)]
        if rank > 1 && chance(0.4) {
            let other = integer(in: 0...(rank - 1))
            if ProgramOperation.axes(axes + [other], rank: rank) != nil { axes.append(other) }
        }
        return add(.reduce(reduction, x, axes: axes, keepingDimensions: chance(0.5)))
    }

    private mutating func addSoftmax() -> Int? {
        guard let x = tensor(minimumRank: 1) else { return nil }
        let axis = axis(rank: types[x].shape!.count)
        return add(chance(0.5) ? .softmax(x, axis: axis) : .logSoftmax(x, axis: axis))
    }

    private mutating func addMatmul() -> Int? {
        guard let x = value(where: { ($0.shape?.count ?? 0) >= 1 && ($0.shape?.count ?? 0) <= 3 }) else { return nil }
        let shape = types[x].shape!, k = shape[shape.count - 1], n = integer(in: 1...4)
        var options = [[k], [k, n]]
        if shape.count == 3 { options.append([element([1, shape[0]]), k, n]) }
        let rhsShape = element(options)
        let y = tensor(fitting: { $0 == rhsShape }, orNew: rhsShape)
        return add(.matmul(x, y))
    }

    private mutating func addTransposedMatmul() -> Int? {
        guard let x = value(where: { ($0.shape?.count ?? 0) >= 2 && ($0.shape?.count ?? 0) <= 3 }) else { return nil }
        let shape = types[x].shape!, transposeA = chance(0.5), transposeB = chance(0.5)
        let k = transposeA ? shape[shape.count - 2] : shape[shape.count - 1], n = integer(in: 1...4)
        let rhsShape = (shape.count == 3 && chance(0.5) ? [shape[0]] : []) + (transposeB ? [n, k] : [k, n])
        let y = tensor(fitting: { $0 == rhsShape }, orNew: rhsShape)
        return add(.transposedMatmul(x, y, transposeA: transposeA, transposeB: transposeB))
    }

    private mutating func addReshapeOrPermute() -> Int? {
        guard let x = tensor() else { return nil }
        let shape = types[x].shape!
        if shape.count >= 2 && chance(0.5) { return add(.permute(x, shuffled(Array(shape.indices)))) }
        // A random factorisation of the element count, with axes of size 1 here and there.
        var remaining = elementCount(shape), target = [Int]()
        while remaining > 1 {
            let divisors = (1...remaining).filter { remaining % $0 == 0 && $0 > 1 }
            let factor = target.count == 2 ? remaining : element(divisors)
            target.append(factor)
            remaining /= factor
        }
        if chance(0.3) { target.insert(1, at: integer(in: 0...target.count)) }
        return add(.reshape(x, target))
    }

    private mutating func addBroadcast() -> Int? {
        guard let x = tensor(), types[x].shape!.count < 3 else { return nil }
        var target = types[x].shape!.map { $0 == 1 && chance(0.7) ? integer(in: 2...3) : $0 }
        if chance(0.5) { target.insert(integer(in: 2...3), at: 0) }
        return add(.broadcast(x, target))
    }

    private mutating func addConcatenation() -> Int? {
        guard let x = tensor(minimumRank: 1) else { return nil }
        let shape = types[x].shape!, axis = axis(rank: shape.count)
        let position = (axis + shape.count) % shape.count
        var parts = [x]
        for _ in 0..<integer(in: 1...2) {
            var other = shape
            other[position] = integer(in: 1...3)
            // Sometimes the same value twice: both copies' gradients must add up.
            parts.append(chance(0.25) ? x : tensor(fitting: { candidate in
                candidate.count == shape.count && candidate.indices.allSatisfy { $0 == position || candidate[$0] == shape[$0] }
            }, orNew: other))
        }
        return add(.concatenate(shuffled(parts), axis: axis))
    }

    private mutating func addSlice() -> Int? {
        guard let x = tensor(minimumRank: 1) else { return nil }
        let shape = types[x].shape!
        var indices = [TensorIndex]()
        for size in shape.prefix(integer(in: 1...shape.count)) {
            let start = integer(in: 0...(size - 1)), end = integer(in: (start + 1)...size)
            indices.append(element([
                .all, .at(chance(0.3) ? start - size : start), .range(start..<end),
                size >= 3 ? .stride(start..<size, by: 2) : .upTo(end), .from(start),
                .slice(chance(0.5) ? start - size : start, chance(0.3) ? nil : end + integer(in: 0...2), step: integer(in: 1...2)),
            ]))
        }
        return add(.slice(x, indices))
    }

    private mutating func addFlipPadOrCumulativeSum() -> Int? {
        guard let x = tensor(minimumRank: 1) else { return nil }
        let rank = types[x].shape!.count
        switch integer(in: 0...2) {
        case 0:
            let axes = (0..<rank).filter { _ in chance(0.5) }
            return add(.flip(x, axes: axes.isEmpty ? [axis(rank: rank)] : axes))
        case 1:
            return add(.pad(x, (0..<rank).map { _ in .init(before: integer(in: 0...1), after: integer(in: 0...1)) }))
        default:
            return add(.cumulativeSum(x, axis: axis(rank: rank)))
        }
    }

    private mutating func addGather() -> Int? {
        guard let x = tensor(minimumRank: 1) else { return nil }
        let shape = types[x].shape!, axis = axis(rank: shape.count)
        let size = shape[(axis + shape.count) % shape.count]
        return add(.gather(x, indices: (0..<integer(in: 1...4)).map { _ in integer(in: 0...(size - 1)) }, axis: axis))
    }

    private mutating func addScalarConversion() -> Int? {
        if chance(0.3), let v = value(where: { $0 == .scalar }) { return add(.toTensor(v)) }
        if let single = value(where: { $0.shape != nil && $0.count == 1 }), chance(0.7) { return add(.toScalar(single)) }
        guard let x = tensor(), let total = add(.reduce(element([.sum, .mean, .max]), x, axes: nil, keepingDimensions: false))
        else { return nil }
        return add(.toScalar(total))
    }

    // MARK: The result

    /// Sums every value no instruction reads, each weighted elementwise by random constants, into
    /// the program's result.
    private mutating func reduceToOneNumber() {
        let read = Set(program.steps.flatMap { step -> [Int] in
            if case .operation(let operation) = step { operation.operands } else { [] }
        })
        var total: Int?
        for sink in types.indices where !read.contains(sink) {
            let weights = (0..<types[sink].count).map { _ in constant(1.5) }.map { $0 == 0 ? 0.5 : $0 }
            let term = appendUnchecked(.weightedSum(sink, weights: weights))
            total = total.map { appendUnchecked(.binary(.add, $0, term)) } ?? term
        }
    }

    /// Appends an instruction without the checks of ``add(_:)``, which finishing a program must
    /// not refuse: sums and weighted sums are smooth, and with every value below
    /// ``valueLimit`` they stay below ``RandomProgram/magnitudeLimit``.
    private mutating func appendUnchecked(_ operation: ProgramOperation) -> Int {
        append(.operation(operation), type: operation.resultType(types)!, value: withoutRecording { operation.evaluate(values) })
    }
}
