// Story features from the text engine's tokens (see stories.h).
//
// Shingles are hashed from Token::folded, so diacritics, NFD/NFC, tone
// placement, case and teencode (expanded by Normalize) do not change them.
// Emoji, hashtags, mentions, links and masked spans are skipped for shingles
// (a bigram joins the words on either side of a skipped token); links become
// separate link keys and number/date tokens are also kept apart so that two
// events written from one template can be told apart.
#include <xxhash.h>

#include <algorithm>
#include <functional>
#include <cstring>

#include "stories/stories.h"
#include "text/text.h"

namespace vox::stories {
namespace {

uint64_t Mix64(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

void SortUnique(std::vector<uint32_t>* v) {
  std::sort(v->begin(), v->end());
  v->erase(std::unique(v->begin(), v->end()), v->end());
}

// A link is a key only when it names a page: "https://host/" alone would tie
// every story that links to the same site.
bool HasPath(const std::string& canon) {
  size_t scheme = canon.find("://");
  size_t host_start = scheme == std::string::npos ? 0 : scheme + 3;
  size_t slash = canon.find_first_of("/?", host_start);
  return slash != std::string::npos && slash + 1 < canon.size();
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    int hi, lo;
    if (s[i] == '%' && i + 2 < s.size() && (hi = HexValue(s[i + 1])) >= 0 &&
        (lo = HexValue(s[i + 2])) >= 0) {
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else {
      out.push_back(s[i] == '+' ? ' ' : s[i]);
    }
  }
  return out;
}

// The value of query parameter `key` in a canonical link, or empty.
std::string_view QueryValue(std::string_view url, std::string_view key) {
  size_t q = url.find('?');
  if (q == std::string_view::npos) return {};
  std::string_view query = url.substr(q + 1);
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view param = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (param.size() > key.size() && param.substr(0, key.size()) == key && param[key.size()] == '=') {
      return param.substr(key.size() + 1);
    }
  }
  return {};
}

// A link key: the hash of the site (scheme and host) in the high 32 bits,
// the hash of the whole page key in the low 32, so that "another page of the
// same site" can be told from "a page of another site" (see LinkSite).
// A short link's key is the key of the page it leads to, when link_target
// knows it (Options::link_target).
using LinkTargetFn = std::function<std::string(std::string_view)>;

// `as_written`: the link as the text spells it (a short link's code is
// case-sensitive; the token's normalized form is lower case).
void AddLink(std::string_view raw, Features* f, const LinkTargetFn* link_target, std::string_view as_written = {}) {
  std::string key = PageKey(raw);
  if (key.empty()) return;
  if (link_target != nullptr && *link_target) {
    const std::string target = (*link_target)(as_written.empty() ? raw : as_written);
    if (!target.empty()) {
      std::string page = PageKey(target);
      if (!page.empty()) key = std::move(page);
    }
  }
  const size_t host_end = key.find_first_of("/?", key.find("://") + 3);
  const uint64_t site = XXH3_64bits(key.data(), host_end == std::string::npos ? key.size() : host_end);
  const uint64_t page = XXH3_64bits(key.data(), key.size());
  f->links.push_back((site & 0xffffffff00000000ULL) | (page & 0xffffffffULL));
}

// Folded syllables that carry no topic of their own: pronouns, particles,
// function words and thanks. A reply made only of these and a few other
// syllables ("cảm ơn chị đã chia sẻ", "thật không vậy") says nothing that
// ties it to one event (see Options::min_reply_content).
constexpr const char* kStopSyllables[] = {
    "a", "ah", "ak", "ay", "ba", "bac", "ban", "bi", "ca", "cac", "cai", "cam", "chi", "cho", "chu",
    "chua", "co", "cua", "cung", "da", "dang", "day", "de", "den", "di", "do", "duoc", "em", "gi",
    "ha", "hay", "hoac", "hon", "khong", "kia", "la", "lai", "lam", "len", "luon", "ma", "minh", "moi", "mot",
    "nao", "nay", "ne", "neu", "nen", "nha", "nhe", "nhi", "nhieu", "nhu", "nhung", "nua", "o", "oi", "ong",
    "on", "phai", "qua", "ra", "rat", "roi", "sao", "se", "that", "the", "thi", "toi", "tu", "ui", "va", "vao",
    "van", "vay", "ve", "vi", "voi", "xin", "ad", "admin", "ok", "uh", "uk", "z", "vs",
};

bool IsStopSyllable(uint64_t folded_hash) {
  static const std::vector<uint64_t> stop = [] {
    std::vector<uint64_t> v;
    for (const char* w : kStopSyllables) v.push_back(XXH3_64bits(w, std::strlen(w)));
    std::sort(v.begin(), v.end());
    return v;
  }();
  return std::binary_search(stop.begin(), stop.end(), folded_hash);
}

void AddText(std::string_view s, std::vector<text::Token>* toks, Features* f, std::vector<uint32_t>* content,
             const LinkTargetFn* link_target) {
  toks->clear();
  text::Tokenize(s, toks);
  uint64_t prev = 0;
  bool have_prev = false;
  for (const text::Token& t : *toks) {
    switch (t.kind) {
      case text::TokenKind::kUrl:
        AddLink(t.norm, f, link_target, t.end > t.begin && t.end <= s.size() ? s.substr(t.begin, t.end - t.begin)
                                                                              : std::string_view());
        continue;
      case text::TokenKind::kEmoji:
      case text::TokenKind::kHashtag:
      case text::TokenKind::kMention:
      case text::TokenKind::kMasked:
        continue;
      case text::TokenKind::kNumber:
        f->numbers.push_back(static_cast<uint32_t>(XXH3_64bits(t.folded.data(), t.folded.size())));
        break;
      case text::TokenKind::kWord:
        ++f->words;
        break;
    }
    uint64_t h = XXH3_64bits(t.folded.data(), t.folded.size());
    const uint32_t syllable = static_cast<uint32_t>(h >> 32) & ~1u;
    f->shingles.push_back(syllable);  // syllable: even
    if (t.kind == text::TokenKind::kWord && !IsStopSyllable(h)) content->push_back(syllable);
    if (have_prev) {
      uint64_t b = Mix64(prev * 0x9E3779B97F4A7C15ULL ^ h);
      f->shingles.push_back(static_cast<uint32_t>(b >> 32) | 1u);  // bigram: odd
    }
    prev = h;
    have_prev = true;
  }
}

}  // namespace

std::string PageKey(std::string_view url) {
  std::string canon = text::CanonicalUrl(url);
  for (int hop = 0; hop < 3; ++hop) {  // a redirector or an AMP cache, then the page
    const size_t scheme = canon.find("://");
    if (scheme == std::string::npos) return {};
    const size_t host_start = scheme + 3;
    size_t host_end = canon.find_first_of("/?", host_start);
    if (host_end == std::string::npos) host_end = canon.size();
    std::string host = canon.substr(host_start, host_end - host_start);
    std::string rest = canon.substr(host_end);
    // Facebook's and Zalo's link redirectors carry the page in a parameter.
    if ((host == "l.facebook.com" || host == "lm.facebook.com") && rest.rfind("/l.php", 0) == 0) {
      std::string_view u = QueryValue(rest, "u");
      if (u.empty()) return {};
      canon = text::CanonicalUrl(PercentDecode(u));
      continue;
    }
    // Google's AMP viewer and AMP cache wrap the page's own address:
    // google.com/amp/s/HOST/PATH, HOST-DASHED.cdn.ampproject.org/c/s/HOST/PATH
    // (/v/ for viewer pages; no "s/" for plain http pages).
    auto unwrap = [&](std::string_view tail) {
      if (tail.rfind("s/", 0) == 0) tail.remove_prefix(2);
      canon = text::CanonicalUrl("https://" + std::string(tail));
    };
    if ((host == "google.com" || host.rfind("google.com.", 0) == 0) && rest.rfind("/amp/", 0) == 0) {
      unwrap(std::string_view(rest).substr(5));
      continue;
    }
    constexpr std::string_view kAmpCache = ".cdn.ampproject.org";
    if (host.size() > kAmpCache.size() && std::string_view(host).substr(host.size() - kAmpCache.size()) == kAmpCache &&
        (rest.rfind("/c/", 0) == 0 || rest.rfind("/v/", 0) == 0)) {
      unwrap(std::string_view(rest).substr(3));
      continue;
    }
    for (const char* prefix : {"m.", "amp.", "mobile."}) {
      const size_t n = std::strlen(prefix);
      if (host.size() > n + 3 && host.compare(0, n, prefix) == 0 && host.find('.', n) != std::string::npos) {
        host.erase(0, n);
        break;
      }
    }
    // AMP forms of one article: /amp/…, …/amp, …?amp or ?amp=1.
    std::string path = rest.substr(0, rest.find('?'));
    std::string query = rest.size() > path.size() ? rest.substr(path.size()) : std::string();
    if (path.rfind("/amp/", 0) == 0) path.erase(0, 4);
    if (path.size() > 4 && path.compare(path.size() - 4, 4, "/amp") == 0) path.resize(path.size() - 4);
    if (query == "?amp" || query == "?amp=1") query.clear();
    std::string out = canon.substr(0, host_start) + host + path + query;
    if (!HasPath(out)) return {};
    return out;
  }
  return {};
}

Features ExtractFeatures(std::string_view title, std::string_view text, std::string_view url, bool is_comment,
                         const LinkTargetFn& link_target, std::string_view more_text) {
  Features f;
  std::vector<text::Token> toks;
  toks.reserve(128);
  std::vector<uint32_t> content;
  const LinkTargetFn* lt = link_target ? &link_target : nullptr;
  if (!title.empty()) AddText(title, &toks, &f, &content, lt);
  AddText(text, &toks, &f, &content, lt);
  if (!more_text.empty()) AddText(more_text, &toks, &f, &content, lt);
  SortUnique(&content);
  f.content = static_cast<int>(content.size());
  if (!url.empty() && !is_comment) AddLink(url, &f, lt);
  SortUnique(&f.shingles);
  SortUnique(&f.numbers);
  std::sort(f.links.begin(), f.links.end());
  f.links.erase(std::unique(f.links.begin(), f.links.end()), f.links.end());
  return f;
}

bool IsShortReply(const Features& f, bool has_parent, const Options& opts) {
  return has_parent && f.links.empty() && f.content < opts.min_reply_content;
}

Features ExtractFeatures(const Item& item, const LinkTargetFn& link_target, std::string_view more_text) {
  return ExtractFeatures(item.title, item.text, item.url, item.kind == "comment", link_target, more_text);
}

// Layout (little-endian): u8 version=2, u32 words, u32 n_shingles, u32
// n_numbers, u32 n_links, i32 content, then the arrays. Version 1 (written
// before content was kept) has no content field: it decodes as content -1.
std::string EncodeFeatures(const Features& f) {
  std::string out;
  auto put32 = [&](uint32_t v) { out.append(reinterpret_cast<const char*>(&v), 4); };
  out.push_back(2);
  put32(static_cast<uint32_t>(f.words));
  put32(static_cast<uint32_t>(f.shingles.size()));
  put32(static_cast<uint32_t>(f.numbers.size()));
  put32(static_cast<uint32_t>(f.links.size()));
  put32(static_cast<uint32_t>(f.content));
  out.append(reinterpret_cast<const char*>(f.shingles.data()), f.shingles.size() * 4);
  out.append(reinterpret_cast<const char*>(f.numbers.data()), f.numbers.size() * 4);
  out.append(reinterpret_cast<const char*>(f.links.data()), f.links.size() * 8);
  return out;
}

bool DecodeFeatures(std::string_view b, Features* f) {
  if (b.size() < 17 || (b[0] != 1 && b[0] != 2)) return false;
  const size_t head = b[0] == 1 ? 17 : 21;
  if (b.size() < head) return false;
  uint32_t hdr[5] = {0, 0, 0, 0, UINT32_MAX};
  std::memcpy(hdr, b.data() + 1, head - 1);
  size_t need = head + size_t{hdr[1]} * 4 + size_t{hdr[2]} * 4 + size_t{hdr[3]} * 8;
  if (b.size() != need) return false;
  const char* p = b.data() + head;
  f->words = static_cast<int>(hdr[0]);
  f->content = static_cast<int32_t>(hdr[4]);
  // memcpy of zero bytes from or to an empty vector's null data() is
  // undefined behaviour, so empty arrays are skipped.
  auto read = [&p](auto* v, size_t n) {
    v->resize(n);
    const size_t bytes = n * sizeof((*v)[0]);
    if (bytes > 0) std::memcpy(v->data(), p, bytes);
    p += bytes;
  };
  read(&f->shingles, hdr[1]);
  read(&f->numbers, hdr[2]);
  read(&f->links, hdr[3]);
  return true;
}

}  // namespace vox::stories
