// tanh for Float (evaluated in double) and for Double: see CAutoDiffMath.h.
#include "CAutoDiffMath.h"

#include <stdint.h>
#include <string.h>

// No fused multiply–adds: the AVX2 copy and the baseline copy must give the same bits, and
// 1 − y² must round as Swift's `tanhDerivative(fromValue:)` does.
#ifdef __clang__
#pragma clang fp contract(off)
#else
#pragma STDC FP_CONTRACT OFF
#endif

// One element: sign(x)·(t − 1)/(t + 1) with t = e^(2|x|), branch-free so that the loops
// below vectorise. 2|x| = n·ln 2 + r with |r| ≤ ½ln 2 (ln 2 in two parts), e^r by its
// Taylor polynomial to r¹¹ (truncation < 3e-13 relative), 2ⁿ built in the exponent bits.
// The cancellation in t − 1 costs < 1e-12 relative for |x| ≥ 2⁻¹²; below, x − x³/3 is exact
// to 1e-14 relative. Past |x| = 20, t is capped (the result rounds to ±1 long before).
#define AUTODIFF_TANH_BODY(x_in, y_out)                                                   \
  do {                                                                                    \
    double d = (double)(x_in);                                                            \
    double m = d < 0 ? -d : d;                                                            \
    int is_nan = d != d;                                                                  \
    double twice = 2 * (is_nan ? 0.0 : (m > 20 ? 20.0 : m));                              \
    double shifted = twice * 1.4426950408889634 + 0x1.8p52;                               \
    double n = shifted - 0x1.8p52;                                                        \
    double r = (twice - n * 0.6931471803691238) - n * 1.9082149292705877e-10;             \
    double p = 1.0 / 39916800;                                                            \
    p = p * r + 1.0 / 3628800;                                                            \
    p = p * r + 1.0 / 362880;                                                             \
    p = p * r + 1.0 / 40320;                                                              \
    p = p * r + 1.0 / 5040;                                                               \
    p = p * r + 1.0 / 720;                                                                \
    p = p * r + 1.0 / 120;                                                                \
    p = p * r + 1.0 / 24;                                                                 \
    p = p * r + 1.0 / 6;                                                                  \
    p = p * r + 0.5;                                                                      \
    p = p * r + 1;                                                                        \
    p = p * r + 1;                                                                        \
    uint64_t bits;                                                                        \
    memcpy(&bits, &shifted, sizeof bits);                                                 \
    bits = (bits + 1023) << 52;                                                           \
    double scale;                                                                         \
    memcpy(&scale, &bits, sizeof scale);                                                  \
    double t = p * scale;                                                                 \
    double result = (t - 1) / (t + 1);                                                    \
    result = m < 0x1p-12 ? m - m * m * m * (1.0 / 3) : result;                            \
    result = d < 0 ? -result : result;                                                    \
    result = (is_nan || d == 0) ? d : result;                                             \
    (y_out) = (float)result;                                                              \
  } while (0)

#define AUTODIFF_TANH_LOOP                                                                \
  for (long i = 0; i < count; i++) {                                                      \
    float value;                                                                          \
    AUTODIFF_TANH_BODY(x[i], value);                                                      \
    values[i] = value;                                                                    \
    derivatives[i] = 1 - value * value;                                                   \
  }

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
__attribute__((target("avx2,fma"))) static void tanh_avx2(
    const float *x, float *values, float *derivatives, long count) {
  AUTODIFF_TANH_LOOP
}
#endif

static void tanh_baseline(const float *x, float *values, float *derivatives, long count) {
  AUTODIFF_TANH_LOOP
}

void autodiff_tanhf_array(const float *x, float *values, float *derivatives, long count) {
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
    tanh_avx2(x, values, derivatives, count);
    return;
  }
#endif
  tanh_baseline(x, values, derivatives, count);
}

