#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The flags a backward sweep keeps per node.
enum Mark {
    /// The current sweep's seeds depend on this node.
    static let reached: UInt8 = 1
    /// A backward released this operation; its saved values are gone.
    static let released: UInt8 = 2
}

extension Tape {
    /// Runs the chain rule from `seeds` on `start` back to every leaf, sweeping each tape
    /// involved once, newest first (a tape only imports from earlier ones, so by the time a tape
    /// is swept every gradient flowing into it has arrived).
    static func backward(from start: Tape, seeds: Seeds, request: BackwardRequest) {
        var pending: [(tape: Tape, seeds: Seeds)] = [(start, seeds)]
        while let newest = pending.indices.max(by: { pending[$0].tape.serial < pending[$1].tape.serial }) {
            let (tape, seeds) = pending.remove(at: newest)
            for (source, forwarded) in tape.sweepLock.withLock({ tape.sweep(seeds, request) }) {
                if let index = pending.firstIndex(where: { $0.tape === source }) {
                    pending[index].seeds.merge(forwarded)
                } else {
                    pending.append((source, forwarded))
                }
            }
        }
    }

    /// `backward(from:seeds:request:)` for a plain `backward()`: gradients accumulate into `grad`.
    static func backward(from start: Tape, seeds: Seeds, retainGraph: Bool, createGraph: Bool = false) {
        backward(from: start, seeds: seeds, request: BackwardRequest(retainGraph: retainGraph, createGraph: createGraph, accumulates: true))
    }

    /// One reverse pass over this tape from the highest seeded node down to the lowest node the
    /// request needs; returns the gradients owed to earlier tapes.
    ///
    /// The sweep also marks the nodes its seeds depend on. Reaching an operation that an
    /// earlier backward released is an error; without `retainGraph` the reached operations are
    /// released (their saved values dropped), and when none is left the entries are freed.
    private func sweep(_ seeds: Seeds, _ request: BackwardRequest) -> [(tape: Tape, seeds: Seeds)] {
        if isReleased { return sweepReleased(seeds, request) }
        let count = nodeCount
        guard let raw = calloc(count, MemoryLayout<Double>.stride) else {
            fatalError("Backprop: out of memory allocating gradients for \(count) nodes")
        }
        let marks = scalars.pointee.preparedMarks()
        var sweep = Sweep(tape: self, request: request, scalarGradients: raw.assumingMemoryBound(to: Double.self))
        var top: Int32 = 0
        for (node, gradient) in seeds.scalars {
            if request.createGraph {
                sweep.addRecorded(Variable(constant: gradient), to: node)
            } else {
                sweep.scalarGradients[Int(node)] += gradient
            }
            marks[Int(node)] |= Mark.reached
            top = max(top, node)
        }
        for (node, gradient) in seeds.recordedScalars {
            sweep.addRecorded(gradient, to: node)
            marks[Int(node)] |= Mark.reached
            top = max(top, node)
        }
        for (node, gradient) in seeds.tensors {
            // A node imported twice (by one tape or by two) receives the sum of what each import owes it.
            let existing = sweep.tensorGradients[node] as? any SummableGradient
            sweep.tensorGradients[node] = existing.map { $0.adding(gradient) } ?? gradient
            marks[Int(node)] |= Mark.reached
            top = max(top, node)
        }
        let lowest = Int(request.lowestNode(on: self))
        if request.createGraph {
            sweepRecorded(from: Int(top), downTo: lowest, &sweep, marks)
        } else if let trace = request.trace {
            withoutRecording { sweepTraced(from: Int(top), downTo: lowest, &sweep, marks, trace) }
        } else if request.checksAnomalies {
            withoutRecording { sweepChecked(from: Int(top), downTo: lowest, &sweep, marks) }
        } else {
            withoutRecording { sweepPlain(from: Int(top), downTo: lowest, &sweep, marks) }
        }

        let (intact, unreleased) = settleMarks(from: lowest, upTo: Int(top), retainGraph: request.retainGraph, marks)
        guard intact else {
            free(sweep.scalarGradients)
            raise(BackpropError(
                .graphReleased, operation: "backward",
                problem: "part of this graph was already released by an earlier backward(), so its saved values are gone",
                fix: "Pass retainGraph: true to the earlier backward() to run backward through the same graph again, or recompute the value"))
            return []
        }
        handOnImports(upTo: Int(top), &sweep)
        collectScalars(&sweep)
        if let trace = request.trace, trace.output.tape === self {
            trace.graph = graph(of: trace.output.node, gradients: trace.gradients)
        }
        if request.accumulates {
            if request.createGraph {
                for (node, gradient) in sweep.recordedScalarGradients where Int(node) < count {
                    sweep.scalarGradients[Int(node)] = gradient.value
                    addRecordedGradient(gradient, to: node)
                }
            }
            scalars.pointee.accumulate(sweep.scalarGradients, count: count)
        } else {
            free(sweep.scalarGradients)
        }
        if !request.retainGraph {
            close()
            if unreleased == 0 && !hasUnreleasedOperations(after: Int(top)) { release() }
        }
        return sweep.forwarded
    }

