/// A tensor operation on the tape: it pulls the gradient of its output node back to its inputs.
///
/// Scalar operations are plain entries of the tape; tensor operations carry more (shapes, saved
/// values, a derivative rule written with tensor operations), so each is an object.
protocol TensorRecord: AnyObject {
    /// The node this record produces, set when it is appended to a tape.
    var node: Int32 { get set }
    /// What the record computes.
    var operation: TensorOperation { get }
    /// The bytes of the values the record keeps alive for its rule, for the memory statistics.
    var savedBytes: Int { get }
    /// The nodes whose values the operation read, which a backward through it reaches.
    var inputNodes: [Int32] { get }
    /// Drops the values saved for the rule, after a backward has used them.
    func release()
    /// Takes this node's gradient from `sweep` and adds its contributions to the inputs.
    func propagate(_ sweep: inout Sweep)
    /// Whether `propagate` can pull back a stack of cotangents in a batched sweep.
    var pullsBackStacks: Bool { get }
    /// Whether hooks are registered on the node (``HookedRecord``).
    var hasHooks: Bool { get }
    /// The number of elements of the value this record produces (one item of a stack of its
    /// gradients).
    var elementCount: Int { get }
    /// The saved output, for graphs (nil once released, or when nothing is saved).
    var outputSummary: ValueSummary? { get }
    /// A leaf's own name and gradient, for graphs.
    var leafDetails: (name: String?, gradient: ValueSummary?)? { get }
    /// The names of the inputs that are named constants, by input (nil when there are none).
    var constantInputNames: [String?]? { get }
    /// For a value imported from an earlier tape, that tape and the node there.
    var importedFrom: (tape: Tape, node: Int32)? { get }
}

extension TensorRecord {
    /// The operation's name, as shown in graphs, traces and errors.
    var name: String { operation.name }
    var hasHooks: Bool { false }
    var outputSummary: ValueSummary? { nil }
    var leafDetails: (name: String?, gradient: ValueSummary?)? { nil }
    var constantInputNames: [String?]? { nil }
    var importedFrom: (tape: Tape, node: Int32)? { nil }
}
