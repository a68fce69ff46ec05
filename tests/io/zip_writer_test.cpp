// ZipWriter: entries read back through GDAL's /vsizip/ reader (an independent zip implementation).
#include "io/zip_writer.h"

#include <gtest/gtest.h>

#include <cpl_vsi.h>

#include "core/error.h"
#include "tests/io/export_test_support.h"
#include "scene/gdal_checked.h"

namespace tarang {
namespace {

std::string zip_entry(const std::string& zip, const std::string& name) {
  gdal::ensure_registered();
  GByte* bytes = nullptr;
  vsi_l_offset size = 0;
  if (!VSIIngestFile(nullptr, ("/vsizip/" + zip + "/" + name).c_str(), &bytes, &size, -1)) return "<missing>";
  std::string out(reinterpret_cast<const char*>(bytes), size);
  VSIFree(bytes);
  return out;
}

TEST(ZipWriter, EntriesRoundTrip) {
  test::ScratchFolder dir("zip_writer");
  const std::string path = dir / "a.zip";
  std::string binary(100000, '\0');
  for (std::size_t i = 0; i < binary.size(); ++i) binary[i] = static_cast<char>((i * 7919) % 256);
  {
    ZipWriter zip(path);
    zip.add("doc.kml", "<kml/>");
    zip.add("images/x.bin", binary);
    zip.add("empty.txt", "");
    zip.close();
  }
  EXPECT_EQ(zip_entry(path, "doc.kml"), "<kml/>");
  EXPECT_EQ(zip_entry(path, "images/x.bin"), binary);
  EXPECT_EQ(zip_entry(path, "empty.txt"), "");
}

TEST(ZipWriter, MissingFolderIsARuntimeFailure) {
  test::ScratchFolder dir("zip_writer_missing");
  EXPECT_THROW(ZipWriter(dir / "no/such.zip"), RuntimeFailure);
}

TEST(ZipWriter, AddingAfterCloseIsRefused) {
  test::ScratchFolder dir("zip_writer_closed");
  ZipWriter zip(dir / "a.zip");
  zip.close();
  EXPECT_THROW(zip.add("x", "y"), RuntimeFailure);
}

}  // namespace
}  // namespace tarang