    /// The plain sweep: scalar entries in the tight loop, tensor records and hooked scalars
    /// between its runs.
    private func sweepPlain(from top: Int, downTo lowest: Int, _ sweep: inout Sweep, _ marks: UnsafeMutablePointer<UInt8>) {
        let stops = stopNodes(upTo: top)
        var stopIndex = stops.count - 1
        var node = top
        while node >= lowest {
            let stop = stopIndex >= 0 ? stops[stopIndex] : 0
            sweepScalars(from: node, downTo: max(stop + 1, lowest), sweep.scalarGradients, marks)
            guard stop >= lowest else { break }
            if let record = tensorRecord(at: stop) {
                if marks[stop] & Mark.reached != 0 {
                    for input in record.inputNodes { marks[Int(input)] |= Mark.reached }
                    record.propagate(&sweep)
                }
            } else {
                applyScalarHooks(at: Int32(stop), &sweep)
                sweepScalars(from: stop, downTo: stop, sweep.scalarGradients, marks)
            }
            stopIndex -= 1
            node = stop - 1
        }
    }

    /// The plain sweep one node at a time, writing each application of the chain rule into
    /// `trace`: slower, for teaching and debugging.
    private func sweepTraced(
        from top: Int, downTo lowest: Int, _ sweep: inout Sweep, _ marks: UnsafeMutablePointer<UInt8>, _ trace: TraceRecorder
    ) {
        for node in stride(from: top, through: lowest, by: -1) where marks[node] & Mark.reached != 0 {
            if let record = tensorRecord(at: node) {
                for input in record.inputNodes { marks[Int(input)] |= Mark.reached }
                record.propagate(&sweep)
                continue
            }
            applyScalarHooks(at: Int32(node), &sweep)
            let gradient = sweep.scalarGradients[node]
            trace.gradients[Int32(node)] = ValueSummary(gradient)
            let operation = scalars.pointee.operations[node]
            guard operation.isInterior else { continue }
            let entry = scalars.pointee.entries[node]
            let (x, y, constant) = operandLabels(of: Int32(node))
            let output = operation.expression(x, y, constant: constant)
            let inputs = [(entry.lhs, entry.lhsPartial, false)] + (operation.takesTwoVariables ? [(entry.rhs, entry.rhsPartial, true)] : [])
            for (input, partial, second) in inputs where input != 0 {
                marks[Int(input)] |= Mark.reached
                let contribution = gradient * partial
                sweep.scalarGradients[Int(input)] += contribution
                let repeated = trace.addContribution(to: input, on: self)
                trace.steps.append(ChainRuleTrace.Step(
                    output: output, input: label(of: input),
                    formula: operation.derivativeFormula(second: second, x, y, output: output, constant: constant),
                    localValue: partial, upstream: ValueSummary(gradient), contribution: ValueSummary(contribution),
                    runningTotal: repeated ? ValueSummary(sweep.scalarGradients[Int(input)]) : nil, shapes: nil))
            }
        }
    }

    /// The plain sweep one node at a time, checking every contribution for NaN and infinity
    /// (inside `withAnomalyDetection`); tensor records check their own.
    private func sweepChecked(from top: Int, downTo lowest: Int, _ sweep: inout Sweep, _ marks: UnsafeMutablePointer<UInt8>) {
        for node in stride(from: top, through: lowest, by: -1) where marks[node] & Mark.reached != 0 {
            if let record = tensorRecord(at: node) {
                for input in record.inputNodes { marks[Int(input)] |= Mark.reached }
                record.propagate(&sweep)
                continue
            }
            applyScalarHooks(at: Int32(node), &sweep)
            guard scalars.pointee.operations[node].isInterior else { continue }
            let gradient = sweep.scalarGradients[node]
            let entry = scalars.pointee.entries[node]
            for (input, partial) in [(entry.lhs, entry.lhsPartial), (entry.rhs, entry.rhsPartial)] where input != 0 {
                marks[Int(input)] |= Mark.reached
                let contribution = gradient * partial
                checkBackward(node: node, upstream: gradient, partial: partial, contribution: contribution)
                sweep.scalarGradients[Int(input)] += contribution
            }
        }
    }

