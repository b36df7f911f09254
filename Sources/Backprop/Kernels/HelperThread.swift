#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// The second core's worker: one long-lived thread that runs half of a split loop.
///
/// Handing work to a sleeping thread (through Dispatch or a condition variable) costs 50–70 µs
/// on a virtual machine, as much as the work of a whole elementwise pass over a batch of
/// activations; so after each job the helper spins for a while on an atomic, as OpenMP's
/// threads do, and takes the next job within a microsecond. A job it has not started when
/// its caller is done with the other half is taken back and run by the caller, so a late
/// helper never makes a split slower than the serial loop. One caller at a time owns the
/// helper; others (other threads, or splits nested inside a job) run their loops serially.
final class HelperThread: @unchecked Sendable {
    /// The process's helper, started on first use.
    static let shared = HelperThread()

    /// How long the helper keeps looking for a next job before it sleeps.
    private static let spinNanoseconds: UInt64 = 1_000_000

    /// What a job's state may be; `posted` jobs may be started by the helper or taken back.
    private enum State {
        static let idle = 0, posted = 1, running = 2, finished = 3
    }

    /// Whether a caller owns the helper (taken at the start of `run`, given back at its end).
    private let claimed = Atomic<Bool>(false)
    private let state = Atomic<Int>(State.idle)
    /// Whether the helper is, or is about to be, blocked on `wakeUp`.
    private let sleeping = Atomic<Bool>(false)
    /// The job; written only by the owning caller before it posts, read by the helper after.
    private var job: (() -> Void)?
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let wakeUp = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    private init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(wakeUp, nil)
        let unmanaged = Unmanaged.passRetained(self)
        var thread = pthread_t()
        let status = pthread_create(&thread, nil, { argument in
            Unmanaged<HelperThread>.fromOpaque(argument!).takeUnretainedValue().serve()
        }, unmanaged.toOpaque())
        precondition(status == 0, "Backprop could not start its helper thread (pthread_create: \(status))")
        pthread_detach(thread)
    }

    /// Runs `first` on the calling thread and `second` on the helper at the same time, or both
    /// here, one after the other, when the helper is owned by another caller. Returns when both
    /// have run.
    func run(_ first: () -> Void, _ second: () -> Void) {
        guard claimed.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            first()
            second()
            return
        }
        withoutActuallyEscaping(second) { second in
            job = second
            state.store(State.posted, ordering: .sequentiallyConsistent)
            if sleeping.load(ordering: .sequentiallyConsistent) {
                pthread_mutex_lock(mutex)
                pthread_cond_signal(wakeUp)
                pthread_mutex_unlock(mutex)
            }
            first()
            if state.compareExchange(expected: State.posted, desired: State.idle, ordering: .acquiring).exchanged {
                second()
            } else {
                while state.load(ordering: .acquiring) != State.finished {}
                state.store(State.idle, ordering: .relaxed)
            }
            job = nil
        }
        claimed.store(false, ordering: .releasing)
    }

    /// The helper's loop: spin for a posted job, run it, and sleep when none came for a while.
    private func serve() -> Never {
        while true {
            if waitForPostedJob() { runJob() }
        }
    }

    /// Whether a job was posted and this thread now runs it (false: it was taken back).
    private func waitForPostedJob() -> Bool {
        let start = monotonicNanoseconds()
        var spins = 0
        while state.load(ordering: .relaxed) != State.posted {
            spins &+= 1
            guard spins & 255 == 0, monotonicNanoseconds() &- start > Self.spinNanoseconds else { continue }
            pthread_mutex_lock(mutex)
            sleeping.store(true, ordering: .sequentiallyConsistent)
            while state.load(ordering: .sequentiallyConsistent) != State.posted {
                pthread_cond_wait(wakeUp, mutex)
            }
            sleeping.store(false, ordering: .relaxed)
            pthread_mutex_unlock(mutex)
        }
        return state.compareExchange(expected: State.posted, desired: State.running, ordering: .acquiring).exchanged
    }

    /// Runs the posted job; its closure is released before the caller hears it is finished.
    private func runJob() {
        runAndRelease()
        state.store(State.finished, ordering: .releasing)
    }

    @inline(never)
    private func runAndRelease() {
        job?()
    }

    private func monotonicNanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) &* 1_000_000_000 &+ UInt64(now.tv_nsec)
    }
}
