import Foundation
import Synchronization

/// Runs `work(0)`, …, `work(count − 1)` in `count` child tasks of one task group and returns the
/// results in index order.
func inConcurrentTasks<Result: Sendable>(_ count: Int, _ work: @escaping @Sendable (Int) -> Result) async -> [Result] {
    await withTaskGroup(of: (Int, Result).self) { group in
        for index in 0..<count { group.addTask { (index, work(index)) } }
        var results = [Result?](repeating: nil, count: count)
        for await (index, result) in group { results[index] = result }
        return results.map { $0! }
    }
}

/// Runs `work(0)`, …, `work(count − 1)` on `count` threads of their own, all started before any
/// is waited for, and returns the results in index order.
func onThreads<Result: Sendable>(_ count: Int, _ work: @escaping @Sendable (Int) -> Result) -> [Result] {
    let results = ResultSlots<Result>(count)
    let finished = DispatchSemaphore(value: 0)
    for index in 0..<count {
        Thread {
            results.store(work(index), at: index)
            finished.signal()
        }.start()
    }
    for _ in 0..<count { finished.wait() }
    return results.all
}

/// One result slot per thread, filled from any thread.
private final class ResultSlots<Result: Sendable>: Sendable {
    private let slots: Mutex<[Result?]>

    init(_ count: Int) { slots = Mutex([Result?](repeating: nil, count: count)) }

    func store(_ result: Result, at index: Int) { slots.withLock { $0[index] = result } }

    var all: [Result] { slots.withLock { $0.map { $0! } } }
}
