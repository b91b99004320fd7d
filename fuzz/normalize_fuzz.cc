// libFuzzer target for the text engine. Aborts when a property breaks:
// outputs are valid UTF-8, Canonicalize/Normalize/CanonicalUrl/MaskPii are
// idempotent, Canonicalize output is NFC-stable, token spans lie inside the
// input, and the chunked fast paths agree with the general path.
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "text/internal.h"
#include "text/text.h"

namespace {

void Check(bool ok, const char* what, std::string_view in) {
  if (ok) return;
  std::fprintf(stderr, "property failed: %s (input %zu bytes)\n", what, in.size());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace vox::text;
  std::string_view in(reinterpret_cast<const char*>(data), size);

  std::string c = Canonicalize(in);
  Check(IsValidUtf8(c), "Canonicalize output is valid UTF-8", in);
  Check(Canonicalize(c) == c, "Canonicalize is idempotent", in);
  {
    UErrorCode st = U_ZERO_ERROR;
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(st);
    Check(nfc->isNormalized(icu::UnicodeString::fromUTF8(c), st), "Canonicalize output is NFC", in);
  }
  Check(c == internal::SlowCanonicalize(in), "fast Canonicalize == general path", in);

  std::string n = Normalize(in);
  Check(IsValidUtf8(n), "Normalize output is valid UTF-8", in);
  Check(Normalize(n) == n, "Normalize is idempotent", in);
  Check(n == internal::SlowNormalizeForTest(in), "fast Normalize == general path", in);

  std::vector<Token> toks, slow;
  Tokenize(in, &toks);
  internal::SlowTokenize(in, &slow);
  Check(toks.size() == slow.size(), "fast Tokenize == general path (count)", in);
  for (size_t i = 0; i < toks.size(); ++i) {
    const Token& t = toks[i];
    Check(t.begin < t.end && t.end <= size, "token span inside input", in);
    Check(IsValidUtf8(t.norm) && IsValidUtf8(t.folded), "token text valid UTF-8", in);
    Check(t.norm == slow[i].norm && t.begin == slow[i].begin && t.end == slow[i].end &&
              t.kind == slow[i].kind,
          "fast Tokenize == general path", in);
  }

  std::string f = FoldAccents(n);
  Check(IsValidUtf8(f), "FoldAccents output is valid UTF-8", in);

  std::string m = MaskPii(in);
  Check(IsValidUtf8(m), "MaskPii output is valid UTF-8", in);
  Check(MaskPii(m) == m, "MaskPii is idempotent", in);

  std::string u = CanonicalUrl(in);
  Check(IsValidUtf8(u), "CanonicalUrl output is valid UTF-8", in);
  Check(CanonicalUrl(u) == u, "CanonicalUrl is idempotent", in);

  std::string s;
  SanitizeUtf8(in, &s);
  Check(IsValidUtf8(s), "SanitizeUtf8 output is valid UTF-8", in);
  return 0;
}
