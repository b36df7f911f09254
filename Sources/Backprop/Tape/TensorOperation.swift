/// What a tensor record computes: its name in graphs and traces, and the key of its formulas
/// (`gradientFormula`, `expression`), whose switches are exhaustive so that an operation without
/// a formula is a compile error rather than a generic fallback text.
enum TensorOperation: Hashable, Sendable {
    case add, addingProduct, subtract, multiply, divide, negate, square, pow
    /// An entry of the primitive table.
    case unary(UnaryFunction)
    /// √x with the subgradient 0 at 0 (norms and standard deviations of zero vectors).
    case sqrtZeroAtZero
    case reluMask, clamp, select
    case sum, max, logSoftmax
    case cumulativeSum(reversed: Bool)
    case reshape, permute, broadcast, flip, concatenate, slice, pad, sliceScatter
    case gather, gatherElements, scatterAdd, scatterAddElements
    /// op(A)·op(B), each operand transposed or not.
    case matmul(transposeA: Bool, transposeB: Bool)
    case im2col, col2im, conv2d, conv2dInputGradient, conv2dFilterGradient
    case maxPool2d, maxUnpool2d
    /// A tensor leaf, a value imported from an earlier tape, a `Variable` read as a 0-d tensor.
    case leaf, imported, variableAsTensor
    /// An operation the user defined with `Tensor.differentiable`, by its name.
    case custom(String)
    /// h_k = a_k·h_{k−1} + b_k along an axis (cumulative and plain products), or from the end.
    case linearRecurrence(reversed: Bool)
    /// The running log-sum-exp along an axis, or from the end.
    case logCumulativeSumExp(reversed: Bool)
    /// An element scatter into a tensor, overwriting (nil) or reducing.
    case scatter(ScatterReduction?, includeSelf: Bool)
    /// A copy in storage of its own; the identity.
    case clone
    /// X = op(A)⁻¹·B by an LU factorisation, A transposed or not.
    case solve(transpose: Bool)
    /// det A, and log|det A|.
    case determinant, logAbsDeterminant
    /// The lower Cholesky factor L of A = L·Lᵀ.
    case cholesky
    /// X = op(T)⁻¹·B for a triangular T.
    case triangularSolve(upper: Bool, transpose: Bool, unitDiagonal: Bool)
    /// The eigenvalues and eigenvectors of a symmetric matrix, packed in one output.
    case symmetricEigen
    /// The reduced singular value decomposition, packed in one output.
    case singularValueDecomposition
    /// The reduced QR factorisation, packed in one output.
    case qr

    /// The name shown in graphs, traces and error messages.
    var name: String {
        switch self {
        case .unary(let function): function.definition.name
        case .sqrtZeroAtZero: "sqrt (0 at 0)"
        case .select: "where"
        case .cumulativeSum(let reversed): reversed ? "reverseCumulativeSum" : "cumulativeSum"
        case .matmul(let transposeA, let transposeB):
            switch (transposeA, transposeB) {
            case (false, false): "matmul"
            case (true, false): "matmul(Aᵀ·B)"
            case (false, true): "matmul(A·Bᵀ)"
            case (true, true): "matmul(Aᵀ·Bᵀ)"
            }
        case .variableAsTensor: "variable as tensor"
        case .custom(let name): name
        case .linearRecurrence(let reversed): reversed ? "reverseLinearRecurrence" : "linearRecurrence"
        case .logCumulativeSumExp(let reversed): reversed ? "reverseLogCumulativeSumExp" : "logCumulativeSumExp"
        case .scatter(let reduction, let includeSelf):
            reduction.map { "scatter(\($0.rawValue)\(includeSelf ? "" : ", excluding self"))" } ?? "scatter"
        case .solve(let transpose): transpose ? "solve(Aᵀ, B)" : "solve"
        case .logAbsDeterminant: "log|det|"
        case .triangularSolve(let upper, let transpose, _): "triangularSolve(\(upper ? "upper" : "lower")\(transpose ? ", transposed" : ""))"
        default: "\(self)"
        }
    }
}
