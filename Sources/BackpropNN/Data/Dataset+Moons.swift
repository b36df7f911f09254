import Backprop

extension Dataset {
    /// Two interleaving half circles in the plane, as scikit-learn's `make_moons`: class 0 on
    /// the upper arc (cos t, sin t) and class 1 on the lower arc (1 − cos t, ½ − sin t), t evenly
    /// spaced in [0, π], plus normal noise of standard deviation `noise` on each coordinate.
    /// Not linearly separable: the smallest problem that needs a hidden layer.
    ///
    /// Sample i belongs to class i mod 2 (so the classes alternate, and class 0 has the extra
    /// sample when `count` is odd); inputs are [count, 2], labels 0 and 1. The noise comes from
    /// `seed`, so the same arguments give the same points on every machine (scikit-learn's
    /// numbers differ: it uses another generator).
    ///
    /// ```swift
    /// let moons = Dataset<Double>.moons(count: 200, noise: 0.1, seed: 1)
    /// moons.inputs.shape   // [200, 2]
    /// moons.classCounts    // [100, 100]
    /// ```
    ///
    /// A negative count or noise is reported as a ``BackpropError``; the result is then empty.
    public static func moons(count: Int = 100, noise: Double = 0, seed: UInt64 = 0) -> Dataset {
        guard PointSetBuilder.validate("Dataset.moons(count:noise:seed:)", counts: [("count", count)], noise: noise) else { return .empty }
        let upper = (count + 1) / 2, lower = count / 2
        func angle(_ position: Int, of total: Int) -> Double {
            total > 1 ? Double.pi * Double(position) / Double(total - 1) : 0
        }
        var points = PointSetBuilder(noise: noise, seed: seed)
        for i in 0..<count {
            let position = i / 2
            if i % 2 == 0 {
                let t = angle(position, of: upper)
                points.add(Double.cos(t), Double.sin(t), label: 0)
            } else {
                let t = angle(position, of: lower)
                points.add(1 - Double.cos(t), 0.5 - Double.sin(t), label: 1)
            }
        }
        return points.dataset(classCount: 2)
    }
}
