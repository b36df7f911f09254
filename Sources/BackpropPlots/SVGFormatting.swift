import Foundation

/// Text and number formatting for SVG output. Every number is written with a fixed precision
/// by integer arithmetic, never by the platform's `printf`, so the same plot gives the same
/// bytes on every machine.
enum SVGFormatting {
    /// `text` with the characters XML reserves replaced by entities, line breaks as spaces and
    /// the control characters XML 1.0 forbids removed.
    static func escaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\n", "\r", "\t": result += " "
            default:
                let value = scalar.value
                if value < 0x20 || value == 0xFFFE || value == 0xFFFF { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// A coordinate with at most two decimals and no trailing zeros: `12.5`, `-3`, `0.05`.
    /// Values are clamped to ±10⁹; a non-finite value is written as 0.
    static func number(_ value: Double) -> String {
        let clamped = value.isFinite ? Swift.min(Swift.max(value, -1e9), 1e9) : 0
        let scaled = Int((clamped * 100).rounded())
        if scaled == 0 { return "0" }
        let magnitude = scaled.magnitude
        var text = scaled < 0 ? "-" : ""
        text += String(magnitude / 100)
        let fraction = magnitude % 100
        if fraction != 0 {
            text += fraction % 10 == 0 ? "." + String(fraction / 10) : (fraction < 10 ? ".0" : ".") + String(fraction)
        }
        return text
    }

    /// `x,y` with ``number(_:)``.
    static func point(_ x: Double, _ y: Double) -> String {
        number(x) + "," + number(y)
    }

    /// 10ᵏ, exact for |k| ≤ 22.
    static func powerOfTen(_ exponent: Int) -> Double {
        guard Swift.abs(exponent) <= 22 else { return pow(10, Double(exponent)) }
        var power = 1.0
        for _ in 0..<Swift.abs(exponent) { power *= 10 }
        return exponent < 0 ? 1 / power : power
    }

    /// `value` with exactly `decimals` digits after the point (`0.50`, `-12.0`, `3`); a value that
    /// rounds to zero is written without a sign.
    static func decimal(_ value: Double, decimals: Int) -> String {
        let places = Swift.max(0, Swift.min(decimals, 17))
        let scaled = (value * powerOfTen(places)).rounded()
        guard scaled.isFinite, Swift.abs(scaled) < 9e15 else { return scientific(value, mantissaDecimals: 3) }
        let integer = Int64(scaled)
        var digits = String(integer.magnitude)
        if places > 0 {
            if digits.count <= places { digits = String(repeating: "0", count: places + 1 - digits.count) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -places))
        }
        return (integer < 0 ? "-" : "") + digits
    }

    /// `value` as a mantissa of at most `mantissaDecimals` decimals (trailing zeros dropped) and
    /// a power of ten: `1e5`, `2.5e-4`, `-3e6`; zero is `0`.
    static func scientific(_ value: Double, mantissaDecimals: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-∞" : "∞") }
        guard value != 0 else { return "0" }
        var exponent = Int(floor(log10(Swift.abs(value))))
        let places = Swift.max(0, Swift.min(mantissaDecimals, 15))
        var mantissa = value / pow(10, Double(exponent))
        mantissa = (mantissa * powerOfTen(places)).rounded() / powerOfTen(places)
        if Swift.abs(mantissa) >= 10 {
            mantissa /= 10
            exponent += 1
        }
        return trimmed(decimal(mantissa, decimals: places)) + "e" + String(exponent)
    }

    /// A decimal number without trailing zeros after the point, nor a trailing point.
    static func trimmed(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var result = text
        while result.hasSuffix("0") { result.removeLast() }
        if result.hasSuffix(".") { result.removeLast() }
        return result
    }

    /// The width of `text` in pixels, estimated for a sans-serif font of `fontSize` pixels
    /// (narrow letters and digits count less than wide capitals).
    static func estimatedWidth(of text: String, fontSize: Double) -> Double {
        var units = 0.0
        for character in text {
            switch character {
            case "i", "l", "j", "t", "f", "r", ".", ",", ":", ";", "'", "|", "!", " ", "(", ")", "[", "]", "-":
                units += 0.34
            case "m", "w", "M", "W", "@":
                units += 0.86
            case _ where character.isUppercase:
                units += 0.68
            default:
                units += 0.56
            }
        }
        return units * fontSize
    }
}
