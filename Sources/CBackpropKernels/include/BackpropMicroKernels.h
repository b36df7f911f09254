#ifndef BACKPROP_MICRO_KERNELS_H
#define BACKPROP_MICRO_KERNELS_H

// The innermost matrix-product micro-kernels (register tiles and transposing packs), the only
// code of Backprop that is not Swift: Swift's default x86-64 target emits neither AVX nor FMA,
// and a package cannot pass compiler flags, so these use per-function target attributes and
// are chosen at run time.
//
// Each tile computes one register tile C[MR x NR] (+)= A·B over a depth of k. Row i of A at
// step p is a[i * rsa + p * csa], so A is read in place from a row-major matrix (rsa = its row
// length, csa = 1), from a transposed one (rsa = 1, csa = its row length) or from a packed
// panel (rsa = 1, csa = MR). B is k rows of NR values (one row of the tile's columns each) ldb
// apart, read in place from a row-major matrix or from a panel packed by the Swift side or by
// the transposing packs below. C is row-major with row stride ldc, and only its first `rows`
// rows and `columns` columns are written (A must still hold MR rows and B NR columns, padded
// if need be); when accumulate is 0, C is overwritten. The tile size depends on the CPU: ask
// for it.

/// The rows (MR) and columns (NR) of the Float tile on this CPU.
void bp_float_tile_shape(int *rows, int *columns);

/// The rows (MR) and columns (NR) of the Double tile on this CPU.
void bp_double_tile_shape(int *rows, int *columns);

/// C[MR x NR] (+)= A·B in Float.
void bp_float_tile(long k, const float *a, long rsa, long csa, const float *b, long ldb, float *c, long ldc,
                   int rows, int columns, int accumulate);

/// C[MR x NR] (+)= A·B in Double.
void bp_double_tile(long k, const double *a, long rsa, long csa, const double *b, long ldb, double *c, long ldc,
                    int rows, int columns, int accumulate);

/// Packs `valid` source rows (ld apart, `count` values each) as the columns of a panel of
/// `columns` columns: out[p * columns + j] = source[j * ld + p], and 0 for valid <= j < columns.
void bp_float_pack_transposed(long count, long valid, long columns, const float *source, long ld, float *out);

/// The Double `bp_float_pack_transposed`.
void bp_double_pack_transposed(long count, long valid, long columns, const double *source, long ld, double *out);

/// Packs `valid` values of `count` source rows (ld apart) as the rows of a panel of `columns`
/// columns: out[p * columns + j] = source[p * ld + j], and 0 for valid <= j < columns.
void bp_float_pack_rows(long count, long valid, long columns, const float *source, long ld, float *out);

/// The Double `bp_float_pack_rows`.
void bp_double_pack_rows(long count, long valid, long columns, const double *source, long ld, double *out);

/// `bp_float_tile` with row p of B at b + offsets[p] (rows gathered in place: the rows of a
/// convolution's column matrix are shifted views of one padded image). B must hold NR readable
/// values from each row start.
void bp_float_rows_tile(long k, const float *a, long rsa, long csa, const float *b, const long *offsets, float *c, long ldc,
                        int rows, int columns, int accumulate);

/// The Double `bp_float_rows_tile`.
void bp_double_rows_tile(long k, const double *a, long rsa, long csa, const double *b, const long *offsets, double *c, long ldc,
                         int rows, int columns, int accumulate);

/// Up to 4x4 dot products of rows: c[i * ldc + j] (+)= sum over p < k of a[i * lda + p] *
/// b[offsets[j] + p] for i < rows <= 4 and j < columns <= 4. For products whose operands both
/// run along k (A·Bᵀ), read in place without a transposing pack.
void bp_float_dots(long k, const float *a, long lda, const float *b, const long *offsets, float *c, long ldc,
                   int rows, int columns, int accumulate);

/// The Double `bp_float_dots`.
void bp_double_dots(long k, const double *a, long lda, const double *b, const long *offsets, double *c, long ldc,
                    int rows, int columns, int accumulate);

/// Which implementation the tiles use: "avx512", "avx2+fma" or "portable" (the best the CPU
/// runs, unless the environment variable BACKPROP_MICROKERNELS asks for "avx2" or "portable").
const char *bp_tile_implementation(void);

#endif
