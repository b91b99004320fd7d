// The fact-check library in the store: import, add/edit, export as
// ClaimReview, thresholds in settings, matching at ingest and re-matching.
#include <xxhash.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "claims/claims.h"
#include "common/item.h"
#include "common/time.h"
#include "text/text.h"

namespace vox::claims {
namespace {

using json = nlohmann::json;

Result<double> ReadThreshold(store::Store& store, const char* key, double fallback) {
  auto v = store.GetSetting(key);
  if (!v.ok()) return v.status();
  if (!v->has_value()) return fallback;
  const std::string& s = **v;
  char* end = nullptr;
  double d = std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size() || !(d >= 0 && d <= 1)) {
    return Status::Corruption(std::string("setting ") + key + " = '" + s + "' is not a number in [0, 1]");
  }
  return d;
}

std::string FormatThreshold(double d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", d);
  return buf;
}

// The text of an item that is matched: title and text.
std::string MatchableText(const Item& item) {
  if (item.title.empty()) return item.text;
  if (item.text.empty()) return item.title;
  return item.title + "\n" + item.text;
}

// A screenshot's text (the label kImageTextLabel) carries the screen around
// the rumour: the poster's name, the time, counters, a chat's "Đã xem". When
// the whole text meets no fact-check, each paragraph of it is tried alone
// (at most 12, of four words or more) and the best is kept.
std::optional<MatchResult> MatchItem(const Matcher& matcher, const Item& item) {
  const std::string text = MatchableText(item);
  auto r = matcher.MatchText(text);
  if (r || std::find(item.labels.begin(), item.labels.end(), kImageTextLabel) == item.labels.end()) return r;
  int tried = 0;
  for (size_t start = 0; start < text.size() && tried < 12;) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    const std::string_view para(text.data() + start, nl - start);
    start = nl + 1;
    if (std::count(para.begin(), para.end(), ' ') < 3 || para.size() == text.size()) continue;
    ++tried;
    auto p = matcher.MatchText(para);
    if (p && (!r || p->score > r->score)) r = std::move(p);
  }
  return r;
}

class IngestMatcher final : public ingest::ItemObserver {
 public:
  explicit IngestMatcher(std::unique_ptr<Matcher> m) : matcher_(std::move(m)) {}
  Status OnItem(store::Store& store, int64_t rowid, const Item& item) override {
    if (matcher_->library_size() == 0) return Status::Ok();
    VOX_RETURN_IF_ERROR(store.ClearMachineMatches(rowid));
    auto r = MatchItem(*matcher_, item);
    if (!r) return Status::Ok();
    store::Match m;
    m.item_rowid = rowid;
    m.factcheck_id = r->factcheck_id;
    m.score = r->score;
    m.state = r->state;
    m.updated_at = store.clock().Now();
    return store.PutMatch(m);
  }

 private:
  std::unique_ptr<Matcher> matcher_;
};

}  // namespace

Result<Thresholds> LoadThresholds(store::Store& store) {
  auto s = ReadThreshold(store, kSuggestSetting, kDefaultSuggest);
  if (!s.ok()) return s.status();
  auto a = ReadThreshold(store, kAutoSetting, kDefaultAuto);
  if (!a.ok()) return a.status();
  return Thresholds{*s, *a};
}

Status SaveThresholds(store::Store& store, const Thresholds& t) {
  if (!(t.suggest >= 0 && t.suggest <= 1 && t.autom >= 0 && t.autom <= 1)) {
    return Status::InvalidArgument("thresholds must be in [0, 1]");
  }
  VOX_RETURN_IF_ERROR(store.SetSetting(kSuggestSetting, FormatThreshold(t.suggest)));
  return store.SetSetting(kAutoSetting, FormatThreshold(t.autom));
}

Result<ImportReport> ImportFactChecks(store::Store& store, std::string_view data, const std::string& input_name,
                                      const ingest::RejectSink& on_reject) {
  ImportReport rep;
  std::vector<store::FactCheck> records;
  Status ps = ParseFactChecks(
      data, input_name, [&](store::FactCheck&& fc) { records.push_back(std::move(fc)); },
      [&](const ingest::Rejection& r) {
        ++rep.rejected;
        if (on_reject) on_reject(r);
      });
  if (!ps.ok()) return ps;
  auto txn = store::Transaction::Begin(store);
  if (!txn.ok()) return txn.status();
  for (store::FactCheck& fc : records) {
    // Being the office's own answer is a property of the library, not of the
    // file: re-importing an export (ClaimReview has no "own") keeps it.
    if (!fc.own) {
      auto prev = store.GetFactCheck(fc.id);
      if (prev.ok() && prev->has_value() && (*prev)->own) fc.own = true;
    }
    auto u = store.UpsertFactCheck(fc);
    if (!u.ok()) return u.status();
    switch (*u) {
      case store::Upsert::kAdded:
        ++rep.added;
        break;
      case store::Upsert::kUpdated:
        ++rep.updated;
        break;
      case store::Upsert::kUnchanged:
        ++rep.unchanged;
        break;
    }
  }
  VOX_RETURN_IF_ERROR(txn->Commit());
  return rep;
}

