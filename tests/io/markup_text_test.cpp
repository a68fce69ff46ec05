// Base64 against the RFC 4648 test vectors; markup escaping.
#include "io/markup_text.h"

#include <gtest/gtest.h>

namespace tarang {
namespace {

TEST(Base64, MatchesRfc4648TestVectors) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode("foob"), "Zm9vYg==");
  EXPECT_EQ(base64_encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64_encode(std::string("\xff\xfe\x00", 3)), "//4A");  // high bytes and NUL
}

TEST(DataUri, PrefixesTheMimeType) { EXPECT_EQ(data_uri("image/png", "foo"), "data:image/png;base64,Zm9v"); }

TEST(EscapeMarkup, EscapesTheFiveSpecialCharacters) {
  EXPECT_EQ(escape_markup("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
  EXPECT_EQ(escape_markup("D\xc3\xa9j\xc3\xa0 vu"), "D\xc3\xa9j\xc3\xa0 vu");  // UTF-8 passes through
}

}  // namespace
}  // namespace tarang
