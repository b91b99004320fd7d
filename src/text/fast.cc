// Fast paths for the common case: text made only of ASCII, Vietnamese
// letters (precomposed, or decomposed: a vowel and its Vietnamese marks) and
// plain punctuation (news, most comments).
//
// Why: the general path (canonical.cc + scan.cc + normalize.cc) handles
// every input by decoding to Units and consulting ICU where needed; that is
// exact but costs a few ns per code point. Here the same rules run directly
// on bytes: ASCII is copied, Vietnamese letters are table lookups, a word is
// decoded only to re-place its tone, lower-case it and look it up in the
// lexicon, and most words are served from a per-thread cache of results.
// Contract: each function returns false (output unspecified) as soon as it
// meets anything the fast path does not cover: invalid UTF-8, control
// characters, combining marks other than those composed into a Vietnamese
// letter, look-alikes/invisibles, legacy encodings, emoji, URLs,
// hashtags/mentions, placeholders, elongations, non-Vietnamese letters. When
// it returns true the result equals the general path's; the unit tests
// compare both over the whole corpus (as given and in NFD) and the fuzz
// target on random input. Bailing out early is always allowed; being wrong
// is not.
//
// Chunks: public entry points cut long texts before white space into ~512
// byte chunks (NextCut, RunChunked) and run the fast path per chunk; a chunk
// it bails on is retried in ~32-byte pieces, and only the pieces it still
// bails on take the general path. This is exact because nothing in the rules
// crosses white space except (a) legacy detection, decided once for the
// whole text (a legacy candidate goes entirely to the general path, chunks
// never convert), (b) white-space collapsing, which continues on the shared
// output, and (c) the "ctx" lexicon lookahead, which is why a cut never
// follows a capital, or a '.' after a capital or after anything
// canonicalization may drop or map (every ctx key ends in a capital or
// "X.": the lexicon refuses other ctx entries).
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define VOX_TEXT_AVX2_DISPATCH 1  // Classify has an AVX2 version, chosen at run time
#endif

#include <algorithm>
#include <array>
#include <bit>
#include <cstdlib>
#include <cstring>
#include <new>
#include <span>

#include <sys/mman.h>

#include "text/internal.h"

namespace vox::text::internal {
namespace {

constexpr size_t kMaxWord = 48;

constexpr bool AsciiAlpha(unsigned char c) { return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'); }
constexpr bool AsciiDigit(unsigned char c) { return c >= '0' && c <= '9'; }
constexpr bool AsciiAlnum(unsigned char c) { return AsciiAlpha(c) || AsciiDigit(c); }

// Non-ASCII code points the fast path passes through: symbols and
// punctuation that are NFC-stable, unchanged by canonicalization, not word
// characters and not emoji.
inline bool PlainPunct(char32_t cp) {
  if (cp >= 0xA1 && cp <= 0xBF) {  // not ª ­ µ º (letters/invisible), © ® (emoji)
    return cp != 0xAA && cp != 0xAD && cp != 0xB5 && cp != 0xBA && cp != 0xA9 && cp != 0xAE;
  }
  if (cp == 0xD7 || cp == 0xF7) return true;
  if (cp >= 0x2010 && cp <= 0x2027) return true;
  if (cp >= 0x2030 && cp <= 0x205E) return cp != 0x203C && cp != 0x2049;
  return false;
}

// Decodes the valid sequence at s[i] (caller checked s[i] >= 0x80);
// returns false on invalid UTF-8.
inline bool Decode(const unsigned char* s, size_t n, size_t i, char32_t* cp, size_t* len) {
  *cp = DecodeUtf8(s, n, i, len);
  return *cp != 0xFFFD;
}

bool KnownTldAscii(const unsigned char* s, size_t n) {
  static constexpr std::string_view kTlds[] = {
      "vn", "com", "net", "org", "gov", "edu", "info", "io", "me", "ly",
      "co", "tv", "biz", "asia", "app", "site", "online", "link", "gl"};
  if (n > 6) return false;
  char buf[8];
  for (size_t i = 0; i < n; ++i) buf[i] = static_cast<char>(s[i] | 0x20);
  for (auto t : kTlds) if (t == std::string_view(buf, n)) return true;
  return false;
}

// Could the general scanner see a URL starting at s[i]? (Over-approximates.)
bool MaybeUrl(const unsigned char* s, size_t n, size_t i) {
  auto lit = [&](std::string_view l) {
    if (i + l.size() > n) return false;
    for (size_t k = 0; k < l.size(); ++k) {
      unsigned char c = s[i + k];
      if (c >= 'A' && c <= 'Z') c += 32;
      if (c != static_cast<unsigned char>(l[k])) return false;
    }
    return true;
  };
  if (lit("http://") || lit("https://") || lit("www.")) return true;
  size_t j = i, labels = 0, last_b = i;
  while (true) {
    size_t b = j;
    while (j < n && (AsciiAlnum(s[j]) || s[j] == '-')) ++j;
    if (j == b) break;
    ++labels;
    last_b = b;
    if (j + 1 < n && s[j] == '.' && AsciiAlnum(s[j + 1])) { ++j; continue; }
    break;
  }
  return labels >= 2 && KnownTldAscii(s + last_b, j - last_b);
}

enum class Mode { kCanonical, kNormalize, kTokenize };


// Byte classes for Loop()'s dispatch: white space, and the first bytes of
// words the WordCache may hold (ASCII letters and digits, and the lead bytes
// of Vietnamese letters: C3..C6 for U+00C0..U+01BF, E1 for U+1E00..U+1FFF).
enum ByteClass : uint8_t { kOtherByte, kSpaceByte, kWordLead };
// ASCII marks that end a word and are copied as they are ("," "." ")"...):
// ServeRun steps over one of them and a space between cached words.
constexpr std::array<bool, 256> kClosingPunct = [] {
  std::array<bool, 256> t{};
  for (int c : {',', '.', ';', '!', '?', ')', '"'}) t[c] = true;
  return t;
}();
constexpr std::array<uint8_t, 256> kByteClass = [] {
  std::array<uint8_t, 256> t{};
  for (int c : {' ', '\t', '\n', '\r'}) t[c] = kSpaceByte;
  for (int c = 0; c < 256; ++c) {
    if (AsciiAlnum(static_cast<unsigned char>(c)) || (c >= 0xC3 && c <= 0xC6) || c == 0xE1) t[c] = kWordLead;
  }
  return t;
}();

// The second bytes of the masked labels (kMaskLabels: "[SĐT]" ... "[BIỂN SỐ]"):
// after a '[', the general path decides.
constexpr std::array<bool, 256> kLabelStart = [] {
  std::array<bool, 256> t{};
  for (std::string_view label : kMaskLabels) t[static_cast<unsigned char>(label[1])] = true;
  return t;
}();

// Whether byte c ends a cache key: an ASCII byte that is no letter or digit,
// or a C2 / E2 lead byte (Latin-1 and general punctuation). The SIMD
// classifiers compute the same rule 16 or 32 bytes at a time.
constexpr bool IsKeyStop(unsigned char c) { return c < 0x80 ? !AsciiAlnum(c) : (c == 0xC2 || c == 0xE2); }

// 64 bytes of input from `base`, classified (Classify): bit k of `stop` is
// set when s[base + k] ends a cache key (see FastPath::KeyEndIn: an ASCII
// byte that is no letter or digit, or a C2 / E2 lead byte), of `space` when
// it is ' ', of `space_next` when it is ' ' followed by a byte that is no
// stop, before the chunk's end.
struct Block {
  size_t base;
  uint64_t stop, space, space_next;
};

// The masks that follow from `stop` and `space`. (A key the cache holds
// starts with a word lead, kWordLead: CachedWord probes no other; so a
// space_next before another byte gives a miss, not a wrong hit.)
inline Block FinishBlock(size_t at, size_t end, uint64_t stop, uint64_t space) {
  Block h{at, stop, space, space & ~(stop >> 1) & (~uint64_t{0} >> 1)};
  const size_t avail = end - at;
  if (avail < 65) h.space_next &= avail < 2 ? 0 : (uint64_t{1} << (avail - 1)) - 1;
  return h;
}

// The Block of s[at, at + 64), 16 bytes at a time (or byte by byte).
__attribute__((noinline)) Block ClassifyBase(const unsigned char* s, size_t at, size_t end) {
  const unsigned char* const p = s + at;
  uint64_t stop = 0, space = 0;
#if defined(__SSE2__)
  const __m128i k20 = _mm_set1_epi8(0x20), ka = _mm_set1_epi8('a'), k25 = _mm_set1_epi8(25);
  const __m128i k0 = _mm_set1_epi8('0'), k9 = _mm_set1_epi8(9);
  const __m128i ke2 = _mm_set1_epi8(static_cast<char>(0xE2)), ksp = _mm_set1_epi8(' ');
  for (int q = 0; q < 4; ++q) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * q));
    const __m128i v20 = _mm_or_si128(v, k20);
    const __m128i l = _mm_sub_epi8(v20, ka);
    const __m128i d = _mm_sub_epi8(v, k0);
    const __m128i alnum =
        _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(l, k25), l), _mm_cmpeq_epi8(_mm_min_epu8(d, k9), d));
    // Kept in a key: ASCII letters and digits, bytes >= 0x80 but C2 / E2
    // (the only bytes whose value | 0x20 is E2).
    const __m128i keep =
        _mm_andnot_si128(_mm_cmpeq_epi8(v20, ke2), _mm_or_si128(alnum, _mm_cmplt_epi8(v, _mm_setzero_si128())));
    const int shift = 16 * q;
    stop |= static_cast<uint64_t>(~static_cast<unsigned>(_mm_movemask_epi8(keep)) & 0xFFFFu) << shift;
    space |= static_cast<uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, ksp)))) << shift;
  }
