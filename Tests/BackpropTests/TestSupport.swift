import Testing
@testable import Backprop

/// Test inputs away from kinks and singularities: uniform in [0.3, 1.7], plus `offset`.
func sample(_ shape: [Int], seed: UInt64, offset: Double = 0) -> Tensor<Double> {
    Tensor<Double>.randomUniform(shape: shape, in: 0.3...1.7, seed: seed) + offset
}

/// The error `body` raises inside `withErrorChecking`, or nil.
func raisedError(_ body: () -> Void) -> BackpropError? {
    do {
        try withErrorChecking { body() }
        return nil
    } catch {
        return error as? BackpropError
    }
}

/// Whether two arrays agree elementwise within `tolerance` relative to max(1, |expected|).
func close(_ actual: [Double], _ expected: [Double], tolerance: Double = 1e-12) -> Bool {
    actual.count == expected.count
        && zip(actual, expected).allSatisfy { Swift.abs($0 - $1) <= tolerance * Swift.max(1, Swift.abs($1)) }
}
