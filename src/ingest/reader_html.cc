// HTML to plain text for feed bodies. Not an HTML parser: a tolerant scanner
// that is good enough for the markup news feeds put in <description> and
// <content>, and that never fails or reads out of bounds on any input.
#include <cstdint>
#include <cstring>

#include "ingest/reader_internal.h"
#include "text/text.h"

namespace vox::ingest::internal {
namespace {

struct Entity {
  const char* name;
  uint32_t cp;
};

// The references that occur in Vietnamese and English feeds: XML's five,
// typography, and the Latin-1 letters Vietnamese uses (other Vietnamese
// letters are written as numeric references or raw UTF-8).
constexpr Entity kEntities[] = {
    {"amp", '&'},       {"lt", '<'},         {"gt", '>'},         {"quot", '"'},
    {"apos", '\''},     {"nbsp", ' '},       {"ndash", 0x2013},   {"mdash", 0x2014},
    {"hellip", 0x2026}, {"lsquo", 0x2018},   {"rsquo", 0x2019},   {"ldquo", 0x201C},
    {"rdquo", 0x201D},  {"laquo", 0xAB},     {"raquo", 0xBB},     {"copy", 0xA9},
    {"reg", 0xAE},      {"deg", 0xB0},       {"middot", 0xB7},    {"bull", 0x2022},
    {"euro", 0x20AC},   {"times", 0xD7},     {"Agrave", 0xC0},    {"Aacute", 0xC1},
    {"Acirc", 0xC2},    {"Atilde", 0xC3},    {"Egrave", 0xC8},    {"Eacute", 0xC9},
    {"Ecirc", 0xCA},    {"Igrave", 0xCC},    {"Iacute", 0xCD},    {"Ograve", 0xD2},
    {"Oacute", 0xD3},   {"Ocirc", 0xD4},     {"Otilde", 0xD5},    {"Ugrave", 0xD9},
    {"Uacute", 0xDA},   {"Yacute", 0xDD},    {"agrave", 0xE0},    {"aacute", 0xE1},
    {"acirc", 0xE2},    {"atilde", 0xE3},    {"egrave", 0xE8},    {"eacute", 0xE9},
    {"ecirc", 0xEA},    {"igrave", 0xEC},    {"iacute", 0xED},    {"ograve", 0xF2},
    {"oacute", 0xF3},   {"ocirc", 0xF4},     {"otilde", 0xF5},    {"ugrave", 0xF9},
    {"uacute", 0xFA},   {"yacute", 0xFD},
};

void AppendUtf8(uint32_t cp, std::string* out) {
  text::AppendUtf8(cp == 0 ? 0xFFFD : cp, out);
}

// Decodes the reference starting at s[i] == '&'. On success appends the
// character, advances *i past ';' and returns true.
bool DecodeOne(std::string_view s, size_t* i, std::string* out) {
  const size_t semi = s.find(';', *i + 1);
  if (semi == std::string_view::npos || semi - *i > 12) return false;
  const std::string_view body = s.substr(*i + 1, semi - *i - 1);
  if (body.empty()) return false;
  uint32_t cp = 0;
  if (body[0] == '#') {
    const bool hex = body.size() > 1 && (body[1] == 'x' || body[1] == 'X');
    const std::string_view digits = body.substr(hex ? 2 : 1);
    if (digits.empty() || digits.size() > 8) return false;
    for (char c : digits) {
      uint32_t d;
      if (c >= '0' && c <= '9') d = c - '0';
      else if (hex && c >= 'a' && c <= 'f') d = c - 'a' + 10;
      else if (hex && c >= 'A' && c <= 'F') d = c - 'A' + 10;
      else return false;
      cp = cp * (hex ? 16 : 10) + d;
      if (cp > 0x10FFFF) cp = 0x110000;  // keep it bounded; becomes U+FFFD
    }
  } else {
    bool found = false;
    for (const Entity& e : kEntities) {
      if (body == e.name) {
        cp = e.cp;
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  AppendUtf8(cp, out);
  *i = semi + 1;
  return true;
}

// Elements that end a line of text. Definition lists, table rows and
// captions are here so that "<dt>Time</dt><dd>2018-11-19</dd>" does not come
// out as one word.
bool IsBlockTag(std::string_view name) {
  static constexpr const char* kBlock[] = {
      "p",       "br",      "div",     "li",         "ul",      "ol",      "dl",
      "dt",      "dd",      "tr",      "h1",         "h2",      "h3",      "h4",
      "h5",      "h6",      "blockquote", "table",   "thead",   "tbody",   "tfoot",
      "caption", "section", "article", "figure",     "figcaption", "hr", "pre",
      "address", "header",  "footer",  "nav",        "aside",   "main",    "details",
      "summary", "center",  "fieldset", "legend",    "form",    "menu",    "dir"};
  for (const char* b : kBlock) {
    if (name == b) return true;
  }
  return false;
}

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Finds the end of a tag starting at s[i] == '<', honouring quoted
// attribute values. Returns the index after '>' or s.size().
size_t TagEnd(std::string_view s, size_t i) {
  char quote = 0;
  for (size_t j = i + 1; j < s.size(); ++j) {
    const char c = s[j];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      return j + 1;
    }
  }
  return s.size();
}

// Collapses horizontal white space runs to one space, trims every line and
// drops empty lines: paragraphs come out one per line.
std::string CollapseSpace(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t newlines = 0;
  bool space = false;
  for (char c : s) {
    if (c == '\n') {
      ++newlines;
      space = false;
    } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
      space = true;
    } else {
      if (!out.empty()) {
        if (newlines > 0) {
          out.push_back('\n');
        } else if (space) {
          out.push_back(' ');
        }
      }
      newlines = 0;
      space = false;
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace

std::string DecodeEntities(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    if (s[i] == '&' && DecodeOne(s, &i, &out)) continue;
    out.push_back(s[i++]);
  }
  return out;
}

std::string HtmlToText(std::string_view html) {
  std::string text;
  text.reserve(html.size());
  size_t i = 0;
  while (i < html.size()) {
    const char c = html[i];
    if (c == '&') {
      if (!DecodeOne(html, &i, &text)) text.push_back(html[i++]);
      continue;
    }
    if (c != '<' || i + 1 >= html.size()) {
      text.push_back(c);
      ++i;
      continue;
    }
    const char next = html[i + 1];
    if (html.compare(i, 4, "<!--") == 0) {
      const size_t end = html.find("-->", i + 4);
      i = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    if (next != '/' && next != '!' && next != '?' && !IsAsciiAlpha(next)) {
      text.push_back(c);  // a lone '<', as in "a < b"
      ++i;
      continue;
    }
    const size_t end = TagEnd(html, i);
    size_t n = i + 1 + (next == '/' ? 1 : 0);
    size_t name_end = n;
    while (name_end < end && (IsAsciiAlpha(html[name_end]) ||
                              (html[name_end] >= '0' && html[name_end] <= '9'))) {
      ++name_end;
    }
    const std::string name = LowerAscii(html.substr(n, name_end - n));
    i = end;
    if (next != '/' && (name == "script" || name == "style")) {
      const std::string close = "</" + name;
      // Case-insensitive search for the closing tag.
      size_t j = i;
      while (j < html.size()) {
        const size_t lt = html.find('<', j);
        if (lt == std::string_view::npos) {
          j = html.size();
          break;
        }
        if (LowerAscii(html.substr(lt, close.size())) == close) {
          j = TagEnd(html, lt);
          break;
        }
        j = lt + 1;
      }
      i = j;
      continue;
    }
    // Block tags break lines; cells and images separate words; inline tags
    // (b, i, a, span…) vanish so "<b>H</b>à" stays one word.
    if (IsBlockTag(name)) {
      text.push_back('\n');
    } else if (name == "td" || name == "th" || name == "img" || name == "label" ||
               name == "input" || name == "select" || name == "textarea" || name == "button") {
      text.push_back(' ');
    }
  }
  return CollapseSpace(text);
}

}  // namespace vox::ingest::internal
