#include "BackpropMicroKernels.h"

// Portable kernels: plain loops that any compiler vectorises for its default target, on a
// 6x16 (Float) or 6x8 (Double) tile.

enum { PORTABLE_ROWS = 6, PORTABLE_FLOAT_COLUMNS = 16, PORTABLE_DOUBLE_COLUMNS = 8 };

#define PORTABLE_TILE(type, name, columnCount, bSource, bRow) \
    static void name(long k, const type *a, long rsa, long csa, const type *b, bSource, type *c, long ldc, \
                     int rows, int columns, int accumulate) { \
        type tile[PORTABLE_ROWS][columnCount] = {{0}}; \
        for (long p = 0; p < k; p++) { \
            const type *row = bRow(p); \
            for (int i = 0; i < PORTABLE_ROWS; i++) { \
                type scale = a[p * csa + i * rsa]; \
                for (int j = 0; j < columnCount; j++) tile[i][j] += scale * row[j]; \
            } \
        } \
        for (int i = 0; i < rows; i++) \
            for (int j = 0; j < columns; j++) \
                c[i * ldc + j] = accumulate ? c[i * ldc + j] + tile[i][j] : tile[i][j]; \
    }
// Row p of B: `ldb` apart, or at offsets of their own from b (rows gathered in place, as the
// rows of a convolution's column matrix are shifted views of one padded image).
#define STRIDED_ROW(p) (b + (p) * ldb)
#define OFFSET_ROW(p) (b + offsets[p])
PORTABLE_TILE(float, float_tile_portable, PORTABLE_FLOAT_COLUMNS, long ldb, STRIDED_ROW)
PORTABLE_TILE(double, double_tile_portable, PORTABLE_DOUBLE_COLUMNS, long ldb, STRIDED_ROW)
PORTABLE_TILE(float, float_rows_tile_portable, PORTABLE_FLOAT_COLUMNS, const long *offsets, OFFSET_ROW)
PORTABLE_TILE(double, double_rows_tile_portable, PORTABLE_DOUBLE_COLUMNS, const long *offsets, OFFSET_ROW)

// out[p * columns + j] = source[j * ld + p]: `valid` rows of the source become the columns of
// a packed panel, and the columns from `valid` to `columns` are zero.
#define PORTABLE_PACK(type, name) \
    static void name(long count, long valid, long columns, const type *source, long ld, type *out) { \
        for (long p = 0; p < count; p++) { \
            type *line = out + p * columns; \
            for (long j = 0; j < valid; j++) line[j] = source[j * ld + p]; \
            for (long j = valid; j < columns; j++) line[j] = 0; \
        } \
    }
PORTABLE_PACK(float, float_pack_transposed_portable)
PORTABLE_PACK(double, double_pack_transposed_portable)

// out[p * columns + j] = source[p * ld + j]: `valid` values of each of `count` source rows
// become a row of a packed panel, and the columns from `valid` to `columns` are zero.
#define PORTABLE_COPY_PACK(type, name) \
    static void name(long count, long valid, long columns, const type *source, long ld, type *out) { \
        for (long p = 0; p < count; p++) { \
            type *line = out + p * columns; \
            const type *row = source + p * ld; \
            for (long j = 0; j < valid; j++) line[j] = row[j]; \
            for (long j = valid; j < columns; j++) line[j] = 0; \
        } \
    }
PORTABLE_COPY_PACK(float, float_pack_rows_portable)
PORTABLE_COPY_PACK(double, double_pack_rows_portable)

// Dot products: c[i * ldc + j] (+)= sum over p < k of a[i * lda + p] * b[offsets[j] + p] for
// i < rows and j < columns (at most DOT_ROWS and DOT_COLUMNS): a product whose two operands
// both run along k, as a filter gradient's (the image's rows and the gradient's rows are
// both positions), read in place with no transposing pack.
enum { DOT_ROWS = 4, DOT_COLUMNS = 4 };

