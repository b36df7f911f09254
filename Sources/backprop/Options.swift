/// The `--name value` options of a subcommand, read once and checked.
struct Options {
    private var values: [String: String] = [:]
    private var flags: Set<String> = []

    /// Reads `arguments`; `valued` options take a value, `switches` do not. Anything else is an
    /// error message.
    init(_ arguments: [String], valued: Set<String>, switches: Set<String> = []) throws(UsageError) {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if switches.contains(argument) {
                flags.insert(argument)
                index += 1
            } else if valued.contains(argument) {
                guard index + 1 < arguments.count, !arguments[index + 1].hasPrefix("--") else {
                    throw UsageError("\(argument) needs a value")
                }
                values[argument] = arguments[index + 1]
                index += 2
            } else {
                throw UsageError("unknown option '\(argument)'")
            }
        }
    }

    /// Whether a switch was given.
    func has(_ name: String) -> Bool { flags.contains(name) }

    /// The text of an option, or `fallback`.
    func string(_ name: String, default fallback: String) -> String { values[name] ?? fallback }

    /// The text of an option, if given.
    func string(_ name: String) -> String? { values[name] }

    /// An option parsed by `parse`, or `fallback`; a value that does not parse is an error.
    func value<Value>(_ name: String, default fallback: Value, _ parse: (String) -> Value?) throws(UsageError) -> Value {
        guard let text = values[name] else { return fallback }
        guard let value = parse(text) else { throw UsageError("\(name) does not accept '\(text)'") }
        return value
    }
}

/// A command line that cannot be run, with what is wrong.
struct UsageError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