#else
  for (int k = 0; k < 64; ++k) {
    const unsigned char c = p[k];
    if (IsKeyStop(c)) stop |= uint64_t{1} << k;
    if (c == ' ') space |= uint64_t{1} << k;
  }
#endif
  return FinishBlock(at, end, stop, space);
}

using ClassifyFn = Block (*)(const unsigned char* s, size_t at, size_t end);

#if defined(VOX_TEXT_AVX2_DISPATCH)
// Whether to run the versions built for AVX2 (with BMI1/2 and FMA, which
// every AVX2 CPU has): decided once, at start-up; VOX_TEXT_SIMD=base in the
// environment forces the baseline versions (the tests run both).
#define VOX_TEXT_AVX2_TARGET "avx2,bmi,bmi2,fma"
const bool kUseAvx2 = [] {
  const char* want = std::getenv("VOX_TEXT_SIMD");
  if (want != nullptr && std::string_view(want) == "base") return false;
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2") &&
         __builtin_cpu_supports("fma");
}();

// The same in two 32-byte steps, for CPUs with AVX2, with a nibble lookup:
// a byte stops a key when the entry for its high nibble and the one for its
// low nibble share a bit, one bit per group of stops:
//   1: 0x00-0x2F         2: 0x3A-0x3F         4: 0x40, 0x60
//   8: 0x5B-0x5F, 0x7B-0x7F                  16: 0xC2, 0xE2
// Its constants are read from memory through a pointer the compiler cannot
// see through: built in registers, they took a third of its instructions.
struct alignas(32) ClassifyConsts {
  unsigned char hi[32], lo[32], nibble[32], space[32];
};
constexpr ClassifyConsts MakeClassifyConsts() {
  ClassifyConsts k{};
  constexpr unsigned char kHi[16] = {1, 1, 1, 2, 4, 8, 4, 8, 0, 0, 0, 0, 16, 0, 16, 0};
  for (int h = 0; h < 2; ++h) {
    for (int x = 0; x < 16; ++x) {
      unsigned char lo = 1;                // 0x00-0x2F: every low nibble
      if (x >= 0xA) lo |= 2;               // 0x3A-0x3F
      if (x == 0) lo |= 4;                 // 0x40, 0x60
      if (x >= 0xB) lo |= 8;               // 0x5B-0x5F, 0x7B-0x7F
      if (x == 2) lo |= 16;                // 0xC2, 0xE2
      k.hi[16 * h + x] = kHi[x];
      k.lo[16 * h + x] = lo;
    }
  }
  for (int i = 0; i < 32; ++i) {
    k.nibble[i] = 0x0F;
    k.space[i] = ' ';
  }
  return k;
}
alignas(32) constexpr ClassifyConsts kClassifyConsts = MakeClassifyConsts();
__attribute__((target(VOX_TEXT_AVX2_TARGET), always_inline)) inline __m256i c(const unsigned char* b) {
  return _mm256_load_si256(reinterpret_cast<const __m256i*>(b));
}
__attribute__((target(VOX_TEXT_AVX2_TARGET), noinline)) Block ClassifyAvx2(const unsigned char* s, size_t at, size_t end) {
  const ClassifyConsts* k = &kClassifyConsts;
  asm("" : "+r"(k));  // opaque: the constants stay in memory
  const unsigned char* const p = s + at;
  uint64_t stop = 0, space = 0;
#pragma GCC unroll 2
  for (int q = 0; q < 2; ++q) {
    const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32 * q));
    const __m256i lo = _mm256_shuffle_epi8(c(k->lo), _mm256_and_si256(v, c(k->nibble)));
    const __m256i hi = _mm256_shuffle_epi8(c(k->hi), _mm256_and_si256(_mm256_srli_epi16(v, 4), c(k->nibble)));
    const __m256i keep = _mm256_cmpeq_epi8(_mm256_and_si256(lo, hi), _mm256_setzero_si256());
    stop |= static_cast<uint64_t>(~static_cast<uint32_t>(_mm256_movemask_epi8(keep))) << (32 * q);
    space |= static_cast<uint64_t>(static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, c(k->space)))))
             << (32 * q);
  }
  return FinishBlock(at, end, stop, space);
}
#endif

// Chosen once, at start-up, for this CPU.
const ClassifyFn kClassify = [] {
#if defined(VOX_TEXT_AVX2_DISPATCH)
  if (kUseAvx2) return &ClassifyAvx2;
#endif
  return &ClassifyBase;
}();

