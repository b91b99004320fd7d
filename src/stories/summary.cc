// Story listings and labels. A label is computed when read (members change
// as a story grows): key phrases are the syllable bigrams most shared by the
// story's members, weighted by their IDF against recent items, each shown in
// the accented form most used by the members that were typed with
// diacritics (a story mostly reposted without accents still reads
// "mất điện", not "mat dien").
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <optional>
#include <tuple>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "stories/stories.h"
#include "text/text.h"

namespace vox::stories {
namespace {

constexpr int kLabelMembers = 200;      // members read for a label
constexpr int kBackgroundItems = 2000;  // recent items for IDF
constexpr int kPhrases = 3;

struct Bigram {
  std::string key;   // folded "a b"
  std::string form;  // normalized "á b"
  std::string a, b;  // folded syllables
};

void Bigrams(const std::string& s, std::vector<text::Token>* toks, std::vector<Bigram>* out) {
  toks->clear();
  out->clear();
  text::Tokenize(s, toks);
  for (size_t i = 1; i < toks->size(); ++i) {
    const text::Token& p = (*toks)[i - 1];
    const text::Token& t = (*toks)[i];
    if (p.kind != text::TokenKind::kWord || t.kind != text::TokenKind::kWord) continue;
    if (p.folded.size() < 2 && t.folded.size() < 2) continue;
    out->push_back({p.folded + " " + t.folded, p.norm + " " + t.norm, p.folded, t.folded});
  }
}

}  // namespace

namespace {

// The background's document frequency per bigram, and how many texts it has.
struct BackgroundDf {
  std::unordered_map<std::string, int> df;
  size_t texts = 0;
};

BackgroundDf CountBackground(const std::vector<std::string>& background) {
  BackgroundDf out;
  out.texts = background.size();
  std::vector<text::Token> toks;
  std::vector<Bigram> bg;
  for (const std::string& s : background) {
    Bigrams(s, &toks, &bg);
    std::unordered_set<std::string> seen;
    for (const Bigram& b : bg) {
      if (seen.insert(b.key).second) ++out.df[b.key];
    }
  }
  return out;
}

std::string LabelAgainst(const std::vector<std::string>& members, const BackgroundDf& background);

}  // namespace

std::string LabelFor(const std::vector<std::string>& members, const std::vector<std::string>& background) {
  return LabelAgainst(members, CountBackground(background));
}

namespace {

std::string LabelAgainst(const std::vector<std::string>& members, const BackgroundDf& background) {
  std::vector<text::Token> toks;
  std::vector<Bigram> bg;
  const std::unordered_map<std::string, int>& bg_df = background.df;
  struct Stat {
    int df = 0;
    int first = 0;  // first position seen (for stable ties)
    std::string a, b;
    std::map<std::string, int> forms;
  };
  std::map<std::string, Stat> stats;
  int pos = 0;
  for (const std::string& s : members) {
    const bool accented = text::HasDiacritics(s);
    Bigrams(s, &toks, &bg);
    std::unordered_set<std::string> seen;
    for (const Bigram& b : bg) {
      if (!seen.insert(b.key).second) continue;
      auto [it, added] = stats.try_emplace(b.key);
      Stat& st = it->second;
      if (added) {
        st.first = pos++;
        st.a = b.a;
        st.b = b.b;
      }
      ++st.df;
      if (accented) ++st.forms[b.form];
    }
  }
  if (stats.empty()) return "";
  const double n_bg = static_cast<double>(background.texts);
  const double n = static_cast<double>(members.size());
  struct Scored {
    double score;
    int first;
    const std::string* key;
  };
  std::vector<Scored> scored;
  for (const auto& [key, st] : stats) {
    auto it = bg_df.find(key);
    double df_bg = it == bg_df.end() ? 0 : it->second;
    double idf = std::log((n_bg + 1) / (df_bg + 1)) + 1;
    scored.push_back({(st.df / n) * idf, st.first, &key});
  }
  std::sort(scored.begin(), scored.end(), [](const Scored& x, const Scored& y) {
    if (x.score != y.score) return x.score > y.score;
    return x.first < y.first;
  });
  // Greedy phrases: the best bigram starts a phrase; a later bigram that
  // continues a phrase ("phường an" + "an hòa") extends it (up to 4
  // syllables, while it scores at least half the phrase's first bigram);
  // bigrams touching a used syllable otherwise are skipped.
  auto accented = [](const Stat& st) {
    std::string form = st.a + " " + st.b;
    int best = 0;
    for (const auto& [f, c] : st.forms) {
      if (c > best) {
        best = c;
        form = f;
      }
    }
    size_t sp = form.find(' ');
    return std::pair<std::string, std::string>(form.substr(0, sp), form.substr(sp + 1));
  };
  struct Phrase {
    std::vector<std::string> folded, shown;
    int first;
    double score;
  };
  std::vector<Phrase> phrases;
  std::set<std::string> used;
  for (const Scored& sc : scored) {
    const Stat& st = stats[*sc.key];
    auto [fa, fb] = accented(st);
    bool extended = false;
    for (Phrase& ph : phrases) {
      if (ph.folded.size() >= 4 || sc.score < ph.score / 2) continue;
      if (ph.folded.back() == st.a && !used.count(st.b)) {
        ph.folded.push_back(st.b);
        ph.shown.push_back(fb);
        used.insert(st.b);
        extended = true;
      } else if (ph.folded.front() == st.b && !used.count(st.a)) {
        ph.folded.insert(ph.folded.begin(), st.a);
        ph.shown.insert(ph.shown.begin(), fa);
        ph.first = std::min(ph.first, st.first);
        used.insert(st.a);
        extended = true;
      }
      if (extended) break;
    }
    if (extended || used.count(st.a) || used.count(st.b)) continue;
    if (static_cast<int>(phrases.size()) == kPhrases) continue;
    used.insert(st.a);
    used.insert(st.b);
    phrases.push_back({{st.a, st.b}, {fa, fb}, st.first, sc.score});
  }
  // In the order they appear in the story.
  std::sort(phrases.begin(), phrases.end(), [](const Phrase& x, const Phrase& y) { return x.first < y.first; });
  std::string label;
  for (const Phrase& ph : phrases) {
    if (!label.empty()) label += ", ";
    for (size_t i = 0; i < ph.shown.size(); ++i) label += (i ? " " : "") + ph.shown[i];
  }
  return label;
}

// What a listing keeps (StoryListOptions' filters and cursor). The member
// filters are read once: one scan of the matching items (counts only) for
// source, concern, place and a period with an end, ComputeTrends for
// rising_only.
class Keep {
 public:
  explicit Keep(const StoryListOptions& opts) : opts_(opts) {}

