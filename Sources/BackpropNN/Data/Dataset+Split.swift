import Backprop

extension Dataset {
    /// The samples divided at random into a training and a test set, reproducibly: the same
    /// dataset, fraction and seed give the same split on every machine.
    ///
    /// The test set has round(`testFraction` × ``count``) samples, drawn from a seeded
    /// permutation. With `stratified`, each class keeps its share: class c gives
    /// ⌊`testFraction` × nᶜ⌋ test samples, and the few left to reach the total go to the
    /// classes with the largest remainders (ties to the lower class), like scikit-learn's
    /// `train_test_split(stratify:)`. The two sets are disjoint, together hold every sample
    /// once, and list their samples in the dataset's order; ``classCount`` is kept.
    ///
    /// ```swift
    /// let data = Dataset<Double>.spirals(armCount: 3, pointsPerArm: 100, noise: 0.1, seed: 1)
    /// let (train, test) = data.split(testFraction: 0.2, seed: 42, stratified: true)
    /// (train.count, test.count)   // (240, 60)
    /// test.classCounts            // [20, 20, 20]
    /// ```
    ///
    /// A fraction outside 0...1, or `stratified` for a dataset without labels, is reported as a
    /// ``BackpropError``; the result is then the whole dataset for training and an empty test set.
    public func split(testFraction: Double, seed: UInt64, stratified: Bool = false) -> (train: Dataset, test: Dataset) {
        let operation = "Dataset.split(testFraction:seed:stratified:)"
        guard (0...1).contains(testFraction) else {
            Self.fail(BackpropError(
                .invalidArgument, operation: operation, problem: "test fraction \(testFraction) is not in 0...1",
                fix: "Pass the share of samples to hold out, such as 0.2"))
            return (self, subset(at: []))
        }
        var generator = SeededRandomNumberGenerator(seed: seed)
        var isTest = [Bool](repeating: false, count: count)
        if stratified {
            guard let labels else {
                Self.fail(BackpropError(
                    .invalidArgument, operation: operation, problem: "a stratified split needs labels, and the dataset has none",
                    fix: "Pass stratified: false, or create the dataset with labels"))
                return (self, subset(at: []))
            }
            var members = [[Int]](repeating: [], count: classCount)
            for (index, label) in labels.enumerated() { members[label].append(index) }
            let quotas = Self.stratifiedQuotas(classSizes: members.map(\.count), testFraction: testFraction, total: count)
            for (label, quota) in quotas.enumerated() {
                var indices = members[label]
                SeededPermutation.shuffle(&indices, using: &generator)
                for index in indices.prefix(quota) { isTest[index] = true }
            }
        } else {
            let testCount = Int((testFraction * Double(count)).rounded())
            for index in SeededPermutation.of(count, using: &generator).prefix(testCount) { isTest[index] = true }
        }
        let all = Array(0..<count)
        return (subset(at: all.filter { !isTest[$0] }), subset(at: all.filter { isTest[$0] }))
    }

    /// How many test samples each class gives: ⌊f·nᶜ⌋, plus one for the classes with the
    /// largest remainders until the total is round(f·N).
    private static func stratifiedQuotas(classSizes: [Int], testFraction: Double, total: Int) -> [Int] {
        let shares = classSizes.map { testFraction * Double($0) }
        var quotas = zip(shares, classSizes).map { Swift.min(Int($0.0.rounded(.down)), $0.1) }
        var missing = Int((testFraction * Double(total)).rounded()) - quotas.reduce(0, +)
        let byRemainder = shares.indices.sorted { a, b in
            let (ra, rb) = (shares[a] - shares[a].rounded(.down), shares[b] - shares[b].rounded(.down))
            return ra != rb ? ra > rb : a < b
        }
        for c in byRemainder where missing > 0 && quotas[c] < classSizes[c] {
            quotas[c] += 1
            missing -= 1
        }
        return quotas
    }
}
