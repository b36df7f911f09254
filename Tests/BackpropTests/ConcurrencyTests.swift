#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization
import Testing
@testable import Backprop

/// Each thread and each task records on tapes of its own: the same computations give bit-for-bit
/// the serial results when run side by side, on threads or in tasks, or interleaved on one thread.
@Suite("Concurrency")
struct ConcurrencyTests {
    static let workers = 8

    @Test("scalar gradients computed in eight concurrent tasks and on eight threads equal the serial ones")
    func scalarGraphs() async {
        let serial = (0..<Self.workers).map(scalarGradients)
        #expect(serial.joined().allSatisfy { $0.isFinite })
        #expect(await inConcurrentTasks(Self.workers, scalarGradients) == serial)
        #expect(onThreads(Self.workers, scalarGradients) == serial)
    }

    @Test("tensor gradients through two-thread matrix products, eight at a time, equal the serial ones")
    func matmulGraphs() async {
        let serial = (0..<Self.workers).map(matmulGradients)
        #expect(serial.joined().allSatisfy { $0.isFinite })
        #expect(await inConcurrentTasks(Self.workers, matmulGradients) == serial)
        #expect(onThreads(Self.workers, matmulGradients) == serial)
    }

    @Test("gradient and hessian transforms in eight concurrent tasks and on eight threads equal the serial ones")
    func transforms() async {
        let serial = (0..<Self.workers).map(transformResults)
        #expect(serial.joined().allSatisfy { $0.isFinite })
        #expect(await inConcurrentTasks(Self.workers, transformResults) == serial)
        #expect(onThreads(Self.workers, transformResults) == serial)
    }

    @Test("tasks interleaved on one thread, yielding between operations, never record on each other's tapes")
    func interleavedTasks() async {
        let count = 32
        let executor = OneThreadExecutor()
        defer { executor.stop() }
        var serial: [InterleavedChain] = []
        // One at a time, on the same thread as the interleaved ones (a task that resumed on another
        // thread would carry on on that thread's tape, and the node counts would differ).
        for seed in 0..<count {
            serial.append(await Task(executorPreference: executor) { await InterleavedChain(seed: seed, startedTasks: nil) }.value)
        }
        let startedTasks = StartedTasks()
        // The group runs on the executor's thread too, so every task is queued before any starts.
        let interleaved = await withTaskExecutorPreference(executor) {
            await withTaskGroup(of: (Int, InterleavedChain).self) { group in
                for seed in 0..<count {
                    group.addTask { (seed, await InterleavedChain(seed: seed, startedTasks: startedTasks)) }
                }
                var results = [InterleavedChain?](repeating: nil, count: count)
                for await (seed, chain) in group { results[seed] = chain }
                return results.map { $0! }
            }
        }
        #expect(interleaved.map(\.gradients) == serial.map(\.gradients))
        #expect(interleaved.map(\.nodeCount) == serial.map(\.nodeCount), "another task's operations landed on a tape")
        #expect(Set(interleaved.flatMap(\.threads)).count == 1, "the tasks did not all run on one thread")
        #expect(interleaved.allSatisfy { $0.tasksStartedBeforeFinishing == count }, "the tasks did not interleave")
    }

    @Test("a task that resumes on another thread carries on there on that thread's tape, with the same gradients")
    func resumingOnAnotherThread() async {
        let first = OneThreadExecutor(), second = OneThreadExecutor()
        defer { first.stop(); second.stop() }
        let serial = await Task(executorPreference: first) { await MigratingChain(first, first) }.value
        let migrated = await Task(executorPreference: first) { await MigratingChain(first, second) }.value
        #expect(migrated.threads.count == 2, "the chain did not move between threads")
        #expect(migrated.tapes > serial.tapes, "the operations after the move went on the first thread's tape")
        #expect(close(migrated.gradients, serial.gradients, tolerance: 1e-14))
    }

    @Test("a task never records on the tape of an ended task, even one whose memory it reuses")
    func endedTasksTapes() async {
        let executor = OneThreadExecutor()
        defer { executor.stop() }
        // Each task leaves its leaf alive (so its tape stays open) and ends; the next one, on
        // the same thread, is often allocated where the last one was.
        var leaves: [Variable] = []
        for seed in 0..<200 {
            let leaf = await withTaskExecutorPreference(executor) {
                await Task(executorPreference: executor) { Variable(Double(seed)) }.value
            }
            leaves.append(leaf)
        }
        let tapes = Set(leaves.map { ObjectIdentifier($0.tape) })
        #expect(tapes.count == leaves.count, "\(leaves.count - tapes.count) tasks recorded on an ended task's tape")
    }
}

