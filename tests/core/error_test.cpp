// InputError formats "FILE:LINE: KEY: MESSAGE", leaving out unknown parts.
#include "core/error.h"

#include <gtest/gtest.h>

namespace tarang {
namespace {

TEST(InputError, FormatsAllParts) {
  EXPECT_STREQ(InputError("a.yaml", 12, "radio.load", "must be between 0 and 1").what(),
               "a.yaml:12: radio.load: must be between 0 and 1");
}

TEST(InputError, FileOnly) {
  const InputError e("out/x.h5", "cannot write output file");
  EXPECT_STREQ(e.what(), "out/x.h5: cannot write output file");
  EXPECT_EQ(e.line(), 0);
  EXPECT_EQ(e.file(), "out/x.h5");
}

}  // namespace
}  // namespace tarang
