import Backprop

extension Dataset {
    /// The exclusive-or problem: points at the corners (0, 0), (0, 1), (1, 0), (1, 1) of the
    /// unit square labelled x₁ XOR x₂ (0, 1, 1, 0), plus normal noise of standard deviation
    /// `noise` on each coordinate. No straight line separates the classes.
    ///
    /// Sample i sits at corner i mod 4, so the default `count` of 4 with no noise is exactly
    /// the truth table, in that order; inputs are [count, 2], labels 0 and 1. The noise comes
    /// from `seed`, so the same arguments give the same points on every machine.
    ///
    /// ```swift
    /// Dataset<Double>.xor().inputs.scalars     // [0, 0,  0, 1,  1, 0,  1, 1]
    /// Dataset<Double>.xor().labels             // [0, 1, 1, 0]
    /// Dataset<Double>.xor(count: 400, noise: 0.15, seed: 3).classCounts   // [200, 200]
    /// ```
    ///
    /// A negative count or noise is reported as a ``BackpropError``; the result is then empty.
    public static func xor(count: Int = 4, noise: Double = 0, seed: UInt64 = 0) -> Dataset {
        guard PointSetBuilder.validate("Dataset.xor(count:noise:seed:)", counts: [("count", count)], noise: noise) else { return .empty }
        var points = PointSetBuilder(noise: noise, seed: seed)
        for i in 0..<count {
            let (x, y) = ((i % 4) / 2, i % 2)
            points.add(Double(x), Double(y), label: x ^ y)
        }
        return points.dataset(classCount: 2)
    }
}
