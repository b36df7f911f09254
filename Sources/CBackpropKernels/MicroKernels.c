#include "BackpropMicroKernels.h"

// Portable kernels: plain loops that any compiler vectorises for its default target, on a
// 6x16 (Float) or 6x8 (Double) tile.

enum { PORTABLE_ROWS = 6, PORTABLE_FLOAT_COLUMNS = 16, PORTABLE_DOUBLE_COLUMNS = 8 };

static void float_tile_portable(long k, const float *a, long rsa, long csa, const float *b, long ldb, float *c, long ldc, int accumulate) {
    float tile[PORTABLE_ROWS][PORTABLE_FLOAT_COLUMNS] = {{0}};
    for (long p = 0; p < k; p++) {
        const float *row = b + p * ldb;
        for (int i = 0; i < PORTABLE_ROWS; i++) {
            float scale = a[p * csa + i * rsa];
            for (int j = 0; j < PORTABLE_FLOAT_COLUMNS; j++) tile[i][j] += scale * row[j];
        }
    }
    for (int i = 0; i < PORTABLE_ROWS; i++)
        for (int j = 0; j < PORTABLE_FLOAT_COLUMNS; j++)
            c[i * ldc + j] = accumulate ? c[i * ldc + j] + tile[i][j] : tile[i][j];
}

static void double_tile_portable(long k, const double *a, long rsa, long csa, const double *b, long ldb, double *c, long ldc, int accumulate) {
    double tile[PORTABLE_ROWS][PORTABLE_DOUBLE_COLUMNS] = {{0}};
    for (long p = 0; p < k; p++) {
        const double *row = b + p * ldb;
        for (int i = 0; i < PORTABLE_ROWS; i++) {
            double scale = a[p * csa + i * rsa];
            for (int j = 0; j < PORTABLE_DOUBLE_COLUMNS; j++) tile[i][j] += scale * row[j];
        }
    }
    for (int i = 0; i < PORTABLE_ROWS; i++)
        for (int j = 0; j < PORTABLE_DOUBLE_COLUMNS; j++)
            c[i * ldc + j] = accumulate ? c[i * ldc + j] + tile[i][j] : tile[i][j];
}

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

typedef void (*float_tile_function)(long, const float *, long, long, const float *, long, float *, long, int);
typedef void (*double_tile_function)(long, const double *, long, long, const double *, long, double *, long, int);
typedef void (*float_pack_function)(long, long, long, const float *, long, float *);
typedef void (*double_pack_function)(long, long, long, const double *, long, double *);

// Chosen once when the library loads, so that every thread reads them without a race.
static float_tile_function float_tile = float_tile_portable;
static double_tile_function double_tile = double_tile_portable;
static float_pack_function float_pack_transposed = float_pack_transposed_portable;
static double_pack_function double_pack_transposed = double_pack_transposed_portable;
static int float_rows = PORTABLE_ROWS, float_columns = PORTABLE_FLOAT_COLUMNS;
static int double_rows = PORTABLE_ROWS, double_columns = PORTABLE_DOUBLE_COLUMNS;
static const char *implementation = "portable";

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

// Row i of the A panel at step p is a[i * rsa + p * csa]. The rows are reached from a base
// pointer every third row plus one or two row strides, so that the addressing takes a few
// registers whatever the strides are.
#define A_ROWS_FROM_BASES(type) \
    const type *base0 = a, *base3 = a + 3 * rsa; const long r1 = rsa, r2 = 2 * rsa;
#define A_ROWS_FROM_BASES_12(type) \
    A_ROWS_FROM_BASES(type) const type *base6 = a + 6 * rsa, *base9 = a + 9 * rsa;

// AVX2 + FMA, a 6x16 Float (6x8 Double) tile in twelve 256-bit accumulators: per step of k,
// two loads of B and six broadcasts of A feed twelve fused multiply-adds.

