/// A recorded scalar function as a flat list of instructions over numbered slots: slot 0 is
/// zero, the inputs follow, then the constants, then one result per instruction in order, so
/// that instruction `i` writes slot `firstResultSlot + i`. Built once from a tape; replayed at
/// any inputs (`CompiledProgram+Replay.swift`).
struct CompiledProgram {
    /// One operation: its kind (a scalar tape operation) and its operands' slots. An operation
    /// with a constant operand (the `…Constant` forms) reads it from the slot `rhs`, so that an
    /// instruction is 12 bytes and a replay streams through little memory.
    struct Instruction {
        let lhs: Int32
        let rhs: Int32
        let operation: ScalarOperation
    }

    /// A recorded comparison, its operands as slots.
    struct Comparison {
        let relation: RecordedComparison.Relation
        let lhs: Int32
        let rhs: Int32
        let result: Bool
        let origin: OperationOrigin
    }

    let inputCount: Int
    /// The initial contents of every slot: zero, the inputs as recorded, the constants, the
    /// results as recorded (overwritten by each replay).
    let initialSlots: [Double]
    let instructions: [Instruction]
    /// The slot the first instruction writes.
    let firstResultSlot: Int32
    let outputSlot: Int32
    /// The comparisons whose outcome depends on the inputs; constant ones cannot change.
    let comparisons: [Comparison]

    /// The input slots are 1 through `inputCount`.
    static func inputSlot(_ input: Int) -> Int32 { Int32(input + 1) }

    /// Whether `slot` holds an input or a result rather than a constant.
    func isVariable(_ slot: Int32) -> Bool { (slot >= 1 && slot <= Int32(inputCount)) || slot >= firstResultSlot }
}

