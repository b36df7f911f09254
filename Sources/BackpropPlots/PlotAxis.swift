import Foundation

/// One axis of a rendered plot: its scale, its domain in transformed coordinates (log₁₀ of the
/// value on a logarithmic axis) and the pixels the domain spans.
struct PlotAxis {
    /// Linear or logarithmic.
    let scale: AxisScale
    /// The transformed value at `startPixel`.
    let lower: Double
    /// The transformed value at `endPixel`.
    let upper: Double
    /// The pixel of `lower` (the left edge for x, the bottom edge for y).
    var startPixel = 0.0
    /// The pixel of `upper` (the right edge for x, the top edge for y).
    var endPixel = 1.0

    /// The axis coordinate of `value`: the value itself, or its log₁₀; nil for a value the axis
    /// cannot show (NaN, infinite, or not positive on a logarithmic axis).
    static func transform(_ value: Double, scale: AxisScale) -> Double? {
        guard value.isFinite else { return nil }
        switch scale {
        case .linear: return value
        case .logarithmic: return value > 0 ? log10(value) : nil
        }
    }

    /// An axis over `fixed` when given (and showable), otherwise over `extent` (transformed
    /// minimum and maximum of the data) widened by `padding` of its span on each side. An empty
    /// extent gives 0...1 (1...10 on a logarithmic axis); a constant one is widened by a tenth
    /// of its value (a decade on a logarithmic axis), or by 1 around 0.
    init(scale: AxisScale, extent: (lower: Double, upper: Double)?, fixed: ClosedRange<Double>?, padding: Double) {
        self.scale = scale
        var bounds: (lower: Double, upper: Double)
        var pad = padding
        if let fixed, let lower = Self.transform(fixed.lowerBound, scale: scale), let upper = Self.transform(fixed.upperBound, scale: scale) {
            bounds = (lower, upper)
            pad = 0
        } else if let extent {
            bounds = extent
        } else {
            bounds = (0, 1)
            pad = 0
        }
        bounds.lower = Swift.max(bounds.lower, -1e300)
        bounds.upper = Swift.min(bounds.upper, 1e300)
        let size = Swift.max(Swift.abs(bounds.lower), Swift.abs(bounds.upper))
        if !(bounds.upper - bounds.lower > 1e-12 * size) {
            let middle = bounds.lower / 2 + bounds.upper / 2
            let half = scale == .logarithmic ? 1 : (middle == 0 ? 1 : Swift.abs(middle) / 10)
            bounds = (middle - half, middle + half)
            pad = 0
        }
        let span = bounds.upper - bounds.lower
        lower = bounds.lower - span * pad
        upper = bounds.upper + span * pad
    }

    /// The pixel of transformed coordinate `position`, clamped to ±10⁵ so that far-off points
    /// still give finite, bounded coordinates.
    func pixel(position: Double) -> Double {
        let fraction = (position - lower) / (upper - lower)
        let pixel = startPixel + fraction * (endPixel - startPixel)
        return pixel.isNaN ? startPixel : Swift.min(Swift.max(pixel, -1e5), 1e5)
    }

    /// The pixel of `value`, or nil for a value the axis cannot show.
    func pixel(_ value: Double) -> Double? {
        Self.transform(value, scale: scale).map { pixel(position: $0) }
    }

    /// About `target` ticks across the domain.
    func ticks(target: Int) -> AxisTicks {
        switch scale {
        case .linear: AxisTicks.linear(from: lower, to: upper, target: target)
        case .logarithmic: AxisTicks.logarithmic(from: lower, to: upper, target: target)
        }
    }
}
