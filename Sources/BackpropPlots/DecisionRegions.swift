/// A classifier's class probabilities on a grid of cells over a rectangle of the plane: the
/// shading of a decision-boundary plot, and the boundary itself.
///
/// Each cell is shaded in the colour of its most probable class, lighter where the classifier
/// is less sure (five bands of confidence). The boundary is where the most probable class
/// changes (with two classes, where the probability of class 1 is ½), traced by marching
/// squares between cell centres.
struct DecisionRegions: Hashable, Sendable {
    /// The x extent of the grid.
    var xRange: ClosedRange<Double>
    /// The y extent of the grid.
    var yRange: ClosedRange<Double>
    /// The number of cells along x.
    var columns: Int
    /// The number of cells along y.
    var rows: Int
    /// The number of classes (at least 2).
    var classCount: Int
    /// `classCount` probabilities per cell; cells row by row from the smallest y, each row from
    /// the smallest x. A cell with a NaN is left blank.
    var probabilities: [Double]

    /// The number of confidence bands a class's shading is divided into.
    static let bandCount = 5

    /// The centre of the cell in `row` and `column`.
    func centre(row: Int, column: Int) -> (x: Double, y: Double) {
        (edgeX(column) / 2 + edgeX(column + 1) / 2, edgeY(row) / 2 + edgeY(row + 1) / 2)
    }

    /// The x coordinate of the left edge of `column` (the right edge of the grid for `columns`).
    func edgeX(_ column: Int) -> Double {
        column == columns ? xRange.upperBound : xRange.lowerBound + (xRange.upperBound - xRange.lowerBound) * Double(column) / Double(columns)
    }

    /// The y coordinate of the lower edge of `row` (the upper edge of the grid for `rows`).
    func edgeY(_ row: Int) -> Double {
        row == rows ? yRange.upperBound : yRange.lowerBound + (yRange.upperBound - yRange.lowerBound) * Double(row) / Double(rows)
    }

    /// The centres of all cells as a flat list x₀, y₀, x₁, y₁, ..., in the order of
    /// ``probabilities``.
    static func centres(xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, columns: Int, rows: Int) -> [Double] {
        let grid = DecisionRegions(xRange: xRange, yRange: yRange, columns: columns, rows: rows, classCount: 2, probabilities: [])
        var points: [Double] = []
        points.reserveCapacity(2 * columns * rows)
        for row in 0..<rows {
            for column in 0..<columns {
                let centre = grid.centre(row: row, column: column)
                points.append(centre.x)
                points.append(centre.y)
            }
        }
        return points
    }

    /// The most probable class of a cell (the first on a tie) and its probability, or nil for a
    /// cell with a NaN.
    func prediction(row: Int, column: Int) -> (label: Int, probability: Double)? {
        let start = (row * columns + column) * classCount
        guard start + classCount <= probabilities.count else { return nil }
        var best = 0, bestProbability = -Double.infinity
        for label in 0..<classCount {
            let probability = probabilities[start + label]
            if probability.isNaN { return nil }
            if probability > bestProbability {
                best = label
                bestProbability = probability
            }
        }
        return (best, bestProbability)
    }

    /// A number naming a cell's shade (class and confidence band), or -1 for a blank cell.
    func shade(row: Int, column: Int) -> Int {
        guard let (label, probability) = prediction(row: row, column: column) else { return -1 }
        let chance = 1 / Double(classCount)
        let confidence = Swift.min(1, Swift.max(0, (probability - chance) / (1 - chance)))
        let band = Swift.min(Self.bandCount - 1, Int(confidence * Double(Self.bandCount)))
        return label * Self.bandCount + band
    }

    /// The fill colour of a shade: the class's palette colour mixed into white, more strongly
    /// for a surer prediction.
    static func color(ofShade shade: Int) -> PlotColor {
        let label = shade / bandCount, band = shade % bandCount
        return PlotColor.white.mixed(with: PlotColor.palette(label), fraction: 0.10 + 0.09 * Double(band))
    }