#define TILE_ROW(set1, fmadd, i, value) \
    { __typeof__(b0) s##i = set1(value); c##i##0 = fmadd(s##i, b0, c##i##0); c##i##1 = fmadd(s##i, b1, c##i##1); }

#define AVX2_TILE(type, vector, zero, load, store, add, set1, fmadd, lanes) \
    vector c00 = zero(), c01 = zero(), c10 = zero(), c11 = zero(), c20 = zero(), c21 = zero(); \
    vector c30 = zero(), c31 = zero(), c40 = zero(), c41 = zero(), c50 = zero(), c51 = zero(); \
    A_ROWS_FROM_BASES(type) \
    for (long p = 0; p < k; p++) { \
        vector b0 = load(b), b1 = load(b + lanes); \
        TILE_ROW(set1, fmadd, 0, base0[0]) TILE_ROW(set1, fmadd, 1, base0[r1]) TILE_ROW(set1, fmadd, 2, base0[r2]) \
        TILE_ROW(set1, fmadd, 3, base3[0]) TILE_ROW(set1, fmadd, 4, base3[r1]) TILE_ROW(set1, fmadd, 5, base3[r2]) \
        base0 += csa; base3 += csa; b += ldb; \
    } \
    vector rows[12] = {c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51}; \
    for (int i = 0; i < 6; i++) { \
        type *target = c + i * ldc; \
        if (accumulate) { \
            rows[2 * i] = add(load(target), rows[2 * i]); \
            rows[2 * i + 1] = add(load(target + lanes), rows[2 * i + 1]); \
        } \
        store(target, rows[2 * i]); \
        store(target + lanes, rows[2 * i + 1]); \
    }

__attribute__((target("avx2,fma")))
static void float_tile_avx2(long k, const float *a, long rsa, long csa, const float *b, long ldb, float *c, long ldc, int accumulate) {
    AVX2_TILE(float, __m256, _mm256_setzero_ps, _mm256_loadu_ps, _mm256_storeu_ps, _mm256_add_ps, _mm256_set1_ps, _mm256_fmadd_ps, 8)
}

__attribute__((target("avx2,fma")))
static void double_tile_avx2(long k, const double *a, long rsa, long csa, const double *b, long ldb, double *c, long ldc, int accumulate) {
    AVX2_TILE(double, __m256d, _mm256_setzero_pd, _mm256_loadu_pd, _mm256_storeu_pd, _mm256_add_pd, _mm256_set1_pd, _mm256_fmadd_pd, 4)
}

// AVX-512, a 12x32 Float (12x16 Double) tile in twenty-four 512-bit accumulators: per step of
// k, two loads of B and twelve broadcasts of A feed twenty-four fused multiply-adds.

#define AVX512_TILE(type, vector, zero, load, store, add, set1, fmadd, lanes) \
    vector c00 = zero(), c01 = zero(), c10 = zero(), c11 = zero(), c20 = zero(), c21 = zero(); \
    vector c30 = zero(), c31 = zero(), c40 = zero(), c41 = zero(), c50 = zero(), c51 = zero(); \
    vector c60 = zero(), c61 = zero(), c70 = zero(), c71 = zero(), c80 = zero(), c81 = zero(); \
    vector c90 = zero(), c91 = zero(), cA0 = zero(), cA1 = zero(), cB0 = zero(), cB1 = zero(); \
    A_ROWS_FROM_BASES_12(type) \
    for (long p = 0; p < k; p++) { \
        vector b0 = load(b), b1 = load(b + lanes); \
        TILE_ROW(set1, fmadd, 0, base0[0]) TILE_ROW(set1, fmadd, 1, base0[r1]) TILE_ROW(set1, fmadd, 2, base0[r2]) \
        TILE_ROW(set1, fmadd, 3, base3[0]) TILE_ROW(set1, fmadd, 4, base3[r1]) TILE_ROW(set1, fmadd, 5, base3[r2]) \
        TILE_ROW(set1, fmadd, 6, base6[0]) TILE_ROW(set1, fmadd, 7, base6[r1]) TILE_ROW(set1, fmadd, 8, base6[r2]) \
        TILE_ROW(set1, fmadd, 9, base9[0]) TILE_ROW(set1, fmadd, A, base9[r1]) TILE_ROW(set1, fmadd, B, base9[r2]) \
        base0 += csa; base3 += csa; base6 += csa; base9 += csa; b += ldb; \
    } \
    vector rows[24] = {c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, \
                       c60, c61, c70, c71, c80, c81, c90, c91, cA0, cA1, cB0, cB1}; \
    for (int i = 0; i < 12; i++) { \
        type *target = c + i * ldc; \
        if (accumulate) { \
            rows[2 * i] = add(load(target), rows[2 * i]); \
            rows[2 * i + 1] = add(load(target + lanes), rows[2 * i + 1]); \
        } \
        store(target, rows[2 * i]); \
        store(target + lanes, rows[2 * i + 1]); \
    }

__attribute__((target("avx512f")))
static void float_tile_avx512(long k, const float *a, long rsa, long csa, const float *b, long ldb, float *c, long ldc, int accumulate) {
    AVX512_TILE(float, __m512, _mm512_setzero_ps, _mm512_loadu_ps, _mm512_storeu_ps, _mm512_add_ps, _mm512_set1_ps, _mm512_fmadd_ps, 16)
}

__attribute__((target("avx512f")))
static void double_tile_avx512(long k, const double *a, long rsa, long csa, const double *b, long ldb, double *c, long ldc, int accumulate) {
    AVX512_TILE(double, __m512d, _mm512_setzero_pd, _mm512_loadu_pd, _mm512_storeu_pd, _mm512_add_pd, _mm512_set1_pd, _mm512_fmadd_pd, 8)
}

// Transposing packs: each step p gathers one value from each of the source rows (a row of
// op(B) = a column of B) into one vector of the panel; missing rows are masked to zero. The
// scalar loop this replaces spent more time than the products of a training step's A·Bᵀ.
// Gather indices are 32-bit, so rows further apart fall back to the portable loop.

__attribute__((target("avx512f")))
static void float_pack_transposed_avx512(long count, long valid, long columns, const float *source, long ld, float *out) {
    if (ld > INT32_MAX / 16) { float_pack_transposed_portable(count, valid, columns, source, ld, out); return; }
    const __m512i index = _mm512_mullo_epi32(_mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
                                             _mm512_set1_epi32((int)ld));
    for (long group = 0; group < columns; group += 16) {
        long rows = valid - group < 0 ? 0 : (valid - group > 16 ? 16 : valid - group);
        __mmask16 mask = (__mmask16)((1u << rows) - 1);
        const float *base = rows > 0 ? source + group * ld : source;
        for (long p = 0; p < count; p++)
            _mm512_storeu_ps(out + p * columns + group, _mm512_mask_i32gather_ps(_mm512_setzero_ps(), mask, index, base + p, 4));
    }
}

__attribute__((target("avx512f")))
static void double_pack_transposed_avx512(long count, long valid, long columns, const double *source, long ld, double *out) {
    if (ld > INT32_MAX / 8) { double_pack_transposed_portable(count, valid, columns, source, ld, out); return; }
    const __m256i index = _mm256_mullo_epi32(_mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7), _mm256_set1_epi32((int)ld));
    for (long group = 0; group < columns; group += 8) {
        long rows = valid - group < 0 ? 0 : (valid - group > 8 ? 8 : valid - group);
        __mmask8 mask = (__mmask8)((1u << rows) - 1);
        const double *base = rows > 0 ? source + group * ld : source;
        for (long p = 0; p < count; p++)
            _mm512_storeu_pd(out + p * columns + group, _mm512_mask_i32gather_pd(_mm512_setzero_pd(), mask, index, base + p, 8));
    }
}

