extension Tensor: CustomStringConvertible, CustomDebugStringConvertible {
    /// The elements laid out as NumPy prints an array: nested brackets, one row per line,
    /// columns aligned, at most eight significant decimals, and "..." in place of the middle
    /// when there are more than 1,000 elements.
    ///
    /// ```
    /// [[1.   2.5 ]
    ///  [3.   4.25]]
    /// ```
    public var description: String {
        let elided = count > 1000
        let formatter = NumberFormat(visibleValues(elided: elided))
        if rank == 0 { return formatter.format(storage.base[0]) }
        var text = ""
        appendBlock(axis: 0, offset: 0, indent: 1, elided: elided, formatter: formatter, into: &text)
        return text
    }

    /// The type, shape and gradient status, then the elements:
    /// `Tensor<Float>(shape: [2, 3], requiresGrad: true)` followed by `description`.
    public var debugDescription: String {
        "Tensor<\(Element.typeName)>(shape: \(Shape.describe(shape))\(requiresGrad ? ", requiresGrad: true" : ""))\n\(description)"
    }

    /// How many items of each axis are shown at either end when the middle is elided.
    private static var edgeItems: Int { 3 }

    private func visibleIndices(axis: Int, elided: Bool) -> [Int?] {
        let size = shape[axis]
        guard elided && size > 2 * Self.edgeItems else { return Array(0..<size) }
        return Array(0..<Self.edgeItems) + [nil] + Array((size - Self.edgeItems)..<size)
    }

    /// The elements that will be printed, so that the column width fits them alone.
    private func visibleValues(elided: Bool) -> [Element] {
        guard elided else { return scalars }
        var values: [Element] = []
        func collect(axis: Int, offset: Int) {
            let stride = Shape.count(Array(shape[(axis + 1)...]))
            for index in visibleIndices(axis: axis, elided: true).compactMap({ $0 }) {
                if axis == rank - 1 { values.append(storage.base[offset + index]) } else { collect(axis: axis + 1, offset: offset + index * stride) }
            }
        }
        collect(axis: 0, offset: 0)
        return values
    }

    private func appendBlock(axis: Int, offset: Int, indent: Int, elided: Bool, formatter: NumberFormat, into text: inout String) {
        text += "["
        let stride = Shape.count(Array(shape[(axis + 1)...]))
        let indices = visibleIndices(axis: axis, elided: elided)
        for (position, index) in indices.enumerated() {
            if position > 0 {
                if axis == rank - 1 {
                    text += " "
                } else {
                    text += String(repeating: "\n", count: rank - 1 - axis) + String(repeating: " ", count: indent)
                }
            }
            guard let index else {
                text += "..."
                continue
            }
            if axis == rank - 1 {
                text += formatter.format(storage.base[offset + index])
            } else {
                appendBlock(axis: axis + 1, offset: offset + index * stride, indent: indent + 1, elided: elided, formatter: formatter, into: &text)
            }
        }
        text += "]"
    }
}

/// NumPy's default float formatting: a common style for all elements (integers as "3.",
/// positional with up to eight decimals, or scientific for very large or small magnitudes),
/// padded to one width.
private struct NumberFormat {
    private enum Style { case integral, positional(decimals: Int), scientific(decimals: Int) }
    private let style: Style
    private let width: Int
    private let fractionWidth: Int

    init<Element: TensorElement>(_ values: [Element]) {
        let finite = values.filter(\.isFinite).map(Self.decimal)
        let magnitudes = finite.map { Swift.abs($0) }.filter { $0 != 0 }
        let largest = magnitudes.max() ?? 0, smallest = magnitudes.min() ?? 0
        let style: Style
        if finite.allSatisfy({ $0.rounded() == $0 }) && largest < 1e16 {
            style = .integral
        } else if largest >= 1e16 || smallest < 1e-4 || (smallest > 0 && largest / smallest > 1e3 && smallest < 1e-3) {
            let decimals = finite.map { Self.significantDecimals(of: $0, scientific: true) }.max() ?? 0
            style = .scientific(decimals: decimals)
        } else {
            let decimals = finite.map { Self.significantDecimals(of: $0, scientific: false) }.max() ?? 0
            style = .positional(decimals: Swift.max(decimals, 1))
        }
        self.style = style
        let raw = values.map { Self.render(Self.decimal($0), style: style, fractionWidth: nil) }
        fractionWidth = raw.map(Self.fractionLength).max() ?? 0
        width = values.map { Self.render(Self.decimal($0), style: style, fractionWidth: raw.map(Self.fractionLength).max() ?? 0).count }.max() ?? 0
    }

