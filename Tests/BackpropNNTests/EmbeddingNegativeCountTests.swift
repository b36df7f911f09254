import Backprop
import BackpropNN
import Testing

/// A negative table size is the caller's mistake: an error, never a trap while the padding
/// row is being zeroed.
@Suite("Embedding with a negative count reports an error")
struct EmbeddingNegativeCountTests {
    @Test("Embedding(count: -1, paddingIndex: 0) raises an error instead of trapping on an invalid range")
    func negativeCountWithPaddingIndexIsAnError() {
        var error: (any Error)?
        do { try withErrorChecking { _ = Embedding<Double>(count: -1, dimension: 4, paddingIndex: 0, seed: 1) } } catch let caught { error = caught }
        #expect(error != nil)
    }
}
