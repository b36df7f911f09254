#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CBackpropKernels

/// Matrix products. Nothing here knows about tapes or gradients.
///
/// The classic blocked algorithm (Goto; BLIS), in blocks of MC rows, KC steps and NC columns:
/// the micro-kernel (C, with run-time CPU detection) keeps a tile of C in registers over a
/// depth of KC: 8×32 Float or 8×16 Double with AVX-512, 6×16 or 6×8 with AVX2 and FMA. op(A) is
/// packed into contiguous panels of MR rows when many tile columns reuse them (a row-major A
/// read in place puts the tile's rows a row of A apart, all in one set of the L1 cache when
/// that row is 4 KiB, evicting B's panel), else read in place; op(B) is packed into panels of NR
/// columns, by transposing gathers when B is transposed, or read in place when few rows use it. Partial tiles are written through lane
/// masks. Transposed operands are never materialised. Large products split their columns (or
/// rows) between two threads.
enum MatmulKernels {
    /// C = op(A)·op(B) for row-major A and B, where op transposes when asked: op(A) is m×k and
    /// op(B) is k×n; C is m×n, row-major, and is overwritten.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func multiply<Element: TensorElement>(
        _ a: UnsafePointer<Element>, transposeA: Bool,
        _ b: UnsafePointer<Element>, transposeB: Bool,
        _ c: UnsafeMutablePointer<Element>, m: Int, n: Int, k: Int
    ) {
        guard m > 0, n > 0 else { return }
        guard k > 0 else {
            c.initialize(repeating: 0, count: m * n)
            return
        }
        if n == 1 || m == 1 {
            matrixVectorProduct(a, transposeA: transposeA, b, transposeB: transposeB, c, m: m, n: n, k: k)
            return
        }
        if !transposeA && transposeB && m * n <= 1024 && k >= 64 * Swift.max(m, n) {
            // Few outputs, each a long dot product of two contiguous rows (a convolution's ∂W).
            innerProducts(a, b, c, m: m, n: n, k: k)
            return
        }
        let product = Product(a: a, transposeA: transposeA, b: b, transposeB: transposeB, c: c, m: m, n: n, k: k)
        let work = m * n * k
        let tile = Tiling<Element>.self
        let columnSplit = (n / 2 + tile.columns - 1) / tile.columns * tile.columns
        let rowSplit = (m / 2 + tile.rows - 1) / tile.rows * tile.rows
        if work < 1 << 21 || ProcessInfoCores.count < 2 {
            product.compute(rows: 0..<m, columns: 0..<n)
        } else if columnSplit < n && n >= 4 * tile.columns {
            // Split the columns, in whole tiles, so that each thread packs its own part of B.
            TwoThreads.both(
                { product.compute(rows: 0..<m, columns: 0..<columnSplit) },
                { product.compute(rows: 0..<m, columns: columnSplit..<n) })
        } else if rowSplit < m {
            TwoThreads.both(
                { product.compute(rows: 0..<rowSplit, columns: 0..<n) },
                { product.compute(rows: rowSplit..<m, columns: 0..<n) })
        } else {
            product.compute(rows: 0..<m, columns: 0..<n)
        }
    }
}

private let floatTile: (rows: Int, columns: Int) = {
    var rows: Int32 = 0, columns: Int32 = 0
    bp_float_tile_shape(&rows, &columns)
    return (Int(rows), Int(columns))
}()

private let doubleTile: (rows: Int, columns: Int) = {
    var rows: Int32 = 0, columns: Int32 = 0
    bp_double_tile_shape(&rows, &columns)
    return (Int(rows), Int(columns))
}()

