import Testing
@testable import Backprop

/// The class count oneHot infers is one more than the largest label, which must not overflow.
@Suite("oneHot with a label of Int.max")
struct OneHotLargestLabelTests {
    @Test("oneHot([Int.max]) without classes is an error naming the label, not an overflow trap")
    func largestLabelWithoutClassesIsAnError() {
        let error = raisedError { _ = Tensor<Double>.oneHot([0, Int.max]) }
        #expect(error?.operation == "oneHot(_:classes:)" && error?.problem.contains("label \(Int.max)") == true, "\(String(describing: error))")
    }
}
