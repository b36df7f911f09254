import Foundation
import Testing
import Backprop
import BackpropNotebooks

/// Seeded mutation fuzzing of the notebook reader, with the environment variables of the
/// fuzz tests of the tensor files and expressions:
///
/// - `BACKPROP_FUZZ_COUNT`: how many mutated notebooks (for example 100000);
/// - `BACKPROP_FUZZ_SEED`: the seed of the first (default 1); notebook k has seed + k, so a
///   reported seed with `BACKPROP_FUZZ_COUNT=1` rebuilds that notebook alone.
///
/// ```
/// BACKPROP_FUZZ_COUNT=100000 swift test -c release --skip-build --filter NotebookFuzzTests
/// ```
///
/// For runs of hours that corrupt the JSON itself, guided by coverage: `.ci/fuzz/run notebook 3600`.
@Suite("Fuzzing: mutated notebooks are read or rejected with a NotebookError, never a crash or a hang")
struct NotebookFuzzTests {
    /// The longest one notebook may take; reading one takes microseconds.
    static let timeLimit = Duration.seconds(1)

    @Test("mutated notebooks are read and written back unchanged, or rejected with an error that names the file")
    func notebookReader() throws {
        let outputs: [Output] = [.stream("2.0\n"), .svg("<svg/>"), .markdown("**bold**"), .graph(dot: "digraph { a -> b }", svg: "<svg/>"),
                                 .graph(dot: "digraph {}", svg: nil), .error(name: "runtime error", message: "Fatal error\nat line 2")]
        let written = [
            Notebook(cells: [Cell(kind: .markdown, source: "# Title\nSome *text*"), Cell(kind: .code, source: "let x = 2\nprint(x)", outputs: outputs),
                             Cell(kind: .raw, source: "")]),
            Notebook(cells: [Cell(kind: .code, source: "print(\"é\\n\")", outputs: [.stream("é\n")])]),
            Notebook(cells: []),
        ].map { $0.jsonData() }
        let corpus = try (written + [Data(NotebookFileTests.jupyterNotebook.utf8)]).map { data in
            try data.withUnsafeBytes { bytes throws(TextSyntaxError) in try JSONValue.parse(bytes) }
        }
        let environment = ProcessInfo.processInfo.environment
        let count = environment["BACKPROP_FUZZ_COUNT"].flatMap { Int($0) } ?? 10_000
        let firstSeed = environment["BACKPROP_FUZZ_SEED"].flatMap { UInt64($0) } ?? 1
        let clock = ContinuousClock()
        let start = clock.now
        var accepted = 0, rejected = 0, failures = 0
        for offset in 0..<count where failures < 10 {
            let seed = firstSeed &+ UInt64(offset)
            var mutator = NotebookMutator(seed: seed)
            let input = mutator.mutated(corpus[mutator.index(below: corpus.count)], donor: corpus[mutator.index(below: corpus.count)]).serialized()
            var brokenPromises: [String] = []
            let elapsed = clock.measure {
                if fuzzNotebookReader(Array(input.utf8), brokenPromise: { brokenPromises.append($0) }) { accepted += 1 } else { rejected += 1 }
            }
            if elapsed > Self.timeLimit { brokenPromises.append("it took \(elapsed), more than \(Self.timeLimit)") }
            for problem in brokenPromises {
                Issue.record("the notebook of seed \(seed), \(input): \(problem)")
            }
            failures += brokenPromises.count
        }
        print("the notebook reader: \(accepted + rejected) notebooks from seed \(firstSeed), \(accepted) accepted, \(rejected) rejected, in \(start.duration(to: clock.now))")
        if failures == 0 && count >= 1000 {
            #expect(accepted > 0 && rejected > 0, "the mutations are too destructive or too mild")
        }
    }
}
