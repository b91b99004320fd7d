// Format names, format detection, the ReadBuffer dispatch and the checks all
// readers share. Each format lives in its own reader_<format>.cc.
#include "ingest/reader.h"

#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <exception>
#include <functional>

#include "ingest/reader_internal.h"

namespace vox::ingest {

namespace internal {

std::string LineWhere(const ReadOptions& opts, size_t line) {
  return opts.input_name + ":" + std::to_string(line);
}

std::string IndexWhere(const ReadOptions& opts, std::string_view what, size_t index) {
  std::string s = opts.input_name;
  s += ": ";
  s += what;
  s += ' ';
  s += std::to_string(index);
  return s;
}

bool IsKnownKind(std::string_view kind) {
  return kind == "post" || kind == "comment" || kind == "article" || kind == "report" ||
         kind == "message";
}

bool IsValidUtf8(std::string_view s) { return simdjson::validate_utf8(s.data(), s.size()); }

std::string_view StripBom(std::string_view data) {
  if (data.size() >= 3 && static_cast<unsigned char>(data[0]) == 0xEF &&
      static_cast<unsigned char>(data[1]) == 0xBB && static_cast<unsigned char>(data[2]) == 0xBF) {
    data.remove_prefix(3);
  }
  return data;
}

bool IsBlank(std::string_view s) {
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' ||
                        s.front() == '\n')) {
    s.remove_prefix(1);
  }
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

namespace {

// The first C0 or C1 control character (or DEL) in valid UTF-8 `s`, as its
// code point; -1 when there is none.
int FirstControl(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7F) return c;
    if (c == 0xC2 && i + 1 < s.size()) {
      const auto next = static_cast<unsigned char>(s[i + 1]);
      if (next >= 0x80 && next <= 0x9F) return next;  // U+0080..U+009F
    }
  }
  return -1;
}

std::string CodePoint(int cp) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", cp);
  return buf;
}

}  // namespace

bool CheckItem(const Item& item, bool has_time, const ReadOptions& opts, FieldError* err) {
  const std::pair<const char*, const std::string*> strings[] = {
      {"id", &item.id},         {"source", &item.source}, {"kind", &item.kind},
      {"title", &item.title},   {"text", &item.text},     {"url", &item.url},
      {"author", &item.author}, {"parent_id", &item.parent_id}, {"place", &item.place}};
  for (const auto& [name, value] : strings) {
    if (value->size() > opts.max_text_bytes) {
      *err = {name, "is " + std::to_string(value->size()) + " bytes, more than the limit of " +
                        std::to_string(opts.max_text_bytes)};
      return false;
    }
    if (!IsValidUtf8(*value)) {
      *err = {name, "is not valid UTF-8"};
      return false;
    }
  }
  for (const std::string& label : item.labels) {
    if (label.size() > opts.max_text_bytes) {
      *err = {"labels", "a label is larger than the limit of " +
                            std::to_string(opts.max_text_bytes) + " bytes"};
      return false;
    }
    if (!IsValidUtf8(label)) {
      *err = {"labels", "a label is not valid UTF-8"};
      return false;
    }
  }
  // These key the item and are printed one per table row: a line break or a
  // terminal escape in them would forge rows or rewrite the screen.
  for (const auto& [name, value] :
       {std::pair<const char*, const std::string*>{"id", &item.id},
        {"source", &item.source}, {"parent_id", &item.parent_id}}) {
    const int cp = FirstControl(*value);
    if (cp >= 0) {
      *err = {name, "contains the control character " + CodePoint(cp) +
                        " (line breaks, tabs and other control characters are not allowed here)"};
      return false;
    }
  }
  if (Trim(item.id).empty()) {
    *err = {"id", "is required"};
    return false;
  }
  if (!IsKnownKind(item.kind)) {
    *err = {"kind", "'" + item.kind +
                        "' is not one of post, comment, article, report, message"};
    return false;
  }
  if (Trim(item.text).empty() && Trim(item.title).empty()) {
    *err = {"text", "is required when there is no title"};
    return false;
  }
  if (!has_time) {
    *err = {"published_at", "is required"};
    return false;
  }
  return true;
}

bool SeenIds::Insert(std::string_view source, std::string_view id, std::string_view where,
                     std::string* first) {
  // The source's length first, so that no two (source, id) pairs give the
  // same key whatever bytes they hold.
  key_.assign(std::to_string(source.size()));
  key_.push_back(':');
  key_.append(source);
  key_.append(id);
  const uint64_t h = std::hash<std::string>{}(key_);
  const auto [it, inserted] = seen_.try_emplace(h, places_.size());
  if (!inserted) {
    const char* place = places_.c_str() + it->second;
    // 'S': the rest follows the input name; 'F': the rest is the whole where.
    *first = place[0] == 'S' ? input_name_ + (place + 1) : std::string(place + 1);
    return false;
  }
  if (where.substr(0, input_name_.size()) == input_name_) {
    places_.push_back('S');
    places_.append(where.substr(input_name_.size()));
  } else {
    places_.push_back('F');
    places_.append(where);
  }
  places_.push_back('\0');
  return true;
}

}  // namespace internal

