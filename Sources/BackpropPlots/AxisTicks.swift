import Foundation

/// The ticks of an axis: positions in the axis' transformed coordinates (log₁₀ of the value on
/// a logarithmic axis) and their labels.
struct AxisTicks: Equatable {
    /// Where each tick is, in transformed coordinates.
    var positions: [Double]
    /// The text under (or beside) each tick.
    var labels: [String]

    /// No ticks.
    static let none = AxisTicks(positions: [], labels: [])

    /// About `target` ticks between `lower` and `upper` at a "nice" step, 1, 2 or 5 times a power
    /// of ten, as matplotlib and d3 choose them; labels share one number of decimals (`0.0`,
    /// `0.5`, `1.0`), or are in scientific notation (`1e5`, `2.5e-4`) for very large or very
    /// small values.
    static func linear(from lower: Double, to upper: Double, target: Int) -> AxisTicks {
        let span = upper - lower
        guard span > 0, span.isFinite, lower.isFinite, upper.isFinite else { return .none }
        let raw = span / Double(Swift.max(1, target))
        var exponent = Int(floor(log10(raw)))
        let residual = raw / pow(10, Double(exponent))
        let mantissa: Int
        switch residual {
        case ..<1.414: mantissa = 1
        case ..<3.162: mantissa = 2
        case ..<7.071: mantissa = 5
        default:
            mantissa = 1
            exponent += 1
        }
        let step = Double(mantissa) * SVGFormatting.powerOfTen(exponent)
        let first = ceil(lower / step - 1e-9), last = floor(upper / step + 1e-9)
        guard first.isFinite, last.isFinite, Swift.abs(first) < 1e15, Swift.abs(last) < 1e15, last >= first, last - first <= 200 else {
            return .none
        }
        let values = (Int(first)...Int(last)).map { index -> Double in
            let multiple = Double(index * mantissa)
            return exponent >= 0 ? multiple * SVGFormatting.powerOfTen(exponent) : multiple / SVGFormatting.powerOfTen(-exponent)
        }
        let largest = values.map { Swift.abs($0) }.max() ?? 0
        let labels: [String]
        if largest >= 1e5 || (largest > 0 && largest < 1e-3) {
            labels = values.map { value in
                guard value != 0 else { return "0" }
                let valueExponent = Int(floor(log10(Swift.abs(value)) + 1e-9))
                return SVGFormatting.scientific(value, mantissaDecimals: Swift.max(0, valueExponent - exponent))
            }
        } else {
            labels = values.map { SVGFormatting.decimal($0, decimals: Swift.max(0, -exponent)) }
        }
        return AxisTicks(positions: values, labels: labels)
    }

    /// Ticks of a logarithmic axis from 10^`lower` to 10^`upper`: at powers of ten (every few
    /// powers when there are many), also at 2 and 5 times them when the axis spans less than
    /// two decades, and at linear nice steps when it spans too little for two such ticks.
    static func logarithmic(from lower: Double, to upper: Double, target: Int) -> AxisTicks {
        guard upper > lower, lower.isFinite, upper.isFinite else { return .none }
        let firstDecade = Int(ceil(lower - 1e-9)), lastDecade = Int(floor(upper + 1e-9))
        let decadeCount = lastDecade - firstDecade + 1
        if decadeCount >= 3 {
            let stride = Swift.max(1, Int((Double(decadeCount) / Double(Swift.max(1, target))).rounded(.up)))
            let decades = Swift.stride(from: firstDecade, through: lastDecade, by: stride).map { $0 }
            return AxisTicks(positions: decades.map(Double.init), labels: decades.map { label(mantissa: 1, exponent: $0) })
        }
        var positions: [Double] = [], labels: [String] = []
        for decade in Int(floor(lower))...Int(ceil(upper)) {
            for mantissa in [1, 2, 5] {
                let position = log10(Double(mantissa)) + Double(decade)
                if position >= lower - 1e-9 && position <= upper + 1e-9 {
                    positions.append(position)
                    labels.append(label(mantissa: mantissa, exponent: decade))
                }
            }
        }
        if positions.count >= 2 { return AxisTicks(positions: positions, labels: labels) }
        let linear = AxisTicks.linear(from: pow(10, lower), to: pow(10, upper), target: target)
        let kept = zip(linear.positions, linear.labels).filter { $0.0 > 0 }
        return AxisTicks(positions: kept.map { log10($0.0) }, labels: kept.map(\.1))
    }

    /// The label of `mantissa`·10^`exponent` for a single-digit mantissa: decimal from 0.001 to
    /// 50000, scientific beyond.
    static func label(mantissa: Int, exponent: Int) -> String {
        switch exponent {
        case 0...4:
            return String(mantissa) + String(repeating: "0", count: exponent)
        case -3 ..< 0:
            return "0." + String(repeating: "0", count: -exponent - 1) + String(mantissa)
        default:
            return "\(mantissa)e\(exponent)"
        }
    }
}