#define PORTABLE_DOTS(type, name) \
    static void name(long k, const type *a, long lda, const type *b, const long *offsets, type *c, long ldc, \
                     int rows, int columns, int accumulate) { \
        for (int i = 0; i < rows; i++) \
            for (int j = 0; j < columns; j++) { \
                const type *x = a + i * lda, *y = b + offsets[j]; \
                type sum = 0; \
                for (long p = 0; p < k; p++) sum += x[p] * y[p]; \
                c[i * ldc + j] = accumulate ? c[i * ldc + j] + sum : sum; \
            } \
    }
PORTABLE_DOTS(float, float_dots_portable)
PORTABLE_DOTS(double, double_dots_portable)

typedef void (*float_tile_function)(long, const float *, long, long, const float *, long, float *, long, int, int, int);
typedef void (*double_tile_function)(long, const double *, long, long, const double *, long, double *, long, int, int, int);
typedef void (*float_pack_function)(long, long, long, const float *, long, float *);
typedef void (*double_pack_function)(long, long, long, const double *, long, double *);
typedef void (*float_dots_function)(long, const float *, long, const float *, const long *, float *, long, int, int, int);
typedef void (*double_dots_function)(long, const double *, long, const double *, const long *, double *, long, int, int, int);
typedef void (*float_rows_tile_function)(long, const float *, long, long, const float *, const long *, float *, long, int, int, int);
typedef void (*double_rows_tile_function)(long, const double *, long, long, const double *, const long *, double *, long, int, int, int);

// Chosen once when the library loads, so that every thread reads them without a race.
static float_tile_function float_tile = float_tile_portable;
static double_tile_function double_tile = double_tile_portable;
static float_pack_function float_pack_transposed = float_pack_transposed_portable;
static double_pack_function double_pack_transposed = double_pack_transposed_portable;
static float_pack_function float_pack_rows = float_pack_rows_portable;
static double_pack_function double_pack_rows = double_pack_rows_portable;
static float_dots_function float_dots = float_dots_portable;
static double_dots_function double_dots = double_dots_portable;
static float_rows_tile_function float_rows_tile = float_rows_tile_portable;
static double_rows_tile_function double_rows_tile = double_rows_tile_portable;
static int float_rows = PORTABLE_ROWS, float_columns = PORTABLE_FLOAT_COLUMNS;
static int double_rows = PORTABLE_ROWS, double_columns = PORTABLE_DOUBLE_COLUMNS;
static const char *implementation = "portable";

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

// Row i of the A panel at step p is a[i * rsa + p * csa]. The rows are reached from a base
// pointer every third (AVX2) or fourth (AVX-512) row plus up to three row strides, so that the
// addressing takes a few registers whatever the strides are.
#define A_ROWS_FROM_BASES(type) \
    const type *base0 = a, *base3 = a + 3 * rsa; const long r1 = rsa, r2 = 2 * rsa;

// Writes (or adds) the first `rows` rows and `columns` columns of the tile, two vectors a row;
// a partial row is written through lane masks, so no scratch tile and no copy are needed.
#define STORE_TILE(type, vector, load, store, add, maskType, maskLoad, maskStore, columnMask, lanes) \
    if (columns == 2 * lanes) { \
        for (int i = 0; i < rows; i++) { \
            type *target = c + i * ldc; \
            vector low = tile[2 * i], high = tile[2 * i + 1]; \
            if (accumulate) { low = add(load(target), low); high = add(load(target + lanes), high); } \
            store(target, low); \
            store(target + lanes, high); \
        } \
    } else { \
        maskType lowMask = columnMask(columns), highMask = columnMask(columns - lanes); \
        for (int i = 0; i < rows; i++) { \
            type *target = c + i * ldc; \
            vector low = tile[2 * i], high = tile[2 * i + 1]; \
            if (accumulate) { \
                low = add(maskLoad(target, lowMask), low); \
                high = add(maskLoad(target + lanes, highMask), high); \
            } \
            maskStore(target, lowMask, low); \
            maskStore(target + lanes, highMask, high); \
        } \
    }

