// libFuzzer target for the RSS/Atom reader (see reader_fuzz.h).
#include "reader_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return FuzzReader(vox::ingest::Format::kRss, data, size);
}
