// Progress: silent for short work, plain lines with percentage and ETA when not writing to a terminal.
#include "core/progress.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace tarang {
namespace {

std::string read_all(std::FILE* f) {
  std::rewind(f);
  std::string out;
  char buffer[256];
  while (std::fgets(buffer, sizeof buffer, f)) out += buffer;
  return out;
}

TEST(Progress, ShortWorkPrintsNothing) {
  std::FILE* f = std::tmpfile();
  {
    Progress p("maps", 10, f, 60.0);
    p.advance(10);
  }
  EXPECT_EQ(read_all(f), "");
  std::fclose(f);
}

TEST(Progress, LogLinesShowPercentAndClosingLine) {
  std::FILE* f = std::tmpfile();
  {
    Progress p("maps", 4, f, 0.0);
    p.advance(1);
  }
  const std::string text = read_all(f);
  EXPECT_NE(text.find("maps: 25% (1/4)"), std::string::npos) << text;
  EXPECT_NE(text.find("ETA"), std::string::npos) << text;
  EXPECT_NE(text.find("maps: done in"), std::string::npos) << text;
  std::fclose(f);
}

}  // namespace
}  // namespace tarang
