// Stories: every ingested item joins a story (a group of near-duplicate or
// same-event items) or starts one, incrementally, as it is ingested; and
// trends: which stories and concerns are rising now.
//
// The public surface:
//   ExtractFeatures   item -> folded syllable/bigram shingles, number/date
//                     tokens and canonical links (the text engine's tokens).
//   Clusterer         the in-memory engine (MinHash + LSH banding, containment
//                     anchors, link keys, verification). No I/O; deterministic:
//                     the same items in the same order give the same stories.
//   NewStoryObserver  the ingest stage: an ItemObserver that assigns each
//                     added item inside the batch transaction and persists the
//                     story (so a restart keeps joining old stories).
//   ListStories       stories with counts, voices and a readable label.
//   ComputeTrends     rising stories and concerns, with an explanation.
// See clusterer.cc for the algorithm, its invariants and the linking rule,
// and docs/stories.md for the measured quality.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/item.h"
#include "ingest/pipeline.h"
#include "store/store.h"

namespace vox::stories {

struct Options {
  // Stories whose last member was published more than this long before the
  // newest item seen leave the in-memory index (they stay in the store).
  int64_t window_seconds = 14 * 86400;
  // A candidate story joins when the item and the story's representative
  // have Jaccard >= jaccard over their shingles ...
  double jaccard = 0.5;
  // ... or when the smaller of the two is contained in the larger at least
  // this much (|A∩B| / min(|A|,|B|)): truncated reposts, quotes ...
  double containment = 0.7;
  // ... provided the smaller one has at least this many shingles (a
  // three-word comment is contained in many articles by chance).
  int min_containment_shingles = 16;
  // Anchor postings longer than this (a bigram shared by that many live
  // stories, e.g. "ủy ban") are not used for candidates.
  int max_anchor_postings = 256;
  // A reply (an item with a parent_id) with fewer distinct content syllables
  // than this (Features::content) and no link key does not start or join
  // stories by text: it joins its parent's story, or starts a story that
  // nothing joins by text when the parent is unknown. "cảm ơn chị đã chia
  // sẻ" under a hundred posts is a hundred threads, not one event. Replies
  // that quote a post, or carry its link, still join by text or link.
  int min_reply_content = 8;
  // An item with fewer distinct content syllables than this is generic or
  // short ("Buồn ghê", "Chia sẻ cho mọi người cùng biết", a bare link): its
  // words are never the reason it joins a story, nor the reason anything
  // joins its story. It joins by link (or as a reply, by parent) only.
  int min_text_content = 6;
  // An item whose links all differ from a story's links (it points at
  // another page) joins that story by text only when it has at least this
  // many content syllables: a long copy of the article, not a comment that
  // is shared with every link ("Đề nghị cơ quan chức năng vào cuộc làm rõ").
  // Another page of a site the story links to never joins by text: one
  // outlet does not publish one article at two addresses (its mobile and
  // AMP forms are one page key), so same words there are another report
  // (tomorrow's update of the same figures, a template).
  int min_conflict_content = 30;
  // Band buckets walked per item stop after this many postings (newest
  // first), and at most max_verify candidates, the ones with the most band,
  // anchor and link hits, are verified. Text from a small vocabulary (bot
  // floods, short repetitive comments) otherwise meets thousands of
  // candidates per item and the cost per item grows with the store.
  int max_verify = 16;
  // Band buckets holding more live stories than this are skipped, like
  // overfull anchors: near-duplicates share rare buckets too, and a bucket
  // that thousands of unrelated stories share tells nothing.
  int max_band_postings = 32;
  // Where a short link (bit.ly and the like) leads: ingest::ShortLinks::Target,
  // "" when unknown. A share through a short link then joins by the page it
  // leads to. Empty: a short link is a key of its own, and nothing else
  // shares it.
  std::function<std::string(std::string_view)> link_target;
  // The text of the news page an article item comes from, beyond what the
  // item carries (ingest::LinkPages::Text), "" when unknown: the article's
  // story then knows the body people quote. Features only; the item is kept
  // as it came.
  std::function<std::string(const Item&)> page_text;
};

// Features of one item. Shingles are 32-bit hashes of the accent-folded,
// normalized syllables (even hashes) and syllable bigrams (odd hashes) of
// title + text, without emoji, hashtags, mentions, links or masked spans.
struct Features {
  std::vector<uint32_t> shingles;  // sorted, unique
  std::vector<uint32_t> numbers;   // sorted, unique hashes of number/date tokens ("28/4", "12")
  std::vector<uint64_t> links;     // sorted, unique keys of the pages linked (PageKey): the
                                   // site's hash in the high 32 bits, the page's in the low 32
  int words = 0;                   // word tokens seen
  int content = 0;                 // distinct folded word syllables outside a stop list
                                   // (pronouns, particles, thanks); -1: unknown (state
                                   // persisted before it was kept)
};

// True when an item's words may be the reason it joins a story, or others
// join its story (Options::min_text_content).
inline bool TextCounts(const Features& f, const Options& opts) {
  return f.content < 0 || f.content >= opts.min_text_content;
}

// The key of a page a link names: the canonical link (text::CanonicalUrl)
// with the mobile/AMP forms of one article and share redirectors
// (l.facebook.com/l.php?u=…) reduced to the article's own address; empty
// when the link names no page (a site's home). Exposed for tests.
std::string PageKey(std::string_view url);

// True when an item with these features and a parent (a comment or reply) is
// a short reply under Options::min_reply_content: it follows its parent's
// story instead of joining one by text.
bool IsShortReply(const Features& f, bool has_parent, const Options& opts);

// link_target (Options::link_target) turns a short link's key into the key
// of the page it leads to; empty: short links are keys of their own.
// more_text: text read with the item's (Options::page_text).
Features ExtractFeatures(const Item& item, const std::function<std::string(std::string_view)>& link_target = {},
                         std::string_view more_text = {});
// Same, from raw strings (title may be empty; url is the item's own link,
// used as a link key unless the item is a comment).
Features ExtractFeatures(std::string_view title, std::string_view text, std::string_view url, bool is_comment,
                         const std::function<std::string(std::string_view)>& link_target = {},
                         std::string_view more_text = {});

// Opaque bytes that persist a story's representative features.
std::string EncodeFeatures(const Features& f);
bool DecodeFeatures(std::string_view bytes, Features* out);

enum class JoinReason { kNew, kSimilar, kContained, kLink, kReply };
const char* JoinReasonName(JoinReason r);

struct Assignment {
  int64_t story_id = 0;
  bool created = false;      // the item started a new story
  bool rep_changed = false;  // the item is the story's new representative
  JoinReason reason = JoinReason::kNew;
  double score = 0;          // Jaccard or containment of the verified match
  bool state_changed = false;  // the story's persisted state (StateOf) changed:
                               // a new representative or a new link
};

// The clustering engine. Not thread-safe (one ingesting thread).
class Clusterer {
 public:
  explicit Clusterer(const Options& opts = {});
  ~Clusterer();
  Clusterer(const Clusterer&) = delete;
  Clusterer& operator=(const Clusterer&) = delete;

