#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// The record of one computation: every operation in the order it was evaluated, so that the
/// reverse order is a valid order for the chain rule.
///
/// Tapes are created and chosen automatically, one per computation in each thread or task:
/// a new leaf goes on the current tape of its task, and an operation goes on the tape of its
/// operands. A tape lives as long as a value recorded on it. `backward()` (unless
/// `retainGraph: true`) releases the part of the tape its output depends on, as PyTorch frees
/// a graph: other graphs on the same tape stay usable, and once every operation is released the
/// entries are freed, keeping only the gradients. Nothing needs to be reset by hand.
public final class Tape {
    /// Scalar nodes, kept behind a pointer so that recording is free of exclusivity checks.
    @usableFromInline let scalars: UnsafeMutablePointer<ScalarRecording>
    /// Identifies the tape; later tapes have larger serials, and a tape only imports from earlier ones.
    private(set) var serial: UInt64
    /// Tensor operations, in recording order.
    var tensorRecords: [TensorRecord] = []
    /// The bytes counted for `tensorRecords` in the memory statistics.
    private var tensorRecordBytes = 0
    /// What a tensor record is counted as besides the values it saves.
    static let bytesPerTensorRecord = 128
    /// Nodes standing for values recorded on other tapes.
    var scalarImports: [ScalarImport] = []
    /// The node standing for each value of an earlier tape used here, so that a value used
    /// twice is one node.
    var importedNodes: [ImportedValue: Int32] = [:]
    /// The node standing for each tensor leaf used on this tape.
    var leafNodes: [ObjectIdentifier: Int32] = [:]
    /// Intermediate tensors whose gradient is kept (`retainGrad()`).
    var retainedTensorNodes: Set<Int32> = []
    /// What the retained tensors' gradients have accumulated.
    var retainedTensorGradients: [Int32: TensorGradient] = [:]
    /// The values of constant operands of two-input scalar nodes, which a recorded sweep needs
    /// to rebuild their local derivatives (variable operands are nodes of the tape).
    var constantOperands: [Int32: (lhs: Double, rhs: Double)] = [:]
    /// Closures that see, and may replace, a scalar node's gradient during backward.
    var scalarHooks: [Int32: [(Variable) -> Variable]] = [:]
    /// The recorded gradients that `backward(createGraph: true)` accumulated for scalar nodes
    /// (read them with `recordedGradient(of:)`).
    var recordedGradients: [Int32: RecordedGradient] = [:]
    /// The rules of user-defined scalar operations, by node.
    var customRules: [Int32: CustomScalarRule] = [:]
    /// Names given to nodes with `named(_:)`, for graphs and traces.
    var names: [Int32: String] = [:]
    /// Where each operation was called, for the errors of `withAnomalyDetection` (which alone
    /// records them).
    var origins: [Int32: OperationOrigin] = [:]

    /// The thread context whose memory statistics count this tape.
    let owner: ThreadContext
    /// Held while a backward sweeps this tape, and while its scalar gradients, hooks and names are
    /// read or changed: threads differentiating through shared leaves reach this tape at once.
    /// Recursive, because a gradient hook may itself read a gradient or run a backward.
    let sweepLock = Lock(recursive: true)

    init(recording: Bool, owner: ThreadContext) {
        serial = nextTapeSerial()
        self.owner = owner
        scalars = .allocate(capacity: 1)
        scalars.initialize(to: ScalarRecording(capacity: 256, isRecording: recording, owner: owner))
        liveTapes.add(1, ordering: .relaxed)
    }

    deinit {
        scalars.pointee.account(-tensorRecordBytes)
        scalars.pointee.deallocate()
        scalars.deinitialize(count: 1)
        scalars.deallocate()
        liveTapes.subtract(1, ordering: .relaxed)
    }

    /// Whether every operation has been released and the entries freed.
    var isReleased: Bool { scalars.pointee.isReleased }

    /// Whether a `backward()` without `retainGraph` has run: nothing new is recorded here.
    var isClosed: Bool { scalars.pointee.isClosed }

    /// Stops recording on this tape for good; later operations go on a fresh tape.
    func close() {
        scalars.pointee.isClosed = true
        scalars.pointee.isRecording = false
    }

    /// The number of nodes recorded so far, including the reserved node 0.
    var nodeCount: Int { scalars.pointee.count }

