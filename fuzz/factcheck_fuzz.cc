// Fuzzes the fact-check importer's parsing (claims::ParseFactChecks): any
// bytes must parse into records and rejections without crashing or throwing,
// and every record handed on must satisfy the contract (non-empty id, claim
// and verdict; valid UTF-8 text).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "claims/claims.h"
#include "text/text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  vox::Status st = vox::claims::ParseFactChecks(
      in, "fuzz.json",
      [](vox::store::FactCheck&& fc) {
        if (fc.id.empty() || fc.claim.empty() || fc.verdict.empty()) __builtin_trap();
        if (!vox::text::IsValidUtf8(fc.claim) || !vox::text::IsValidUtf8(fc.body)) __builtin_trap();
      },
      [](const vox::ingest::Rejection& r) {
        if (r.where.empty() || r.reason.empty()) __builtin_trap();
      });
  st.PermitUncheckedError();
  return 0;
}