  // Whether any filter or cursor is set (else every story is kept).
  bool Filters() const {
    return opts_.until != 0 || opts_.min_size > 0 || members_ || rising_ || opts_.after.id != 0;
  }

  Status Load(store::Store& st) {
    // A bounded period needs a member inside it (last_seen >= since alone says as much).
    if (!opts_.source.empty() || !opts_.category.empty() || !opts_.place.empty() || opts_.until != 0) {
      members_.emplace();
      store::ItemQuery iq;
      iq.source = opts_.source;
      iq.category = opts_.category;
      iq.place = opts_.place;
      iq.since = opts_.since;
      iq.until = opts_.until;
      iq.counts_only = true;
      VOX_RETURN_IF_ERROR(st.ForEachItem(iq, [&](const store::StoredItem& si) {
        if (si.story_id != 0) members_->insert(si.story_id);
        return true;
      }));
    }
    if (opts_.rising_only) {
      rising_.emplace();
      TrendOptions to;
      to.limit = 1000;
      to.name_stories = false;
      auto trends = ComputeTrends(st, to);
      if (!trends.ok()) return trends.status();
      for (const Trend& t : *trends) {
        if (t.kind == "story") rising_->insert(t.story_id);
      }
    }
    return Status::Ok();
  }

  // `key`: the story's rank key in the listing's order (StoryCursor::key).
  bool operator()(const store::Story& s, int64_t key) const {
    if (opts_.until != 0 && s.first_seen >= opts_.until) return false;
    if (s.size < opts_.min_size) return false;
    if (members_ && !members_->count(s.id)) return false;
    if (rising_ && !rising_->count(s.id)) return false;
    const StoryCursor& a = opts_.after;
    if (a.id != 0 && std::tie(key, s.last_seen, s.id) >= std::tie(a.key, a.last_seen, a.id)) return false;
    return true;
  }

