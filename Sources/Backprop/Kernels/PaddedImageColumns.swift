import CBackpropKernels

/// The column matrix of a stride-1 convolution of one image, never copied out: each of its
/// rows (c, i, j) is a shifted view of the zero-padded image. With the padded width WP, output
/// (y, x) is column y·WP + x, and row (c, i, j) starts at c·HP·WP + i·dilation·WP + j·dilation,
/// so reading the row is reading the padded image from there on. The columns with x ≥ OW
/// (where the view runs into the next line) are computed and dropped. The products read the
/// rows in place through their offsets (the forward product as the rows of its B operand, the
/// filter gradient's dot products as rows to pair with the gradient's), so the im2col copy (as
/// much memory traffic as the product itself for small filters) disappears. Nothing here knows
/// about tapes or gradients.
struct PaddedImageColumns<Element: TensorElement> {
    let geometry: WindowGeometry
    /// The padded image's height and width.
    let paddedHeight: Int, paddedWidth: Int
    /// Columns of the matrix: OH rows of WP.
    var columnCount: Int { geometry.outputHeight * paddedWidth }
    /// Elements of the padded image, with room for the last rows' views to run past its end.
    let bufferCount: Int
    /// The start of each row of the column matrix in the padded image.
    let rowOffsets: [Int]

    /// The columns of stride-1 windows over one image, or nil when the windows stride.
    init?(_ geometry: WindowGeometry) {
        guard geometry.strideHeight == 1, geometry.strideWidth == 1 else { return nil }
        self.geometry = geometry
        paddedHeight = geometry.height + 2 * geometry.paddingHeight
        paddedWidth = geometry.width + 2 * geometry.paddingWidth
        let planeSize = paddedHeight * paddedWidth
        // Rounded to whole cache lines, so that what follows it in a scratch buffer starts on one.
        bufferCount = (geometry.channels * planeSize + paddedWidth + 2 * Tiling<Element>.columns + 15) / 16 * 16
        var offsets: [Int] = []
        offsets.reserveCapacity(geometry.patchSize)
        for c in 0..<geometry.channels {
            for i in 0..<geometry.kernelHeight {
                for j in 0..<geometry.kernelWidth {
                    offsets.append(c * planeSize + i * geometry.dilationHeight * paddedWidth + j * geometry.dilationWidth)
                }
            }
        }
        rowOffsets = offsets
    }

    /// Writes image [C, H, W] into `padded` (`bufferCount` elements) with its zero border.
    func pad(_ image: UnsafePointer<Element>, into padded: UnsafeMutablePointer<Element>) {
        let g = geometry
        ElementwiseKernels.fill(padded, with: 0, count: bufferCount)
        for c in 0..<g.channels {
            for y in 0..<g.height {
                (padded + (c * paddedHeight + y + g.paddingHeight) * paddedWidth + g.paddingWidth)
                    .update(from: image + (c * g.height + y) * g.width, count: g.width)
            }
        }
    }

    /// Writes the gradient [F, OH, OW] of the convolution as [F, OH·WP], the layout of the
    /// product's result, with zeros in the dropped columns.
    func spread(_ g: UnsafePointer<Element>, filters: Int, into out: UnsafeMutablePointer<Element>) {
        let outputHeight = geometry.outputHeight, outputWidth = geometry.outputWidth
        ElementwiseKernels.fill(out, with: 0, count: filters * columnCount)
        for f in 0..<filters {
            for y in 0..<outputHeight {
                (out + f * columnCount + y * paddedWidth).update(from: g + (f * outputHeight + y) * outputWidth, count: outputWidth)
            }
        }
    }

    /// Scratch elements the product needs besides its operands.
    static var scratchCount: Int { Tiling<Element>.depth * Tiling<Element>.rows }

    /// out[F, OH·WP] = filter[F, patch] · columns, from the padded image. Column tiles run
    /// outside the filters' row tiles, so that each stretch of the padded image is read from
    /// memory once, however many filters use it.
    func multiply(
        filter: UnsafePointer<Element>, filters: Int, padded: UnsafePointer<Element>,
        scratch: UnsafeMutablePointer<Element>, into out: UnsafeMutablePointer<Element>
    ) {
        typealias T = Tiling<Element>
        let patch = geometry.patchSize, columns = columnCount
        rowOffsets.withUnsafeBufferPointer { offsets in
            guard let offsets = offsets.baseAddress else { return }   // images of no channels
            for depth in stride(from: 0, to: patch, by: T.depth) {
                let kc = Swift.min(T.depth, patch - depth)
                let lastHeight = filters % T.rows
                if lastHeight > 0 {
                    // A tile reads all its rows: the last, partial one's filters are copied, zero-padded.
                    ElementwiseKernels.fill(scratch, with: 0, count: T.rows * kc)
                    for i in 0..<lastHeight {
                        (scratch + i * kc).update(from: filter + (filters - lastHeight + i) * patch + depth, count: kc)
                    }
                }
                for column in stride(from: 0, to: columns, by: T.columns) {
                    for row in stride(from: 0, to: filters, by: T.rows) {
                        let height = Swift.min(T.rows, filters - row)
                        let (a, rsa) = height == T.rows ? (filter + row * patch + depth, patch) : (UnsafePointer(scratch), kc)
                        T.rowsTile(kc, a, rsa, 1, padded + column, offsets + depth, out + row * columns + column, columns,
                                   height: height, width: Swift.min(T.columns, columns - column), accumulate: depth > 0)
                    }
                }
            }
        }
    }
}
