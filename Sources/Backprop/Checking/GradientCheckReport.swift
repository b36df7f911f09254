/// The result of comparing the tape's gradient with central finite differences.
///
/// The error of one element is `|analytic − numeric| / max(|analytic|, |numeric|, 10⁻³)`:
/// relative for gradients of ordinary size, absolute (scaled by 10³) for those near zero, so
/// that a zero gradient compared with a numeric 10⁻¹³ does not count as a 100% error.
public struct GradientCheckReport: Sendable, CustomStringConvertible {
    /// The gradient from `backward()`, one array per input, flattened row-major.
    public let analytic: [[Double]]
    /// The gradient from finite differences, shaped as `analytic`.
    public let numeric: [[Double]]
    /// The largest |analytic − numeric| over all elements.
    public let maxAbsoluteError: Double
    /// The largest relative error over all elements (see the type's discussion).
    public let maxRelativeError: Double
    /// Where the largest relative error is: which input, and which element of it (row-major).
    public let worst: (input: Int, element: Int)
    /// The largest relative error that passes.
    public let tolerance: Double

    /// Whether every element's relative error is within `tolerance`.
    public var passed: Bool { maxRelativeError <= tolerance }

    init(analytic: [[Double]], numeric: [[Double]], tolerance: Double) {
        self.analytic = analytic
        self.numeric = numeric
        self.tolerance = tolerance
        var maxAbsolute = 0.0, maxRelative = 0.0
        var worst = (input: 0, element: 0)
        for (input, (computed, estimated)) in zip(analytic, numeric).enumerated() {
            for (element, (a, n)) in zip(computed, estimated).enumerated() {
                let absolute = Swift.abs(a - n)
                let relative = absolute / Swift.max(Swift.abs(a), Swift.abs(n), 1e-3)
                maxAbsolute = Swift.max(maxAbsolute, absolute.isNaN ? .infinity : absolute)
                if relative > maxRelative || relative.isNaN {
                    maxRelative = relative.isNaN ? .infinity : relative
                    worst = (input, element)
                }
            }
        }
        maxAbsoluteError = maxAbsolute
        maxRelativeError = maxRelative
        self.worst = worst
    }

    /// A one-line verdict with the worst element, e.g.
    /// `gradient check passed: max relative error 3.1e-11 (input 0, element 2: analytic 1.5, numeric 1.5)`.
    public var description: String {
        let verdict = passed ? "passed" : "FAILED"
        let a = analytic.isEmpty || analytic[worst.input].isEmpty ? .nan : analytic[worst.input][worst.element]
        let n = numeric.isEmpty || numeric[worst.input].isEmpty ? .nan : numeric[worst.input][worst.element]
        return "gradient check \(verdict): max relative error \(maxRelativeError), max absolute error "
            + "\(maxAbsoluteError), tolerance \(tolerance) (worst: input \(worst.input), element "
            + "\(worst.element): analytic \(a), numeric \(n))"
    }
}

/// The derivative of `f` at `x` by a fourth-order central difference,
/// (−f(x+2h) + 8f(x+h) − 8f(x−h) + f(x−2h)) / 12h, with h = 10⁻³·max(1, |x|): its truncation
/// error is O(h⁴) ≈ 10⁻¹² and its rounding error ≈ 10⁻¹³ for values of ordinary size.
func centralDifference(at x: Double, _ f: (Double) -> Double) -> Double {
    let h = 1e-3 * Swift.max(1, Swift.abs(x))
    return (-f(x + 2 * h) + 8 * f(x + h) - 8 * f(x - h) + f(x - 2 * h)) / (12 * h)
}