    func format<Element: TensorElement>(_ value: Element) -> String {
        let text = Self.render(Self.decimal(value), style: style, fractionWidth: fractionWidth)
        return String(repeating: " ", count: Swift.max(0, width - text.count)) + text
    }

    /// The shortest decimal that reads back as `value` in its own type, as a Double: a Float
    /// 0.825 prints as 0.825, not as the 0.82499999 its binary value is in Double (NumPy prints
    /// float32 arrays the same way).
    private static func decimal<Element: TensorElement>(_ value: Element) -> Double {
        Element.self == Double.self ? Double(value) : Double(value.description) ?? Double(value)
    }

    private static func render(_ value: Double, style: Style, fractionWidth: Int?) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        switch style {
        case .integral:
            return "\(Int64(value))."
        case .positional(let decimals):
            var text = trimmed(fixed(value, decimals: decimals))
            if let fractionWidth {
                let padding = fractionWidth - fractionLength(text)
                text += String(repeating: " ", count: Swift.max(0, padding))
            }
            return text
        case .scientific(let decimals):
            let exponent = value == 0 ? 0 : Int((Swift.abs(value)).log10Floor)
            var mantissa = value / pow10(exponent)
            var shownExponent = exponent
            if Swift.abs(mantissa) >= 9.999999995 { mantissa /= 10; shownExponent += 1 }
            let sign = shownExponent < 0 ? "-" : "+"
            let digits = String(Swift.abs(shownExponent))
            return fixed(mantissa, decimals: Swift.max(decimals, 1)) + "e" + sign + (digits.count < 2 ? "0" + digits : digits)
        }
    }

    /// The number of decimals (at most 8) that represent `value` as precisely as 8 decimals do.
    private static func significantDecimals(of value: Double, scientific: Bool) -> Int {
        let scaled = scientific && value != 0 ? value / pow10(Int(Swift.abs(value).log10Floor)) : value
        let text = trimmed(fixed(scaled, decimals: 8))
        return fractionLength(text)
    }

    private static func fractionLength(_ text: String) -> Int {
        guard let dot = text.firstIndex(of: ".") else { return 0 }
        return text[text.index(after: dot)...].count
    }

    /// Drops trailing zeros after the decimal point, keeping the point itself.
    private static func trimmed(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var result = Substring(text)
        while result.last == "0" { result = result.dropLast() }
        return String(result)
    }

    /// `value` with exactly `decimals` digits after the point, rounded half away from zero.
    private static func fixed(_ value: Double, decimals: Int) -> String {
        let scale = pow10(decimals)
        let rounded = (Swift.abs(value) * scale).rounded(.toNearestOrAwayFromZero)
        guard rounded < 9e18 else { return String(value) }
        let units = UInt64(rounded)
        let whole = units / UInt64(scale), fraction = units % UInt64(scale)
        var fractionText = String(fraction)
        fractionText = String(repeating: "0", count: decimals - fractionText.count) + fractionText
        let sign = value < 0 && units != 0 ? "-" : ""
        return sign + String(whole) + "." + (decimals > 0 ? fractionText : "")
    }

    private static func pow10(_ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<Swift.abs(exponent) { result *= 10 }
        return exponent < 0 ? 1 / result : result
    }
}

private extension Double {
    /// ⌊log₁₀ self⌋ for a positive finite value, by comparison rather than a library logarithm.
    var log10Floor: Double {
        var exponent = 0.0, scaled = self
        while scaled >= 10 { scaled /= 10; exponent += 1 }
        while scaled < 1 { scaled *= 10; exponent -= 1 }
        return exponent
    }
}