    /// Appends a scalar node and returns its index. Inlinable, as are the Variable operations
    /// that call it: across the module boundary an opaque call costs ~10 ns of reference
    /// counting per operation, more than recording itself.
    @inlinable @inline(__always)
    func append(
        _ operation: ScalarOperation, value: Double,
        _ lhs: Int32, _ lhsPartial: Double, _ rhs: Int32 = 0, _ rhsPartial: Double = 0
    ) -> Int32 {
        let state = scalars
        let index = state.pointee.count
        if index == state.pointee.capacity { state.pointee.grow() }
        state.pointee.entries[index] = ScalarEntry(lhs: lhs, rhs: rhs, lhsPartial: lhsPartial, rhsPartial: rhsPartial)
        state.pointee.values[index] = value
        state.pointee.operations[index] = operation
        state.pointee.count = index &+ 1
        return Int32(truncatingIfNeeded: index)
    }

    /// Appends a tensor node whose rule is `record`, and returns its index.
    func append(_ record: TensorRecord, as operation: ScalarOperation = .tensor) -> Int32 {
        let node = append(operation, value: 0, 0, 0)
        record.node = node
        tensorRecords.append(record)
        let bytes = record.savedBytes + Self.bytesPerTensorRecord
        tensorRecordBytes += bytes
        scalars.pointee.account(bytes)
        return node
    }

    /// The tensor record producing `node`, found by binary search.
    func record(producing node: Int32) -> TensorRecord? {
        var low = 0, high = tensorRecords.count - 1
        while low <= high {
            let middle = (low + high) / 2, found = tensorRecords[middle].node
            if found == node { return tensorRecords[middle] }
            if found < node { low = middle + 1 } else { high = middle - 1 }
        }
        return nil
    }

    /// Whether operations whose operands are on this tape may be recorded here.
    var acceptsRecording: Bool { scalars.pointee.isRecording }

    /// Whether the inlined fast path of scalar operations may append here directly: recording,
    /// nothing to check, and the calling thread is the one this tape belongs to.
    @inlinable @inline(__always)
    var acceptsInlineRecording: Bool {
        scalars.pointee.recordsInline && scalars.pointee.recorder == currentRecorderIdentity()
    }

    /// Whether the calling thread is the one that appends to this tape.
    var belongsToCaller: Bool { scalars.pointee.recorder == currentRecorderIdentity() }

    /// Switches the NaN and infinity checks of `withAnomalyDetection` on or off.
    func setChecksAnomalies(_ checks: Bool) {
        scalars.pointee.checksAnomalies = checks
    }

    /// Pauses or resumes recording (for `withoutRecording`); a closed tape stays closed.
    func setRecording(_ recording: Bool) {
        if !scalars.pointee.isClosed { scalars.pointee.isRecording = recording }
    }

    /// Drops what tensor record `index` saved, after a backward through it.
    func releaseRecord(at index: Int) {
        let record = tensorRecords[index]
        let bytes = record.savedBytes
        record.release()
        tensorRecordBytes -= bytes
        scalars.pointee.account(-bytes)
    }

    /// The node standing on this tape for scalar node `node` of `source`, whose value is `value`.
    func importScalar(_ node: Int32, from source: Tape, value: Double) -> Int32 {
        let key = ImportedValue(source: ObjectIdentifier(source), node: node)
        // A leaf updated in place since it was imported needs a node with its new value.
        if let local = importedNodes[key], scalars.pointee.values[Int(local)] == value { return local }
        let local = append(.imported, value: value, 0, 0)
        scalarImports.append(ScalarImport(node: local, source: source, sourceNode: node))
        adoptName(of: node, on: source, for: local)
        importedNodes[key] = local
        return local
    }

    /// Shows node `local`, which stands for node `node` of `source`, under that node's name.
    func adoptName(of node: Int32, on source: Tape, for local: Int32) {
        if let name = source.sweepLock.withLock({ source.names[node] }) { sweepLock.withLock { names[local] = name } }
    }

    /// Empties a tape that no value refers to any more, for the next computation; very large
    /// storage is given back rather than kept.
    func reset(recording: Bool) {
        serial = nextTapeSerial()
        let capacity = scalars.pointee.capacity
        scalars.pointee.deallocate()
        scalars.pointee = ScalarRecording(
            capacity: capacity <= Self.largestRecycledCapacity ? capacity : 256, isRecording: recording, owner: owner)
        forgetTensorRecords()
        retainedTensorNodes = []
        retainedTensorGradients = [:]
        constantOperands = [:]
        scalarHooks = [:]
        recordedGradients = [:]
        customRules = [:]
        names = [:]
        origins = [:]
    }

    /// Storage up to this many nodes (8.25 MiB) is kept for the next computation on the thread.
    static let largestRecycledCapacity = 1 << 18