// Results for recently seen words, per thread: the normalized form
// (Normalize) or the token (Tokenize). Real text repeats a few thousand
// syllables, and a word's result is a function of its bytes alone unless the
// text around it matters; those cases (a following '.', ':' or '-', digits
// joined by ',' or '/', Latin-1 symbols next to it, lexicon entries that look
// at the next word or expand to several words) are neither stored nor served.
// A hit skips tone placement, lower-casing, the lexicon and accent folding.
// The key is the run of bytes up to the next ASCII non-alphanumeric or
// U+0080..U+00BF / U+2000.. punctuation lead byte; it must equal what Word()
// consumed when the entry was stored, so a hit means Word() would have read
// the same bytes. Keys are at most 16 bytes (nearly every syllable: "nghiêng"
// is 8), held zero-padded; a word's bytes are never 0, so equal padded keys
// mean equal words.
// dot_safe: no lexicon entry is keyed by the word with a '.' after it, so
// the result also holds before a sentence-final '.'.
struct NormalizedWord {  // 16 bytes: a hit copies `out` with one 16-byte move
  static constexpr size_t kMax = 13;
  char out[kMax];
  uint8_t len;
  bool dot_safe;
  uint8_t unused;
};
struct TokenizedWord {  // one kWord token
  static constexpr size_t kMaxNorm = 20, kMaxFolded = 16;
  char norm[kMaxNorm];
  char folded[kMaxFolded];
  uint8_t norm_len, folded_len;
  bool dot_safe;
};

// A cache key: the word's first (at most 16) bytes, zero-padded.
struct Key {
#if defined(__SSE2__)
  __m128i v;
#else
  unsigned char b[16];
#endif
};

template <typename Value>
class WordCache {
 public:
  static constexpr size_t kMaxKey = 16;
  static constexpr size_t kSlotBytes = sizeof(Value) <= 16 ? 32 : 64;
  struct alignas(kSlotBytes) Slot {  // half or one cache line
    Value value;
    alignas(16) unsigned char key[16];  // all zero: empty
  };
  static_assert(sizeof(Slot) == kSlotBytes);

  static WordCache& ForThisThread() {
    thread_local WordCache cache;
    const uint32_t gen = g_lexicon_generation.load(std::memory_order_relaxed);
    if (cache.generation_ != gen) {
      std::fill(cache.slots_.begin(), cache.slots_.end(), Slot{});
      cache.generation_ = gen;
    }
    return cache;
  }

  // The key for p[0, len) (1 <= len <= kMaxKey); `avail` = bytes readable
  // from p (>= len): one 16-byte load masked to the word when it fits.
  static Key MakeKey(const unsigned char* p, size_t len, size_t avail) {
    Key k;
#if defined(__SSE2__)
    alignas(16) static constexpr unsigned char kOnes[32] = {
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
    if (avail >= 16) {
      const __m128i mask = _mm_loadu_si128(reinterpret_cast<const __m128i*>(kOnes + 16 - len));
      k.v = _mm_and_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)), mask);
    } else {
      alignas(16) unsigned char buf[16] = {};
      std::memcpy(buf, p, len);
      k.v = _mm_load_si128(reinterpret_cast<const __m128i*>(buf));
    }
#else
    std::memset(k.b, 0, sizeof k.b);
    std::memcpy(k.b, p, len);
    (void)avail;
#endif
    return k;
  }

  // The key's set: two slots in one cache line, the most recently used
  // first (set[0]). Two ways miss 25 times less than one: on the news
  // corpus, 0.04% of words in a second pass against 1.0% direct-mapped, and
  // a miss costs a full Word() and a break in the run of cached words. The
  // hash is one multiply of the first 8 bytes plus the rest shifted by 3
  // (zero for most syllables; one lea), its top bits the set; a stronger mix
  // (a second or third multiply) missed no less.
  Slot* SetFor(const Key& k) { return &slots_[SetIndex(k)]; }
  Slot* Slots() { return slots_.data(); }
  static size_t SetIndex(const Key& k) {  // the index of its first slot
    uint64_t lo, hi;
#if defined(__SSE2__) && defined(__x86_64__)
    lo = static_cast<uint64_t>(_mm_cvtsi128_si64(k.v));
    hi = static_cast<uint64_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(k.v, k.v)));
#elif defined(__SSE2__)
    alignas(16) unsigned char b[16];
    _mm_store_si128(reinterpret_cast<__m128i*>(b), k.v);
    std::memcpy(&lo, b, 8);
    std::memcpy(&hi, b + 8, 8);
#else
    std::memcpy(&lo, k.b, 8);
    std::memcpy(&hi, k.b + 8, 8);
#endif
    const uint64_t h = (lo + (hi << 3)) * 0x9E3779B97F4A7C15ull;
    return static_cast<size_t>(h >> (64 - kBits + 1)) << 1;
  }
  // Whether the set holds k; found in the second slot, it is swapped into
  // the first, which is then its slot.
  static bool Find(Slot* set, const Key& k) {
    if (Holds(set[0], k)) [[likely]] return true;
    if (!Holds(set[1], k)) return false;
    std::swap(set[0], set[1]);
    return true;
  }
  static bool Holds(const Slot& s, const Key& k) {
#if defined(__SSE2__)
    const __m128i stored = _mm_load_si128(reinterpret_cast<const __m128i*>(s.key));
    return _mm_movemask_epi8(_mm_cmpeq_epi8(stored, k.v)) == 0xFFFF;
#else
    return std::memcmp(s.key, k.b, 16) == 0;
#endif
  }
  // Stores k's result in the set's first slot, the entry there moving to
  // the second (unless it is k's own, kept by Find but not applicable).
  static void Store(Slot* set, const Key& k, const Value& v) {
    if (!Holds(set[0], k)) set[1] = set[0];
    std::memcpy(set[0].key, &k, 16);
    set[0].value = v;
  }

 private:
  // 64 Ki slots in 32 Ki sets (2 MiB of 32-byte Normalize slots, 4 MiB of
  // 64-byte Tokenize slots): the news corpus has ~16,000 distinct cacheable
  // words.
  static constexpr int kBits = 16;
  // The slots sit in one 2 MiB-aligned block the kernel may back with a huge
  // page: spread over 4 KiB pages, a probe would also miss the TLB.
  WordCache() {
    constexpr size_t kHuge = size_t{2} << 20;
    const size_t bytes = std::max(kHuge, sizeof(Slot) << kBits);
    void* p = std::aligned_alloc(kHuge, bytes);
    if (p == nullptr) throw std::bad_alloc();
#if defined(MADV_HUGEPAGE)
    madvise(p, bytes, MADV_HUGEPAGE);
#endif
    slots_ = {static_cast<Slot*>(p), size_t{1} << kBits};
    std::fill(slots_.begin(), slots_.end(), Slot{});
  }
  ~WordCache() { std::free(slots_.data()); }
  std::span<Slot> slots_;
  uint32_t generation_ = 0;
};
using NormCache = WordCache<NormalizedWord>;
using TokenCache = WordCache<TokenizedWord>;
constexpr size_t kMaxCacheKey = NormCache::kMaxKey;
// Output room HotRun wants before serving the words of a block (see there);
// Run() reserves it beyond the input's size.
constexpr size_t kRunRoom = 24 * (2 + sizeof(NormalizedWord));
static_assert(TokenCache::kMaxKey == kMaxCacheKey);

template <Mode kMode>  // one instance per mode: every mode test is decided at compile time
class FastPath {
 public:
  // Processes in[begin, end) (a chunk cut before white space, see
  // RunChunked); lookahead may read past `end`. Output is appended.
  FastPath(std::string_view in, size_t begin, size_t end, std::string* out,
           std::vector<Token>* toks)
      : s_(reinterpret_cast<const unsigned char*>(in.data())), n_(in.size()),
        begin_(begin), end_(end), out_(out), toks_(toks) {}

