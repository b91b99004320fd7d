// HTML to plain text for feed bodies, and the scripts of an HTML page, read
// with gumbo, an HTML5 parser: every named character reference of HTML5,
// the spec's error recovery (unclosed and misnested tags, stray '<', '&'
// without ';'), script and style contents as raw text.
//
// Gumbo's tree builder is quadratic in the depth of nesting and worse in the
// number of open formatting elements, and its tokenizer quadratic in the
// attributes of one tag (measured with gumbo 0.10.1: 40,000 nested <div>
// 1.8 s; 1,000 repetitions of `<b c=N><p>x` 0.8 s and 190 MB, 20,000 of them
// exhaust memory; one tag with 30,000 attributes 1.4 s). A linear pre-scan
// (Split) therefore hands gumbo an input in pieces of at most kMaxTags start
// tags and kMaxFormatting formatting elements left open, cut before a block
// element outside comments and raw-text elements (so a piece's text ends
// where a line would), and rewrites a tag with more than kMaxAttributes
// attributes to its bare name. Feed bodies have tens to hundreds of tags and
// are never cut; a whole web page may be, which costs at most a line break.
#include <gumbo.h>

#include <algorithm>
#include <cstring>
#include <functional>

#include "ingest/html.h"
#include "ingest/reader_internal.h"

namespace vox::ingest {
namespace {

constexpr size_t kMaxTags = 512;
constexpr size_t kMaxFormatting = 32;
constexpr size_t kMaxAttributes = 64;

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsHtmlSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

bool EqualsLower(std::string_view s, std::string_view lower) {
  if (s.size() != lower.size()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower[i]) return false;
  }
  return true;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (((a[i] ^ b[i]) & ~0x20) != 0 || (a[i] != b[i] && !IsAsciiAlpha(a[i]))) return false;
  }
  return true;
}

bool IsOneOf(std::string_view name, std::initializer_list<std::string_view> names) {
  for (std::string_view n : names) {
    if (EqualsLower(name, n)) return true;
  }
  return false;
}