// Lane masks for the first `count` lanes (none when count <= 0, all when count >= the width).
__attribute__((target("avx2")))
static inline __m256i avx2_mask32(int count) {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(count), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}
__attribute__((target("avx2")))
static inline __m256i avx2_mask64(int count) {
    return _mm256_cmpgt_epi64(_mm256_set1_epi64x(count), _mm256_setr_epi64x(0, 1, 2, 3));
}
static inline __mmask16 avx512_mask16(int count) {
    return count <= 0 ? 0 : count >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << count) - 1);
}
static inline __mmask8 avx512_mask8(int count) {
    return count <= 0 ? 0 : count >= 8 ? (__mmask8)0xFF : (__mmask8)((1u << count) - 1);
}
#define AVX2_FLOAT_MASK_LOAD(address, mask) _mm256_maskload_ps(address, mask)
#define AVX2_FLOAT_MASK_STORE(address, mask, value) _mm256_maskstore_ps(address, mask, value)
#define AVX2_DOUBLE_MASK_LOAD(address, mask) _mm256_maskload_pd(address, mask)
#define AVX2_DOUBLE_MASK_STORE(address, mask, value) _mm256_maskstore_pd(address, mask, value)
#define AVX512_FLOAT_MASK_LOAD(address, mask) _mm512_maskz_loadu_ps(mask, address)
#define AVX512_FLOAT_MASK_STORE(address, mask, value) _mm512_mask_storeu_ps(address, mask, value)
#define AVX512_DOUBLE_MASK_LOAD(address, mask) _mm512_maskz_loadu_pd(mask, address)
#define AVX512_DOUBLE_MASK_STORE(address, mask, value) _mm512_mask_storeu_pd(address, mask, value)

// The four tiles of an instruction set: Float and Double, with B's rows strided or at offsets.
#define TILE_FUNCTIONS(suffix, features, FLOAT_TILE, DOUBLE_TILE) \
    __attribute__((target(features))) \
    static void float_tile_##suffix(long k, const float *a, long rsa, long csa, const float *b, long ldb, float *c, long ldc, \
                                    int rows, int columns, int accumulate) { FLOAT_TILE(STRIDED_ROW) } \
    __attribute__((target(features))) \
    static void double_tile_##suffix(long k, const double *a, long rsa, long csa, const double *b, long ldb, double *c, long ldc, \
                                     int rows, int columns, int accumulate) { DOUBLE_TILE(STRIDED_ROW) } \
    __attribute__((target(features))) \
    static void float_rows_tile_##suffix(long k, const float *a, long rsa, long csa, const float *b, const long *offsets, \
                                         float *c, long ldc, int rows, int columns, int accumulate) { FLOAT_TILE(OFFSET_ROW) } \
    __attribute__((target(features))) \
    static void double_rows_tile_##suffix(long k, const double *a, long rsa, long csa, const double *b, const long *offsets, \
                                          double *c, long ldc, int rows, int columns, int accumulate) { DOUBLE_TILE(OFFSET_ROW) }

// AVX2 + FMA, a 6x16 Float (6x8 Double) tile in twelve 256-bit accumulators: per step of k,
// two loads of B and six broadcasts of A feed twelve fused multiply-adds. Twelve accumulators,
// two B vectors and a broadcast fill the sixteen ymm registers; a 4x24 tile (twelve
// accumulators, three B vectors) spills and ran at half the speed on Zen 3, and 8x8 has too few
// accumulators to hide the FMA latency (4 cycles, 2 pipes). The C tile's rows are prefetched
// first, so that their misses overlap the products instead of stalling the final stores
// (+6% of the FMA peak on Zen 3), and the loop is unrolled four times.