/// ∂y/∂(a, b, c) for a chain of 4,400 unary and binary scalar operations.
@Sendable private func scalarGradients(_ seed: Int) -> [Double] {
    let a = Variable(0.5 + 0.1 * Double(seed)), b = Variable(0.9), c = Variable(-0.7)
    var y = a
    for step in 0..<400 {
        y = sin(y) * b + exp(c * 0.01) / (1 + y * y) - 0.001 * Double(step) * tanh(a)
    }
    y.backward()
    return [a.grad!, b.grad!, c.grad!]
}

/// ∂L/∂A and ∂L/∂B for L = Σ tanh(A·B) with 256×256 Float matrices: the product and both
/// gradient products are 2²⁴ multiply-adds each, above the 2²¹ at which `MatmulKernels` splits
/// the work between two threads.
@Sendable private func matmulGradients(_ seed: Int) -> [Float] {
    let a = Tensor<Float>.randomNormal(shape: [256, 256], standardDeviation: 0.1, seed: UInt64(seed), requiresGrad: true)
    let b = Tensor<Float>.randomNormal(shape: [256, 256], standardDeviation: 0.1, seed: UInt64(seed + 100), requiresGrad: true)
    tanh(matmul(a, b)).sum().backward()
    return a.grad!.scalars + b.grad!.scalars
}

/// Scalar and tensor gradients and Hessians from the transforms, flattened.
@Sendable private func transformResults(_ seed: Int) -> [Double] {
    let x = 0.3 + 0.1 * Double(seed)
    let slope = gradient(at: x) { x in x * x * sin(x) }
    let rosenbrock = hessian(at: [x, 1]) { v in 100 * pow(v[1] - v[0] * v[0], 2) + pow(1 - v[0], 2) }
    let point = Tensor<Double>.randomUniform(shape: [6], in: 0.5...1.5, seed: UInt64(seed))
    let f: (Tensor<Double>) -> Tensor<Double> = { x in (x * x * x).sum() + (exp(x) * sin(x)).sum() }
    return [slope] + rosenbrock.joined() + gradient(at: point, of: f).scalars + hessian(at: point, of: f).scalars
}

/// A scalar and a tensor computation built a step at a time, yielding to other tasks between
/// operations, then differentiated together. Each task creates its leaves while the tasks
/// started before it are suspended halfway through their own computations.
private struct InterleavedChain: Sendable {
    /// ∂L/∂x then ∂L/∂w.
    let gradients: [Double]
    /// The nodes on the loss's tape when backward starts.
    let nodeCount: Int
    /// The threads the computation ran on.
    let threads: Set<pthread_t>
    /// How many tasks had started when this one finished.
    let tasksStartedBeforeFinishing: Int?

    init(seed: Int, startedTasks: StartedTasks?) async {
        startedTasks?.count.add(1, ordering: .relaxed)
        var threads: Set<pthread_t> = [pthread_self()]
        let x = Variable(0.5 + 0.01 * Double(seed))
        let w = Tensor<Double>.randomUniform(shape: [4], in: 0.5...1.5, seed: UInt64(seed), requiresGrad: true)
        // The leaves meet before the first yield, so that every later operation goes on their
        // tape whatever the schedule: the results can then be compared bit for bit.
        var y = x, t = w * x
        for _ in 0..<20 {
            await Task.yield()
            y = sin(y) * 0.9 + x * 0.1
            await Task.yield()
            t = tanh(t * w) + y * w
            threads.insert(pthread_self())
        }
        let loss = Variable(t.sum()) * y
        nodeCount = loss.tape.nodeCount
        loss.backward()
        gradients = [x.grad!] + w.grad!.scalars
        self.threads = threads
        tasksStartedBeforeFinishing = startedTasks?.count.load(ordering: .relaxed)
    }
}

/// A count of the tasks that have started, shared between them.
private final class StartedTasks: Sendable {
    let count = Atomic<Int>(0)
}

/// ∂L/∂(x, w) for a chain computed half on one executor's thread and half on another's.
private struct MigratingChain: Sendable {
    let gradients: [Double]
    /// The threads that recorded.
    let threads: Set<pthread_t>
    /// How many tapes the loss's graph spans.
    let tapes: Int

    init(_ start: OneThreadExecutor, _ finish: OneThreadExecutor) async {
        let x = Variable(0.7), w = Tensor<Double>([0.5, 1.5, -1], requiresGrad: true)
        var y = x, t = w * x
        for _ in 0..<10 { y = sin(y) * 0.9 + x * 0.1; t = tanh(t * w) + y * w }
        let startThread = pthread_self(), startTape = y.tape
        let (endY, endT, endThread) = await withTaskExecutorPreference(finish) {
            var y = y, t = t
            for _ in 0..<10 { y = sin(y) * 0.9 + x * 0.1; t = tanh(t * w) + y * w }
            return (y, t, pthread_self())
        }
        let loss = Variable(endT.sum()) * endY
        tapes = loss.tape === startTape ? 1 : 2
        loss.backward()
        gradients = [x.grad!] + w.grad!.scalars
        threads = [startThread, endThread]
    }
}
