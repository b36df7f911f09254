import Foundation
import Synchronization

/// Stops the process, saying which input was running, when one input runs longer than a
/// limit: a reader caught in a loop never returns to the test, so the test cannot report the
/// input itself, and a run that hangs in CI says nothing at all.
///
/// ```swift
/// let watchdog = HangWatchdog(limit: .seconds(10))
/// defer { watchdog.stop() }
/// let accepted = watchdog.watch({ "input 17: \(bytes)" }) { read(bytes) }
/// ```
final class HangWatchdog: Sendable {
    private let limit: Duration
    /// The input being run: when it started and how to describe it.
    private struct RunningInput {
        let start: ContinuousClock.Instant
        let describe: @Sendable () -> String
    }
    private let running = Mutex<RunningInput?>(nil)
    private let stopped = Atomic(false)

    init(limit: Duration) {
        self.limit = limit
        Thread.detachNewThread { [self] in
            while !stopped.load(ordering: .relaxed) {
                Thread.sleep(forTimeInterval: 0.1)
                checkRunningInput()
            }
        }
    }

    /// Runs `body`, stopping the process with `describe()` if it runs past the limit.
    func watch<Result>(_ describe: @escaping @Sendable () -> String, _ body: () -> Result) -> Result {
        running.withLock { $0 = RunningInput(start: .now, describe: describe) }
        defer { running.withLock { $0 = nil } }
        return body()
    }

    /// Ends the watch; the watchdog's thread exits within a tenth of a second.
    func stop() {
        stopped.store(true, ordering: .relaxed)
    }

    private func checkRunningInput() {
        guard let input = running.withLock({ $0 }), input.start.duration(to: .now) > limit else { return }
        fatalError("\(input.describe()) has run for more than \(limit): the reader hangs")
    }
}
