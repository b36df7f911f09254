#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The per-thread state of the engine: the tape new leaves go on, whether recording is switched
/// off, and the error-checking scope. Never shared between threads.
final class ThreadContext {
    /// The tape that new leaves are recorded on. Held strongly: a weak reference would move the
    /// tape's reference count to a side table and slow every recorded operation; instead a tape
    /// that nothing else references any more is recycled when the next computation starts.
    var tape: Tape?
    /// The task that `tape` belongs to (0 outside any task), so interleaved tasks never share one.
    var tapeTask: Int = 0
    /// How many `withoutRecording` scopes are open on this thread.
    var recordingDisabledDepth = 0
    /// How many `withErrorChecking` scopes are open on this thread.
    var errorCheckingDepth = 0
    /// The first error raised inside the innermost error-checking scope.
    var pendingError: BackpropError?

    /// The context of the calling thread, created on first use and released when the thread ends.
    static var current: ThreadContext {
        if let existing = pthread_getspecific(threadContextKey) {
            return Unmanaged<ThreadContext>.fromOpaque(existing).takeUnretainedValue()
        }
        let context = ThreadContext()
        pthread_setspecific(threadContextKey, Unmanaged.passRetained(context).toOpaque())
        return context
    }

    /// Whether operations on this thread record onto a tape.
    var isRecording: Bool { recordingDisabledDepth == 0 }

    /// The tape for new leaves of the current task on this thread. A tape whose values are all
    /// gone is emptied and reused; one released by `backward()` whose values are still around,
    /// or one belonging to another task, is replaced by a fresh tape.
    var currentTape: Tape {
        if tape != nil, isKnownUniquelyReferenced(&tape!) {
            tape!.reset(recording: isRecording)
            tapeTask = currentTaskIdentity()
            return tape!
        }
        if let tape, !tape.isReleased, tapeTask == currentTaskIdentity() { return tape }
        return freshTape()
    }

    /// Starts a new current tape for the running task.
    func freshTape() -> Tape {
        let fresh = Tape(recording: isRecording)
        tape = fresh
        tapeTask = currentTaskIdentity()
        return fresh
    }
}

/// An identity for the running task, or 0 on a thread outside Swift concurrency.
private func currentTaskIdentity() -> Int {
    withUnsafeCurrentTask { task in task?.hashValue ?? 0 }
}

private let threadContextKey: pthread_key_t = {
    var key = pthread_key_t()
    let status = pthread_key_create(&key) { pointer in
        guard let pointer else { return }
        Unmanaged<ThreadContext>.fromOpaque(pointer).release()
    }
    precondition(status == 0, "Backprop could not create its thread-local storage (pthread_key_create: \(status))")
    return key
}()
