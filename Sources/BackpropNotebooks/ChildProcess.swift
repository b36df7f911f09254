import Foundation

/// Runs a program to completion and collects what it printed. Output goes through temporary
/// files rather than pipes, so that neither stream can fill up and stall the child.
///
/// The child leads a process group of its own (Foundation's `Process` makes one), which holds
/// whatever it starts in turn. Stopping a child, at its time limit or through
/// ``stopAll(interruptedBy:)``, stops that whole group, so nothing it started keeps running.
struct ChildProcess {
    /// How the child ended.
    struct Result {
        /// Its standard output.
        let standardOutput: String
        /// Its standard error.
        let standardError: String
        /// Nil when it exited with status 0; otherwise how it failed, for messages.
        let failure: String?
        /// Whether it was stopped at its time limit.
        let timedOut: Bool
    }

    /// The child was not started, or was stopped, because ``stopAll(interruptedBy:)`` was called.
    struct Interrupted: Error {
        /// The signal that was forwarded.
        let signal: Int32
    }

    let executable: URL
    let arguments: [String]
    var workingDirectory: URL?
    var environment: [String: String] = [:]
    /// Seconds after which the child's process group is stopped.
    var timeLimit: Double = 600

    /// How long a stopped group has to end after SIGINT before it is killed.
    static let gracePeriod: Double = 5

    func run() throws -> Result {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("backprop-child-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outputURL = directory.appendingPathComponent("stdout"), errorURL = directory.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        let outputHandle = try FileHandle(forWritingTo: outputURL), errorHandle = try FileHandle(forWritingTo: errorURL)

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = workingDirectory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = outputHandle
        process.standardError = errorHandle
        let group = try RunningGroups.shared.start(process)
        let timedOut = TimeLimitFlag()
        let deadline = DispatchWorkItem {
            timedOut.set()
            Self.stop(groups: [group])
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeLimit, execute: deadline)
        process.waitUntilExit()
        deadline.cancel()
        // Whatever the child left running in its group goes with it.
        kill(-group, SIGKILL)
        let interruption = RunningGroups.shared.finish(group)
        try? outputHandle.close()
        try? errorHandle.close()
        if let interruption { throw Interrupted(signal: interruption) }

        let failure: String? = switch (process.terminationReason, process.terminationStatus) {
        case _ where timedOut.isSet: "was stopped at its time limit of \(Int(timeLimit)) seconds (backprop notebook --timeout)"
        case (.exit, 0): nil
        case (.exit, let status): "exited with status \(status)"
        case (_, let signal): "was stopped by signal \(signal) (\(String(cString: strsignal(signal))))"
        }
        return Result(standardOutput: String(decoding: (try? Data(contentsOf: outputURL)) ?? Data(), as: UTF8.self),
                      standardError: String(decoding: (try? Data(contentsOf: errorURL)) ?? Data(), as: UTF8.self),
                      failure: failure, timedOut: timedOut.isSet)
    }

    /// Stops every running child's process group (see ``stop(groups:)``), whatever `signal` the
    /// caller received. Children started later are refused, and the runs of the stopped ones throw
    /// ``Interrupted`` with `signal`. Returns whether any child was running.
    static func stopAll(interruptedBy signal: Int32) -> Bool {
        let groups = RunningGroups.shared.interrupt(signal)
        stop(groups: groups)
        return !groups.isEmpty
    }

    /// Sends the process groups `groups` SIGINT, gives them ``gracePeriod`` seconds to end, then
    /// kills what is left. SIGINT, as a Ctrl-C would: `swift build` then cancels its build and
    /// stops its compilers, which run in process groups of their own, where SIGTERM would end it
    /// at once and leave them running.
    static func stop(groups: [pid_t]) {
        for group in groups { kill(-group, SIGINT) }
        waitUntilEnded(groups, seconds: gracePeriod)
        for group in groups { kill(-group, SIGKILL) }
    }

    /// Returns once no process of `groups` is left (zombies that their parent has yet to reap
    /// count as ended), or after `seconds`.
    private static func waitUntilEnded(_ groups: [pid_t], seconds: Double) {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline && groups.contains(where: { kill(-$0, 0) == 0 && processGroupHasLiveMember($0) }) {
            usleep(20_000)
        }
    }

    /// Whether a process of `group` is alive, that is neither gone nor a zombie (Linux's /proc;
    /// elsewhere any member counts).
    private static func processGroupHasLiveMember(_ group: pid_t) -> Bool {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return true }
        return entries.contains { entry in
            guard Int32(entry) != nil, let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let end = stat.lastIndex(of: ")") else { return false }
            // After "pid (name)": state, parent, process group.
            let fields = stat[stat.index(after: end)...].split(separator: " ")
            return fields.count > 2 && fields[2] == "\(group)" && fields[0] != "Z"
        }
    }
}

/// Whether a child's time limit has passed, set from the timer's thread.
private final class TimeLimitFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}

/// The process groups of the children running now, and the signal that interrupted them, if any.
private final class RunningGroups: @unchecked Sendable {
    static let shared = RunningGroups()
    private let lock = NSLock()
    private var groups: Set<pid_t> = []
    private var interruption: Int32?

    /// Starts `process` and records its group, unless an interruption came first.
    func start(_ process: Process) throws -> pid_t {
        try lock.withLock {
            if let interruption { throw ChildProcess.Interrupted(signal: interruption) }
            try process.run()
            // Foundation's Process makes the child the leader of a new process group; where it
            // does not, the child is moved into one (which works until it has called exec).
            let group = process.processIdentifier
            if getpgid(group) != group { setpgid(group, group) }
            groups.insert(group)
            return group
        }
    }

    /// Forgets `group`, whose leader has ended; returns the interrupting signal, if any.
    func finish(_ group: pid_t) -> Int32? {
        lock.withLock {
            groups.remove(group)
            return interruption
        }
    }

    /// Records the interruption and returns the groups running now.
    func interrupt(_ signal: Int32) -> [pid_t] {
        lock.withLock {
            interruption = interruption ?? signal
            return Array(groups)
        }
    }
}
