extension Tape {
    /// How node `node` is shown: its name; else, for an operation, its expression in its inputs
    /// (`x·w`, `tanh(x·w + b)`) when that stays short; else `v12` (a scalar) or `t12` (a tensor).
    func label(of node: Int32) -> String {
        label(of: node, depth: 0)
    }

    private func label(of node: Int32, depth: Int) -> String {
        if node == 0 { return "c" }
        if let name = names[node] { return name }
        let operation = scalars.pointee.operations[Int(node)]
        if operation.isTensor {
            if let leafName = record(producing: node)?.leafDetails?.name { return leafName }
            guard operation == .tensor, depth < 3, let record = record(producing: node) else { return reference(to: node) }
            let expression = tensorExpression(operation: record.name, inputs: inputLabels(of: record, depth: depth + 1))
            return expression.count <= 28 ? expression : reference(to: node)
        }
        guard operation.isInterior, depth < 3, !isReleased else { return reference(to: node) }
        let (x, y, c) = operandLabels(of: node, depth: depth)
        let expression = operation.expression(x, y, constant: c)
        return expression.count <= 24 ? expression : reference(to: node)
    }

    /// How labels refer to node `node` when its expression is too long: `t12` for a tensor,
    /// `v12` for a scalar.
    func reference(to node: Int32) -> String {
        (scalars.pointee.operations[Int(node)].isTensor ? "t" : "v") + String(node)
    }

    /// The labels of a tensor operation's inputs: their nodes' labels, or the names of named
    /// constants (`c` for other constants).
    func inputLabels(of record: some TensorRecord, depth: Int = 0) -> [String] {
        record.inputNodes.enumerated().map { index, node in
            node == 0 ? record.constantInputNames?[index] ?? "c" : label(of: node, depth: depth)
        }
    }

    /// The labels of a scalar node's inputs and its constant.
    func operandLabels(of node: Int32, depth: Int = -1) -> (x: String, y: String, constant: String) {
        let entry = scalars.pointee.entries[Int(node)]
        let kept = constantOperands[node]
        func operand(_ index: Int32, _ constant: Double?) -> String {
            index == 0 ? formatNumber(constant ?? 0) : label(of: index, depth: depth + 1)
        }
        return (operand(entry.lhs, kept?.lhs), operand(entry.rhs, kept?.rhs), formatNumber(entry.rhsPartial))
    }
}
