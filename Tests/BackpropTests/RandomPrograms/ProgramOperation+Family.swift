import Backprop

extension ProgramOperation {
    /// The kind of instruction, with its function for elementwise functions and reductions.
    var family: String {
        switch self {
        case .unary(.function(let function), _): "unary \(function)"
        case .unary(let f, _): "unary \(f)".prefix { $0 != "(" }.description
        case .binary(let f, _, _): "binary \(f)"
        case .reduce(let r, _, let axes, _): "reduce \(r)\(axes == nil ? "" : " along axes")"
        default: "\(self)".prefix { $0 != "(" }.description
        }
    }

    /// Every family the generator should produce.
    static var allFamilies: Set<String> {
        let functions: [String] = Backprop.UnaryFunction.allCases.map { "\($0)" }
        let unary: [String] = functions + ["negate", "power", "addConstant", "multiplyConstant"]
        let binary: [String] = BinaryFunction.allCases.map { "binary \($0)" }
        return Set(unary.map { "unary \($0)" } + binary
            + Reduction.allCases.flatMap { ["reduce \($0)", "reduce \($0) along axes"] }
            + ["clamp", "softmax", "logSoftmax", "matmul", "transposedMatmul", "reshape", "permute", "broadcast", "concatenate",
               "slice", "flip", "pad", "gather", "cumulativeSum", "toScalar", "toTensor", "weightedSum"])
    }
}

extension RandomProgram {
    /// The families of the program's instructions.
    var operationFamilies: Set<String> {
        Set(steps.compactMap { if case .operation(let operation) = $0 { operation.family } else { nil } })
    }
}