Result<Format> ParseFormat(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "auto") return Format::kAuto;
  if (lower == "jsonl" || lower == "ndjson" || lower == "json") return Format::kJsonl;
  if (lower == "csv") return Format::kCsv;
  if (lower == "rss") return Format::kRss;
  if (lower == "atom") return Format::kAtom;
  if (lower == "facebook" || lower == "fb") return Format::kFacebook;
  if (lower == "zalo") return Format::kZalo;
  if (lower == "xlsx") return Format::kXlsx;
  if (lower == "xls") return Format::kXls;
  return Status::InvalidArgument(
      "unknown format '" + std::string(name) +
      "' (expected auto, jsonl, csv, xlsx, xls, rss, atom, facebook or zalo)");
}

const char* FormatName(Format f) {
  switch (f) {
    case Format::kAuto: return "auto";
    case Format::kJsonl: return "jsonl";
    case Format::kCsv: return "csv";
    case Format::kRss: return "rss";
    case Format::kAtom: return "atom";
    case Format::kFacebook: return "facebook";
    case Format::kZalo: return "zalo";
    case Format::kXlsx: return "xlsx";
    case Format::kXls: return "xls";
  }
  return "unknown";
}

namespace {

bool EndsWithNoCase(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  for (size_t i = 0; i < suffix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[s.size() - suffix.size() + i])) != suffix[i]) {
      return false;
    }
  }
  return true;
}

// Format of an XML head: Atom if the root is <feed>, else RSS.
Format SniffXml(std::string_view head) {
  // Skip the prolog, comments and processing instructions: find the first
  // start tag that is not <? or <!.
  size_t pos = 0;
  while ((pos = head.find('<', pos)) != std::string_view::npos) {
    if (pos + 1 < head.size() && head[pos + 1] != '?' && head[pos + 1] != '!') break;
    ++pos;
  }
  if (pos != std::string_view::npos) {
    std::string_view tag = head.substr(pos + 1);
    const size_t colon = tag.find(':');
    const size_t space = tag.find_first_of(" \t\r\n>/");
    if (colon != std::string_view::npos && colon < space) tag.remove_prefix(colon + 1);
    if (tag.substr(0, 4) == "feed") return Format::kAtom;
  }
  return Format::kRss;
}

// Facebook / Zalo / plain items for a JSON head.
Format SniffJson(std::string_view head) {
  if (head.find("\"event_name\"") != std::string_view::npos) return Format::kZalo;
  if (head.find("\"created_time\"") != std::string_view::npos) return Format::kFacebook;
  // Page and Messenger webhook payloads saved to a file.
  if (head.find("\"object\"") != std::string_view::npos &&
      head.find("\"entry\"") != std::string_view::npos) {
    return Format::kFacebook;
  }
  std::string_view rest = head.substr(1);
  rest = internal::Trim(rest);
  if (head[0] == '{' && rest.substr(0, 6) == "\"data\"") return Format::kFacebook;
  return Format::kJsonl;
}

bool StartsWithBytes(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

constexpr std::string_view kZipMagic("PK\x03\x04", 4);
constexpr std::string_view kOle2Magic("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  }
  return true;
}

}  // namespace

