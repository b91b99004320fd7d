// The ingest stage of stories: an ItemObserver around a Clusterer whose
// state lives in the store (stories, story_state), so a restart reloads the
// active window and keeps joining old stories. Everything it writes goes
// into the caller's batch transaction.
#include <algorithm>
#include <iterator>
#include <unordered_map>

#include "stories/stories.h"

namespace vox::stories {
namespace {

class StoryObserver final : public ingest::ItemObserver {
 public:
  explicit StoryObserver(const Options& opts) : clusterer_(opts), window_(opts.window_seconds) {}

  Status Load(store::Store& st, const Options& opts) {
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
    auto prev = st.ItemStory(rowid);
    if (!prev.ok()) return prev.status();
    const int64_t engagement = item.metrics.reactions + item.metrics.shares + item.metrics.comments;
    if (*prev != 0) {
      // A changed item keeps its story; its counters do not move (the
      // engagement of a re-read item may, but is not re-summed here).
      return Status::Ok();
    }
    Features f = ExtractFeatures(item);
    Assignment a = clusterer_.Add(f, item.published_at, next_id_);
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
      if (!f.shingles.empty() || !f.links.empty()) VOX_RETURN_IF_ERROR(st.PutStoryState(s.id, EncodeFeatures(f)));
    } else {
      auto it = cache_.find(a.story_id);
      if (it == cache_.end()) {
        auto got = st.GetStory(a.story_id);
        if (!got.ok()) return got.status();
        if (!got->has_value()) return Status::Internal("story " + std::to_string(a.story_id) + " is not in the store");
        it = cache_.emplace(a.story_id, **got).first;
      }
      store::Story& s = it->second;
      s.first_seen = std::min(s.first_seen, item.published_at);
      s.last_seen = std::max(s.last_seen, item.published_at);
      s.size += 1;
      s.engagement += engagement;
      if (a.rep_changed) {
        s.representative = rowid;
        VOX_RETURN_IF_ERROR(st.PutStoryState(s.id, EncodeFeatures(f)));
      }
      VOX_RETURN_IF_ERROR(st.UpdateStory(s));
    }
    return st.SetItemStory(rowid, a.story_id);
  }

 private:
  // Keeps the counters of recent stories; drops those out of the window
  // when the cache has grown well past the live stories.
  void Remember(const store::Story& s) {
    cache_[s.id] = s;
    newest_ = std::max(newest_, s.last_seen);
    if (cache_.size() > 2 * clusterer_.live_stories() + 65536) {
      for (auto it = cache_.begin(); it != cache_.end();) {
        it = it->second.last_seen < newest_ - window_ ? cache_.erase(it) : std::next(it);
      }
    }
  }

  Clusterer clusterer_;
  int64_t next_id_ = 1;
  int64_t newest_ = 0;
  int64_t window_ = 0;
  std::unordered_map<int64_t, store::Story> cache_;  // counters by story id
};

}  // namespace

Result<std::unique_ptr<ingest::ItemObserver>> NewStoryObserver(store::Store& store, const Options& opts) {
  auto obs = std::make_unique<StoryObserver>(opts);
  VOX_RETURN_IF_ERROR(obs->Load(store, opts));
  return std::unique_ptr<ingest::ItemObserver>(std::move(obs));
}

}  // namespace vox::stories
