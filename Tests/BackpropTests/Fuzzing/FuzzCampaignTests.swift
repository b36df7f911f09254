import Testing

/// The fuzzing machinery itself: inputs that can be rebuilt from their seed, and failures that
/// reach the test report.
@Suite("Fuzzing machinery: reproducible mutations and reported failures")
struct FuzzCampaignTests {
    @Test("the same seed gives the same mutations, and other seeds give others")
    func mutationsAreReproducible() {
        let input = Array("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}".utf8)
        func mutations(seed: UInt64) -> [[UInt8]] {
            var mutator = Mutator(seed: seed, tokens: MutationTokens.json, maximumLength: 256)
            return (0..<50).map { _ in mutator.mutated(input, donor: Array(input.reversed())) }
        }
        #expect(mutations(seed: 3) == mutations(seed: 3))
        #expect(mutations(seed: 3) != mutations(seed: 4))
        #expect(mutations(seed: 3).allSatisfy { $0.count <= 256 })
    }

    @Test("a broken promise fails the run, quoting the input's seed")
    func brokenPromisesAreRecorded() {
        withKnownIssue {
            FuzzCampaign(target: "a target that breaks its promise", corpus: [[1, 2, 3]], tokens: [], ciCount: 1)
                .run { _, brokenPromise in
                    brokenPromise("it always breaks it")
                    return true
                }
        } matching: { issue in
            "\(issue)".contains("seed") && "\(issue)".contains("it always breaks it")
        }
    }
}
