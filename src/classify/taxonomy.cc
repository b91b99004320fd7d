// The concern taxonomy and its file format: TOML 1.0 (read by toml++), with
// this shape:
//
//   version = 1                      # optional; 1 is the only version
//   [[category]]
//   id = "dien_nuoc"                 # [a-z0-9_]+, unique, not "none"
//   name = "Điện, nước"              # optional, defaults to the id
//   keywords = ["mất điện", "cúp nước",
//               "hóa đơn tiền điện"]
//   strong = ['lịch cắt điện']
//
// Any TOML spelling of the same document is accepted (inline tables,
// `category = [{ id = "a", keywords = ["x"] }]`, multi-line and literal
// strings, comments anywhere). Every error names the file and the line:
// syntax errors where toml++ found them, shape errors (unknown key, wrong
// type, bad or duplicate id, a category without keywords) at the key or
// the category they concern. When a document has several shape errors the
// first one in the file is reported.
#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "classify/classify.h"

extern const char vox_embed_taxonomy[];
extern const unsigned long vox_embed_taxonomy_size;

namespace vox::classify {

namespace {

struct ShapeError {
  uint32_t line;
  std::string message;
};

class ShapeChecker {
 public:
  // Adds an error at `line` (0 when toml++ knows no position: sorts first).
  void Add(const toml::source_region& where, std::string message) {
    errors_.push_back({where.begin.line, std::move(message)});
  }
  bool empty() const { return errors_.empty(); }
  size_t size() const { return errors_.size(); }
  // The error that comes first in the file.
  const ShapeError& First() const {
    return *std::min_element(errors_.begin(), errors_.end(),
                             [](const ShapeError& a, const ShapeError& b) { return a.line < b.line; });
  }

