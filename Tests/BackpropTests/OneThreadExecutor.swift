import Foundation
import Synchronization

/// A task executor that runs every job on one dedicated thread, so that tasks preferring it
/// interleave on that thread at each suspension point (`await Task.yield()`) instead of running
/// side by side on the cooperative pool.
final class OneThreadExecutor: TaskExecutor, Sendable {
    private let jobs = Mutex<[UnownedJob]>([])
    /// Signalled once per queued job, and once more to stop: a wake-up with no job ends the thread.
    private let wakeUps = DispatchSemaphore(value: 0)
    private let stopped = DispatchSemaphore(value: 0)

    /// Starts the thread; call ``stop()`` when no task uses the executor any more.
    init() {
        Thread { [self] in
            while true {
                wakeUps.wait()
                let next: UnownedJob? = jobs.withLock { $0.isEmpty ? nil : $0.removeFirst() }
                guard let next else { break }
                next.runSynchronously(on: asUnownedTaskExecutor())
            }
            stopped.signal()
        }.start()
    }

    func enqueue(_ job: UnownedJob) {
        jobs.withLock { $0.append(job) }
        wakeUps.signal()
    }

    /// Ends the thread after the jobs already queued, and waits for it.
    func stop() {
        wakeUps.signal()
        stopped.wait()
    }
}
