extension Tensor {
    /// The identity matrix with `rows` rows and `columns` columns (square when `columns` is
    /// nil): ones on the diagonal, zeros elsewhere, as `torch.eye`.
    ///
    /// ```swift
    /// Tensor<Double>.eye(2).scalars               // [1, 0, 0, 1]
    /// Tensor<Double>.eye(2, columns: 3).shape     // [2, 3]
    /// ```
    public static func eye(_ rows: Int, columns: Int? = nil, requiresGrad: Bool = false) -> Tensor {
        let columns = columns ?? rows
        guard rows >= 0, columns >= 0 else {
            raise(BackpropError(
                .invalidArgument, operation: "eye(_:columns:)", problem: "the sizes \(rows)×\(columns) include a negative size",
                fix: "Pass sizes of 0 or more"))
            return .placeholder(shape: [0, 0])
        }
        let identity = computed(shape: [rows, columns], operation: "eye(_:columns:)") { out in
            for i in 0..<rows {
                for j in 0..<columns { out[i &* columns &+ j] = i == j ? 1 : 0 }
            }
        }
        return requiresGrad ? identity.requiringGrad() : identity
    }
}
