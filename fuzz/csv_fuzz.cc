// libFuzzer target for the csv reader (see reader_fuzz.h).
#include "reader_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return FuzzReader(vox::ingest::Format::kCsv, data, size);
}
