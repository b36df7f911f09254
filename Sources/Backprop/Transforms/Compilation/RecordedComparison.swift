/// A comparison of Variables made while a function was being compiled: which values were
/// compared, how, and what it gave, so that a replay can tell when its inputs would take
/// another branch (as CppAD's `compare_change` does).
struct RecordedComparison {
    /// How two numbers were compared.
    enum Relation: String {
        case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=", equal = "==", notEqual = "!="

        func holds(_ lhs: Double, _ rhs: Double) -> Bool {
            switch self {
            case .less: lhs < rhs
            case .lessOrEqual: lhs <= rhs
            case .greater: lhs > rhs
            case .greaterOrEqual: lhs >= rhs
            case .equal: lhs == rhs
            case .notEqual: lhs != rhs
            }
        }
    }

    /// One side of the comparison: a Variable (its tape and node) or a number.
    struct Operand {
        let tape: Tape?
        let node: Int32
        let value: Double
    }

    let relation: Relation
    let lhs: Operand
    let rhs: Operand
    /// What the comparison gave when it was recorded.
    let result: Bool
    /// Where the comparison was made, for the message when a replay's branch changes.
    let origin: OperationOrigin
}

/// The comparisons made on this thread while a function is being compiled.
final class ComparisonLog {
    var comparisons: [RecordedComparison] = []
}

extension Variable {
    /// Notes a comparison for the compilation in progress on this thread, if any, and returns
    /// its result. Out of line: comparisons outside a compilation pay one thread-local lookup.
    @inline(never)
    static func noting(_ relation: RecordedComparison.Relation, _ lhs: Variable, _ rhs: Variable?, _ constant: Double) -> Bool {
        let rhsValue = rhs?.value ?? constant
        let result = relation.holds(lhs.value, rhsValue)
        if let log = ThreadContext.current.comparisonLog {
            let left = RecordedComparison.Operand(tape: lhs.index == 0 ? nil : lhs.tape, node: lhs.index, value: lhs.value)
            let right = rhs.map { RecordedComparison.Operand(tape: $0.index == 0 ? nil : $0.tape, node: $0.index, value: $0.value) }
                ?? RecordedComparison.Operand(tape: nil, node: 0, value: constant)
            log.comparisons.append(RecordedComparison(relation: relation, lhs: left, rhs: right, result: result, origin: OperationOrigin()))
        }
        return result
    }
}