  // Assigns one item published at `published_at`. When it starts a story,
  // that story gets `new_story_id` (the caller allocates ids).
  Assignment Add(const Features& f, int64_t published_at, int64_t new_story_id);

  // Assigns a short reply (IsShortReply) published at `published_at`: it
  // joins `parent_story` (the story of its parent; 0 when unknown), keeping
  // that story live in the index, or starts story `new_story_id`, which is
  // not indexed: no later item joins it by text or link.
  Assignment AddReply(int64_t parent_story, int64_t published_at, int64_t new_story_id);

  // Puts a persisted story back into the index (on start-up).
  void Restore(int64_t story_id, const Features& representative, int64_t last_seen);

  // Brings one story up to what the store holds after another process
  // changed or created it: `state` as persisted (representative and links,
  // StateOf's form). A new story is restored; a known one keeps its place
  // and postings, takes the later last_seen, the new representative (indexed
  // too, as when Add changes it) and the new links. A story that has left
  // this index stays out.
  void Sync(int64_t story_id, const Features& state, int64_t last_seen);

  // The state to persist for a story the index holds: its representative's
  // features, with the links of every member that brought one (so a restart
  // keeps joining link shares). Empty when the story is not in the index.
  std::string StateOf(int64_t story_id) const;

  // True when `f` still belongs to story `story_id` (verifies against its
  // representative by text or link), or when that story has left the index
  // (nothing to check against: the item keeps its story). For edited items.
  bool StillBelongs(const Features& f, int64_t story_id) const;

