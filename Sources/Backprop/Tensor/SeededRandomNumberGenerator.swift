/// A random number generator that gives the same numbers for the same seed on every machine:
/// xoshiro256** seeded through SplitMix64, with normal variates drawn by Marsaglia's polar
/// method using a logarithm built from basic arithmetic only (exactly rounded everywhere),
/// rather than the platform's `log`.
///
/// ```swift
/// var generator = SeededRandomNumberGenerator(seed: 42)
/// let u = generator.nextUniform()    // in [0, 1)
/// let z = generator.nextNormal()     // mean 0, standard deviation 1
/// ```
public struct SeededRandomNumberGenerator: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)
    private var spareNormal: Double?

    /// Creates a generator whose sequence is determined by `seed`.
    public init(seed: UInt64) {
        var mixer = seed
        func splitMix() -> UInt64 {
            mixer &+= 0x9E37_79B9_7F4A_7C15
            var z = mixer
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (splitMix(), splitMix(), splitMix(), splitMix())
    }

    /// A generator with a given xoshiro256** state, for checking against the reference sequence.
    init(state: (UInt64, UInt64, UInt64, UInt64)) {
        self.state = state
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotate(state.1 &* 5, 7) &* 9
        let shifted = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= shifted
        state.3 = rotate(state.3, 45)
        return result
    }

    /// A number uniformly distributed in [0, 1), with 53 random bits.
    public mutating func nextUniform() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A number from the standard normal distribution.
    public mutating func nextNormal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        while true {
            let u = 2 * nextUniform() - 1, v = 2 * nextUniform() - 1
            let s = u * u + v * v
            guard s > 0 && s < 1 else { continue }
            let factor = (-2 * portableLog(s) / s).squareRoot()
            spareNormal = v * factor
            return u * factor
        }
    }

    private func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}

/// The natural logarithm of a positive, finite x from +, −, ×, ÷ alone, so that it is the same
/// on every platform: x = m·2ᵉ with m in [√½, √2), and ln m = 2·atanh((m − 1)/(m + 1)) by its series.
func portableLog(_ x: Double) -> Double {
    var exponent = Double(x.exponent)
    var mantissa = x.significand  // in [1, 2)
    if mantissa > 1.4142135623730951 {
        mantissa /= 2
        exponent += 1
    }
    let s = (mantissa - 1) / (mantissa + 1), s2 = s * s
    var term = s, series = 0.0, denominator = 1.0
    for _ in 0..<14 {
        series += term / denominator
        term *= s2
        denominator += 2
    }
    let ln2High = 0.6931471803691238, ln2Low = 1.9082149292705877e-10
    return exponent * ln2High + (2 * series + exponent * ln2Low)
}
