// Shared body of the reader fuzz targets: the reader for `format` must never
// crash, hang or read out of bounds, whatever the bytes, and every item it
// accepts must satisfy the Item contract (id present, text or title present);
// every rejection must say where and why.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "ingest/reader.h"

// The default options of every reader target.
inline vox::ingest::ReadOptions FuzzReadOptions() {
  vox::ingest::ReadOptions opts;
  opts.input_name = "fuzz";
  opts.max_text_bytes = 4096;
  opts.on_skip = [](const vox::ingest::Rejection&) {};
  return opts;
}

inline int FuzzReader(vox::ingest::Format format, const vox::ingest::ReadOptions& opts, const uint8_t* data,
                      size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  vox::ingest::ReadBuffer(
      format, input, opts,
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

inline int FuzzReader(vox::ingest::Format format, const uint8_t* data, size_t size) {
  return FuzzReader(format, FuzzReadOptions(), data, size);
}
