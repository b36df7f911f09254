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

/// Gradients to start a sweep with: ∂output/∂node for some nodes of one tape.
struct Seeds {
    var scalars: [(node: Int32, gradient: Double)] = []
    var tensors: [(node: Int32, gradient: Any)] = []

    mutating func merge(_ other: Seeds) {
        scalars += other.scalars
        tensors += other.tensors
    }
}

/// The gradients flowing through one tape during a backward sweep.
struct Sweep {
    /// The tape being swept.
    let tape: Tape
    /// Whether the sweep is itself recorded, so that its gradients can be differentiated again.
    let createGraph: Bool
    /// ∂output/∂node for every scalar node (and the scalar contributions to 0-d tensor nodes).
    let scalarGradients: UnsafeMutablePointer<Double>
    /// ∂output/∂node for tensor nodes reached so far, as `Tensor<Element>`.
    var tensorGradients: [Int32: Any] = [:]
    /// Gradients for nodes of earlier tapes, handed to them after this sweep.
    var forwarded: [(tape: Tape, seeds: Seeds)] = []

    /// Removes and returns the gradient reaching tensor node `node` (nil if none did), keeping
    /// a copy when the node's gradient is retained.
    mutating func takeGradient<Element>(of node: Int32, shape: [Int]) -> Tensor<Element>? {
        var gradient = tensorGradients.removeValue(forKey: node) as? Tensor<Element>
        let scalarPart = scalarGradients[Int(node)]
        if scalarPart != 0 {
            // A 0-d tensor read as a Variable receives its gradient through the scalar slot.
            let scalar = Tensor<Element>(storage: TensorStorage(repeating: Element(scalarPart), count: Shape.count(shape)), shape: shape)
            gradient = gradient.map { $0 + scalar } ?? scalar
        }
        if let gradient, tape.retainedTensorNodes.contains(node) {
            let kept = tape.retainedTensorGradients[node] as? Tensor<Element>
            tape.retainedTensorGradients[node] = kept.map { $0 + gradient } ?? gradient
        }
        return gradient
    }

    /// Adds `gradient` to what tensor node `node` has received, first summing away the axes it
    /// was broadcast along: the one place where broadcasting is undone.
    mutating func accumulate<Element>(_ gradient: Tensor<Element>, into node: Int32, shape: [Int]) {
        let reduced = gradient.shape == shape ? gradient : gradient.summed(toShape: shape)
        if let existing = tensorGradients[node] as? Tensor<Element> {
            tensorGradients[node] = existing + reduced
        } else {
            tensorGradients[node] = reduced
        }
    }

    /// The values a rule works on: as they are, or, when the sweep is recorded, as the tape's
    /// nodes so that the rule's operations connect to them.
    func values<Element>(_ values: [Tensor<Element>], at nodes: [Int32]) -> [Tensor<Element>] {
        guard createGraph else { return values }
        return zip(values, nodes).map { value($0, at: $1) }
    }

    /// One value a rule works on (see `values(_:at:)`).
    func value<Element>(_ value: Tensor<Element>, at node: Int32) -> Tensor<Element> {
        guard createGraph, node != 0 else { return value }
        return Tensor(storage: value.storage, shape: value.shape, tracking: .recorded(tape, node))
    }

    /// Hands `seeds` on to `tape`, an earlier tape that this one imported from.
    mutating func forward(_ seeds: Seeds, to tape: Tape) {
        if let index = forwarded.firstIndex(where: { $0.tape === tape }) {
            forwarded[index].seeds.merge(seeds)
        } else {
            forwarded.append((tape, seeds))
        }
    }
}

extension Tape {
    /// Runs the chain rule from `seeds` on `start` back to every leaf, sweeping each tape
    /// involved once, newest first (a tape only imports from earlier ones, so by the time a tape
    /// is swept every gradient flowing into it has arrived).
    static func backward(from start: Tape, seeds: Seeds, retainGraph: Bool) {
        var pending: [(tape: Tape, seeds: Seeds)] = [(start, seeds)]
        while let newest = pending.indices.max(by: { pending[$0].tape.serial < pending[$1].tape.serial }) {
            let (tape, seeds) = pending.remove(at: newest)
            for (source, forwarded) in tape.sweep(seeds, retainGraph: retainGraph) {
                if let index = pending.firstIndex(where: { $0.tape === source }) {
                    pending[index].seeds.merge(forwarded)
                } else {
                    pending.append((source, forwarded))
                }
            }
        }
    }

