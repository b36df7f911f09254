extension ProgramOperation {
    /// The kind of instruction, with its function for elementwise functions and reductions.
    var family: String {
        switch self {
        case .unary(let f, _): "unary \(f)".prefix { $0 != "(" }.description
        case .binary(let f, _, _): "binary \(f)"
        case .reduce(let r, _, let axes, _): "reduce \(r)\(axes == nil ? "" : " along axes")"
        default: "\(self)".prefix { $0 != "(" }.description
        }
    }

    /// Every family the generator should produce.
    static var allFamilies: Set<String> {
        let unary = ["negate", "exp", "log", "sin", "cos", "tanh", "sqrt", "abs", "relu", "sigmoid", "softplus", "power", "addConstant", "multiplyConstant"]
        return Set(unary.map { "unary \($0)" } + BinaryFunction.allCases.map { "binary \($0)" }
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
