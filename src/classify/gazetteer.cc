// The gazetteer: local places and their aliases, matched on tokens with
// the PhraseMatcher (leftmost-longest, so "chợ An Điềm" wins over "An Điềm"
// and "đường Bãi Dâu" over "Bãi Dâu"). A match also tags the place's parents.
#include <fstream>
#include <sstream>
#include <unordered_map>

#include "classify/classify.h"
#include "classify/matcher.h"

extern const char vox_embed_gazetteer[];
extern const unsigned long vox_embed_gazetteer_size;

namespace vox::classify {

namespace {

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t\r");
  return std::string(s.substr(b, e - b + 1));
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t p = s.find(sep, start);
    out.push_back(s.substr(start, p == std::string_view::npos ? std::string_view::npos : p - start));
    if (p == std::string_view::npos) break;
    start = p + 1;
  }
  return out;
}

}  // namespace

struct Gazetteer::Impl {
  std::vector<Place> places;
  std::vector<int> parent;  // index or -1
  std::unordered_map<std::string, int> by_name;
  internal::PhraseMatcher matcher;
};

Gazetteer::Gazetteer() : impl_(std::make_unique<Impl>()) {}
Gazetteer::~Gazetteer() = default;
Gazetteer::Gazetteer(Gazetteer&&) noexcept = default;
Gazetteer& Gazetteer::operator=(Gazetteer&&) noexcept = default;

Result<Gazetteer> Gazetteer::Parse(std::string_view tsv, const std::string& name) {
  Gazetteer g;
  Impl& im = *g.impl_;
  std::vector<int> lines;
  int line_no = 0;
  for (std::string_view line : Split(tsv, '\n')) {
    ++line_no;
    std::string t = Trim(line);
    if (t.empty() || t[0] == '#') continue;
    auto err = [&](const std::string& msg) {
      return Status::InvalidArgument(name + ":" + std::to_string(line_no) + ": " + msg);
    };
    if (!text::IsValidUtf8(line)) return err("invalid UTF-8");
    auto cols = Split(line, '\t');
    if (cols.size() < 2 || cols.size() > 4) {
      return err("expected name<TAB>type<TAB>parent<TAB>aliases (2 to 4 columns), got " +
                 std::to_string(cols.size()));
    }
    Place p;
    p.name = Trim(cols[0]);
    p.type = Trim(cols[1]);
    if (p.name.empty()) return err("empty place name");
    if (p.type.empty()) return err("empty place type");
    if (cols.size() > 2) p.parent = Trim(cols[2]);
    if (cols.size() > 3) {
      for (auto a : Split(cols[3], '|')) {
        std::string alias = Trim(a);
        if (!alias.empty()) p.aliases.push_back(std::move(alias));
      }
    }
    if (im.by_name.count(p.name)) return err("duplicate place '" + p.name + "'");
    int idx = static_cast<int>(im.places.size());
    im.by_name.emplace(p.name, idx);
    if (!im.matcher.Add(p.name, idx)) return err("place name has no words");
    for (const auto& a : p.aliases) {
      if (!im.matcher.Add(a, idx)) return err("alias '" + a + "' has no words");
    }
    im.places.push_back(std::move(p));
    lines.push_back(line_no);
  }
  im.parent.assign(im.places.size(), -1);
  for (size_t i = 0; i < im.places.size(); ++i) {
    const auto& par = im.places[i].parent;
    if (par.empty()) continue;
    auto it = im.by_name.find(par);
    if (it == im.by_name.end()) {
      return Status::InvalidArgument(name + ":" + std::to_string(lines[i]) + ": unknown parent '" + par + "'");
    }
    im.parent[i] = it->second;
  }
  // Refuse cycles: a chain longer than the number of places loops.
  for (size_t i = 0; i < im.places.size(); ++i) {
    int p = im.parent[i];
    for (size_t steps = 0; p >= 0; ++steps, p = im.parent[p]) {
      if (steps > im.places.size()) {
        return Status::InvalidArgument(name + ":" + std::to_string(lines[i]) + ": parent cycle");
      }
    }
  }
  return g;
}

Result<Gazetteer> Gazetteer::LoadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return Status::IoError("cannot read " + path);
  std::ostringstream ss;
  ss << f.rdbuf();
  return Parse(ss.str(), path);
}

std::string_view Gazetteer::DefaultText() { return {vox_embed_gazetteer, vox_embed_gazetteer_size}; }

const Gazetteer& Gazetteer::Default() {
  static const Gazetteer* g = [] {
    auto r = Parse(DefaultText(), "data/gazetteer.tsv");
    // The built-in file is checked by the tests; an error here is a build bug.
    return new Gazetteer(r.ok() ? std::move(r).value() : Gazetteer());
  }();
  return *g;
}

const std::vector<Place>& Gazetteer::places() const { return impl_->places; }

const Place* Gazetteer::Find(std::string_view name) const {
  auto it = impl_->by_name.find(std::string(name));
  return it == impl_->by_name.end() ? nullptr : &impl_->places[it->second];
}

std::vector<std::string> Gazetteer::Tag(const std::vector<text::Token>& tokens) const {
  std::vector<int> found;
  auto add = [&](int idx) {
    for (int f : found) {
      if (f == idx) return;
    }
    found.push_back(idx);
  };
  impl_->matcher.FindLongest(tokens, [&](size_t, size_t, int idx) { add(idx); });
  size_t direct = found.size();
  for (size_t i = 0; i < direct; ++i) {
    for (int p = impl_->parent[found[i]]; p >= 0; p = impl_->parent[p]) add(p);
  }
  std::vector<std::string> out;
  out.reserve(found.size());
  for (int f : found) out.push_back(impl_->places[f].name);
  return out;
}

std::vector<std::string> Gazetteer::TagText(std::string_view text) const {
  std::vector<text::Token> toks;
  text::Tokenize(text, &toks);
  return Tag(toks);
}

}  // namespace vox::classify