extension MatmulKernels {
    /// A product with a single row or column: dot products or scaled row sums, no packing. The
    /// vector operand is contiguous whether or not it is transposed.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func matrixVectorProduct<Element: TensorElement>(
        _ a: UnsafePointer<Element>, transposeA: Bool, _ b: UnsafePointer<Element>, transposeB: Bool,
        _ c: UnsafeMutablePointer<Element>, m: Int, n: Int, k: Int
    ) {
        if n == 1 {
            // c = op(A)·b: rows of A dotted with b, or b's weighted sum of A's rows (A is k×m).
            if transposeA {
                weightedRowSum(b, rows: a, count: k, length: m, into: c)
            } else {
                innerProducts(a, b, c, m: m, n: 1, k: k)
            }
        } else {
            // c = a·op(B): a's weighted sum of B's rows, or a dotted with B's rows (B is n×k).
            if transposeB {
                innerProducts(a, b, c, m: 1, n: n, k: k)
            } else {
                weightedRowSum(a, rows: b, count: k, length: n, into: c)
            }
        }
    }

    /// out = Σ_p weights[p]·rows[p] for `count` contiguous rows of `length` elements.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func weightedRowSum<Element: TensorElement>(
        _ weights: UnsafePointer<Element>, rows: UnsafePointer<Element>, count: Int, length: Int, into out: UnsafeMutablePointer<Element>
    ) {
        out.initialize(repeating: 0, count: length)
        for p in 0..<count {
            let weight = weights[p], row = rows + p * length
            for j in 0..<length { out[j] += weight * row[j] }
        }
    }

    /// C = A·Bᵀ as m·n dot products of rows of length k, by tiles of 4×4 dot products, a block
    /// of k at a time so that the rows stay in cache while every pair is formed.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func innerProducts<Element: TensorElement>(
        _ a: UnsafePointer<Element>, _ b: UnsafePointer<Element>, _ c: UnsafeMutablePointer<Element>, m: Int, n: Int, k: Int
    ) {
        let rowStarts = (0..<n).map { $0 * k }
        rowStarts.withUnsafeBufferPointer { offsets in
            let block = 2048
            for start in stride(from: 0, to: k, by: block) {
                Tiling<Element>.dotProducts(
                    Swift.min(block, k - start), a + start, k, b + start, offsets.baseAddress!, c, n, m: m, n: n, accumulate: start > 0)
            }
        }
    }
}

/// How many cores the kernels may use.
enum ProcessInfoCores {
    static let count = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
}

/// The tile and block sizes for an element type, and its micro-kernel.
enum Tiling<Element: TensorElement> {
    /// The micro-kernel's tile on this CPU (8×32 Float with AVX-512, 6×16 with AVX2...).
    static var rows: Int { Element.self == Float.self ? floatTile.rows : doubleTile.rows }
    static var columns: Int { Element.self == Float.self ? floatTile.columns : doubleTile.columns }
    /// The depth of a packed block: a KC×NR panel of B stays in the L1 cache. Constants rather
    /// than sizes read from the CPU, since they fit every x86-64 L1/L2 since Haswell (32–48 KiB,
    /// 256 KiB–2 MiB): with AVX2 a 256×16 Float (256×8 Double) panel of B is 16 KiB, half of a
    /// 32 KiB L1, beside A's 6 KiB micro-panel; they are BLIS's Zen blocks (KC 256, MC 144), and
    /// KC from 192 to 512 and MC from 72 to 240 measured alike on Zen 3 (within the few percent
    /// that a shared machine lets one see).
    static var depth: Int { 256 }
    /// Rows of A in a block (a multiple of `rows`), sized for the L2 cache: with AVX2, 144×256
    /// Float (72×256 Double) is 144 KiB, a quarter of Zen 3's 512 KiB, over half of Skylake's 256.
    static var blockRows: Int { rows * (Element.self == Float.self ? 24 : 12) }
    /// Columns of B packed at once (a multiple of `columns`), sized for the shared L3 cache: a
    /// 256×2048 block is 2 MiB in Float.
    static var blockColumns: Int { 2048 }