 private:
  const StoryListOptions& opts_;
  std::optional<std::unordered_set<int64_t>> members_;
  std::optional<std::unordered_set<int64_t>> rising_;
};

// Rising with a limit: the members of the last 24 h per story from the
// hourly rollups (whole hours) and the items of the first, partial hour;
// only the stories with such members are read and ranked, and the rest of
// the list is the most recently seen others, as the full ranking would
// give (ties: most recently seen, then the higher id).
Status RisingStories(store::Store& st, const StoryListOptions& opts, const Keep& keep, std::vector<StorySummary>* out,
                     std::vector<int64_t>* keys) {
  auto newest = NewestItemTime(st);
  if (!newest.ok()) return newest.status();
  const int64_t since = *newest - 24 * 3600;
  const int64_t first_hour = since >= 0 ? (since + 3599) / 3600 : since / 3600;
  std::unordered_map<int64_t, int64_t> key;  // story id -> members in the last 24 h
  store::ItemQuery rq;
  rq.since = since;
  rq.until = first_hour * 3600;
  rq.counts_only = true;
  if (rq.since < rq.until) {
    VOX_RETURN_IF_ERROR(st.ForEachItem(rq, [&](const store::StoredItem& si) {
      if (si.story_id != 0) ++key[si.story_id];
      return true;
    }));
  }
  store::HourCountQuery hq;
  hq.kind = store::HourCountKind::kStory;
  hq.from_hour = first_hour;
  hq.to_hour = int64_t{1} << 40;
  VOX_RETURN_IF_ERROR(st.ForEachHourCount(hq, [&](const store::HourCount& c) {
    key[std::strtoll(c.key.c_str(), nullptr, 10)] += c.n;
    return true;
  }));
  std::vector<store::Story> ranked;
  std::unordered_set<int64_t> taken;
  for (const auto& [id, n] : key) {
    if (n <= 0) continue;
    auto got = st.GetStory(id, /*with_counts=*/false);
    if (!got.ok()) return got.status();
    if (!got->has_value() || (*got)->last_seen < opts.since) continue;
    taken.insert(id);
    if (!keep(**got, n)) continue;
    ranked.push_back(**got);
  }
  std::sort(ranked.begin(), ranked.end(), [&](const store::Story& a, const store::Story& b) {
    const int64_t ka = key[a.id], kb = key[b.id];
    if (ka != kb) return ka > kb;
    if (a.last_seen != b.last_seen) return a.last_seen > b.last_seen;
    return a.id > b.id;
  });
  if (static_cast<int64_t>(ranked.size()) > opts.limit) ranked.resize(static_cast<size_t>(opts.limit));
  if (static_cast<int64_t>(ranked.size()) < opts.limit) {
    store::StoryQuery q;
    q.since = opts.since;
    q.with_counts = false;
    VOX_RETURN_IF_ERROR(st.ForEachStory(q, [&](const store::Story& s, const std::string&) {
      if (!taken.count(s.id) && keep(s, 0)) ranked.push_back(s);
      return static_cast<int64_t>(ranked.size()) < opts.limit;
    }));
  }
  for (const store::Story& s : ranked) {
    auto got = st.GetStory(s.id, /*with_counts=*/true);  // with voices and sources
    if (!got.ok()) return got.status();
    out->push_back({got->has_value() ? **got : s, "", {}, {}});
    auto k = key.find(s.id);
    keys->push_back(k == key.end() ? 0 : k->second);
  }
  return Status::Ok();
}

// Stories by size or by members in the last 24 h: every story in range is
// read without counts, ranked, and only the kept ones are counted.
Status SortedStories(store::Store& st, const StoryListOptions& opts, const Keep& keep, std::vector<StorySummary>* out,
                     std::vector<int64_t>* keys) {
  if (opts.sort == StorySort::kRising && opts.limit > 0) return RisingStories(st, opts, keep, out, keys);
  std::vector<store::Story> all;
  store::StoryQuery q;
  q.since = opts.since;
  q.with_counts = false;
  VOX_RETURN_IF_ERROR(st.ForEachStory(q, [&](const store::Story& s, const std::string&) {
    all.push_back(s);
    return true;
  }));
  std::unordered_map<int64_t, int64_t> key;  // story id -> rank key
  if (opts.sort == StorySort::kSize) {
    for (const store::Story& s : all) key[s.id] = s.size;
  } else {
    auto newest = NewestItemTime(st);
    if (!newest.ok()) return newest.status();
    store::ItemQuery rq;
    rq.since = *newest - 24 * 3600;
    rq.counts_only = true;  // the story is all it needs
    VOX_RETURN_IF_ERROR(st.ForEachItem(rq, [&](const store::StoredItem& si) {
      if (si.story_id != 0) ++key[si.story_id];
      return true;
    }));
  }
  auto rank = [&](const store::Story& s) {
    auto it = key.find(s.id);
    return it == key.end() ? 0 : it->second;
  };
  std::erase_if(all, [&](const store::Story& s) { return !keep(s, rank(s)); });
  std::sort(all.begin(), all.end(), [&](const store::Story& a, const store::Story& b) {
    const int64_t ka = rank(a), kb = rank(b);
    if (ka != kb) return ka > kb;
    if (a.last_seen != b.last_seen) return a.last_seen > b.last_seen;
    return a.id > b.id;
  });
  if (opts.limit > 0 && static_cast<int64_t>(all.size()) > opts.limit) all.resize(static_cast<size_t>(opts.limit));
  for (const store::Story& s : all) {
    auto got = st.GetStory(s.id, /*with_counts=*/true);  // with voices and sources
    if (!got.ok()) return got.status();
    out->push_back({got->has_value() ? **got : s, "", {}, {}});
    keys->push_back(rank(s));
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<StorySummary>> ListStories(store::Store& st, const StoryListOptions& options) {
  StoryListOptions opts = options;
  if (opts.days > 0) {
    auto newest = NewestItemTime(st);
    if (!newest.ok()) return newest.status();
    opts.since = std::max(opts.since, *newest - opts.days * 86400);
  }
  std::vector<StorySummary> out;
  std::vector<int64_t> keys;  // each listed story's rank key (StoryCursor::key)
  Keep keep(opts);
  VOX_RETURN_IF_ERROR(keep.Load(st));
  store::StoryQuery q;
  q.since = opts.since;
  if (opts.sort == StorySort::kRecent && !keep.Filters()) {
    q.limit = opts.limit;
    VOX_RETURN_IF_ERROR(st.ForEachStory(q, [&](const store::Story& s, const std::string&) {
      out.push_back({s, "", {}, {}});
      keys.push_back(s.last_seen);
      return true;
    }));
  } else if (opts.sort == StorySort::kRecent) {
    // Read without counts up to the page's end, then counted.
    q.with_counts = false;
    std::vector<store::Story> kept;
    VOX_RETURN_IF_ERROR(st.ForEachStory(q, [&](const store::Story& s, const std::string&) {
      if (keep(s, s.last_seen)) kept.push_back(s);
      return opts.limit <= 0 || static_cast<int64_t>(kept.size()) < opts.limit;
    }));
    for (const store::Story& s : kept) {
      auto got = st.GetStory(s.id, /*with_counts=*/true);
      if (!got.ok()) return got.status();
      out.push_back({got->has_value() ? **got : s, "", {}, {}});
      keys.push_back(s.last_seen);
    }
  } else {
    VOX_RETURN_IF_ERROR(SortedStories(st, opts, keep, &out, &keys));
  }
  if (opts.next != nullptr) {
    *opts.next = {};
    if (opts.limit > 0 && static_cast<int64_t>(out.size()) == opts.limit) {
      *opts.next = {keys.back(), out.back().story.last_seen, out.back().story.id};
    }
  }
  if (out.empty()) return out;
  std::vector<std::string> background_texts;
  store::ItemQuery bq;
  bq.newest_first = true;
  bq.limit = kBackgroundItems;
  VOX_RETURN_IF_ERROR(st.ForEachItem(bq, [&](const store::StoredItem& si) {
    background_texts.push_back(si.item.title.empty() ? si.item.text : si.item.title + "\n" + si.item.text);
    return true;
  }));
  // Counted once for every story of the list (not once per story).
  const BackgroundDf background = CountBackground(background_texts);
  for (StorySummary& sum : out) {
    std::vector<std::string> texts;
    std::vector<LabelMember> members;
    store::ItemQuery iq;
    iq.story_id = sum.story.id;
    if (!opts.with_items) iq.limit = kLabelMembers;
    VOX_RETURN_IF_ERROR(st.ForEachItem(iq, [&](const store::StoredItem& si) {
      if (static_cast<int>(texts.size()) < kLabelMembers) {
        texts.push_back(si.item.title.empty() ? si.item.text : si.item.title + "\n" + si.item.text);
        members.push_back({si.item.title, si.item.text, si.item.kind, si.rowid == sum.story.representative});
      }
      if (opts.with_items) sum.items.push_back(si.item.id);
      return true;
    }));
    sum.label = !sum.story.label.empty() ? sum.story.label : HeadlineFor(members);
    const std::string phrases = LabelAgainst(texts, background);
    for (size_t at = 0; at < phrases.size();) {
      size_t comma = phrases.find(", ", at);
      if (comma == std::string::npos) comma = phrases.size();
      sum.key_phrases.push_back(phrases.substr(at, comma - at));
      at = comma + 2;
    }
  }
  return out;
}

std::string EncodeStoryCursor(const StoryCursor& c) {
  return std::to_string(c.key) + "." + std::to_string(c.last_seen) + "." + std::to_string(c.id);
}

bool DecodeStoryCursor(std::string_view text, StoryCursor* out) {
  int64_t v[3] = {0, 0, 0};
  size_t part = 0;
  bool digits = false, negative = false;
  for (size_t i = 0; i <= text.size(); ++i) {
    const char c = i < text.size() ? text[i] : '.';
    if (c == '.') {
      if (!digits || part == 3) return false;
      if (negative) v[part] = -v[part];
      ++part;
      digits = negative = false;
    } else if (c == '-' && !digits && !negative && part < 2) {
      negative = true;
    } else if (c >= '0' && c <= '9' && part < 3) {
      if (v[part] > (int64_t{1} << 58)) return false;
      v[part] = v[part] * 10 + (c - '0');
      digits = true;
    } else {
      return false;
    }
  }
  if (part != 3 || v[2] <= 0) return false;
  *out = {v[0], v[1], v[2]};
  return true;
}

Result<std::string> StoryHeadline(store::Store& st, const store::Story& story) {
  if (!story.label.empty()) return story.label;
  std::vector<LabelMember> members;
  store::ItemQuery iq;
  iq.story_id = story.id;
  iq.limit = kLabelMembers;
  VOX_RETURN_IF_ERROR(st.ForEachItem(iq, [&](const store::StoredItem& si) {
    members.push_back({si.item.title, si.item.text, si.item.kind, si.rowid == story.representative});
    return true;
  }));
  return HeadlineFor(members);
}

}  // namespace vox::stories
