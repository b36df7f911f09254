import Backprop

/// Seeded, portable permutations for shuffling and splitting: the same seed gives the same
/// order on every machine and with every Swift version (unlike `shuffled(using:)`, whose
/// algorithm the standard library does not promise to keep).
enum SeededPermutation {
    /// The integers `0..<count` in a uniformly random order drawn from `generator`
    /// (Fisher–Yates).
    static func of(_ count: Int, using generator: inout SeededRandomNumberGenerator) -> [Int] {
        var order = Array(0..<count)
        shuffle(&order, using: &generator)
        return order
    }

    /// Puts `values` in a uniformly random order drawn from `generator` (Fisher–Yates, from the
    /// back).
    static func shuffle(_ values: inout [Int], using generator: inout SeededRandomNumberGenerator) {
        guard values.count > 1 else { return }
        for last in stride(from: values.count - 1, to: 0, by: -1) {
            values.swapAt(last, index(below: last + 1, using: &generator))
        }
    }

    /// A uniformly random integer in `0..<bound` (bound > 0), by Lemire's multiply-and-reject
    /// method: exact, and written out here so that it never changes.
    static func index(below bound: Int, using generator: inout SeededRandomNumberGenerator) -> Int {
        let range = UInt64(bound)
        let threshold = (0 &- range) % range  // 2⁶⁴ mod range
        while true {
            let (high, low) = generator.next().multipliedFullWidth(by: range)
            if low >= threshold { return Int(high) }
        }
    }

    /// A seed for `stream` drawn from `seed`, so that streams (epochs) of one seed are
    /// unrelated: SplitMix64's finaliser of the two mixed together. Consecutive raw seeds would
    /// give overlapping SplitMix sequences; mixed seeds do not.
    static func seed(_ seed: UInt64, stream: UInt64) -> UInt64 {
        var z = seed ^ mix(stream &+ 0x6A09_E667_F3BC_C909)
        z = mix(z)
        return z
    }

    /// SplitMix64's output function, a bijection of 64-bit integers.
    private static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