  __attribute__((always_inline)) bool Run() {
    if (out_ != nullptr) {  // writes go straight into *out_, see Reserve()
      const size_t used = out_->size();
      out_->resize(used + (end_ - begin_) + kRunRoom + 64);
      w_ = out_->data() + used;
      cap_ = out_->data() + out_->size();
    }
    const bool ok = Loop();
    if (out_ != nullptr) out_->resize(static_cast<size_t>(w_ - out_->data()));
    return ok;
  }

 private:
  __attribute__((always_inline)) bool Loop() {
    size_t i = begin_;
    while (i < end_) {
      unsigned char c = s_[i];
      if (kByteClass[c] == kSpaceByte) {
        if (mode_ == Mode::kCanonical) {
          Put(reinterpret_cast<const char*>(&c), 1);
        } else if (mode_ == Mode::kNormalize) {
          pending_space_ = w_ != out_->data();
        }
        ++i;
        continue;
      }
      // Most words were seen before: serve them here, before anything else,
      // and while one space and another word follow (the bulk of text), go
      // straight on to it. A word the cache cannot serve goes on below.
      if (mode_ != Mode::kCanonical && kByteClass[c] == kWordLead && CachedWord(&i)) {
        bool missed = false;
        for (;;) {
          if constexpr (kMode == Mode::kNormalize) i = ServeRun(i);
          if (!(i + 1 < end_ && s_[i] == ' ' && kByteClass[s_[i + 1]] == kWordLead)) break;
          if (mode_ == Mode::kNormalize) pending_space_ = true;  // a word was just written
          ++i;
          if (!CachedWord(&i)) {
            missed = true;
            break;
          }
        }
        if (!missed) continue;
        c = s_[i];
      }
      if (c < 0x20 || c == 0x7F) return false;
      if (AsciiAlnum(c)) {
        if (!Word(&i)) return false;
        continue;
      }
      if (c < 0x80) {
        if (mode_ != Mode::kCanonical) {
          if ((c == '#' || c == '@') && i + 1 < n_ &&
              (AsciiAlnum(s_[i + 1]) || s_[i + 1] >= 0x80)) {
            return false;
          }
          if (c == '[' && i + 1 < n_ && kLabelStart[s_[i + 1]]) return false;  // maybe a masked label
        }
        Other(i, 1);
        ++i;
        continue;
      }
      char32_t cp;
      size_t len;
      if (!Decode(s_, n_, i, &cp, &len)) return false;
      if (LookupLetter(cp) != kNotLetter) {
        if (!Word(&i)) return false;
        continue;
      }
      if (!PlainPunct(cp)) return false;
      // A following combining mark would need NFC.
      if (i + len < n_ && s_[i + len] >= 0xCC && s_[i + len] < 0xE0) {
        char32_t nx;
        size_t nl;
        if (Decode(s_, n_, i + len, &nx, &nl) && nx >= 0x300) return false;
      }
      Other(i, len);
      i += len;
    }
    return true;
  }

  // Output: w_ writes into *out_, which Run() sized beyond what the chunk
  // needs unless the lexicon expands; Reserve grows it when it must.
  void Reserve(size_t need) {
    if (static_cast<size_t>(cap_ - w_) < need) Grow(need);
  }
  void Grow(size_t need) {
    const size_t used = static_cast<size_t>(w_ - out_->data());
    out_->resize(std::max(2 * out_->size(), used + need + 64));
    w_ = out_->data() + used;
    cap_ = out_->data() + out_->size();
  }
  void Put(const char* p, size_t len) {
    Reserve(len);
    std::memcpy(w_, p, len);
    w_ += len;
  }
  void Put(std::string_view v) { Put(v.data(), v.size()); }
  void Space() {
    if (pending_space_) {
      Put(" ", 1);
      pending_space_ = false;
    }
  }
  void Other(size_t i, size_t len) {
    if (mode_ == Mode::kTokenize) return;
    if (mode_ == Mode::kNormalize) Space();
    Put(reinterpret_cast<const char*>(s_ + i), len);
  }

  // The WordCache result for the word at *pos, emitted, when there is one
  // that applies here. On a miss, probe_ keeps where Word() stores the result
  // (numbers are cached for Normalize only: a cached token is a kWord).
  __attribute__((always_inline)) bool CachedWord(size_t* pos) {
    const size_t start = *pos;
    probe_.start = SIZE_MAX;
    if (mode_ == Mode::kTokenize && AsciiDigit(s_[start])) return false;
    if constexpr (kMode == Mode::kNormalize) {
      const Lookup<NormCache> f = Look(s_, n_, end_, start, &block_, norm_cache_);
      if (f.slot == nullptr) return false;
      if (!f.hit) return Missed(start, f, &probe_.nslot);
      // One fixed 16-byte copy (the entry is 16 bytes), then count what is used.
      Reserve(1 + sizeof(NormalizedWord));
      *w_ = ' ';
      w_ += pending_space_;
      pending_space_ = false;
      std::memcpy(w_, &f.slot->value, sizeof(NormalizedWord));
      w_ += f.slot->value.len;
      *pos = f.end;
    } else {
      const Lookup<TokenCache> f = Look(s_, n_, end_, start, &block_, token_cache_);
      if (f.slot == nullptr) return false;
      if (!f.hit) return Missed(start, f, &probe_.tslot);
      const TokenizedWord& v = f.slot->value;
      Token& t = toks_->emplace_back();
      t.kind = TokenKind::kWord;
      t.norm.assign(v.norm, v.norm_len);
      t.folded.assign(v.folded, v.folded_len);
      t.begin = static_cast<uint32_t>(start);
      t.end = static_cast<uint32_t>(f.end);
      *pos = f.end;
    }
    return true;
  }


  // A cache look-up for the word at s[b] (state passed in, so that ServeRun
  // keeps it in registers): slot null when the word cannot be cached here
  // (longer than a key, or its result depends on what follows); else its slot
  // and whether that holds a result that applies.
  template <typename Cache>
  struct Lookup {
    size_t end;
    Key key;
    typename Cache::Slot* slot;
    bool hit;
  };
  template <typename Cache>
  __attribute__((always_inline)) static Lookup<Cache> Look(const unsigned char* s, size_t n, size_t end,
                                                          size_t b, Block* blk, Cache* cache) {
    Lookup<Cache> f;
    f.end = KeyEndIn(s, n, end, b, blk);
    f.slot = nullptr;
    f.hit = false;
    if (f.end - b > kMaxCacheKey) return f;
    const CacheContext cc = ContextIn(s, n, b, f.end);
    if (cc == CacheContext::kNone) return f;
    f.key = Cache::MakeKey(s + b, f.end - b, n - b);
    f.slot = cache->SetFor(f.key);
    f.hit = Cache::Find(f.slot, f.key) && (cc != CacheContext::kBeforeDot || f.slot->value.dot_safe);
    return f;
  }
  // Records a miss: where Word() stores the result for the word at `start`.
  template <typename Cache>
  bool Missed(size_t start, const Lookup<Cache>& f, typename Cache::Slot** slot) {
    probe_.start = start;
    probe_.key_end = f.end;
    probe_.key = f.key;
    *slot = f.slot;
    return false;
  }