#define TILE_ROW(set1, fmadd, i, value) \
    { __typeof__(b0) s##i = set1(value); c##i##0 = fmadd(s##i, b0, c##i##0); c##i##1 = fmadd(s##i, b1, c##i##1); }

#define AVX2_TILE(type, vector, zero, load, store, add, set1, fmadd, maskType, maskLoad, maskStore, columnMask, lanes, bRow) \
    vector c00 = zero(), c01 = zero(), c10 = zero(), c11 = zero(), c20 = zero(), c21 = zero(); \
    vector c30 = zero(), c31 = zero(), c40 = zero(), c41 = zero(), c50 = zero(), c51 = zero(); \
    A_ROWS_FROM_BASES(type) \
    for (int i = 0; i < rows; i++) { \
        _mm_prefetch((const char *)(c + i * ldc), _MM_HINT_T0); \
        _mm_prefetch((const char *)(c + i * ldc + 2 * lanes - 1), _MM_HINT_T0); \
    } \
    _Pragma("clang loop unroll_count(4)") \
    for (long p = 0; p < k; p++) { \
        const type *row = bRow(p); vector b0 = load(row), b1 = load(row + lanes); \
        TILE_ROW(set1, fmadd, 0, base0[0]) TILE_ROW(set1, fmadd, 1, base0[r1]) TILE_ROW(set1, fmadd, 2, base0[r2]) \
        TILE_ROW(set1, fmadd, 3, base3[0]) TILE_ROW(set1, fmadd, 4, base3[r1]) TILE_ROW(set1, fmadd, 5, base3[r2]) \
        base0 += csa; base3 += csa; \
    } \
    vector tile[12] = {c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51}; \
    STORE_TILE(type, vector, load, store, add, maskType, maskLoad, maskStore, columnMask, lanes)

#define AVX2_FLOAT_TILE(bRow) \
    AVX2_TILE(float, __m256, _mm256_setzero_ps, _mm256_loadu_ps, _mm256_storeu_ps, _mm256_add_ps, _mm256_set1_ps, _mm256_fmadd_ps, \
              __m256i, AVX2_FLOAT_MASK_LOAD, AVX2_FLOAT_MASK_STORE, avx2_mask32, 8, bRow)
#define AVX2_DOUBLE_TILE(bRow) \
    AVX2_TILE(double, __m256d, _mm256_setzero_pd, _mm256_loadu_pd, _mm256_storeu_pd, _mm256_add_pd, _mm256_set1_pd, _mm256_fmadd_pd, \
              __m256i, AVX2_DOUBLE_MASK_LOAD, AVX2_DOUBLE_MASK_STORE, avx2_mask64, 4, bRow)

TILE_FUNCTIONS(avx2, "avx2,fma", AVX2_FLOAT_TILE, AVX2_DOUBLE_TILE)

// AVX-512, an 8x32 Float (8x16 Double) tile in sixteen 512-bit accumulators: per step of k, two
// loads of B and eight broadcasts of A feed sixteen fused multiply-adds. Eight rows (rather than
// twelve, which fill more registers) fit the small row counts of convolutions (8, 16, 72
// filters or patch rows) without padded rows.

#define AVX512_TILE(type, vector, zero, load, store, add, set1, fmadd, maskType, maskLoad, maskStore, columnMask, lanes, bRow) \
    vector c00 = zero(), c01 = zero(), c10 = zero(), c11 = zero(), c20 = zero(), c21 = zero(); \
    vector c30 = zero(), c31 = zero(), c40 = zero(), c41 = zero(), c50 = zero(), c51 = zero(); \
    vector c60 = zero(), c61 = zero(), c70 = zero(), c71 = zero(); \
    const type *base0 = a, *base4 = a + 4 * rsa; const long r1 = rsa, r2 = 2 * rsa, r3 = 3 * rsa; \
    for (long p = 0; p < k; p++) { \
        const type *row = bRow(p); vector b0 = load(row), b1 = load(row + lanes); \
        TILE_ROW(set1, fmadd, 0, base0[0]) TILE_ROW(set1, fmadd, 1, base0[r1]) TILE_ROW(set1, fmadd, 2, base0[r2]) \
        TILE_ROW(set1, fmadd, 3, base0[r3]) TILE_ROW(set1, fmadd, 4, base4[0]) TILE_ROW(set1, fmadd, 5, base4[r1]) \
        TILE_ROW(set1, fmadd, 6, base4[r2]) TILE_ROW(set1, fmadd, 7, base4[r3]) \
        base0 += csa; base4 += csa; \
    } \
    vector tile[16] = {c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71}; \
    STORE_TILE(type, vector, load, store, add, maskType, maskLoad, maskStore, columnMask, lanes)

#define AVX512_FLOAT_TILE(bRow) \
    AVX512_TILE(float, __m512, _mm512_setzero_ps, _mm512_loadu_ps, _mm512_storeu_ps, _mm512_add_ps, _mm512_set1_ps, _mm512_fmadd_ps, \
                __mmask16, AVX512_FLOAT_MASK_LOAD, AVX512_FLOAT_MASK_STORE, avx512_mask16, 16, bRow)
#define AVX512_DOUBLE_TILE(bRow) \
    AVX512_TILE(double, __m512d, _mm512_setzero_pd, _mm512_loadu_pd, _mm512_storeu_pd, _mm512_add_pd, _mm512_set1_pd, _mm512_fmadd_pd, \
                __mmask8, AVX512_DOUBLE_MASK_LOAD, AVX512_DOUBLE_MASK_STORE, avx512_mask8, 8, bRow)

TILE_FUNCTIONS(avx512, "avx512f", AVX512_FLOAT_TILE, AVX512_DOUBLE_TILE)

// Dot products in sixteen accumulators, four rows of A against four rows of B, a vector of
// steps at a time; the last, partial vector is read through a lane mask. Missing rows and
// columns repeat the first, and their sums are not written.
#define DOTS(type, vector, zero, load, maskType, maskLoad, fmadd, reduce, columnMask, lanes) \
    const type *x0 = a, *x1 = a + (rows > 1 ? lda : 0), *x2 = a + (rows > 2 ? 2 * lda : 0), *x3 = a + (rows > 3 ? 3 * lda : 0); \
    const type *y0 = b + offsets[0], *y1 = b + offsets[columns > 1 ? 1 : 0]; \
    const type *y2 = b + offsets[columns > 2 ? 2 : 0], *y3 = b + offsets[columns > 3 ? 3 : 0]; \
    vector s00 = zero(), s01 = zero(), s02 = zero(), s03 = zero(), s10 = zero(), s11 = zero(), s12 = zero(), s13 = zero(); \
    vector s20 = zero(), s21 = zero(), s22 = zero(), s23 = zero(), s30 = zero(), s31 = zero(), s32 = zero(), s33 = zero(); \
    long p = 0; \
    for (; p + lanes <= k; p += lanes) { \
        vector u0 = load(x0 + p), u1 = load(x1 + p), u2 = load(x2 + p), u3 = load(x3 + p); \
        vector v = load(y0 + p); \
        s00 = fmadd(u0, v, s00); s10 = fmadd(u1, v, s10); s20 = fmadd(u2, v, s20); s30 = fmadd(u3, v, s30); \
        v = load(y1 + p); \
        s01 = fmadd(u0, v, s01); s11 = fmadd(u1, v, s11); s21 = fmadd(u2, v, s21); s31 = fmadd(u3, v, s31); \
        v = load(y2 + p); \
        s02 = fmadd(u0, v, s02); s12 = fmadd(u1, v, s12); s22 = fmadd(u2, v, s22); s32 = fmadd(u3, v, s32); \
        v = load(y3 + p); \
        s03 = fmadd(u0, v, s03); s13 = fmadd(u1, v, s13); s23 = fmadd(u2, v, s23); s33 = fmadd(u3, v, s33); \
    } \
    if (p < k) { \
        maskType mask = columnMask((int)(k - p)); \
        vector u0 = maskLoad(x0 + p, mask), u1 = maskLoad(x1 + p, mask), u2 = maskLoad(x2 + p, mask), u3 = maskLoad(x3 + p, mask); \
        vector v = maskLoad(y0 + p, mask); \
        s00 = fmadd(u0, v, s00); s10 = fmadd(u1, v, s10); s20 = fmadd(u2, v, s20); s30 = fmadd(u3, v, s30); \
        v = maskLoad(y1 + p, mask); \
        s01 = fmadd(u0, v, s01); s11 = fmadd(u1, v, s11); s21 = fmadd(u2, v, s21); s31 = fmadd(u3, v, s31); \
        v = maskLoad(y2 + p, mask); \
        s02 = fmadd(u0, v, s02); s12 = fmadd(u1, v, s12); s22 = fmadd(u2, v, s22); s32 = fmadd(u3, v, s32); \
        v = maskLoad(y3 + p, mask); \
        s03 = fmadd(u0, v, s03); s13 = fmadd(u1, v, s13); s23 = fmadd(u2, v, s23); s33 = fmadd(u3, v, s33); \
    } \
    vector sums[16] = {s00, s01, s02, s03, s10, s11, s12, s13, s20, s21, s22, s23, s30, s31, s32, s33}; \
    for (int i = 0; i < rows; i++) \
        for (int j = 0; j < columns; j++) { \
            type sum = reduce(sums[4 * i + j]); \
            c[i * ldc + j] = accumulate ? c[i * ldc + j] + sum : sum; \
        }

// The two dot-product kernels of an instruction set, Float and Double.
#define DOT_FUNCTIONS(suffix, features, FLOAT_DOTS, DOUBLE_DOTS) \
    __attribute__((target(features))) \
    static void float_dots_##suffix(long k, const float *a, long lda, const float *b, const long *offsets, float *c, long ldc, \
                                    int rows, int columns, int accumulate) { FLOAT_DOTS } \
    __attribute__((target(features))) \
    static void double_dots_##suffix(long k, const double *a, long lda, const double *b, const long *offsets, double *c, \
                                     long ldc, int rows, int columns, int accumulate) { DOUBLE_DOTS }