// Elements whose content the tokenizer reads as text up to their end tag.
bool IsRawText(std::string_view name) {
  return IsOneOf(name, {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript"});
}

// The elements whose start a piece may be cut before: blocks that need no
// parent (not table parts, not list items of a list already open).
bool IsCutPoint(std::string_view name) {
  return IsOneOf(name, {"p", "div", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "dl",
                        "section", "article", "blockquote", "figure", "header", "footer", "pre", "main"});
}

// The formatting elements of the HTML5 tree builder (reopened after a block).
bool IsFormatting(std::string_view name) {
  return IsOneOf(name, {"a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt",
                        "u"});
}

// Calls `piece` once per piece of `html` (see the file comment); a piece
// lives until the call returns.
void Split(std::string_view html, const std::function<void(std::string_view)>& piece) {
  size_t begin = 0;     // start of the current piece
  size_t tags = 0;      // start tags in it
  size_t formatting = 0;  // formatting elements opened and not closed in it
  std::string rewritten;  // the current piece with oversized tags rewritten
  size_t copied = 0;      // html up to here is in `rewritten`
  auto flush = [&](size_t end) {
    if (copied > begin) {
      rewritten.append(html.substr(copied, end - copied));
      piece(rewritten);
      rewritten.clear();
    } else {
      piece(html.substr(begin, end - begin));
    }
    begin = copied = end;
    tags = formatting = 0;
  };
  size_t i = 0;
  while (i < html.size()) {
    const size_t lt = html.find('<', i);
    if (lt == std::string_view::npos || lt + 1 >= html.size()) break;
    i = lt + 1;
    if (html.compare(lt, 4, "<!--") == 0) {
      const size_t end = html.find("-->", lt + 4);
      i = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    const bool end_tag = html[i] == '/';
    if (end_tag) ++i;
    if (i >= html.size()) break;
    if (!IsAsciiAlpha(html[i])) {
      if (html[i] == '!' || html[i] == '?') {  // bogus comment, to '>'
        const size_t gt = html.find('>', i);
        i = gt == std::string_view::npos ? html.size() : gt + 1;
      }
      continue;
    }
    size_t name_end = i;
    while (name_end < html.size() && !IsHtmlSpace(html[name_end]) && html[name_end] != '/' &&
           html[name_end] != '>') {
      ++name_end;
    }
    const std::string_view name = html.substr(i, name_end - i);
    // Attributes, as the tokenizer reads them: a value is quoted only when
    // the quote follows '='.
    size_t j = name_end;
    size_t attributes = 0;
    while (j < html.size() && html[j] != '>') {
      if (IsHtmlSpace(html[j]) || html[j] == '/') {
        ++j;
        continue;
      }
      ++attributes;
      ++j;  // a name may start with '='
      while (j < html.size() && !IsHtmlSpace(html[j]) && html[j] != '/' && html[j] != '>' && html[j] != '=') ++j;
      while (j < html.size() && IsHtmlSpace(html[j])) ++j;
      if (j >= html.size() || html[j] != '=') continue;
      ++j;
      while (j < html.size() && IsHtmlSpace(html[j])) ++j;
      if (j < html.size() && (html[j] == '"' || html[j] == '\'')) {
        const size_t close = html.find(html[j], j + 1);
        j = close == std::string_view::npos ? html.size() : close + 1;
      } else {
        while (j < html.size() && !IsHtmlSpace(html[j]) && html[j] != '>') ++j;
      }
    }
    const size_t tag_end = std::min(j + 1, html.size());
    i = tag_end;
    if (end_tag) {
      if (formatting > 0 && IsFormatting(name)) --formatting;
      continue;
    }
    if ((tags >= kMaxTags || formatting >= kMaxFormatting) &&
        (IsCutPoint(name) || tags >= 2 * kMaxTags || formatting >= 2 * kMaxFormatting)) {
      flush(lt);
    }
    ++tags;
    if (IsFormatting(name)) ++formatting;
    if (attributes > kMaxAttributes) {
      rewritten.append(html.substr(copied, lt - copied));
      rewritten.append("<").append(name).append(">");
      copied = tag_end;
    }
    if (IsRawText(name)) {
      // Its content runs to "</name" (any case).
      size_t k = i;
      while (true) {
        const size_t close = html.find("</", k);
        if (close == std::string_view::npos) {
          k = html.size();
          break;
        }
        if (EqualsIgnoreCase(html.substr(close + 2, name.size()), name)) {
          k = close;
          break;
        }
        k = close + 2;
      }
      i = k;
    } else if (EqualsLower(name, "plaintext")) {
      break;  // everything after it is text
    }
  }
  flush(html.size());
}

// Owns one gumbo parse.
class Parsed {
 public:
  explicit Parsed(std::string_view html) {
    options_ = kGumboDefaultOptions;
    options_.max_errors = 0;  // errors are not reported: don't record them
    output_ = gumbo_parse_with_options(&options_, html.data(), html.size());
  }
  ~Parsed() { gumbo_destroy_output(&options_, output_); }
  Parsed(const Parsed&) = delete;
  Parsed& operator=(const Parsed&) = delete;
  const GumboNode* root() const { return output_->root; }

 private:
  GumboOptions options_;
  GumboOutput* output_;
};

// Visits the tree under `root` in document order without recursion (a
// hostile page may nest thousands of elements). `enter` returns false to
// skip an element's children; `leave` is called after them.
void Walk(const GumboNode* root, const std::function<bool(const GumboNode&)>& enter,
          const std::function<void(const GumboNode&)>& leave) {
  struct Frame {
    const GumboNode* node;
    unsigned next;
  };
  std::vector<Frame> stack;
  if (enter(*root)) stack.push_back({root, 0});
  while (!stack.empty()) {
    Frame& f = stack.back();
    const bool has_children = f.node->type == GUMBO_NODE_ELEMENT || f.node->type == GUMBO_NODE_TEMPLATE ||
                              f.node->type == GUMBO_NODE_DOCUMENT;
    const GumboVector* children =
        !has_children ? nullptr
        : f.node->type == GUMBO_NODE_DOCUMENT ? &f.node->v.document.children
                                               : &f.node->v.element.children;
    if (children == nullptr || f.next >= children->length) {
      leave(*f.node);
      stack.pop_back();
      continue;
    }
    const auto* child = static_cast<const GumboNode*>(children->data[f.next++]);
    if (enter(*child)) stack.push_back({child, 0});
  }
}

// What an element adds to the text around it: block elements end a line
// (definition lists, table rows and captions too, so that
// "<dt>Time</dt><dd>2018-11-19</dd>" is not one word); cells, images and
// form controls separate words; inline elements (b, i, a, span…) add
// nothing, so "<b>H</b>à" stays one word.
char Separator(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P: case GUMBO_TAG_BR: case GUMBO_TAG_DIV: case GUMBO_TAG_LI: case GUMBO_TAG_UL:
    case GUMBO_TAG_OL: case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_DD: case GUMBO_TAG_TR:
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
    case GUMBO_TAG_H6: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_TABLE: case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TBODY: case GUMBO_TAG_TFOOT: case GUMBO_TAG_CAPTION: case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE: case GUMBO_TAG_FIGURE: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_HR:
    case GUMBO_TAG_PRE: case GUMBO_TAG_ADDRESS: case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_NAV: case GUMBO_TAG_ASIDE: case GUMBO_TAG_MAIN: case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_SUMMARY: case GUMBO_TAG_CENTER: case GUMBO_TAG_FIELDSET: case GUMBO_TAG_LEGEND:
    case GUMBO_TAG_FORM: case GUMBO_TAG_MENU: case GUMBO_TAG_DIR: case GUMBO_TAG_HGROUP:
    case GUMBO_TAG_TITLE: case GUMBO_TAG_OPTION:
      return '\n';
    case GUMBO_TAG_TD: case GUMBO_TAG_TH: case GUMBO_TAG_IMG: case GUMBO_TAG_LABEL: case GUMBO_TAG_INPUT:
    case GUMBO_TAG_SELECT: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_BUTTON:
      return ' ';
    default:
      return 0;
  }
}

// Elements whose content a reader does not see: scripts, styles, templates,
// and the fallbacks of frames and embedded objects.
bool IsHidden(GumboTag tag) {
  return tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE || tag == GUMBO_TAG_TEMPLATE ||
         tag == GUMBO_TAG_IFRAME || tag == GUMBO_TAG_NOEMBED || tag == GUMBO_TAG_NOFRAMES;
}

void AppendText(const GumboNode* root, std::string* out) {
  Walk(
      root,
      [out](const GumboNode& n) {
        switch (n.type) {
          case GUMBO_NODE_TEXT:
          case GUMBO_NODE_CDATA:
          case GUMBO_NODE_WHITESPACE:
            out->append(n.v.text.text);
            return false;
          case GUMBO_NODE_ELEMENT:
            if (IsHidden(n.v.element.tag)) return false;
            if (char sep = Separator(n.v.element.tag)) out->push_back(sep);
            return true;
          case GUMBO_NODE_DOCUMENT:
            return true;
          default:  // comments; template contents
            return false;
        }
      },
      [out](const GumboNode& n) {
        if (n.type != GUMBO_NODE_ELEMENT) return;
        if (char sep = Separator(n.v.element.tag)) out->push_back(sep);
      });
}

// Collapses horizontal white space runs (and no-break spaces) to one space,
// trims every line and drops empty lines: paragraphs come out one per line.
std::string CollapseSpace(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t newlines = 0;
  bool space = false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\n') {
      ++newlines;
      space = false;
    } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
      space = true;
    } else if (c == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xA0') {  // U+00A0
      space = true;
      ++i;
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

// The text engine drops C0 and C1 controls (other than white space); gumbo
// would turn each into U+FFFD, which the engine keeps. Copies the input
// without them when it has any.
bool IsControlAt(std::string_view s, size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x20) return c != '\t' && c != '\n' && c != '\r' && c != '\f';
  if (c == 0x7F) return true;
  return c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
         static_cast<unsigned char>(s[i + 1]) < 0xA0;
}

std::string_view WithoutControls(std::string_view s, std::string* storage) {
  size_t i = 0;
  while (i < s.size() && !IsControlAt(s, i)) ++i;
  if (i == s.size()) return s;
  storage->assign(s.substr(0, i));
  for (; i < s.size(); ++i) {
    if (!IsControlAt(s, i)) {
      storage->push_back(s[i]);
    } else if (s[i] == '\xC2') {
      ++i;  // both bytes of a C1 control
    }
  }
  return *storage;
}

}  // namespace

