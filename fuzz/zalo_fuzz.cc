// libFuzzer target: the zalo reader must never crash, hang or read out of
// bounds, whatever the bytes. Every item it accepts must satisfy the Item
// contract (id present, text or title present).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "ingest/reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  vox::ingest::ReadOptions opts;
  opts.input_name = "fuzz";
  opts.max_text_bytes = 4096;
  opts.on_skip = [](const vox::ingest::Rejection&) {};
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  vox::ingest::ReadBuffer(
      vox::ingest::Format::kZalo, input, opts,
      [](vox::Item&& item) {
        if (item.id.empty() || (item.text.empty() && item.title.empty())) std::abort();
        return true;
      },
      [](const vox::ingest::Rejection& r) {
        if (r.where.empty() || r.reason.empty()) std::abort();
      })
      .PermitUncheckedError();
  return 0;
}
