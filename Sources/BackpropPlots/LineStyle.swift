/// How a line series is stroked. Dashes tell series apart even in grey print or for a reader
/// who cannot tell their colours apart.
///
/// ```swift
/// plot.addLine(x: xs, y: derivative, label: "f′(x)", style: .dashed)
/// ```
public enum LineStyle: Hashable, Sendable, CaseIterable {
    /// A continuous line.
    case solid
    /// Dashes 6 pixels long with gaps of 4.
    case dashed
    /// Dots 2 pixels long with gaps of 3.
    case dotted

    /// The SVG `stroke-dasharray` value, or nil for a solid line.
    var dashArray: String? {
        switch self {
        case .solid: nil
        case .dashed: "6 4"
        case .dotted: "2 3"
        }
    }
}
