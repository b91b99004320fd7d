// Fact-check input: JSON Lines records and schema.org ClaimReview JSON-LD.
//
// Layouts accepted: one JSON value per line (JSONL records or ClaimReview
// objects, mixed), a single JSON object spread over many lines, or a JSON
// array of objects. An object holding "@graph" contributes its elements.
// The layout is decided from the first byte: '[' is an array; '{' is tried as
// one document first, then read line by line when one of the first lines is
// an object by itself, else as objects one after another (each over many
// lines; ingest::SniffJsonLayout). An HTML page contributes the ClaimReviews
// of its JSON-LD scripts (ClaimReviewsInHtml, parsed by gumbo). Other input
// (binary data, an HTML page without ClaimReview) is refused as a whole,
// saying what it looks like.
//
// Record kinds: a ClaimReview has "claimReviewed" or "@type" naming
// ClaimReview; anything else is read as a JSONL record {id, claim, verdict,
// body, url, published_at, author, rating, appearance, own}.
//
// Invariants: total on arbitrary bytes (nlohmann is used without exceptions
// escaping: parse errors are values, accessors check types first); a record
// reaches on_item only with a non-empty id, claim and verdict and canonical
// (NFC, one tone placement) claim, verdict and body.
#include <nlohmann/json.hpp>

#include <optional>

#include "claims/claims.h"
#include "common/item.h"
#include "common/time.h"
#include "ingest/html.h"
#include "ingest/reader.h"
#include "text/text.h"

namespace vox::claims {
namespace {

using json = nlohmann::json;

constexpr size_t kMaxClaimBytes = 64 << 10;
constexpr size_t kMaxBodyBytes = 1 << 20;

struct Bad {
  std::string field, reason;
};

bool IsClaimReviewType(const json& t) {
  if (t.is_string()) return t.get_ref<const std::string&>() == "ClaimReview";
  if (t.is_array()) {
    for (const json& e : t) {
      if (IsClaimReviewType(e)) return true;
    }
  }
  return false;
}

// Optional string field: absent or null -> "", a string -> it, else an error.
bool OptString(const json& j, const char* key, std::string* out, Bad* bad) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return true;
  if (!it->is_string()) {
    *bad = {key, "must be a string"};
    return false;
  }
  *out = it->get_ref<const std::string&>();
  return true;
}

// A date: RFC 3339, the forms ParseTimestamp knows, or a bare YYYY-MM-DD.
bool ParseDate(const std::string& s, int64_t* out) {
  if (ParseTimestamp(s, out)) return true;
  if (s.size() == 10 && s[4] == '-' && s[7] == '-') return ParseTimestamp(s + "T00:00:00Z", out);
  return false;
}

// An optional date: absent, null or "" leaves *out absent.
bool OptDate(const json& j, const char* key, std::optional<int64_t>* out, Bad* bad) {
  std::string s;
  if (!OptString(j, key, &s, bad)) return false;
  if (s.empty()) return true;
  int64_t t = 0;
  if (!ParseDate(s, &t)) {
    *bad = {key, "is not a date (use RFC 3339, e.g. 2026-10-01T08:00:00+07:00)"};
    return false;
  }
  *out = t;
  return true;
}

// A number given as a JSON number or a numeric string.
bool NumberOf(const json& v, double* out) {
  if (v.is_number()) {
    *out = v.get<double>();
    return true;
  }
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    if (s.empty() || s.size() > 32) return false;
    char* end = nullptr;
    double d = std::strtod(s.c_str(), &end);
    if (end != s.c_str() + s.size()) return false;
    *out = d;
    return true;
  }
  return false;
}

// "author": "Org" | {"name": "Org"} | {"url": "https://org.vn"} | [ ... ]
// -> the first name; an organisation known only by its url (or @id) is
// named by it.
std::string NameOf(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_object()) {
    for (const char* key : {"name", "url", "@id"}) {
      auto it = v.find(key);
      if (it != v.end() && it->is_string() && !it->get_ref<const std::string&>().empty()) {
        return it->get<std::string>();
      }
    }
  }
  if (v.is_array()) {
    for (const json& e : v) {
      std::string n = NameOf(e);
      if (!n.empty()) return n;
    }
  }
  return "";
}

