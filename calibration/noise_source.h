// Random numbers for the privacy noise: a seeded generator for reproducible studies, else the OS entropy source.
#pragma once

#include <cstdint>
#include <optional>
#include <random>

namespace tarang {

// With a seed: std::mt19937_64, reproducible but predictable (NOT for production releases: an attacker who knows
// or guesses the seed can subtract the noise). Without: every draw comes from std::random_device (getrandom /
// /dev/urandom on Linux, a CSPRNG), as a production release needs.
class NoiseSource {
 public:
  explicit NoiseSource(std::optional<std::uint64_t> seed);

  bool seeded() const { return seeded_; }
  // Uniform in the open interval (0, 1), 53 random bits.
  double uniform_open();
  // Laplace(0, scale) by inversion; 0 when scale is 0.
  double laplace(double scale);
  // Normal(0, sigma^2) by Box-Muller; 0 when sigma is 0.
  double gaussian(double sigma);
  // Uniform whole number in [0, n).
  std::uint64_t below(std::uint64_t n);

 private:
  std::uint64_t bits64();

  bool seeded_;
  std::mt19937_64 seeded_engine_;
  std::random_device entropy_;
};

}  // namespace tarang