    /// C tile (+)= A panel · B panel, written in its first `height` rows and `width` columns:
    /// A's row i at step p is a[i·rsa + p·csa], B's rows are `ldb` apart.
    @inline(__always)
    static func tile(_ k: Int, _ a: UnsafePointer<Element>, _ rsa: Int, _ csa: Int, _ b: UnsafePointer<Element>, _ ldb: Int,
                     _ c: UnsafeMutablePointer<Element>, _ ldc: Int, height: Int, width: Int, accumulate: Bool) {
        if Element.self == Float.self {
            bp_float_tile(k, UnsafeRawPointer(a).assumingMemoryBound(to: Float.self), rsa, csa,
                          UnsafeRawPointer(b).assumingMemoryBound(to: Float.self), ldb,
                          UnsafeMutableRawPointer(c).assumingMemoryBound(to: Float.self), ldc,
                          Int32(height), Int32(width), accumulate ? 1 : 0)
        } else {
            bp_double_tile(k, UnsafeRawPointer(a).assumingMemoryBound(to: Double.self), rsa, csa,
                           UnsafeRawPointer(b).assumingMemoryBound(to: Double.self), ldb,
                           UnsafeMutableRawPointer(c).assumingMemoryBound(to: Double.self), ldc,
                           Int32(height), Int32(width), accumulate ? 1 : 0)
        }
    }

    /// c[i·ldc + j] (+)= Σ_p a[i·lda + p]·b[offsets[j] + p] for i < m, j < n: dot products of
    /// rows, four by four.
    static func dotProducts(
        _ k: Int, _ a: UnsafePointer<Element>, _ lda: Int, _ b: UnsafePointer<Element>, _ offsets: UnsafePointer<Int>,
        _ c: UnsafeMutablePointer<Element>, _ ldc: Int, m: Int, n: Int, accumulate: Bool
    ) {
        for i in stride(from: 0, to: m, by: 4) {
            for j in stride(from: 0, to: n, by: 4) {
                let rows = Int32(Swift.min(4, m - i)), columns = Int32(Swift.min(4, n - j))
                if Element.self == Float.self {
                    bp_float_dots(k, UnsafeRawPointer(a + i * lda).assumingMemoryBound(to: Float.self), lda,
                                  UnsafeRawPointer(b).assumingMemoryBound(to: Float.self), offsets + j,
                                  UnsafeMutableRawPointer(c + i * ldc + j).assumingMemoryBound(to: Float.self), ldc,
                                  rows, columns, accumulate ? 1 : 0)
                } else {
                    bp_double_dots(k, UnsafeRawPointer(a + i * lda).assumingMemoryBound(to: Double.self), lda,
                                   UnsafeRawPointer(b).assumingMemoryBound(to: Double.self), offsets + j,
                                   UnsafeMutableRawPointer(c + i * ldc + j).assumingMemoryBound(to: Double.self), ldc,
                                   rows, columns, accumulate ? 1 : 0)
                }
            }
        }
    }

    /// out[p·width + j] = source[p·ld + j] for j < valid, 0 up to `width`: rows of the source
    /// become the rows of a packed panel of B.
    @inline(__always)
    static func packRows(count: Int, valid: Int, width: Int, source: UnsafePointer<Element>, ld: Int,
                         into out: UnsafeMutablePointer<Element>) {
        if Element.self == Float.self {
            bp_float_pack_rows(count, valid, width, UnsafeRawPointer(source).assumingMemoryBound(to: Float.self), ld,
                               UnsafeMutableRawPointer(out).assumingMemoryBound(to: Float.self))
        } else {
            bp_double_pack_rows(count, valid, width, UnsafeRawPointer(source).assumingMemoryBound(to: Double.self), ld,
                                UnsafeMutableRawPointer(out).assumingMemoryBound(to: Double.self))
        }
    }