// "appearance": "url" | {"url": "..."} | [ ... ] -> the first url.
std::string UrlOf(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_object()) {
    auto it = v.find("url");
    if (it != v.end() && it->is_string()) return it->get<std::string>();
  }
  if (v.is_array()) {
    for (const json& e : v) {
      std::string u = UrlOf(e);
      if (!u.empty()) return u;
    }
  }
  return "";
}

bool FromJsonl(const json& j, store::FactCheck* fc, Bad* bad) {
  auto id = j.find("id");
  if (id == j.end() || id->is_null()) {
    *bad = {"id", "is required"};
    return false;
  }
  if (id->is_string()) {
    fc->id = id->get<std::string>();
  } else if (id->is_number_integer()) {
    fc->id = id->dump();
  } else {
    *bad = {"id", "must be a string or an integer"};
    return false;
  }
  if (!OptString(j, "claim", &fc->claim, bad) || !OptString(j, "verdict", &fc->verdict, bad) ||
      !OptString(j, "body", &fc->body, bad) || !OptString(j, "url", &fc->url, bad) ||
      !OptString(j, "author", &fc->author, bad) || !OptString(j, "appearance", &fc->appearance, bad) ||
      !OptDate(j, "published_at", &fc->published_at, bad)) {
    return false;
  }
  if (auto r = j.find("rating"); r != j.end() && !r->is_null()) {
    double rating = 0;
    if (!NumberOf(*r, &rating)) {
      *bad = {"rating", "must be a number"};
      return false;
    }
    fc->rating = rating;
  }
  if (auto o = j.find("own"); o != j.end() && !o->is_null()) {
    if (!o->is_boolean()) {
      *bad = {"own", "must be true or false"};
      return false;
    }
    fc->own = o->get<bool>();
  }
  if (fc->claim.empty()) {
    *bad = {"claim", "is required"};
    return false;
  }
  if (fc->verdict.empty()) {
    *bad = {"verdict", "is required"};
    return false;
  }
  return true;
}

bool FromClaimReview(const json& j, store::FactCheck* fc, Bad* bad) {
  if (!OptString(j, "claimReviewed", &fc->claim, bad) || !OptString(j, "url", &fc->url, bad) ||
      !OptDate(j, "datePublished", &fc->published_at, bad)) {
    return false;
  }
  if (fc->claim.empty()) {
    *bad = {"claimReviewed", "is required"};
    return false;
  }
  for (const char* key : {"reviewBody", "description", "text"}) {
    auto it = j.find(key);
    if (it != j.end() && it->is_string() && !it->get_ref<const std::string&>().empty()) {
      fc->body = it->get<std::string>();
      break;
    }
  }
  auto rr = j.find("reviewRating");
  if (rr != j.end() && rr->is_array() && !rr->empty()) rr = rr->begin();  // first rating
  if (rr == j.end() || !rr->is_object()) {
    *bad = {"reviewRating", "is required (an object with alternateName or ratingValue)"};
    return false;
  }
  if (auto an = rr->find("alternateName"); an != rr->end() && an->is_string()) fc->verdict = an->get<std::string>();
  if (auto rv = rr->find("ratingValue"); rv != rr->end() && !rv->is_null()) {
    double rating = 0;
    if (!NumberOf(*rv, &rating)) {
      *bad = {"reviewRating.ratingValue", "must be a number"};
      return false;
    }
    fc->rating = rating;
    if (fc->verdict.empty()) {
      fc->verdict = "rating " + (rv->is_string() ? rv->get<std::string>() : rv->dump());
    }
  }
  if (fc->verdict.empty()) {
    *bad = {"reviewRating.alternateName", "is required (the verdict, e.g. \"Sai\")"};
    return false;
  }
  if (auto a = j.find("author"); a != j.end()) fc->author = NameOf(*a);
  if (auto ir = j.find("itemReviewed"); ir != j.end() && ir->is_object()) {
    for (const char* key : {"appearance", "firstAppearance"}) {
      if (auto ap = ir->find(key); ap != ir->end()) {
        fc->appearance = UrlOf(*ap);
        if (!fc->appearance.empty()) break;
      }
    }
  }
  // Identity: an explicit identifier, else @id, else the review's url.
  for (const char* key : {"identifier", "@id"}) {
    auto it = j.find(key);
    if (it != j.end() && it->is_string() && !it->get_ref<const std::string&>().empty()) {
      fc->id = it->get<std::string>();
      break;
    }
  }
  if (fc->id.empty()) fc->id = fc->url;
  if (fc->id.empty()) {
    *bad = {"url", "is required (it identifies the ClaimReview)"};
    return false;
  }
  if (auto o = j.find("own"); o != j.end() && o->is_boolean()) fc->own = o->get<bool>();
  return true;
}

