#ifndef BACKPROP_MICRO_KERNELS_H
#define BACKPROP_MICRO_KERNELS_H

// The innermost matrix-product micro-kernels, the only code of Backprop that is not Swift:
// Swift's default x86-64 target emits neither AVX nor FMA, and a package cannot pass compiler
// flags, so these use per-function target attributes and are chosen at run time.
//
// Each computes one register tile C[MR x NR] (+)= A·B over a depth of k, from panels packed by
// the Swift side: A as k groups of MR values (one column of the tile's rows each), B as k rows
// of NR values (one row of the tile's columns each) ldb apart, so that B can also be read in
// place from a row-major matrix. C is row-major with row stride ldc; when accumulate is 0, C is
// overwritten. The tile size depends on the CPU: ask for it.

/// The rows (MR) and columns (NR) of the Float tile on this CPU.
void bp_float_tile_shape(int *rows, int *columns);

/// The rows (MR) and columns (NR) of the Double tile on this CPU.
void bp_double_tile_shape(int *rows, int *columns);

/// C[MR x NR] (+)= A·B in Float.
void bp_float_tile(long k, const float *a, const float *b, long ldb, float *c, long ldc, int accumulate);

/// C[MR x NR] (+)= A·B in Double.
void bp_double_tile(long k, const double *a, const double *b, long ldb, double *c, long ldc, int accumulate);

/// Which implementation the tiles use: "avx512", "avx2+fma" or "portable".
const char *bp_tile_implementation(void);

#endif
