// The ingest stage of stories: an ItemObserver around a Clusterer whose
// state lives in the store (stories, story_state), so a restart reloads the
// active window and keeps joining old stories. Everything it writes goes
// into the caller's batch transaction.
//
// Short replies (IsShortReply) follow their parent's story: the observer
// keeps (source, external id) -> story for the items of the active window it
// has assigned, and asks the store once for a parent it has not seen (an item
// ingested by an earlier run); a parent the store does not have either gives
// the reply a story of its own.
//
// Several processes may ingest into one store (ingest workers on one
// PostgreSQL database, or two `vox ingest` on one SQLite file). Their batches
// take turns (each write transaction holds the store's writer lock), and each
// batch that assigns stories writes a token of its own into the setting
// kWriterSetting. A batch reads that token first, under the lock: when it is
// not the one this observer wrote last, another process has assigned
// stories since, and the index catches up with the store before the batch
// assigns anything (CatchUp: the stories of the active window read again;
// new ones restored, changed ones given their new representative, links and
// last_seen; replies whose parent was unknown asked again). So every batch
// assigns against every story committed before it, and two reposts of one
// story seen by two workers at the same moment join one story (the second
// batch waits for the first and sees it).
#include <unistd.h>
#include <xxhash.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <iterator>
#include <random>
#include <optional>
#include <unordered_map>

#include "stories/stories.h"

namespace vox::stories {
namespace {

// The setting holding the token of the last batch that assigned stories.
constexpr const char* kWriterSetting = "stories.writer";

// A token no other process, and no other batch of this process (whichever
// observer), writes.
std::string NewToken() {
  static std::atomic<uint64_t> counter{0};
  static const uint64_t process = [] {
    std::random_device rd;
    const uint64_t t = static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
    return (static_cast<uint64_t>(rd()) << 32) ^ rd() ^ t ^ (static_cast<uint64_t>(getpid()) << 16);
  }();
  char buf[48];
  std::snprintf(buf, sizeof buf, "%016llx-%llu", static_cast<unsigned long long>(process),
                static_cast<unsigned long long>(++counter));
  return buf;
}

class StoryObserver final : public ingest::ItemObserver {
 public:
  explicit StoryObserver(const Options& opts) : opts_(opts), clusterer_(opts), window_(opts.window_seconds) {}

  Status Load(store::Store& st, const Options& opts) {
    // The token of the last batch whose stories this load sees (read first:
    // a batch committed after it is seen again at the next StartBatch).
    auto token = st.GetSetting(kWriterSetting);
    if (!token.ok()) return token.status();
    loaded_token_ = token->value_or("");
    auto max_id = st.MaxStoryId();
    if (!max_id.ok()) return max_id.status();
    next_id_ = *max_id + 1;
    // The newest story fixes the window; load the stories inside it.
    int64_t newest = 0;
    store::StoryQuery q;
    q.limit = 1;
    q.with_counts = false;
    VOX_RETURN_IF_ERROR(st.ForEachStory(q, [&](const store::Story& s, const std::string&) {
      newest = s.last_seen;
      return false;
    }));
    if (newest == 0) return Status::Ok();
    q = store::StoryQuery();
    q.since = newest - opts.window_seconds;
    q.newest_first = false;  // by id: the order they were created in
    q.with_counts = false;
    Features f;
    Status bad = Status::Ok();
    VOX_RETURN_IF_ERROR(st.ForEachStory(q, [&](const store::Story& s, const std::string& state) {
      if (state.empty()) return true;  // a story with nothing to match (empty text)
      if (!DecodeFeatures(state, &f)) {
        bad = Status::Corruption("story " + std::to_string(s.id) + ": unreadable state");
        return false;
      }
      clusterer_.Restore(s.id, f, s.last_seen);
      cache_[s.id] = s;
      return true;
    }));
    return bad;
  }

