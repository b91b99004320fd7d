// Incremental story clustering: MinHash + LSH banding, containment anchors,
// link keys, and exact verification against a story's representative.
//
// Algorithm. Each item is reduced to a set of 32-bit shingles (accent-folded
// syllables and syllable bigrams, see features.cc), its number/date tokens
// and its canonical links. Stories, not items, are indexed: a story is
// represented by the features of one member (its representative), under
//   - LSH: a 64-value MinHash signature (h_i(x) = (a_i*x + b_i) >> 32 with
//     fixed odd a_i) cut into 16 bands of 4 rows; a band key is the hash of
//     its 4 values. Two sets with Jaccard J share a band with probability
//     1-(1-J^4)^16: 0.64 at J=0.5, 0.99 at J=0.7. This is the fast path for
//     reposts (accents dropped, NFD, tone placement, teencode, prefixes,
//     emoji, hashtags, reordering, upper case all leave J near 1).
//   - anchors: the bigram shingles whose hash falls in a fixed 1/4 sample.
//     Sampling by hash value is consistent, so a quote or a truncated repost
//     shares the anchors of the part it copies; an item's anchors that hit a
//     story at least twice (once when the item has one anchor) make it a
//     candidate. Anchors shared by more than max_anchor_postings live stories
//     are ignored (stop bigrams such as "ủy ban").
//   - links: the hashes of the canonical links (scheme, "www.", tracking
//     parameters and fragment removed) that name a page.
// Candidates are verified exactly against the representative R:
//   similar    Jaccard(X, R) >= opts.jaccard, or
//   contained  |X∩R| / min(|X|,|R|) >= opts.containment with the smaller set
//              holding at least opts.min_containment_shingles shingles;
//   link       no text match, but X carries a link of the story.
// In every case the number/date tokens of the smaller side must all occur in
// the larger one: "Sáng 28/4 ghi nhận 12 ca" and "Sáng 29/4 ghi nhận 8 ca" are
// near-identical text but two events, so they stay two stories.
//
// Linking rule. An item joins the single best verified story: similar beats
// contained beats link; within a kind the higher score wins (Jaccard for
// similar, the size of the overlap for contained); ties go to the story
// seen most recently, then to the lower id. An item that verifies
// against two stories does NOT merge them: story ids stay stable (cases and
// matches point at them) and single-link chaining through bridge items (a
// post quoting two articles) is the classic way near-duplicate clustering
// swallows unrelated events. An item that matches nothing starts a story.
//
// Short replies (AddReply; the observer decides with IsShortReply). A reply
// (an item with a parent_id) with fewer than opts.min_reply_content content
// syllables and no link key is not matched by text at all: generic comments
// ("cảm ơn chị đã chia sẻ") are textual duplicates across unrelated threads.
// It joins its parent's story, keeping it live; with no known parent it gets
// a story of its own that is not indexed, so nothing joins it by text.
//
// Invariants.
//   - Deterministic: the same items in the same order give the same stories
//     (no randomness; fixed hash seeds; ties broken by last_seen then id).
//   - A story's representative is its first member until a verified member
//     at least 1.25x larger arrives (a full article after its truncated
//     repost); the larger one becomes the representative and is indexed too.
//   - Memory is bounded by the active window: stories whose last member is
//     older than newest - window leave the index (stale postings are skipped
//     and dropped when the index is compacted). State is per story, so
//     reposts cost nothing beyond their story's counters.
#include <xxhash.h>

#include <algorithm>
#include <array>
#include <climits>

#include "stories/stories.h"