    /// The recorded sweep (`createGraph`): every local derivative is evaluated on the tape from
    /// the rule in `ScalarOperation.partials`, so the gradients are Variables and tensors that
    /// can be differentiated again.
    private func sweepRecorded(from top: Int, downTo lowest: Int, _ sweep: inout Sweep, _ marks: UnsafeMutablePointer<UInt8>) {
        var node = top
        while node >= lowest {
            defer { node -= 1 }
            let operation = scalars.pointee.operations[node]
            if let record = tensorRecord(at: node) {
                if marks[node] & Mark.reached != 0 {
                    for input in record.inputNodes { marks[Int(input)] |= Mark.reached }
                    record.propagate(&sweep)
                }
                continue
            }
            applyScalarHooks(at: Int32(node), &sweep)
            guard operation.isInterior, let gradient = sweep.recordedScalarGradients[Int32(node)] else { continue }
            // Entries may move as the sweep records, so they are read afresh for each node.
            let entry = scalars.pointee.entries[node]
            let (x, y) = operandVariables(of: Int32(node), entry)
            let output = Variable(value: scalars.pointee.values[node], tape: self, index: Int32(node))
            let (dx, dy) = customRules[Int32(node)].map { $0.partials(x, y, output) }
                ?? operation.partials(x: x, y: y, output: output, constant: entry.rhsPartial)
            marks[Int(entry.lhs)] |= Mark.reached
            marks[Int(entry.rhs)] |= Mark.reached
            sweep.addRecorded(gradient * dx, to: entry.lhs)
            if operation.takesTwoVariables { sweep.addRecorded(gradient * dy, to: entry.rhs) }
        }
    }

    /// The inputs of scalar node `node` as Variables on this tape (constants where the input was
    /// a constant, with the value kept when it was recorded).
    private func operandVariables(of node: Int32, _ entry: ScalarEntry) -> (Variable, Variable) {
        let values = scalars.pointee.values
        let kept = constantOperands[node] ?? customRules[node].map { ($0.lhs, $0.rhs) }
        func operand(_ index: Int32, _ constant: Double?) -> Variable {
            index == 0 ? Variable(constant: constant ?? 0) : Variable(value: values[Int(index)], tape: self, index: index)
        }
        return (operand(entry.lhs, kept?.lhs), operand(entry.rhs, kept?.rhs))
    }

    /// The nodes where the tight scalar loop must pause: tensor records and hooked scalars.
    private func stopNodes(upTo top: Int) -> [Int] {
        let tensorNodes = tensorRecords.lazy.map { Int($0.node) }.filter { $0 <= top }
        guard !scalarHooks.isEmpty else { return Array(tensorNodes) }
        return (Array(tensorNodes) + scalarHooks.keys.map(Int.init).filter { $0 <= top }).sorted()
    }

    /// The tensor record producing `node`, if it is a tensor node.
    private func tensorRecord(at node: Int) -> TensorRecord? {
        scalars.pointee.operations[node].isTensor ? record(producing: Int32(node)) : nil
    }

    /// Lets the hooks of scalar node `node` see, and replace, its finished gradient.
    private func applyScalarHooks(at node: Int32, _ sweep: inout Sweep) {
        guard let hooks = scalarHooks[node] else { return }
        if sweep.createGraph {
            guard var gradient = sweep.recordedScalarGradients[node] else { return }
            for hook in hooks { gradient = hook(gradient) }
            sweep.recordedScalarGradients[node] = gradient
        } else {
            var gradient = Variable(constant: sweep.scalarGradients[Int(node)])
            for hook in hooks { gradient = hook(gradient) }
            sweep.scalarGradients[Int(node)] = gradient.value
        }
    }

    /// Hands the gradients of imported scalar nodes back to the tapes they came from.
    private func handOnImports(upTo top: Int, _ sweep: inout Sweep) {
        for imported in scalarImports where Int(imported.node) <= top {
            var owed = Seeds()
            if sweep.createGraph {
                guard let gradient = sweep.recordedScalarGradients[imported.node] else { continue }
                owed.recordedScalars.append((imported.sourceNode, gradient))
            } else {
                let gradient = sweep.scalarGradients[Int(imported.node)]
                guard gradient != 0 else { continue }
                owed.scalars.append((imported.sourceNode, gradient))
            }
            sweep.forward(owed, to: imported.source)
        }
    }

    /// Collects the gradients of the captured scalar nodes of this tape.
    private func collectScalars(_ sweep: inout Sweep) {
        let request = sweep.request
        for node in request.capturedNodes[ObjectIdentifier(self)] ?? [] where Int(node) < nodeCount && !scalars.pointee.operations[Int(node)].isTensor {
            let key = CaptureKey.node(ObjectIdentifier(self), node)
            if sweep.createGraph {
                if let gradient = sweep.recordedScalarGradients[node] { request.collect(gradient, under: key, adding: +) }
            } else {
                request.collect(sweep.scalarGradients[Int(node)], under: key, adding: +)
            }
        }
    }

