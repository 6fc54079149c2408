// The one C surface AutoDiff sees: CBLAS from Debian's libopenblas-dev, plus the
// Fortran LAPACK entry points that libopenblas exports (Debian ships no LAPACKE header
// with it). Only Tensor/BLAS.swift and LinearAlgebra/LAPACK.swift import this module.
#include <cblas.h>

void dgetrf_(const int *m, const int *n, double *a, const int *lda, int *ipiv, int *info);
void sgetrf_(const int *m, const int *n, float *a, const int *lda, int *ipiv, int *info);
void dgetri_(const int *n, double *a, const int *lda, const int *ipiv, double *work,
             const int *lwork, int *info);
void sgetri_(const int *n, float *a, const int *lda, const int *ipiv, float *work,
             const int *lwork, int *info);
void dgetrs_(const char *trans, const int *n, const int *nrhs, const double *a,
             const int *lda, const int *ipiv, double *b, const int *ldb, int *info);
void sgetrs_(const char *trans, const int *n, const int *nrhs, const float *a,
             const int *lda, const int *ipiv, float *b, const int *ldb, int *info);
void dpotrf_(const char *uplo, const int *n, double *a, const int *lda, int *info);
void spotrf_(const char *uplo, const int *n, float *a, const int *lda, int *info);

// Added for LinearAlgebra/LAPACK.swift. syev (and, in some OpenBLAS builds, trtrs) is
// compiled from LAPACK's Fortran, so these declare gfortran's hidden length arguments of
// the character arguments (one size_t each, at the end): calling a gfortran routine
// without them is undefined behaviour; a C implementation ignores them.
void dtrtrs_(const char *uplo, const char *trans, const char *diag, const int *n,
             const int *nrhs, const double *a, const int *lda, double *b, const int *ldb,
             int *info, size_t uplo_len, size_t trans_len, size_t diag_len);
void strtrs_(const char *uplo, const char *trans, const char *diag, const int *n,
             const int *nrhs, const float *a, const int *lda, float *b, const int *ldb,
             int *info, size_t uplo_len, size_t trans_len, size_t diag_len);
void dsyev_(const char *jobz, const char *uplo, const int *n, double *a, const int *lda,
            double *w, double *work, const int *lwork, int *info, size_t jobz_len,
            size_t uplo_len);
void ssyev_(const char *jobz, const char *uplo, const int *n, float *a, const int *lda,
            float *w, float *work, const int *lwork, int *info, size_t jobz_len,
            size_t uplo_len);
