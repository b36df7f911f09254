import Foundation
import Testing

/// A seeded, reproducible fuzzing run inside a test: each input is a ``Mutator``'s mutation of
/// a valid input from a corpus, fed to a fuzz target that must accept or reject it — never
/// crash, hang, take more than ``timeLimit``, or break a promise it checks.
///
/// A run checks the target's CI count of inputs, sized so that the fuzz tests take seconds in a
/// debug build. Two environment variables run others, or many more:
///
/// - `BACKPROP_FUZZ_COUNT`: how many inputs each target gets (for example 100000);
/// - `BACKPROP_FUZZ_SEED`: the seed of the first input (default 1); input k has seed + k, so a
///   reported seed with `BACKPROP_FUZZ_COUNT=1` rebuilds that input alone.
///
/// ```
/// swift build -c release --build-tests -Xswiftc -enable-testing
/// BACKPROP_FUZZ_COUNT=100000 BACKPROP_FUZZ_SEED=7 swift test -c release --skip-build --filter Fuzz
/// ```
///
/// Each failure quotes the input in base64 with its seed. An input still running after
/// ``hangLimit`` stops the test process with the same description, since it would never return.
struct FuzzCampaign {
    /// What is fuzzed, for messages: `"the safetensors reader"`.
    let target: String
    /// Valid inputs that mutations start from.
    let corpus: [[UInt8]]
    /// The format's tokens for the ``Mutator``.
    let tokens: [String]
    /// The number of inputs when `BACKPROP_FUZZ_COUNT` is not set.
    let ciCount: Int
    /// The longest input made.
    var maximumLength = 1 << 16

    /// The longest one input may take; the inputs are small, and a reader takes microseconds.
    static let timeLimit = Duration.seconds(1)
    /// How long an input may run before the process is stopped.
    static let hangLimit = Duration.seconds(20)
    /// A run stops after this many failures, which are likely one bug seen many times.
    static let failureLimit = 10

    /// Feeds the mutated inputs to `fuzzTarget`, which returns whether it accepted an input and
    /// calls its second argument for each broken promise; records an issue for each failure.
    func run(_ fuzzTarget: ([UInt8], (String) -> Void) -> Bool, sourceLocation: SourceLocation = #_sourceLocation) {
        let environment = ProcessInfo.processInfo.environment
        let count = environment["BACKPROP_FUZZ_COUNT"].flatMap { Int($0) } ?? ciCount
        let firstSeed = environment["BACKPROP_FUZZ_SEED"].flatMap { UInt64($0) } ?? 1
        let watchdog = HangWatchdog(limit: Self.hangLimit)
        defer { watchdog.stop() }
        let clock = ContinuousClock()
        let start = clock.now
        var accepted = 0, rejected = 0, failures = 0, slowest = Duration.zero
        for offset in 0..<count where failures < Self.failureLimit {
            let seed = firstSeed &+ UInt64(offset)
            var mutator = Mutator(seed: seed, tokens: tokens, maximumLength: maximumLength)
            let input = mutator.mutated(corpus[mutator.index(below: corpus.count)], donor: corpus[mutator.index(below: corpus.count)])
            let target = self.target
            let describe: @Sendable () -> String = {
                "\(target): the input of seed \(seed), \(input.count) bytes, base64 \(Data(input).base64EncodedString())"
            }
            var brokenPromises: [String] = []
            var wasAccepted = false
            let elapsed = clock.measure {
                wasAccepted = watchdog.watch(describe) { fuzzTarget(input) { brokenPromises.append($0) } }
            }
            if wasAccepted { accepted += 1 } else { rejected += 1 }
            slowest = max(slowest, elapsed)
            if elapsed > Self.timeLimit { brokenPromises.append("it took \(elapsed), more than \(Self.timeLimit)") }
            for problem in brokenPromises {
                Issue.record("\(describe()): \(problem)", sourceLocation: sourceLocation)
            }
            failures += brokenPromises.count
        }
        print("\(target): \(accepted + rejected) inputs from seed \(firstSeed), \(accepted) accepted, \(rejected) rejected, in \(start.duration(to: clock.now)) (slowest \(slowest))")
        // Mutations that the target always rejects, or always accepts, test little.
        if failures == 0 && count >= 1000 && (accepted == 0 || rejected == 0) {
            Issue.record("\(target) accepted \(accepted) and rejected \(rejected) of \(count) mutated inputs: the mutations are too destructive or too mild",
                         sourceLocation: sourceLocation)
        }
    }
}