 private:
  std::vector<ShapeError> errors_;
};

std::string TypeName(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a number";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::date:
    case toml::node_type::time:
    case toml::node_type::date_time: return "a date or time";
    default: return "nothing";
  }
}

void ReadString(const toml::key& key, const toml::node& value, std::string* out, ShapeChecker* errors) {
  if (const auto* s = value.as_string()) {
    *out = s->get();
  } else {
    errors->Add(key.source(), "'" + std::string(key.str()) + "' must be a string, not " + TypeName(value));
  }
}

void ReadKeywords(const toml::key& key, const toml::node& value, std::vector<std::string>* out,
                  ShapeChecker* errors) {
  const auto* arr = value.as_array();
  if (arr == nullptr) {
    errors->Add(key.source(), "'" + std::string(key.str()) + "' must be an array of strings [\"...\", ...], not " +
                                  TypeName(value));
    return;
  }
  for (const toml::node& el : *arr) {
    const auto* s = el.as_string();
    if (s == nullptr) {
      errors->Add(el.source(), "'" + std::string(key.str()) + "' holds " + TypeName(el) + "; only strings belong there");
    } else if (s->get().find_first_not_of(" \t\r\n") == std::string::npos) {
      errors->Add(el.source(), "empty keyword in '" + std::string(key.str()) + "'");
    } else {
      out->push_back(s->get());
    }
  }
}

void ReadCategory(const toml::table& t, Category* c, ShapeChecker* errors) {
  const size_t errors_before = errors->size();
  for (const auto& [key, value] : t) {
    if (key == "id" || key == "name") {
      ReadString(key, value, key == "id" ? &c->id : &c->name, errors);
    } else if (key == "keywords" || key == "strong") {
      ReadKeywords(key, value, key == "keywords" ? &c->keywords : &c->strong, errors);
    } else {
      errors->Add(key.source(), "unknown key '" + std::string(key.str()) + "' (expected id, name, keywords, strong)");
    }
  }
  // The category as a whole is judged only when its keys were well formed:
  // a wrong key's own error is the one to report.
  if (errors->size() != errors_before) return;
  const toml::source_region& where = t.source();
  if (c->id.empty()) {
    errors->Add(where, "category without id");
    return;
  }
  for (char ch : c->id) {
    if (!(islower(static_cast<unsigned char>(ch)) || isdigit(static_cast<unsigned char>(ch)) || ch == '_')) {
      errors->Add(where, "category id '" + c->id + "': use a-z, 0-9 and _");
      return;
    }
  }
  if (c->id == kNoConcern) errors->Add(where, "category id 'none' is reserved (no concern)");
  if (c->keywords.empty() && c->strong.empty()) errors->Add(where, "category '" + c->id + "' has no keywords");
}

// Rewords toml++'s commonest syntax errors for the office's staff; the rest
// keep toml++'s own description.
std::string Describe(const toml::parse_error& e, std::string_view src) {
  std::string_view d = e.description();
  const toml::source_position& at = e.source().begin;
  // The byte at the error's position (columns count code points).
  size_t off = 0;
  for (uint32_t line = 1; line < at.line && off < src.size(); ++off) {
    if (src[off] == '\n') ++line;
  }
  for (uint32_t col = 1; col < at.column && off < src.size() && src[off] != '\n'; ++col) {
    ++off;
    while (off < src.size() && (static_cast<unsigned char>(src[off]) & 0xC0) == 0x80) ++off;
  }
  const bool at_end_of_line = off >= src.size() || src[off] == '\n' || src[off] == '\r';
  auto starts = [&](std::string_view p) { return d.substr(0, p.size()) == p; };
  if (starts("Error while parsing array") && d.find("end-of-file") != std::string_view::npos) {
    return "unterminated array";
  }
  if (starts("Error while parsing string") && at_end_of_line) return "unterminated string";
  if (d.find("expected a comment or whitespace") != std::string_view::npos) {
    return "unexpected text after the value (" + std::string(d) + ")";
  }
  return std::string(d) + " (column " + std::to_string(at.column) + ")";
}

Result<Taxonomy> ReadTaxonomy(std::string_view src, const std::string& name) {
  toml::table doc;
  try {
    doc = toml::parse(src, std::string_view(name));
  } catch (const toml::parse_error& e) {
    return Status::InvalidArgument(name + ":" + std::to_string(e.source().begin.line) + ": " + Describe(e, src));
  }
  Taxonomy tax;
  ShapeChecker errors;
  for (const auto& [key, value] : doc) {
    if (key == "version") {
      const auto* v = value.as_integer();
      if (v == nullptr || v->get() != 1) errors.Add(key.source(), "unsupported version (expected 1)");
    } else if (key == "category") {
      const auto* arr = value.as_array();
      if (arr == nullptr || !arr->is_array_of_tables()) {
        errors.Add(key.source(), "'category' must be [[category]] tables");
        continue;
      }
      for (const toml::node& n : *arr) {
        tax.categories.emplace_back();
        ReadCategory(*n.as_table(), &tax.categories.back(), &errors);
      }
    } else if (value.is_table()) {
      errors.Add(key.source(), "unknown table [" + std::string(key.str()) + "] (only [[category]] is allowed)");
    } else {
      errors.Add(key.source(), "unknown top-level key '" + std::string(key.str()) + "'");
    }
  }
  if (const auto* arr = doc["category"].as_array(); arr != nullptr && arr->is_array_of_tables()) {
    for (size_t i = 0; i < arr->size(); ++i) {
      const Category& c = tax.categories[i];
      for (size_t j = 0; j < i && !c.id.empty(); ++j) {
        if (tax.categories[j].id == c.id) {
          errors.Add((*arr)[i].source(), "duplicate category id '" + c.id + "'");
          break;
        }
      }
    }
  }
  if (!errors.empty()) {
    const ShapeError& e = errors.First();
    return Status::InvalidArgument(name + ":" + std::to_string(e.line) + ": " + e.message);
  }
  if (tax.categories.empty()) return Status::InvalidArgument(name + ": no [[category]]");
  for (auto& c : tax.categories) {
    if (c.name.empty()) c.name = c.id;
  }
  return tax;
}

Result<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return Status::IoError("cannot read " + path);
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

}  // namespace

Result<Taxonomy> Taxonomy::Parse(std::string_view toml, const std::string& name) {
  return ReadTaxonomy(toml, name);
}

Result<Taxonomy> Taxonomy::LoadFile(const std::string& path) {
  auto data = ReadWholeFile(path);
  if (!data.ok()) return data.status();
  return Parse(*data, path);
}

std::string_view Taxonomy::DefaultText() { return {vox_embed_taxonomy, vox_embed_taxonomy_size}; }

const Taxonomy& Taxonomy::Default() {
  static const Taxonomy* tax = [] {
    auto r = Parse(DefaultText(), "data/taxonomy.toml");
    // The built-in file is checked by the tests; an error here is a build bug.
    return new Taxonomy(r.ok() ? std::move(r).value() : Taxonomy{});
  }();
  return *tax;
}

const Category* Taxonomy::Find(std::string_view id) const {
  for (const auto& c : categories) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

}  // namespace vox::classify
