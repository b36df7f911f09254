#include "BackpropMicroKernels.h"

// Portable kernels: plain loops that any compiler vectorises for its default target, on a
// 6x16 (Float) or 6x8 (Double) tile.

enum { PORTABLE_ROWS = 6, PORTABLE_FLOAT_COLUMNS = 16, PORTABLE_DOUBLE_COLUMNS = 8 };

static void float_tile_portable(long k, const float *a, const float *b, long ldb, float *c, long ldc, int accumulate) {
    float tile[PORTABLE_ROWS][PORTABLE_FLOAT_COLUMNS] = {{0}};
    for (long p = 0; p < k; p++) {
        const float *row = b + p * ldb;
        for (int i = 0; i < PORTABLE_ROWS; i++) {
            float scale = a[p * PORTABLE_ROWS + i];
            for (int j = 0; j < PORTABLE_FLOAT_COLUMNS; j++) tile[i][j] += scale * row[j];
        }
    }
    for (int i = 0; i < PORTABLE_ROWS; i++)
        for (int j = 0; j < PORTABLE_FLOAT_COLUMNS; j++)
            c[i * ldc + j] = accumulate ? c[i * ldc + j] + tile[i][j] : tile[i][j];
}

static void double_tile_portable(long k, const double *a, const double *b, long ldb, double *c, long ldc, int accumulate) {
    double tile[PORTABLE_ROWS][PORTABLE_DOUBLE_COLUMNS] = {{0}};
    for (long p = 0; p < k; p++) {
        const double *row = b + p * ldb;
        for (int i = 0; i < PORTABLE_ROWS; i++) {
            double scale = a[p * PORTABLE_ROWS + i];
            for (int j = 0; j < PORTABLE_DOUBLE_COLUMNS; j++) tile[i][j] += scale * row[j];
        }
    }
    for (int i = 0; i < PORTABLE_ROWS; i++)
        for (int j = 0; j < PORTABLE_DOUBLE_COLUMNS; j++)
            c[i * ldc + j] = accumulate ? c[i * ldc + j] + tile[i][j] : tile[i][j];
}

typedef void (*float_tile_function)(long, const float *, const float *, long, float *, long, int);
typedef void (*double_tile_function)(long, const double *, const double *, long, double *, long, int);

// Chosen once when the library loads, so that every thread reads them without a race.
static float_tile_function float_tile = float_tile_portable;
static double_tile_function double_tile = double_tile_portable;
static int float_rows = PORTABLE_ROWS, float_columns = PORTABLE_FLOAT_COLUMNS;
static int double_rows = PORTABLE_ROWS, double_columns = PORTABLE_DOUBLE_COLUMNS;
static const char *implementation = "portable";

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>

// AVX2 + FMA, a 6x16 Float (6x8 Double) tile in twelve 256-bit accumulators: per step of k,
// two loads of B and six broadcasts of A feed twelve fused multiply-adds.