  // Normalize: after the cached word ending at s_[i], serves the words that
  // follow it after one space (or ", " and the like) while the cache holds
  // them, the bulk of text, with the state in registers (output goes through
  // a char pointer, which may alias any member, so members would be reloaded
  // after every word). Returns the end of the last word served; what follows
  // it takes Loop's general steps.
  __attribute__((always_inline)) size_t ServeRun(size_t i) {
    const unsigned char* const s = s_;
    const size_t n = n_, end = end_;
    Block blk = block_;
    char* w = w_;
    const char* const cap = cap_;
    NormCache* const cache = norm_cache_;
    constexpr ptrdiff_t kRoom = 2 + sizeof(NormalizedWord);
    size_t gap = GapAt(s, end, i);
    while (gap != 0 && cap - w >= kRoom) {
      // The gap is written before its word is known; taken back if the word
      // is not served.
      std::memcpy(w, s + i, 2);
      w += gap;
      bool declined;
      const size_t b = HotRun(s, n, end, i + gap, &w, cap, cache, &blk, &declined);
      if (!declined) {  // no gap after the last word served
        i = b;
        break;
      }
      // HotRun declined the word at b (its gap is written): the full look-up.
      gap = GapBefore(s, b);
      i = b - gap;
      const Lookup<NormCache> f = cap - w >= kRoom ? Look(s, n, end, b, &blk, cache) : Lookup<NormCache>{};
      if (!f.hit) {
        w -= gap;
        break;
      }
      std::memcpy(w, &f.slot->value, sizeof(NormalizedWord));
      w += f.slot->value.len;
      i = f.end;
      gap = GapAt(s, end, i);
    }
    w_ = w;
    block_ = blk;
    return i;
  }

  // The gap before a word ServeRun may serve at s[i]: 1 for a space, 2 for a
  // closing mark ("," "." ")"...) and a space, each copied as it is (as
  // Other() and Space() would); 0 for anything else.
  static size_t GapAt(const unsigned char* s, size_t end, size_t i) {
    if (i + 1 < end && s[i] == ' ' && kByteClass[s[i + 1]] == kWordLead) return 1;
    if (i + 2 < end && kClosingPunct[s[i]] && s[i + 1] == ' ' && kByteClass[s[i + 2]] == kWordLead) return 2;
    return 0;
  }

  // The length of the gap (see GapAt) before the word at s[b]: the byte
  // before a space is a closing mark or the end of a word, never both.
  static size_t GapBefore(const unsigned char* s, size_t b) { return kClosingPunct[s[b - 2]] ? 2 : 1; }

  // From the word at s[b], its gap already written: serves each cached word
  // that follows a gap with only what that needs, writing the gap after it.
  // The Block's masks give the word's end and the next gap; a word followed
  // by a space depends on nothing around it (see ContextIn), nor does one
  // followed by a closing mark and a space, but for "." (the entry must be
  // dot_safe; a digit before ", " joins nothing, unlike "4,5"). Returns
  // where it stopped: at a word it declined (*declined; its gap written),
  // or after the last word served when no gap follows it.
  // The block is reclassified when a word and the two bytes after it may not
  // lie in it, so a key load never reads past the block's 80 bytes.
  // Room in the output is checked with the block, not per word: the words
  // served from one block start in its first 46 bytes, so there are at most
  // 23 of them, each writing at most 16 bytes and moving on at most 15.
  __attribute__((always_inline)) static size_t HotRun(const unsigned char* s, size_t n, size_t end, size_t b,
                                                      char** wp, const char* cap, NormCache* cache, Block* blk,
                                                      bool* declined) {
    constexpr size_t kLastStart = 64 - kMaxCacheKey - 3;  // a word and 2 bytes after it fit the block
    static_assert(kRunRoom >= (kLastStart / 2 + 1) * sizeof(NormalizedWord));
    static_assert(NormalizedWord::kMax + 2 <= sizeof(NormalizedWord));
    // Bit 63 set: the word's end is found without a zero test (a word
    // starts at most at bit 45, so the sentinel makes it at most 18 long,
    // which the length check refuses).
    constexpr uint64_t kSentinel = uint64_t{1} << 63;
    char* w = *wp;
    Block m = *blk;
    *declined = true;
    if (cap - w < static_cast<ptrdiff_t>(kRunRoom)) return b;
    uint64_t stops = m.stop | kSentinel;
    NormCache::Slot* const slots = cache->Slots();
    // The loop tracks r, the next word's offset in the block (from sb), not
    // its position: b = m.base + r.
    size_t r = b - m.base;
    const unsigned char* sb = r <= kLastStart ? s + m.base : s;  // (else reset below)
    for (;;) {
      if (r > kLastStart) {
        b = m.base + r;
        if (b + 80 > n || cap - w < static_cast<ptrdiff_t>(kRunRoom)) break;
        r = 0;
        m = Classify(s, b, end);
        stops = m.stop | kSentinel;
        sb = s + b;
      }
      const size_t len = static_cast<size_t>(__builtin_ctzll(stops >> r));
      if (len - 1 >= kMaxCacheKey) break;  // (len 0 cannot happen: a word starts with no stop)
      const size_t p = r + len;  // the byte after the word
      const Key key = NormCache::MakeKey(sb + r, len, 16);
      NormCache::Slot* const slot = &slots[NormCache::SetIndex(key)];
      if (!NormCache::Find(slot, key)) break;
      size_t next = 1;  // a space and another word: the common case
      if (((m.space_next >> p) & 1) == 0) [[unlikely]] {
        if ((m.space >> p) & 1) {
          next = 0;  // a space and no word
        } else {
          const unsigned char c = sb[p];
          if (!kClosingPunct[c] || ((m.space >> (p + 1)) & 1) == 0) break;
          if (c == '.' && !slot->value.dot_safe) break;
          next = ((m.stop >> (p + 2)) & 1) == 0 && m.base + p + 2 < end ? 2 : 0;
        }
      }
      // The word, then the two bytes after it: the gap, or bytes the next
      // write overwrites (past w when no gap follows).
      const size_t out_len = slot->value.len;
      std::memcpy(w, &slot->value, sizeof(NormalizedWord));
      std::memcpy(w + out_len, sb + p, 2);
      w += out_len + next;
      r = p + next;
      if (next == 0) {
        *declined = false;
        break;
      }
    }
    b = m.base + r;
    *wp = w;
    *blk = m;
    return b;
  }

  // Decodes the code point at s_[i] (s_[i] >= 0x80); 0xFFFD when invalid.
  inline char32_t DecodeAt(size_t i, size_t* len) const {
    unsigned char c = s_[i];
    if (c >= 0xC2 && c <= 0xDF && i + 1 < n_ && (s_[i + 1] & 0xC0) == 0x80) {
      *len = 2;
      return ((c & 0x1F) << 6) | (s_[i + 1] & 0x3F);
    }
    if (c == 0xE1 && i + 2 < n_ && (s_[i + 1] & 0xC0) == 0x80 && (s_[i + 2] & 0xC0) == 0x80) {
      *len = 3;
      return ((c & 0x0F) << 12) | ((s_[i + 1] & 0x3F) << 6) | (s_[i + 2] & 0x3F);
    }
    return DecodeUtf8(s_, n_, i, len);
  }