__attribute__((target("avx2")))
static void float_pack_transposed_avx2(long count, long valid, long columns, const float *source, long ld, float *out) {
    if (ld > INT32_MAX / 8) { float_pack_transposed_portable(count, valid, columns, source, ld, out); return; }
    const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    const __m256i index = _mm256_mullo_epi32(lane, _mm256_set1_epi32((int)ld));
    for (long group = 0; group < columns; group += 8) {
        long rows = valid - group < 0 ? 0 : (valid - group > 8 ? 8 : valid - group);
        __m256 mask = _mm256_castsi256_ps(_mm256_cmpgt_epi32(_mm256_set1_epi32((int)rows), lane));
        const float *base = rows > 0 ? source + group * ld : source;
        for (long p = 0; p < count; p++)
            _mm256_storeu_ps(out + p * columns + group, _mm256_mask_i32gather_ps(_mm256_setzero_ps(), base + p, index, mask, 4));
    }
}

__attribute__((target("avx2")))
static void double_pack_transposed_avx2(long count, long valid, long columns, const double *source, long ld, double *out) {
    if (ld > INT32_MAX / 4) { double_pack_transposed_portable(count, valid, columns, source, ld, out); return; }
    const __m128i lane = _mm_setr_epi32(0, 1, 2, 3);
    const __m128i index = _mm_mullo_epi32(lane, _mm_set1_epi32((int)ld));
    for (long group = 0; group < columns; group += 4) {
        long rows = valid - group < 0 ? 0 : (valid - group > 4 ? 4 : valid - group);
        __m256d mask = _mm256_castsi256_pd(_mm256_cvtepi32_epi64(_mm_cmpgt_epi32(_mm_set1_epi32((int)rows), lane)));
        const double *base = rows > 0 ? source + group * ld : source;
        for (long p = 0; p < count; p++)
            _mm256_storeu_pd(out + p * columns + group, _mm256_mask_i32gather_pd(_mm256_setzero_pd(), base + p, index, mask, 8));
    }
}

