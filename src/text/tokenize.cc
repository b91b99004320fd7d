// Tokenizer: raw text -> tokens with exact raw byte spans.
//
// What: Tokenize decodes the input once into canonical Units (each carries
// the raw byte span it came from, through UTF-8 repair, legacy conversion,
// NFC and tone movement), splits them into segments (scan.cc) and emits one
// token per word, number, URL, hashtag, mention, emoji sequence or masked
// placeholder; spaces and punctuation give no token. A word's norm is its
// Normalize form; a teencode/abbreviation expansion to several words gives
// several tokens with the same span ("mn" -> "mọi", "người").
// Why: the same tokens feed the FTS5 index and the search-snippet
// highlighter, so norms must agree with Normalize and spans with the raw text.
// Invariants: begin < end <= text.size(); tokens are in text order; for a
// text without expansions, spans do not overlap. Syllable bigrams are formed
// by callers, not here.
#include "text/internal.h"
#include "text/text.h"

namespace vox::text {

using internal::Seg;
using internal::Unit;

namespace {

void FoldInto(std::string_view norm, std::string* folded) {
  bool ascii = true;
  for (char c : norm) {
    if (static_cast<unsigned char>(c) >= 0x80) { ascii = false; break; }
  }
  if (ascii) *folded = std::string(norm); else *folded = FoldAccents(norm);
}

void Push(std::vector<Token>* out, TokenKind kind, std::string norm, uint32_t b,
          uint32_t e) {
  Token& t = out->emplace_back();
  t.kind = kind;
  FoldInto(norm, &t.folded);
  t.norm = std::move(norm);
  t.begin = b;
  t.end = e;
}

}  // namespace

void Tokenize(std::string_view text, std::vector<Token>* out) {
  if (internal::MaybeLegacy(text)) {
    internal::SlowTokenize(text, out);
    return;
  }
  const size_t first = out->size();
  const bool whole = internal::RunChunked(
      text, out, [&](size_t a, size_t b) { return internal::FastTokenize(text, a, b, out); },
      [&](size_t a, size_t b) {
        internal::SlowTokenize(text.substr(a, b - a), out, false, static_cast<uint32_t>(a));
      });
  if (!whole) {
    out->resize(first);
    internal::SlowTokenize(text, out);
  }
}

namespace internal {

void SlowTokenize(std::string_view text, std::vector<Token>* out, bool allow_legacy,
                  uint32_t base) {
  std::vector<Unit> u;
  internal::DecodeCanonical(text, &u, nullptr, allow_legacy);
  if (base != 0) {
    for (Unit& x : u) {
      x.b += base;
      x.e += base;
    }
  }
  const size_t n = u.size();
  std::string s;
  size_t pos = 0;
  while (pos < n) {
    internal::Segment seg = internal::NextSegment(u, pos);
    pos = seg.e;
    const uint32_t b = u[seg.b].b, e = u[seg.e - 1].e;
    s.clear();
    switch (seg.kind) {
      case Seg::kSpace:
      case Seg::kOther:
        break;
      case Seg::kWord: {
        internal::NormalizeWordText(u.data() + seg.b, seg.e - seg.b,
                                    internal::NearLegacyGlue(u, seg.b, seg.e), &s);
        size_t end = seg.e;
        const internal::LexEntry* lex = internal::MatchLexicon(u, seg.b, seg.e, s, &end);
        if (lex != nullptr) {
          const uint32_t le = u[end - 1].e;
          for (const std::string& w : lex->words) Push(out, TokenKind::kWord, w, b, le);
          pos = end;
        } else {
          Push(out, TokenKind::kWord, s, b, e);
        }
        break;
      }
      case Seg::kNumber:
        internal::NormalizeWordText(u.data() + seg.b, seg.e - seg.b, true, &s);
        Push(out, TokenKind::kNumber, s, b, e);
        break;
      case Seg::kUrl:
        internal::EncodeUnits(u.data() + seg.b, seg.e - seg.b, &s);
        Push(out, TokenKind::kUrl, CanonicalUrl(s), b, e);
        break;
      case Seg::kHashtag:
      case Seg::kMention:
        for (size_t i = seg.b; i < seg.e; ++i) internal::AppendUtf8(internal::ToLower(u[i].cp), &s);
        Push(out, seg.kind == Seg::kHashtag ? TokenKind::kHashtag : TokenKind::kMention, s, b, e);
        break;
      case Seg::kEmoji:
        internal::EncodeUnits(u.data() + seg.b, seg.e - seg.b, &s);
        Push(out, TokenKind::kEmoji, s, b, e);
        break;
      case Seg::kMasked:
        internal::EncodeUnits(u.data() + seg.b, seg.e - seg.b, &s);
        Push(out, TokenKind::kMasked, s, b, e);
        break;
    }
  }
}

}  // namespace internal
}  // namespace vox::text
