import Backprop

/// The `matmul-1024` workload: C = A·B for Float A, B of shape [1024, 1024].
enum MatmulBenchmark {
    static func run() -> [(who: String, seconds: Double)] {
        let a = Tensor<Float>.randomNormal(shape: [1024, 1024], seed: 1)
        let b = Tensor<Float>.randomNormal(shape: [1024, 1024], seed: 2)
        return [("backprop", medianSeconds { consume(matmul(a, b)) })]
    }
}
