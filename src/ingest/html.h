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

}  // namespace vox::ingest