    /// `tile` with row p of B at b + offsets[p].
    @inline(__always)
    static func rowsTile(_ k: Int, _ a: UnsafePointer<Element>, _ rsa: Int, _ csa: Int, _ b: UnsafePointer<Element>,
                         _ offsets: UnsafePointer<Int>, _ c: UnsafeMutablePointer<Element>, _ ldc: Int,
                         height: Int, width: Int, accumulate: Bool) {
        if Element.self == Float.self {
            bp_float_rows_tile(k, UnsafeRawPointer(a).assumingMemoryBound(to: Float.self), rsa, csa,
                               UnsafeRawPointer(b).assumingMemoryBound(to: Float.self), offsets,
                               UnsafeMutableRawPointer(c).assumingMemoryBound(to: Float.self), ldc,
                               Int32(height), Int32(width), accumulate ? 1 : 0)
        } else {
            bp_double_rows_tile(k, UnsafeRawPointer(a).assumingMemoryBound(to: Double.self), rsa, csa,
                                UnsafeRawPointer(b).assumingMemoryBound(to: Double.self), offsets,
                                UnsafeMutableRawPointer(c).assumingMemoryBound(to: Double.self), ldc,
                                Int32(height), Int32(width), accumulate ? 1 : 0)
        }
    }

    /// out[p·width + j] = source[j·ld + p] for j < valid, 0 up to `width`: rows of the source
    /// become the columns of a packed panel (of B's NR columns, or of A's MR rows).
    @inline(__always)
    static func packTransposed(count: Int, valid: Int, width: Int, source: UnsafePointer<Element>, ld: Int,
                               into out: UnsafeMutablePointer<Element>) {
        if Element.self == Float.self {
            bp_float_pack_transposed(count, valid, width, UnsafeRawPointer(source).assumingMemoryBound(to: Float.self), ld,
                                     UnsafeMutableRawPointer(out).assumingMemoryBound(to: Float.self))
        } else {
            bp_double_pack_transposed(count, valid, width, UnsafeRawPointer(source).assumingMemoryBound(to: Double.self), ld,
                                      UnsafeMutableRawPointer(out).assumingMemoryBound(to: Double.self))
        }
    }
}

/// One product C = op(A)·op(B), computed block by block over any rectangle of C.
private struct Product<Element: TensorElement>: @unchecked Sendable {
    let a: UnsafePointer<Element>, transposeA: Bool
    let b: UnsafePointer<Element>, transposeB: Bool
    let c: UnsafeMutablePointer<Element>
    let m: Int, n: Int, k: Int

    /// Computes C[rows, columns].
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    func compute(rows: Range<Int>, columns: Range<Int>) {
        typealias T = Tiling<Element>
        // A row-major A is packed when more than 16 tile columns read each of its panels: the
        // copy then costs little beside the reads it makes contiguous (1024 columns: +10% of
        // the FMA peak on Zen 3), while with 8 (an MLP layer's 128 columns a thread) it cost
        // 12%. A transposed A is always packed, since its rows for one step would otherwise
        // lie a whole row of A apart, on pages of their own.
        let packsA = transposeA || columns.count > 16 * T.columns
        // Cache-line aligned, so that the kernels' vector loads of the panels never straddle lines.
        let packedA = Self.allocateAligned(T.blockRows * T.depth)
        let packedB = Self.allocateAligned(T.depth * (T.blockColumns + T.columns))
        defer {
            packedA.deallocate()
            packedB.deallocate()
        }
        // With few rows, packing B would not pay for itself: a row-major B is read in place.
        let readsBInPlace = !transposeB && rows.count <= 2 * T.rows
        for column in stride(from: columns.lowerBound, to: columns.upperBound, by: T.blockColumns) {
            let width = Swift.min(T.blockColumns, columns.upperBound - column)
            // Equal blocks along k, so that no block is a sliver (784 = 4 × 196, not 3 × 256 + 16).
            let depthBlocks = (k + T.depth - 1) / T.depth
            let blockDepth = (k + depthBlocks - 1) / depthBlocks
            for depth in stride(from: 0, to: k, by: blockDepth) {
                let kc = Swift.min(blockDepth, k - depth)
                if !readsBInPlace { packB(into: packedB, rows: depth, count: kc, columns: column, width: width) }
                for row in stride(from: rows.lowerBound, to: rows.upperBound, by: T.blockRows) {
                    let height = Swift.min(T.blockRows, rows.upperBound - row)
                    let partialRows = height % T.rows
                    if packsA {
                        packA(into: packedA, rows: row, height: height, columns: depth, count: kc)
                    } else if partialRows > 0 {
                        // The last, partial panel of a row-major A is packed (zero-padded) on its own.
                        packA(into: packedA, rows: row + height - partialRows, height: partialRows, columns: depth, count: kc)
                    }
                    for tileColumn in stride(from: 0, to: width, by: T.columns) {
                        let tileWidth = Swift.min(T.columns, width - tileColumn)
                        var panelB = UnsafePointer(packedB + tileColumn * kc), ldb = T.columns
                        if readsBInPlace {
                            if tileWidth == T.columns {
                                (panelB, ldb) = (b + depth * n + column + tileColumn, n)
                            } else {
                                // The last, partial panel is packed (zero-padded) on its own.
                                packB(into: packedB, rows: depth, count: kc, columns: column + tileColumn, width: tileWidth)
                                panelB = UnsafePointer(packedB)
                            }
                        }
                        for tileRow in stride(from: 0, to: height, by: T.rows) {
                            let tileHeight = Swift.min(T.rows, height - tileRow)
                            let (panelA, rsa, csa) = packsA ? (UnsafePointer(packedA + tileRow * kc), 1, T.rows)
                                : tileHeight < T.rows ? (UnsafePointer(packedA), 1, T.rows)
                                : (a + (row + tileRow) * k + depth, k, 1)
                            let target = c + (row + tileRow) * n + column + tileColumn
                            T.tile(kc, panelA, rsa, csa, panelB, ldb, target, n, height: tileHeight, width: tileWidth, accumulate: depth > 0)
                        }
                    }
                }
            }
        }
    }