namespace vox::stories {
namespace {

constexpr int kHashes = 64;
constexpr int kBands = 16;
constexpr int kRows = kHashes / kBands;
constexpr uint32_t kEnd = UINT32_MAX;
constexpr int kMaxChainWalk = 64;
constexpr size_t kMaxStoryLinks = 32;  // links kept per story for joining and for conflicts

struct MinHasher {
  std::array<uint64_t, kHashes> a, b;
  MinHasher() {
    uint64_t s = 0x5eed0f5705e5ULL;  // fixed: signatures must not change between runs
    auto next = [&] {                // splitmix64
      uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
      return z ^ (z >> 31);
    };
    for (int i = 0; i < kHashes; ++i) {
      a[i] = next() | 1;
      b[i] = next();
    }
  }
  void Sign(const std::vector<uint32_t>& xs, std::array<uint32_t, kHashes>* sig) const {
    std::array<uint64_t, kHashes> m;
    m.fill(UINT64_MAX);
    for (uint32_t x : xs) {
      for (int i = 0; i < kHashes; ++i) {
        uint64_t h = a[i] * x + b[i];
        m[i] = h < m[i] ? h : m[i];
      }
    }
    for (int i = 0; i < kHashes; ++i) (*sig)[i] = static_cast<uint32_t>(m[i] >> 32);
  }
};

const MinHasher& Hasher() {
  static const MinHasher h;
  return h;
}

inline bool IsAnchor(uint32_t s) { return (s & 1u) && ((s >> 1) & 3u) == 0; }

// |a ∩ b| of two sorted sets, or any value below `need` as soon as `need`
// can no longer be reached. A short set against a long one is looked up by
// galloping (a short comment against a long article's representative).
size_t Intersect(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b, size_t need) {
  const std::vector<uint32_t>& s = a.size() <= b.size() ? a : b;
  const std::vector<uint32_t>& l = &s == &a ? b : a;
  size_t n = 0;
  if (s.size() * 16 < l.size()) {
    auto lo = l.begin();
    for (size_t i = 0; i < s.size(); ++i) {
      if (n + (s.size() - i) < need) return n;
      size_t step = 1;
      auto hi = lo;
      while (hi != l.end() && *hi < s[i]) {  // gallop, then binary search
        lo = hi;
        hi = static_cast<size_t>(l.end() - hi) > step ? hi + static_cast<std::ptrdiff_t>(step) : l.end();
        step *= 2;
      }
      lo = std::lower_bound(lo, hi, s[i]);
      if (lo == l.end()) return n;
      if (*lo == s[i]) ++n;
    }
    return n;
  }
  const uint32_t* x = s.data();
  const uint32_t* xe = x + s.size();
  const uint32_t* y = l.data();
  const uint32_t* ye = y + l.size();
  while (x != xe && y != ye) {
    if (((xe - x) & 31) == 0 && n + static_cast<size_t>(std::min(xe - x, ye - y)) < need) return n;
    const uint32_t u = *x, v = *y;
    n += u == v;
    x += u <= v;
    y += v <= u;
  }
  return n;
}

// An open-addressing hash table from a non-zero hash key to a small value:
// the band, anchor and link indexes. Keys are hashes already; Fibonacci
// hashing spreads the low bits (anchor shingles share theirs by construction).
template <typename K, typename V>
class FlatMap {
 public:
  const V* Find(K k) const { return const_cast<FlatMap*>(this)->Find(k); }
  V* Find(K k) {
    if (slots_.empty()) return nullptr;
    for (size_t i = Home(k);; i = (i + 1) & mask_) {
      Entry& e = slots_[i];
      if (e.key == k) return &e.value;
      if (e.key == 0) return nullptr;
    }
  }
  V& operator[](K k) {
    if ((size_ + 1) * 2 > slots_.size()) Grow();
    for (size_t i = Home(k);; i = (i + 1) & mask_) {
      Entry& e = slots_[i];
      if (e.key == k) return e.value;
      if (e.key == 0) {
        e.key = k;
        ++size_;
        return e.value;
      }
    }
  }
  void clear() {
    slots_.clear();
    size_ = 0;
    mask_ = 0;
  }
  size_t size() const { return size_; }
  size_t MemoryBytes() const { return slots_.capacity() * sizeof(Entry); }

