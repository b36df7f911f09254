extension Variable {
    /// Records `operation` with two Variable inputs; the rule in `ScalarOperation.partials`
    /// supplies the local derivatives.
    @inlinable @inline(__always)
    static func record(_ operation: ScalarOperation, _ value: Double, _ x: Variable, _ y: Variable) -> Variable {
        let (dx, dy) = operation.partials(x: x.value, y: y.value, output: value, constant: 0)
        if x.index != 0 && y.index != 0 && x.tape === y.tape && x.tape.acceptsInlineRecording {
            return Variable(value: value, tape: x.tape, index: x.tape.append(operation, value: value, x.index, dx, y.index, dy))
        }
        return recordAcrossTapes(operation, value, x, dx, y, dy)
    }

    /// Records `operation` with one Variable input and an optional constant operand.
    @inlinable @inline(__always)
    static func record(_ operation: ScalarOperation, _ value: Double, _ x: Variable, constant: Double = 0) -> Variable {
        let (dx, kept) = operation.partials(x: x.value, y: 0, output: value, constant: constant)
        let tape = x.tape
        if x.index == 0 { return Variable(value: value, tape: tape, index: 0) }
        if tape.acceptsInlineRecording {
            return Variable(value: value, tape: tape, index: tape.append(operation, value: value, x.index, dx, 0, kept))
        }
        return recordAcrossTapes(operation, value, x, dx, Variable(constant: 0), kept)
    }

    /// The slow path: a constant operand, operands on different tapes, on a closed tape, or
    /// recording paused. The node goes on the newest tape that accepts it; operands from other
    /// tapes are imported; a constant operand's value is kept for recorded sweeps. Taking the
    /// operands as `consuming` keeps reference counting off the fast path.
    @usableFromInline @inline(never)
    static func recordAcrossTapes(
        _ operation: ScalarOperation, _ value: Double, _ x: consuming Variable, _ dx: Double,
        _ y: consuming Variable, _ dy: Double
    ) -> Variable {
        let context = ThreadContext.current
        guard context.isRecording, (x.index | y.index) != 0 else {
            return Variable(value: value, tape: x.tape, index: 0)
        }
        var operandTapes: [Tape] = []
        if x.index != 0 { operandTapes.append(x.tape) }
        if y.index != 0 { operandTapes.append(y.tape) }
        let target = Tape.target(for: operandTapes, context: context)
        let index = target.append(operation, value: value, x.node(on: target), dx, y.node(on: target), dy)
        if operation.takesTwoVariables && (x.index == 0 || y.index == 0) {
            target.constantOperands[index] = (x.value, y.value)
        }
        if context.detectsAnomalies {
            target.checkForward(node: index, operation: operation.name, value: value,
                                inputs: operation.takesTwoVariables ? [x.value, y.value] : [x.value])
        }
        return Variable(value: value, tape: target, index: index)
    }

    /// This Variable's node on `target`, importing it when it was recorded elsewhere.
    func node(on target: Tape) -> Int32 {
        if index == 0 || tape === target { return index }
        return target.importScalar(index, from: tape, value: value)
    }
}
