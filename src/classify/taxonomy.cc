// The concern taxonomy and its file format: a small TOML subset.
//
//   # comment
//   version = 1
//   [[category]]
//   id = "dien_nuoc"                 # [a-z0-9_]+, unique, not "none"
//   name = "Điện, nước"
//   keywords = ["mất điện", "cúp nước",
//               "hóa đơn tiền điện"]   # arrays may span lines
//   strong = ["lịch cắt điện"]
//
// Strings are "basic" (escapes \" \\ \n \t \uXXXX) or 'literal'. Anything
// else is an error that names the line.
#include <cstdint>
#include <fstream>
#include <sstream>

#include "classify/classify.h"

extern const char vox_embed_taxonomy[];
extern const unsigned long vox_embed_taxonomy_size;

namespace vox::classify {

namespace {

class TomlReader {
 public:
  TomlReader(std::string_view src, const std::string& name) : src_(src), name_(name) {}

  Result<Taxonomy> Read() {
    Taxonomy tax;
    Category* cur = nullptr;
    while (true) {
      SkipSpaceAndComments(/*newlines=*/true);
      if (pos_ >= src_.size()) break;
      int line = line_;
      if (src_[pos_] == '[') {
        if (src_.substr(pos_, 12) == "[[category]]") {
          pos_ += 12;
          tax.categories.emplace_back();
          cur = &tax.categories.back();
          starts_.push_back(line);
          VOX_RETURN_IF_ERROR(EndOfLine());
          continue;
        }
        return Error(line, "unknown table (only [[category]] is allowed)");
      }
      std::string key;
      while (pos_ < src_.size() && (isalnum(static_cast<unsigned char>(src_[pos_])) || src_[pos_] == '_')) {
        key += src_[pos_++];
      }
      if (key.empty()) return Error(line, "expected a key");
      SkipSpaceAndComments(false);
      if (pos_ >= src_.size() || src_[pos_] != '=') return Error(line, "expected '=' after '" + key + "'");
      ++pos_;
      SkipSpaceAndComments(false);
      if (cur == nullptr) {
        if (key != "version") return Error(line, "unknown top-level key '" + key + "'");
        std::string num;
        while (pos_ < src_.size() && isdigit(static_cast<unsigned char>(src_[pos_]))) num += src_[pos_++];
        if (num != "1") return Error(line, "unsupported version (expected 1)");
      } else if (key == "id" || key == "name") {
        std::string value;
        VOX_RETURN_IF_ERROR(ReadString(&value));
        (key == "id" ? cur->id : cur->name) = std::move(value);
      } else if (key == "keywords" || key == "strong") {
        VOX_RETURN_IF_ERROR(ReadArray(key == "keywords" ? &cur->keywords : &cur->strong));
      } else {
        return Error(line, "unknown key '" + key + "' (expected id, name, keywords, strong)");
      }
      VOX_RETURN_IF_ERROR(EndOfLine());
    }
    VOX_RETURN_IF_ERROR(Check(tax));
    if (tax.categories.empty()) return Status::InvalidArgument(name_ + ": no [[category]]");
    for (auto& c : tax.categories) {
      if (c.name.empty()) c.name = c.id;
    }
    return tax;
  }

 private:
  Status Error(int line, const std::string& msg) const {
    return Status::InvalidArgument(name_ + ":" + std::to_string(line) + ": " + msg);
  }

  Status Check(const Taxonomy& tax) const {
    for (size_t i = 0; i < tax.categories.size(); ++i) {
      const Category& c = tax.categories[i];
      int line = starts_[i];
      if (c.id.empty()) return Error(line, "category without id");
      for (char ch : c.id) {
        if (!(islower(static_cast<unsigned char>(ch)) || isdigit(static_cast<unsigned char>(ch)) || ch == '_')) {
          return Error(line, "category id '" + c.id + "': use a-z, 0-9 and _");
        }
      }
      if (c.id == kNoConcern) return Error(line, "category id 'none' is reserved (no concern)");
      for (size_t j = 0; j < i; ++j) {
        if (tax.categories[j].id == c.id) return Error(line, "duplicate category id '" + c.id + "'");
      }
      if (c.keywords.empty() && c.strong.empty()) {
        return Error(line, "category '" + c.id + "' has no keywords");
      }
    }
    return Status::Ok();
  }

