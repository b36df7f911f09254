#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import Backprop

@Suite("Threads that end")
struct ThreadExitTests {
    @Test("a thread's context and its last tape are freed when the thread ends")
    func endedThreadFreesItsTape() {
        let survivors = Survivors()
        runAndJoinThread {
            let x = Variable(2)
            (x * x * x).backward()
            survivors.context = ThreadContext.current
            survivors.tape = x.tape
        }
        #expect(survivors.context == nil && survivors.tape == nil)
    }
}

/// Weak references to what a thread created, set on that thread and read after it has been joined.
private final class Survivors: @unchecked Sendable {
    weak var context: ThreadContext?
    weak var tape: Tape?
}

/// Runs `body` on a new POSIX thread and returns once that thread has ended, thread-local
/// destructors included.
/// Runs `body` on a new thread of its own and waits for it: a thread context no other test
/// (or task) has used.
func runAndJoinThread(_ body: @escaping @Sendable () -> Void) {
    final class Work {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
    var thread = pthread_t()
    let status = pthread_create(&thread, nil, { argument in
        Unmanaged<Work>.fromOpaque(argument!).takeRetainedValue().body()
        return nil
    }, Unmanaged.passRetained(Work(body)).toOpaque())
    precondition(status == 0, "pthread_create failed: \(status)")
    pthread_join(thread, nil)
}
