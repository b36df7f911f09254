import Backprop
import BackpropExpressions

/// Feeds one fuzz input, read as UTF-8, to the expression parser as `backprop explain` would:
/// parses it, and when it parses, computes its value, explains it (a backward pass with a
/// chain-rule trace) and writes the report in every format. Shared by the fuzz tests and the
/// libFuzzer harness in `.ci/fuzz`.
///
/// A crash or a hang is the parser's failure; `brokenPromise` is called for the subtler ones:
/// an error column outside the text, a parsed expression that cannot be evaluated at a value
/// for each of its variables or lacks a partial derivative, or a ``ScalarExpression/fullyParenthesized``
/// rendering that does not read back as the same expression.
///
/// - Returns: whether the parser accepted the input.
func fuzzExpressionParser(_ bytes: [UInt8], brokenPromise: (String) -> Void) -> Bool {
    let text = String(decoding: bytes, as: UTF8.self)
    let expression: ScalarExpression
    do {
        expression = try ScalarExpression(parsing: text)
    } catch {
        if !(1...(text.count + 1)).contains(error.column) || error.message.isEmpty {
            brokenPromise("the error of \(text.debugDescription) is at column \(error.column) of \(text.count) characters: \(error)")
        }
        _ = error.annotating(text)
        return false
    }
    // Zeros, negatives and large values reach the functions' edges: log 0, sqrt of a negative, overflow.
    let samples = [0.5, -2, 0, 3, -0.0, 1e300, 1e-300]
    let point = Dictionary(uniqueKeysWithValues: expression.variableNames.enumerated().map { ($1, samples[$0 % samples.count]) })
    do {
        _ = try expression.value(at: point)
        let explanation = try expression.explain(at: point)
        for format in ExpressionExplanation.Format.allCases { _ = explanation.report(format) }
        if Set(explanation.gradients.keys) != Set(expression.variableNames) {
            brokenPromise("\(text.debugDescription) has variables \(expression.variableNames) but partials for \(explanation.gradients.keys.sorted())")
        }
    } catch {
        brokenPromise("\(text.debugDescription) parsed but cannot be evaluated at \(point): \(error)")
    }
    _ = expression.latex
    let rendered = expression.fullyParenthesized
    do {
        let reread = try ScalarExpression(parsing: rendered)
        if reread.fullyParenthesized != rendered || reread.variableNames != expression.variableNames {
            brokenPromise("\(text.debugDescription) renders as \(rendered.debugDescription), which reads back as \(reread.fullyParenthesized.debugDescription)")
        }
    } catch {
        // Parentheses around every operation can nest deeper than the text did.
        if error.kind != .nestedTooDeeply { brokenPromise("\(text.debugDescription) renders as \(rendered.debugDescription), which does not parse: \(error)") }
    }
    return true
}