DOT_FUNCTIONS(avx512, "avx512f",
    DOTS(float, __m512, _mm512_setzero_ps, _mm512_loadu_ps, __mmask16, AVX512_FLOAT_MASK_LOAD, _mm512_fmadd_ps,
         _mm512_reduce_add_ps, avx512_mask16, 16),
    DOTS(double, __m512d, _mm512_setzero_pd, _mm512_loadu_pd, __mmask8, AVX512_DOUBLE_MASK_LOAD, _mm512_fmadd_pd,
         _mm512_reduce_add_pd, avx512_mask8, 8))

__attribute__((target("avx2,fma")))
static inline float avx2_sum_ps(__m256 v) {
    __m128 half = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    half = _mm_add_ps(half, _mm_movehl_ps(half, half));
    return _mm_cvtss_f32(_mm_add_ss(half, _mm_movehdup_ps(half)));
}

__attribute__((target("avx2,fma")))
static inline double avx2_sum_pd(__m256d v) {
    __m128d half = _mm_add_pd(_mm256_castpd256_pd128(v), _mm256_extractf128_pd(v, 1));
    return _mm_cvtsd_f64(_mm_add_sd(half, _mm_unpackhi_pd(half, half)));
}

DOT_FUNCTIONS(avx2, "avx2,fma",
    DOTS(float, __m256, _mm256_setzero_ps, _mm256_loadu_ps, __m256i, AVX2_FLOAT_MASK_LOAD, _mm256_fmadd_ps,
         avx2_sum_ps, avx2_mask32, 8),
    DOTS(double, __m256d, _mm256_setzero_pd, _mm256_loadu_pd, __m256i, AVX2_DOUBLE_MASK_LOAD, _mm256_fmadd_pd,
         avx2_sum_pd, avx2_mask64, 4))

