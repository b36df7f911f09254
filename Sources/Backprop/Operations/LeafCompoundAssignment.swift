/// What a compound assignment (`+=`, `-=`, `*=`, `/=`) does when its left side is a leaf that
/// requires a gradient (a `Variable` you created, a tensor created with `requiresGrad: true`).
///
/// Inside ``withoutRecording(_:)`` it changes the leaf's values in place: the leaf stays the same
/// leaf, keeps requiring a gradient and keeps accumulating `grad`, as PyTorch's
/// `with torch.no_grad(): w -= lr * w.grad` does. Graphs recorded before the update keep the old
/// values, so a backward through them still gives the gradient at the values they used.
///
/// Outside it, a right side that needs a gradient makes the assignment a computation
/// (`var u = b; u += w * x` records `b + w·x`, a new value). A right side that needs none
/// (`w -= 0.1 * w.grad!`) is an error naming both fixes: recording it would silently turn the
/// leaf into an intermediate value with no `grad`, and PyTorch forbids in-place changes of a
/// leaf outside `torch.no_grad()`.
enum LeafCompoundAssignment {
    /// Record the result as a new value (the left side is no longer the leaf).
    case record
    /// Change the leaf's values in place.
    case updateInPlace
    /// Report the misuse and leave the leaf as it is.
    case misuse

    /// What to do for a right side that does, or does not, require a gradient.
    static func current(rightSideRequiresGrad: Bool) -> Self {
        if !ThreadContext.current.isRecording { return .updateInPlace }
        return rightSideRequiresGrad ? .record : .misuse
    }

    /// Reports `leaf symbol constant` outside `withoutRecording`; `leaf` describes the leaf
    /// ("the leaf tensor `w` of shape [3]"), `operation` is the operator without `=` (`-`).
    static func reportMisuse(_ symbol: String, on leaf: String, name: String?) {
        let written = name ?? "w", operation = String(symbol.dropLast())
        raise(BackpropError(
            .invalidArgument, operation: symbol,
            problem: "\(leaf) requires a gradient, and `\(written) \(symbol) …` with a right side that needs none, outside withoutRecording, would record \(written) \(operation) … as a new value that is no longer a leaf (its grad would be nil)",
            fix: "To compute a new value, write let y = \(written) \(operation) …; to update the leaf in place, as an optimizer step does, write withoutRecording { \(written) \(symbol) … } (PyTorch: with torch.no_grad())"))
    }
}
