// NoiseSource: uniform bits from a seeded Mersenne Twister or std::random_device, turned into Laplace/Gaussian noise.
#include "calibration/noise_source.h"

#include <cmath>
#include <numbers>

namespace tarang {

NoiseSource::NoiseSource(std::optional<std::uint64_t> seed)
    : seeded_(seed.has_value()), seeded_engine_(seed.value_or(0)) {}

std::uint64_t NoiseSource::bits64() {
  if (seeded_) return seeded_engine_();
  const std::uint64_t high = entropy_(), low = entropy_();  // random_device yields 32-bit values
  return (high << 32) ^ low;
}

double NoiseSource::uniform_open() {
  // (k + 0.5) / 2^53 for k in [0, 2^53): never 0, never 1.
  return (static_cast<double>(bits64() >> 11) + 0.5) * 0x1.0p-53;
}

double NoiseSource::laplace(double scale) {
  if (scale == 0) return 0;
  const double u = uniform_open() - 0.5;
  return -scale * std::copysign(1.0, u) * std::log1p(-2.0 * std::fabs(u));
}

double NoiseSource::gaussian(double sigma) {
  if (sigma == 0) return 0;
  const double u1 = uniform_open(), u2 = uniform_open();
  return sigma * std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

std::uint64_t NoiseSource::below(std::uint64_t n) {
  // Rejection sampling keeps the draw unbiased.
  const std::uint64_t limit = ~std::uint64_t{0} - (~std::uint64_t{0} % n);
  for (;;) {
    const std::uint64_t v = bits64();
    if (v < limit) return v % n;
  }
}

}  // namespace tarang
