// Every scenario shipped in scenarios/ and benchmarks/ parses (they are documentation users copy from).
#include <gtest/gtest.h>

#include <filesystem>

#include "io/scenario_yaml.h"

namespace tarang {
namespace {

TEST(ExampleScenarios, AllParse) {
  int parsed = 0;
  for (const char* folder : {"scenarios", "benchmarks"}) {
    for (const auto& entry : std::filesystem::directory_iterator(std::string(TARANG_SOURCE_DIR) + "/" + folder)) {
      if (entry.path().extension() != ".yaml") continue;
      EXPECT_NO_THROW(load_scenario_file(entry.path().string())) << entry.path();
      ++parsed;
    }
  }
  EXPECT_GE(parsed, 3);
}

}  // namespace
}  // namespace tarang