// tanh for Double. One element: sign(x)·t/(t + 2) with t = e^(2|x|) − 1, branch-free so
// that the loops vectorise. 2|x| = n·ln 2 + r with n = ⌊2|x|/ln 2⌋ and 0 ≤ r < ln 2 (ln 2
// in two parts, the first with 21 trailing zero bits so that n·ln2₁ is exact); e^r − 1 =
// r + r²·q(r) with q the Taylor polynomial to r¹⁶ (truncation < 2e-17 relative), by
// Estrin's scheme (a tree of depth 4, not a chain of 15 multiply-adds: one element at a
// time, as the scalar rule calls it, waits on 4 products rather than 15); and
// e^(2|x|) − 1 = 2ⁿ·(e^r − 1) + (2ⁿ − 1), a sum of two non-negative terms (for n = 0 the
// first alone), so no step cancels and small arguments keep their relative accuracy. The
// rounding error of t + 2 is recovered exactly (Fast2Sum) and corrects the quotient. Past
// |x| = 20 the argument is capped (tanh rounds to ±1 from |x| ≈ 19.1 on). Within 2 ulp
// of the exact value (1.9 measured against Float80 in HyperbolicTangentTests).
#define AUTODIFF_TANH_DOUBLE_BODY(x_in, y_out)                                            \
  do {                                                                                    \
    double d = (x_in);                                                                    \
    double m = d < 0 ? -d : d;                                                            \
    int is_nan = d != d;                                                                  \
    double twice = 2 * (is_nan ? 0.0 : (m > 20 ? 20.0 : m));                              \
    double shifted = (twice * 1.4426950408889634 - 0.5) + 0x1.8p52;                       \
    double n = shifted - 0x1.8p52;                                                        \
    double r = (twice - n * 0.6931471803691238) - n * 1.9082149292705877e-10;             \
    double r2 = r * r;                                                                    \
    double r4 = r2 * r2;                                                                  \
    double r8 = r4 * r4;                                                                  \
    double e0 = (1.0 / 6.0) * r + (0.5);                                                  \
    double e2 = (1.0 / 120.0) * r + (1.0 / 24.0);                                         \
    double e4 = (1.0 / 5040.0) * r + (1.0 / 720.0);                                       \
    double e6 = (1.0 / 362880.0) * r + (1.0 / 40320.0);                                   \
    double e8 = (1.0 / 39916800.0) * r + (1.0 / 3628800.0);                               \
    double e10 = (1.0 / 6227020800.0) * r + (1.0 / 479001600.0);                          \
    double e12 = (1.0 / 1307674368000.0) * r + (1.0 / 87178291200.0);                     \
    double e14 = (1.0 / 355687428096000.0) * r + (1.0 / 20922789888000.0);                \
    double f0 = e2 * r2 + e0;                                                             \
    double f4 = e6 * r2 + e4;                                                             \
    double f8 = e10 * r2 + e8;                                                            \
    double f12 = e14 * r2 + e12;                                                          \
    double g0 = f4 * r4 + f0;                                                             \
    double g8 = f12 * r4 + f8;                                                            \
    double q = g8 * r8 + g0;                                                              \
    double p = r + r2 * q;                                                                \
    uint64_t bits;                                                                        \
    memcpy(&bits, &shifted, sizeof bits);                                                 \
    bits = (bits + 1023) << 52;                                                           \
    double scale;                                                                         \
    memcpy(&scale, &bits, sizeof scale);                                                  \
    double t = scale * p + (scale - 1);                                                   \
    double big = t > 2 ? t : 2;                                                           \
    double small = t > 2 ? 2 : t;                                                         \
    double sum = big + small;                                                             \
    double sum_error = small - (sum - big);                                               \
    double quotient = t / sum;                                                            \
    double result = quotient - quotient * (sum_error / sum);                              \
    result = d < 0 ? -result : result;                                                    \
    (y_out) = (is_nan || d == 0) ? d : result;                                            \
  } while (0)

#define AUTODIFF_TANH_DOUBLE_LOOP                                                         \
  for (long i = 0; i < count; i++) {                                                      \
    double value;                                                                         \
    AUTODIFF_TANH_DOUBLE_BODY(x[i], value);                                               \
    values[i] = value;                                                                    \
    derivatives[i] = 1 - value * value;                                                   \
  }

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
__attribute__((target("avx2,fma"))) static void tanh_double_avx2(
    const double *x, double *values, double *derivatives, long count) {
  AUTODIFF_TANH_DOUBLE_LOOP
}
#endif

static void tanh_double_baseline(
    const double *x, double *values, double *derivatives, long count) {
  AUTODIFF_TANH_DOUBLE_LOOP
}

void autodiff_tanh_array(const double *x, double *values, double *derivatives, long count) {
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
    tanh_double_avx2(x, values, derivatives, count);
    return;
  }
#endif
  tanh_double_baseline(x, values, derivatives, count);
}