extension CompiledProgram {
    /// The program computing node `output` of `tape` from the leaves `inputs`, keeping only the
    /// operations the output or a noted comparison needs (dead ones are dropped), folding
    /// every node that does not depend on an input into a constant, and, when `simplifying`,
    /// computing a repeated operation on the same operands once.
    init(tape: Tape, inputs: [Int32], output: Variable, comparisons noted: [RecordedComparison], simplifying: Bool) throws(BackpropError) {
        guard output.index == 0 || output.tape === tape else {
            throw BackpropError(
                .invalidArgument, operation: "compile(at:_:)",
                problem: "the function's result was recorded on another tape than its inputs (it mixes in Variables of another thread or of a computation that was closed by backward())",
                fix: "Create the Variables the function uses inside it, or pass them in as inputs")
        }
        let state = tape.scalars.pointee
        let operations = state.operations, entries = state.entries, values = state.values
        func onTape(_ operand: RecordedComparison.Operand) -> Bool { operand.tape === tape && operand.node != 0 }
        let noted = noted.filter { onTape($0.lhs) || onTape($0.rhs) }
        let last = Int(([output.index] + noted.flatMap { [$0.lhs, $0.rhs].filter(onTape).map(\.node) }).max() ?? 0)

        var needed = [Bool](repeating: false, count: last + 1)
        needed[Int(output.index)] = true
        for comparison in noted { for operand in [comparison.lhs, comparison.rhs] where onTape(operand) { needed[Int(operand.node)] = true } }
        // A tensor record's node reaches its inputs through the record, not its scalar entry.
        func operands(of node: Int) -> [Int32] {
            let operation = operations[node]
            if operation == .tensor { return tape.record(producing: Int32(node))?.inputNodes ?? [] }
            return operation.isInterior ? [entries[node].lhs, entries[node].rhs] : []
        }
        for node in stride(from: last, to: 0, by: -1) where needed[node] {
            for operand in operands(of: node) { needed[Int(operand)] = true }
        }

        var slots: [Double] = [0] + inputs.map { values[Int($0)] }
        var slotOfNode = [Int32](repeating: -1, count: last + 1)
        var dependent = [Bool](repeating: false, count: last + 1)
        for (input, node) in inputs.enumerated() where Int(node) <= last {
            slotOfNode[Int(node)] = Self.inputSlot(input)
            dependent[Int(node)] = true
        }
        // Slots are numbered as found here and renumbered at the end (constants before results).
        var constantSlots: [UInt64: Int32] = [Double(0).bitPattern: 0]
        var constantOrder: [Int32] = []
        func constant(_ value: Double) -> Int32 {
            if let slot = constantSlots[value.bitPattern] { return slot }
            slots.append(value)
            constantSlots[value.bitPattern] = Int32(slots.count - 1)
            constantOrder.append(Int32(slots.count - 1))
            return Int32(slots.count - 1)
        }
        struct Key: Hashable {
            let operation: ScalarOperation, lhs: Int32, rhs: Int32
        }
        var computed: [Key: Int32] = [:]
        var provisional: [(instruction: Instruction, output: Int32)] = []

        for node in 1..<(last + 1) where needed[node] && slotOfNode[node] < 0 {
            let operation = operations[node], entry = entries[node]
            let twoInputs = operation.takesTwoVariables
            guard operands(of: node).contains(where: { dependent[Int($0)] }) else {
                slotOfNode[node] = constant(values[node])
                continue
            }
            if operation.isTensor || operation == .tensorElement || operation == .custom {
                throw BackpropError(
                    .invalidArgument, operation: "compile(at:_:)",
                    problem: "the function applies \(operation == .custom ? "a custom operation (Variable.differentiable)" : "a tensor operation") to its inputs, and a compiled function replays scalar Variable operations only",
                    fix: "Differentiate it with gradient(at:of:) instead, which records it on every call")
            }
            dependent[node] = true
            let kept = tape.constantOperands[Int32(node)]
            let lhs = entry.lhs == 0 ? constant(kept?.lhs ?? 0) : slotOfNode[Int(entry.lhs)]
            // One-input operations keep their constant operand where the second partial would be.
            let rhs = !twoInputs ? constant(entry.rhsPartial) : entry.rhs == 0 ? constant(kept?.rhs ?? 0) : slotOfNode[Int(entry.rhs)]
            let key = Key(operation: operation, lhs: lhs, rhs: rhs)
            if simplifying, let slot = computed[key] {
                slotOfNode[node] = slot
                continue
            }
            slots.append(values[node])
            let slot = Int32(slots.count - 1)
            provisional.append((Instruction(lhs: lhs, rhs: rhs, operation: operation), slot))
            slotOfNode[node] = slot
            if simplifying { computed[key] = slot }
        }

        func dependsOnInputs(_ operand: RecordedComparison.Operand) -> Bool { onTape(operand) && dependent[Int(operand.node)] }
        func slot(of operand: RecordedComparison.Operand) -> Int32 {
            dependsOnInputs(operand) ? slotOfNode[Int(operand.node)] : constant(operand.value)
        }
        let comparisons = noted.compactMap { comparison -> Comparison? in
            guard dependsOnInputs(comparison.lhs) || dependsOnInputs(comparison.rhs) else { return nil }
            return Comparison(relation: comparison.relation, lhs: slot(of: comparison.lhs), rhs: slot(of: comparison.rhs),
                              result: comparison.result, origin: comparison.origin)
        }
        let outputSlot = output.index != 0 ? slotOfNode[Int(output.index)] : constant(output.value)

        var renumbered = [Int32](repeating: 0, count: slots.count)
        var next = Int32(inputs.count + 1)
        for input in 0...inputs.count { renumbered[input] = Int32(input) }
        for slot in constantOrder + provisional.map(\.output) {
            renumbered[Int(slot)] = next
            next += 1
        }
        var ordered = [Double](repeating: 0, count: slots.count)
        for (slot, value) in slots.enumerated() { ordered[Int(renumbered[slot])] = value }
        self.init(
            inputCount: inputs.count, initialSlots: ordered,
            instructions: provisional.map { Instruction(lhs: renumbered[Int($0.instruction.lhs)], rhs: renumbered[Int($0.instruction.rhs)], operation: $0.instruction.operation) },
            firstResultSlot: Int32(inputs.count + 1 + constantOrder.count), outputSlot: renumbered[Int(outputSlot)],
            comparisons: comparisons.map { Comparison(relation: $0.relation, lhs: renumbered[Int($0.lhs)], rhs: renumbered[Int($0.rhs)], result: $0.result, origin: $0.origin) })
    }
}
