// libFuzzer target for the streaming XML element scanner that reads .xlsx
// sheets and shared strings a row at a time (ForEachXmlElement): on any
// bytes it must never crash, hang or read out of bounds, and it must hand on
// the same elements (printed by pugixml), at the same offsets, with the same
// status, whatever the chunk the document is read by — one byte, a chunk
// chosen by the input, or the whole input. The first byte picks what is cut
// out (rows of a sheet, or shared strings) and a small element limit now and
// then. Seeds: fuzz/corpus/xmlscan/.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <pugixml.hpp>
#include <sstream>
#include <string>

#include "ingest/reader_internal.h"

namespace {

std::string Scan(std::string_view xml, size_t chunk, bool sheet, size_t max_element) {
  std::string out;
  size_t pos = 0;
  const vox::ingest::internal::XmlReadFn read = [&](char* buf, size_t size) -> vox::Result<size_t> {
    const size_t n = std::min({size, chunk, xml.size() - pos});
    std::memcpy(buf, xml.data() + pos, n);
    pos += n;
    return n;
  };
  std::vector<std::string_view> path = {"sst"};
  if (sheet) path = {"worksheet", "sheetData"};
  const vox::Status s = vox::ingest::internal::ForEachXmlElement(
      read, path, sheet ? "row" : "si", chunk, max_element, [&out](const pugi::xml_node& n, uint64_t offset) {
        std::ostringstream printed;
        n.print(printed, "", pugi::format_raw);
        out += std::to_string(offset) + ":" + printed.str() + "\n";
        return true;
      });
  return out + s.message();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const bool sheet = (data[0] & 1) == 0;
  const size_t max_element = (data[0] & 2) != 0 ? 64 : 1 << 20;
  const std::string_view xml(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::string whole = Scan(xml, xml.size() + 1, sheet, max_element);
  if (Scan(xml, 1, sheet, max_element) != whole) std::abort();
  if (Scan(xml, 2 + size % 97, sheet, max_element) != whole) std::abort();
  return 0;
}
