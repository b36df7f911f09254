/// `backprop soak`: runs small computations for a long time, as a long training job does, and
/// fails if resident memory keeps growing or a result goes wrong.
enum SoakCommand {
    static let usage = """
        USAGE: backprop soak [--scalar-iterations N] [--tensor-steps N]

        Runs the engine for a long time and fails (exit status 1) if its resident memory keeps
        growing or a result goes wrong. Two phases:
          scalar   build a graph of 17 Variable operations from one of 16 inputs, run backward and
                   read the gradients, which must equal those of the input's first visit;
          tensor   one SGD step (momentum 0.9) of an MLP 16→32→4 on a batch of 32 under mean
                   squared error; the loss must stay finite.
        Resident memory (from /proc/self/statm) is printed at the start, after every tenth of each
        phase and at the end. The first tenth of a phase is its warm-up; after it, resident memory
        may grow by at most \(ResidentMemory.describe(allowedGrowth)).

        OPTIONS:
          --scalar-iterations N   scalar iterations (default 1000000; 0 skips the phase)
          --tensor-steps N        tensor training steps (default 100000; 0 skips the phase)
          -h, --help              show this help
        """

    /// How much resident memory may grow in a phase after its warm-up.
    static let allowedGrowth = 4 << 20

    static func run(_ arguments: [String]) -> Int32 {
        if arguments.contains("-h") || arguments.contains("--help") {
            say(usage)
            return 0
        }
        do throws(UsageError) {
            let options = try Options(arguments, valued: ["--scalar-iterations", "--tensor-steps"])
            let scalarIterations = try options.integer("--scalar-iterations", default: 1_000_000, in: 0...Int.max)
            let tensorSteps = try options.integer("--tensor-steps", default: 100_000, in: 0...Int.max)
            return soak(scalarIterations: scalarIterations, tensorSteps: tensorSteps)
        } catch {
            printError("backprop soak: \(error.message)\n\n\(usage)")
            return 64
        }
    }

    private static func soak(scalarIterations: Int, tensorSteps: Int) -> Int32 {
        guard let startMemory = ResidentMemory.bytes else {
            printError("backprop soak: cannot read /proc/self/statm, which Linux provides; resident memory is unknown here")
            return 1
        }
        let start = monotonicSeconds()
        say("resident memory at start: \(ResidentMemory.describe(startMemory))")
        var scalar = ScalarGraphSoak()
        let scalarPassed = runPhase(&scalar, iterations: scalarIterations, since: start)
        var tensor = MLPTrainingSoak()
        let tensorPassed = runPhase(&tensor, iterations: tensorSteps, since: start)
        say("resident memory at end: \(ResidentMemory.describe(ResidentMemory.bytes ?? 0));"
              + " \(format(monotonicSeconds() - start, 1)) s in all")
        return scalarPassed && tensorPassed ? 0 : 1
    }

    /// Runs `iterations` iterations of `workload`, printing resident memory after every tenth, and
    /// returns whether every result was right and memory grew by at most `allowedGrowth` after
    /// the first tenth.
    private static func runPhase<Workload: SoakWorkload>(_ workload: inout Workload, iterations: Int, since start: Double) -> Bool {
        guard iterations > 0 else { return true }
        let tenth = max(iterations / 10, 1)
        var warmedUp: Int?
        var growth = 0
        for index in 0..<iterations {
            if let problem = workload.iterate(index) {
                printError("backprop soak: \(workload.name) iteration \(index + 1): \(problem)")
                return false
            }
            let done = index + 1
            guard done % tenth == 0 || done == iterations else { continue }
            let resident = ResidentMemory.bytes ?? 0
            let sinceWarmUp = resident - (warmedUp ?? resident)
            if warmedUp == nil { warmedUp = resident }
            growth = max(growth, sinceWarmUp)
            let counter = String(repeating: " ", count: String(iterations).count - String(done).count) + "\(done)/\(iterations)"
            say("\(workload.name) \(counter)  resident \(ResidentMemory.describe(resident))"
                  + "  \(sinceWarmUp < 0 ? "−" : "+")\(ResidentMemory.describe(abs(sinceWarmUp))) since warm-up"
                  + "  \(format(monotonicSeconds() - start, 1)) s")
        }
        say("\(workload.name): \(workload.summary); resident memory grew by \(ResidentMemory.describe(growth)) after warm-up"
              + " (at most \(ResidentMemory.describe(allowedGrowth)) allowed)")
        guard growth <= allowedGrowth else {
            printError("backprop soak: \(workload.name): resident memory grew by \(ResidentMemory.describe(growth)) after warm-up,"
                         + " more than \(ResidentMemory.describe(allowedGrowth)): something is kept from one iteration to the next")
            return false
        }
        return true
    }
}