    /// Once every operation is released: tensor records drop what they saved, keeping what graphs
    /// need (``ReleasedRecord``); scalar entries stay for graphs; gradients stay readable.
    func release() {
        scalars.pointee.releaseEntries()
        forgetTensorRecords(keeping: tensorRecords.map(ReleasedRecord.init))
    }

    private func forgetTensorRecords(keeping kept: [TensorRecord] = []) {
        scalars.pointee.account(-tensorRecordBytes)
        tensorRecordBytes = 0
        tensorRecords = kept
        scalarImports = []
        importedNodes = [:]
        leafNodes = [:]
    }

    /// Whether a backward released operation `node`: its saved values are gone.
    func operationIsReleased(_ node: Int32) -> Bool {
        let state = scalars.pointee
        if state.isReleased { return true }
        guard let marks = state.marks, Int(node) < state.markCount else { return false }
        return marks[Int(node)] & Mark.released != 0
    }

    /// The inputs of scalar node `node` and the constant its entry keeps (`rhsPartial`).
    func operands(of node: Int32) -> (lhs: Int32, rhs: Int32, constant: Double) {
        let entry = scalars.pointee.entries[Int(node)]
        return (entry.lhs, entry.rhs, entry.rhsPartial)
    }

    /// The accumulated gradient of scalar node `node`, or nil before any backward reached it.
    func accumulatedGradient(of node: Int32) -> Double? {
        sweepLock.withLock {
            let state = scalars.pointee
            guard node > 0, let gradients = state.gradients, Int(node) < state.gradientCount else { return nil }
            return gradients[Int(node)]
        }
    }

    /// Forgets the accumulated gradient of scalar node `node`.
    func zeroGradient(of node: Int32) {
        sweepLock.withLock {
            let state = scalars.pointee
            guard node > 0, let gradients = state.gradients, Int(node) < state.gradientCount else { return }
            gradients[Int(node)] = 0
        }
    }
}

/// A node of another tape, as the key of the node standing for it here.
struct ImportedValue: Hashable {
    let source: ObjectIdentifier
    let node: Int32
}

/// A scalar node standing for a value of an earlier tape.
struct ScalarImport {
    let node: Int32
    let source: Tape
    let sourceNode: Int32
}

/// The scalar part of a tape: three parallel arrays grown by doubling.
@usableFromInline
struct ScalarRecording {
    @usableFromInline var entries: UnsafeMutablePointer<ScalarEntry>
    @usableFromInline var values: UnsafeMutablePointer<Double>
    @usableFromInline var operations: UnsafeMutablePointer<ScalarOperation>
    @usableFromInline var count: Int
    @usableFromInline var capacity: Int
    @usableFromInline var isRecording: Bool {
        didSet { recordsInline = isRecording && !checksAnomalies }
    }
    /// Whether every operation is checked for NaN and infinity (inside `withAnomalyDetection`),
    /// which sends operations down the slow path, where the checks are.
    var checksAnomalies: Bool {
        didSet { recordsInline = isRecording && !checksAnomalies }
    }
    /// Whether the inlined fast path may append here: recording, and nothing to check.
    @usableFromInline var recordsInline: Bool
    /// The thread (``currentRecorderIdentity()``) this storage was created on: the only one that
    /// appends here.
    @usableFromInline let recorder: UInt
    /// Whether a backward without `retainGraph` has run.
    var isClosed = false
    /// Whether every operation is released: nothing more is recorded or swept here.
    var isReleased = false
    /// Per node, `Mark` flags for the backward sweeps; allocated by the first sweep.
    var marks: UnsafeMutablePointer<UInt8>?
    var markCount = 0
    /// Whose statistics this storage counts in; the tape keeps it alive.
    let owner: Unmanaged<ThreadContext>
    /// Gradients accumulated by backward sweeps, one per node; nil before the first.
    var gradients: UnsafeMutablePointer<Double>?
    var gradientCount = 0

    static let bytesPerEntryAndValue = MemoryLayout<ScalarEntry>.stride + MemoryLayout<Double>.stride
    static let bytesPerNode = bytesPerEntryAndValue + MemoryLayout<ScalarOperation>.stride

    init(capacity: Int, isRecording: Bool, owner: ThreadContext) {
        self.owner = Unmanaged.passUnretained(owner)
        recorder = currentRecorderIdentity()
        checksAnomalies = owner.detectsAnomalies
        recordsInline = isRecording && !owner.detectsAnomalies
        entries = allocateNodes(capacity)
        values = allocateNodes(capacity)
        operations = allocateNodes(capacity)
        self.capacity = capacity
        self.isRecording = isRecording
        // Node 0 is the sink for constants: its partials are zero and its gradient is never read.
        entries[0] = ScalarEntry(lhs: 0, rhs: 0, lhsPartial: 0, rhsPartial: 0)
        values[0] = 0
        operations[0] = .constant
        count = 1
        account(capacity * Self.bytesPerNode)
    }

