/// Positions of running maxima and minima along an axis. Nothing here knows about tapes or
/// gradients.
enum CumulativeExtremeKernels {
    /// For each slice of `x` viewed as [outer, length, inner] along its middle axis, the position
    /// of the largest (`largest` true) or smallest element among positions 0…k, for every k,
    /// written to `out` in the same layout. As PyTorch's `cummax`/`cummin`: an element equal to
    /// the running extreme takes over (the last of ties), and a NaN takes over and stays, each
    /// later NaN taking over in turn.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func extremePositions<Element: TensorElement>(
        _ x: UnsafePointer<Element>, outer: Int, length: Int, inner: Int, largest: Bool, _ out: UnsafeMutablePointer<Int>
    ) {
        guard length > 0 else { return }
        for o in 0..<outer {
            for i in 0..<inner {
                let base = o &* length &* inner &+ i
                var best = x[base], position = 0
                for k in 0..<length {
                    let v = x[base &+ k &* inner]
                    if v.isNaN || (!best.isNaN && (largest ? v >= best : v <= best)) {
                        best = v
                        position = k
                    }
                    out[base &+ k &* inner] = position
                }
            }
        }
    }
}
