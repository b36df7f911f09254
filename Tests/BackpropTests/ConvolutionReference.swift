@testable import Backprop

/// Grouped convolution and its transpose by their definitions, loop over loop, on NCHW arrays:
/// the references the im2col implementations are checked against.
enum ConvolutionReference {
    /// Settings of one axis: stride, padding, dilation.
    struct Axis { var stride = 1, padding = 0, dilation = 1 }

    /// conv2d: out[n, f, y, x] = Σ input[n, g·C/G + c, y·s + i·d − p, x·s + j·d − p] · filter[f, c, i, j].
    static func convolution(_ input: Tensor<Double>, _ filter: Tensor<Double>, groups: Int, _ rows: Axis, _ columns: Axis) -> Tensor<Double> {
        let (n, channels, h, w) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3])
        let (filters, groupChannels, kh, kw) = (filter.shape[0], filter.shape[1], filter.shape[2], filter.shape[3])
        let oh = (h + 2 * rows.padding - rows.dilation * (kh - 1) - 1) / rows.stride + 1
        let ow = (w + 2 * columns.padding - columns.dilation * (kw - 1) - 1) / columns.stride + 1
        let x = input.scalars, k = filter.scalars
        var out = [Double](repeating: 0, count: n * filters * oh * ow)
        for image in 0..<n {
            for f in 0..<filters {
                let group = f / (filters / groups)
                for y in 0..<oh {
                    for xo in 0..<ow {
                        var sum = 0.0
                        for c in 0..<groupChannels {
                            let channel = group * groupChannels + c
                            for i in 0..<kh {
                                for j in 0..<kw {
                                    let row = y * rows.stride + i * rows.dilation - rows.padding
                                    let column = xo * columns.stride + j * columns.dilation - columns.padding
                                    guard row >= 0, row < h, column >= 0, column < w else { continue }
                                    sum += x[((image * channels + channel) * h + row) * w + column] * k[((f * groupChannels + c) * kh + i) * kw + j]
                                }
                            }
                        }
                        out[((image * filters + f) * oh + y) * ow + xo] = sum
                    }
                }
            }
        }
        return Tensor(out, shape: [n, filters, oh, ow])
    }

    /// convTranspose2d: each input pixel adds input[n, c, y, x] · filter[c, f, i, j] to
    /// out[n, g·F/G + f, y·s + i·d − p, x·s + j·d − p], for an output of `size`.
    static func transposedConvolution(
        _ input: Tensor<Double>, _ filter: Tensor<Double>, groups: Int, size: (Int, Int), _ rows: Axis, _ columns: Axis
    ) -> Tensor<Double> {
        let (n, channels, h, w) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3])
        let (groupFilters, kh, kw) = (filter.shape[1], filter.shape[2], filter.shape[3])
        let filters = groupFilters * groups, (oh, ow) = size
        let x = input.scalars, k = filter.scalars
        var out = [Double](repeating: 0, count: n * filters * oh * ow)
        for image in 0..<n {
            for c in 0..<channels {
                let group = c / (channels / groups)
                for y in 0..<h {
                    for xi in 0..<w {
                        let value = x[((image * channels + c) * h + y) * w + xi]
                        for f in 0..<groupFilters {
                            for i in 0..<kh {
                                for j in 0..<kw {
                                    let row = y * rows.stride + i * rows.dilation - rows.padding
                                    let column = xi * columns.stride + j * columns.dilation - columns.padding
                                    guard row >= 0, row < oh, column >= 0, column < ow else { continue }
                                    out[((image * filters + group * groupFilters + f) * oh + row) * ow + column] +=
                                        value * k[((c * groupFilters + f) * kh + i) * kw + j]
                                }
                            }
                        }
                    }
                }
            }
        }
        return Tensor(out, shape: [n, filters, oh, ow])
    }
}

/// The largest absolute difference between two tensors' elements (∞ when their shapes differ).
func largestDifference(_ a: Tensor<Double>, _ b: Tensor<Double>) -> Double {
    guard a.shape == b.shape else { return .infinity }
    return zip(a.scalars, b.scalars).map { Swift.abs($0 - $1) }.max() ?? 0
}
