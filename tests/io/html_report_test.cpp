// HTML report: well-formed, self-contained, one PNG data URI per map, SVG CDFs, the /plan placeholder only when a
// /plan group exists, and a real render in headless Chromium that is not blank.
#include "io/html_report.h"

#include <gtest/gtest.h>
#include <hdf5.h>

#define STB_IMAGE_IMPLEMENTATION
#define STB_IMAGE_STATIC
#define STBI_ONLY_PNG
#include <stb/stb_image.h>

#include <pugixml.hpp>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <set>

#include "core/error.h"
#include "tests/io/export_test_support.h"
#include "io/results_h5.h"

namespace tarang {
namespace {

// base64 of the 8-byte PNG signature 89 50 4E 47 0D 0A 1A 0A, and the data: URI prefix of a PNG.
constexpr const char* kPngDataPrefix = "data:image/png;base64,iVBORw0KGgo";

class HtmlReport : public ::testing::Test {
 protected:
  void SetUp() override {
    CoverageResult b = test::make_export_result("synthetic-b");
    for (float& v : b.maps.rsrp_dbm) v -= 6;  // a second plan, 6 dB weaker
    write_coverage_result(dir / "a.h5", test::make_export_result("synthetic-a"));
    write_coverage_result(dir / "b.h5", b);
  }

  std::string render(const std::vector<std::string>& names) {
    std::vector<ReportSource> sources;
    for (const auto& name : names) sources.push_back(load_report_source(dir / name));
    return render_html_report(sources);
  }

  test::ScratchFolder dir{"html_report"};
};

std::vector<pugi::xml_node> all_nodes(const pugi::xml_document& doc, const char* xpath) {
  std::vector<pugi::xml_node> out;
  for (const pugi::xpath_node& n : doc.select_nodes(xpath)) out.push_back(n.node());
  return out;
}

TEST_F(HtmlReport, IsWellFormedWithOneDataUriPerMap) {
  const std::string html = render({"a.h5", "b.h5"});
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed = doc.load_string(html.c_str());
  ASSERT_TRUE(parsed) << parsed.description() << " at offset " << parsed.offset;
  const auto images = all_nodes(doc, "//img");
  ASSERT_EQ(images.size(), 4u * 2u);  // rsrp, sinr, throughput, best_sector for each result
  for (const pugi::xml_node& img : images) {
    EXPECT_EQ(std::string(img.attribute("src").value()).rfind(kPngDataPrefix, 0), 0u);
  }
  std::size_t uris = 0;
  for (std::size_t at = html.find("data:"); at != std::string::npos; at = html.find("data:", at + 1)) ++uris;
  EXPECT_EQ(uris, images.size());
  EXPECT_EQ(all_nodes(doc, "//*[local-name()='svg']").size(), 3u);            // RSRP, SINR, throughput
  EXPECT_EQ(all_nodes(doc, "//*[local-name()='polyline']").size(), 3u * 2u);  // one line per result
  EXPECT_EQ(std::string(doc.select_node("//title").node().child_value()), "tarang report: synthetic-a, synthetic-b");
}

TEST_F(HtmlReport, NeedsNoNetwork) {
  const std::string html = render({"a.h5"});
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(html.c_str()));
  for (const pugi::xpath_node& n : doc.select_nodes("//*[@src or @href]")) {
    for (const char* name : {"src", "href"}) {
      const std::string value = n.node().attribute(name).value();
      EXPECT_TRUE(value.empty() || value.rfind("data:", 0) == 0 || value.rfind("#", 0) == 0) << name << "=" << value;
    }
  }
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("@import"), std::string::npos);
}

