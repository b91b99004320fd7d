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
// contained beats link; within a kind the higher score wins; ties go to the
// story seen most recently, then to the lower id. An item that verifies
// against two stories does NOT merge them: story ids stay stable (cases and
// matches point at them) and single-link chaining through bridge items (a
// post quoting two articles) is the classic way near-duplicate clustering
// swallows unrelated events. An item that matches nothing starts a story.
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
#include <unordered_map>

#include "stories/stories.h"

namespace vox::stories {
namespace {

constexpr int kHashes = 64;
constexpr int kBands = 16;
constexpr int kRows = kHashes / kBands;
constexpr uint32_t kEnd = UINT32_MAX;
constexpr int kMaxChainWalk = 64;

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

size_t Intersect(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
  size_t i = 0, j = 0, n = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] < b[j]) ++i;
    else if (b[j] < a[i]) ++j;
    else { ++n; ++i; ++j; }
  }
  return n;
}

}  // namespace

const char* JoinReasonName(JoinReason r) {
  switch (r) {
    case JoinReason::kNew: return "new";
    case JoinReason::kSimilar: return "similar";
    case JoinReason::kContained: return "contained";
    case JoinReason::kLink: return "link";
  }
  return "new";
}

struct Clusterer::Impl {
  struct StoryState {
    int64_t id = 0;
    int64_t last_seen = 0;
    Features rep;
    bool live = true;
  };
  struct Posting {
    uint32_t slot;
    uint32_t next;
  };
  struct Head {
    uint32_t head = kEnd;
    uint32_t count = 0;
  };

  Options opts;
  std::vector<StoryState> stories;  // by slot
  std::vector<Posting> postings;
  std::unordered_map<uint64_t, Head> bands;
  std::unordered_map<uint32_t, Head> anchors;
  std::unordered_map<uint64_t, uint32_t> links;
  std::vector<uint32_t> stamp;      // per slot: candidate-set stamp
  std::vector<uint16_t> hits;       // per slot: anchor hits this round
  std::vector<uint8_t> link_hit;    // per slot: link hit this round
  uint32_t round = 0;
  int64_t newest = INT64_MIN;
  size_t live = 0;
  size_t adds_since_evict = 0;

  template <typename Map, typename Key>
  void Push(Map& m, Key k, uint32_t slot) {
    Head& h = m[k];
    if (h.head != kEnd && postings[h.head].slot == slot) return;  // same story again
    postings.push_back({slot, h.head});
    h.head = static_cast<uint32_t>(postings.size() - 1);
    ++h.count;
  }

  void Index(uint32_t slot) {
    const Features& f = stories[slot].rep;
    if (!f.shingles.empty()) {
      std::array<uint32_t, kHashes> sig;
      Hasher().Sign(f.shingles, &sig);
      for (int band = 0; band < kBands; ++band) {
        Push(bands, XXH3_64bits_withSeed(&sig[band * kRows], kRows * sizeof(uint32_t), band), slot);
      }
      for (uint32_t s : f.shingles) {
        if (IsAnchor(s)) Push(anchors, s, slot);
      }
    }
    AddLinks(f, slot);
  }

  void AddLinks(const Features& f, uint32_t slot) {
    for (uint64_t l : f.links) {
      auto [it, inserted] = links.emplace(l, slot);
      if (!inserted && !stories[it->second].live) it->second = slot;
    }
  }

  uint32_t NewSlot(int64_t id, const Features& f, int64_t last_seen) {
    stories.push_back({id, last_seen, f, true});
    stamp.push_back(0);
    hits.push_back(0);
    link_hit.push_back(0);
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
    postings.clear();
    bands.clear();
    anchors.clear();
    links.clear();
    stamp.assign(stories.size(), 0);
    hits.assign(stories.size(), 0);
    link_hit.assign(stories.size(), 0);
    round = 0;
    for (uint32_t i = 0; i < stories.size(); ++i) Index(i);
  }

  // Numbers of the smaller side must all occur in the larger side.
  static bool NumbersAgree(const Features& x, const Features& r) {
    const Features& small = x.shingles.size() <= r.shingles.size() ? x : r;
    const Features& large = &small == &x ? r : x;
    return std::includes(large.numbers.begin(), large.numbers.end(), small.numbers.begin(), small.numbers.end());
  }