Result<store::Upsert> SaveFactCheck(store::Store& store, store::FactCheck* fc) {
  fc->claim = text::Canonicalize(fc->claim);
  fc->verdict = text::Canonicalize(fc->verdict);
  fc->body = text::Canonicalize(fc->body);
  fc->author = text::Canonicalize(fc->author);
  if (fc->claim.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Status::InvalidArgument("a fact-check needs a claim");
  }
  if (fc->verdict.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Status::InvalidArgument("a fact-check needs a verdict");
  }
  if (fc->id.empty()) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "own-%016llx",
                  static_cast<unsigned long long>(XXH3_64bits(fc->claim.data(), fc->claim.size())));
    fc->id = buf;
  }
  return store.UpsertFactCheck(*fc);
}

namespace {
// The ClaimReview author: an organisation known only by its URL is given
// by url, as it was read.
json AuthorJson(const std::string& author) {
  if (author.rfind("https://", 0) == 0 || author.rfind("http://", 0) == 0) {
    return {{"@type", "Organization"}, {"url", author}};
  }
  return {{"@type", "Organization"}, {"name", author.empty() ? "Vox" : author}};
}
}  // namespace

nlohmann::json ClaimReviewJson(const store::FactCheck& fc) {
  json rating = {{"@type", "Rating"}, {"alternateName", fc.verdict}};
  if (fc.rating) {
    rating["ratingValue"] = *fc.rating;
    rating["bestRating"] = 5;
    rating["worstRating"] = 1;
  }
  json item = {{"@type", "Claim"}};
  if (!fc.appearance.empty()) item["appearance"] = json::array({{{"@type", "CreativeWork"}, {"url", fc.appearance}}});
  json cr = {{"@context", "https://schema.org"},
             {"@type", "ClaimReview"},
             {"identifier", fc.id},
             {"claimReviewed", fc.claim},
             {"reviewRating", rating},
             {"itemReviewed", item},
             {"author", AuthorJson(fc.author)}};
  if (!fc.url.empty()) cr["url"] = fc.url;
  if (!fc.body.empty()) cr["reviewBody"] = fc.body;
  if (fc.published_at) cr["datePublished"] = FormatTimestamp(*fc.published_at);
  return cr;
}

Result<std::string> ExportClaimReviews(store::Store& store) {
  json out = json::array();
  Status s = store.ForEachFactCheck([&](const store::FactCheck& fc) {
    if (fc.own) out.push_back(ClaimReviewJson(fc));
    return true;
  });
  if (!s.ok()) return s;
  return out.dump(2, ' ', false, json::error_handler_t::replace);
}

Result<std::unique_ptr<ingest::ItemObserver>> NewIngestMatcher(store::Store& store) {
  auto m = Matcher::Load(store);
  if (!m.ok()) return m.status();
  return std::unique_ptr<ingest::ItemObserver>(std::make_unique<IngestMatcher>(std::move(*m)));
}

Result<RematchReport> RematchAll(store::Store& store) {
  auto m = Matcher::Load(store);
  if (!m.ok()) return m.status();
  const Matcher& matcher = **m;
  RematchReport rep;
  // Read first, write after: the item scan's statement is not interleaved
  // with writes to the same connection.
  std::vector<int64_t> rowids;
  std::vector<std::pair<int64_t, MatchResult>> found;
  Status s = store.ForEachItem({}, [&](const store::StoredItem& si) {
    rowids.push_back(si.rowid);
    if (matcher.library_size() == 0) return true;
    if (auto r = MatchItem(matcher, si.item)) found.emplace_back(si.rowid, std::move(*r));
    return true;
  });
  if (!s.ok()) return s;
  rep.items = static_cast<int64_t>(rowids.size());
  auto txn = store::Transaction::Begin(store);
  if (!txn.ok()) return txn.status();
  for (int64_t rowid : rowids) VOX_RETURN_IF_ERROR(store.ClearMachineMatches(rowid));
  const int64_t now = store.clock().Now();
  for (const auto& [rowid, r] : found) {
    store::Match m;
    m.item_rowid = rowid;
    m.factcheck_id = r.factcheck_id;
    m.score = r.score;
    m.state = r.state;
    m.updated_at = now;
    VOX_RETURN_IF_ERROR(store.PutMatch(m));
    ++rep.matched;
    if (r.state == store::MatchState::kAuto) ++rep.autos;
  }
  VOX_RETURN_IF_ERROR(txn->Commit());
  return rep;
}

}  // namespace vox::claims