    /// Doubles the capacity. It releases no Swift object, and saying so (`releasenone`) lets the
    /// optimiser keep reference counting out of every inlined recording that might call it.
    @usableFromInline @inline(never) @_effects(releasenone)
    mutating func grow() {
        let larger = capacity * 2
        entries = reallocateNodes(entries, larger)
        values = reallocateNodes(values, larger)
        operations = reallocateNodes(operations, larger)
        account((larger - capacity) * Self.bytesPerNode)
        capacity = larger
    }

    /// Replaces the accumulated gradients by `fresh` (of `count` nodes), or adds `fresh` to them.
    mutating func accumulate(_ fresh: UnsafeMutablePointer<Double>, count freshCount: Int) {
        guard let existing = gradients else {
            gradients = fresh
            gradientCount = freshCount
            account(freshCount * MemoryLayout<Double>.stride)
            return
        }
        if gradientCount < freshCount {
            let grown: UnsafeMutablePointer<Double> = reallocateNodes(existing, freshCount)
            (grown + gradientCount).initialize(repeating: 0, count: freshCount - gradientCount)
            account((freshCount - gradientCount) * MemoryLayout<Double>.stride)
            gradients = grown
            gradientCount = freshCount
        }
        let target = gradients!
        for index in 0..<freshCount { target[index] += fresh[index] }
        free(fresh)
    }

    /// Marks every operation released. The entries and values stay, 32 bytes a node, so that
    /// the graph can still be drawn; freeing them here and allocating them again for the next
    /// computation, which reuses the tape, made the allocator hand pages back to the system and
    /// fault them in again on every step (a scalar step took twice as long).
    mutating func releaseEntries() {
        isRecording = false
        isReleased = true
    }

    /// Counts `bytes` more (or fewer) in the process's and the owning thread's statistics.
    func account(_ bytes: Int) {
        liveTapeBytes.add(bytes, ordering: .relaxed)
        _ = owner._withUnsafeGuaranteedRef { $0.liveTapeBytes.add(bytes, ordering: .relaxed) }
    }

    /// The marks array, covering every node recorded so far, new nodes unmarked.
    mutating func preparedMarks() -> UnsafeMutablePointer<UInt8> {
        if let marks, markCount >= count { return marks }
        let grown: UnsafeMutablePointer<UInt8> = marks.map { reallocateNodes($0, count) } ?? allocateNodes(count)
        (grown + markCount).initialize(repeating: 0, count: count - markCount)
        account(count - markCount)
        marks = grown
        markCount = count
        return grown
    }

    func deallocate() {
        free(entries)
        free(values)
        free(operations)
        free(gradients)
        free(marks)
        account(-markCount)
        let entryBytes = capacity * Self.bytesPerEntryAndValue
        let operationBytes = capacity * MemoryLayout<ScalarOperation>.stride
        account(-(entryBytes + operationBytes + gradientCount * MemoryLayout<Double>.stride))
    }
}

/// Allocates uninitialised storage for `count` trivial values.
func allocateNodes<T>(_ count: Int) -> UnsafeMutablePointer<T> {
    guard let raw = malloc(max(count, 1) * MemoryLayout<T>.stride) else {
        fatalError("Backprop: out of memory allocating \(count) tape nodes")
    }
    return raw.assumingMemoryBound(to: T.self)
}

/// Grows storage of trivial values to `count`, keeping its contents.
func reallocateNodes<T>(_ pointer: UnsafeMutablePointer<T>, _ count: Int) -> UnsafeMutablePointer<T> {
    guard let raw = realloc(pointer, max(count, 1) * MemoryLayout<T>.stride) else {
        fatalError("Backprop: out of memory growing the tape to \(count) nodes")
    }
    return raw.assumingMemoryBound(to: T.self)
}

/// The tape that constants point to: it records nothing and is only ever read, so sharing it
/// between threads is safe.
@usableFromInline nonisolated(unsafe) let constantsTape = Tape(recording: false, owner: ThreadContext())

private let tapeSerials = Atomic<UInt64>(0)

private func nextTapeSerial() -> UInt64 { tapeSerials.add(1, ordering: .relaxed).newValue }
let liveTapes = Atomic<Int>(0)
let liveTapeBytes = Atomic<Int>(0)
