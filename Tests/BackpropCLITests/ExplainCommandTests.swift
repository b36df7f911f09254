import Foundation
import Testing

@Suite("backprop explain, through the built executable")
struct ExplainCommandTests {
    /// An expression whose trace needs abbreviations: a long output, a shared product, a leaf used thrice.
    static let expression = ["tanh(x*w + b)*x + sin(x*w) + exp(x*w*b)/(1 + x*x)", "x=2", "w=-3", "b=1"]

    @Test("every abbreviation a trace uses is defined in the trace itself, once, in every format",
          arguments: [[], ["--format", "markdown"], ["--format", "latex"]])
    func abbreviationsAreDefined(format: [String]) throws {
        let result = try BackpropTool.run(["explain"] + Self.expression + format, timeLimit: 60)
        #expect(result.status == 0, "\(result.standardError)")
        let output = result.standardOutput
        let used = Set(Self.abbreviations(in: output))
        #expect(!used.isEmpty, "the trace uses no abbreviation, so this test checks nothing:\n\(output)")
        for name in used {
            let definitions = Self.definitions(of: name, in: output, format: format.last ?? "text")
            #expect(definitions == 1, "\(name) is defined \(definitions) times in:\n\(output)")
        }
    }

    /// The tokens such as `v10` or `t3` in `text`.
    static func abbreviations(in text: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: #"(?<![A-Za-z0-9_])[vt][0-9]+′*(?![A-Za-z0-9_])"#)
        return pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { String(text[Range($0.range, in: text)!]) }
    }

    /// How many lines of `text` define `name`, as the format writes a definition.
    static func definitions(of name: String, in text: String, format: String) -> Int {
        let prefixes: [String] = switch format {
        case "markdown": ["| `\(name)` |"]
        case "latex": ["\(name) &:="]
        default: ["where \(name) = ", "      \(name) = ", "  \(name) = "]
        }
        return text.split(separator: "\n").filter { line in prefixes.contains { line.hasPrefix($0) } }.count
    }
}
