extension Tape {
    /// The tape a node with operands on `tapes` goes on: the newest of them that accepts
    /// recording, or else the task's current tape (a fresh one if it is older than an operand,
    /// so that tapes only ever import from earlier tapes).
    static func target(for tapes: [Tape], context: ThreadContext) -> Tape {
        guard let newest = tapes.max(by: { $0.serial < $1.serial }) else { return context.currentTape }
        if newest.acceptsRecording && newest.belongsToCaller { return newest }
        let current = context.currentTape
        return current.serial >= newest.serial ? current : context.freshTape()
    }

    /// The node standing on this tape for tensor leaf `leaf`, appended on first use.
    func node<Element: TensorElement>(forLeaf leaf: LeafGradient<Element>, value: Tensor<Element>) -> Int32 {
        let key = ObjectIdentifier(leaf)
        if let node = leafNodes[key] { return node }
        let node = append(LeafRecord(leaf: leaf, value: value), as: .tensorLeaf)
        leafNodes[key] = node
        return node
    }

    /// The node standing on this tape for tensor node `node` of the earlier tape `source`.
    func importTensor<Element: TensorElement>(_ node: Int32, from source: Tape, as _: Element.Type, shape: [Int]) -> Int32 {
        append(ImportedTensorRecord<Element>(source: source, sourceNode: node, shape: shape), as: .tensorImported)
    }
}