 private:
  struct Entry {
    K key = 0;
    V value{};
  };
  size_t Home(K k) const { return static_cast<size_t>((static_cast<uint64_t>(k) * 0x9E3779B97F4A7C15ULL) >> shift_); }
  void Grow() {
    std::vector<Entry> old = std::move(slots_);
    size_t cap = old.empty() ? 1024 : old.size() * 2;
    slots_.assign(cap, Entry());
    mask_ = cap - 1;
    shift_ = 64 - __builtin_ctzll(cap);
    size_ = 0;
    for (const Entry& e : old) {
      if (e.key != 0) (*this)[e.key] = e.value;
    }
  }
  std::vector<Entry> slots_;
  size_t size_ = 0;
  size_t mask_ = 0;
  int shift_ = 64;
};

// Hash keys are never 0 in a FlatMap (0 marks an empty slot).
inline uint64_t NonZero(uint64_t k) { return k ? k : 1; }

uint64_t BandKey(const std::array<uint32_t, kHashes>& sig, int band) {
  return NonZero(XXH3_64bits_withSeed(&sig[band * kRows], kRows * sizeof(uint32_t), band));
}

}  // namespace

const char* JoinReasonName(JoinReason r) {
  switch (r) {
    case JoinReason::kNew: return "new";
    case JoinReason::kSimilar: return "similar";
    case JoinReason::kContained: return "contained";
    case JoinReason::kLink: return "link";
    case JoinReason::kReply: return "reply";
  }
  return "new";
}

struct Clusterer::Impl {
  struct StoryState {
    int64_t id = 0;
    int64_t last_seen = 0;
    Features rep;
    std::vector<uint64_t> links;  // sorted: the representative's and members' links
    bool live = true;
  };
  // A posting list (the stories under one band key or anchor), newest first:
  // its oldest posting inline in the head, the others in blocks of kBlock
  // chained newest first, so a walk touches a cache line per kBlock postings
  // and a key with one story (most anchors) needs no block at all.
  static constexpr uint32_t kBlock = 7;
  struct Block {
    uint32_t slot[kBlock];
    uint32_t next;
  };
  struct Head {
    uint32_t head = kEnd;   // newest block
    uint32_t count = 0;     // postings
    uint32_t first = 0;     // the oldest posting (count >= 1)
  };
  Options opts;
  std::vector<StoryState> stories;  // by slot
  std::vector<Block> blocks;
  struct Scratch {                   // per slot, valid when stamp == round
    uint32_t stamp = 0;
    uint16_t hits = 0;               // anchor hits this round
    uint8_t band_hits = 0;           // band buckets shared this round
    uint8_t link_hit = 0;            // link hit this round
  };
  FlatMap<uint64_t, Head> bands;
  FlatMap<uint32_t, Head> anchors;   // anchor shingles are odd: never 0
  FlatMap<uint64_t, uint32_t> links;
  FlatMap<uint64_t, uint32_t> slot_of;  // story id -> slot (dead slots until compacted)
  std::vector<Scratch> scratch;     // by slot
  std::vector<uint32_t> cands;      // reused by Add
  std::vector<uint32_t> anchor_cands;
  uint32_t round = 0;
  int64_t newest = INT64_MIN;
  size_t live = 0;
  size_t adds_since_evict = 0;

  template <typename Map, typename Key>
  void Push(Map& m, Key k, uint32_t slot) {
    Head& h = m[k];
    if (h.count == 0) {
      h.first = slot;
      h.count = 1;
      return;
    }
    uint32_t fill = h.count == 1 ? 0 : (h.count - 2) % kBlock + 1;  // used in the newest block
    const uint32_t last = fill == 0 ? h.first : blocks[h.head].slot[fill - 1];
    if (last == slot) return;  // same story again
    if (fill == 0 || fill == kBlock) {
      blocks.push_back(Block{{}, h.head});
      h.head = static_cast<uint32_t>(blocks.size() - 1);
      fill = 0;
    }
    blocks[h.head].slot[fill] = slot;
    ++h.count;
  }

  // Calls fn(slot) for the newest kMaxChainWalk postings of h, newest first.
  template <typename Fn>
  void Walk(const Head& h, Fn&& fn) const {
    if (h.count == 0) return;
    int left = kMaxChainWalk;
    uint32_t fill = h.count == 1 ? 0 : (h.count - 2) % kBlock + 1;
    for (uint32_t b = h.head; b != kEnd; b = blocks[b].next, fill = kBlock) {
      const Block& blk = blocks[b];
      for (uint32_t i = fill; i-- > 0;) {
        if (left-- == 0) return;
        fn(blk.slot[i]);
      }
    }
    if (left > 0) fn(h.first);
  }