  // Forgets every story (before the index is loaded again).
  void Clear();

  size_t live_stories() const;
  // Approximate heap bytes held by the index and the representatives.
  size_t MemoryBytes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The ingest stage. Loads the live stories of the active window from the
// store when created; then, for each added or changed item, assigns it
// (a changed item keeps its story) and writes the item's story_id and the
// story's counters in the caller's transaction.
Result<std::unique_ptr<ingest::ItemObserver>> NewStoryObserver(store::Store& store, const Options& opts = {});

struct RebuildOptions {
  Options options;
  // false: every story is deleted first and every item assigned again (ids
  // continue after the old ones); true: only items without a story are
  // assigned (items ingested before stories existed; an interrupted rebuild).
  bool keep_existing = false;
};

struct RebuildReport {
  int64_t items = 0;     // items read
  int64_t assigned = 0;  // items given a story
  int64_t stories = 0;   // stories in the store afterwards
};

// Assigns stories to the store's items in published order, a day of items
// and kBatch items per transaction at a time; progress(items read, total).
Result<RebuildReport> RebuildStories(store::Store& store, const RebuildOptions& opts,
                                     const std::function<void(int64_t, int64_t)>& progress);

enum class StorySort {
  kRecent,  // last_seen, newest first
  kSize,    // members, largest first
  kRising,  // members published in the 24 h up to the newest item, most first
};

// A place in a listing: the last story of a page in its sort order (the rank
// key, last_seen, id); the next page starts after it. key is last_seen for
// kRecent, size for kSize, the members of the last 24 h for kRising.
struct StoryCursor {
  int64_t key = 0;
  int64_t last_seen = 0;
  int64_t id = 0;  // 0: from the start
};
// "KEY.LAST_SEEN.ID": a cursor as the API hands it out; Decode is false for
// anything else.
std::string EncodeStoryCursor(const StoryCursor& c);
bool DecodeStoryCursor(std::string_view text, StoryCursor* out);

struct StoryListOptions {
  int64_t since = 0;       // stories seen at or after (last_seen >= since); 0: all
  int64_t until = 0;       // stories with a member published in [since, until); 0: no bound
  int64_t days = 0;        // > 0: since is the newest item's published_at minus this many days
  int64_t limit = 50;      // 0: no limit
  bool with_items = false; // fill StorySummary::items (external ids)
  StorySort sort = StorySort::kRecent;  // ties: most recently seen, then the higher id
  // Filters on the members: a story is kept when one of its items published
  // in [since, until) has every one given (empty: any).
  std::string source;      // the item's source name
  std::string category;    // a predicted concern (its id) the item has
  std::string place;       // a place tag (ward, commune) the item has
  int64_t min_size = 0;    // stories with at least this many members
  bool rising_only = false;  // only the stories ComputeTrends finds rising (24 h)
  StoryCursor after;       // only stories after this one in the sort order
  StoryCursor* next = nullptr;  // set to the last story listed when the page is full (limit > 0)
};

struct StorySummary {
  store::Story story;               // counters as stored, voices/sources counted
  std::string label;                // a readable sentence (HeadlineFor), or the label staff set
  std::vector<std::string> key_phrases;  // up to three key phrases, with diacritics (LabelFor)
  std::vector<std::string> items;   // member ids as given at ingest (with_items)
};

// One member, as HeadlineFor reads it.
struct LabelMember {
  std::string title, text, kind;
  bool representative = false;
};

// A story's headline: the sentence a person reads as its name — an
// article's title, or the representative's first sentence — without links,
// hashtags or emoji, in diacritics restored from the members that have them,
// at most max_chars characters cut at a word boundary ("…"). See headline.cc.
std::string HeadlineFor(const std::vector<LabelMember>& members, size_t max_chars = 90);

// The headline of a story in the store, from up to 200 of its members.
Result<std::string> StoryHeadline(store::Store& store, const store::Story& story);

// Stories in opts.sort order (by default last_seen, newest first), with labels.
Result<std::vector<StorySummary>> ListStories(store::Store& store, const StoryListOptions& opts);

// The label of one story: up to three key phrases (frequent bigrams among its
// members, weighted by IDF against `background`), each in the accented form
// most used by members that have diacritics. Exposed for tests.
std::string LabelFor(const std::vector<std::string>& member_texts, const std::vector<std::string>& background);

struct TrendOptions {
  int64_t window = 24 * 3600;      // look for rises inside the last `window`
  int64_t now = 0;                 // 0: the newest published_at in the store
  int64_t baseline_days = 14;      // trailing baseline before the window
  // Expected-rate floors (per hour): a story or concern with no history is
  // expected at this rate, so a couple of posts is not "news".
  double story_floor_per_hour = 1.0 / 6;
  double concern_floor_per_hour = 1.0 / 6;
  double min_score = 3.0;          // -log10(p) (after the sub-window correction)
  int64_t min_count = 3;
  int64_t limit = 20;
  double category_min_score = 0.5; // predicted "cat:score" counts from this score
  // false: rising stories keep an empty key (the caller names the ones it
  // shows with StoryHeadline: naming reads up to 200 members per story).
  bool name_stories = true;
};

struct Trend {
  std::string kind;      // "story" | "concern"
  int64_t story_id = 0;  // kind == story
  std::string key;       // concern name, or the story label
  int64_t count = 0;     // items in the rising sub-window
  int64_t voices = 0;    // distinct authors among them (a count)
  int64_t span_seconds = 0;
  double expected = 0;
  double p_value = 1;
  double score = 0;      // -log10(p_value)
  std::string explanation;
};

// Rising stories and concerns, most significant first. For each entity and
// each sub-window (1 h, 3 h, 6 h, 12 h, 24 h, ... up to `window`) ending at
// `now`: expected = rate x hours x hour-of-day factor, where rate is the
// entity's own rate in the trailing baseline (floored, see above) and the
// hour-of-day factor comes from all items in the baseline; p = P(X >= count)
// for X ~ Poisson(expected), multiplied by the number of sub-windows tried.
Result<std::vector<Trend>> ComputeTrends(store::Store& store, const TrendOptions& opts);

// ComputeTrends one item at a time, for a caller that reads the items itself
// (the report counts several figures in one pass): opts.now must be set; the
// items published in [since(), until()) added in any order (others are
// ignored), then Finish, give what ComputeTrends(store, opts) gives.
class TrendCounter {
 public:
  explicit TrendCounter(const TrendOptions& opts);
  ~TrendCounter();
  TrendCounter(TrendCounter&&) noexcept;
  int64_t since() const;  // the baseline's start
  int64_t until() const;  // opts.now
  void Add(const store::StoredItem& si);
  // The baseline's whole hours [from_hour, to_hour) (store::HourCount
  // hours) read from the store's hourly rollups instead of added item by
  // item: the same figures, for the stories and concerns that the items
  // added so far (the window's) make candidates. Add every item of the
  // window first, and no item of these hours. Needs the default
  // category_min_score (0.5, the rollups' threshold) and min_count >= 1.
  Status AddBaselineHours(store::Store& store, int64_t from_hour, int64_t to_hour);
  // Names the rising stories by their headline (reads the store).
  Result<std::vector<Trend>> Finish(store::Store& store);

 private:
  // Reads the window's whole hours from the rollups too (its partial hours item by item).
  friend Result<std::vector<Trend>> ComputeTrends(store::Store& store, const TrendOptions& opts);
  struct Rows;
  TrendOptions opts_;
  std::unique_ptr<Rows> rows_;
};

// The newest item's published_at, 0 when the store has no item.
Result<int64_t> NewestItemTime(store::Store& store);

// P(X >= k) for X ~ Poisson(lambda). Exposed for tests.
double PoissonTail(int64_t k, double lambda);

}  // namespace vox::stories
