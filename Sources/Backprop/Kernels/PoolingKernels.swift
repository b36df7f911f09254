/// Window maxima of NCHW images, and the scatter and gather that are their gradients. The
/// position of each window's maximum (its "switch") is kept as a flat index within its channel
/// plane, as PyTorch's `max_pool2d_with_indices` returns it. Nothing here knows about tapes or
/// gradients.
enum PoolingKernels {
    /// The largest value of every window of every channel plane, and the position in its plane
    /// of the first element reaching it (row-major within the window, as PyTorch). Positions
    /// outside the image are skipped; a window with none inside (possible with dilation) is −∞
    /// with the switch −1, which the gradients skip.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func maxPool<Element: TensorElement>(
        _ x: UnsafePointer<Element>, _ geometry: WindowGeometry,
        _ out: UnsafeMutablePointer<Element>, switches: UnsafeMutablePointer<Int32>
    ) {
        let g = geometry
        if g.isTwoByTwoTiling {
            return maxPool2x2(x, planes: g.batch * g.channels, height: g.height, width: g.width, out, switches: switches)
        }
        let planeSize = g.height * g.width, outputWidth = g.outputWidth, outputHeight = g.outputHeight
        var target = 0
        for plane in 0..<(g.batch * g.channels) {
            let image = x + plane * planeSize
            for y in 0..<outputHeight {
                let top = y * g.strideHeight - g.paddingHeight
                let rows = taps(from: top, kernel: g.kernelHeight, dilation: g.dilationHeight, size: g.height)
                for column in 0..<outputWidth {
                    let left = column * g.strideWidth - g.paddingWidth
                    let columns = taps(from: left, kernel: g.kernelWidth, dilation: g.dilationWidth, size: g.width)
                    var best = -Element.infinity, bestPosition = -1
                    for i in rows {
                        let line = (top + i * g.dilationHeight) * g.width + left
                        for j in columns {
                            let position = line + j * g.dilationWidth, value = image[position]
                            // NaN wins, as in NumPy, so that it is not silently dropped.
                            if bestPosition < 0 || value > best || (value != value && best == best) {
                                best = value
                                bestPosition = position
                            }
                        }
                    }
                    out[target] = best
                    switches[target] = Int32(truncatingIfNeeded: bestPosition)
                    target += 1
                }
            }
        }
    }

    /// The taps i of a kernel whose positions start + i·dilation lie inside 0..<size.
    private static func taps(from start: Int, kernel: Int, dilation: Int, size: Int) -> Range<Int> {
        let first = Swift.min(kernel, start >= 0 ? 0 : (-start + dilation - 1) / dilation)
        let end = start < size ? Swift.min(kernel, (size - 1 - start) / dilation + 1) : 0
        return first..<Swift.max(first, end)
    }

    /// The gradient of `maxPool`: dx is 0 except that each window's maximum receives (adds)
    /// the gradient `g` of that window's output.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func unpool<Element: TensorElement>(
        _ g: UnsafePointer<Element>, switches: UnsafePointer<Int32>, _ geometry: WindowGeometry, _ dx: UnsafeMutablePointer<Element>
    ) {
        let planes = geometry.batch * geometry.channels, height = geometry.height, width = geometry.width
        if geometry.isTwoByTwoTiling && height % 2 == 0 && width % 2 == 0 {
            // Each input element lies in exactly one window: written once, no zero pass first.
            let split = TwoThreads.worthSplitting(elementwise: planes * height * width)
            return TwoThreads.split(0..<planes, worthIt: split) { _, planes in
                for plane in planes { unpool2x2(g, switches: switches, plane: plane, height: height, width: width, dx) }
            }
        }
        let planeSize = height * width, windows = geometry.outputHeight * geometry.outputWidth
        ElementwiseKernels.fill(dx, with: 0, count: planes * planeSize)
        for plane in 0..<planes {
            let image = dx + plane * planeSize, first = plane * windows
            for window in first..<(first + windows) where switches[window] >= 0 { image[Int(switches[window])] += g[window] }
        }
    }

    /// out[o] = u at the switch of window o: the gradient of `unpool` (and `maxPool` again).
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func gatherAtSwitches<Element: TensorElement>(
        _ u: UnsafePointer<Element>, switches: UnsafePointer<Int32>, _ geometry: WindowGeometry, _ out: UnsafeMutablePointer<Element>
    ) {
        let planeSize = geometry.height * geometry.width, windows = geometry.outputHeight * geometry.outputWidth
        for plane in 0..<(geometry.batch * geometry.channels) {
            let image = u + plane * planeSize, first = plane * windows
            for window in first..<(first + windows) { out[window] = switches[window] >= 0 ? image[Int(switches[window])] : 0 }
        }
    }

    /// `maxPool` for 2×2 windows with stride 2 and no padding, the planes split between two threads.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func maxPool2x2<Element: TensorElement>(
        _ x: UnsafePointer<Element>, planes: Int, height: Int, width: Int,
        _ out: UnsafeMutablePointer<Element>, switches: UnsafeMutablePointer<Int32>
    ) {
        let outputHeight = height / 2, outputWidth = width / 2
        TwoThreads.split(0..<planes, worthIt: TwoThreads.worthSplitting(elementwise: planes * height * width)) { _, planes in
            var target = planes.lowerBound * outputHeight * outputWidth
            for plane in planes {
                maxPool2x2(x + plane * height * width, height: height, width: width, out, switches: switches, target: &target)
            }
        }
    }

    /// One plane of `maxPool2x2`, its outputs written from `target` on: four windows at a time
    /// from two 8-wide loads of each row pair, with the tournament below done lane by lane.
    @inline(__always)
    private static func maxPool2x2<Element: TensorElement>(
        _ image: UnsafePointer<Element>, height: Int, width: Int,
        _ out: UnsafeMutablePointer<Element>, switches: UnsafeMutablePointer<Int32>, target: inout Int
    ) {
        typealias Lanes = SIMD4<Element.SIMDMaskScalar>
        let outputHeight = height / 2, outputWidth = width / 2
        let one = Lanes(repeating: 1), rowBelow = Lanes(repeating: Element.SIMDMaskScalar(truncatingIfNeeded: width))
        let evenColumns = Lanes(0, 2, 4, 6)
        for y in 0..<outputHeight {
            let top = 2 * y * width
            guard outputWidth >= 4 else {
                for column in 0..<outputWidth {
                    maxPool2x2Window(image, first: top + 2 * column, width: width, out, switches: switches, target: target)
                    target += 1
                }
                continue
            }
            var column = 0
            while column < outputWidth {
                if column + 4 > outputWidth {
                    // The last windows of the row as one more group of four, overlapping the
                    // group before; the windows in both are written twice, with the same values.
                    let back = column + 4 - outputWidth
                    column -= back
                    target -= back
                }
                let first = top + 2 * column
                let upperRow = UnsafeRawPointer(image + first).loadUnaligned(as: SIMD8<Element>.self)
                let lowerRow = UnsafeRawPointer(image + first + width).loadUnaligned(as: SIMD8<Element>.self)
                let a = upperRow.evenHalf, b = upperRow.oddHalf, c = lowerRow.evenHalf, d = lowerRow.oddHalf
                // x − x is 0 unless x is NaN or infinite; those windows take the scalar path
                // (rare, so the branch is well predicted; a lane mask comparison would cost more).
                if ((a - a) + (b - b) + (c - c) + (d - d)).sum() == 0 {
                    let upperRight = b .> a, lowerRight = d .> c
                    let upper = a.replacing(with: b, where: upperRight), lower = c.replacing(with: d, where: lowerRight)
                    let lowerWins = lower .> upper
                    UnsafeMutableRawPointer(out + target).storeBytes(
                        of: upper.replacing(with: lower, where: lowerWins), as: SIMD4<Element>.self)
                    var offset = Lanes.zero.replacing(with: one, where: upperRight)
                    offset.replace(with: rowBelow.replacing(with: rowBelow &+ one, where: lowerRight), where: lowerWins)
                    let position = Lanes(repeating: Element.SIMDMaskScalar(truncatingIfNeeded: first)) &+ evenColumns &+ offset
                    UnsafeMutableRawPointer(switches + target).storeBytes(
                        of: SIMD4<Int32>(truncatingIfNeeded: position), as: SIMD4<Int32>.self)
                } else {
                    for window in 0..<4 {
                        maxPool2x2Window(image, first: first + 2 * window, width: width, out, switches: switches, target: target + window)
                    }
                }
                column += 4
                target += 4
            }
        }
    }

    /// One 2×2 window whose top-left element is at `first`, by a tournament of selects (not
    /// branches: random data would mispredict half the comparisons); a NaN wins, as in NumPy.
    @inline(__always)
    private static func maxPool2x2Window<Element: TensorElement>(
        _ image: UnsafePointer<Element>, first: Int, width: Int,
        _ out: UnsafeMutablePointer<Element>, switches: UnsafeMutablePointer<Int32>, target: Int
    ) {
        let a = image[first], b = image[first + 1], c = image[first + width], d = image[first + width + 1]
        let upperRight = b > a, lowerRight = d > c
        let upper = upperRight ? b : a, lower = lowerRight ? d : c
        let upperPosition = upperRight ? first + 1 : first
        let lowerPosition = lowerRight ? first + width + 1 : first + width
        let lowerWins = lower > upper
        var best = lowerWins ? lower : upper, position = lowerWins ? lowerPosition : upperPosition
        if !(a == a && b == b && c == c && d == d) {
            position = [first, first + 1, first + width, first + width + 1].first { image[$0] != image[$0] }!
            best = image[position]
        }
        out[target] = best
        switches[target] = Int32(truncatingIfNeeded: position)
    }

    /// One plane of `unpool` for 2×2 windows tiling it: every element of each window is
    /// written, the gradient at the switch and 0 at the other three; four windows at a time,
    /// as two 8-wide stores to each row of the pair.
    @inline(__always)
    private static func unpool2x2<Element: TensorElement>(
        _ g: UnsafePointer<Element>, switches: UnsafePointer<Int32>, plane: Int, height: Int, width: Int,
        _ dx: UnsafeMutablePointer<Element>
    ) {
        typealias Lanes = SIMD4<Element.SIMDMaskScalar>
        let outputWidth = width / 2, windows = (height / 2) * outputWidth
        let image = dx + plane * height * width
        let right = Lanes(repeating: 1), below = Lanes(repeating: Element.SIMDMaskScalar(truncatingIfNeeded: width))
        let belowRight = below &+ right, evenColumns = Lanes(0, 2, 4, 6)
        var window = plane * windows
        for y in 0..<(height / 2) {
            let upper = image + 2 * y * width, lower = upper + width
            var column = 0
            while column + 4 <= outputWidth {
                let value = UnsafeRawPointer(g + window).loadUnaligned(as: SIMD4<Element>.self)
                let at = Lanes(truncatingIfNeeded: UnsafeRawPointer(switches + window).loadUnaligned(as: SIMD4<Int32>.self))
                    &- Lanes(repeating: Element.SIMDMaskScalar(truncatingIfNeeded: 2 * (y * width + column))) &- evenColumns
                let zero = SIMD4<Element>()
                let a = zero.replacing(with: value, where: at .== .zero), b = zero.replacing(with: value, where: at .== right)
                let c = zero.replacing(with: value, where: at .== below), d = zero.replacing(with: value, where: at .== belowRight)
                UnsafeMutableRawPointer(upper + 2 * column).storeBytes(of: interleaved(a, b), as: SIMD8<Element>.self)
                UnsafeMutableRawPointer(lower + 2 * column).storeBytes(of: interleaved(c, d), as: SIMD8<Element>.self)
                column += 4
                window += 4
            }
            while column < outputWidth {
                let value = g[window], at = Int(switches[window]) - 2 * (y * width + column)
                upper[2 * column] = at == 0 ? value : 0
                upper[2 * column + 1] = at == 1 ? value : 0
                lower[2 * column] = at == width ? value : 0
                lower[2 * column + 1] = at == width + 1 ? value : 0
                column += 1
                window += 1
            }
        }
    }

    /// (e₀, o₀, e₁, o₁, e₂, o₂, e₃, o₃).
    @inline(__always)
    private static func interleaved<Element: TensorElement>(_ even: SIMD4<Element>, _ odd: SIMD4<Element>) -> SIMD8<Element> {
        SIMD8(even[0], odd[0], even[1], odd[1], even[2], odd[2], even[3], odd[3])
    }
}

extension WindowGeometry {
    /// Whether the windows are 2×2 with stride 2, no padding and no partial last window, so that
    /// they tile the image without overlapping (up to a last odd row or column).
    var isTwoByTwoTiling: Bool {
        kernelHeight == 2 && kernelWidth == 2 && strideHeight == 2 && strideWidth == 2
            && paddingHeight == 0 && paddingWidth == 0 && dilationHeight == 1 && dilationWidth == 1 && !ceilMode
    }
}
