#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Serialises the backward sweeps of one tape and the reads and resets of its scalar gradients,
/// which recorders in other tasks reach through imported values: two tasks differentiating
/// through shared leaves must not accumulate into the tape's gradients at once. Re-entrant on
/// one thread, because a gradient hook may itself read a gradient or run a backward.
final class SweepLock: Sendable {
    private let mutex = Mutex(())
    /// The thread holding the lock, 0 when none; only ever set to its own identity by a thread.
    private let holder = Atomic<UInt>(0)

    /// Runs `body` holding the lock.
    func withLock<Result>(_ body: () throws -> Result) rethrows -> Result {
#if canImport(Darwin)
        let thread = UInt(bitPattern: pthread_self())
#else
        let thread = UInt(pthread_self())
#endif
        // Only this thread ever stores its own identity here, so seeing it means this thread holds the lock.
        if holder.load(ordering: .relaxed) == thread { return try body() }
        return try mutex.withLock { _ in
            holder.store(thread, ordering: .relaxed)
            defer { holder.store(0, ordering: .relaxed) }
            return try body()
        }
    }
}
