// The C surface of SuiteSparse that AutoDiff sees, from Debian's libsuitesparse-dev (which
// puts the headers in /usr/include/suitesparse/): UMFPACK for sparse LU and CHOLMOD for
// sparse Cholesky, both in their 64-bit-index forms (umfpack_dl_*, cholmod_l_*), whose
// SuiteSparse_long is Swift's Int on 64-bit Linux. Only LinearAlgebra/SparseLU.swift
// (UMFPACK) and LinearAlgebra/SparseCholesky.swift (CHOLMOD) import this module.
#include <suitesparse/umfpack.h>
#include <suitesparse/cholmod.h>
