// libFuzzer target for the jsonl reader (see reader_fuzz.h). Also holds the
// streaming reader to its contract: on an input IsStreamableJsonl accepts,
// ReadJsonlStream in small pieces (sizes taken from the input) gives the
// same items, rejections and skips, in the same order, as ReadBuffer.
#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "reader_fuzz.h"

namespace {

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
  void Reject(const Rejection& r) { events.push_back("reject " + r.where + " " + r.field + " " + r.reason); }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzReader(vox::ingest::Format::kJsonl, data, size);
  const std::string input(reinterpret_cast<const char*>(data), size);
  const size_t head_bytes = size == 0 ? 0 : 4 + data[0] % 64;
  const std::string head = input.substr(0, std::min(head_bytes, size));
  if (!vox::ingest::IsStreamableJsonl(head, head.size() == size)) return 0;
  Log whole, streamed;
  vox::ingest::ReadBuffer(
      vox::ingest::Format::kJsonl, input, whole.Options(), [&](vox::Item&& it) { return whole.Item(std::move(it)); },
      [&](const Rejection& r) { whole.Reject(r); })
      .PermitUncheckedError();
  std::istringstream rest(input.substr(head.size()));
  const size_t piece = 1 + (size > 1 ? data[1] % 32 : 0);
  vox::ingest::ReadJsonlStream(
      head, rest, streamed.Options(), [&](vox::Item&& it) { return streamed.Item(std::move(it)); },
      [&](const Rejection& r) { streamed.Reject(r); }, piece)
      .PermitUncheckedError();
  if (whole.events != streamed.events) std::abort();
  return 0;
}
