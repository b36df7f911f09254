/// How the nodes of one tape are shown in graphs and traces. Every node has one label wherever
/// it appears: its name; else, for an operation, its expression in its inputs' labels (`x·w`,
/// `tanh(x·w + b)`) when that stays short; else a reference, `v12` for a scalar or `t12` for a
/// tensor, which ``definition(of:)`` spells out.
///
/// Labels are built from the inputs' labels and kept, so that each node is labelled once.
struct NodeLabels {
    let tape: Tape
    /// Appended to references, to tell apart the nodes of different tapes in one trace (`t3′`).
    let referenceMark: String
    private var labels: [Int32: String] = [:]
    /// Whether a label shows an unnamed constant input as `c`.
    private(set) var showsUnnamedConstant = false

    /// Expressions longer than this (in characters) are shown by reference.
    static let longestScalarExpression = 24
    static let longestTensorExpression = 28

    init(_ tape: Tape, referenceMark: String = "") {
        self.tape = tape
        self.referenceMark = referenceMark
    }

    /// How labels refer to `node` when its expression is too long.
    func reference(to node: Int32) -> String {
        tape.reference(to: node) + referenceMark
    }

    /// The label of `node` (`c` for node 0, the constant sink).
    mutating func label(of node: Int32) -> String {
        if let known = labels[node] { return known }
        // Inputs come before the nodes that use them: label the missing ancestors lowest first,
        // without recursion, so that a chain of any length can be labelled.
        var missing: Set<Int32> = [node], frontier = [node]
        while let next = frontier.popLast() {
            guard ownName(of: next) == nil else { continue }
            for input in tape.inputs(of: next) where labels[input] == nil && missing.insert(input).inserted {
                frontier.append(input)
            }
        }
        for next in missing.sorted() {
            if let name = ownName(of: next) {
                labels[next] = name
                continue
            }
            let limit = tape.isTensorNode(next) ? Self.longestTensorExpression : Self.longestScalarExpression
            labels[next] = expression(of: next).flatMap { $0.count <= limit ? $0 : nil } ?? reference(to: next)
        }
        return labels[node]!
    }

    /// What a reference stands for: the operation in its inputs' labels (`σ(v5)·log(x·w + b)`,
    /// a formula), or in words what kind of value a leaf or an imported value is.
    mutating func definition(of node: Int32) -> (meaning: String, isFormula: Bool) {
        if let expression = expression(of: node) { return (expression, true) }
        switch tape.scalars.pointee.operations[Int(node)] {
        case .leaf, .tensorLeaf: return ("a leaf" + (tape.value(of: node).map { ", value \($0)" } ?? ""), false)
        default: return ("a value from an earlier computation", false)
        }
    }

    /// The labels of a tensor operation's inputs: their nodes' labels, or the names of named
    /// constants (`c` for other constants).
    mutating func inputLabels(of record: some TensorRecord) -> [String] {
        record.inputNodes.enumerated().map { index, node in
            guard node == 0 else { return label(of: node) }
            if let name = record.constantInputNames?[index] { return name }
            showsUnnamedConstant = true
            return "c"
        }
    }

    /// The labels of a scalar node's inputs, and its constant as a number.
    mutating func operandLabels(of node: Int32) -> (x: String, y: String, constant: String) {
        let operands = tape.operands(of: node)
        let kept = tape.constantOperands[node]
        func operand(_ index: Int32, _ constant: Double?) -> String {
            index == 0 ? formatNumber(constant ?? 0) : label(of: index)
        }
        return (operand(operands.lhs, kept?.lhs), operand(operands.rhs, kept?.rhs), formatNumber(operands.constant))
    }

    /// The name a node shows whatever its inputs: given with `named(_:)`, or a tensor leaf's.
    private func ownName(of node: Int32) -> String? {
        if node == 0 { return "c" }
        if let name = tape.names[node] { return name }
        guard tape.scalars.pointee.operations[Int(node)] == .tensorLeaf else { return nil }
        return tape.record(producing: node)?.leafDetails?.name
    }

    /// An operation written in its inputs' labels; nil for leaves and imported values.
    private mutating func expression(of node: Int32) -> String? {
        let operation = tape.scalars.pointee.operations[Int(node)]
        if operation == .tensor, let record = tape.record(producing: node) {
            return record.operation.expression(inputs: inputLabels(of: record))
        }
        guard operation.isInterior, !operation.isTensor else { return nil }
        let (x, y, constant) = operandLabels(of: node)
        return operation.expression(x, y, constant: constant)
    }
}

extension Tape {
    /// How labels refer to node `node` when its expression is too long: `t12` for a tensor,
    /// `v12` for a scalar.
    func reference(to node: Int32) -> String {
        (isTensorNode(node) ? "t" : "v") + String(node)
    }

    /// Whether node `node` holds a tensor.
    func isTensorNode(_ node: Int32) -> Bool {
        scalars.pointee.operations[Int(node)].isTensor
    }
}