// The best kernels the CPU runs, or the ones named by BACKPROP_MICROKERNELS ("avx2" or
// "portable"), so that the tests can check every implementation on one machine.
__attribute__((constructor))
static void choose_tiles(void) {
    __builtin_cpu_init();
    const char *wanted = getenv("BACKPROP_MICROKERNELS");
    int portable = wanted && strcmp(wanted, "portable") == 0;
    int avx2 = wanted && strcmp(wanted, "avx2") == 0;
    if (portable) return;
    if (!avx2 && __builtin_cpu_supports("avx512f")) {
        float_tile = float_tile_avx512;
        double_tile = double_tile_avx512;
        float_pack_transposed = float_pack_transposed_avx512;
        double_pack_transposed = double_pack_transposed_avx512;
        float_rows = 12; float_columns = 32;
        double_rows = 12; double_columns = 16;
        implementation = "avx512";
    } else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
        float_tile = float_tile_avx2;
        double_tile = double_tile_avx2;
        float_pack_transposed = float_pack_transposed_avx2;
        double_pack_transposed = double_pack_transposed_avx2;
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

void bp_float_tile(long k, const float *a, long rsa, long csa, const float *b, long ldb, float *c, long ldc, int accumulate) {
    float_tile(k, a, rsa, csa, b, ldb, c, ldc, accumulate);
}

void bp_double_tile(long k, const double *a, long rsa, long csa, const double *b, long ldb, double *c, long ldc, int accumulate) {
    double_tile(k, a, rsa, csa, b, ldb, c, ldc, accumulate);
}

void bp_float_pack_transposed(long count, long valid, long columns, const float *source, long ld, float *out) {
    float_pack_transposed(count, valid, columns, source, ld, out);
}

void bp_double_pack_transposed(long count, long valid, long columns, const double *source, long ld, double *out) {
    double_pack_transposed(count, valid, columns, source, ld, out);
}

const char *bp_tile_implementation(void) { return implementation; }