// Transposing packs: each step p gathers one value from each of the source rows (a row of
// op(B) = a column of B) into one vector of the panel; missing rows are masked to zero. The
// scalar loop this replaces spent more time than the products of a training step's A·Bᵀ.
// Gather indices are 32-bit, so rows further apart fall back to the portable loop, as do panels
// narrower than a vector or not a whole number of vectors wide (the panels of MR rows of A).

// The loop of a transposing pack: groups of `lanes` source rows, one gather of the group per
// step. `setup` declares the row indices `index`; `masking` declares `mask`, the group's live
// rows (there are `rows` of them); `gather` reads the group at step p from `base`.
#define PACK_TRANSPOSED(type, lanes, store, setup, masking, gather) \
    if (ld > INT32_MAX / lanes || columns % lanes != 0) { \
        type##_pack_transposed_portable(count, valid, columns, source, ld, out); \
        return; \
    } \
    setup \
    for (long group = 0; group < columns; group += lanes) { \
        long rows = valid - group < 0 ? 0 : (valid - group > lanes ? lanes : valid - group); \
        masking \
        const type *base = rows > 0 ? source + group * ld : source; \
        for (long p = 0; p < count; p++) store(out + p * columns + group, gather); \
    }

__attribute__((target("avx512f")))
static void float_pack_transposed_avx512(long count, long valid, long columns, const float *source, long ld, float *out) {
    PACK_TRANSPOSED(float, 16, _mm512_storeu_ps,
        const __m512i index = _mm512_mullo_epi32(_mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
                                                 _mm512_set1_epi32((int)ld));,
        __mmask16 mask = (__mmask16)((1u << rows) - 1);,
        _mm512_mask_i32gather_ps(_mm512_setzero_ps(), mask, index, base + p, 4))
}

