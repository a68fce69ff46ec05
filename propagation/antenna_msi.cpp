// MSI / Planet antenna file parser and writer.
#include "propagation/antenna_msi.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "core/error.h"

namespace tarang {

namespace {

constexpr int kCutRows = 360;

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::vector<std::string> split_whitespace(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> tokens;
  for (std::string t; in >> t;) tokens.push_back(t);
  return tokens;
}

// The text after the first token, without surrounding whitespace.
std::string rest_of_line(const std::string& text) {
  const auto is_space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  auto it = std::find_if_not(text.begin(), text.end(), is_space);
  it = std::find_if(it, text.end(), is_space);
  it = std::find_if_not(it, text.end(), is_space);
  auto end = text.end();
  while (end != it && is_space(*(end - 1))) --end;
  return std::string(it, end);
}

std::optional<double> to_number(const std::string& token) {
  const char* first = token.data();
  const char* last = first + token.size();
  if (first != last && *first == '+') ++first;
  double v = 0.0;
  const auto [end, ec] = std::from_chars(first, last, v);
  if (ec != std::errc() || end != last || !std::isfinite(v)) return std::nullopt;
  return v;
}

bool is_section_or_header_key(const std::string& key) {
  static const char* const kKeys[] = {"NAME", "MAKE", "FREQUENCY", "H_WIDTH",      "V_WIDTH",    "FRONT_TO_BACK",
                                      "GAIN", "TILT", "COMMENT",   "POLARIZATION", "HORIZONTAL", "VERTICAL"};
  return std::any_of(std::begin(kKeys), std::end(kKeys), [&](const char* k) { return key == k; });
}

// Lines of a file with 1-based numbers; CR of CRLF endings removed.
class LineReader {
 public:
  explicit LineReader(std::ifstream& in) : in_(in) {}
  // Next non-blank line split into tokens; false at end of file.
  bool next(std::vector<std::string>& tokens) {
    while (std::getline(in_, text_)) {
      ++number_;
      if (!text_.empty() && text_.back() == '\r') text_.pop_back();
      tokens = split_whitespace(text_);
      if (!tokens.empty()) return true;
    }
    return false;
  }
  int number() const { return number_; }
  const std::string& text() const { return text_; }

 private:
  std::ifstream& in_;
  std::string text_;
  int number_ = 0;
};

class MsiParser {
 public:
  MsiParser(std::string path, std::ifstream& in) : path_(std::move(path)), lines_(in) {}

  AntennaPatternTable parse() {
    bool have_horizontal = false, have_vertical = false, have_gain = false;
    std::vector<std::string> tokens;
    while (lines_.next(tokens)) {
      const std::string key = upper(tokens[0]);
      if (key == "HORIZONTAL" || key == "VERTICAL") {
        bool& seen = key == "HORIZONTAL" ? have_horizontal : have_vertical;
        if (seen) fail(key, "duplicate " + key + " section");
        seen = true;
        read_section(key, tokens, key == "HORIZONTAL" ? table_.horizontal_db : table_.vertical_db);
      } else if (to_number(tokens[0])) {
        fail("", "data row outside a HORIZONTAL or VERTICAL section (a section with more than 360 rows?)");
      } else {
        have_gain = read_header(key, tokens) || have_gain;
      }
    }
    const int end_line = lines_.number();
    if (!have_horizontal) throw InputError(path_, end_line, "HORIZONTAL", "missing HORIZONTAL section");
    if (!have_vertical) throw InputError(path_, end_line, "VERTICAL", "missing VERTICAL section");
    if (!have_gain) throw InputError(path_, end_line, "GAIN", "missing GAIN");
    return table_;
  }

 private:
  [[noreturn]] void fail(const std::string& key, const std::string& message) const {
    throw InputError(path_, lines_.number(), key, message);
  }

  double number(const std::string& key, const std::string& token) const {
    const std::optional<double> v = to_number(token);
    if (!v) fail(key, "not a number: '" + token + "'");
    return *v;
  }

