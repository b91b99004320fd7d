// `vox stories rebuild`: stories for items that have none — items ingested
// before the stories stage existed, or every item again after the options
// changed (ClearStories first). Items are read a day at a time in published
// order and fed through the same observer as ingest, in batches of
// kBatch items per transaction, so memory is one day of items plus the
// active window's index, and a rebuild that is interrupted keeps every batch
// it committed: running it again with `continue` picks up the items still
// without a story.
#include <algorithm>

#include "stories/stories.h"

namespace vox::stories {
namespace {

constexpr size_t kBatch = 10000;
constexpr int64_t kDay = 86400;

}  // namespace

Result<RebuildReport> RebuildStories(store::Store& st, const RebuildOptions& ropts,
                                     const std::function<void(int64_t, int64_t)>& progress) {
  RebuildReport report;
  if (!ropts.keep_existing) {
    auto txn = store::Transaction::Begin(st);
    if (!txn.ok()) return txn.status();
    VOX_RETURN_IF_ERROR(st.ClearStories());
    VOX_RETURN_IF_ERROR(txn->Commit());
  }
  auto stats = st.GetStats();
  if (!stats.ok()) return stats.status();
  const int64_t total = stats->items;
  if (total == 0) return report;
  auto obs = NewStoryObserver(st, ropts.options);
  if (!obs.ok()) return obs.status();

  std::vector<store::StoredItem> day;
  int64_t seen = 0;
  for (int64_t since = stats->first_published; since <= stats->last_published; since += kDay) {
    store::ItemQuery q;
    q.since = since;
    q.until = since + kDay;
    day.clear();
    VOX_RETURN_IF_ERROR(st.ForEachItem(q, [&](const store::StoredItem& it) {
      ++seen;
      if (it.story_id == 0) day.push_back(it);
      return true;
    }));
    for (size_t i = 0; i < day.size(); i += kBatch) {
      auto txn = store::Transaction::Begin(st);
      if (!txn.ok()) return txn.status();
      Status s = Status::Ok();
      for (size_t j = i; j < std::min(day.size(), i + kBatch) && s.ok(); ++j) {
        s = (*obs)->OnItem(st, day[j].rowid, day[j].item);
      }
      if (s.ok()) s = txn->Commit();
      if (!s.ok()) return s;  // the guard rolls back; the observer and its state are dropped
      report.assigned += static_cast<int64_t>(std::min(day.size(), i + kBatch) - i);
    }
    if (progress) progress(seen, total);
  }
  store::StoryQuery sq;
  sq.with_counts = false;
  VOX_RETURN_IF_ERROR(st.ForEachStory(sq, [&](const store::Story&, const std::string&) {
    ++report.stories;
    return true;
  }));
  report.items = seen;
  return report;
}

}  // namespace vox::stories
