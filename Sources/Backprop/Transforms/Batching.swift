/// How an operation's rules pull back a stack of cotangents at once, in a batched sweep: the
/// gradient arriving at the output has an extra leading axis with one item per cotangent, and
/// each input's gradient must keep it (broadcast axes may be left for the sweep to sum away, as
/// in a plain sweep).
///
/// This is what lets `jacobian(at:of:)` (and `hessian`) pull every row back in one sweep, as
/// `torch.func.vmap` and JAX's batching rules do, instead of one sweep per row.
enum Batching<Element: TensorElement> {
    /// The operation has no batched rules: a sweep reaching it runs once per cotangent.
    case unsupported
    /// The operation's own rules pull back a stack unchanged: they broadcast the output's
    /// gradient against inputs and outputs aligned from the right (elementwise operations,
    /// stacks of matrix products), so a leading axis passes through.
    case sameRules
    /// Rules of their own, one per input, receiving and returning stacks.
    case rules([OperationRecord<Element>.Pullback])
}
