#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `backprop bench`: times the workloads defined for comparison with PyTorch, JAX, numpy and
/// micrograd, printing a table of workload, who ran it and the median time.
enum BenchCommand {
    /// A named workload: it times itself (and any companion lines) and returns the rows to print.
    struct Workload: Sendable {
        let name: String
        let summary: String
        let run: @Sendable () -> [(who: String, seconds: Double)]
    }

    static let workloads: [Workload] = [
        Workload(name: "scalar-rosenbrock", summary: "gradient of the 10,000-variable Rosenbrock function on scalar Variables",
                 run: ScalarRosenbrock.run),
        Workload(name: "scalar-mlp-moons", summary: "micrograd's 2→16→16→1 MLP on 100 points, scalar Variables, forward and backward",
                 run: ScalarMLPMoons.run),
        Workload(name: "mlp-train-step", summary: "one SGD step of a Float MLP 784→256→128→10 on a batch of 128",
                 run: MLPTrainStep.run),
        Workload(name: "matmul-1024", summary: "Float matrix product of two 1024×1024 matrices", run: MatmulBenchmark.run),
        Workload(name: "cnn-train-step", summary: "one SGD step of a small Float CNN on 64 images of 28×28",
                 run: CNNTrainStep.run),
        Workload(name: "hessian-100", summary: "the 100×100 Hessian of logsumexp(A·x) + ½‖x‖² in Double", run: HessianBenchmark.run),
        Workload(name: "linalg-solve-512", summary: "solve(A, b) for a 512×512 Double matrix (LU with partial pivoting)",
                 run: LinalgSolveBenchmark.run),
        Workload(name: "gp-loglik-256", summary: "Gaussian-process negative log likelihood of 256 points and its gradient, through cholesky",
                 run: GaussianProcessBenchmark.run),
    ]

    static let usage = """
        USAGE: backprop bench [--filter NAME[,NAME...]] [--format table|tsv] [--list]

        Times the workloads (build with -c release for meaningful numbers) and prints one line per
        implementation: the workload, who ran it (backprop, or a comparison such as
        swift-autodiff) and the median time of one run.

        OPTIONS:
          --filter NAMES   only these workloads (comma-separated; see --list)
          --format FORMAT  table: a header and times in ns, µs, ms or s (the default on a
                           terminal); tsv: workload, who and seconds separated by tabs, without a
                           header, for scripts (the default when the output is piped or redirected)
          --list           list the workloads and what each measures
          -h, --help       show this help
        """

    static func run(_ arguments: [String]) -> Int32 {
        if arguments.contains("-h") || arguments.contains("--help") {
            say(usage)
            return 0
        }
        let filter: Set<String>?
        let tabSeparated: Bool
        do throws(UsageError) {
            let options = try Options(arguments, valued: ["--filter", "--format"], switches: ["--list"])
            if options.has("--list") {
                for workload in workloads { say("\(workload.name)\t\(workload.summary)") }
                return 0
            }
            filter = options.string("--filter").map { Set($0.split(separator: ",").map(String.init)) }
            let known = Set(workloads.map(\.name))
            if let unknown = filter?.subtracting(known), !unknown.isEmpty {
                throw UsageError("no workload named \(unknown.sorted().joined(separator: ", ")); known: \(known.sorted().joined(separator: ", "))")
            }
            switch options.string("--format", default: isatty(STDOUT_FILENO) == 1 ? "table" : "tsv") {
            case "table": tabSeparated = false
            case "tsv": tabSeparated = true
            case let other: throw UsageError("--format must be table or tsv, not '\(other)'")
            }
        } catch {
            printError("backprop bench: \(error.message)\n\n\(usage)")
            return 64
        }
        let nameWidth = workloads.map(\.name.count).max() ?? 0, whoWidth = 16
        if !tabSeparated { say(padded("workload", nameWidth) + "  " + padded("who", whoWidth) + "  median time") }
        for workload in workloads where filter?.contains(workload.name) ?? true {
            for (who, seconds) in workload.run() {
                say(tabSeparated ? "\(workload.name)\t\(who)\t\(seconds)"
                    : padded(workload.name, nameWidth) + "  " + padded(who, whoWidth) + "  " + readableDuration(seconds))
            }
        }
        return 0
    }

    /// `text` followed by spaces up to `width` characters.
    private static func padded(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }
}

/// A duration in the unit that gives it one to three digits before the point, with three
/// significant digits: "850 ns", "12.3 µs", "1.50 ms", "2.04 s".
func readableDuration(_ seconds: Double) -> String {
    let (value, unit) = seconds < 1e-6 ? (seconds * 1e9, "ns") : seconds < 1e-3 ? (seconds * 1e6, "µs")
        : seconds < 1 ? (seconds * 1e3, "ms") : (seconds, "s")
    let decimals = value < 10 ? 2 : value < 100 ? 1 : 0
    return format(value, decimals) + " " + unit
}

/// The median time of `body` after one warm-up run: at least `minimumRuns` runs and at least
/// `minimumTime` seconds, as the peers' harness does.
func medianSeconds(minimumRuns: Int = 5, minimumTime: Double = 1, maximumRuns: Int = 200, _ body: () -> Void) -> Double {
    body()
    var times: [Double] = []
    let start = monotonicSeconds()
    while times.count < maximumRuns && (times.count < minimumRuns || monotonicSeconds() - start < minimumTime) {
        let begin = monotonicSeconds()
        body()
        times.append(monotonicSeconds() - begin)
    }
    times.sort()
    return times.count % 2 == 1 ? times[times.count / 2] : (times[times.count / 2 - 1] + times[times.count / 2]) / 2
}

/// Seconds on a clock that never goes backwards.
func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) * 1e-9
}

/// Keeps the optimiser from discarding a computed value: an unoptimised call is opaque to it.
@_optimize(none)
func consume<T>(_ value: T) {}
