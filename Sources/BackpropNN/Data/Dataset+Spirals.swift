import Backprop

extension Dataset {
    /// `armCount` interleaved spiral arms in the plane, one class per arm, as in the CS231n
    /// spiral example: point m of arm j (of n) lies at radius r = (m + 1)/n and angle
    /// 2π·(j/armCount + turns·r), plus normal noise of standard deviation `noise` on each
    /// coordinate.
    ///
    /// Sample i belongs to arm i mod armCount; inputs are [armCount·pointsPerArm, 2], labels
    /// 0..<armCount, with exactly `pointsPerArm` of each. The noise comes from `seed`, so the
    /// same arguments give the same points on every machine.
    ///
    /// ```swift
    /// let spirals = Dataset<Float>.spirals(armCount: 3, pointsPerArm: 100, noise: 0.02, seed: 7)
    /// spirals.inputs.shape   // [300, 2]
    /// spirals.classCounts    // [100, 100, 100]
    /// ```
    ///
    /// An arm count below 1, a negative point count or noise, or turns that are not finite, are
    /// reported as a ``BackpropError``; the result is then empty.
    public static func spirals(
        armCount: Int = 2, pointsPerArm: Int = 100, turns: Double = 1, noise: Double = 0, seed: UInt64 = 0
    ) -> Dataset {
        let operation = "Dataset.spirals(armCount:pointsPerArm:turns:noise:seed:)"
        guard PointSetBuilder.validate(operation, counts: [("pointsPerArm", pointsPerArm)], noise: noise) else { return .empty }
        guard armCount >= 1, turns.isFinite else {
            fail(BackpropError(
                .invalidArgument, operation: operation, problem: "\(armCount) arms of \(turns) turns do not make spirals",
                fix: "Use at least one arm and a finite number of turns"))
            return .empty
        }
        var points = PointSetBuilder(noise: noise, seed: seed)
        for i in 0..<(armCount * pointsPerArm) {
            let arm = i % armCount, position = i / armCount
            let radius = Double(position + 1) / Double(pointsPerArm)
            let angle = 2 * Double.pi * (Double(arm) / Double(armCount) + turns * radius)
            points.add(radius * Double.cos(angle), radius * Double.sin(angle), label: arm)
        }
        return points.dataset(classCount: armCount)
    }
}
