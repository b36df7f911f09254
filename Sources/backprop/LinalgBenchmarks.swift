#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Backprop

/// The `linalg-solve-512` workload: x = solve(A, b) in Double, without a gradient, for
/// A[i][j] = sin(i + 2j)/512 + 2·[i = j] (well conditioned, not symmetric) and b_i = cos(0.5·i).
enum LinalgSolveBenchmark {
    static func run() -> [(who: String, seconds: Double)] {
        let n = 512
        let a = Tensor<Double>((0..<n * n).map { index in
            let (i, j) = index.quotientAndRemainder(dividingBy: n)
            return sin(Double(i + 2 * j)) / Double(n) + (i == j ? 2 : 0)
        }, shape: [n, n])
        let b = Tensor<Double>((0..<n).map { cos(0.5 * Double($0)) })
        return [("backprop", medianSeconds { consume(solve(a, b)) })]
    }
}

/// The `gp-loglik-256` workload: a Gaussian process's negative log marginal likelihood and its
/// gradient with respect to the length-scale ℓ = 0.7 and the noise σ = 0.1, in Double, for
/// X_i = 4i/256 − 2 and y_i = sin(3X_i) + 0.1·cos(17X_i): K = exp(−(X_i − X_j)²/(2ℓ²)) + σ²I,
/// L = cholesky(K), α = K⁻¹y through two triangular solves with L, and
/// nll = ½yᵀα + Σ log L_ii (the constant term dropped); one forward and one backward.
enum GaussianProcessBenchmark {
    static func run() -> [(who: String, seconds: Double)] {
        let n = 256
        let xs = (0..<n).map { 4 * Double($0) / Double(n) - 2 }
        let x = Tensor<Double>(xs), y = Tensor<Double>(xs.map { sin(3 * $0) + 0.1 * cos(17 * $0) }, shape: [n, 1])
        let seconds = medianSeconds {
            let lengthScale = Tensor<Double>(0.7, requiresGrad: true), noise = Tensor<Double>(0.1, requiresGrad: true)
            let differences = x.reshaped(to: [n, 1]) - x.reshaped(to: [1, n])
            let k = exp(-0.5 * differences * differences / (lengthScale * lengthScale)) + noise * noise * Tensor<Double>.eye(n)
            let l = cholesky(k)
            let alpha = triangularSolve(l, triangularSolve(l, y, upper: false), upper: false, transpose: true)
            let nll = 0.5 * (y * alpha).sum() + log(diagonal(l)).sum()
            nll.backward()
            consume(lengthScale.grad)
        }
        return [("backprop", seconds)]
    }
}
