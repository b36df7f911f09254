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
            sweep.addSeed(gradient, to: node)
            marks[Int(node)] |= Mark.reached
            top = max(top, node)
        }
        let lowest = Int(request.lowestNode(on: self))
        func sweepNodes(_ sweep: inout Sweep) {
            if let observer = sweep.observer {
                self.sweepNodes(from: Int(top), downTo: lowest, &sweep, marks, observer)
            } else {
                self.sweepNodes(from: Int(top), downTo: lowest, &sweep, marks, SilentObserver.shared)
            }
        }
        // A recorded sweep records its own operations; any other records nothing.
        if request.createGraph { sweepNodes(&sweep) } else { withoutRecording { sweepNodes(&sweep) } }
        // Observers see the saved values before settling the marks releases them.
        sweep.observer?.finished(sweeping: self)

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

    /// The sweep itself, from `top` down to `lowest`: the scalar entries in runs of the scalar
    /// loop, which stop at tensor records (they pull their gradient back themselves) and at
    /// hooked scalars (their hooks see their complete gradient before it flows on). Without an
    /// observer (``SilentObserver``) the scalar runs are the tight loop; a recorded sweep
    /// (`createGraph`) goes through the same loop, its scalar step building Variables.
    private func sweepNodes<Observer: SweepObserver>(
        from top: Int, downTo lowest: Int, _ sweep: inout Sweep, _ marks: UnsafeMutablePointer<UInt8>, _ observer: Observer
    ) {
        let stops = stopNodes(upTo: top)
        var stopIndex = stops.count - 1
        var node = top
        while node >= lowest {
            let stop = stopIndex >= 0 ? stops[stopIndex] : 0
            sweepScalars(from: node, downTo: max(stop + 1, lowest), &sweep, marks, observer)
            guard stop >= lowest else { break }
            if marks[stop] & Mark.reached != 0 {
                if let record = tensorRecord(at: stop) {
                    for input in record.inputNodes { marks[Int(input)] |= Mark.reached }
                    record.propagate(&sweep)
                } else {
                    applyScalarHooks(at: Int32(stop), &sweep)
                    sweepScalars(from: stop, downTo: stop, &sweep, marks, observer)
                }
            }
            stopIndex -= 1
            node = stop - 1
        }
    }

    /// The scalar chain rule from node `high` down to `low`: two multiply-adds per entry,
    /// passing the `reached` mark from each node to its inputs. Nodes the output does not
    /// depend on are passed over: their gradient is 0, but a partial of ±∞ or NaN there (a
    /// `log` of 0 computed and not used) would make 0·∞ = NaN in their inputs' gradients, which
    /// PyTorch, walking only the output's graph, does not do. An observer is told of each
    /// reached node and each edge. Out of line: inlined into `sweepNodes`, it kept `marks` on
    /// the stack, a load more per entry.
    @inline(never)
    private func sweepScalars<Observer: SweepObserver>(
        from high: Int, downTo low: Int, _ sweep: inout Sweep, _ marks: UnsafeMutablePointer<UInt8>, _ observer: Observer
    ) {
        if sweep.createGraph {
            for node in stride(from: high, through: low, by: -1) { sweepRecorded(Int32(node), &sweep, marks, observer) }
            return
        }
        let entries = scalars.pointee.entries, gradients = sweep.scalarGradients
        var node = high
        while node >= low {
            let reached = marks[node] & Mark.reached
            if reached == 0 {
                node &-= 1
                continue
            }
            let gradient = gradients[node]
            let entry = entries[node]
            if Observer.observes { observer.reached(Int32(truncatingIfNeeded: node), gradient: gradient, in: sweep) }
            gradients[Int(entry.lhs)] += gradient * entry.lhsPartial
            if Observer.observes && entry.lhs != 0 {
                observer.passed(gradient * entry.lhsPartial, from: Int32(truncatingIfNeeded: node), to: entry.lhs, second: false,
                                upstream: gradient, partial: entry.lhsPartial, in: sweep)
            }
            gradients[Int(entry.rhs)] += gradient * entry.rhsPartial
            if Observer.observes && entry.rhs != 0 {
                observer.passed(gradient * entry.rhsPartial, from: Int32(truncatingIfNeeded: node), to: entry.rhs, second: true,
                                upstream: gradient, partial: entry.rhsPartial, in: sweep)
            }
            marks[Int(entry.lhs)] |= reached
            marks[Int(entry.rhs)] |= reached
            node &-= 1
        }
    }

    /// The scalar step of a recorded sweep (`createGraph`), for node `node`: its local
    /// derivatives are evaluated on the tape from the rule in `ScalarOperation.partials`, so
    /// that the gradients are Variables that can be differentiated again. The entry's partials,
    /// plain numbers, cannot serve: they would make the gradients constants.
    private func sweepRecorded<Observer: SweepObserver>(
        _ node: Int32, _ sweep: inout Sweep, _ marks: UnsafeMutablePointer<UInt8>, _ observer: Observer
    ) {
        guard let gradient = sweep.recordedScalarGradients[node] else { return }
        if Observer.observes { observer.reached(node, gradient: gradient.value, in: sweep) }
        let operation = scalars.pointee.operations[Int(node)]
        guard operation.isInterior else { return }
        // Entries may move as the sweep records, so they are read afresh for each node.
        let entry = scalars.pointee.entries[Int(node)]
        let (x, y) = operandVariables(of: node, entry)
        let output = Variable(value: scalars.pointee.values[Int(node)], tape: self, index: node)
        let (dx, dy) = customRules[node].map { $0.partials(x, y, output) }
            ?? operation.partials(x: x, y: y, output: output, constant: entry.rhsPartial)
        marks[Int(entry.lhs)] |= Mark.reached
        marks[Int(entry.rhs)] |= Mark.reached
        func pass(_ partial: Variable, to input: Int32, second: Bool) {
            let contribution = gradient * partial
            sweep.addRecorded(contribution, to: input)
            guard Observer.observes && input != 0 else { return }
            observer.passed(contribution.value, from: node, to: input, second: second, upstream: gradient.value,
                            partial: partial.value, in: sweep)
        }
        pass(dx, to: entry.lhs, second: false)
        if operation.takesTwoVariables { pass(dy, to: entry.rhs, second: true) }
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
        let operations = scalars.pointee.operations
        if sweep.createGraph {
            let recorded = sweep.recordedScalarGradients
            sweep.request.collectRecordedScalarGradients(on: self, below: nodeCount) { operations[Int($0)].isTensor ? nil : recorded[$0] }
        } else {
            let gradients = sweep.scalarGradients
            sweep.request.collectScalarGradients(on: self, below: nodeCount) { operations[Int($0)].isTensor ? nil : gradients[Int($0)] }
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
        request.collectRecordedScalarGradients(on: self, below: count) { node in seeds.recordedScalars.first { $0.node == node }?.gradient }
        request.collectScalarGradients(on: self, below: count) { node in
            seeds.recordedScalars.contains { $0.node == node } ? nil : gradients[Int(node)]
        }
        if request.accumulates {
            scalars.pointee.accumulate(gradients, count: count)
        } else {
            free(gradients)
        }
        return []
    }
}
