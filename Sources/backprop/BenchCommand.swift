#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `backprop bench`: times the workloads defined for comparison with PyTorch, JAX, numpy and
/// micrograd, printing `workload<TAB>who<TAB>median seconds`.
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
    ]

    static func run(_ arguments: [String]) -> Int32 {
        var filter: Set<String>?
        var index = 0
        while index < arguments.count {
            switch arguments[index] {
            case "--filter":
                guard index + 1 < arguments.count else {
                    printError("backprop bench: --filter needs a workload name (see backprop bench --list)")
                    return 64
                }
                filter = Set(arguments[index + 1].split(separator: ",").map(String.init))
                index += 2
            case "--list":
                for workload in workloads { print("\(workload.name)\t\(workload.summary)") }
                return 0
            case "-h", "--help":
                print("USAGE: backprop bench [--filter NAME[,NAME...]] [--list]")
                return 0
            default:
                printError("backprop bench: unknown option '\(arguments[index])'\nUSAGE: backprop bench [--filter NAME[,NAME...]] [--list]")
                return 64
            }
        }
        let known = Set(workloads.map(\.name))
        if let unknown = filter?.subtracting(known), !unknown.isEmpty {
            printError("backprop bench: no workload named \(unknown.sorted().joined(separator: ", ")); known: \(known.sorted().joined(separator: ", "))")
            return 64
        }
        for workload in workloads where filter?.contains(workload.name) ?? true {
            for (who, seconds) in workload.run() {
                print("\(workload.name)\t\(who)\t\(seconds)")
            }
        }
        return 0
    }
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
