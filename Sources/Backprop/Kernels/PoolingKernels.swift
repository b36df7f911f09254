/// Window maxima of NCHW images. Nothing here knows about tapes or gradients.
enum PoolingKernels {
    /// The largest value of every window of every channel plane, and the flat input position of
    /// the first element reaching it (row-major within the window, as PyTorch). Positions
    /// outside the image are skipped, so every window must hold at least one image element.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func maxPool<Element: TensorElement>(
        _ x: UnsafePointer<Element>, _ geometry: WindowGeometry,
        _ out: UnsafeMutablePointer<Element>, positions: UnsafeMutablePointer<Int>
    ) {
        let g = geometry
        let planeSize = g.height * g.width, outputWidth = g.outputWidth, outputHeight = g.outputHeight
        if g.kernelHeight == 2 && g.kernelWidth == 2 && g.strideHeight == 2 && g.strideWidth == 2
            && g.paddingHeight == 0 && g.paddingWidth == 0 {
            return maxPool2x2(x, planes: g.batch * g.channels, height: g.height, width: g.width, out, positions: positions)
        }
        var target = 0
        for plane in 0..<(g.batch * g.channels) {
            let image = x + plane * planeSize
            for y in 0..<outputHeight {
                let top = y * g.strideHeight - g.paddingHeight
                let rows = Swift.max(0, -top)..<Swift.min(g.kernelHeight, g.height - top)
                for column in 0..<outputWidth {
                    let left = column * g.strideWidth - g.paddingWidth
                    let columns = Swift.max(0, -left)..<Swift.min(g.kernelWidth, g.width - left)
                    var best = -Element.infinity, bestPosition = (top + rows.lowerBound) * g.width + left + columns.lowerBound
                    for i in rows {
                        let line = (top + i) * g.width + left
                        for j in columns {
                            let value = image[line + j]
                            // NaN wins, as in NumPy, so that it is not silently dropped.
                            if value > best || (value != value && best == best) {
                                best = value
                                bestPosition = line + j
                            }
                        }
                    }
                    out[target] = best
                    positions[target] = plane * planeSize + bestPosition
                    target += 1
                }
            }
        }
    }

    /// The common 2×2, stride-2 window without padding: four loads and three comparisons.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func maxPool2x2<Element: TensorElement>(
        _ x: UnsafePointer<Element>, planes: Int, height: Int, width: Int,
        _ out: UnsafeMutablePointer<Element>, positions: UnsafeMutablePointer<Int>
    ) {
        let outputHeight = height / 2, outputWidth = width / 2
        TwoThreads.split(0..<planes, worthIt: TwoThreads.worthSplitting(elementwise: planes * height * width)) { _, planes in
            var target = planes.lowerBound * outputHeight * outputWidth
            for plane in planes {
                maxPool2x2(x, plane: plane, height: height, width: width, out, positions: positions, target: &target)
            }
        }
    }

    /// One plane of `maxPool2x2`, its outputs written from `target` on.
    @inline(__always)
    private static func maxPool2x2<Element: TensorElement>(
        _ x: UnsafePointer<Element>, plane: Int, height: Int, width: Int,
        _ out: UnsafeMutablePointer<Element>, positions: UnsafeMutablePointer<Int>, target: inout Int
    ) {
        let outputHeight = height / 2, outputWidth = width / 2
        let planeStart = plane * height * width
        for y in 0..<outputHeight {
            let top = planeStart + 2 * y * width
            for column in 0..<outputWidth {
                let first = top + 2 * column
                let a = x[first], b = x[first + 1], c = x[first + width], d = x[first + width + 1]
                // Selects, not branches: random data would mispredict half the comparisons.
                // The pairs are compared first (a tournament), so the two halves are independent.
                let upperRight = b > a, lowerRight = d > c
                let upper = upperRight ? b : a, lower = lowerRight ? d : c
                let upperPosition = upperRight ? first + 1 : first
                let lowerPosition = lowerRight ? first + width + 1 : first + width
                let lowerWins = lower > upper
                var best = lowerWins ? lower : upper, position = lowerWins ? lowerPosition : upperPosition
                if !(a == a && b == b && c == c && d == d) {
                    // A NaN wins, as in NumPy; rare, so this branch is well predicted.
                    position = [first, first + 1, first + width, first + width + 1].first { x[$0] != x[$0] }!
                    best = x[position]
                }
                out[target] = best
                positions[target] = position
                target += 1
            }
        }
    }
}