__attribute__((target("avx512f")))
static void double_pack_transposed_avx512(long count, long valid, long columns, const double *source, long ld, double *out) {
    PACK_TRANSPOSED(double, 8, _mm512_storeu_pd,
        const __m256i index = _mm256_mullo_epi32(_mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7), _mm256_set1_epi32((int)ld));,
        __mmask8 mask = (__mmask8)((1u << rows) - 1);,
        _mm512_mask_i32gather_pd(_mm512_setzero_pd(), mask, index, base + p, 8))
}

__attribute__((target("avx2")))
static void float_pack_transposed_avx2(long count, long valid, long columns, const float *source, long ld, float *out) {
    PACK_TRANSPOSED(float, 8, _mm256_storeu_ps,
        const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
        const __m256i index = _mm256_mullo_epi32(lane, _mm256_set1_epi32((int)ld));,
        __m256 mask = _mm256_castsi256_ps(_mm256_cmpgt_epi32(_mm256_set1_epi32((int)rows), lane));,
        _mm256_mask_i32gather_ps(_mm256_setzero_ps(), base + p, index, mask, 4))
}

__attribute__((target("avx2")))
static void double_pack_transposed_avx2(long count, long valid, long columns, const double *source, long ld, double *out) {
    PACK_TRANSPOSED(double, 4, _mm256_storeu_pd,
        const __m128i lane = _mm_setr_epi32(0, 1, 2, 3);
        const __m128i index = _mm_mullo_epi32(lane, _mm_set1_epi32((int)ld));,
        __m256d mask = _mm256_castsi256_pd(_mm256_cvtepi32_epi64(_mm_cmpgt_epi32(_mm_set1_epi32((int)rows), lane)));,
        _mm256_mask_i32gather_pd(_mm256_setzero_pd(), base + p, index, mask, 8))
}