  double value(const std::string& key, const std::vector<std::string>& tokens) const {
    if (tokens.size() < 2) fail(key, "missing value");
    return number(key, tokens[1]);
  }

  // One header line; returns true when it was GAIN.
  bool read_header(const std::string& key, const std::vector<std::string>& tokens) {
    if (key == "NAME") {
      table_.name = rest_of_line(lines_.text());
    } else if (key == "MAKE") {
      table_.make = rest_of_line(lines_.text());
    } else if (key == "POLARIZATION") {
      table_.polarization = rest_of_line(lines_.text());
    } else if (key == "COMMENT") {
      if (!table_.comment.empty()) table_.comment += '\n';
      table_.comment += rest_of_line(lines_.text());
    } else if (key == "FREQUENCY") {
      read_frequency(key, tokens);
    } else if (key == "H_WIDTH") {
      table_.h_width_deg = value(key, tokens);
    } else if (key == "V_WIDTH") {
      table_.v_width_deg = value(key, tokens);
    } else if (key == "FRONT_TO_BACK") {
      table_.front_to_back_db = value(key, tokens);
    } else if (key == "GAIN") {
      read_gain(key, tokens);
      return true;
    } else if (key == "TILT") {
      read_tilt(key, tokens);
    }
    return false;  // other keys: ignored
  }

  void read_frequency(const std::string& key, const std::vector<std::string>& tokens) {
    const double v = value(key, tokens);
    const std::string unit = tokens.size() > 2 ? upper(tokens[2]) : "MHZ";
    double scale = 0.0;
    if (unit == "HZ") scale = 1.0;
    else if (unit == "KHZ") scale = 1e3;
    else if (unit == "MHZ") scale = 1e6;
    else if (unit == "GHZ") scale = 1e9;
    else fail(key, "unknown frequency unit '" + tokens[2] + "' (Hz, kHz, MHz or GHz)");
    if (tokens.size() > 3) fail(key, "expected 'FREQUENCY value [unit]'");
    table_.frequency_hz = v * scale;
  }

  void read_gain(const std::string& key, const std::vector<std::string>& tokens) {
    const double v = value(key, tokens);
    const std::string unit = tokens.size() > 2 ? upper(tokens[2]) : "DBD";
    if (tokens.size() > 3) fail(key, "expected 'GAIN value [dBd|dBi]'");
    if (unit == "DBD") table_.gain_dbi = v + kDbdToDbi_db;
    else if (unit == "DBI") table_.gain_dbi = v;
    else fail(key, "unknown gain unit '" + tokens[2] + "' (dBd or dBi)");
  }

  void read_tilt(const std::string& key, const std::vector<std::string>& tokens) {
    for (std::size_t i = 1; i < tokens.size(); ++i) {
      const std::string word = upper(tokens[i]);
      if (word == "ELECTRICAL") table_.tilt_kind = MsiTiltKind::Electrical;
      else if (word == "MECHANICAL") table_.tilt_kind = MsiTiltKind::Mechanical;
      else table_.tilt_deg = number(key, tokens[i]);
    }
  }

  // The 360 rows after a section header; every whole angle 0..359 exactly once.
  void read_section(const std::string& key, const std::vector<std::string>& header, std::array<float, 360>& cut) {
    if (header.size() > 2) fail(key, "expected '" + key + " 360'");
    if (header.size() == 2 && number(key, header[1]) != kCutRows) {
      fail(key, "a section must have 360 rows, the header gives " + header[1]);
    }
    std::array<int, kCutRows> first_line{};  // line of each angle's row, 0 = not yet seen
    std::vector<std::string> tokens;
    for (int row = 0; row < kCutRows; ++row) {
      if (!lines_.next(tokens)) {
        fail(key, "the section ends at the end of the file after " + std::to_string(row) + " of 360 rows");
      }
      if (is_section_or_header_key(upper(tokens[0]))) {
        fail(key, "the section has " + std::to_string(row) + " rows, expected 360");
      }
      if (tokens.size() != 2) fail(key, "expected 'angle attenuation_dB'");
      const double angle = number(key, tokens[0]);
      const double attenuation_db = number(key, tokens[1]);
      if (angle != std::floor(angle) || angle < 0.0 || angle >= kCutRows) {
        fail(key, "angle " + tokens[0] + " is not a whole degree in 0..359");
      }
      const int a = static_cast<int>(angle);
      if (first_line[a] != 0) fail(key, "duplicate angle " + tokens[0] + " (first on line " +
                                            std::to_string(first_line[a]) + ")");
      first_line[a] = lines_.number();
      cut[a] = static_cast<float>(attenuation_db);
    }
  }