bool ToFactCheck(const json& j, store::FactCheck* fc, Bad* bad) {
  if (!j.is_object()) {
    *bad = {"", "a fact-check must be a JSON object"};
    return false;
  }
  bool review = j.contains("claimReviewed");
  if (auto t = j.find("@type"); t != j.end() && IsClaimReviewType(*t)) review = true;
  if (!review && !j.contains("claim") && !j.contains("id")) {
    *bad = {"", "not a fact-check: neither a JSONL record (id, claim, verdict) nor a ClaimReview"};
    return false;
  }
  if (!(review ? FromClaimReview(j, fc, bad) : FromJsonl(j, fc, bad))) return false;
  if (fc->id.size() > 1024) {
    *bad = {review ? "url" : "id", "is longer than 1024 bytes"};
    return false;
  }
  if (fc->claim.size() > kMaxClaimBytes) {
    *bad = {review ? "claimReviewed" : "claim", "is larger than 64 KiB"};
    return false;
  }
  if (fc->body.size() > kMaxBodyBytes) {
    *bad = {review ? "reviewBody" : "body", "is larger than 1 MiB"};
    return false;
  }
  fc->claim = text::Canonicalize(fc->claim);
  fc->verdict = text::Canonicalize(fc->verdict);
  fc->body = text::Canonicalize(fc->body);
  fc->author = text::Canonicalize(fc->author);
  return true;
}

class Reader {
 public:
  Reader(const std::string& name, const FactCheckSink& on_item, const ingest::RejectSink& on_reject)
      : name_(name), on_item_(on_item), on_reject_(on_reject) {}

  // One JSON value found at `where`: an object, or an array / @graph of them.
  void Value(const json& v, const std::string& where, bool top) {
    if (v.is_array() && top) {
      size_t n = 0;
      for (const json& e : v) Value(e, name_ + ": record " + std::to_string(++n), false);
      return;
    }
    if (v.is_object()) {
      auto g = v.find("@graph");
      if (g != v.end() && g->is_array()) {
        size_t n = 0;
        for (const json& e : *g) Value(e, where + ": @graph " + std::to_string(++n), false);
        return;
      }
    }
    store::FactCheck fc;
    Bad bad;
    if (ToFactCheck(v, &fc, &bad)) {
      on_item_(std::move(fc));
    } else {
      Reject(where, bad.field, bad.reason);
    }
  }

  void Reject(const std::string& where, const std::string& field, const std::string& reason) {
    if (on_reject_) on_reject_({where, field, reason});
  }

 private:
  const std::string& name_;
  const FactCheckSink& on_item_;
  const ingest::RejectSink& on_reject_;
};

std::string ParseErrorText(std::string_view piece) {
  return text::IsValidUtf8(piece) ? "malformed JSON" : "not valid UTF-8";
}

