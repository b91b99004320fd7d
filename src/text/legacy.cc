// Legacy Vietnamese encodings still pasted into comments and forms.
//
// Text typed in a TCVN3 (ABC, ".Vn" fonts) or VNI ("VNI-" fonts) font and
// copied as if it were Windows-1252/Latin-1 arrives as Latin-1 code points:
// TCVN3 "Hµ Néi" and VNI "Haø Noäi" are both "Hà Nội". The tables below were
// written from the published code charts (TCVN 5712:1993 VN3; VNI-Windows):
// TCVN3 has one byte per precomposed lower-case letter; VNI writes a base
// letter followed by one or two mark bytes.
//
// Detection is deliberately conservative: MaybeLegacy (canonical.cc) only
// calls us when the text has Latin-1 code points and no Vietnamese-only
// letter. Then, over the words (with an ASCII letter and a Latin-1 symbol
// or non-Vietnamese Latin-1 letter: "Hµ", "Haø") that are NOT Vietnamese
// syllables as given and that a conversion changes, at least 2 must become
// syllables and at most a quarter as many stay non-syllables.
// Unicode Vietnamese written with Latin-1 letters only ("Cá tôm") is made of
// syllables already, so it never counts; French and German words do not
// become syllables. Both stay as given. Canonicalize never re-places tones
// in a letter run glued to a Latin-1 symbol (canonical.cc), so the words
// counted here are the same in its output and the decision is stable.
#include <cstring>

#include "text/internal.h"

