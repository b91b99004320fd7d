// libFuzzer target for the zalo reader (see reader_fuzz.h).
#include "reader_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return FuzzReader(vox::ingest::Format::kZalo, data, size);
}