  Status OnItem(store::Store& st, int64_t rowid, const Item& item) override {
    if (!in_batch_) VOX_RETURN_IF_ERROR(StartBatch(st));
    auto prev = st.ItemStory(rowid);
    if (!prev.ok()) return prev.status();
    const int64_t engagement = item.metrics.reactions + item.metrics.shares + item.metrics.comments;
    Features f = ExtractFeatures(item, opts_.link_target, opts_.page_text ? opts_.page_text(item) : std::string());
    if (*prev != 0) {
      // A changed item keeps its story while it still verifies against it
      // (a corrected typo, new metrics); an item edited into something else
      // leaves it and is assigned again. Engagement is not re-summed.
      if (clusterer_.StillBelongs(f, *prev)) {
        RememberItem(item, *prev);
        return Status::Ok();
      }
      VOX_RETURN_IF_ERROR(Detach(st, rowid, *prev));
    }
    // Another process may have created stories since this one loaded: the
    // next id comes from the store, inside this batch's write transaction.
    auto max_id = st.MaxStoryId();
    if (!max_id.ok()) return max_id.status();
    next_id_ = std::max(next_id_, *max_id + 1);
    const bool reply = IsShortReply(f, !item.parent_id.empty(), opts_);
    Assignment a;
    if (reply) {
      auto parent = ParentStory(st, item);
      if (!parent.ok()) return parent.status();
      a = clusterer_.AddReply(*parent, item.published_at, next_id_);
    } else {
      if (!item.parent_id.empty() && f.content < opts_.min_reply_content) {
        // A short reply with a link ("Báo đăng rồi nè <link>") joins by its
        // link only: its few words match every other such reply.
        f.shingles.clear();
        f.numbers.clear();
        f.content = 0;
      }
      a = clusterer_.Add(f, item.published_at, next_id_);
    }
    if (a.created) {
      ++next_id_;
      store::Story s;
      s.id = a.story_id;
      s.first_seen = s.last_seen = item.published_at;
      s.size = 1;
      s.engagement = engagement;
      s.representative = rowid;
      VOX_RETURN_IF_ERROR(st.InsertStory(s));
      Remember(s);
    } else {
      // The counters are read from the store, not from memory: another
      // ingest process may have added to this story since.
      auto got = st.GetStory(a.story_id, /*with_counts=*/false);
      if (!got.ok()) return got.status();
      if (!got->has_value()) {
        // Another process deleted it (its last member edited away, or
        // purged) after this index took it in: the index is loaded again
        // from the store, which no longer has it, and the item assigned anew.
        if (retrying_) return Status::Internal("story " + std::to_string(a.story_id) + " is not in the store");
        VOX_RETURN_IF_ERROR(Reload(st));
        retrying_ = true;
        Status again = OnItem(st, rowid, item);
        retrying_ = false;
        return again;
      }
      store::Story& s = cache_.insert_or_assign(a.story_id, **got).first->second;
      s.first_seen = std::min(s.first_seen, item.published_at);
      s.last_seen = std::max(s.last_seen, item.published_at);
      s.size += 1;
      s.engagement += engagement;
      if (a.rep_changed) s.representative = rowid;
      VOX_RETURN_IF_ERROR(st.UpdateStory(s));
    }
    // A reply's own story is never joined by text, so it has no state; the
    // others persist what the index holds (representative and links).
    if (a.state_changed) {
      const std::string state = clusterer_.StateOf(a.story_id);
      if (!state.empty()) VOX_RETURN_IF_ERROR(st.PutStoryState(a.story_id, state));
    }
    RememberItem(item, a.story_id);
    return st.SetItemStory(rowid, a.story_id);
  }

  void OnCommit(store::Store&) override {
    if (in_batch_) last_token_ = batch_token_;
    in_batch_ = false;
  }

  // A rolled-back batch: the index may hold stories and members the store
  // does not. Rebuilt from the store, as at start-up.
  Status OnRollback(store::Store& st) override {
    in_batch_ = false;
    last_token_.clear();
    return Reload(st);
  }

  // Loads the index again from the store (forgetting what memory holds).
  Status Reload(store::Store& st) {
    clusterer_.Clear();
    cache_.clear();
    threads_.clear();
    cache_limit_ = threads_limit_ = 65536;
    next_id_ = 1;
    newest_ = 0;
    return Load(st, opts_);
  }

 private:
  // The first item of a batch (inside its write transaction, under the
  // store's writer lock): catches up with stories other processes assigned
  // since this one's last batch, and marks the batch as this one's.
  Status StartBatch(store::Store& st) {
    auto token = st.GetSetting(kWriterSetting);
    if (!token.ok()) return token.status();
    const std::string seen = token->value_or("");
    if (!seen.empty() && seen != last_token_ && !(loaded_token_ && *loaded_token_ == seen)) {
      VOX_RETURN_IF_ERROR(CatchUp(st));
    }
    loaded_token_.reset();
    batch_token_ = NewToken();
    VOX_RETURN_IF_ERROR(st.SetSetting(kWriterSetting, batch_token_));
    in_batch_ = true;
    return Status::Ok();
  }

  // Reads the active window's stories again into the index (see the top).
  Status CatchUp(store::Store& st) {
    int64_t newest = 0;
    store::StoryQuery q;
    q.limit = 1;
    q.with_counts = false;
    VOX_RETURN_IF_ERROR(st.ForEachStory(q, [&](const store::Story& s, const std::string&) {
      newest = s.last_seen;
      return false;
    }));
    q = store::StoryQuery();
    q.since = newest - opts_.window_seconds;
    q.newest_first = false;
    q.with_counts = false;
    Features f;
    Status bad = Status::Ok();
    VOX_RETURN_IF_ERROR(st.ForEachStory(q, [&](const store::Story& s, const std::string& state) {
      if (state.empty()) return true;
      if (!DecodeFeatures(state, &f)) {
        bad = Status::Corruption("story " + std::to_string(s.id) + ": unreadable state");
        return false;
      }
      clusterer_.Sync(s.id, f, s.last_seen);
      return true;
    }));
    // A parent this process did not find may have been stored since.
    for (auto it = threads_.begin(); it != threads_.end();) {
      it = it->second.story_id == 0 ? threads_.erase(it) : std::next(it);
    }
    return bad;
  }

