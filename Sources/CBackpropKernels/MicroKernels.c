#include "BackpropMicroKernels.h"

// Portable kernels: plain loops that any compiler vectorises for its default target.

static void float_tile_portable(long k, const float *a, const float *b, float *c, long ldc, int accumulate) {
    float tile[BP_FLOAT_TILE_ROWS][BP_FLOAT_TILE_COLUMNS] = {{0}};
    for (long p = 0; p < k; p++) {
        const float *row = b + p * BP_FLOAT_TILE_COLUMNS;
        for (int i = 0; i < BP_FLOAT_TILE_ROWS; i++) {
            float scale = a[p * BP_FLOAT_TILE_ROWS + i];
            for (int j = 0; j < BP_FLOAT_TILE_COLUMNS; j++) tile[i][j] += scale * row[j];
        }
    }
    for (int i = 0; i < BP_FLOAT_TILE_ROWS; i++)
        for (int j = 0; j < BP_FLOAT_TILE_COLUMNS; j++)
            c[i * ldc + j] = accumulate ? c[i * ldc + j] + tile[i][j] : tile[i][j];
}

static void double_tile_portable(long k, const double *a, const double *b, double *c, long ldc, int accumulate) {
    double tile[BP_DOUBLE_TILE_ROWS][BP_DOUBLE_TILE_COLUMNS] = {{0}};
    for (long p = 0; p < k; p++) {
        const double *row = b + p * BP_DOUBLE_TILE_COLUMNS;
        for (int i = 0; i < BP_DOUBLE_TILE_ROWS; i++) {
            double scale = a[p * BP_DOUBLE_TILE_ROWS + i];
            for (int j = 0; j < BP_DOUBLE_TILE_COLUMNS; j++) tile[i][j] += scale * row[j];
        }
    }
    for (int i = 0; i < BP_DOUBLE_TILE_ROWS; i++)
        for (int j = 0; j < BP_DOUBLE_TILE_COLUMNS; j++)
            c[i * ldc + j] = accumulate ? c[i * ldc + j] + tile[i][j] : tile[i][j];
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>

// AVX2 + FMA: twelve 256-bit accumulators hold the tile; per step of k, two loads of B and six
// broadcasts of A feed twelve fused multiply-adds.

__attribute__((target("avx2,fma")))
static void float_tile_avx2(long k, const float *a, const float *b, float *c, long ldc, int accumulate) {
    __m256 c00 = _mm256_setzero_ps(), c01 = _mm256_setzero_ps();
    __m256 c10 = _mm256_setzero_ps(), c11 = _mm256_setzero_ps();
    __m256 c20 = _mm256_setzero_ps(), c21 = _mm256_setzero_ps();
    __m256 c30 = _mm256_setzero_ps(), c31 = _mm256_setzero_ps();
    __m256 c40 = _mm256_setzero_ps(), c41 = _mm256_setzero_ps();
    __m256 c50 = _mm256_setzero_ps(), c51 = _mm256_setzero_ps();
    for (long p = 0; p < k; p++) {
        __m256 b0 = _mm256_loadu_ps(b), b1 = _mm256_loadu_ps(b + 8);
        __m256 a0 = _mm256_broadcast_ss(a + 0), a1 = _mm256_broadcast_ss(a + 1);
        c00 = _mm256_fmadd_ps(a0, b0, c00); c01 = _mm256_fmadd_ps(a0, b1, c01);
        c10 = _mm256_fmadd_ps(a1, b0, c10); c11 = _mm256_fmadd_ps(a1, b1, c11);
        __m256 a2 = _mm256_broadcast_ss(a + 2), a3 = _mm256_broadcast_ss(a + 3);
        c20 = _mm256_fmadd_ps(a2, b0, c20); c21 = _mm256_fmadd_ps(a2, b1, c21);
        c30 = _mm256_fmadd_ps(a3, b0, c30); c31 = _mm256_fmadd_ps(a3, b1, c31);
        __m256 a4 = _mm256_broadcast_ss(a + 4), a5 = _mm256_broadcast_ss(a + 5);
        c40 = _mm256_fmadd_ps(a4, b0, c40); c41 = _mm256_fmadd_ps(a4, b1, c41);
        c50 = _mm256_fmadd_ps(a5, b0, c50); c51 = _mm256_fmadd_ps(a5, b1, c51);
        a += BP_FLOAT_TILE_ROWS;
        b += BP_FLOAT_TILE_COLUMNS;
    }
    __m256 rows[12] = {c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51};
    for (int i = 0; i < BP_FLOAT_TILE_ROWS; i++) {
        float *target = c + i * ldc;
        if (accumulate) {
            _mm256_storeu_ps(target, _mm256_add_ps(_mm256_loadu_ps(target), rows[2 * i]));
            _mm256_storeu_ps(target + 8, _mm256_add_ps(_mm256_loadu_ps(target + 8), rows[2 * i + 1]));
        } else {
            _mm256_storeu_ps(target, rows[2 * i]);
            _mm256_storeu_ps(target + 8, rows[2 * i + 1]);
        }
    }
}

__attribute__((target("avx2,fma")))
static void double_tile_avx2(long k, const double *a, const double *b, double *c, long ldc, int accumulate) {
    __m256d c00 = _mm256_setzero_pd(), c01 = _mm256_setzero_pd();
    __m256d c10 = _mm256_setzero_pd(), c11 = _mm256_setzero_pd();
    __m256d c20 = _mm256_setzero_pd(), c21 = _mm256_setzero_pd();
    __m256d c30 = _mm256_setzero_pd(), c31 = _mm256_setzero_pd();
    __m256d c40 = _mm256_setzero_pd(), c41 = _mm256_setzero_pd();
    __m256d c50 = _mm256_setzero_pd(), c51 = _mm256_setzero_pd();
    for (long p = 0; p < k; p++) {
        __m256d b0 = _mm256_loadu_pd(b), b1 = _mm256_loadu_pd(b + 4);
        __m256d a0 = _mm256_broadcast_sd(a + 0), a1 = _mm256_broadcast_sd(a + 1);
        c00 = _mm256_fmadd_pd(a0, b0, c00); c01 = _mm256_fmadd_pd(a0, b1, c01);
        c10 = _mm256_fmadd_pd(a1, b0, c10); c11 = _mm256_fmadd_pd(a1, b1, c11);
        __m256d a2 = _mm256_broadcast_sd(a + 2), a3 = _mm256_broadcast_sd(a + 3);
        c20 = _mm256_fmadd_pd(a2, b0, c20); c21 = _mm256_fmadd_pd(a2, b1, c21);
        c30 = _mm256_fmadd_pd(a3, b0, c30); c31 = _mm256_fmadd_pd(a3, b1, c31);
        __m256d a4 = _mm256_broadcast_sd(a + 4), a5 = _mm256_broadcast_sd(a + 5);
        c40 = _mm256_fmadd_pd(a4, b0, c40); c41 = _mm256_fmadd_pd(a4, b1, c41);
        c50 = _mm256_fmadd_pd(a5, b0, c50); c51 = _mm256_fmadd_pd(a5, b1, c51);
        a += BP_DOUBLE_TILE_ROWS;
        b += BP_DOUBLE_TILE_COLUMNS;
    }
    __m256d rows[12] = {c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51};
    for (int i = 0; i < BP_DOUBLE_TILE_ROWS; i++) {
        double *target = c + i * ldc;
        if (accumulate) {
            _mm256_storeu_pd(target, _mm256_add_pd(_mm256_loadu_pd(target), rows[2 * i]));
            _mm256_storeu_pd(target + 4, _mm256_add_pd(_mm256_loadu_pd(target + 4), rows[2 * i + 1]));
        } else {
            _mm256_storeu_pd(target, rows[2 * i]);
            _mm256_storeu_pd(target + 4, rows[2 * i + 1]);
        }
    }
}

typedef void (*float_tile_function)(long, const float *, const float *, float *, long, int);
typedef void (*double_tile_function)(long, const double *, const double *, double *, long, int);

// Chosen once when the library loads, so that every thread reads them without a race.
static float_tile_function float_tile = float_tile_portable;
static double_tile_function double_tile = double_tile_portable;
static const char *implementation = "portable";

__attribute__((constructor))
static void choose_tiles(void) {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
        float_tile = float_tile_avx2;
        double_tile = double_tile_avx2;
        implementation = "avx2+fma";
    }
}

void bp_float_tile(long k, const float *a, const float *b, float *c, long ldc, int accumulate) {
    float_tile(k, a, b, c, ldc, accumulate);
}

void bp_double_tile(long k, const double *a, const double *b, double *c, long ldc, int accumulate) {
    double_tile(k, a, b, c, ldc, accumulate);
}

const char *bp_tile_implementation(void) { return implementation; }

#else

void bp_float_tile(long k, const float *a, const float *b, float *c, long ldc, int accumulate) {
    float_tile_portable(k, a, b, c, ldc, accumulate);
}

void bp_double_tile(long k, const double *a, const double *b, double *c, long ldc, int accumulate) {
    double_tile_portable(k, a, b, c, ldc, accumulate);
}

const char *bp_tile_implementation(void) { return "portable"; }

#endif