namespace {

bool IsChrome(GumboTag tag) {
  return tag == GUMBO_TAG_NAV || tag == GUMBO_TAG_HEADER || tag == GUMBO_TAG_FOOTER || tag == GUMBO_TAG_ASIDE ||
         tag == GUMBO_TAG_FORM || tag == GUMBO_TAG_FIGCAPTION || tag == GUMBO_TAG_BUTTON || IsHidden(tag);
}

// The paragraphs (<p>) under `root` outside page chrome, one per line.
std::string Paragraphs(const GumboNode* root, size_t max_bytes) {
  std::string out;
  bool full = false;
  Walk(
      root,
      [&](const GumboNode& n) {
        if (full) return false;
        if (n.type == GUMBO_NODE_DOCUMENT) return true;
        if (n.type != GUMBO_NODE_ELEMENT) return false;
        const GumboTag tag = n.v.element.tag;
        if (IsChrome(tag)) return false;
        if (tag == GUMBO_TAG_P) {
          std::string para;
          AppendText(&n, &para);
          para = CollapseSpace(para);
          for (char& c : para) {
            if (c == '\n') c = ' ';
          }
          if (para.size() < 20) return false;
          if (out.size() + para.size() + 1 > max_bytes) {  // whole paragraphs only, unless the first is too long
            full = true;
            if (!out.empty()) return false;
            size_t cut = max_bytes;
            while (cut > 0 && (static_cast<unsigned char>(para[cut]) & 0xC0) == 0x80) --cut;  // a whole character
            para.resize(cut);
          }
          out.append(para).push_back('\n');
          return false;
        }
        return true;
      },
      [](const GumboNode&) {});
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

}  // namespace

std::string ArticleText(std::string_view html, size_t max_bytes) {
  std::string storage;
  html = WithoutControls(html.substr(0, std::min<size_t>(html.size(), 4u << 20)), &storage);
  // A page of news has a few thousand tags. More, and gumbo's time grows
  // with the square of how deep they nest: the page is read in Split's
  // pieces instead, every paragraph outside chrome, without <article>.
  size_t tags = 0;
  for (size_t i = 0; i + 1 < html.size(); ++i) tags += html[i] == '<' && IsAsciiAlpha(html[i + 1]);
  if (tags > 20000) {
    std::string out;
    Split(html, [&](std::string_view piece) {
      if (out.size() >= max_bytes) return;
      Parsed parsed(piece);
      std::string more = Paragraphs(parsed.root(), max_bytes - out.size());
      if (!more.empty()) out.append(more).push_back('\n');
    });
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
  }
  Parsed parsed(html);
  // The page's <article> with the most paragraph text, else the whole page.
  const GumboNode* best = nullptr;
  size_t best_size = 0;
  Walk(
      parsed.root(),
      [&](const GumboNode& n) {
        if (n.type == GUMBO_NODE_DOCUMENT) return true;
        if (n.type != GUMBO_NODE_ELEMENT || IsHidden(n.v.element.tag)) return false;
        if (n.v.element.tag == GUMBO_TAG_ARTICLE) {
          const size_t size = Paragraphs(&n, max_bytes).size();
          if (size > best_size) {
            best = &n;
            best_size = size;
          }
          return false;
        }
        return true;
      },
      [](const GumboNode&) {});
  return Paragraphs(best != nullptr ? best : parsed.root(), max_bytes);
}

std::vector<std::string> HtmlScripts(std::string_view html, std::string_view type) {
  std::vector<std::string> out;
  Split(html, [&](std::string_view piece) {
    Parsed parsed(piece);
    Walk(
        parsed.root(),
        [&](const GumboNode& n) {
          if (n.type != GUMBO_NODE_ELEMENT) return n.type == GUMBO_NODE_DOCUMENT;
          if (n.v.element.tag != GUMBO_TAG_SCRIPT) return true;
          const GumboAttribute* t = gumbo_get_attribute(&n.v.element.attributes, "type");
          // The type is compared as browsers do: ASCII case-insensitively,
          // without parameters or surrounding white space.
          std::string_view value = t != nullptr ? t->value : "";
          value = value.substr(0, value.find(';'));
          while (!value.empty() && IsHtmlSpace(value.front())) value.remove_prefix(1);
          while (!value.empty() && IsHtmlSpace(value.back())) value.remove_suffix(1);
          if (EqualsLower(value, type)) {
            std::string body;
            for (unsigned k = 0; k < n.v.element.children.length; ++k) {
              const auto* c = static_cast<const GumboNode*>(n.v.element.children.data[k]);
              if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_WHITESPACE) body += c->v.text.text;
            }
            out.push_back(std::move(body));
          }
          return false;
        },
        [](const GumboNode&) {});
  });
  return out;
}