  // Indexes a story's representative; `sig`, when given, is its signature.
  void Index(uint32_t slot, const std::array<uint32_t, kHashes>* sig = nullptr) {
    const Features& f = stories[slot].rep;
    if (!f.shingles.empty() && TextCounts(f, opts)) {
      std::array<uint32_t, kHashes> own;
      if (!sig) {
        Hasher().Sign(f.shingles, &own);
        sig = &own;
      }
      for (int band = 0; band < kBands; ++band) Push(bands, BandKey(*sig, band), slot);
      for (uint32_t s : f.shingles) {
        if (IsAnchor(s)) Push(anchors, s, slot);
      }
    }
    AddLinks(f, slot);
  }

  // Maps f's links to the story in `slot` (a link already taken by another
  // live story stays with it) and adds them to the story's own set; true
  // when the set grew.
  bool AddLinks(const Features& f, uint32_t slot) {
    bool grew = false;
    for (uint64_t l : f.links) {
      uint32_t* v = links.Find(NonZero(l));
      if (!v) links[NonZero(l)] = slot;
      else if (!stories[*v].live) *v = slot;
      std::vector<uint64_t>& own = stories[slot].links;
      auto at = std::lower_bound(own.begin(), own.end(), l);
      if ((at == own.end() || *at != l) && own.size() < kMaxStoryLinks) {
        own.insert(at, l);
        grew = true;
      }
    }
    return grew;
  }

  uint32_t NewSlot(int64_t id, const Features& f, int64_t last_seen) {
    stories.push_back({id, last_seen, f, {}, true});
    scratch.emplace_back();
    slot_of[static_cast<uint64_t>(id)] = static_cast<uint32_t>(stories.size() - 1);
    ++live;
    return static_cast<uint32_t>(stories.size() - 1);
  }

  void Evict() {
    if (newest == INT64_MIN) return;
    const int64_t cutoff = newest - opts.window_seconds;
    for (StoryState& s : stories) {
      if (s.live && s.last_seen < cutoff) {
        s.live = false;
        s.rep = Features();
        s.links = {};
        --live;
      }
    }
    if (stories.size() > 1024 && live * 2 < stories.size()) Compact();
  }

  // Drops dead stories and rebuilds the index from the live ones, in slot order.
  void Compact() {
    std::vector<StoryState> keep;
    keep.reserve(live);
    for (StoryState& s : stories) {
      if (s.live) keep.push_back(std::move(s));
    }
    stories = std::move(keep);
    blocks.clear();
    bands.clear();
    anchors.clear();
    links.clear();
    slot_of.clear();
    scratch.assign(stories.size(), Scratch());
    round = 0;
    for (uint32_t i = 0; i < stories.size(); ++i) {
      slot_of[static_cast<uint64_t>(stories[i].id)] = i;
      Index(i);
    }
  }

  // Numbers of the smaller side must all occur in the larger side.
  static bool NumbersAgree(const Features& x, const Features& r) {
    const Features& small = x.shingles.size() <= r.shingles.size() ? x : r;
    const Features& large = &small == &x ? r : x;
    return std::includes(large.numbers.begin(), large.numbers.end(), small.numbers.begin(), small.numbers.end());
  }

  // Marks `slot` as seen this round; true the first time.
  bool Touch(uint32_t slot) {
    Scratch& x = scratch[slot];
    if (x.stamp == round) return false;
    x.stamp = round;
    x.hits = 0;
    x.band_hits = 0;
    x.link_hit = 0;
    return true;
  }

  static bool Disjoint(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
    auto i = a.begin();
    auto j = b.begin();
    while (i != a.end() && j != b.end()) {
      if (*i == *j) return false;
      if (*i < *j) ++i;
      else ++j;
    }
    return true;
  }

  // True when a link of `a` and a link of `b` name pages of one site.
  static bool SameSite(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
    for (uint64_t x : a) {
      for (uint64_t y : b) {
        if ((x >> 32) == (y >> 32)) return true;
      }
    }
    return false;
  }