std::string DescribeContent(std::string_view head) {
  if (StartsWithBytes(head, kZipMagic)) return "a ZIP archive";
  if (StartsWithBytes(head, kOle2Magic)) return "an OLE2 compound file (Excel 97-2003, Word)";
  if (StartsWithBytes(head, "%PDF")) return "a PDF document";
  if (StartsWithBytes(head, "\x1F\x8B")) return "a gzip file";
  if (StartsWithBytes(head, "\x89PNG") || StartsWithBytes(head, "\xFF\xD8\xFF") ||
      StartsWithBytes(head, "GIF8")) {
    return "an image";
  }
  std::string decoded;
  if (DecodeText(head.substr(0, 4096), &decoded)) head = decoded;
  const std::string_view body = internal::Trim(internal::StripBom(head));
  if (body.empty()) return "empty";
  size_t controls = 0;
  for (unsigned char c : body.substr(0, 512)) {
    if (c == 0 || (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f')) ++controls;
  }
  if (controls > 0) return "binary data";
  if (StartsWithNoCase(body, "<!doctype html") || StartsWithNoCase(body, "<html") ||
      (body[0] == '<' && (body.find("<html") != std::string_view::npos ||
                          body.find("<HTML") != std::string_view::npos ||
                          body.find("<body") != std::string_view::npos ||
                          body.find("<table") != std::string_view::npos))) {
    return "an HTML page";
  }
  if (body[0] == '<') return "an XML document";
  if (body[0] == '{' || body[0] == '[') return "JSON";
  return "text";
}

Format DetectFormat(std::string_view head, std::string_view name) {
  if (StartsWithBytes(head, kZipMagic)) return Format::kXlsx;
  if (StartsWithBytes(head, kOle2Magic)) return Format::kXls;
  const std::string_view body = internal::Trim(internal::StripBom(head));
  // A workbook's name without a workbook's bytes: some systems save an HTML
  // table (or tab-separated text) as ".xls". Text is read as a table; markup
  // goes to the workbook reader, which says what it looks like.
  const bool xlsx_name = EndsWithNoCase(name, ".xlsx") || EndsWithNoCase(name, ".xlsm");
  if (xlsx_name || EndsWithNoCase(name, ".xls")) {
    if (!body.empty() && body[0] != '<' && DescribeContent(head) == "text") return Format::kCsv;
    return xlsx_name ? Format::kXlsx : Format::kXls;
  }
  if (EndsWithNoCase(name, ".csv") || EndsWithNoCase(name, ".tsv")) return Format::kCsv;
  if (EndsWithNoCase(name, ".rss")) return Format::kRss;
  if (EndsWithNoCase(name, ".atom")) return Format::kAtom;
  if (EndsWithNoCase(name, ".xml")) return SniffXml(body);
  const bool json_name = EndsWithNoCase(name, ".jsonl") || EndsWithNoCase(name, ".ndjson") ||
                         EndsWithNoCase(name, ".json");
  if (!body.empty() && (body[0] == '{' || body[0] == '[')) return SniffJson(body);
  if (json_name) return Format::kJsonl;
  if (!body.empty() && body[0] == '<') return SniffXml(body);
  return Format::kCsv;
}

TextEncoding DetectEncoding(std::string_view d) {
  auto b = [&](size_t i) { return i < d.size() ? static_cast<unsigned char>(d[i]) : 0x100u; };
  auto ascii = [](unsigned c) { return c >= 1 && c <= 0x7F; };
  if (b(0) == 0xFF && b(1) == 0xFE && b(2) == 0 && b(3) == 0) return TextEncoding::kUtf32Le;
  if (b(0) == 0 && b(1) == 0 && b(2) == 0xFE && b(3) == 0xFF) return TextEncoding::kUtf32Be;
  if (b(0) == 0xFF && b(1) == 0xFE) return TextEncoding::kUtf16Le;
  if (b(0) == 0xFE && b(1) == 0xFF) return TextEncoding::kUtf16Be;
  // No byte order mark: an ASCII first character padded with NULs.
  if (ascii(b(0)) && b(1) == 0 && b(2) == 0 && b(3) == 0) return TextEncoding::kUtf32Le;
  if (b(0) == 0 && b(1) == 0 && b(2) == 0 && ascii(b(3))) return TextEncoding::kUtf32Be;
  if (ascii(b(0)) && b(1) == 0 && ascii(b(2)) && b(3) == 0) return TextEncoding::kUtf16Le;
  if (b(0) == 0 && ascii(b(1)) && b(2) == 0 && ascii(b(3))) return TextEncoding::kUtf16Be;
  return TextEncoding::kUtf8;
}

const char* EncodingName(TextEncoding e) {
  switch (e) {
    case TextEncoding::kUtf8: return "UTF-8";
    case TextEncoding::kUtf16Le: return "UTF-16LE";
    case TextEncoding::kUtf16Be: return "UTF-16BE";
    case TextEncoding::kUtf32Le: return "UTF-32LE";
    case TextEncoding::kUtf32Be: return "UTF-32BE";
  }
  return "unknown";
}

namespace {

// A byte that never occurs in UTF-8: it stands for a code unit sequence
// that is not a character, so that the record holding it fails the UTF-8
// check and is rejected on its own.
constexpr char kNotUtf8 = '\xFF';

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace

namespace internal {

size_t DecodeWide(TextEncoding enc, std::string_view data, bool last, std::string* out) {
  const bool wide = enc == TextEncoding::kUtf32Le || enc == TextEncoding::kUtf32Be;
  const bool little = enc == TextEncoding::kUtf16Le || enc == TextEncoding::kUtf32Le;
  const size_t unit = wide ? 4 : 2;
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  const size_t n = data.size();
  auto read = [&](size_t i) -> uint32_t {
    if (wide) {
      return little ? (uint32_t{p[i]} | uint32_t{p[i + 1]} << 8 | uint32_t{p[i + 2]} << 16 |
                       uint32_t{p[i + 3]} << 24)
                    : (uint32_t{p[i]} << 24 | uint32_t{p[i + 1]} << 16 | uint32_t{p[i + 2]} << 8 |
                       uint32_t{p[i + 3]});
    }
    return little ? (uint32_t{p[i]} | uint32_t{p[i + 1]} << 8) : (uint32_t{p[i]} << 8 | p[i + 1]);
  };
  out->reserve(out->size() + n / unit * 3 / 2 + 4);
  size_t i = 0;
  for (; i + unit <= n; i += unit) {
    uint32_t cp = read(i);
    if (!wide && cp >= 0xD800 && cp <= 0xDBFF) {
      if (i + 2 * unit <= n) {
        const uint32_t low = read(i + unit);
        if (low >= 0xDC00 && low <= 0xDFFF) {
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          i += unit;
        }
      } else if (!last) {
        return i;  // its low surrogate may come next
      }
    }
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
      out->push_back(kNotUtf8);
    } else {
      AppendUtf8(cp, out);
    }
  }
  if (i < n && last) {
    out->push_back(kNotUtf8);  // a last, incomplete code unit
    i = n;
  }
  return i;
}

}  // namespace internal

bool DecodeText(std::string_view data, std::string* out) {
  const TextEncoding enc = DetectEncoding(data);
  if (enc == TextEncoding::kUtf8) return false;
  const size_t unit = enc == TextEncoding::kUtf32Le || enc == TextEncoding::kUtf32Be ? 4 : 2;
  std::string s;
  std::string first;
  if (data.size() >= unit && internal::DecodeWide(enc, data.substr(0, unit), true, &first) > 0 &&
      first == "\xEF\xBB\xBF") {
    data.remove_prefix(unit);  // the byte order mark
  }
  internal::DecodeWide(enc, data, true, &s);
  *out = std::move(s);
  return true;
}

namespace {

// At most `max` bytes of `s`, not cutting a UTF-8 sequence, for messages.
std::string Excerpt(std::string_view s, size_t max = 64) {
  if (s.size() <= max) return std::string(s);
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return std::string(s.substr(0, cut)) + "…";
}

}  // namespace

namespace internal {

// The skip of a record whose (source, id) was read before, at `first`.
Rejection DuplicateSkip(const Item& item, const std::string& where, const std::string& first) {
  // The id itself is not repeated here: it may be personal data (a phone
  // number as a complaint log's id), masked only later.
  std::string reason = "the same id";
  if (!item.source.empty()) reason += " of source '" + Excerpt(item.source) + "'";
  reason += " was already read at " + first + "; the first record is kept";
  return {where, "", std::move(reason), kSkipDuplicate};
}

}  // namespace internal

Status ReadBuffer(Format format, std::string_view data, const ReadOptions& opts,
                  const ItemSink& on_item, const RejectSink& on_reject) {
  try {
    if (format == Format::kXlsx || format == Format::kXls) {
      // Binary workbooks: no text decoding; rows are checked as tables.
      internal::SeenIds seen(opts.input_name);
      std::string first;
      const internal::LocatedItemSink located = [&](Item&& item, const std::string& where) {
        if (!seen.Insert(item.source, item.id, where, &first)) {
          if (opts.on_skip) opts.on_skip(internal::DuplicateSkip(item, where, first));
          return true;
        }
        return on_item(std::move(item));
      };
      return format == Format::kXlsx ? internal::ReadXlsx(data, opts, located, on_reject)
                                     : internal::ReadXls(data, opts, located, on_reject);
    }
    std::string decoded;
    if (DecodeText(data, &decoded)) data = decoded;
    internal::SeenIds seen(opts.input_name);
    std::string first;
    const internal::LocatedItemSink located = [&](Item&& item, const std::string& where) {
      if (!seen.Insert(item.source, item.id, where, &first)) {
        if (opts.on_skip) opts.on_skip(internal::DuplicateSkip(item, where, first));
        return true;
      }
      return on_item(std::move(item));
    };
    switch (format) {
      case Format::kJsonl: return internal::ReadJsonl(data, opts, located, on_reject);
      case Format::kCsv: return internal::ReadCsv(data, opts, located, on_reject);
      case Format::kRss:
      case Format::kAtom: return internal::ReadFeed(data, opts, located, on_reject);
      case Format::kFacebook: return internal::ReadFacebook(data, opts, located, on_reject);
      case Format::kZalo: return internal::ReadZalo(data, opts, located, on_reject);
      case Format::kXlsx:
      case Format::kXls:  // read above
      case Format::kAuto: break;
    }
  } catch (const std::bad_alloc&) {
    return Status::Internal(opts.input_name + ": out of memory while reading");
  }
  return Status::InvalidArgument("ReadBuffer needs a concrete format, not auto; call "
                                 "DetectFormat first");
}

}  // namespace vox::ingest
