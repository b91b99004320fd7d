// Small parsers for command-line arguments.
#pragma once

#include <cstdint>
#include <string>

namespace vox::cli {

// "90d", "12w", "24h", "30m", "45s" -> seconds. False on anything else.
bool ParseDuration(const std::string& s, int64_t* seconds);

// --since/--until: RFC 3339, "YYYY-MM-DD" (00:00 UTC+7, the office's day),
// or a duration meaning that long ago ("7d"). Empty leaves *out at 0.
bool ParseTimeArg(const std::string& s, int64_t* out);

// "127.0.0.1:8080", "[::1]:8080", ":8080" (loopback).
bool ParseListen(const std::string& s, std::string* host, int* port);

// Columns on a terminal: how many cells s takes (combining marks and
// zero-width characters none, wide East Asian characters and emoji two), and
// s padded with spaces to `width` cells. Padding by bytes shifts every row
// holding a Vietnamese letter.
size_t DisplayWidth(const std::string& s);
std::string Padded(const std::string& s, size_t width);

// First `max_chars` code points of s on one line, "…" when cut.
std::string OneLine(const std::string& s, size_t max_chars);

}  // namespace vox::cli
