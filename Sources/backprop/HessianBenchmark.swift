#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Backprop

/// The `hessian-100` workload: the full 100×100 Hessian of f(x) = logsumexp(A·x) + ½‖x‖² with
/// A[i][j] = sin(100·i + j) and x_i = 0.01·i, in Double.
enum HessianBenchmark {
    static func run() -> [(who: String, seconds: Double)] {
        let a = Tensor<Double>((0..<10_000).map { index in sin(Double(100 * (index / 100) + index % 100)) }, shape: [100, 100])
        let x = Tensor<Double>((0..<100).map { 0.01 * Double($0) })
        let seconds = medianSeconds {
            consume(hessian(at: x) { x in matmul(a, x).logSumExp() + 0.5 * (x * x).sum() })
        }
        return [("backprop", seconds)]
    }
}
