// Golden files for the text engine: src/text/testdata/<name>.tsv hold
// "input<TAB>expected" per line ('#' comments, blank lines ignored). Escapes
// in both columns: \t \n \\ \uXXXX \UXXXXXXXX and \xHH (a raw byte, for
// invalid UTF-8). One harness runs every file through its function and
// prints file:line, input, expected and actual (invisibles escaped) on a
// mismatch. Canonical and normalize cases are also checked for idempotence.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "text/text.h"

namespace vox::text {
namespace {

std::string TestDataDir() {
#ifdef VOX_SOURCE_DIR
  std::string src = VOX_SOURCE_DIR;
#else
  std::string src = ".";
#endif
  std::ifstream probe("src/text/testdata/canonical.tsv");
  if (probe) return "src/text/testdata/";
  return src + "/src/text/testdata/";
}


std::string Unescape(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 >= s.size()) {
      out.push_back(s[i]);
      continue;
    }
    char c = s[++i];
    auto hex = [&](size_t n) {
      uint32_t v = static_cast<uint32_t>(std::stoul(s.substr(i + 1, n), nullptr, 16));
      i += n;
      return v;
    };
    switch (c) {
      case 't': out.push_back('\t'); break;
      case 'n': out.push_back('\n'); break;
      case '\\': out.push_back('\\'); break;
      case 'u': AppendUtf8(hex(4), &out); break;
      case 'U': AppendUtf8(hex(8), &out); break;
      case 'x': out.push_back(static_cast<char>(hex(2))); break;
      default: out.push_back('\\'); out.push_back(c); break;
    }
  }
  return out;
}

// Shows invisibles and non-printing characters as escapes.
std::string Visible(const std::string& s) {
  std::string out;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  for (size_t i = 0; i < s.size();) {
    unsigned char c = p[i];
    if (c == '\t') { out += "\\t"; ++i; continue; }
    if (c == '\n') { out += "\\n"; ++i; continue; }
    if (c < 0x20 || c == 0x7F) { char b[8]; std::snprintf(b, sizeof b, "\\x%02X", c); out += b; ++i; continue; }
    if (c < 0x80) { out.push_back(static_cast<char>(c)); ++i; continue; }
    size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (i + len > s.size() || len == 1) { char b[8]; std::snprintf(b, sizeof b, "\\x%02X", c); out += b; ++i; continue; }
    uint32_t cp = len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (p[i + k] & 0x3F);
    bool invisible = (cp >= 0x300 && cp <= 0x36F) || (cp >= 0x2000 && cp <= 0x200F) ||
                     cp == 0x2060 || cp == 0xFEFF || cp == 0xA0 || cp == 0x202F || cp == 0xAD;
    if (invisible) {
      char b[12];
      std::snprintf(b, sizeof b, "\\u%04X", cp);
      out += b;
    } else {
      out.append(s, i, len);
    }
    i += len;
  }
  return out;
}

const char* KindName(TokenKind k) {
  switch (k) {
    case TokenKind::kWord: return "word";
    case TokenKind::kNumber: return "num";
    case TokenKind::kUrl: return "url";
    case TokenKind::kHashtag: return "tag";
    case TokenKind::kMention: return "at";
    case TokenKind::kEmoji: return "emoji";
    case TokenKind::kMasked: return "mask";
  }
  return "?";
}

// "kind:norm@begin-end" per token, space-separated.
std::string RenderTokens(const std::string& in) {
  std::vector<Token> toks;
  Tokenize(in, &toks);
  std::string out;
  for (const Token& t : toks) {
    if (!out.empty()) out.push_back(' ');
    out += KindName(t.kind);
    out += ":" + t.norm + "@" + std::to_string(t.begin) + "-" + std::to_string(t.end);
  }
  return out;
}

struct Case {
  int line;
  std::string input, expected;
};

std::vector<Case> ReadGolden(const std::string& name) {
  std::vector<Case> cases;
  std::ifstream f(TestDataDir() + name);
  EXPECT_TRUE(f.good()) << "missing golden file " << TestDataDir() + name;
  std::string line;
  int n = 0;
  while (std::getline(f, line)) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    size_t tab = line.find('\t');
    if (tab == std::string::npos) {
      ADD_FAILURE() << name << ":" << n << ": no TAB";
      continue;
    }
    cases.push_back({n, Unescape(line.substr(0, tab)), Unescape(line.substr(tab + 1))});
  }
  return cases;
}

void RunGolden(const std::string& name, const std::function<std::string(const std::string&)>& fn,
               bool idempotent) {
  std::vector<Case> cases = ReadGolden(name);
  EXPECT_FALSE(cases.empty());
  int failures = 0;
  for (const Case& c : cases) {
    std::string got = fn(c.input);
    if (got != c.expected) {
      ++failures;
      ADD_FAILURE() << "\n  " << name << ":" << c.line << "\n  input:    " << Visible(c.input)
                    << "\n  expected: " << Visible(c.expected)
                    << "\n  actual:   " << Visible(got);
    } else if (idempotent) {
      std::string again = fn(got);
      if (again != got) {
        ++failures;
        ADD_FAILURE() << "\n  " << name << ":" << c.line << " not idempotent\n  once:  "
                      << Visible(got) << "\n  twice: " << Visible(again);
      }
    }
  }
  std::printf("[golden] %s: %zu cases, %d failures\n", name.c_str(), cases.size(), failures);
}

TEST(Golden, Canonical) {
  RunGolden("canonical.tsv", [](const std::string& s) { return Canonicalize(s); }, true);
}
TEST(Golden, Normalize) {
  RunGolden("normalize.tsv", [](const std::string& s) { return Normalize(s); }, true);
}
TEST(Golden, Fold) {
  RunGolden("fold.tsv", [](const std::string& s) { return FoldAccents(Normalize(s)); }, false);
}
TEST(Golden, Tokens) { RunGolden("tokens.tsv", RenderTokens, false); }
TEST(Golden, Pii) {
  RunGolden("pii.tsv", [](const std::string& s) { return MaskPii(s); }, true);
}
TEST(Golden, Url) {
  RunGolden("url.tsv", [](const std::string& s) { return CanonicalUrl(s); }, true);
}

}  // namespace
}  // namespace vox::text
