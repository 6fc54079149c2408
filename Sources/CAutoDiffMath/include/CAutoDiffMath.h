// libm entry points Swift's Glibc module does not export: sincos computes sin x and cos x
// with one argument reduction (used by Sources/AutoDiff/Kernels/SineAndCosine.swift); and a
// vectorisable Float and Double tanh (used by Sources/AutoDiff/Kernels/HyperbolicTangent.swift).
#ifndef CAUTODIFFMATH_H
#define CAUTODIFFMATH_H

/// sin x and cos x as one value. Declared `const` (the result depends on x alone) and
/// defined out of line, so that the optimiser merges two calls with one argument: a dual's
/// `sin` rule evaluates `sin` and `cos` of the dual, and each wants both of its value.
struct autodiff_sine_cosine { double sine; double cosine; };
__attribute__((const)) struct autodiff_sine_cosine autodiff_sincos_pair(double x);

static inline void autodiff_sincos(double x, double *sine, double *cosine) {
  __builtin_sincos(x, sine, cosine);
}

static inline void autodiff_sincosf(float x, float *sine, float *cosine) {
  __builtin_sincosf(x, sine, cosine);
}

/// tanh x and 1 − tanh²x for `count` Floats, evaluated in double and rounded once: within
/// half an ulp of the exact tanh. The Float `tanh` rule (through Sources/AutoDiff/
/// Kernels/HyperbolicTangent.swift) calls it for tensors and, with count 1, for scalars, so both
/// get the same bits. On x86-64 with AVX2 and FMA a vectorised copy of the loop runs.
void autodiff_tanhf_array(const float *x, float *values, float *derivatives, long count);

/// tanh x and 1 − tanh²x for `count` Doubles, within 2 ulp of the exact tanh, written so
/// that the loop vectorises (glibc's `tanh` is a call per element through `expm1`). The
/// Double `tanh` rule calls it for tensors and, with count 1, for scalars, so both get the
/// same bits; the AVX2 copy and the baseline copy give the same bits (no fused
/// multiply–adds).
void autodiff_tanh_array(const double *x, double *values, double *derivatives, long count);

#endif