  // Reads the word/number at *pos (letters, digits, digit-joined . , / :).
  // One pass classifies it; most words need no rewriting at all, so their
  // canonical and lower-case forms are views of the input bytes.
  bool Word(size_t* pos) {
    const size_t start = *pos;
    // Where this word's result goes in the WordCache: Run() probed it just
    // before (CachedWord); without a probe of this word nothing is stored.
    const bool probed = probe_.start == start;
    NormCache::Slot* nslot = probed && mode_ == Mode::kNormalize ? probe_.nslot : nullptr;
    TokenCache::Slot* tslot = probed && mode_ == Mode::kTokenize ? probe_.tslot : nullptr;
    const size_t key_end = probed ? probe_.key_end : 0;
    dot_checked_ = dot_found_ = false;
    ctx_used_ = false;
    size_t i = start, ncp = 0;
    int vowels = 0;
    bool has_tone = false, has_upper = false, elongated = false, roman = true;
    bool last_digit = false;
    uint32_t prev_key = 0xFFFFFFFF;
    int run = 0;
    bool composed = false;  // decomposed letters were composed (NFD input)
    while (i < end_) {
      unsigned char c = s_[i];
      uint32_t key;
      // An ASCII letter with combining marks after it takes the letter branch.
      if (c < 0x80 && !(i + 1 < n_ && IsMarkLead(s_[i + 1]) && AsciiAlpha(c))) {
        if (AsciiAlpha(c)) {
          unsigned char l = c | 0x20;
          if (c <= 'Z') has_upper = true;
          Packed p = kLetters.low[l];
          if (p != kNotLetter) {
            ++vowels;
            key = 0x200000u + PVowel(p);
          } else {
            key = l;
          }
          roman = roman && (l == 'i' || l == 'v' || l == 'x' || l == 'l' || l == 'c' ||
                            l == 'd' || l == 'm');
          last_digit = false;
          ++i;
        } else if (AsciiDigit(c)) {
          key = 0x400000u + static_cast<uint32_t>(ncp);
          roman = false;
          last_digit = true;
          ++i;
        } else if ((c == '.' || c == ',' || c == '/' || c == ':') && last_digit && i + 1 < end_ &&
                   AsciiDigit(s_[i + 1])) {
          key = 0x400000u + static_cast<uint32_t>(ncp);
          roman = false;
          last_digit = false;
          ++i;
        } else {
          break;
        }
      } else {
        size_t len = 1;
        char32_t cp = c < 0x80 ? c : DecodeAt(i, &len);
        if (i + len < n_ && IsMarkLead(s_[i + len])) {
          if (LookupLetter(cp) == kNotLetter || !ComposeAt(i, &cp, &len)) return false;
          composed = true;
        }
        Packed p = LookupLetter(cp);
        if (p == kNotLetter) {
          if (cp != 0xFFFD && PlainPunct(cp)) break;
          return false;  // invalid, marks, other scripts, emoji, invisibles
        }
        if (PUpper(p)) has_upper = true;
        if (PVowel(p) != kD) {
          ++vowels;
          has_tone |= PTone(p) != 0;
          key = 0x200000u + PVowel(p);
        } else {
          key = 0x200000u + kD;  // đ and Đ alike, as after lower-casing
        }
        roman = false;
        last_digit = false;
        i += len;
      }
      run = key == prev_key ? run + 1 : 1;
      elongated |= run >= 3;
      prev_key = key;
      if (++ncp > kMaxWord) return false;
    }
    // A combining mark right after the word needs the general path.
    if (i < n_ && s_[i] >= 0xCC && s_[i] < 0xCE) return false;
    const bool number = AsciiDigit(s_[start]);
    if (mode_ != Mode::kCanonical) {
      if (i < n_ && (s_[i] == '.' || s_[i] == ':' || s_[i] == '-') && AsciiAlnum(s_[start]) &&
          MaybeUrl(s_, n_, start)) {
        return false;
      }
      if (elongated && !number && !roman) return false;
    }
    std::string_view canon(reinterpret_cast<const char*>(s_ + start), i - start);
    const bool glue_before = start >= 2 && GlueAt(start - 2);
    const bool glue_after = GlueAt(i);
    // Tone placement on the letter runs (canonical form), not on runs glued
    // to a Latin-1 symbol (see canonical.cc).
    if ((has_tone && vowels >= 2) || composed) {
      size_t nu = 0;
      for (size_t k = start; k < i;) {
        size_t len = 1;
        char32_t cp = s_[k] < 0x80 ? s_[k] : DecodeAt(k, &len);
        if (composed && k + len < n_ && IsMarkLead(s_[k + len])) ComposeAt(k, &cp, &len);
        u_[nu++] = Unit{cp, static_cast<uint32_t>(k), static_cast<uint32_t>(k + len)};
        k += len;
      }
      size_t ws = 0;
      bool changed = composed;
      for (size_t k = 0; k <= nu; ++k) {
        bool letter = k < nu && (LookupLetter(u_[k].cp) != kNotLetter ||
                                 (u_[k].cp < 0x80 && AsciiAlpha(static_cast<unsigned char>(u_[k].cp))));
        if (!letter) {
          size_t len = k - ws;
          bool glued = (ws == 0 && glue_before) || (k == nu && glue_after);
          if (len >= 2 && len <= 8 && !glued) {
            char32_t before[8];
            for (size_t t = 0; t < len; ++t) before[t] = u_[ws + t].cp;
            PlaceTone(u_ + ws, len);
            for (size_t t = 0; t < len; ++t) changed |= before[t] != u_[ws + t].cp;
          }
          ws = k + 1;
        }
      }
      if (changed) {
        canon_.clear();
        EncodeUnits(u_, nu, &canon_);
        canon = canon_;
      }
    }
    if (mode_ == Mode::kCanonical ||
        (mode_ == Mode::kNormalize && !number && (glue_before || glue_after))) {
      if (mode_ == Mode::kNormalize) Space();  // kept as is, see normalize.cc
      Put(canon);
      *pos = i;
      return true;
    }
    std::string_view lower = canon;
    if (has_upper) {
      lower_.clear();
      for (size_t k = 0; k < canon.size();) {
        unsigned char c = static_cast<unsigned char>(canon[k]);
        if (c < 0x80) {
          lower_.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
          ++k;
          continue;
        }
        size_t len;
        char32_t cp = DecodeUtf8(reinterpret_cast<const unsigned char*>(canon.data()), canon.size(), k, &len);
        AppendUtf8(ToLowerFast(cp), &lower_);
        k += len;
      }
      lower = lower_;
    }
    const LexEntry* lex = nullptr;
    size_t end = i;
    if (!number && (canon.size() <= max_key_ || lower.size() <= max_key_)) {
      const bool dot = i < n_ && s_[i] == '.';
      if (dot || QuickMayHave(lower) || (has_upper && QuickMayHave(canon))) {
        lex = MatchFast(canon, lower, i, &end);
        if (bail_) return false;
      }
    }
    const uint32_t b = static_cast<uint32_t>(start);
    if (mode_ == Mode::kNormalize) {
      Space();
      if (lex) {
        Put(lex->to);
        if (end > i && end < n_ && s_[end] != ' ' && s_[end] != '\t' && s_[end] != '\n' &&
            s_[end] != '\r') {
          Put(" ", 1);  // same rule as the general path
        }
      } else {
        Put(lower);
      }
      const std::string_view norm = lex ? std::string_view(lex->to) : lower;
      if (nslot != nullptr && key_end == i && end == i && !ctx_used_ && !glue_before && !glue_after &&
          norm.size() <= NormalizedWord::kMax) {
        NormalizedWord v{};
        v.dot_safe = number || DotSafe(canon, lower);
        v.len = static_cast<uint8_t>(norm.size());
        std::memcpy(v.out, norm.data(), norm.size());
        NormCache::Store(nslot, probe_.key, v);
      }
    } else {
      if (lex) {
        for (const std::string& w : lex->words) Push(TokenKind::kWord, w, b, static_cast<uint32_t>(end));
      } else {
        Push(number ? TokenKind::kNumber : TokenKind::kWord, lower, b, static_cast<uint32_t>(i));
      }
      if (tslot != nullptr && key_end == i && end == i && !ctx_used_ && !number && !glue_before &&
          !glue_after && (!lex || lex->words.size() == 1) &&
          toks_->back().norm.size() <= TokenizedWord::kMaxNorm &&
          toks_->back().folded.size() <= TokenizedWord::kMaxFolded) {
        const Token& t = toks_->back();
        TokenizedWord v{};
        v.dot_safe = DotSafe(canon, lower);
        v.norm_len = static_cast<uint8_t>(t.norm.size());
        v.folded_len = static_cast<uint8_t>(t.folded.size());
        std::memcpy(v.norm, t.norm.data(), t.norm.size());
        std::memcpy(v.folded, t.folded.data(), t.folded.size());
        TokenCache::Store(tslot, probe_.key, v);
      }
    }
    *pos = end;
    return true;
  }