  std::string path_;
  LineReader lines_;
  AntennaPatternTable table_;
};

// Shortest text that reads back to the same value.
template <typename T>
std::string shortest(T v) {
  char buf[64];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, end);
}

}  // namespace

double msi_electrical_tilt_deg(const AntennaPatternTable& table) {
  return table.tilt_kind == MsiTiltKind::Electrical ? table.tilt_deg.value_or(0.0) : 0.0;
}

AntennaPatternTable load_msi_file(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw InputError(path, "antenna file not found");
  if (!std::filesystem::is_regular_file(path, ec)) throw InputError(path, "antenna file is not a regular file");
  std::ifstream in(path);
  if (!in) throw InputError(path, "cannot open antenna file");
  return MsiParser(path, in).parse();
}

void write_msi_file(const AntennaPatternTable& table, const std::string& path) {
  std::ofstream out(path);
  if (!out) throw InputError(path, "cannot write antenna file");
  if (!table.name.empty()) out << "NAME " << table.name << '\n';
  if (!table.make.empty()) out << "MAKE " << table.make << '\n';
  if (table.frequency_hz) out << "FREQUENCY " << shortest(*table.frequency_hz / 1e6) << '\n';
  if (table.h_width_deg) out << "H_WIDTH " << shortest(*table.h_width_deg) << '\n';
  if (table.v_width_deg) out << "V_WIDTH " << shortest(*table.v_width_deg) << '\n';
  if (table.front_to_back_db) out << "FRONT_TO_BACK " << shortest(*table.front_to_back_db) << '\n';
  out << "GAIN " << shortest(table.gain_dbi) << " dBi\n";
  if (table.tilt_kind != MsiTiltKind::Unspecified || table.tilt_deg) {
    out << "TILT";
    if (table.tilt_kind == MsiTiltKind::Electrical) out << " ELECTRICAL";
    if (table.tilt_kind == MsiTiltKind::Mechanical) out << " MECHANICAL";
    if (table.tilt_deg) out << ' ' << shortest(*table.tilt_deg);
    out << '\n';
  }
  if (!table.polarization.empty()) out << "POLARIZATION " << table.polarization << '\n';
  if (!table.comment.empty()) {
    std::istringstream comments(table.comment);
    for (std::string line; std::getline(comments, line);) out << "COMMENT " << line << '\n';
  }
  const auto write_cut = [&](const char* key, const std::array<float, 360>& cut) {
    out << key << " 360\n";
    for (int a = 0; a < kCutRows; ++a) out << a << ' ' << shortest(cut[a]) << '\n';
  };
  write_cut("HORIZONTAL", table.horizontal_db);
  write_cut("VERTICAL", table.vertical_db);
  out.close();
  if (!out) throw InputError(path, "cannot write antenna file");
}

std::array<float, 720> msi_packed_cuts(const AntennaPatternTable& table) {
  std::array<float, 720> packed{};
  std::copy(table.horizontal_db.begin(), table.horizontal_db.end(), packed.begin());
  std::copy(table.vertical_db.begin(), table.vertical_db.end(), packed.begin() + kCutRows);
  return packed;
}

}  // namespace tarang