TEST_F(HtmlReport, KpiTableHasOneColumnPerResult) {
  const std::string html = render({"a.h5", "b.h5"});
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(html.c_str()));
  const pugi::xml_node table = doc.select_node("//section[@id='kpis']/table").node();
  ASSERT_TRUE(table);
  std::vector<std::string> header;
  for (const pugi::xml_node& th : table.child("thead").child("tr").children("th")) header.push_back(th.child_value());
  EXPECT_EQ(header, (std::vector<std::string>{"", "synthetic-a", "synthetic-b"}));
  const pugi::xml_node covered = table.child("tbody").child("tr");
  EXPECT_STREQ(covered.child("th").child_value(), "Covered cells (%)");
  EXPECT_STREQ(covered.child("td").child_value(), "50.0");  // covered_fraction 0.5 of the synthetic result
}

TEST_F(HtmlReport, EscapesScenarioText) {
  const std::string html = render({"a.h5"});
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(html.c_str()));
  EXPECT_EQ(std::string(doc.select_node("//section[@id='scenario-files']//pre").node().child_value()),
            "name: synthetic-a\nnote: \"<b>&'\"\n");
}

TEST_F(HtmlReport, PlanPlaceholderOnlyWithAPlanGroup) {
  EXPECT_EQ(render({"a.h5"}).find("id=\"plan\""), std::string::npos);
  {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    const hid_t file = H5Fopen((dir / "b.h5").c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    ASSERT_GE(file, 0);
    const hid_t group = H5Gcreate2(file, "plan", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    ASSERT_GE(group, 0);
    H5Gclose(group);
    H5Fclose(file);
  }
  const std::string html = render({"a.h5", "b.h5"});
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(html.c_str()));
  const pugi::xml_node plan = doc.select_node("//section[@id='plan']").node();
  ASSERT_TRUE(plan);
  EXPECT_NE(std::string(plan.child("div").child_value()).find(dir / "b.h5"), std::string::npos);
  EXPECT_EQ(std::string(plan.child("div").child_value()).find(dir / "a.h5"), std::string::npos);
}

TEST_F(HtmlReport, RejectsFilesThatAreNotResults) {
  {
    const hid_t file = H5Fcreate((dir / "other.h5").c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    ASSERT_GE(file, 0);
    H5Fclose(file);
  }
  try {
    load_report_source(dir / "other.h5");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), dir / "other.h5" + ": not a tarang results file (format attribute missing)");
  }
  EXPECT_THROW(render_html_report({}), std::invalid_argument);
}

// Renders the report in headless Chromium and checks the screenshot is a page with maps, not a blank one.
TEST_F(HtmlReport, RendersInHeadlessChromium) {
  if (std::system("command -v chromium > /dev/null 2>&1") != 0) GTEST_SKIP() << "chromium is not installed";
  const std::string html_path = dir / "report.html", shot = dir / "shot.png";
  std::ofstream(html_path) << render({"a.h5", "b.h5"});
  const std::string command =
      "timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars "
      "--window-size=1200,2000 --screenshot='" +
      shot + "' 'file://" + html_path + "' > /dev/null 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  int width = 0, height = 0, channels = 0;
  std::unique_ptr<stbi_uc, void (*)(void*)> pixels(stbi_load(shot.c_str(), &width, &height, &channels, 3),
                                                   stbi_image_free);
  ASSERT_TRUE(pixels) << "no screenshot";
  EXPECT_EQ(width, 1200);
  EXPECT_EQ(height, 2000);
  std::size_t non_white = 0;
  std::set<std::uint32_t> colours;
  for (std::size_t i = 0; i < static_cast<std::size_t>(width) * height; ++i) {
    const stbi_uc* p = pixels.get() + 3 * i;
    non_white += p[0] < 250 || p[1] < 250 || p[2] < 250;
    colours.insert(p[0] << 16 | p[1] << 8 | p[2]);
  }
  // Text and tables alone give a few hundred grey levels; the viridis maps add thousands of colours.
  EXPECT_GT(non_white, static_cast<std::size_t>(width) * height / 20) << "the page is (almost) blank";
  EXPECT_GT(colours.size(), 1000u) << "no maps on the page";
}

}  // namespace
}  // namespace tarang