  // Lead byte of U+0300..U+037F (combining marks, and Greek signs from U+0370,
  // which are no Vietnamese mark: ComposeAt bails on them).
  static bool IsMarkLead(unsigned char c) { return c == 0xCC || c == 0xCD; }

  // The letter *cp (*len bytes at s_[at]) followed by combining marks:
  // replaces it with the Vietnamese letter canonicalization makes of them
  // (ComposeVietnamese) and extends *len over the marks. False (general path)
  // for anything else: more than kMaxMarks marks, marks that make no
  // Vietnamese letter.
  bool ComposeAt(size_t at, char32_t* cp, size_t* len) const {
    constexpr size_t kMaxMarks = 4;
    char32_t m[kMaxMarks];
    size_t k = at + *len, n = 0;
    while (k + 1 < n_ && IsMarkLead(s_[k]) && (s_[k + 1] & 0xC0) == 0x80) {
      if (n == kMaxMarks) return false;
      m[n++] = (static_cast<char32_t>(s_[k] & 0x1F) << 6) | (s_[k + 1] & 0x3F);
      k += 2;
    }
    if (n == 0 || (k < n_ && IsMarkLead(s_[k]))) return false;
    const char32_t r = ComposeVietnamese(*cp, n, [&](size_t i) { return m[i]; });
    if (r == 0) return false;
    *cp = r;
    *len = k - at;
    return true;
  }

  // End of the WordCache key starting at s[b]: the first ASCII byte that is
  // not a letter or digit, or a 0xC2 / 0xE2 lead byte, or `end`. The input is
  // classified 64 bytes at a time (Classify), and the block is kept while the
  // words in it are read (about a dozen), so a word costs a shift and a bit
  // scan. Chunks end before white space, which stops the scan, so only the
  // input's last 80 bytes take the byte loop. *blk: the block, kept by the
  // caller.
  __attribute__((always_inline)) static size_t KeyEndIn(const unsigned char* s, size_t n, size_t end,
                                                        size_t b, Block* blk) {
    size_t j = b;
    if (j - blk->base < 64) {
      const uint64_t m = blk->stop >> (j - blk->base);
      if (m != 0) return std::min(j + static_cast<size_t>(std::countr_zero(m)), end);
    }
    while (j < end && j + 80 <= n) {
      *blk = Classify(s, j, end);
      if (blk->stop != 0) return std::min(j + static_cast<size_t>(std::countr_zero(blk->stop)), end);
      j += 64;
    }
    while (j < end) {
      const unsigned char c = s[j];
      if (IsKeyStop(c)) break;
      ++j;
    }
    return std::min(j, end);
  }

  // The Block of s[at, at + 64) (at + 80 <= the input's size); `end`: the
  // chunk's end.
  static Block Classify(const unsigned char* s, size_t at, size_t end) { return kClassify(s, at, end); }

  // A Latin-1 symbol (legacy-encoding glue, see canonical.cc) encoded at s_[b]?
  bool GlueAt(size_t b) const { return GlueIn(s_, n_, b); }
  static bool GlueIn(const unsigned char* s, size_t n, size_t b) {
    if (b + 1 >= n) return false;
    const unsigned char c0 = s[b], c1 = s[b + 1];
    return (c0 == 0xC2 && c1 >= 0xA1 && c1 <= 0xBF) || (c0 == 0xC3 && (c1 == 0x97 || c1 == 0xB7));
  }

  // Whether the result for the word s[b, e) can depend on the bytes around
  // it (see WordCache): kFree when it cannot; kBeforeDot before a '.' that
  // ends a sentence (then only a lexicon key "word." could change it, which
  // the entry's dot_safe rules out); kNone otherwise.
  enum class CacheContext { kNone, kFree, kBeforeDot };
  static CacheContext ContextIn(const unsigned char* s, size_t n, size_t b, size_t e) {
    // (A glue symbol's second byte is >= 0x80: after a space, no test.)
    if (b >= 2 && s[b - 1] >= 0x80 && GlueIn(s, n, b - 2)) return CacheContext::kNone;
    if (e >= n) return CacheContext::kFree;
    const unsigned char c = s[e];
    if (c == ' ') return CacheContext::kFree;  // the common case
    if (c == '.') {
      const bool sentence_end = e + 1 >= n || kByteClass[s[e + 1]] == kSpaceByte;
      return sentence_end ? CacheContext::kBeforeDot : CacheContext::kNone;
    }
    if (c == ':' || c == '-' || c == 0xC2 || c == 0xC3) return CacheContext::kNone;
    if ((c == ',' || c == '/') && AsciiDigit(s[e - 1])) return CacheContext::kNone;
    return CacheContext::kFree;
  }

  // No lexicon key is the word followed by '.' (see NormalizedWord).
  bool DotSafe(std::string_view exact, std::string_view lower) {
    if (dot_checked_) return !dot_found_;
    if (exact.size() + 1 > max_key_ && lower.size() + 1 > max_key_) return true;
    return LookupDotted(exact, lower) == nullptr;
  }

  // The lexicon entry keyed by the word with a '.' after it ("P.", "TP.").
  const LexEntry* LookupDotted(std::string_view exact, std::string_view lower) {
    dot_exact_.assign(exact);
    dot_exact_.push_back('.');
    dot_lower_.assign(lower);
    dot_lower_.push_back('.');
    return LookupLexicon(dot_exact_, dot_lower_);
  }

  static char32_t ToLowerFast(char32_t cp) {
    if (cp < 0x80) return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
    Packed p = LookupLetter(cp);
    return PUpper(p) ? ComposeLetter(PVowel(p), PTone(p), false) : cp;
  }

