/// A gradient that `backward(createGraph: true)` recorded for a scalar node, as its tape keeps
/// it. A gradient recorded on the same tape is kept as its node and value: holding it as a
/// Variable would make the tape refer to itself and never be freed.
enum RecordedGradient {
    /// Node `index` of the tape that keeps it.
    case onThisTape(index: Int32, value: Double)
    /// A gradient recorded on another tape.
    case elsewhere(Variable)
}

extension Tape {
    /// The recorded gradient of scalar node `node`, as a Variable that can be differentiated again.
    func recordedGradient(of node: Int32) -> Variable? {
        switch recordedGradients[node] {
        case .onThisTape(let index, let value): Variable(value: value, tape: self, index: index)
        case .elsewhere(let gradient): gradient
        case nil: nil
        }
    }

    /// Adds `gradient` to the recorded gradient of scalar node `node`.
    func addRecordedGradient(_ gradient: Variable, to node: Int32) {
        let total = recordedGradient(of: node).map { $0 + gradient } ?? gradient
        recordedGradients[node] = total.tape === self ? .onThisTape(index: total.index, value: total.value) : .elsewhere(total)
    }
}
