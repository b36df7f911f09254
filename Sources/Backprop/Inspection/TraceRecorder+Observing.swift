/// A trace records the sweep by watching it: each node's complete gradient for the graph, and
/// each edge as a step with its formula, values and, for tensors, shapes.
extension TraceRecorder: SweepObserver {
    func reached(_ node: Int32, gradient: Double, in sweep: Sweep) {
        noteGradient(ValueSummary(gradient), of: node, on: sweep.tape)
    }

    func passed(
        _ contribution: Double, from node: Int32, to input: Int32, second: Bool, upstream: Double, partial: Double, in sweep: Sweep
    ) {
        let (x, y, constant) = withLabels(of: sweep.tape) { $0.operandLabels(of: node) }
        let operation = sweep.tape.scalars.pointee.operations[Int(node)]
        append(
            from: node, to: input, on: sweep.tape, formula: operation.derivativeFormula(second: second, x, y, constant: constant),
            localValue: partial, upstream: ValueSummary(upstream), contribution: ValueSummary(contribution),
            totalSoFar: { sweep.gradientSoFar(of: input) })
    }

    func reached<Element>(_ node: Int32, gradient: Tensor<Element>, in sweep: Sweep) {
        noteGradient(ValueSummary(gradient), of: node, on: sweep.tape)
    }

    func passed<Element>(
        _ contribution: Tensor<Element>, added: Tensor<Element>, from record: TensorRecord, input index: Int,
        upstream: Tensor<Element>, in sweep: Sweep
    ) {
        let input = record.inputNodes[index]
        // A Variable read as a tensor passes its gradient on whole: no formula in its input, no shapes.
        guard let operation = record as? OperationRecord<Element> else {
            return append(
                from: record.node, to: input, on: sweep.tape, formula: record.operation.gradientFormula(input: 0, inputs: []),
                upstream: ValueSummary(upstream), contribution: ValueSummary(added), totalSoFar: { sweep.gradientSoFar(of: input) })
        }
        let labels = withLabels(of: sweep.tape) { $0.inputLabels(of: operation) }
        append(
            from: record.node, to: input, on: sweep.tape,
            formula: record.operation.gradientFormula(input: index, inputs: labels),
            upstream: ValueSummary(upstream), contribution: ValueSummary(added), totalSoFar: { sweep.gradientSoFar(of: input) },
            shapes: record.operation == .matmul(transposeA: false, transposeB: false) ? Self.matmulShapes(upstream: upstream.shape, inputs: operation.inputShapes, input: index)
                : "\(formatShape(upstream.shape)) → \(formatShape(operation.inputShapes[index]))")
    }

    func finished(sweeping tape: Tape) {
        finishSweep(of: tape)
    }

    /// The dimension-compatibility statement of a product's gradient: for C = A·B with δ = ∂L/∂C,
    /// `δ·Bᵀ : [m×n]·[n×k] → [m×k]` for A and `Aᵀ·δ : [k×m]·[m×n] → [k×n]` for B.
    private static func matmulShapes(upstream: [Int], inputs inputShapes: [[Int]], input index: Int) -> String {
        let other = inputShapes[1 - index], own = inputShapes[index]
        let otherTransposed = Array(other.dropLast(2)) + other.suffix(2).reversed()
        let factors = index == 0 ? [upstream, otherTransposed] : [otherTransposed, upstream]
        return factors.map(formatShape).joined(separator: "·") + " → " + formatShape(own)
    }
}

extension Sweep {
    /// What node `node` has received so far (unsent seeds included), for a trace: its tensor
    /// gradient plus what reached it through the scalar slot. Not for recorded sweeps.
    func gradientSoFar(of node: Int32) -> ValueSummary {
        let scalarPart = scalarGradients[Int(node)]
        guard let tensorPart = tensorGradients[node] else { return ValueSummary(scalarPart) }
        return tensorPart.summary.adding(scalarPart)
    }
}
