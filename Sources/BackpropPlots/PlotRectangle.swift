/// A rectangle in pixels (y grows downwards), with the clipping of segments to it.
struct PlotRectangle: Equatable {
    /// The left edge.
    var left: Double
    /// The top edge.
    var top: Double
    /// The right edge.
    var right: Double
    /// The bottom edge.
    var bottom: Double

    /// The width.
    var width: Double { right - left }
    /// The height.
    var height: Double { bottom - top }

    /// Whether the point lies inside or on the edge.
    func contains(_ x: Double, _ y: Double) -> Bool {
        x >= left && x <= right && y >= top && y <= bottom
    }

    /// The part of the segment from (x0, y0) to (x1, y1) inside the rectangle, by the
    /// Liang–Barsky algorithm, or nil when none of it is. An end inside is returned exactly as
    /// given, so consecutive clipped segments of a line join without rounding.
    func clip(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> (x0: Double, y0: Double, x1: Double, y1: Double)? {
        let dx = x1 - x0, dy = y1 - y0
        var enter = 0.0, exit = 1.0
        for (p, q) in [(-dx, x0 - left), (dx, right - x0), (-dy, y0 - top), (dy, bottom - y0)] {
            if p == 0 {
                if q < 0 { return nil }
            } else {
                let t = q / p
                if p < 0 {
                    if t > exit { return nil }
                    if t > enter { enter = t }
                } else {
                    if t < enter { return nil }
                    if t < exit { exit = t }
                }
            }
        }
        let start = enter == 0 ? (x0, y0) : (x0 + enter * dx, y0 + enter * dy)
        let end = exit == 1 ? (x1, y1) : (x0 + exit * dx, y0 + exit * dy)
        return (start.0, start.1, end.0, end.1)
    }

    /// Whether any part of the segment lies inside the rectangle.
    func intersects(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> Bool {
        clip(x0, y0, x1, y1) != nil
    }
}
