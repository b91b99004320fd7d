// libFuzzer target for the RSS/Atom reader (see reader_fuzz.h), whole and in
// a stream: ReadFeedPasses (what `vox ingest` uses for a feed larger than a
// MiB) must give the same items, rejections and status whatever the chunk
// the feed is read by (one byte, a chunk chosen by the input's length, or
// the whole input), and, whenever both it and the whole reader accept the
// feed, exactly what the whole reader gives.
#include <cstring>
#include <string>

#include "ingest/reader_internal.h"
#include "reader_fuzz.h"

namespace {

std::string Describe(const vox::Status& s, const std::string& events) { return events + "status " + s.message(); }

std::string Item(const vox::Item& i, const std::string& where) {
  return "item " + where + "|" + i.id + "|" + i.source + "|" + i.url + "|" + std::to_string(i.published_at) + "|" +
         i.title + "|" + i.text + "\n";
}

std::string Streamed(std::string_view data, const vox::ingest::ReadOptions& opts, size_t chunk, bool* ok) {
  std::string events;
  size_t pos = 0;
  const std::function<vox::ingest::internal::XmlReadFn()> pass = [&]() -> vox::ingest::internal::XmlReadFn {
    pos = 0;
    return [&](char* buf, size_t n) -> vox::Result<size_t> {
      const size_t k = std::min({n, chunk, data.size() - pos});
      std::memcpy(buf, data.data() + pos, k);
      pos += k;
      return k;
    };
  };
  const vox::Status s = vox::ingest::internal::ReadFeedPasses(
      pass, opts, chunk,
      [&events](vox::Item&& item, const std::string& where) {
        events += Item(item, where);
        return true;
      },
      [&events](const vox::ingest::Rejection& r) { events += "rejected " + r.where + "|" + r.reason + "\n"; });
  *ok = s.ok();
  return Describe(s, events);
}

std::string Whole(std::string_view data, const vox::ingest::ReadOptions& opts, bool* ok) {
  std::string events;
  const vox::Status s = vox::ingest::internal::ReadFeed(
      data, opts,
      [&events](vox::Item&& item, const std::string& where) {
        events += Item(item, where);
        return true;
      },
      [&events](const vox::ingest::Rejection& r) { events += "rejected " + r.where + "|" + r.reason + "\n"; });
  *ok = s.ok();
  return Describe(s, events);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzReader(vox::ingest::Format::kRss, data, size);
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  if (!vox::ingest::IsStreamableFeed(input)) return 0;
  vox::ingest::ReadOptions opts = FuzzReadOptions();
  opts.now = 1795000000;
  bool ok = false, ok1 = false, ok_whole = false;
  const std::string big = Streamed(input, opts, size + 1, &ok);
  if (Streamed(input, opts, 1, &ok1) != big) std::abort();
  if (Streamed(input, opts, 2 + size % 89, &ok1) != big) std::abort();
  const std::string whole = Whole(input, opts, &ok_whole);
  if (ok && ok_whole && whole != big) std::abort();
  return 0;
}
