// libFuzzer target for the incremental JSON record splitter
// (JsonDocumentSplitter): fed the input in pieces whose sizes come from the
// input, holding only the bytes from pos() on, it must give exactly the spans
// ForEachJsonDocument gives on the whole input, every record's bytes inside
// those held, and never ask for more at the end. Then, on an input
// IsStreamableJsonDocuments accepts, ReadJsonDocumentsStream in small pieces
// must give the same items, rejections (place, field, reason; for malformed
// JSON only that it is malformed) and skips, in the same order, as
// ReadBuffer(kJsonl) on the whole input.
// Seeds: fuzz/corpus/jsonsplit/.
#include <algorithm>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "reader_fuzz.h"

namespace {

using vox::ingest::JsonDocumentSplitter;
using vox::ingest::JsonSpan;
using vox::ingest::ReadOptions;
using vox::ingest::Rejection;

struct Log {
  std::vector<std::string> events;
  ReadOptions Options() {
    ReadOptions opts = FuzzReadOptions();
    opts.on_skip = [this](const Rejection& r) { events.push_back("skip " + r.where + " " + r.reason); };
    return opts;
  }
  bool Item(vox::Item&& item) {
    events.push_back("item " + item.source + "\x1f" + item.id + "\x1f" + item.text + "\x1f" + item.title);
    return true;
  }
  // Where and which field, and whether the JSON was malformed: simdjson's
  // wording for a malformed record may depend on the bytes after it (the
  // whole buffer's, or a piece's padding), so the reason's text is not
  // compared for those.
  void Reject(const Rejection& r) {
    const bool malformed = r.reason.rfind("malformed JSON", 0) == 0;
    events.push_back("reject " + r.where + " " + r.field + " " + (malformed ? std::string("malformed JSON") : r.reason));
  }
};

bool Same(const JsonSpan& a, const JsonSpan& b) {
  return a.begin == b.begin && a.end == b.end && a.line == b.line && a.error == b.error;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  std::vector<JsonSpan> whole;
  vox::ingest::ForEachJsonDocument(input, [&](const JsonSpan& s) {
    whole.push_back(s);
    return true;
  });
  const size_t piece = 1 + (size > 0 ? data[0] % 16 : 0);
  JsonDocumentSplitter splitter;
  size_t base = 0, held = std::min(size, piece), n = 0;
  JsonSpan span;
  while (true) {
    const bool at_end = held == size;
    const auto step = splitter.Next(std::string_view(input).substr(base, held - base), base, at_end, &span);
    if (step == JsonDocumentSplitter::Step::kEnd) break;
    if (step == JsonDocumentSplitter::Step::kSpan) {
      if ((span.error.empty() && span.begin < base) || span.end > held || n >= whole.size() || !Same(span, whole[n]))
        std::abort();
      ++n;
      continue;
    }
    if (at_end || splitter.pos() < base || splitter.pos() > held) std::abort();
    base = splitter.pos();
    held = std::min(size, held + piece);
  }
  if (n != whole.size()) std::abort();

  const size_t head_bytes = size == 0 ? 0 : 4 + data[0] % 64;
  const std::string head = input.substr(0, std::min(head_bytes, size));
  if (!vox::ingest::IsStreamableJsonDocuments(head, head.size() == size)) return 0;
  Log all, streamed;
  vox::ingest::ReadBuffer(
      vox::ingest::Format::kJsonl, input, all.Options(), [&](vox::Item&& it) { return all.Item(std::move(it)); },
      [&](const Rejection& r) { all.Reject(r); })
      .PermitUncheckedError();
  std::istringstream rest(input.substr(head.size()));
  vox::ingest::ReadJsonDocumentsStream(
      head, rest, streamed.Options(), [&](vox::Item&& it) { return streamed.Item(std::move(it)); },
      [&](const Rejection& r) { streamed.Reject(r); }, piece)
      .PermitUncheckedError();
  if (all.events != streamed.events) std::abort();
  return 0;
}