  // Verifies item f (text_ok: its words may count) against story s. Returns
  // the reason it joins (kNew: it does not) with a score that orders
  // reasons (similar > contained > link) and the raw Jaccard/containment.
  JoinReason Verify(const Features& f, bool text_ok, const StoryState& s, bool link_hit, double* score,
                    double* raw) const {
    *score = 0;
    *raw = 0;
    // A link to another page is a strong reason not to join: only a long
    // copy of the text overrides it. Numbers: text that matches but whose
    // figures disagree is another event from one template, and joins by
    // neither text nor link (the page may embed the same link); when the text
    // does not match, a shared link joins whatever figures the sharer quotes.
    const bool conflict = !f.links.empty() && !s.links.empty() && Disjoint(f.links, s.links);
    const bool by_text = text_ok && TextCounts(s.rep, opts) &&
                         (!conflict || (f.content >= opts.min_conflict_content && !SameSite(f.links, s.links)));
    const bool numbers_agree = NumbersAgree(f, s.rep);
    const size_t xn = f.shingles.size(), rn = s.rep.shingles.size();
    if (by_text && xn != 0 && rn != 0) {
      const size_t small = std::min(xn, rn), large = std::max(xn, rn);
      const bool can_similar = static_cast<double>(small) / static_cast<double>(large) >= opts.jaccard;
      const bool can_contain = small >= static_cast<size_t>(opts.min_containment_shingles);
      if (can_similar || can_contain) {
        double bound = static_cast<double>(small);
        if (can_similar) bound = std::min(bound, opts.jaccard * static_cast<double>(xn + rn) / (1 + opts.jaccard));
        if (can_contain) bound = std::min(bound, opts.containment * static_cast<double>(small));
        const size_t inter = Intersect(f.shingles, s.rep.shingles, static_cast<size_t>(bound * (1 - 1e-9)));
        const double j = static_cast<double>(inter) / static_cast<double>(xn + rn - inter);
        const double c = static_cast<double>(inter) / static_cast<double>(small);
        const bool text_match = j >= opts.jaccard || (c >= opts.containment && can_contain);
        if (text_match && !numbers_agree) return JoinReason::kNew;
        if (j >= opts.jaccard) {
          *score = 2 + j;
          *raw = j;
          return JoinReason::kSimilar;
        }
        if (c >= opts.containment && can_contain) {
          // Among contained matches the larger overlap wins: a full copy of
          // an article that also holds a quoted sentence someone posted
          // alone shares more with the article than with the quote.
          *score = 1 + static_cast<double>(inter) / static_cast<double>(inter + 64);
          *raw = c;
          return JoinReason::kContained;
        }
      }
    }
    if (link_hit) {
      *score = 0.5;
      *raw = 1;
      return JoinReason::kLink;
    }
    return JoinReason::kNew;
  }

