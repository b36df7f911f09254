#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// The per-thread state of the engine: the tape new leaves go on, whether recording is switched
/// off, and the error-checking scope. Never shared between threads.
final class ThreadContext {
    /// The tape that new leaves are recorded on. Held strongly: a weak reference would move the
    /// tape's reference count to a side table and slow every recorded operation; instead a tape
    /// that nothing else references any more is recycled when the next computation starts.
    var tape: Tape?
    /// The task that `tape` belongs to (0 outside any task), so interleaved tasks never share one.
    var tapeTask: UInt64 = 0
    /// How many `withoutRecording` scopes are open on this thread.
    var recordingDisabledDepth = 0
    /// How many `withErrorChecking` scopes are open on this thread.
    var errorCheckingDepth = 0
    /// How many `withAnomalyDetection` scopes are open on this thread.
    var anomalyDetectionDepth = 0
    /// Who watches every backward sweep started on this thread (the checks of
    /// `withAnomalyDetection`, while one is open).
    var sweepObservers: [any SweepObserver] = []
    /// Where comparisons of Variables are noted while a function is compiled (`compile(at:_:)`).
    var comparisonLog: ComparisonLog?
    /// The first error raised inside the innermost error-checking scope.
    var pendingError: BackpropError?
    /// The bytes held by the tapes this thread created, wherever they are now.
    let liveTapeBytes = Atomic<Int>(0)

    /// The context of the calling thread, created on first use and released when the thread ends.
    static var current: ThreadContext { currentUnmanaged.takeUnretainedValue() }

    /// The calling thread's context without a reference count (the thread's storage owns it).
    static var currentUnmanaged: Unmanaged<ThreadContext> {
        if let existing = pthread_getspecific(threadContextKey) {
            return Unmanaged<ThreadContext>.fromOpaque(existing)
        }
        return makeCurrent()
    }

    /// Creates the calling thread's context. Kept out of line: inlined, it would cost every
    /// leaf created (which looks the context up) registers it only needs once per thread.
    @inline(never)
    private static func makeCurrent() -> Unmanaged<ThreadContext> {
        let context = Unmanaged.passRetained(ThreadContext())
        pthread_setspecific(threadContextKey, context.toOpaque())
        return context
    }

    /// The tape and node for a new leaf holding `value` (node 0, a constant, when recording is off).
    static func recordLeaf(_ value: Double) -> (Tape, Int32) {
        currentUnmanaged._withUnsafeGuaranteedRef { context in
            let tape = context.currentTape
            return (tape, context.isRecording ? tape.append(.leaf, value: value, 0, 0) : 0)
        }
    }

    /// Whether operations on this thread are checked for NaN and infinity.
    var detectsAnomalies: Bool { anomalyDetectionDepth > 0 }

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
        if let tape, !tape.isClosed, tapeTask == currentTaskIdentity() { return tape }
        return freshTape()
    }

    /// Starts a new current tape for the running task.
    func freshTape() -> Tape {
        let fresh = Tape(recording: isRecording, owner: self)
        tape = fresh
        tapeTask = currentTaskIdentity()
        return fresh
    }
}

/// An identity for the running task, or 0 on a thread outside Swift concurrency: the runtime's
/// 64-bit task ID, never reused while the process runs. (The task's address is not enough: a
/// task that ends frees it for the next, which would then find the dead task's tape current.
/// It stands in only where the runtime has no task IDs to give, before macOS 14.)
private func currentTaskIdentity() -> UInt64 {
    withUnsafeCurrentTask { task in
        guard let task else { return 0 }
        let address = unsafeBitCast(task, to: UnsafeRawPointer.self)
        return taskID.map { $0(address) } ?? UInt64(UInt(bitPattern: address))
    }
}

/// The concurrency runtime's `swift_task_getJobTaskId`, looked up by name so that a runtime
/// without it still loads the library. Its Swift calling convention matches C's for one pointer
/// argument and an integer result.
private let taskID: (@convention(c) (UnsafeRawPointer) -> UInt64)? = {
    guard let symbol = dlsym(dlopen(nil, RTLD_LAZY), "swift_task_getJobTaskId") else { return nil }
    return unsafeBitCast(symbol, to: (@convention(c) (UnsafeRawPointer) -> UInt64).self)
}()

private let threadContextKey: pthread_key_t = {
    var key = pthread_key_t()
    let status = pthread_key_create(&key) { pointer in
        guard let pointer else { return }
        let context = Unmanaged<ThreadContext>.fromOpaque(pointer)
        // The tape refers back to its context (for the memory statistics): dropping the
        // context's reference first lets both go, unless values still hold the tape.
        context.takeUnretainedValue().tape = nil
        context.release()
    }
    precondition(status == 0, "Backprop could not create its thread-local storage (pthread_key_create: \(status))")
    return key
}()
