#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BackpropNotebooks
import Foundation
import Synchronization

/// SIGINT and SIGTERM while `backprop notebook` runs. The notebooks' programs and builds run in
/// process groups of their own, which a Ctrl-C on the terminal does not reach; so the tool
/// catches the signal, interrupts them (``NotebookRunner/stopRunningPrograms(interruptedBy:)``:
/// SIGINT, then SIGKILL for what has not ended a few seconds later), and exits with status
/// 128 + the signal, as a shell reports a process the signal stopped.
///
/// The handler only writes the signal's number to a pipe, which is safe in a signal handler; a
/// thread reads it and does the rest. A caught signal, unlike an ignored one, is reset to its
/// default in the children when they start.
enum InterruptForwarding {
    /// The signal that interrupted the tool, or 0.
    static let received = Atomic<Int32>(0)

    /// Catches SIGINT and SIGTERM from now on.
    static func install() {
        // A parent may have started the tool with the signals blocked (threads of libdispatch
        // block them, and children inherit the mask); they must reach the handler.
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        interruptPipe = ends[1]
        let reader = ends[0]
        Thread.detachNewThread {
            var byte: UInt8 = 0
            while read(reader, &byte, 1) != 1 {}
            stop(signal: Int32(byte))
        }
        for signalNumber in [SIGINT, SIGTERM] {
            _ = signal(signalNumber) { caught in
                var byte = UInt8(truncatingIfNeeded: caught)
                _ = write(interruptPipe, &byte, 1)
            }
        }
    }

    /// The exit status of a run that `signal` interrupted.
    static func status(for signal: Int32) -> Int32 { 128 + signal }

    private static func stop(signal: Int32) {
        received.store(signal, ordering: .sequentiallyConsistent)
        let name = String(cString: strsignal(signal))
        guard NotebookRunner.stopRunningPrograms(interruptedBy: signal) else {
            printError("backprop notebook: \(name); stopped")
            exit(status(for: signal))
        }
        // The run that was waiting for the stopped program reports it and exits; should it not
        // within a few seconds, the tool exits from here.
        sleep(10)
        _exit(status(for: signal))
    }
}

/// The write end of the pipe the signal handler writes to.
nonisolated(unsafe) private var interruptPipe: Int32 = -1
