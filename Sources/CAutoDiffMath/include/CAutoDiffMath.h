// libm entry points Swift's Glibc module does not export: sincos computes sin x and cos x
// with one argument reduction. Used only by Sources/AutoDiff/Rules/SineAndCosine.swift.
#ifndef CAUTODIFFMATH_H
#define CAUTODIFFMATH_H

static inline void autodiff_sincos(double x, double *sine, double *cosine) {
  __builtin_sincos(x, sine, cosine);
}

static inline void autodiff_sincosf(float x, float *sine, float *cosine) {
  __builtin_sincosf(x, sine, cosine);
}

#endif
