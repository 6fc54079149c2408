// W3's GEMM floor: the eight matrix products one MLP training step needs (three forward,
// five backward; the input's own gradient is not needed), timed alone through OpenBLAS.
//
//   gcc -O2 Benchmarks/gemm-floor/gemm_floor.c -o /tmp/gemm_floor -lopenblas
//   OPENBLAS_NUM_THREADS=2 /tmp/gemm_floor
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static int compare(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

#define RUNS 201
#define FLOOR(T, GEMM, NAME)                                                              \
  static double NAME(void) {                                                              \
    enum { B = 128 };                                                                     \
    size_t sizes[] = {B * 784, 784 * 256, 256 * 256, 256 * 10, B * 256, B * 256, B * 10,  \
                      B * 10,  B * 256,   B * 256,   784 * 256, 256 * 256, 256 * 10,       \
                      B * 256, B * 256};                                                  \
    T *m[15];                                                                             \
    for (int i = 0; i < 15; i++) {                                                        \
      m[i] = malloc(sizes[i] * sizeof(T));                                                \
      for (size_t j = 0; j < sizes[i]; j++) m[i][j] = (T)((j % 7) * 0.01);                \
    }                                                                                     \
    T *X = m[0], *W1 = m[1], *W2 = m[2], *W3 = m[3], *H1 = m[4], *H2 = m[5], *O = m[6];   \
    T *G3 = m[7], *G2 = m[8], *G1 = m[9], *dW1 = m[10], *dW2 = m[11], *dW3 = m[12];       \
    T *dH2 = m[13], *dH1 = m[14];                                                         \
    double times[RUNS];                                                                   \
    for (int r = 0; r < RUNS; r++) {                                                      \
      double t0 = now();                                                                  \
      GEMM(CblasRowMajor, CblasNoTrans, CblasNoTrans, B, 256, 784, 1, X, 784, W1, 256, 0, H1, 256); \
      GEMM(CblasRowMajor, CblasNoTrans, CblasNoTrans, B, 256, 256, 1, H1, 256, W2, 256, 0, H2, 256); \
      GEMM(CblasRowMajor, CblasNoTrans, CblasNoTrans, B, 10, 256, 1, H2, 256, W3, 10, 0, O, 10);    \
      GEMM(CblasRowMajor, CblasTrans, CblasNoTrans, 256, 10, B, 1, H2, 256, G3, 10, 0, dW3, 10);    \
      GEMM(CblasRowMajor, CblasNoTrans, CblasTrans, B, 256, 10, 1, G3, 10, W3, 10, 0, dH2, 256);    \
      GEMM(CblasRowMajor, CblasTrans, CblasNoTrans, 256, 256, B, 1, H1, 256, G2, 256, 0, dW2, 256); \
      GEMM(CblasRowMajor, CblasNoTrans, CblasTrans, B, 256, 256, 1, G2, 256, W2, 256, 0, dH1, 256); \
      GEMM(CblasRowMajor, CblasTrans, CblasNoTrans, 784, 256, B, 1, X, 784, G1, 256, 0, dW1, 256);  \
      times[r] = now() - t0;                                                              \
    }                                                                                     \
    for (int i = 0; i < 15; i++) free(m[i]);                                              \
    qsort(times, RUNS, sizeof(double), compare);                                          \
    return times[RUNS / 2];                                                               \
  }

FLOOR(float, cblas_sgemm, single_floor)
FLOOR(double, cblas_dgemm, double_floor)

int main(void) {
  printf("W3 GEMM floor (8 products, median of %d): Float32 %.3f ms, Float64 %.3f ms\n", RUNS,
         single_floor() * 1e3, double_floor() * 1e3);
  return 0;
}