    /// The decision boundary as segments (x₀, y₀, x₁, y₁) in data coordinates: for each class c,
    /// the zero contour of its margin p_c − max_{k≠c} p_k, traced by marching squares between
    /// cell centres. A boundary between classes c and d is traced once, in the pass of the
    /// smaller of the two (the runner-up class of a square is judged from its mean probabilities).
    func boundarySegments() -> [(Double, Double, Double, Double)] {
        guard rows >= 2, columns >= 2, probabilities.count >= rows * columns * classCount else { return [] }
        var segments: [(Double, Double, Double, Double)] = []
        for label in 0..<classCount {
            let margins = (0..<(rows * columns)).map { cell -> Double in
                let start = cell * classCount
                var rival = -Double.infinity
                for other in 0..<classCount where other != label { rival = Swift.max(rival, probabilities[start + other]) }
                return probabilities[start + label] - rival
            }
            contour(of: margins) { row, column in
                // Keep the square only when the class across the boundary comes after `label`.
                var rival = 0, rivalMean = -Double.infinity
                for other in 0..<classCount where other != label {
                    var mean = 0.0
                    for (r, c) in [(row, column), (row, column + 1), (row + 1, column), (row + 1, column + 1)] {
                        mean += probabilities[(r * columns + c) * classCount + other]
                    }
                    if mean > rivalMean {
                        rival = other
                        rivalMean = mean
                    }
                }
                return rival > label
            } emit: { segments.append($0) }
        }
        return segments
    }

    /// Marching squares on `field` (one value per cell, at its centre): the segments where it
    /// crosses zero, from the squares `keep` accepts. Squares with a NaN corner are skipped.
    private func contour(
        of field: [Double], keep: (_ row: Int, _ column: Int) -> Bool, emit: ((Double, Double, Double, Double)) -> Void
    ) {
        for row in 0..<(rows - 1) {
            for column in 0..<(columns - 1) {
                // Corners counter-clockwise from the bottom left.
                let a = field[row * columns + column], b = field[row * columns + column + 1]
                let c = field[(row + 1) * columns + column + 1], d = field[(row + 1) * columns + column]
                if a.isNaN || b.isNaN || c.isNaN || d.isNaN { continue }
                let inside = (a >= 0 ? 1 : 0) + (b >= 0 ? 1 : 0) + (c >= 0 ? 1 : 0) + (d >= 0 ? 1 : 0)
                if inside == 0 || inside == 4 || !keep(row, column) { continue }
                let p0 = centre(row: row, column: column), p2 = centre(row: row + 1, column: column + 1)
                let corners = [(p0.x, p0.y, a), (p2.x, p0.y, b), (p2.x, p2.y, c), (p0.x, p2.y, d)]
                // Crossings on the edges bottom, right, top, left (edge k joins corners k and k+1).
                var crossings: [(Double, Double)?] = []
                for edge in 0..<4 {
                    let (x0, y0, v0) = corners[edge], (x1, y1, v1) = corners[(edge + 1) % 4]
                    if (v0 >= 0) != (v1 >= 0) {
                        let t = v0 / (v0 - v1)
                        crossings.append((x0 + t * (x1 - x0), y0 + t * (y1 - y0)))
                    } else {
                        crossings.append(nil)
                    }
                }
                let found = crossings.compactMap { $0 }
                if found.count == 2 {
                    emit((found[0].0, found[0].1, found[1].0, found[1].1))
                } else if found.count == 4, let bottom = crossings[0], let right = crossings[1], let top = crossings[2], let left = crossings[3] {
                    if ((a + b + c + d) / 4 >= 0) == (a >= 0) {
                        // a and c connect through the centre: cut off b and d.
                        emit((bottom.0, bottom.1, right.0, right.1))
                        emit((top.0, top.1, left.0, left.1))
                    } else {
                        emit((left.0, left.1, bottom.0, bottom.1))
                        emit((right.0, right.1, top.0, top.1))
                    }
                }
            }
        }
    }
}
