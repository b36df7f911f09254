/// Runs `body` without recording: operations inside compute values only, as with PyTorch's
/// `torch.no_grad()`. Use it for parameter updates and evaluation; results are constants.
///
/// ```swift
/// let prediction = withoutRecording { model(x) }   // no tape, no saved values
/// ```
public func withoutRecording<Result>(_ body: () throws -> Result) rethrows -> Result {
    let context = ThreadContext.current
    if context.recordingDisabledDepth == 0 { context.tape?.setRecording(false) }
    context.recordingDisabledDepth += 1
    defer {
        context.recordingDisabledDepth -= 1
        if context.recordingDisabledDepth == 0 { context.tape?.setRecording(true) }
    }
    return try body()
}