  Assignment Add(const Features& f, int64_t t, int64_t new_id) {
    newest = std::max(newest, t);
    if (++adds_since_evict >= 4096) {
      adds_since_evict = 0;
      Evict();
    }
    if (++round == 0) {  // stamp wrap-around
      std::fill(stamp.begin(), stamp.end(), 0);
      round = 1;
    }
    std::vector<uint32_t> cands;
    auto consider = [&](uint32_t slot) {
      if (stamp[slot] != round) {
        stamp[slot] = round;
        hits[slot] = 0;
        link_hit[slot] = 0;
        if (stories[slot].live) cands.push_back(slot);
      }
    };
    for (uint64_t l : f.links) {
      auto it = links.find(l);
      if (it == links.end()) continue;
      consider(it->second);
      link_hit[it->second] = 1;
    }
    if (!f.shingles.empty()) {
      std::array<uint32_t, kHashes> sig;
      Hasher().Sign(f.shingles, &sig);
      for (int band = 0; band < kBands; ++band) {
        auto it = bands.find(XXH3_64bits_withSeed(&sig[band * kRows], kRows * sizeof(uint32_t), band));
        if (it == bands.end()) continue;
        int walked = 0;
        for (uint32_t p = it->second.head; p != kEnd && walked < kMaxChainWalk; p = postings[p].next, ++walked) {
          consider(postings[p].slot);
        }
      }
      // Anchors: a story is a candidate after `need` hits.
      int n_anchors = 0;
      for (uint32_t s : f.shingles) n_anchors += IsAnchor(s);
      const int need = std::min(2, n_anchors);
      std::vector<uint32_t> anchor_cands;
      for (uint32_t s : f.shingles) {
        if (!IsAnchor(s)) continue;
        auto it = anchors.find(s);
        if (it == anchors.end() || it->second.count > static_cast<uint32_t>(opts.max_anchor_postings)) continue;
        int walked = 0;
        for (uint32_t p = it->second.head; p != kEnd && walked < kMaxChainWalk; p = postings[p].next, ++walked) {
          uint32_t slot = postings[p].slot;
          if (stamp[slot] != round) {
            // Track hits without making it a candidate yet.
            stamp[slot] = round;
            hits[slot] = 0;
            link_hit[slot] = 0;
            anchor_cands.push_back(slot);
          }
          if (hits[slot] < UINT16_MAX) ++hits[slot];
        }
      }
      for (uint32_t slot : anchor_cands) {
        if (hits[slot] >= need && stories[slot].live) cands.push_back(slot);
      }
    }

    // Verify.
    int best = -1;
    double best_score = 0;
    JoinReason best_reason = JoinReason::kNew;
    double best_raw = 0;
    for (uint32_t slot : cands) {
      const StoryState& s = stories[slot];
      if (!NumbersAgree(f, s.rep)) continue;
      double score = 0, raw = 0;
      JoinReason reason = JoinReason::kNew;
      if (!f.shingles.empty() && !s.rep.shingles.empty()) {
        size_t inter = Intersect(f.shingles, s.rep.shingles);
        size_t small = std::min(f.shingles.size(), s.rep.shingles.size());
        double j = static_cast<double>(inter) / static_cast<double>(f.shingles.size() + s.rep.shingles.size() - inter);
        double c = static_cast<double>(inter) / static_cast<double>(small);
        if (j >= opts.jaccard) {
          reason = JoinReason::kSimilar;
          score = 2 + j;
          raw = j;
        } else if (c >= opts.containment && small >= static_cast<size_t>(opts.min_containment_shingles)) {
          reason = JoinReason::kContained;
          score = 1 + c;
          raw = c;
        }
      }
      if (reason == JoinReason::kNew && link_hit[slot]) {
        reason = JoinReason::kLink;
        score = 0.5;
        raw = 1;
      }
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
      if (f.shingles.empty() && f.links.empty()) return a;  // nothing to match it by later
      uint32_t slot = NewSlot(new_id, f, t);
      Index(slot);
      return a;
    }
    StoryState& s = stories[best];
    s.last_seen = std::max(s.last_seen, t);
    a.story_id = s.id;
    a.reason = best_reason;
    a.score = best_raw;
    if (best_reason != JoinReason::kLink && f.shingles.size() * 4 >= s.rep.shingles.size() * 5) {
      s.rep = f;
      a.rep_changed = true;
      Index(static_cast<uint32_t>(best));
    } else {
      AddLinks(f, static_cast<uint32_t>(best));
    }
    return a;
  }
};

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

size_t Clusterer::live_stories() const { return impl_->live; }

size_t Clusterer::MemoryBytes() const {
  const Impl& m = *impl_;
  size_t n = m.stories.capacity() * sizeof(Impl::StoryState);
  for (const auto& s : m.stories) {
    n += s.rep.shingles.capacity() * 4 + s.rep.numbers.capacity() * 4 + s.rep.links.capacity() * 8;
  }
  n += m.postings.capacity() * sizeof(Impl::Posting);
  // unordered_map: one node (key, value, next pointer, cached hash) per entry + buckets.
  n += m.bands.size() * (sizeof(uint64_t) + sizeof(Impl::Head) + 16) + m.bands.bucket_count() * 8;
  n += m.anchors.size() * (sizeof(uint32_t) + sizeof(Impl::Head) + 16) + m.anchors.bucket_count() * 8;
  n += m.links.size() * (sizeof(uint64_t) + sizeof(uint32_t) + 16) + m.links.bucket_count() * 8;
  n += m.stamp.capacity() * 4 + m.hits.capacity() * 2 + m.link_hit.capacity();
  return n;
}

}  // namespace vox::stories
