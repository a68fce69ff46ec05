// `tarang export` and `tarang report` on good and bad input: each bad input is an InputError with a message that
// names the problem, and nothing is written.
#include "cli/export_args.h"

#include <gtest/gtest.h>
#include <hdf5.h>
#include <unistd.h>

#include <filesystem>

#include "tests/io/export_test_support.h"
#include "cli/report_args.h"
#include "core/error.h"
#include "io/results_h5.h"

namespace tarang {
namespace {

class ExportCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    write_coverage_result(dir / "in.h5", test::make_export_result());
    std::filesystem::create_directories(dir.path() / "out");
  }

  // Runs export and returns the InputError message, or "" when it succeeded.
  std::string export_error(const ExportArgs& args) {
    try {
      run_export_command(args);
    } catch (const InputError& e) {
      return e.what();
    }
    return "";
  }

  std::size_t written() const {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::recursive_directory_iterator(dir.path() / "out")) ++n;
    return n;
  }

  ExportArgs args(const std::string& layer, const std::string& format, const std::string& output) const {
    return ExportArgs{dir / "in.h5", layer, format, output};
  }

  test::ScratchFolder dir{"export_command"};
};

TEST_F(ExportCommand, WritesEachFormat) {
  EXPECT_EQ(run_export_command(args("rsrp", "", dir / "out/rsrp.tif")), 0);
  EXPECT_EQ(run_export_command(args("best_sector", "png", dir / "out/best.png")), 0);
  EXPECT_EQ(run_export_command(args("gain:beta-1", "kml", dir / "out/beta.kmz")), 0);
  EXPECT_EQ(run_export_command(args("sinr", "geotiff", dir / "out/sinr.TIFF")), 0);
  EXPECT_EQ(written(), 4u);
}

TEST_F(ExportCommand, LayerNotInTheFile) {
  const std::string message = export_error(args("rsrq", "", dir / "out/x.png"));
  EXPECT_EQ(message.rfind(dir / "in.h5" + ": --layer: no layer 'rsrq' in this file (layers: rsrp, sinr", 0), 0u)
      << message;
  EXPECT_EQ(written(), 0u);
}

TEST_F(ExportCommand, UnknownSector) {
  EXPECT_EQ(export_error(args("gain:gamma-9", "", dir / "out/x.tif")),
            dir / "in.h5" + ": --layer: no sector 'gamma-9' in this file (sectors: alpha-1, alpha-2, beta-1)");
  EXPECT_EQ(written(), 0u);
}

TEST_F(ExportCommand, OutputFolderMissing) {
  EXPECT_EQ(
      export_error(args("rsrp", "", dir / "out/missing/x.png")),
      dir / "out/missing/x.png" + ": cannot write output file: folder '" + dir / "out/missing" + "' does not exist");
  EXPECT_EQ(written(), 0u);
}

TEST_F(ExportCommand, OutputFolderNotWritable) {
  if (::geteuid() == 0) GTEST_SKIP() << "root may write into read-only folders";
  std::filesystem::permissions(dir.path() / "out",
                               std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
  const std::string message = export_error(args("rsrp", "", dir / "out/x.png"));
  std::filesystem::permissions(dir.path() / "out", std::filesystem::perms::owner_all);
  EXPECT_EQ(
      message.rfind(dir / "out/x.png" + ": cannot write output file: folder '" + dir / "out" + "' is not writable", 0),
      0u)
      << message;
  EXPECT_EQ(written(), 0u);
}

TEST_F(ExportCommand, UnknownFormat) {
  EXPECT_EQ(export_error(args("rsrp", "jpeg", dir / "out/x.jpg")),
            "command line: --format: unknown format 'jpeg' (use geotiff, png or kml)");
  EXPECT_EQ(export_error(args("rsrp", "", dir / "out/x.jpg")), "command line: --format: cannot tell the format from '" +
                                                                   dir / "out/x.jpg" +
                                                                   "'; give --format geotiff, png or kml");
  EXPECT_EQ(export_error(args("rsrp", "kml", dir / "out/x.kml")),
            dir / "out/x.kml" + ": KML export writes a KMZ (KML and images zipped); name the output .kmz");
  EXPECT_EQ(written(), 0u);
}

TEST_F(ExportCommand, NotAResultFile) {
  const hid_t file = H5Fcreate((dir / "other.h5").c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  ASSERT_GE(file, 0);
  H5Fclose(file);
  ExportArgs a = args("rsrp", "", dir / "out/x.png");
  a.result_path = dir / "other.h5";
  EXPECT_EQ(export_error(a), dir / "other.h5" + ": not a tarang results file (format attribute missing)");
  a.result_path = dir / "nothing.h5";
  EXPECT_NE(export_error(a), "");
  EXPECT_EQ(written(), 0u);
}

class ReportCommand : public ExportCommand {
 protected:
  std::string report_error(const ReportArgs& a) {
    try {
      run_report_command(a);
    } catch (const InputError& e) {
      return e.what();
    }
    return "";
  }
};

TEST_F(ReportCommand, WritesOneHtmlFile) {
  EXPECT_EQ(run_report_command(ReportArgs{{dir / "in.h5", dir / "in.h5"}, dir / "out/report.html"}), 0);
  EXPECT_EQ(written(), 1u);
}

TEST_F(ReportCommand, BadInputWritesNothing) {
  const hid_t file = H5Fcreate((dir / "other.h5").c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  ASSERT_GE(file, 0);
  H5Fclose(file);
  EXPECT_EQ(report_error(ReportArgs{{dir / "in.h5", dir / "other.h5"}, dir / "out/r.html"}),
            dir / "other.h5" + ": not a tarang results file (format attribute missing)");
  EXPECT_EQ(
      report_error(ReportArgs{{dir / "in.h5"}, dir / "out/missing/r.html"}),
      dir / "out/missing/r.html" + ": cannot write output file: folder '" + dir / "out/missing" + "' does not exist");
  EXPECT_EQ(report_error(ReportArgs{{}, dir / "out/r.html"}), "command line: report: give at least one result file");
  EXPECT_EQ(written(), 0u);
}

}  // namespace
}  // namespace tarang