  void SkipSpaceAndComments(bool newlines) {
    while (pos_ < src_.size()) {
      char c = src_[pos_];
      if (c == ' ' || c == '\t' || c == '\r') {
        ++pos_;
      } else if (c == '#') {
        while (pos_ < src_.size() && src_[pos_] != '\n') ++pos_;
      } else if (c == '\n' && newlines) {
        ++pos_;
        ++line_;
      } else {
        break;
      }
    }
  }

  Status EndOfLine() {
    SkipSpaceAndComments(false);
    if (pos_ < src_.size() && src_[pos_] != '\n') return Error(line_, "unexpected text after the value");
    return Status::Ok();
  }

  Status ReadString(std::string* out) {
    if (pos_ >= src_.size() || (src_[pos_] != '"' && src_[pos_] != '\'')) {
      return Error(line_, "expected a quoted string");
    }
    char q = src_[pos_++];
    int line = line_;
    while (pos_ < src_.size() && src_[pos_] != q) {
      char c = src_[pos_++];
      if (c == '\n') return Error(line, "unterminated string");
      if (c == '\\' && q == '"') {
        if (pos_ >= src_.size()) break;
        char e = src_[pos_++];
        switch (e) {
          case '"': out->push_back('"'); break;
          case '\\': out->push_back('\\'); break;
          case 'n': out->push_back('\n'); break;
          case 't': out->push_back('\t'); break;
          case 'u': {
            if (pos_ + 4 > src_.size()) return Error(line, "bad \\u escape");
            uint32_t cp = 0;
            for (int k = 0; k < 4; ++k) {
              char h = src_[pos_++];
              cp <<= 4;
              if (h >= '0' && h <= '9') cp |= h - '0';
              else if (h >= 'a' && h <= 'f') cp |= h - 'a' + 10;
              else if (h >= 'A' && h <= 'F') cp |= h - 'A' + 10;
              else return Error(line, "bad \\u escape");
            }
            if (cp < 0x80) {
              out->push_back(static_cast<char>(cp));
            } else if (cp < 0x800) {
              out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
              out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
            } else {
              out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
              out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
              out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
            }
            break;
          }
          default: return Error(line, std::string("unknown escape \\") + e);
        }
      } else {
        out->push_back(c);
      }
    }
    if (pos_ >= src_.size()) return Error(line, "unterminated string");
    ++pos_;
    return Status::Ok();
  }

  Status ReadArray(std::vector<std::string>* out) {
    int line = line_;
    if (pos_ >= src_.size() || src_[pos_] != '[') return Error(line, "expected an array [\"...\", ...]");
    ++pos_;
    while (true) {
      SkipSpaceAndComments(true);
      if (pos_ >= src_.size()) return Error(line, "unterminated array");
      if (src_[pos_] == ']') {
        ++pos_;
        return Status::Ok();
      }
      std::string s;
      VOX_RETURN_IF_ERROR(ReadString(&s));
      if (s.find_first_not_of(" \t") == std::string::npos) return Error(line_, "empty keyword");
      out->push_back(std::move(s));
      SkipSpaceAndComments(true);
      if (pos_ < src_.size() && src_[pos_] == ',') {
        ++pos_;
      } else if (pos_ < src_.size() && src_[pos_] != ']') {
        return Error(line_, "expected ',' or ']' in array");
      }
    }
  }

  std::string_view src_;
  std::string name_;
  size_t pos_ = 0;
  int line_ = 1;
  std::vector<int> starts_;  // line of each [[category]]
};

Result<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return Status::IoError("cannot read " + path);
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

}  // namespace

Result<Taxonomy> Taxonomy::Parse(std::string_view toml, const std::string& name) {
  return TomlReader(toml, name).Read();
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