    /// One reverse pass over this tape from the highest seeded node down to node 1; returns the
    /// gradients owed to earlier tapes.
    ///
    /// The sweep also marks the nodes its seeds depend on. Reaching an operation that an
    /// earlier backward released is an error; without `retainGraph` the reached operations are
    /// released (their saved values dropped), and when none is left the entries are freed.
    private func sweep(_ seeds: Seeds, retainGraph: Bool) -> [(tape: Tape, seeds: Seeds)] {
        if isReleased { return sweepReleased(seeds) }
        let count = nodeCount
        guard let raw = calloc(count, MemoryLayout<Double>.stride) else {
            fatalError("Backprop: out of memory allocating gradients for \(count) nodes")
        }
        let marks = scalars.pointee.preparedMarks()
        var sweep = Sweep(tape: self, createGraph: false, scalarGradients: raw.assumingMemoryBound(to: Double.self))
        var top: Int32 = 0
        for (node, gradient) in seeds.scalars {
            sweep.scalarGradients[Int(node)] += gradient
            marks[Int(node)] |= Mark.reached
            top = max(top, node)
        }
        for (node, gradient) in seeds.tensors {
            sweep.tensorGradients[node] = gradient
            marks[Int(node)] |= Mark.reached
            top = max(top, node)
        }

        var recordIndex = tensorRecords.lastIndex { $0.node <= top } ?? -1
        var node = Int(top)
        while node > 0 {
            let nextTensorNode = recordIndex >= 0 ? Int(tensorRecords[recordIndex].node) : 0
            sweepScalars(from: node, downTo: nextTensorNode + 1, sweep.scalarGradients, marks)
            guard nextTensorNode > 0 else { break }
            let record = tensorRecords[recordIndex]
            if marks[nextTensorNode] & Mark.reached != 0 {
                for input in record.inputNodes { marks[Int(input)] |= Mark.reached }
                withoutRecording { record.propagate(&sweep) }
            }
            recordIndex -= 1
            node = nextTensorNode - 1
        }

        let (intact, unreleased) = settleMarks(upTo: Int(top), retainGraph: retainGraph, marks)
        guard intact else {
            free(sweep.scalarGradients)
            raise(BackpropError(
                .graphReleased, operation: "backward",
                problem: "part of this graph was already released by an earlier backward(), so its saved values are gone",
                fix: "Pass retainGraph: true to the earlier backward() to run backward through the same graph again, or recompute the value"))
            return []
        }
        for imported in scalarImports where Int(imported.node) <= Int(top) {
            let gradient = sweep.scalarGradients[Int(imported.node)]
            guard gradient != 0 else { continue }
            var owed = Seeds()
            owed.scalars.append((imported.sourceNode, gradient))
            sweep.forward(owed, to: imported.source)
        }
        scalars.pointee.accumulate(sweep.scalarGradients, count: count)
        if !retainGraph {
            close()
            if unreleased == 0 && !hasUnreleasedOperations(after: Int(top)) { release() }
        }
        return sweep.forwarded
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
        upTo top: Int, retainGraph: Bool, _ marks: UnsafeMutablePointer<UInt8>
    ) -> (intact: Bool, unreleased: Int) {
        let operations = scalars.pointee.operations
        var intact = true
        var unreleased = 0
        var recordIndex = 0
        for node in 1...max(top, 1) where node <= top {
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
    private func sweepReleased(_ seeds: Seeds) -> [(tape: Tape, seeds: Seeds)] {
        let operations = scalars.pointee.operations
        let interior = seeds.scalars.contains { operations[Int($0.node)] != .leaf } || !seeds.tensors.isEmpty
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
        scalars.pointee.accumulate(gradients, count: count)
        return []
    }
}