namespace vox::text::internal {
namespace {

// TCVN3 byte (Latin-1 code point) -> Unicode, 0 = unchanged.
struct Tcvn3 {
  char32_t map[256] = {};
  Tcvn3() {
    const char* const kPairs[] = {
        "\xA1Ă", "\xA2Â", "\xA3Ê", "\xA4Ô", "\xA5Ơ", "\xA6Ư", "\xA7Đ",
        "\xA8ă", "\xA9â", "\xAAê", "\xABô", "\xACơ", "\xADư", "\xAEđ",
        "\xB5à", "\xB6ả", "\xB7ã", "\xB8á", "\xB9ạ",
        "\xBBằ", "\xBCẳ", "\xBDẵ", "\xBEắ", "\xC6ặ",
        "\xC7ầ", "\xC8ẩ", "\xC9ẫ", "\xCAấ", "\xCBậ",
        "\xCCè", "\xCEẻ", "\xCFẽ", "\xD0é", "\xD1ẹ",
        "\xD2ề", "\xD3ể", "\xD4ễ", "\xD5ế", "\xD6ệ",
        "\xD7ì", "\xD8ỉ", "\xDCĩ", "\xDDí", "\xDEị",
        "\xDFò", "\xE1ỏ", "\xE2õ", "\xE3ó", "\xE4ọ",
        "\xE5ồ", "\xE6ổ", "\xE7ỗ", "\xE8ố", "\xE9ộ",
        "\xEAờ", "\xEBở", "\xECỡ", "\xEDớ", "\xEEợ",
        "\xEFù", "\xF1ủ", "\xF2ũ", "\xF3ú", "\xF4ụ",
        "\xF5ừ", "\xF6ử", "\xF7ữ", "\xF8ứ", "\xF9ự",
        "\xFAỳ", "\xFBỷ", "\xFCỹ", "\xFDý", "\xFEỵ"};
    for (const char* p : kPairs) {
      auto byte = static_cast<unsigned char>(p[0]);
      size_t len;
      map[byte] = DecodeUtf8(reinterpret_cast<const unsigned char*>(p + 1),
                             std::strlen(p + 1), 0, &len);
    }
  }
};

// VNI mark byte (Latin-1, either case) -> modifier and tone it adds.
struct VniMark {
  char32_t modifier;  // 0, 0x0302 circumflex, 0x0306 breve, 0x031B horn
  uint8_t tone;
};
bool VniMarkOf(char32_t cp, VniMark* m) {
  if (cp >= 0xC0 && cp <= 0xDE) cp += 0x20;  // upper-case marks
  switch (cp) {
    case 0xF9: *m = {0, 2}; return true;       // ù sắc
    case 0xF8: *m = {0, 1}; return true;       // ø huyền
    case 0xFB: *m = {0, 3}; return true;       // û hỏi
    case 0xF5: *m = {0, 4}; return true;       // õ ngã
    case 0xEF: *m = {0, 5}; return true;       // ï nặng
    case 0xE2: *m = {0x0302, 0}; return true;  // â ^
    case 0xE1: *m = {0x0302, 2}; return true;  // á ^ sắc
    case 0xE0: *m = {0x0302, 1}; return true;  // à ^ huyền
    case 0xE5: *m = {0x0302, 3}; return true;  // å ^ hỏi
    case 0xE3: *m = {0x0302, 4}; return true;  // ã ^ ngã
    case 0xE4: *m = {0x0302, 5}; return true;  // ä ^ nặng
    case 0xEA: *m = {0x0306, 0}; return true;  // ê breve
    case 0xE9: *m = {0x0306, 2}; return true;  // é breve sắc
    case 0xE8: *m = {0x0306, 1}; return true;  // è breve huyền
    case 0xFA: *m = {0x0306, 3}; return true;  // ú breve hỏi
    case 0xFC: *m = {0x0306, 4}; return true;  // ü breve ngã
    case 0xEB: *m = {0x0306, 5}; return true;  // ë breve nặng
  }
  return false;
}
// VNI whole letters: ư Ư ơ Ơ đ Đ and the toned i's.
char32_t VniLetter(char32_t cp) {
  switch (cp) {
    case 0xF6: return 0x01B0; case 0xD6: return 0x01AF;  // ư Ư
    case 0xF4: return 0x01A1; case 0xD4: return 0x01A0;  // ơ Ơ
    case 0xF1: return 0x0111; case 0xD1: return 0x0110;  // đ Đ
    case 0xED: return 0x00ED; case 0xCD: return 0x00CD;  // í
    case 0xEC: return 0x00EC; case 0xCC: return 0x00CC;  // ì
    case 0xE6: return 0x1EC9; case 0xC6: return 0x1EC8;  // ỉ
    case 0xF3: return 0x0129; case 0xD3: return 0x0128;  // ĩ
    case 0xF2: return 0x1ECB; case 0xD2: return 0x1ECA;  // ị
  }
  return 0;
}

void ConvertTcvn3(const std::vector<Unit>& in, std::vector<Unit>* out) {
  static const Tcvn3 t;
  out->clear();
  for (Unit u : in) {
    if (u.cp < 256 && t.map[u.cp] != 0) u.cp = t.map[u.cp];
    out->push_back(u);
  }
}

void ConvertVni(const std::vector<Unit>& in, std::vector<Unit>* out) {
  out->clear();
  for (size_t i = 0; i < in.size(); ++i) {
    Unit u = in[i];
    if (char32_t l = VniLetter(u.cp)) u.cp = l;
    Packed p = LookupLetter(u.cp);
    if (p != kNotLetter && PVowel(p) != kD && u.cp != 0x00ED && u.cp != 0x00EC) {
      uint8_t v = PVowel(p), tone = PTone(p);
      VniMark m;
      for (int k = 0; k < 2 && i + 1 < in.size() && VniMarkOf(in[i + 1].cp, &m); ++k) {
        uint8_t nv = v;
        if (m.modifier != 0) {
          nv = ApplyModifier(v, m.modifier);
          if (nv == kNotLetter) break;
        }
        if (m.tone != 0 && tone != 0) break;
        v = nv;
        if (m.tone) tone = m.tone;
        u.e = in[i + 1].e;
        ++i;
      }
      u.cp = ComposeLetter(v, tone, PUpper(p));
    }
    out->push_back(u);
  }
}

// Word separators for scoring: ASCII non-letters and, beyond Latin-1,
// anything but a Vietnamese letter (legacy fonts only use Latin-1).
inline bool Separator(char32_t c) {
  if (c < 0x80) return !((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
  return c > 0xFF && LookupLetter(c) == kNotLetter;
}

struct Score {
  int fixed = 0;  // not a syllable as given, a syllable after conversion
  int bad = 0;    // not a syllable as given, changed, still not a syllable
};

bool HasAsciiLetter(const Unit* u, size_t n) {
  for (size_t k = 0; k < n; ++k) {
    if (u[k].cp < 0x80 && !Separator(u[k].cp)) return true;
  }
  return false;
}

// Strong evidence: a Latin-1 code point that is not a Vietnamese letter
// (µ ¸ · § ½ ø ï ä ñ ...). Normalize leaves words holding one untouched
// (normalize.cc NearLegacyGlue), so they read the same on a second pass.
bool HasStrongLatin1(const Unit* u, size_t n) {
  for (size_t k = 0; k < n; ++k) {
    if (u[k].cp >= 0x80 && u[k].cp <= 0xFF && LookupLetter(u[k].cp) == kNotLetter) return true;
  }
  return false;
}

// A syllable with at most one tone.
bool Syllable(const Unit* u, size_t n) {
  int tones = 0;
  for (size_t k = 0; k < n; ++k) {
    Packed p = LookupLetter(u[k].cp);
    if (p != kNotLetter && PTone(p) != 0) ++tones;
  }
  return tones <= 1 && IsVietSyllable(u, n);
}

// Compares, word by word (words split at Separator, aligned by raw
// byte span since conversion never crosses a separator), the text as given
// and converted. Only words that are not syllables as given count: those
// are the only ones Canonicalize never rewrites (tone placement touches
// syllables only), so a second pass over canonical text decides the same.
Score ScoreConversion(const std::vector<Unit>& in, const std::vector<Unit>& conv) {
  Score s;
  size_t i = 0, j = 0;
  while (i < in.size()) {
    while (i < in.size() && Separator(in[i].cp)) ++i;
    size_t ib = i;
    while (i < in.size() && !Separator(in[i].cp)) ++i;
    if (i == ib) continue;
    const uint32_t rb = in[ib].b, re = in[i - 1].e;
    while (j < conv.size() && conv[j].b < rb) ++j;
    size_t jb = j;
    while (j < conv.size() && conv[j].e <= re) ++j;
    bool same = (i - ib) == (j - jb);
    for (size_t k = 0; same && k < i - ib; ++k) same = in[ib + k].cp == conv[jb + k].cp;
    if (same || !HasAsciiLetter(in.data() + ib, i - ib) ||
        !HasStrongLatin1(in.data() + ib, i - ib)) {
      continue;
    }
    if (Syllable(in.data() + ib, i - ib)) continue;
    if (Syllable(conv.data() + jb, j - jb)) ++s.fixed; else ++s.bad;
  }
  return s;
}

bool Convincing(const Score& s) { return s.fixed >= 2 && s.bad * 4 <= s.fixed; }

}  // namespace

static bool ConvertOnce(const std::vector<Unit>& in, std::vector<Unit>* out) {
  std::vector<Unit> tcvn, vni;
  ConvertTcvn3(in, &tcvn);
  ConvertVni(in, &vni);
  Score st = ScoreConversion(in, tcvn), sv = ScoreConversion(in, vni);
  bool ok_t = Convincing(st), ok_v = Convincing(sv);
  if (ok_t && (!ok_v || st.fixed >= sv.fixed)) {
    *out = std::move(tcvn);
    return true;
  }
  if (ok_v) {
    *out = std::move(vni);
    return true;
  }
  return false;
}

// A conversion is kept only if its result would not be converted again
// (e.g. VNI first, then TCVN3 on a second pass): an ambiguous text stays as
// given, and Canonicalize stays idempotent.
bool ConvertLegacy(const std::vector<Unit>& in, std::vector<Unit>* out) {
  if (!ConvertOnce(in, out)) return false;
  std::vector<Unit> again;
  if (ConvertOnce(*out, &again)) {
    out->clear();
    return false;
  }
  return true;
}

}  // namespace vox::text::internal