namespace internal {

std::string DecodeEntities(std::string_view s) {
  // As body text after a sentinel letter (so that leading white space is
  // text), every '<' escaped: only references change.
  std::string escaped = "x";
  escaped.reserve(s.size() + 16);
  for (char c : s) {
    if (c == '<') escaped += "&lt;";
    else escaped += c;
  }
  Parsed parsed(escaped);
  std::string out;
  Walk(
      parsed.root(),
      [&](const GumboNode& n) {
        if (n.type == GUMBO_NODE_TEXT || n.type == GUMBO_NODE_WHITESPACE) out += n.v.text.text;
        return n.type == GUMBO_NODE_ELEMENT || n.type == GUMBO_NODE_DOCUMENT;
      },
      [](const GumboNode&) {});
  return out.empty() ? out : out.substr(1);
}

std::string HtmlToText(std::string_view html) {
  // Text without markup, references or carriage returns is its own text;
  // feed titles mostly are.
  std::string storage;
  html = WithoutControls(html, &storage);
  if (html.find_first_of("<&\r") == std::string_view::npos) return CollapseSpace(html);
  std::string text;
  text.reserve(html.size());
  Split(html, [&](std::string_view piece) {
    Parsed parsed(piece);
    AppendText(parsed.root(), &text);
    text.push_back('\n');
  });
  return CollapseSpace(text);
}

}  // namespace internal
}  // namespace vox::ingest
