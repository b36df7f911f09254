/// The options of a subcommand, `--name value` or `--name=value`, read once and checked.
struct Options {
    private var values: [String: String] = [:]
    private var flags: Set<String> = []
    /// The arguments that are not options, in order (only when the subcommand takes them).
    private(set) var positionals: [String] = []

    /// Reads `arguments`; `valued` options take a value, `switches` do not. Arguments that do
    /// not start with `-` are ``positionals`` when `takesPositionals`; anything else is an
    /// error message.
    init(_ arguments: [String], valued: Set<String>, switches: Set<String> = [], takesPositionals: Bool = false) throws(UsageError) {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if let equals = argument.firstIndex(of: "="), argument.hasPrefix("--") {
                let name = String(argument[..<equals])
                guard valued.contains(name) else {
                    throw UsageError(switches.contains(name) ? "\(name) takes no value" : "unknown option '\(name)'")
                }
                try set(name, to: String(argument[argument.index(after: equals)...]))
            } else if switches.contains(argument) {
                flags.insert(argument)
            } else if valued.contains(argument) {
                // A value may start with one dash (a negative number, which the option then judges).
                guard index < arguments.count, !arguments[index].hasPrefix("--") else {
                    throw UsageError("\(argument) needs a value")
                }
                try set(argument, to: arguments[index])
                index += 1
            } else if takesPositionals && !argument.hasPrefix("-") {
                positionals.append(argument)
            } else {
                throw UsageError(argument.hasPrefix("-") ? "unknown option '\(argument)'" : "unexpected argument '\(argument)'")
            }
        }
    }

    private mutating func set(_ name: String, to value: String) throws(UsageError) {
        guard values.updateValue(value, forKey: name) == nil else { throw UsageError("\(name) is given twice") }
    }

    /// Whether a switch was given.
    func has(_ name: String) -> Bool { flags.contains(name) }

    /// The text of an option, or `fallback`.
    func string(_ name: String, default fallback: String) -> String { values[name] ?? fallback }

    /// The text of an option, if given.
    func string(_ name: String) -> String? { values[name] }

    /// Whether an option was given.
    func contains(_ name: String) -> Bool { values[name] != nil }

    /// An option parsed by `parse`, or `fallback`; a value that does not parse is an error
    /// saying what `expected` values are.
    func value<Value>(_ name: String, default fallback: Value, expected: String, _ parse: (String) -> Value?) throws(UsageError) -> Value {
        guard let text = values[name] else { return fallback }
        guard let value = parse(text) else { throw UsageError("\(name) must be \(expected), not '\(text)'") }
        return value
    }

    /// A whole-number option in `range`, or `fallback`.
    func integer<Value: FixedWidthInteger>(_ name: String, default fallback: Value, in range: ClosedRange<Value>) throws(UsageError) -> Value {
        try value(name, default: fallback, expected: "a whole number from \(range.lowerBound) to \(range.upperBound)") { text in
            Value(text).flatMap { range.contains($0) ? $0 : nil }
        }
    }

    /// A finite, positive number option, or `fallback`; NaN, infinities and numbers too large
    /// for `Value` are refused.
    func positiveNumber<Value: BinaryFloatingPoint & LosslessStringConvertible>(_ name: String, default fallback: Value) throws(UsageError) -> Value {
        try value(name, default: fallback, expected: "a positive finite number") { text in
            Value(text).flatMap { $0 > 0 && $0.isFinite ? $0 : nil }
        }
    }
}

/// A command line that cannot be run, with what is wrong.
struct UsageError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// `count` and the noun, plural unless the count is 1: "1 epoch", "30 epochs".
func counted(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
}