  Assignment Add(const Features& f, int64_t t, int64_t new_id) {
    newest = std::max(newest, t);
    if (++adds_since_evict >= 4096) {
      adds_since_evict = 0;
      Evict();
    }
    if (++round == 0) {  // stamp wrap-around
      for (Scratch& x : scratch) x.stamp = 0;
      round = 1;
    }
    const bool text_ok = TextCounts(f, opts) && !f.shingles.empty();
    cands.clear();
    for (uint64_t l : f.links) {
      const uint32_t* v = links.Find(NonZero(l));
      if (!v) continue;
      if (Touch(*v) && stories[*v].live) cands.push_back(*v);
      scratch[*v].link_hit = 1;
    }
    std::array<uint32_t, kHashes> sig;
    if (text_ok) {
      Hasher().Sign(f.shingles, &sig);
      for (int band = 0; band < kBands; ++band) {
        const Head* h = bands.Find(BandKey(sig, band));
        if (!h || h->count > static_cast<uint32_t>(opts.max_band_postings)) continue;
        Walk(*h, [&](uint32_t slot) {
          if (Touch(slot) && stories[slot].live) cands.push_back(slot);
          ++scratch[slot].band_hits;
        });
      }
      // Anchors: a story is a candidate after `need` hits.
      int n_anchors = 0;
      for (uint32_t s : f.shingles) n_anchors += IsAnchor(s);
      const int need = std::min(2, n_anchors);
      anchor_cands.clear();
      for (uint32_t s : f.shingles) {
        if (!IsAnchor(s)) continue;
        const Head* h = anchors.Find(s);
        if (!h || h->count > static_cast<uint32_t>(opts.max_anchor_postings)) continue;
        Walk(*h, [&](uint32_t slot) {
          if (Touch(slot)) anchor_cands.push_back(slot);  // tracks hits; not a candidate yet
          Scratch& x = scratch[slot];
          if (x.hits < UINT16_MAX) ++x.hits;
        });
      }
      for (uint32_t slot : anchor_cands) {
        const Scratch& x = scratch[slot];
        if (x.hits >= need && x.band_hits == 0 && !x.link_hit && stories[slot].live) cands.push_back(slot);
      }
    }
    // Bound the work per item: verify the candidates with the most evidence
    // (a shared link, then shared bands, then shared anchors; newer slots
    // first on ties, so the order is deterministic).
    const size_t max_verify = static_cast<size_t>(std::max(1, opts.max_verify));
    if (cands.size() > max_verify) {
      auto evidence = [&](uint32_t slot) {
        const Scratch& x = scratch[slot];
        return (uint64_t{x.link_hit} << 40) | (uint64_t{x.band_hits} << 24) | (uint64_t{x.hits} << 8);
      };
      std::nth_element(cands.begin(), cands.begin() + static_cast<std::ptrdiff_t>(max_verify), cands.end(),
                       [&](uint32_t a, uint32_t b) {
                         const uint64_t ea = evidence(a), eb = evidence(b);
                         return ea != eb ? ea > eb : a > b;
                       });
      cands.resize(max_verify);
    }

    int best = -1;
    double best_score = 0;
    JoinReason best_reason = JoinReason::kNew;
    double best_raw = 0;
    for (uint32_t slot : cands) {
      const StoryState& s = stories[slot];
      double score = 0, raw = 0;
      const JoinReason reason = Verify(f, text_ok, s, scratch[slot].link_hit != 0, &score, &raw);
      if (reason == JoinReason::kNew) continue;
      bool better = best < 0 || score > best_score + 1e-12;
      if (!better && best >= 0 && score > best_score - 1e-12) {
        const StoryState& b = stories[best];
        better = s.last_seen > b.last_seen || (s.last_seen == b.last_seen && s.id < b.id);
      }
      if (better) {
        best = static_cast<int>(slot);
        best_score = score;
        best_reason = reason;
        best_raw = raw;
      }
    }

    Assignment a;
    if (best < 0) {
      a.story_id = new_id;
      a.created = true;
      a.rep_changed = true;
      if (!text_ok && f.links.empty()) return a;  // nothing to match it by later
      uint32_t slot = NewSlot(new_id, f, t);
      if (!text_ok) stories[slot].rep.shingles.clear();  // its words never count
      Index(slot, text_ok ? &sig : nullptr);
      a.state_changed = true;
      return a;
    }
    StoryState& s = stories[best];
    s.last_seen = std::max(s.last_seen, t);
    a.story_id = s.id;
    a.reason = best_reason;
    a.score = best_raw;
    // A larger verified member becomes the representative (a full article
    // after its truncated repost); so does the first member with text that
    // counts when the story so far had only links (shares before the article).
    const bool rep_has_text = !s.rep.shingles.empty() && TextCounts(s.rep, opts);
    const bool larger = best_reason != JoinReason::kLink && f.shingles.size() * 4 >= s.rep.shingles.size() * 5;
    if (text_ok && (larger || !rep_has_text)) {
      s.rep = f;
      a.rep_changed = true;
      a.state_changed = true;
      Index(static_cast<uint32_t>(best), &sig);
    } else {
      a.state_changed = AddLinks(f, static_cast<uint32_t>(best));
    }
    return a;
  }

