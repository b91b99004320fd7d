// libFuzzer target for the csv reader (see reader_fuzz.h). Besides the
// defaults, the input's length picks the table options a user can give
// (--encoding, --date-format, --map), so that every path of the reader is
// reached from the same seeds (fuzz/corpus/csv/: Vox's own CSV, 311 export
// shapes, a Windows-1258 spreadsheet, TCVN3 text, Excel serial dates).
//
// Also holds the streaming reader to its contract, on pieces of 1-32 bytes
// taken from the input (every CRLF, quote pair, UTF-8 or UTF-16 sequence and
// Windows-1258 tone mark gets cut somewhere):
//  - with the whole input as its head, ReadCsvStream gives the same items,
//    rejections and skips, in the same order, as ReadBuffer;
//  - with a head of the input's first bytes and the rest from a pipe (the
//    second pass reading the reader's scratch copy) and a small record limit,
//    it gives what the same head and limit give read from a seekable stream
//    in one large piece.
#include <algorithm>
#include <sstream>
#include <streambuf>
#include <string>
#include <vector>

#include "reader_fuzz.h"

namespace {

using vox::ingest::ReadOptions;
using vox::ingest::Rejection;
using vox::ingest::StreamOptions;

struct Log {
  std::vector<std::string> events;
  ReadOptions Options(ReadOptions opts) {
    opts.on_skip = [this](const Rejection& r) { events.push_back("skip " + r.where + " " + r.reason); };
    return opts;
  }
  bool Item(vox::Item&& item) {
    events.push_back("item " + item.source + "\x1f" + item.id + "\x1f" + item.text + "\x1f" + item.title + "\x1f" +
                     item.place + "\x1f" + std::to_string(item.published_at));
    return true;
  }
  void Reject(const Rejection& r) { events.push_back("reject " + r.where + " " + r.field + " " + r.reason); }
};

// A stream that cannot seek, a few bytes a read: a pipe.
class PipeBuf : public std::streambuf {
 public:
  explicit PipeBuf(std::string data) : data_(std::move(data)) {}

 protected:
  int_type underflow() override {
    if (pos_ >= data_.size()) return traits_type::eof();
    const size_t n = std::min<size_t>(3, data_.size() - pos_);
    setg(data_.data() + pos_, data_.data() + pos_, data_.data() + pos_ + n);
    pos_ += n;
    return traits_type::to_int_type(*gptr());
  }

 private:
  std::string data_;
  size_t pos_ = 0;
};

std::vector<std::string> Streamed(const std::string& head, std::istream& rest, const ReadOptions& opts,
                                  const StreamOptions& stream) {
  Log log;
  const vox::Status s = vox::ingest::ReadCsvStream(
      head, rest, log.Options(opts), [&](vox::Item&& it) { return log.Item(std::move(it)); },
      [&](const Rejection& r) { log.Reject(r); }, stream);
  if (!s.ok()) log.events.push_back("status " + s.message());
  return log.events;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  vox::ingest::ReadOptions opts = FuzzReadOptions();
  if (size % 7 == 6) opts.input_name = "fuzz.tsv";
  switch (size % 7) {
    case 1: opts.table.encoding = "windows-1258"; break;
    case 2: opts.table.encoding = "tcvn3"; break;
    case 3: opts.table.date_format = "mm/dd/yyyy"; break;
    case 4:
      vox::ingest::ParseColumnMap("text=DESCRIPTION,published_at=DATETIMEINIT,id=REQUESTID",
                                  &opts.table)
          .PermitUncheckedError();
      break;
    case 5:
      vox::ingest::ParseColumnMap("text=1,date=2", &opts.table).PermitUncheckedError();
      break;
    default: break;
  }
  FuzzReader(vox::ingest::Format::kCsv, opts, data, size);

  const std::string input(reinterpret_cast<const char*>(data), size);
  Log whole;
  const vox::Status s = vox::ingest::ReadBuffer(
      vox::ingest::Format::kCsv, input, whole.Options(opts), [&](vox::Item&& it) { return whole.Item(std::move(it)); },
      [&](const Rejection& r) { whole.Reject(r); });
  if (!s.ok()) whole.events.push_back("status " + s.message());
  StreamOptions small;
  small.piece_bytes = 1 + (size > 1 ? data[1] % 32 : 0);
  std::istringstream nothing;
  if (Streamed(input, nothing, opts, small) != whole.events) std::abort();

  const size_t head_bytes = std::min<size_t>(size, size == 0 ? 0 : 4 + data[0] % 64);
  const std::string head = input.substr(0, head_bytes);
  small.max_record_bytes = 8 + (size > 2 ? data[2] % 64 : 0);
  StreamOptions large = small;
  large.piece_bytes = 1 << 20;
  PipeBuf pipe_buf(input.substr(head_bytes));
  std::istream pipe(&pipe_buf);
  std::istringstream file(input.substr(head_bytes));
  if (Streamed(head, pipe, opts, small) != Streamed(head, file, opts, large)) std::abort();
  return 0;
}