// Copying packs: whole panels a vector at a time (a row of a 6x16 Float panel is two loads and
// two stores, where the element loop it replaces took 7% of a 1024 product); partial panels
// take the portable loop.
#define AVX2_COPY_PACK(type, name, load, store, lanes) \
    __attribute__((target("avx2"))) \
    static void name(long count, long valid, long columns, const type *source, long ld, type *out) { \
        if (valid != columns || columns % lanes != 0) { type##_pack_rows_portable(count, valid, columns, source, ld, out); return; } \
        for (long p = 0; p < count; p++) \
            for (long j = 0; j < columns; j += lanes) store(out + p * columns + j, load(source + p * ld + j)); \
    }
AVX2_COPY_PACK(float, float_pack_rows_avx2, _mm256_loadu_ps, _mm256_storeu_ps, 8)
AVX2_COPY_PACK(double, double_pack_rows_avx2, _mm256_loadu_pd, _mm256_storeu_pd, 4)

// The best kernels the CPU runs, or the ones named by BACKPROP_MICROKERNELS ("avx2" or
// "portable"), so that the tests can check every implementation on one machine.
__attribute__((constructor))
static void choose_tiles(void) {
    __builtin_cpu_init();
    const char *wanted = getenv("BACKPROP_MICROKERNELS");
    int portable = wanted && strcmp(wanted, "portable") == 0;
    int avx2 = wanted && strcmp(wanted, "avx2") == 0;
    if (portable) return;
    if (__builtin_cpu_supports("avx2")) {
        float_pack_rows = float_pack_rows_avx2;
        double_pack_rows = double_pack_rows_avx2;
    }
    if (!avx2 && __builtin_cpu_supports("avx512f")) {
        float_tile = float_tile_avx512;
        double_tile = double_tile_avx512;
        float_pack_transposed = float_pack_transposed_avx512;
        double_pack_transposed = double_pack_transposed_avx512;
        float_dots = float_dots_avx512;
        double_dots = double_dots_avx512;
        float_rows_tile = float_rows_tile_avx512;
        double_rows_tile = double_rows_tile_avx512;
        float_rows = 8; float_columns = 32;
        double_rows = 8; double_columns = 16;
        implementation = "avx512";
    } else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
        float_tile = float_tile_avx2;
        double_tile = double_tile_avx2;
        float_pack_transposed = float_pack_transposed_avx2;
        double_pack_transposed = double_pack_transposed_avx2;
        float_dots = float_dots_avx2;
        double_dots = double_dots_avx2;
        float_rows_tile = float_rows_tile_avx2;
        double_rows_tile = double_rows_tile_avx2;
        implementation = "avx2+fma";
    }
}

#endif

void bp_float_tile_shape(int *rows, int *columns) {
    *rows = float_rows;
    *columns = float_columns;
}

void bp_double_tile_shape(int *rows, int *columns) {
    *rows = double_rows;
    *columns = double_columns;
}

void bp_float_tile(long k, const float *a, long rsa, long csa, const float *b, long ldb, float *c, long ldc,
                   int rows, int columns, int accumulate) {
    float_tile(k, a, rsa, csa, b, ldb, c, ldc, rows, columns, accumulate);
}

void bp_double_tile(long k, const double *a, long rsa, long csa, const double *b, long ldb, double *c, long ldc,
                    int rows, int columns, int accumulate) {
    double_tile(k, a, rsa, csa, b, ldb, c, ldc, rows, columns, accumulate);
}

void bp_float_pack_transposed(long count, long valid, long columns, const float *source, long ld, float *out) {
    float_pack_transposed(count, valid, columns, source, ld, out);
}

void bp_double_pack_transposed(long count, long valid, long columns, const double *source, long ld, double *out) {
    double_pack_transposed(count, valid, columns, source, ld, out);
}

void bp_float_pack_rows(long count, long valid, long columns, const float *source, long ld, float *out) {
    float_pack_rows(count, valid, columns, source, ld, out);
}

void bp_double_pack_rows(long count, long valid, long columns, const double *source, long ld, double *out) {
    double_pack_rows(count, valid, columns, source, ld, out);
}

const char *bp_tile_implementation(void) { return implementation; }

void bp_float_rows_tile(long k, const float *a, long rsa, long csa, const float *b, const long *offsets, float *c, long ldc,
                        int rows, int columns, int accumulate) {
    float_rows_tile(k, a, rsa, csa, b, offsets, c, ldc, rows, columns, accumulate);
}

void bp_double_rows_tile(long k, const double *a, long rsa, long csa, const double *b, const long *offsets, double *c, long ldc,
                         int rows, int columns, int accumulate) {
    double_rows_tile(k, a, rsa, csa, b, offsets, c, ldc, rows, columns, accumulate);
}

void bp_float_dots(long k, const float *a, long lda, const float *b, const long *offsets, float *c, long ldc,
                   int rows, int columns, int accumulate) {
    float_dots(k, a, lda, b, offsets, c, ldc, rows, columns, accumulate);
}

void bp_double_dots(long k, const double *a, long lda, const double *b, const long *offsets, double *c, long ldc,
                    int rows, int columns, int accumulate) {
    double_dots(k, a, lda, b, offsets, c, ldc, rows, columns, accumulate);
}
