// Complex<T> arithmetic against std::complex on a set of values, including the sqrt branch cut.
#include "core/complex.h"

#include <gtest/gtest.h>

#include <complex>

namespace tarang {
namespace {

void expect_near(Complex<double> a, std::complex<double> b, double tol = 1e-12) {
  EXPECT_NEAR(a.re, b.real(), tol);
  EXPECT_NEAR(a.im, b.imag(), tol);
}

TEST(Complex, MatchesStdComplex) {
  const std::complex<double> values[] = {{1, 2}, {-3, 0.5}, {0, -1}, {1e-8, 1e8}, {-2, -7}};
  for (auto x : values) {
    for (auto y : values) {
      const Complex<double> a{x.real(), x.imag()}, b{y.real(), y.imag()};
      expect_near(a + b, x + y);
      expect_near(a - b, x - y);
      expect_near(a * b, x * y, 1e-6 * std::abs(x * y));
      const std::complex<double> q = x / y;
      expect_near(a / b, q, 1e-12 * std::max(1.0, std::abs(q)));
    }
    const Complex<double> a{x.real(), x.imag()};
    expect_near(sqrt(a), std::sqrt(x), 1e-9 * std::max(1.0, std::abs(std::sqrt(x))));
    EXPECT_NEAR(abs(a), std::abs(x), 1e-9 * std::abs(x));
    EXPECT_NEAR(arg(a), std::arg(x), 1e-12);
  }
  expect_near(exp(Complex<double>{0.3, 2.0}), std::exp(std::complex<double>(0.3, 2.0)));
  expect_near(sqrt(Complex<double>{-4, 0}), {0, 2});
  expect_near(sqrt(Complex<double>{-4, -0.0}), std::sqrt(std::complex<double>(-4, -0.0)));
}

}  // namespace
}  // namespace tarang
