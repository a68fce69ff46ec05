// TARANG_HD marks functions shared by host and device code: __host__ __device__ under nvcc, plain inline otherwise.
#pragma once

#if defined(__CUDACC__)
#define TARANG_HD __host__ __device__
#else
#define TARANG_HD
#endif