#define AVX2_FLOAT_ROW(i) \
    { __m256 a##i = _mm256_broadcast_ss(a + i); \
      c##i##0 = _mm256_fmadd_ps(a##i, b0, c##i##0); c##i##1 = _mm256_fmadd_ps(a##i, b1, c##i##1); }

__attribute__((target("avx2,fma")))
static void float_tile_avx2(long k, const float *a, const float *b, long ldb, float *c, long ldc, int accumulate) {
    __m256 c00 = _mm256_setzero_ps(), c01 = _mm256_setzero_ps(), c10 = _mm256_setzero_ps(), c11 = _mm256_setzero_ps();
    __m256 c20 = _mm256_setzero_ps(), c21 = _mm256_setzero_ps(), c30 = _mm256_setzero_ps(), c31 = _mm256_setzero_ps();
    __m256 c40 = _mm256_setzero_ps(), c41 = _mm256_setzero_ps(), c50 = _mm256_setzero_ps(), c51 = _mm256_setzero_ps();
    for (long p = 0; p < k; p++) {
        __m256 b0 = _mm256_loadu_ps(b), b1 = _mm256_loadu_ps(b + 8);
        AVX2_FLOAT_ROW(0) AVX2_FLOAT_ROW(1) AVX2_FLOAT_ROW(2) AVX2_FLOAT_ROW(3) AVX2_FLOAT_ROW(4) AVX2_FLOAT_ROW(5)
        a += 6;
        b += ldb;
    }
    __m256 rows[12] = {c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51};
    for (int i = 0; i < 6; i++) {
        float *target = c + i * ldc;
        if (accumulate) {
            rows[2 * i] = _mm256_add_ps(_mm256_loadu_ps(target), rows[2 * i]);
            rows[2 * i + 1] = _mm256_add_ps(_mm256_loadu_ps(target + 8), rows[2 * i + 1]);
        }
        _mm256_storeu_ps(target, rows[2 * i]);
        _mm256_storeu_ps(target + 8, rows[2 * i + 1]);
    }
}

#define AVX2_DOUBLE_ROW(i) \
    { __m256d a##i = _mm256_broadcast_sd(a + i); \
      c##i##0 = _mm256_fmadd_pd(a##i, b0, c##i##0); c##i##1 = _mm256_fmadd_pd(a##i, b1, c##i##1); }

__attribute__((target("avx2,fma")))
static void double_tile_avx2(long k, const double *a, const double *b, long ldb, double *c, long ldc, int accumulate) {
    __m256d c00 = _mm256_setzero_pd(), c01 = _mm256_setzero_pd(), c10 = _mm256_setzero_pd(), c11 = _mm256_setzero_pd();
    __m256d c20 = _mm256_setzero_pd(), c21 = _mm256_setzero_pd(), c30 = _mm256_setzero_pd(), c31 = _mm256_setzero_pd();
    __m256d c40 = _mm256_setzero_pd(), c41 = _mm256_setzero_pd(), c50 = _mm256_setzero_pd(), c51 = _mm256_setzero_pd();
    for (long p = 0; p < k; p++) {
        __m256d b0 = _mm256_loadu_pd(b), b1 = _mm256_loadu_pd(b + 4);
        AVX2_DOUBLE_ROW(0) AVX2_DOUBLE_ROW(1) AVX2_DOUBLE_ROW(2) AVX2_DOUBLE_ROW(3) AVX2_DOUBLE_ROW(4) AVX2_DOUBLE_ROW(5)
        a += 6;
        b += ldb;
    }
    __m256d rows[12] = {c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51};
    for (int i = 0; i < 6; i++) {
        double *target = c + i * ldc;
        if (accumulate) {
            rows[2 * i] = _mm256_add_pd(_mm256_loadu_pd(target), rows[2 * i]);
            rows[2 * i + 1] = _mm256_add_pd(_mm256_loadu_pd(target + 4), rows[2 * i + 1]);
        }
        _mm256_storeu_pd(target, rows[2 * i]);
        _mm256_storeu_pd(target + 4, rows[2 * i + 1]);
    }
}

// AVX-512, a 12x32 Float (12x16 Double) tile in twenty-four 512-bit accumulators: per step of
// k, two loads of B and twelve broadcasts of A (folded into the multiply-adds) feed
// twenty-four fused multiply-adds.

#define AVX512_FLOAT_ROW(i) \
    { __m512 a##i = _mm512_set1_ps(a[i]); \
      c##i##0 = _mm512_fmadd_ps(a##i, b0, c##i##0); c##i##1 = _mm512_fmadd_ps(a##i, b1, c##i##1); }

__attribute__((target("avx512f")))
static void float_tile_avx512(long k, const float *a, const float *b, long ldb, float *c, long ldc, int accumulate) {
    __m512 c00 = _mm512_setzero_ps(), c01 = _mm512_setzero_ps(), c10 = _mm512_setzero_ps(), c11 = _mm512_setzero_ps();
    __m512 c20 = _mm512_setzero_ps(), c21 = _mm512_setzero_ps(), c30 = _mm512_setzero_ps(), c31 = _mm512_setzero_ps();
    __m512 c40 = _mm512_setzero_ps(), c41 = _mm512_setzero_ps(), c50 = _mm512_setzero_ps(), c51 = _mm512_setzero_ps();
    __m512 c60 = _mm512_setzero_ps(), c61 = _mm512_setzero_ps(), c70 = _mm512_setzero_ps(), c71 = _mm512_setzero_ps();
    __m512 c80 = _mm512_setzero_ps(), c81 = _mm512_setzero_ps(), c90 = _mm512_setzero_ps(), c91 = _mm512_setzero_ps();
    __m512 cA0 = _mm512_setzero_ps(), cA1 = _mm512_setzero_ps(), cB0 = _mm512_setzero_ps(), cB1 = _mm512_setzero_ps();
    for (long p = 0; p < k; p++) {
        __m512 b0 = _mm512_loadu_ps(b), b1 = _mm512_loadu_ps(b + 16);
        AVX512_FLOAT_ROW(0) AVX512_FLOAT_ROW(1) AVX512_FLOAT_ROW(2) AVX512_FLOAT_ROW(3)
        AVX512_FLOAT_ROW(4) AVX512_FLOAT_ROW(5) AVX512_FLOAT_ROW(6) AVX512_FLOAT_ROW(7)
        AVX512_FLOAT_ROW(8) AVX512_FLOAT_ROW(9)
        { __m512 aA = _mm512_set1_ps(a[10]); cA0 = _mm512_fmadd_ps(aA, b0, cA0); cA1 = _mm512_fmadd_ps(aA, b1, cA1); }
        { __m512 aB = _mm512_set1_ps(a[11]); cB0 = _mm512_fmadd_ps(aB, b0, cB0); cB1 = _mm512_fmadd_ps(aB, b1, cB1); }
        a += 12;
        b += ldb;
    }
    __m512 rows[24] = {c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51,
                       c60, c61, c70, c71, c80, c81, c90, c91, cA0, cA1, cB0, cB1};
    for (int i = 0; i < 12; i++) {
        float *target = c + i * ldc;
        if (accumulate) {
            rows[2 * i] = _mm512_add_ps(_mm512_loadu_ps(target), rows[2 * i]);
            rows[2 * i + 1] = _mm512_add_ps(_mm512_loadu_ps(target + 16), rows[2 * i + 1]);
        }
        _mm512_storeu_ps(target, rows[2 * i]);
        _mm512_storeu_ps(target + 16, rows[2 * i + 1]);
    }
}

#define AVX512_DOUBLE_ROW(i) \
    { __m512d a##i = _mm512_set1_pd(a[i]); \
      c##i##0 = _mm512_fmadd_pd(a##i, b0, c##i##0); c##i##1 = _mm512_fmadd_pd(a##i, b1, c##i##1); }

__attribute__((target("avx512f")))
static void double_tile_avx512(long k, const double *a, const double *b, long ldb, double *c, long ldc, int accumulate) {
    __m512d c00 = _mm512_setzero_pd(), c01 = _mm512_setzero_pd(), c10 = _mm512_setzero_pd(), c11 = _mm512_setzero_pd();
    __m512d c20 = _mm512_setzero_pd(), c21 = _mm512_setzero_pd(), c30 = _mm512_setzero_pd(), c31 = _mm512_setzero_pd();
    __m512d c40 = _mm512_setzero_pd(), c41 = _mm512_setzero_pd(), c50 = _mm512_setzero_pd(), c51 = _mm512_setzero_pd();
    __m512d c60 = _mm512_setzero_pd(), c61 = _mm512_setzero_pd(), c70 = _mm512_setzero_pd(), c71 = _mm512_setzero_pd();
    __m512d c80 = _mm512_setzero_pd(), c81 = _mm512_setzero_pd(), c90 = _mm512_setzero_pd(), c91 = _mm512_setzero_pd();
    __m512d cA0 = _mm512_setzero_pd(), cA1 = _mm512_setzero_pd(), cB0 = _mm512_setzero_pd(), cB1 = _mm512_setzero_pd();
    for (long p = 0; p < k; p++) {
        __m512d b0 = _mm512_loadu_pd(b), b1 = _mm512_loadu_pd(b + 8);
        AVX512_DOUBLE_ROW(0) AVX512_DOUBLE_ROW(1) AVX512_DOUBLE_ROW(2) AVX512_DOUBLE_ROW(3)
        AVX512_DOUBLE_ROW(4) AVX512_DOUBLE_ROW(5) AVX512_DOUBLE_ROW(6) AVX512_DOUBLE_ROW(7)
        AVX512_DOUBLE_ROW(8) AVX512_DOUBLE_ROW(9)
        { __m512d aA = _mm512_set1_pd(a[10]); cA0 = _mm512_fmadd_pd(aA, b0, cA0); cA1 = _mm512_fmadd_pd(aA, b1, cA1); }
        { __m512d aB = _mm512_set1_pd(a[11]); cB0 = _mm512_fmadd_pd(aB, b0, cB0); cB1 = _mm512_fmadd_pd(aB, b1, cB1); }
        a += 12;
        b += ldb;
    }
    __m512d rows[24] = {c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51,
                        c60, c61, c70, c71, c80, c81, c90, c91, cA0, cA1, cB0, cB1};
    for (int i = 0; i < 12; i++) {
        double *target = c + i * ldc;
        if (accumulate) {
            rows[2 * i] = _mm512_add_pd(_mm512_loadu_pd(target), rows[2 * i]);
            rows[2 * i + 1] = _mm512_add_pd(_mm512_loadu_pd(target + 8), rows[2 * i + 1]);
        }
        _mm512_storeu_pd(target, rows[2 * i]);
        _mm512_storeu_pd(target + 8, rows[2 * i + 1]);
    }
}

__attribute__((constructor))
static void choose_tiles(void) {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) {
        float_tile = float_tile_avx512;
        double_tile = double_tile_avx512;
        float_rows = 12; float_columns = 32;
        double_rows = 12; double_columns = 16;
        implementation = "avx512";
    } else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
        float_tile = float_tile_avx2;
        double_tile = double_tile_avx2;
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

void bp_float_tile(long k, const float *a, const float *b, long ldb, float *c, long ldc, int accumulate) {
    float_tile(k, a, b, ldb, c, ldc, accumulate);
}

void bp_double_tile(long k, const double *a, const double *b, long ldb, double *c, long ldc, int accumulate) {
    double_tile(k, a, b, ldb, c, ldc, accumulate);
}

const char *bp_tile_implementation(void) { return implementation; }