    /// The scalar chain rule: two multiply-adds per entry, from `high` down to `low`, passing
    /// the `reached` mark from each node to its inputs.
    @inline(__always)
    private func sweepScalars(
        from high: Int, downTo low: Int, _ gradients: UnsafeMutablePointer<Double>, _ marks: UnsafeMutablePointer<UInt8>
    ) {
        let entries = scalars.pointee.entries
        var node = high
        while node >= low {
            let gradient = gradients[node]
            let entry = entries[node]
            gradients[Int(entry.lhs)] += gradient * entry.lhsPartial
            gradients[Int(entry.rhs)] += gradient * entry.rhsPartial
            let reached = marks[node] & Mark.reached
            marks[Int(entry.lhs)] |= reached
            marks[Int(entry.rhs)] |= reached
            node &-= 1
        }
    }

    /// Turns this sweep's `reached` marks into `released` ones (unless the graph is retained),
    /// releasing reached tensor records. Returns whether no already released operation was
    /// reached, and how many operations up to `top` are left unreleased.
    private func settleMarks(
        from lowest: Int, upTo top: Int, retainGraph: Bool, _ marks: UnsafeMutablePointer<UInt8>
    ) -> (intact: Bool, unreleased: Int) {
        let operations = scalars.pointee.operations
        var intact = true
        var unreleased = lowest > 1 ? 1 : 0
        var recordIndex = 0
        for node in max(lowest, 1)...max(top, 1) where node <= top {
            let mark = marks[node]
            let interior = operations[node].isInterior
            guard mark & Mark.reached != 0 else {
                if interior && mark & Mark.released == 0 { unreleased += 1 }
                continue
            }
            if interior && mark & Mark.released != 0 { intact = false }
            marks[node] = interior && !retainGraph ? Mark.released : mark & ~Mark.reached
            if interior && !retainGraph && operations[node] == .tensor {
                while recordIndex < tensorRecords.count && Int(tensorRecords[recordIndex].node) < node { recordIndex += 1 }
                releaseRecord(at: recordIndex)
            }
        }
        marks[0] = 0
        return (intact, retainGraph ? 1 : unreleased)
    }

    /// Whether an operation recorded after node `top` (outside the graph just swept) exists.
    private func hasUnreleasedOperations(after top: Int) -> Bool {
        let operations = scalars.pointee.operations, marks = scalars.pointee.preparedMarks()
        return (top + 1..<nodeCount).contains { operations[$0].isInterior && marks[$0] & Mark.released == 0 }
    }

    /// Gradients reaching a released tape: leaves still accumulate them (a leaf may be reused
    /// after its first graph is gone, as in PyTorch); anything else needs the released entries.
    private func sweepReleased(_ seeds: Seeds, _ request: BackwardRequest) -> [(tape: Tape, seeds: Seeds)] {
        let operations = scalars.pointee.operations
        let interior = seeds.scalars.contains { operations[Int($0.node)] != .leaf }
            || seeds.recordedScalars.contains { operations[Int($0.node)] != .leaf } || !seeds.tensors.isEmpty
        if interior {
            raise(BackpropError(
                .graphReleased, operation: "backward",
                problem: "the graph was already released by an earlier backward(), so its saved values are gone",
                fix: "Pass retainGraph: true to the earlier backward() to run backward through the same graph again, or recompute the value"))
            return []
        }
        let count = nodeCount
        guard let raw = calloc(count, MemoryLayout<Double>.stride) else {
            fatalError("Backprop: out of memory allocating gradients for \(count) nodes")
        }
        let gradients = raw.assumingMemoryBound(to: Double.self)
        for (node, gradient) in seeds.scalars { gradients[Int(node)] += gradient }
        for (node, gradient) in seeds.recordedScalars {
            gradients[Int(node)] += gradient.value
            if request.accumulates { addRecordedGradient(gradient, to: node) }
        }
        for node in request.capturedNodes[ObjectIdentifier(self)] ?? [] where Int(node) < count {
            let key = CaptureKey.node(ObjectIdentifier(self), node)
            if let recorded = seeds.recordedScalars.first(where: { $0.node == node }) {
                request.collect(recorded.gradient, under: key, adding: +)
            } else {
                request.collect(gradients[Int(node)], under: key, adding: +)
            }
        }
        if request.accumulates {
            scalars.pointee.accumulate(gradients, count: count)
        } else {
            free(gradients)
        }
        return []
    }
}
