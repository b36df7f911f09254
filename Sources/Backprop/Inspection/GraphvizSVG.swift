/// The size of the SVG pictures Graphviz draws.
///
/// Graphviz sizes a picture to its drawing at 72 points per inch, so a long chain drawn left to
/// right can be 2,000 points wide, and a notebook or page cuts it off at the column's edge.
enum GraphvizSVG {
    /// The widest picture, in points (640 pt is 853 CSS pixels, the width of a notebook's
    /// output column on GitHub); wider ones are scaled down.
    static let maximumWidth = 640.0

    /// `svg` with a width of at most ``maximumWidth`` points, its height scaled with it (the
    /// `viewBox` scales the drawing), and a style that also shrinks it to a narrower container.
    ///
    /// ```swift
    /// GraphvizSVG.fittingWidth(#"<svg width="1280pt" height="100pt" viewBox="0 0 1280 100">"#)
    /// // <svg width="640pt" height="50pt" style="max-width: 100%; height: auto" viewBox="0 0 1280 100">
    /// ```
    ///
    /// Text that is not Graphviz's SVG (no `<svg width="…pt" height="…pt"` tag) is returned as it is.
    static func fittingWidth(_ svg: String) -> String {
        guard let match = svg.firstMatch(of: #/<svg width="([0-9.]+)pt" height="([0-9.]+)pt"/#),
              let width = Double(match.1), let height = Double(match.2), width > 0 else { return svg }
        let scale = Swift.min(1, maximumWidth / width)
        let size = "<svg width=\"\(points(width * scale))pt\" height=\"\(points(height * scale))pt\" style=\"max-width: 100%; height: auto\""
        return svg.replacingCharacters(in: match.range, with: size)
    }

    /// A length in points with at most two decimals.
    private static func points(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