  std::string StateOf(int64_t id) const {
    const uint32_t* slot = slot_of.Find(static_cast<uint64_t>(id));
    if (!slot || !stories[*slot].live || stories[*slot].id != id) return {};
    const StoryState& s = stories[*slot];
    Features f = s.rep;
    f.links = s.links;
    return EncodeFeatures(f);
  }

  bool StillBelongs(const Features& f, int64_t id) const {
    const uint32_t* slot = slot_of.Find(static_cast<uint64_t>(id));
    if (!slot || !stories[*slot].live || stories[*slot].id != id) return true;
    const StoryState& s = stories[*slot];
    const bool link_hit = !f.links.empty() && !Disjoint(f.links, s.links);
    double score = 0, raw = 0;
    return Verify(f, TextCounts(f, opts) && !f.shingles.empty(), s, link_hit, &score, &raw) != JoinReason::kNew;
  }
};

Assignment Clusterer::AddReply(int64_t parent_story, int64_t published_at, int64_t new_story_id) {
  Impl& m = *impl_;
  m.newest = std::max(m.newest, published_at);
  Assignment a;
  if (parent_story <= 0) {
    a.story_id = new_story_id;
    a.created = true;
    a.rep_changed = true;
    return a;
  }
  if (const uint32_t* slot = m.slot_of.Find(static_cast<uint64_t>(parent_story))) {
    Impl::StoryState& s = m.stories[*slot];
    if (s.live && s.id == parent_story) s.last_seen = std::max(s.last_seen, published_at);
  }
  a.story_id = parent_story;
  a.reason = JoinReason::kReply;
  a.score = 1;
  return a;
}

Clusterer::Clusterer(const Options& opts) : impl_(std::make_unique<Impl>()) { impl_->opts = opts; }
Clusterer::~Clusterer() = default;

Assignment Clusterer::Add(const Features& f, int64_t published_at, int64_t new_story_id) {
  return impl_->Add(f, published_at, new_story_id);
}

void Clusterer::Restore(int64_t story_id, const Features& representative, int64_t last_seen) {
  impl_->newest = std::max(impl_->newest, last_seen);
  uint32_t slot = impl_->NewSlot(story_id, representative, last_seen);
  impl_->Index(slot);
}

void Clusterer::Sync(int64_t story_id, const Features& state, int64_t last_seen) {
  Impl& m = *impl_;
  const uint32_t* slot = m.slot_of.Find(static_cast<uint64_t>(story_id));
  if (!slot || m.stories[*slot].id != story_id) {
    Restore(story_id, state, last_seen);
    return;
  }
  const uint32_t at = *slot;
  Impl::StoryState& s = m.stories[at];
  if (!s.live) return;  // left the window here: the store keeps it
  m.newest = std::max(m.newest, last_seen);
  s.last_seen = std::max(s.last_seen, last_seen);
  if (state.shingles != s.rep.shingles || state.numbers != s.rep.numbers) {
    // A new representative (its earlier postings stay, as when this process
    // changes one).
    Features rep = state;
    rep.links.clear();
    s.rep = std::move(rep);
    m.Index(at);
  }
  m.AddLinks(state, at);
}

std::string Clusterer::StateOf(int64_t story_id) const { return impl_->StateOf(story_id); }

bool Clusterer::StillBelongs(const Features& f, int64_t story_id) const { return impl_->StillBelongs(f, story_id); }

void Clusterer::Clear() {
  const Options opts = impl_->opts;
  impl_ = std::make_unique<Impl>();
  impl_->opts = opts;
}

size_t Clusterer::live_stories() const { return impl_->live; }

size_t Clusterer::MemoryBytes() const {
  const Impl& m = *impl_;
  size_t n = m.stories.capacity() * sizeof(Impl::StoryState);
  for (const auto& s : m.stories) {
    n += s.rep.shingles.capacity() * 4 + s.rep.numbers.capacity() * 4 + s.rep.links.capacity() * 8 +
         s.links.capacity() * 8;
  }
  n += m.blocks.capacity() * sizeof(Impl::Block);
  n += m.bands.MemoryBytes() + m.anchors.MemoryBytes() + m.links.MemoryBytes();
  n += m.scratch.capacity() * sizeof(Impl::Scratch);
  return n;
}

}  // namespace vox::stories
