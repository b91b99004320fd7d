#include "http/multipart.h"

#include <algorithm>
#include <cctype>

namespace vox::http {
namespace {

constexpr size_t kMaxHead = 1024;
constexpr size_t kMaxName = 64, kMaxFilename = 255;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool IsTokenChar(unsigned char c) {
  return std::isalnum(c) || std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

// RFC 2046 bchars: DIGIT / ALPHA / ' ( ) + _ , - . / : = ? and space (not last).
bool IsBoundaryChar(unsigned char c) {
  return std::isalnum(c) || std::string_view("'()+_,-./:=? ").find(static_cast<char>(c)) != std::string_view::npos;
}

// `; key=value` parameters after the first `;`-separated element: a value is
// a token or a quoted string without escapes (browsers percent-encode a
// quote in a filename). false on anything else.
bool ParseParams(std::string_view s, std::vector<std::pair<std::string, std::string>>* out) {
  while (!s.empty()) {
    s = Trim(s);
    if (s.empty()) return true;
    if (s.front() != ';') return false;
    s.remove_prefix(1);
    s = Trim(s);
    const size_t eq = s.find('=');
    if (eq == std::string_view::npos || eq == 0) return false;
    const std::string_view key = Trim(s.substr(0, eq));
    if (!std::all_of(key.begin(), key.end(), [](char c) { return IsTokenChar(static_cast<unsigned char>(c)); }))
      return false;
    s = Trim(s.substr(eq + 1));
    std::string value;
    if (!s.empty() && s.front() == '"') {
      const size_t close = s.find('"', 1);
      if (close == std::string_view::npos) return false;
      value.assign(s.substr(1, close - 1));
      if (value.find('\\') != std::string::npos) return false;
      s.remove_prefix(close + 1);
    } else {
      size_t n = 0;
      while (n < s.size() && IsTokenChar(static_cast<unsigned char>(s[n]))) ++n;
      if (n == 0) return false;
      value.assign(s.substr(0, n));
      s.remove_prefix(n);
    }
    if (std::any_of(value.begin(), value.end(), [](char c) { return c == '\0' || c == '\r' || c == '\n'; }))
      return false;
    out->emplace_back(Lower(key), std::move(value));
  }
  return true;
}

MultipartResult Fail(int status, std::string why) {
  MultipartResult r;
  r.status = status;
  r.error = std::move(why);
  return r;
}

}  // namespace

std::string MultipartBoundary(std::string_view content_type) {
  const size_t semi = content_type.find(';');
  if (Lower(Trim(content_type.substr(0, semi))) != "multipart/form-data" || semi == std::string_view::npos) return "";
  std::vector<std::pair<std::string, std::string>> params;
  if (!ParseParams(content_type.substr(semi), &params)) return "";
  std::string boundary;
  for (const auto& [k, v] : params) {
    if (k != "boundary") continue;
    if (!boundary.empty()) return "";  // twice
    boundary = v;
  }
  if (boundary.empty() || boundary.size() > 70 || boundary.back() == ' ') return "";
  if (!std::all_of(boundary.begin(), boundary.end(), [](char c) { return IsBoundaryChar(static_cast<unsigned char>(c)); }))
    return "";
  return boundary;
}

MultipartResult ParseMultipart(std::string_view body, std::string_view content_type, const MultipartLimits& limits) {
  if (body.size() > limits.max_total_bytes)
    return Fail(413, "the form is over " + std::to_string(limits.max_total_bytes) + " bytes");
  const std::string boundary = MultipartBoundary(content_type);
  if (boundary.empty()) return Fail(400, "not multipart/form-data with a valid boundary");
  const std::string delim = "--" + boundary;
  const std::string next_delim = "\r\n" + delim;
  if (body.substr(0, delim.size()) != delim) return Fail(400, "the body does not start with the boundary");
  MultipartResult r;
  size_t pos = delim.size();
  for (;;) {
    if (body.substr(pos, 2) == "--") {
      const std::string_view rest = body.substr(pos + 2);
      if (!rest.empty() && rest != "\r\n") return Fail(400, "data after the closing boundary");
      break;
    }
    if (body.substr(pos, 2) != "\r\n") return Fail(400, "a boundary not followed by CRLF");
    pos += 2;
    if (r.parts.size() >= limits.max_parts)
      return Fail(413, "more than " + std::to_string(limits.max_parts) + " parts");
    const size_t head_end = body.find("\r\n\r\n", pos);
    if (head_end == std::string_view::npos || head_end - pos > kMaxHead) {
      return Fail(400, "a part's head is missing its end or is over " + std::to_string(kMaxHead) + " bytes");
    }
    MultipartPart part;
    bool has_disposition = false, has_type = false;
    std::string_view head = body.substr(pos, head_end - pos);
    while (!head.empty()) {
      const size_t eol = head.find("\r\n");
      const std::string_view line = head.substr(0, eol);
      head = eol == std::string_view::npos ? std::string_view() : head.substr(eol + 2);
      const size_t colon = line.find(':');
      if (colon == std::string_view::npos || colon == 0) return Fail(400, "a malformed header in a part");
      const std::string name = Lower(line.substr(0, colon));
      const std::string_view value = Trim(line.substr(colon + 1));
      if (std::any_of(value.begin(), value.end(), [](char c) { return c == '\0' || c == '\n' || c == '\r'; }))
        return Fail(400, "a malformed header in a part");
      if (name == "content-disposition") {
        if (has_disposition) return Fail(400, "two Content-Disposition headers in a part");
        has_disposition = true;
        const size_t semi = value.find(';');
        if (Lower(Trim(value.substr(0, semi))) != "form-data") return Fail(400, "a part that is not form-data");
        std::vector<std::pair<std::string, std::string>> params;
        if (semi == std::string_view::npos || !ParseParams(value.substr(semi), &params))
          return Fail(400, "a malformed Content-Disposition");
        bool has_name = false;
        for (auto& [k, v] : params) {
          if (k == "name" && !has_name) {
            has_name = true;
            part.name = std::move(v);
          } else if (k == "filename" && !part.has_filename) {
            part.has_filename = true;
            part.filename = std::move(v);
          } else {
            return Fail(400, "an unexpected or repeated parameter '" + k + "' in Content-Disposition");
          }
        }
        if (!has_name || part.name.empty() || part.name.size() > kMaxName || part.name.find('"') != std::string::npos)
          return Fail(400, "a part without a valid name");
        if (part.filename.size() > kMaxFilename) return Fail(400, "a file name over 255 bytes");
      } else if (name == "content-type") {
        if (has_type) return Fail(400, "two Content-Type headers in a part");
        has_type = true;
        part.content_type = Lower(Trim(value.substr(0, value.find(';'))));
        if (part.content_type.rfind("multipart/", 0) == 0) return Fail(400, "a nested multipart part");
      } else {
        return Fail(400, "an unexpected header '" + name + "' in a part");
      }
    }
    if (!has_disposition) return Fail(400, "a part without Content-Disposition");
    const size_t data_start = head_end + 4;
    const size_t data_end = body.find(next_delim, data_start);
    if (data_end == std::string_view::npos) return Fail(400, "a part without its closing boundary");
    part.data = body.substr(data_start, data_end - data_start);
    const size_t cap = part.has_filename ? limits.max_file_bytes : limits.max_field_bytes;
    if (part.data.size() > cap) {
      return Fail(413, std::string(part.has_filename ? "a file" : "a field") + " ('" + part.name + "') is over " +
                           std::to_string(cap) + " bytes");
    }
    r.parts.push_back(std::move(part));
    pos = data_end + next_delim.size();
  }
  return r;
}

}  // namespace vox::http
