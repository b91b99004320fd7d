// libFuzzer target for Facebook and Zalo exports read from a stream
// (ReadJsonExportStream and its scanner): on any input, read in pieces whose
// size comes from the input, from a stream that can seek or from one that
// cannot, it must give exactly what ReadBuffer gives on the whole input — the
// same status, items (every field the reader sets), rejections (place,
// field, reason) and skips, in the same order.
// The first byte chooses the piece size, the format and the kind of stream;
// the input is the rest. Seeds: fuzz/corpus/jsonexport/.
#include <sstream>
#include <streambuf>
#include <string>
#include <vector>

#include "reader_fuzz.h"

namespace {

using vox::ingest::ReadOptions;
using vox::ingest::Rejection;

class PipeBuf : public std::streambuf {
 public:
  explicit PipeBuf(std::string s) : s_(std::move(s)) { setg(s_.data(), s_.data(), s_.data() + s_.size()); }

 private:
  std::string s_;
};

struct Log {
  std::vector<std::string> events;
  ReadOptions Options() {
    ReadOptions opts = FuzzReadOptions();
    opts.now = 1790900000;
    opts.on_skip = [this](const Rejection& r) {
      events.push_back("skip " + r.where + " " + r.reason + " " + r.category);
    };
    return opts;
  }
  bool Item(vox::Item&& it) {
    events.push_back("item " + it.kind + "\x1f" + it.source + "\x1f" + it.id + "\x1f" + it.parent_id + "\x1f" +
                     it.author + "\x1f" + std::to_string(it.published_at) + "\x1f" + it.text + "\x1f" + it.title +
                     "\x1f" + it.url + "\x1f" + std::to_string(it.metrics.reactions) + "/" +
                     std::to_string(it.metrics.shares) + "/" + std::to_string(it.metrics.comments));
    return true;
  }
  void Reject(const Rejection& r) { events.push_back("reject " + r.where + " " + r.field + " " + r.reason); }
  void Status(const vox::Status& s) {
    events.push_back("status " + std::to_string(static_cast<int>(s.code())) + " " + s.message());
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t control = data[0];
  const std::string input(reinterpret_cast<const char*>(data) + 1, size - 1);
  const size_t piece = 1 + control % 16;
  const auto format = (control & 0x10) != 0 ? vox::ingest::Format::kZalo : vox::ingest::Format::kFacebook;
  const bool seekable = (control & 0x20) != 0;
  const size_t head_bytes = (control & 0x40) != 0 ? input.size() : std::min<size_t>(input.size(), 4 + control % 7);
  const std::string head = input.substr(0, head_bytes);
  if (!vox::ingest::IsStreamableJsonExport(head, head.size() == input.size())) return 0;

  Log all, streamed;
  all.Status(vox::ingest::ReadBuffer(
      format, input, all.Options(), [&](vox::Item&& it) { return all.Item(std::move(it)); },
      [&](const Rejection& r) { all.Reject(r); }));
  const std::string rest = input.substr(head.size());
  std::istringstream file(rest);
  PipeBuf pipe_buf(rest);
  std::istream pipe(&pipe_buf);
  int64_t bytes = 0;
  streamed.Status(vox::ingest::ReadJsonExportStream(
      format, head, seekable ? static_cast<std::istream&>(file) : pipe, streamed.Options(),
      [&](vox::Item&& it) { return streamed.Item(std::move(it)); }, [&](const Rejection& r) { streamed.Reject(r); },
      piece, &bytes));
  if (all.events != streamed.events) std::abort();
  if (bytes != static_cast<int64_t>(input.size())) std::abort();
  return 0;
}
