// HTML read as browsers read it (HTML5, by gumbo), for the readers and the
// fact-check importer. Never fails: any byte string is some HTML.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace vox::ingest {

// The text of every <script> element whose type attribute is `type` (ASCII
// case-insensitive, parameters after ';' and surrounding white space
// ignored: "application/ld+json"), in document order.
std::vector<std::string> HtmlScripts(std::string_view html, std::string_view type);

// The text a reader of a news page reads: the paragraphs (<p>) of the page's
// <article> (the one with the most text, when there are several), else of
// the whole page, one per line, leaving out navigation, headers, footers,
// asides, forms, captions, scripts and paragraphs under 20 bytes (bylines,
// "Xem thêm"). At most max_bytes (cut at a character); the first 4 MiB of
// the page are read.
std::string ArticleText(std::string_view html, size_t max_bytes = 64u << 10);

}  // namespace vox::ingest