    /// Uninitialised room for `count` elements, starting on a cache line.
    private static func allocateAligned(_ count: Int) -> UnsafeMutablePointer<Element> {
        UnsafeMutableRawPointer.allocate(byteCount: count * MemoryLayout<Element>.stride, alignment: 64)
            .bindMemory(to: Element.self, capacity: count)
    }

    /// Packs op(A)[row..<row+height, column..<column+count] as panels of `rows` rows: panel r
    /// holds, for each p, the `rows` values op(A)[row + r·rows + i, column + p]; missing rows are 0.
    private func packA(into packed: UnsafeMutablePointer<Element>, rows row: Int, height: Int, columns column: Int, count: Int) {
        let tileRows = Tiling<Element>.rows
        for panel in stride(from: 0, to: height, by: tileRows) {
            let destination = packed + panel * count
            let valid = Swift.min(tileRows, height - panel)
            if transposeA {
                // op(A)[i, p] = A[p, i]: the panel's rows are contiguous in A.
                for p in 0..<count {
                    let source = a + (column + p) * m + row + panel
                    let out = destination + p * tileRows
                    for i in 0..<valid { out[i] = source[i] }
                    for i in valid..<tileRows { out[i] = 0 }
                }
            } else {
                // op(A)[i, p] = A[i, p]: the panel's rows are rows of A, its columns in the panel.
                Tiling<Element>.packTransposed(count: count, valid: valid, width: tileRows, source: a + (row + panel) * k + column,
                                               ld: k, into: destination)
            }
        }
    }

    /// Packs op(B)[row..<row+count, column..<column+width] as panels of `columns` columns:
    /// panel j holds, for each p, the `columns` values op(B)[row + p, column + j·columns + jj];
    /// missing columns are 0.
    private func packB(into packed: UnsafeMutablePointer<Element>, rows row: Int, count: Int, columns column: Int, width: Int) {
        let tileColumns = Tiling<Element>.columns
        for panel in stride(from: 0, to: width, by: tileColumns) {
            let destination = packed + panel * count
            let valid = Swift.min(tileColumns, width - panel)
            if transposeB {
                // op(B)[p, j] = B[j, p].
                Tiling<Element>.packTransposed(count: count, valid: valid, width: tileColumns, source: b + (column + panel) * k + row,
                                               ld: k, into: destination)
            } else {
                Tiling<Element>.packRows(count: count, valid: valid, width: tileColumns, source: b + row * n + column + panel,
                                         ld: n, into: destination)
            }
        }
    }
}