// The ClaimReviews in a page's JSON-LD (<script type="application/ld+json">,
// as fact-checkers publish them): each script's value, its arrays and
// @graph lists are searched for ClaimReview objects; the page's other
// JSON-LD (NewsArticle, Organization, BreadcrumbList...) is not a fact-check
// and is passed over. A script that is not JSON is rejected by number.
Status ClaimReviewsInHtml(std::string_view html, const std::string& input_name, Reader* reader) {
  const std::vector<std::string> scripts = ingest::HtmlScripts(html, "application/ld+json");
  size_t found = 0;
  for (size_t i = 0; i < scripts.size(); ++i) {
    const std::string where = input_name + ": JSON-LD script " + std::to_string(i + 1);
    json v = json::parse(scripts[i], nullptr, false);
    if (v.is_discarded()) {
      reader->Reject(where, "", ParseErrorText(scripts[i]));
      continue;
    }
    // Depth-first over arrays and @graph, at most a few levels deep.
    std::vector<std::pair<const json*, int>> todo = {{&v, 0}};
    while (!todo.empty()) {
      auto [node, depth] = todo.back();
      todo.pop_back();
      if (depth > 8) continue;
      if (node->is_array()) {
        for (auto it = node->rbegin(); it != node->rend(); ++it) todo.push_back({&*it, depth + 1});
        continue;
      }
      if (!node->is_object()) continue;
      const auto type = node->find("@type");
      if ((type != node->end() && IsClaimReviewType(*type)) || node->contains("claimReviewed")) {
        reader->Value(*node, where, false);
        ++found;
        continue;
      }
      if (auto g = node->find("@graph"); g != node->end()) todo.push_back({&*g, depth + 1});
    }
  }
  const std::string refused = input_name + ": not JSON Lines, JSON or ClaimReview JSON-LD: it looks like an HTML page ";
  if (found == 0 && scripts.empty()) {
    return Status::InvalidArgument(refused + "without JSON-LD (<script type=\"application/ld+json\">); nothing imported");
  }
  if (found == 0) {
    return Status::InvalidArgument(refused + "whose " + std::to_string(scripts.size()) +
                                   " JSON-LD script(s) hold no ClaimReview; nothing imported");
  }
  return Status::Ok();
}

}  // namespace

Status ParseFactChecks(std::string_view data, const std::string& input_name, const FactCheckSink& on_item,
                       const ingest::RejectSink& on_reject) {
  Reader reader(input_name, on_item, on_reject);
  if (data.size() >= 3 && data.substr(0, 3) == "\xEF\xBB\xBF") data.remove_prefix(3);
  size_t first = data.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return Status::Ok();
  const ingest::JsonLayout layout = ingest::SniffJsonLayout(data);
  if (layout == ingest::JsonLayout::kNotJson && ingest::DescribeContent(data) == "an HTML page") {
    return ClaimReviewsInHtml(data, input_name, &reader);
  }
  if (layout == ingest::JsonLayout::kNotJson) {
    return Status::InvalidArgument(input_name +
                                   ": not JSON Lines, JSON or ClaimReview JSON-LD: it looks like " +
                                   ingest::DescribeContent(data) + "; nothing imported");
  }
  if (data[first] == '[' || data[first] == '{') {
    json doc = json::parse(data, nullptr, /*allow_exceptions=*/false);
    if (!doc.is_discarded()) {
      reader.Value(doc, input_name + ":" + std::to_string(1), true);
      return Status::Ok();
    }
    if (data[first] == '[') {
      return Status::InvalidArgument(input_name + ": not a valid JSON array (" + ParseErrorText(data) +
                                     "); nothing imported");
    }
    if (layout == ingest::JsonLayout::kDocuments) {
      // Objects one after another, each possibly over many lines.
      ingest::ForEachJsonDocument(data, [&](const ingest::JsonSpan& span) {
        const std::string where = input_name + ":" + std::to_string(span.line);
        if (!span.error.empty()) {
          reader.Reject(where, "", span.error);
          return true;
        }
        const std::string_view piece = data.substr(span.begin, span.end - span.begin);
        json v = json::parse(piece, nullptr, false);
        if (v.is_discarded()) {
          reader.Reject(where, "", ParseErrorText(piece));
        } else {
          reader.Value(v, where, false);
        }
        return true;
      });
      return Status::Ok();
    }
  }
  // One JSON value per line.
  size_t line_no = 0, pos = 0;
  while (pos <= data.size()) {
    size_t nl = data.find('\n', pos);
    std::string_view line = data.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    ++line_no;
    pos = nl == std::string_view::npos ? data.size() + 1 : nl + 1;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    const std::string where = input_name + ":" + std::to_string(line_no);
    json v = json::parse(line, nullptr, false);
    if (v.is_discarded()) {
      reader.Reject(where, "", ParseErrorText(line));
      continue;
    }
    reader.Value(v, where, false);
  }
  return Status::Ok();
}

}  // namespace vox::claims