  // Takes item `rowid` out of story `story_id` (an edit moved it away): the
  // story shrinks, and goes when it has no member left.
  Status Detach(store::Store& st, int64_t rowid, int64_t story_id) {
    VOX_RETURN_IF_ERROR(st.SetItemStory(rowid, 0));
    auto got = st.GetStory(story_id, /*with_counts=*/false);
    if (!got.ok()) return got.status();
    if (!got->has_value()) return Status::Ok();
    store::Story s = **got;
    cache_.erase(story_id);
    if (s.size <= 1) return st.DeleteStory(story_id);
    s.size -= 1;
    if (s.representative == rowid) {
      // Another member represents it in listings; the index keeps the
      // features it had until a larger member replaces them.
      store::ItemQuery q;
      q.story_id = story_id;
      q.limit = 1;
      VOX_RETURN_IF_ERROR(st.ForEachItem(q, [&](const store::StoredItem& other) {
        s.representative = other.rowid;
        return false;
      }));
    }
    return st.UpdateStory(s);
  }

  // Keeps the counters of recent stories; drops those out of the window
  // when the cache has grown well past the live stories.
  // The trim runs when the cache has doubled since the last one, so its cost
  // is amortized even when nothing can go (a backfill of old items).
  void Remember(const store::Story& s) {
    cache_[s.id] = s;
    newest_ = std::max(newest_, s.last_seen);
    if (cache_.size() > cache_limit_) {
      for (auto it = cache_.begin(); it != cache_.end();) {
        it = it->second.last_seen < newest_ - window_ ? cache_.erase(it) : std::next(it);
      }
      cache_limit_ = std::max<size_t>(65536, 2 * cache_.size());
    }
  }

  static uint64_t ItemKey(const std::string& source, const std::string& id) {
    const uint64_t s = XXH3_64bits(source.data(), source.size());
    return XXH3_64bits_withSeed(id.data(), id.size(), s);
  }

  // The story of a reply's parent, (item.source, item.parent_id): 0 when the
  // parent is unknown or has no story.
  Result<int64_t> ParentStory(store::Store& st, const Item& item) {
    const uint64_t key = ItemKey(item.source, item.parent_id);
    auto it = threads_.find(key);
    if (it != threads_.end()) return it->second.story_id;
    int64_t story = 0;
    auto got = st.GetItem(item.source, item.parent_id);
    if (got.ok()) {
      story = got->story_id;
    } else if (got.status().code() != StatusCode::kNotFound) {
      return got.status();
    }
    // Remembered either way: a parent ingested later replaces the entry.
    threads_[key] = {story, item.published_at};
    return story;
  }

  // Remembers an item's story for its replies; forgets items older than the
  // window when the map has doubled since it was last trimmed.
  void RememberItem(const Item& item, int64_t story_id) {
    threads_[ItemKey(item.source, item.id)] = {story_id, item.published_at};
    newest_ = std::max(newest_, item.published_at);
    if (threads_.size() > threads_limit_) {
      for (auto it = threads_.begin(); it != threads_.end();) {
        it = it->second.published_at < newest_ - window_ ? threads_.erase(it) : std::next(it);
      }
      threads_limit_ = std::max<size_t>(65536, 2 * threads_.size());
    }
  }

  struct Thread {
    int64_t story_id = 0;
    int64_t published_at = 0;
  };

  Options opts_;
  Clusterer clusterer_;
  bool in_batch_ = false;         // StartBatch ran for the open transaction
  bool retrying_ = false;         // OnItem runs again after a reload
  std::string last_token_;        // the token of this observer's last committed batch
  std::string batch_token_;       // the open batch's token
  std::optional<std::string> loaded_token_;  // the token the last Load saw (until the next batch)
  int64_t next_id_ = 1;
  int64_t newest_ = 0;
  int64_t window_ = 0;
  std::unordered_map<int64_t, store::Story> cache_;  // counters by story id
  std::unordered_map<uint64_t, Thread> threads_;      // ItemKey(source, id) -> story
  size_t threads_limit_ = 65536;
  size_t cache_limit_ = 65536;
};

}  // namespace

Result<std::unique_ptr<ingest::ItemObserver>> NewStoryObserver(store::Store& store, const Options& opts) {
  auto obs = std::make_unique<StoryObserver>(opts);
  VOX_RETURN_IF_ERROR(obs->Load(store, opts));
  return std::unique_ptr<ingest::ItemObserver>(std::move(obs));
}

}  // namespace vox::stories
