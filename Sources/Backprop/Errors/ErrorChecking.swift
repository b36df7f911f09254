/// Runs `body`, turning the first ``BackpropError`` raised by an operation inside it into a
/// thrown error instead of a stop.
///
/// Operations keep running after the first misuse (they return placeholder values) until `body`
/// returns; then the first error is thrown and the result of `body` is discarded. Scopes nest:
/// an inner scope reports only the errors raised inside it.
///
/// ```swift
/// XCTAssertThrowsError(try withErrorChecking { _ = matmul(a, b) })
/// ```
public func withErrorChecking<Result>(_ body: () throws -> Result) throws -> Result {
    let context = ThreadContext.current
    let outerError = context.pendingError
    context.pendingError = nil
    context.errorCheckingDepth += 1
    defer {
        context.errorCheckingDepth -= 1
        context.pendingError = outerError
    }
    let result = try body()
    if let error = context.pendingError { throw error }
    return result
}

/// Reports a misuse: thrown later by the enclosing ``withErrorChecking(_:)``, or a stop with
/// the error's message when there is none. Callers return a placeholder value afterwards.
func raise(_ error: BackpropError) {
    let context = ThreadContext.current
    guard context.errorCheckingDepth > 0 else { fatalError(error.description) }
    if context.pendingError == nil { context.pendingError = error }
}
