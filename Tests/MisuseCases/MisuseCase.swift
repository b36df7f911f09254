/// One misuse of the library that must be reported as an error: a clear, thrown error whose message
/// names `operation`, never a trap, an abort or a hang.
struct MisuseCase: Sendable {
    /// A short name, unique in the catalog, used to run the case alone.
    let name: String
    /// Text the error's message must contain: the operation as the user called it.
    let operation: String
    /// The misuse. Run inside `withErrorChecking`, so both a raised `BackpropError` and any other
    /// thrown error (a file error, say) count as reported.
    let body: @Sendable () throws -> Void

    init(_ name: String, operation: String, _ body: @escaping @Sendable () throws -> Void) {
        self.name = name
        self.operation = operation
        self.body = body
    }
}