  void Push(TokenKind kind, std::string_view norm, uint32_t b, uint32_t e) {
    Token& t = toks_->emplace_back();
    t.kind = kind;
    t.norm.assign(norm);
    bool ascii = true;
    for (char c : norm) ascii &= static_cast<unsigned char>(c) < 0x80;
    if (ascii) t.folded.assign(norm); else t.folded = FoldAccents(norm);
    t.begin = b;
    t.end = e;
  }

  // Lexicon match with the general path's rules (MatchLexicon).
  const LexEntry* MatchFast(std::string_view exact, std::string_view lower, size_t i,
                            size_t* end) {
    *end = i;
    if (i < n_ && s_[i] == '.') {
      const LexEntry* d = LookupDotted(exact, lower);
      dot_checked_ = true;
      dot_found_ = d != nullptr;
      if (d != nullptr) {
        ctx_used_ = true;
        int ctx = d->needs_context ? Context(i + 1) : 1;
        if (ctx < 0) bail_ = true;  // the general path decides
        if (ctx == 1) {
          *end = i + 1;
          return d;
        }
      }
    }
    const LexEntry* w = LookupLexicon(exact, lower);
    if (w == nullptr) return nullptr;
    if (!w->needs_context) return w;
    ctx_used_ = true;
    int ctx = Context(i);
    if (ctx < 0) bail_ = true;
    return ctx == 1 ? w : nullptr;
  }

  // 1: a digit or capital follows (after spaces), 0: not, -1: unsure.
  int Context(size_t i) {
    while (i < n_ && (s_[i] == ' ' || s_[i] == '\t' || s_[i] == '\n' || s_[i] == '\r')) ++i;
    if (i >= n_) return 0;
    unsigned char c = s_[i];
    if (AsciiDigit(c)) return 1;
    if (c < 0x20 || c == 0x7F) return -1;  // dropped by canonicalization
    if (c < 0x80) return (c >= 'A' && c <= 'Z') ? 1 : 0;
    char32_t cp;
    size_t len;
    if (!Decode(s_, n_, i, &cp, &len)) return -1;
    Packed p = LookupLetter(cp);
    if (p != kNotLetter) {
      // A combining mark after it could change it: let the general path see.
      if (i + len < n_ && s_[i + len] >= 0xCC && s_[i + len] < 0xCE) return -1;
      return PUpper(p) ? 1 : 0;
    }
    return PlainPunct(cp) ? 0 : -1;
  }

  const unsigned char* s_;
  size_t n_;
  size_t begin_, end_;
  static constexpr Mode mode_ = kMode;
  std::string* out_;
  char* w_ = nullptr;    // next output byte in *out_
  char* cap_ = nullptr;  // end of *out_
  std::vector<Token>* toks_;
  bool pending_space_ = false;
  bool bail_ = false;  // set when a lookahead is unsure
  bool ctx_used_ = false;  // the current word's result depended on what follows
  bool dot_checked_ = false, dot_found_ = false;  // a "word." lexicon key was looked up / exists
  // The block KeyEndIn and HotRun read (none yet: a base past any word start,
  // so the first word classifies one).
  Block block_{SIZE_MAX / 2, 0, 0, 0};
  struct Probe {  // CachedWord's last look-up, for Word() to store into
    size_t start = SIZE_MAX, key_end = 0;
    Key key;
    NormCache::Slot* nslot = nullptr;
    TokenCache::Slot* tslot = nullptr;
  } probe_;
  NormCache* norm_cache_ = mode_ == Mode::kNormalize ? &NormCache::ForThisThread() : nullptr;
  TokenCache* token_cache_ = mode_ == Mode::kTokenize ? &TokenCache::ForThisThread() : nullptr;
  // Not for kCanonical: the lexicon itself canonicalizes its keys on load.
  size_t max_key_ = mode_ == Mode::kCanonical ? 0 : LexiconMaxKeyBytes();
  Unit u_[kMaxWord];
  std::string lower_, canon_, dot_exact_, dot_lower_;
};

}  // namespace

void ClassifyForTest(std::string_view s, size_t at, size_t end, uint64_t* stop, uint64_t* space,
                     uint64_t* space_next) {
  const Block b = kClassify(reinterpret_cast<const unsigned char*>(s.data()), at, end);
  *stop = b.stop;
  *space = b.space;
  *space_next = b.space_next;
}

bool FastCanonicalize(std::string_view in, size_t b, size_t e, std::string* out) {
  return FastPath<Mode::kCanonical>(in, b, e, out, nullptr).Run();
}

namespace {

// Normalize and Tokenize are compiled twice: for the baseline and for CPUs
// with AVX2, BMI1/2 and FMA (the loop inlined into each; what it calls out of
// line is shared), the version chosen once at start-up (kUseAvx2).
bool FastNormalizeBase(std::string_view in, size_t b, size_t e, std::string* out) {
  return FastPath<Mode::kNormalize>(in, b, e, out, nullptr).Run();
}
bool FastTokenizeBase(std::string_view in, size_t b, size_t e, std::vector<Token>* out) {
  return FastPath<Mode::kTokenize>(in, b, e, nullptr, out).Run();
}
#if defined(VOX_TEXT_AVX2_DISPATCH)
__attribute__((target(VOX_TEXT_AVX2_TARGET))) bool FastNormalizeAvx2(std::string_view in, size_t b, size_t e,
                                                            std::string* out) {
  return FastPath<Mode::kNormalize>(in, b, e, out, nullptr).Run();
}
__attribute__((target(VOX_TEXT_AVX2_TARGET))) bool FastTokenizeAvx2(std::string_view in, size_t b, size_t e,
                                                           std::vector<Token>* out) {
  return FastPath<Mode::kTokenize>(in, b, e, nullptr, out).Run();
}
#endif

}  // namespace

bool FastNormalize(std::string_view in, size_t b, size_t e, std::string* out) {
#if defined(VOX_TEXT_AVX2_DISPATCH)
  if (kUseAvx2) return FastNormalizeAvx2(in, b, e, out);
#endif
  return FastNormalizeBase(in, b, e, out);
}

bool FastTokenize(std::string_view in, size_t b, size_t e, std::vector<Token>* out) {
#if defined(VOX_TEXT_AVX2_DISPATCH)
  if (kUseAvx2) return FastTokenizeAvx2(in, b, e, out);
#endif
  return FastTokenizeBase(in, b, e, out);
}

size_t NextCut(std::string_view in, size_t from, size_t size, size_t limit) {
  if (limit == 0) limit = in.size();
  const auto* s = reinterpret_cast<const unsigned char*>(in.data());
  for (size_t i = from + size; i < limit; ++i) {
    unsigned char c = s[i];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') continue;
    unsigned char p = s[i - 1];
    if (p == ' ' || p == '\t' || p == '\n' || p == '\r') continue;
    if (p >= 'A' && p <= 'Z') continue;
    // Before a '.', only a visible ASCII non-capital: canonicalization drops
    // controls and invisibles and maps full-width letters, so "P\x02." or
    // "Ｐ." is "P." to the lexicon, whose lookahead would cross the cut.
    if (p == '.') {
      const unsigned char q = s[i - 2];
      if (q < 0x21 || q > 0x7E || (q >= 'A' && q <= 'Z')) continue;
    }
    // Cut after visible ASCII only: controls are dropped by canonicalization,
    // so the lookahead of a word before them would cross the cut.
    if (p < 0x21 || p > 0x7E) continue;
    return i;
  }
  return limit;
}

}  // namespace vox::text::internal
