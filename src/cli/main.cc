// The `vox` command line. Exceptions stop here: every library error arrives
// as a Status and leaves as a message on stderr and an exit code:
//   0 ok, 1 failure, 2 usage error, 3 partial (some input rejected, rest kept).
#include <pthread.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <csignal>
#include <thread>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <nlohmann/json.hpp>
#include <sstream>

#include "claims/claims.h"
#include "classify/classify.h"
#include "cli/claims_cmd.h"
#include "cli/ocr_cmd.h"
#include "cli/classify_cmd.h"
#include "cli/demo_desk.h"
#include "cli/desk_cmd.h"
#include "cli/report_cmd.h"
#include "desk/audit.h"
#include "desk/channels.h"
#include "desk/contact.h"
#include "desk/desk.h"
#include "store/desk_store.h"
#include "cli/common.h"
#include "cli/stories_cmd.h"
#include "cli/util.h"
#include "demo/demo.h"
#include "http/server.h"
#include "ingest/links.h"
#include "ingest/pipeline.h"
#include "query/query.h"
#include "search/search.h"
#include "stories/stories.h"
#include "store/migrate.h"
#include "store/store.h"
#include "store/work_queue.h"
#include "text/text.h"
#include "text/words.h"

namespace vox::cli {
namespace {

using json = nlohmann::json;

// The stages that see every stored item during ingest, in pipeline order.
struct Observers {
  std::vector<std::unique_ptr<ingest::ItemObserver>> owned;
  std::unique_ptr<ingest::ShortLinks> links;  // where short links lead (settings links.*)
  std::unique_ptr<ingest::LinkPages> pages;   // the pages article items come from
  Status Attach(store::Store& st, const Globals& g, ingest::IngestOptions* opts) {
    auto matcher = claims::NewIngestMatcher(st);
    if (!matcher.ok()) return matcher.status();
    owned.push_back(std::move(matcher).value());
    auto link_opts = ingest::LinkOptionsFromSettings(st);
    if (!link_opts.ok()) return link_opts.status();
    links = std::make_unique<ingest::ShortLinks>(st, *link_opts);
    pages = std::make_unique<ingest::LinkPages>(st, *link_opts);
    stories::Options story_opts;
    story_opts.link_target = [l = links.get()](std::string_view url) { return l->Target(url); };
    story_opts.page_text = [p = pages.get()](const Item& item) { return p->Text(item); };
    auto sto = stories::NewStoryObserver(st, story_opts);
    if (!sto.ok()) return sto.status();
    owned.push_back(std::move(sto).value());
    auto cls = classify::NewIngestClassifier(st, g.db);
    if (!cls.ok()) return cls.status();
    owned.push_back(std::move(cls).value());
    for (auto& o : owned) opts->observers.push_back(o.get());
    return Status::Ok();
  }
};

// "follow event" -> "follow events", "post without text" -> "posts without
// text": the skip categories put their noun last or before " without ".
std::string PluralCategory(const std::string& category, int64_t n) {
  if (n == 1) return category;
  const size_t without = category.find(" without ");
  if (without != std::string::npos) return category.substr(0, without) + "s" + category.substr(without);
  return category + "s";
}

void PrintReport(const ingest::IngestReport& r, const std::string& input, bool as_json) {
  if (as_json) {
    json skipped_by = json::object();
    for (const auto& [category, n] : r.skipped_by) skipped_by[category] = n;
    json notes = json::object();
    for (const auto& [category, n] : r.notes) notes[category] = n;
    std::cout << Dump({{"input", input},
                       {"added", r.added},
                       {"updated", r.updated},
                       {"unchanged", r.unchanged},
                       {"rejected", r.rejected},
                       {"masked", r.masked},
                       {"seconds", r.seconds},
                       {"skipped", r.skipped},
                       {"skipped_by", skipped_by},
                       {"notes", notes}})
              << "\n";
    return;
  }
  int64_t n = r.added + r.updated + r.unchanged;
  std::printf("%s: %lld added, %lld updated, %lld unchanged, %lld rejected", input.c_str(),
              static_cast<long long>(r.added), static_cast<long long>(r.updated),
              static_cast<long long>(r.unchanged), static_cast<long long>(r.rejected));
  if (r.skipped) {
    // Most frequent first: "3 skipped (2 follow events, 1 duplicate id)".
    std::vector<std::pair<std::string, int64_t>> by(r.skipped_by.begin(), r.skipped_by.end());
    std::stable_sort(by.begin(), by.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    std::string detail;
    for (const auto& [category, count] : by) {
      detail += detail.empty() ? "" : ", ";
      detail += std::to_string(count) + " " + PluralCategory(category, count);
    }
    std::printf(", %lld skipped (%s)", static_cast<long long>(r.skipped), detail.c_str());
  }
  if (!r.notes.empty()) {
    // "; 3 dated from the channel, 1 dated at read time (items without a date of their own)"
    std::string detail;
    for (const auto& [category, count] : r.notes) {
      detail += detail.empty() ? "" : ", ";
      detail += std::to_string(count) + " " + category;
    }
    std::printf("; %s (items without a date of their own)", detail.c_str());
  }
  if (r.masked) std::printf("; %lld personal-data spans masked", static_cast<long long>(r.masked));
  if (r.seconds > 0 && n > 0) std::printf(" (%.2fs, %.0f items/s)", r.seconds, n / r.seconds);
  std::printf("\n");
}

void PrintStats(const store::Stats& s, const std::string& db, bool as_json) {
  if (as_json) {
    json j = query::StatsJson(s);
    j["db"] = db;
    std::cout << Dump(j) << "\n";
    return;
  }
  std::printf("store    %s (schema %d, %.1f MB)\n", db.c_str(), s.schema_version, s.db_bytes / 1e6);
  std::printf("items    %lld (%lld earlier revisions kept)\n", static_cast<long long>(s.items),
              static_cast<long long>(s.revisions));
  std::printf("voices   %lld distinct (pseudonymous; counted, never listed)\n", static_cast<long long>(s.voices));
  if (s.items) {
    std::printf("period   %s .. %s\n", FormatTimestamp(s.first_published).c_str(),
                FormatTimestamp(s.last_published).c_str());
  }
  std::printf("kinds   ");
  for (const auto& [k, n] : s.kinds) std::printf(" %s %lld", k.c_str(), static_cast<long long>(n));
  std::printf("\nsources\n");
  for (const auto& src : s.sources) std::printf("  %s %lld\n", Padded(src.name, 24).c_str(), static_cast<long long>(src.items));
}

// The office's time zone for times written without an offset: --time-zone,
// else the store's "time_zone" setting (vox init --time-zone), else
// Asia/Ho_Chi_Minh.
Result<int> OfficeOffset(store::Store& st, const std::string& flag) {
  std::string zone = flag;
  std::string from = "--time-zone";
  if (zone.empty()) {
    auto setting = st.GetSetting("time_zone");
    if (!setting.ok()) return setting.status();
    if (*setting) {
      zone = **setting;
      from = "the store's time_zone setting";
    }
  }
  if (zone.empty()) zone = kOfficeTimeZone;
  int offset = 0;
  if (!ParseTimeZone(zone, &offset)) {
    return Status::InvalidArgument("bad " + from + " '" + zone +
                                   "': give Asia/Ho_Chi_Minh, UTC or an offset such as +07:00");
  }
  return offset;
}

// The CSV/TSV options of `vox ingest`: --map (pairs, or @FILE holding them),
// --encoding, --date-format; checked before anything is read.
Result<ingest::TableOptions> IngestTableOptions(const std::vector<std::string>& maps,
                                                const std::string& encoding,
                                                const std::string& date_format) {
  ingest::TableOptions t;
  for (const std::string& m : maps) {
    std::string spec = m;
    if (!m.empty() && m[0] == '@') {
      std::ifstream in(m.substr(1), std::ios::binary);
      if (!in) return Status::InvalidArgument("--map " + m + ": cannot read " + m.substr(1));
      std::stringstream ss;
      ss << in.rdbuf();
      spec = ss.str();
    }
    if (Status s = ingest::ParseColumnMap(spec, &t); !s.ok()) return s;
  }
  if (!ingest::IsKnownTableEncoding(encoding)) {
    return Status::InvalidArgument("--encoding '" + encoding +
                                   "': give utf-8, windows-1258, tcvn3, vni or windows-1252");
  }
  t.encoding = encoding;
  t.date_format = date_format;
  DayOrder order;
  if (!date_format.empty() && !ingest::ParseDateFormat(date_format, &order)) {
    return Status::InvalidArgument("--date-format '" + date_format +
                                   "': give an order such as dd/mm/yyyy or mm/dd/yyyy");
  }
  return t;
}

int RunIngest(const Globals& g, const std::vector<std::string>& inputs, const std::string& format_name,
              const std::string& source, const std::string& time_zone, bool as_json,
              const ingest::TableOptions& table, size_t batch_size, bool from_queue) {
  auto format = ingest::ParseFormat(format_name);
  if (!format.ok()) return Fail(format.status());
  if (from_queue != inputs.empty()) {
    return Fail(Status::InvalidArgument(from_queue
                                            ? "vox ingest --queue takes no inputs (add them with `vox queue add`)"
                                            : "vox ingest: give PATH, URL or -, or --queue"));
  }
  std::unique_ptr<store::WorkQueue> queue;
  if (from_queue) {
    auto q = store::WorkQueue::Open(g.db, nullptr);
    if (!q.ok()) return Fail(q.status());
    queue = std::move(q).value();
  }
  auto st = OpenStore(g);
  if (!st.ok()) return Fail(st.status());
  auto key = LoadKey(g, **st, false);
  if (!key.ok()) return Fail(key.status());
  auto offset = OfficeOffset(**st, time_zone);
  if (!offset.ok()) return Fail(offset.status());
  ingest::IngestOptions opts;
  opts.format = *format;
  opts.source = source;
  opts.local_offset_seconds = *offset;
  opts.table = table;
  opts.batch_size = batch_size;
  opts.progress = isatty(STDERR_FILENO) && !as_json;
  // A repeated id is a problem in the input worth seeing line by line; other
  // skips (follow events, posts without text) are normal and only counted.
  opts.on_skip = [](const ingest::Rejection& r) {
    if (r.category == ingest::kSkipDuplicate) {
      std::fprintf(stderr, "%s: skipped: %s\n", r.where.c_str(), r.reason.c_str());
    }
  };
  Observers observers;
  if (Status s = observers.Attach(**st, g, &opts); !s.ok()) return Fail(s);
  int64_t rejected = 0;
  bool failed = false;
  for (const auto& input : inputs) {
    auto report = ingest::IngestInput(**st, *key, input, opts, PrintRejection);
    if (!report.ok()) {
      std::fprintf(stderr, "vox: %s\n", report.status().message().c_str());
      failed = true;
      continue;
    }
    rejected += report->rejected;
    PrintReport(*report, input, as_json);
  }
  // --queue: the inputs other workers do not hold, one at a time, until none
  // is left; each is held (store/work_queue.h) until its outcome is recorded.
  while (queue) {
    auto held = queue->Claim();
    if (!held.ok()) return Fail(held.status());
    if (!*held) break;
    store::QueuedInput q = **held;
    ingest::IngestOptions o = opts;
    if (!q.source.empty()) o.source = q.source;
    if (!q.format.empty()) {
      auto f = ingest::ParseFormat(q.format);
      if (!f.ok()) return Fail(f.status());
      o.format = *f;
    }
    auto report = ingest::IngestInput(**st, *key, q.input, o, PrintRejection);
    if (report.ok()) {
      q.state = "done";
      q.added = report->added;
      q.updated = report->updated;
      q.unchanged = report->unchanged;
      q.rejected = report->rejected;
      rejected += report->rejected;
      PrintReport(*report, q.input, as_json);
    } else {
      q.state = "failed";
      q.error = report.status().message();
      std::fprintf(stderr, "vox: %s\n", q.error.c_str());
      failed = true;
    }
    if (Status f = queue->Finish(q); !f.ok()) return Fail(f);
  }
  if (failed) return kFailure;
  return rejected ? kPartial : kOk;
}

// `vox queue add`: inputs for `vox ingest --queue` workers. A local path is
// kept absolute (workers may run elsewhere in the tree); URLs as given.
int RunQueueAdd(const Globals& g, const std::vector<std::string>& inputs, const std::string& format,
                const std::string& source, bool as_json) {
  if (!format.empty()) {
    if (auto f = ingest::ParseFormat(format); !f.ok()) return Fail(f.status());
  }
  auto q = store::WorkQueue::Open(g.db, nullptr);
  if (!q.ok()) return Fail(q.status());
  json arr = json::array();
  for (const std::string& in : inputs) {
    if (in == "-") {
      return Fail(Status::InvalidArgument("vox queue add: stdin (-) cannot be queued; give a file or URL"));
    }
    std::string where = in;
    if (in.find("://") == std::string::npos) {
      std::error_code ec;
      auto abs = std::filesystem::absolute(in, ec);
      if (!ec) where = abs.lexically_normal().string();
    }
    auto id = (*q)->Add(where, format, source);
    if (!id.ok()) return Fail(id.status());
    if (as_json) {
      arr.push_back({{"id", *id}, {"input", where}});
    } else {
      std::printf("queued %lld: %s\n", static_cast<long long>(*id), where.c_str());
    }
  }
  if (as_json) std::cout << Dump(arr) << "\n";
  return kOk;
}

int RunQueueList(const Globals& g, bool as_json) {
  auto q = store::WorkQueue::Open(g.db, nullptr);
  if (!q.ok()) return Fail(q.status());
  json arr = json::array();
  Status s = (*q)->ForEach([&](const store::QueuedInput& e) {
    if (as_json) {
      arr.push_back({{"id", e.id}, {"input", e.input}, {"format", e.format}, {"source", e.source},
                     {"state", e.state}, {"added_at", FormatTimestamp(e.added_at)},
                     {"finished_at", e.finished_at ? json(FormatTimestamp(e.finished_at)) : json(nullptr)},
                     {"added", e.added}, {"updated", e.updated}, {"unchanged", e.unchanged},
                     {"rejected", e.rejected}, {"error", e.error}});
    } else {
      std::printf("%6lld  %-7s %s", static_cast<long long>(e.id), e.state.c_str(), e.input.c_str());
      if (e.state == "done") {
        std::printf("  (%lld added, %lld updated, %lld unchanged, %lld rejected)", static_cast<long long>(e.added),
                    static_cast<long long>(e.updated), static_cast<long long>(e.unchanged),
                    static_cast<long long>(e.rejected));
      }
      if (!e.error.empty()) std::printf("  %s", e.error.c_str());
      std::printf("\n");
    }
    return true;
  });
  if (!s.ok()) return Fail(s);
  if (as_json) std::cout << Dump(arr) << "\n";
  return kOk;
}

int RunItems(const Globals& g, const store::ItemQuery& q, bool as_json, bool jsonl) {
  auto st = OpenStoreForReading(g);
  if (!st.ok()) return Fail(st.status());
  json arr = json::array();
  store::ItemCursor last;
  int64_t n = 0;
  Status s = (*st)->ForEachItem(q, [&](const store::StoredItem& si) {
    last = {si.item.published_at, si.rowid};
    ++n;
    if (jsonl) {
      std::cout << Dump(query::ItemJson(si)) << '\n';
    } else if (as_json) {
      arr.push_back(query::ItemJson(si));
    } else {
      std::string body = si.item.title.empty() ? si.item.text : si.item.title;
      std::printf("%s  %s %s %-8s %s\n", FormatTimestamp(si.item.published_at).c_str(),
                  Padded(si.item.source, 16).c_str(), Padded(si.item.id, 12).c_str(), si.item.kind.c_str(),
                  OneLine(body, 90).c_str());
    }
    return true;
  });
  if (!s.ok()) return Fail(s);
  if (as_json && !jsonl) std::cout << Dump(arr) << "\n";
  std::cout.flush();
  // A full page: say how to ask for the next one (stderr keeps stdout parseable).
  if (!jsonl && q.limit > 0 && n == q.limit) {
    std::fprintf(stderr, "more: --after %s\n", store::EncodeItemCursor(last).c_str());
  }
  return kOk;
}

int RunSearch(const Globals& g, const std::string& query, search::SearchOptions so, bool as_json) {
  auto st = OpenStoreForReading(g);
  if (!st.ok()) return Fail(st.status());
  if (!as_json) {
    bool tty = isatty(STDOUT_FILENO);
    so.mark_open = tty ? "\033[1;33m" : "«";
    so.mark_close = tty ? "\033[0m" : "»";
    so.escape_html = false;
  }
  auto hits = search::Search(**st, query, so);
  if (!hits.ok()) return Fail(hits.status());
  if (as_json) {
    std::cout << Dump(query::SearchHitsJson(*hits)) << "\n";
  } else {
    if (hits->empty()) std::printf("no results\n");
    for (const auto& h : *hits) {
      std::printf("%s %s %8.3f  %s\n", Padded(h.source, 16).c_str(), Padded(h.id, 14).c_str(), h.score, h.snippet.c_str());
    }
  }
  return kOk;
}

int RunNormalize(const std::string& mode, const std::string& words_model) {
  std::optional<text::WordModel> words;
  if (mode == "words") {
    if (words_model.empty()) {
      return Fail(Status::InvalidArgument("--mode words needs --words FILE (make one with `vox words learn`)"));
    }
    auto m = text::WordModel::Load(words_model);
    if (!m.ok()) return Fail(m.status());
    words = std::move(*m);
  }
  std::string line;
  std::vector<text::Token> toks;
  while (std::getline(std::cin, line)) {
    if (words) {
      std::cout << words->Annotate(line) << '\n';
    } else if (mode == "canonical") {
      std::cout << text::Canonicalize(line) << '\n';
    } else if (mode == "folded") {
      std::cout << text::FoldAccents(text::Normalize(line)) << '\n';
    } else if (mode == "tokens") {
      toks.clear();
      text::Tokenize(line, &toks);
      std::string out;
      for (const auto& t : toks) {
        if (!out.empty()) out += ' ';
        out += t.norm;
      }
      std::cout << out << '\n';
    } else {
      std::cout << text::Normalize(line) << '\n';
    }
  }
  return kOk;
}

// Learns multi-syllable words from every item in the store (docs/text.md).
int RunWordsLearn(const Globals& g, std::string out) {
  auto st = OpenStore(g);
  if (!st.ok()) return Fail(st.status());
  if (out.empty()) out = g.db + ".words.tsv";
  text::WordModel model;
  int64_t items = 0;
  Status s = (*st)->ForEachItem({}, [&](const store::StoredItem& si) {
    ++items;
    model.Learn(si.item.title);
    model.Learn(si.item.text);
    return true;
  });
  if (!s.ok()) return Fail(s);
  s = model.Save(out);
  if (!s.ok()) return Fail(s);
  std::printf("learned words from %lld items (%llu syllables, %zu pairs): %s\n", static_cast<long long>(items),
              static_cast<unsigned long long>(model.syllables()), model.pairs(), out.c_str());
  return kOk;
}

struct ServeFlags {
  std::string listen = "127.0.0.1:8080";
  bool allow_remote = false;
  bool require_login = false;
  bool secure_cookies = false;
  std::vector<std::string> allow_hosts;
};

int RunServe(const Globals& g, const ServeFlags& flags) {
  http::ServeOptions so;
  so.db = g.db;
  so.allow_remote = flags.allow_remote;
  so.allowed_hosts = flags.allow_hosts;
  if (!ParseListen(flags.listen, &so.host, &so.port)) {
    return Fail(Status::InvalidArgument("--listen takes HOST:PORT, e.g. 127.0.0.1:8080"));
  }
  {
    auto st = OpenStoreForReading(g);  // fail early with a clear message
    if (!st.ok()) return Fail(st.status());
  }
  // With accounts, the read API asks for a sign-in whenever the server is
  // reachable from elsewhere (the desk's routes always do).
  int64_t users = 0;
  if (auto ds = store::DeskStore::Open(g.db, {.read_only = true}); ds.ok()) {
    if (auto n = (*ds)->CountUsers(); n.ok()) users = *n;
  }
  so.require_login = flags.require_login || (users > 0 && !http::IsLoopback(so.host));
  if (flags.require_login && users == 0) {
    return Fail(Status::InvalidArgument("--require-login: this store has no accounts yet (vox user add NAME --role admin)"));
  }
  so.secure_cookies = flags.secure_cookies;
  std::unique_ptr<desk::ContactKey> contact_key;
  // The contact key seals what citizens consent to give and tags the web
  // form's references: made on first serve when the folder can be written.
  if (auto path = ContactKeyFile(g); path.ok()) {
    const bool existed = std::filesystem::exists(*path);
    auto key = desk::ContactKey::Load(*path, true);
    if (key.ok()) {
      contact_key = std::make_unique<desk::ContactKey>(std::move(key).value());
    } else if (existed) {
      return Fail(key.status());
    } else {
      std::fprintf(stderr, "vox serve: no contact key (%s): the web form is off\n", key.status().message().c_str());
    }
  }
  desk::DeskSettings settings;
  {
    auto st = OpenStoreForReading(g);
    if (!st.ok()) return Fail(st.status());
    auto loaded = desk::LoadDeskSettings(**st);
    if (!loaded.ok()) return Fail(loaded.status());
    settings = std::move(loaded).value();
  }
  settings.ApplyTo(&so.desk);
  so.desk.contact_key = contact_key.get();
  so.outbox = true;  // with a contact key, on either store
  {
    auto st = OpenStoreForReading(g);
    if (!st.ok()) return Fail(st.status());
    auto outbox = desk::LoadOutboxOptions(**st);
    if (!outbox.ok()) return Fail(outbox.status());
    so.outbox_options = *outbox;
  }
  // The channels' webhooks: a write connection and the pseudonym key for
  // their ingest thread, the same observers as `vox ingest`.
  std::unique_ptr<store::Store> hook_store;
  std::optional<ingest::Pseudonymizer> hook_key;
  Observers hook_observers;
  {
    auto st = OpenStoreForReading(g);
    if (!st.ok()) return Fail(st.status());
    auto channels = desk::LoadChannelSettings(**st, contact_key.get());
    if (!channels.ok()) return Fail(channels.status());
    so.channels = std::move(channels).value();
  }
  // The write connection of the webhooks and the public web form (/gop-y).
  // A store that cannot be written (a read-only copy) is still served: the
  // form then answers 503 and the webhooks 404.
  if (auto st = OpenStore(g); !st.ok()) {
    std::fprintf(stderr, "vox serve: the web form and webhooks are off: %s\n", st.status().message().c_str());
  } else {
    hook_store = std::move(st).value();
    auto key = LoadKey(g, *hook_store, false);
    if (!key.ok()) return Fail(key.status());
    hook_key = std::move(key).value();
    auto offset = OfficeOffset(*hook_store, "");
    if (!offset.ok()) return Fail(offset.status());
    so.hook_ingest.local_offset_seconds = *offset;
    so.hook_ingest.batch_size = 1000;
    if (Status s = hook_observers.Attach(*hook_store, g, &so.hook_ingest); !s.ok()) return Fail(s);
    so.hook_store = hook_store.get();
    so.pseudonymizer = &*hook_key;
    // Beside the store file (a PostgreSQL store keeps them in memory).
    if (g.db.find("://") == std::string::npos) so.hook_spool = g.db + ".hooks";
  }
  so.on_listening = [&](int port) {
    const std::string host = so.host.find(':') != std::string::npos ? "[" + so.host + "]" : so.host;
    std::printf("serving %s on http://%s:%d/ (Ctrl-C to stop)\n", store::ShownUri(g.db).c_str(), host.c_str(),
                port);
    std::fflush(stdout);
  };
  // SIGINT and SIGTERM are taken by one thread with sigwait, never by a
  // handler: stopping the server locks a mutex, which a handler must not.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);  // inherited by every server thread
  std::thread waiter([stop_signals] {
    int sig = 0;
    if (sigwait(&stop_signals, &sig) == 0) http::Stop();
  });
  Status s = http::Serve(so);
  // Serve returned on its own (bind error): wake the waiter and let it go.
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  return s.ok() ? kOk : Fail(s);
}

int RunDemo(const Globals& g, const std::string& generate_out, int64_t items, uint64_t seed, bool serve,
            const std::string& listen) {
  demo::DemoOptions dopts;
  dopts.items = items;
  dopts.seed = seed;
  if (!generate_out.empty()) {
    if (generate_out == "-") {
      demo::GenerateItems(dopts, std::cout);
      return kOk;
    }
    std::ofstream f(generate_out, std::ios::binary);
    if (!f) return Fail(Status::IoError("cannot write " + generate_out));
    demo::GenerateItems(dopts, f);
    std::ofstream fc(generate_out + ".factchecks.jsonl", std::ios::binary);
    demo::GenerateFactChecks(dopts, fc);
    std::printf("wrote %s and %s.factchecks.jsonl\n", generate_out.c_str(), generate_out.c_str());
    return kOk;
  }
  auto st = OpenStore(g, true);
  if (!st.ok()) return Fail(st.status());
  auto key = LoadKey(g, **st, true);
  if (!key.ok()) return Fail(key.status());
  std::ostringstream buf;
  auto t0 = std::chrono::steady_clock::now();
  demo::GenerateItems(dopts, buf);
  double gen_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("generated a month of activity for the demo town (%.2fs)\n", gen_s);
  ingest::IngestOptions io;
  io.format = ingest::Format::kJsonl;
  io.progress = isatty(STDERR_FILENO);
  {
    // The fact-check library first, so items are matched as they arrive.
    std::ostringstream fcs;
    demo::GenerateFactChecks(dopts, fcs);
    auto imp = claims::ImportFactChecks(**st, fcs.str(), "demo-factchecks.jsonl", nullptr);
    if (!imp.ok()) return Fail(imp.status());
    std::printf("fact-check library: %lld added\n", static_cast<long long>(imp->added));
  }
  Observers observers;
  if (Status s = observers.Attach(**st, g, &io); !s.ok()) return Fail(s);
  int64_t rejected_shown = 0;
  auto rep = ingest::IngestBuffer(**st, *key, buf.str(), "demo.jsonl", io, [&](const ingest::Rejection& r) {
    if (rejected_shown++ < 10) PrintRejection(r);
  });
  if (!rep.ok()) return Fail(rep.status());
  PrintReport(*rep, "demo", false);
  auto stats = (*st)->GetStats();
  if (!stats.ok()) return Fail(stats.status());
  PrintStats(*stats, store::ShownUri(g.db), false);
  std::printf("\ntry:  vox --db %s search \"mat dien\"\n", store::ShownUri(g.db).c_str());
  if (Status s = EnsureDemoAdmin(g); !s.ok()) return Fail(s);
  if (Status s = SeedDemoDesk(**st, g.db, seed); !s.ok()) return Fail(s);
  // The report's map (docs/reports.md), unless the workspace already has one.
  if (auto map = (*st)->GetSetting("report.boundaries"); map.ok() && !map->has_value()) {
    if (Status s = (*st)->SetSetting("report.boundaries", demo::TownBoundaries()); !s.ok()) return Fail(s);
  }
  st->reset();
  if (!serve) return kOk;
  ServeFlags flags;
  flags.listen = listen;
  return RunServe(g, flags);
}

int RunPurge(const Globals& g, const std::string& older_than, bool as_json) {
  auto st = OpenStore(g);
  if (!st.ok()) return Fail(st.status());
  std::string window = older_than;
  if (window.empty()) {
    auto setting = (*st)->GetSetting("retention");
    if (!setting.ok()) return Fail(setting.status());
    window = setting->value_or("365d");
  }
  int64_t secs = 0;
  if (!ParseDuration(window, &secs)) {
    return Fail(Status::InvalidArgument("bad duration '" + window + "': use e.g. 90d, 12w, 24h"));
  }
  int64_t cutoff = 0;
  auto pc = store::PurgeOlderThan(**st, secs, &cutoff);
  if (!pc.ok()) return Fail(pc.status());
  // Citizens' contact details go with their case under the same window:
  // those of cases closed before the cutoff are erased (the case stays).
  int64_t contacts = 0;
  {
    auto ds = store::DeskStore::Open(g.db, {});
    if (!ds.ok()) return Fail(ds.status());
    if (Status b = (*ds)->Begin(); !b.ok()) return Fail(b);
    auto n = (*ds)->PurgeContacts(cutoff);
    if (!n.ok()) {
      (*ds)->Rollback().PermitUncheckedError();
      return Fail(n.status());
    }
    contacts = *n;
    Status a = desk::AppendAudit(**ds, "cli", "purge", "store", "",
                                 Dump({{"items", pc->items}, {"contacts", contacts}, {"before", FormatTimestamp(cutoff)}}));
    if (a.ok()) a = (*ds)->Commit();
    if (!a.ok()) {
      (*ds)->Rollback().PermitUncheckedError();
      return Fail(a);
    }
  }
  if (as_json) {
    std::cout << Dump({{"items", pc->items},
                       {"revisions", pc->revisions},
                       {"stories", pc->stories},
                       {"months_dropped", pc->partitions},
                       {"contacts", contacts},
                       {"before", FormatTimestamp(cutoff)}})
              << "\n";
  } else {
    std::printf("purged %lld items and %lld revisions published before %s; %lld stories left empty removed; "
                "contact details of %lld cases closed before then erased\n",
                static_cast<long long>(pc->items), static_cast<long long>(pc->revisions),
                FormatTimestamp(cutoff).c_str(), static_cast<long long>(pc->stories), static_cast<long long>(contacts));
    if (pc->partitions > 0) {
      std::printf("(%lld whole months of items dropped at once)\n", static_cast<long long>(pc->partitions));
    }
  }
  return kOk;
}

// `vox migrate`: copies a SQLite store into a PostgreSQL database
// (store/migrate.h), then checks the audit chain where it now lives.
int RunMigrate(const std::string& from, const std::string& to, bool replace, int64_t chunk_rows, bool as_json) {
  auto src = store::OpenTableSource(from);
  if (!src.ok()) return Fail(src.status());
  auto dst = store::OpenTableSink(to);
  if (!dst.ok()) return Fail(dst.status());
  store::MigrateOptions mo;
  mo.replace = replace;
  mo.chunk_rows = chunk_rows;
  const bool tty = isatty(STDERR_FILENO) != 0;
  auto last = std::chrono::steady_clock::now();
  mo.progress = [&](const std::string& table, int64_t done, int64_t total) {
    const auto now = std::chrono::steady_clock::now();
    if (done < total && now - last < std::chrono::seconds(tty ? 0 : 5)) return;
    last = now;
    std::fprintf(stderr, "%s%s: %lld/%lld rows%s", tty ? "\r" : "", table.c_str(), static_cast<long long>(done),
                 static_cast<long long>(total), tty && done < total ? "   " : "\n");
  };
  auto report = store::MigrateStore(**src, **dst, mo);
  if (!report.ok()) {
    if (tty) std::fputc('\n', stderr);
    return Fail(report.status());
  }
  dst->reset();
  store::OpenOptions oo;
  auto ds = store::DeskStore::Open(to, oo);
  if (!ds.ok()) return Fail(ds.status());
  auto check = desk::VerifyAudit(**ds);
  if (!check.ok()) return Fail(check.status());
  if (check->first_break) {
    std::fprintf(stderr, "vox: copied, but the audit log does not verify on %s at entry %lld: %s\n",
                 store::ShownUri(to).c_str(), static_cast<long long>(check->first_break->seq),
                 check->first_break->why.c_str());
    return kFailure;
  }
  if (as_json) {
    nlohmann::json tables = nlohmann::json::array();
    for (const auto& t : report->tables) {
      tables.push_back({{"table", t.table}, {"source_rows", t.source_rows}, {"target_rows", t.target_rows},
                        {"copied", t.copied}});
    }
    std::cout << Dump({{"from", store::ShownUri(from)},
                       {"to", store::ShownUri(to)},
                       {"resumed", report->resumed},
                       {"tables", tables},
                       {"settings", report->settings},
                       {"audit_entries", check->entries}})
              << "\n";
  } else {
    int64_t rows = 0, copied = 0;
    for (const auto& t : report->tables) {
      rows += t.target_rows;
      copied += t.copied;
    }
    std::printf("migrated %s to %s: %zu tables, %lld rows (%lld copied by this run%s), counts verified; "
                "audit log intact: %lld entries\n",
                store::ShownUri(from).c_str(), store::ShownUri(to).c_str(), report->tables.size(),
                static_cast<long long>(rows), static_cast<long long>(copied), report->resumed ? ", resumed" : "",
                static_cast<long long>(check->entries));
    std::printf("pass the source's pseudonym key to every command on the new store: --key-file %s.key\n",
                std::filesystem::path(from.rfind("sqlite:", 0) == 0 ? from.substr(7) : from).string().c_str());
  }
  return kOk;
}

// A search query may start with '-' (an exclusion: "-goi", "-\"cắt điện\"").
// After the `search` command every argument that is not an option or an
// option's value is a query word; they are all moved behind a "--" so the
// parser reads them as the query, whatever they start with. Options keep
// working in any order.
std::vector<std::string> QueryArgsLast(int argc, char** argv) {
  std::vector<std::string> args(argv, argv + argc);
  auto cmd = std::find(args.begin() + 1, args.end(), "search");
  if (cmd == args.end() || std::find(args.begin(), cmd, "--") != cmd) return args;
  static const std::vector<std::string> kFlags = {"--json", "--help", "-h"};
  std::vector<std::string> out(args.begin(), cmd + 1), queries;
  for (auto it = cmd + 1; it != args.end(); ++it) {
    if (*it == "--") {
      queries.insert(queries.end(), it + 1, args.end());
      break;
    }
    const bool long_option = it->size() > 2 && it->compare(0, 2, "--") == 0;
    if (long_option || *it == "-h") {
      out.push_back(*it);
      const bool takes_value = long_option && it->find('=') == std::string::npos &&
                               std::find(kFlags.begin(), kFlags.end(), *it) == kFlags.end();
      if (takes_value && it + 1 != args.end()) out.push_back(*++it);
    } else {
      queries.push_back(*it);
    }
  }
  if (!queries.empty()) {
    out.push_back("--");
    out.insert(out.end(), queries.begin(), queries.end());
  }
  return out;
}

int Main(int argc, char** argv) {
  CLI::App app{"vox — public-information desk: listen, understand in aggregate, answer with evidence"};
  app.require_subcommand(1);
  Globals g;
  const char* env_db = std::getenv("VOX_DB");
  g.db = env_db && *env_db ? env_db : "vox.db";
  app.add_option("--db", g.db, "store: a SQLite file path or postgresql://… (default $VOX_DB, else ./vox.db)");
  app.add_option("--key-file", g.key_file, "pseudonym key file (default <db>.key)");
  app.add_option("--contact-key-file", g.contact_key_file,
                 "contact key file: seals contact details, reply addresses and channel secrets (default "
                 "<db>.contact-key; required with a postgresql:// store to use them)");
  app.add_option("--lexicon", g.lexicon, "extra teencode/abbreviation table (TSV: from<TAB>to)");
  bool as_json = false;

  auto* init = app.add_subcommand("init", "create or migrate the store (idempotent)");
  std::string retention;
  init->add_option("--retention", retention, "retention window kept in the store, e.g. 365d");
  std::string init_time_zone;
  init->add_option("--time-zone", init_time_zone,
                   "the office's time zone for times written without an offset (default Asia/Ho_Chi_Minh; "
                   "UTC or an offset such as +07:00)");

  auto* ing = app.add_subcommand("ingest", "read items from files, URLs or - (stdin)");
  std::vector<std::string> inputs;
  std::string format = "auto", source;
  ing->add_option("--format", format, "auto|jsonl|csv|xlsx|xls|rss|atom|facebook|zalo")->capture_default_str();
  ing->add_option("--source", source, "source name for records that do not carry one");
  std::string time_zone;
  ing->add_option("--time-zone", time_zone,
                  "zone of times written without an offset (default: vox init --time-zone, else "
                  "Asia/Ho_Chi_Minh)");
  std::vector<std::string> ingest_maps;
  std::string ingest_encoding, ingest_date_format;
  ing->add_option("--map", ingest_maps,
                  "CSV/TSV: columns for fields, text=COLUMN,published_at=COLUMN,id=COLUMN… or @FILE "
                  "(one field=COLUMN a line)");
  ing->add_option("--encoding", ingest_encoding,
                  "CSV/TSV text encoding: utf-8, windows-1258, tcvn3, vni, windows-1252 (default: "
                  "detected)");
  ing->add_option("--date-format", ingest_date_format,
                  "CSV/TSV: order of numeric dates, dd/mm/yyyy or mm/dd/yyyy (default: decided "
                  "from the whole column, else day first)");
  std::string ingest_sheet;
  ing->add_option("--sheet", ingest_sheet,
                  ".xlsx/.xls: the sheet to read, by name or number (default: the first visible "
                  "sheet)");
  ing->add_option("inputs", inputs, "PATH | URL | -");
  bool ingest_queue = false;
  ing->add_flag("--queue", ingest_queue,
                "take inputs from the store's queue (vox queue add) until none is left; several workers share it "
                "(PostgreSQL)");
  ing->add_flag("--json", as_json, "print the summary as JSON");
  size_t ingest_batch = 10000;
  ing->add_option("--batch-size", ingest_batch,
                  "items per transaction (several workers on one store: smaller batches take turns sooner)")
      ->capture_default_str()
      ->check(CLI::Range(size_t{1}, size_t{1000000}));

  auto* queue = app.add_subcommand("queue", "inputs for `vox ingest --queue` workers (PostgreSQL)");
  queue->require_subcommand(1);
  auto* queue_add = queue->add_subcommand("add", "queue inputs (paths every worker can read, or URLs)");
  std::vector<std::string> queue_inputs;
  std::string queue_format, queue_source;
  queue_add->add_option("inputs", queue_inputs, "PATH | URL")->required();
  queue_add->add_option("--format", queue_format, "their format (default: the worker's --format)");
  queue_add->add_option("--source", queue_source, "their source (default: the worker's --source)");
  queue_add->add_flag("--json", as_json, "print [{id, input}]");
  auto* queue_list = queue->add_subcommand("list", "every queued input with its state and counts");
  queue_list->add_flag("--json", as_json, "print a JSON array");

  auto* items = app.add_subcommand("items", "list stored items");
  store::ItemQuery iq;
  std::string since, until;
  items->add_option("--story", iq.story_id, "only items of this story");
  items->add_option("--source", iq.source, "only this source");
  items->add_option("--kind", iq.kind, "only this kind");
  items->add_option("--since", since, "published at or after (RFC 3339, YYYY-MM-DD or 7d ago)");
  items->add_option("--until", until, "published before");
  items->add_option("--category", iq.category, "only items with this predicted concern (its id)");
  items->add_option("--place", iq.place, "only items tagged with this place");
  items->add_option("--label", iq.label, "only items with this staff label");
  std::string after;
  items->add_option("--after", after, "only items after this cursor (printed on stderr after a full --limit page)");
  items->add_option("--limit", iq.limit, "at most N items");
  items->add_flag("--json", as_json, "print a JSON array");

  auto* exp = app.add_subcommand("export", "export stored data");
  exp->require_subcommand(1);
  auto* exp_items = exp->add_subcommand("items", "items as JSON Lines on stdout");

  auto* stats = app.add_subcommand("stats", "what the store holds");
  stats->add_flag("--json", as_json, "print JSON");

  auto* srch = app.add_subcommand("search", "accent-insensitive full-text search");
  std::string query;
  search::SearchOptions so;
  std::string s_since, s_until;
  std::vector<std::string> query_parts;
  srch->add_option("query", query_parts, "words, \"phrases\", -exclusions, prefix* (several arguments are joined)")
      ->required();
  srch->add_option("--timeout", so.deadline_ms, "stop a query running longer than MS milliseconds (0: never)")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{0}, int64_t{3600000}));
  srch->add_option("--limit", so.limit, "number of results")->capture_default_str()->check(CLI::Range(1, 1000));
  srch->add_option("--since", s_since, "published at or after");
  srch->add_option("--until", s_until, "published before");
  srch->add_option("--source", so.source, "only this source");
  srch->add_option("--kind", so.kind, "only this kind");
  srch->add_option("--window", so.window, "rank the newest N matches (0: every match, slower)")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{0}, int64_t{1000000}));
  srch->add_flag("--json", as_json, "print [{id, source, score, snippet}]");

  auto* norm = app.add_subcommand("normalize", "normalize Vietnamese text: lines on stdin, results on stdout");
  std::string mode = "normalized";
  std::string words_model;
  norm->add_option("--mode", mode, "normalized|canonical|folded|tokens|words")
      ->capture_default_str()
      ->check(CLI::IsMember({"normalized", "canonical", "folded", "tokens", "words"}));
  norm->add_option("--words", words_model, "word model for --mode words (from `vox words learn`)");

  auto* words_cmd = app.add_subcommand("words", "multi-syllable words learned from the store");
  words_cmd->require_subcommand(1);
  auto* words_learn = words_cmd->add_subcommand("learn", "learn word statistics from every stored item");
  std::string words_out;
  words_learn->add_option("--out", words_out, "model file (default: <db>.words.tsv)");

  auto* purge = app.add_subcommand("purge", "delete items past the retention window");
  std::string older_than;
  purge->add_option("--older-than", older_than, "e.g. 90d (default: the store's retention setting, else 365d)");
  purge->add_flag("--json", as_json, "print JSON");

  auto* serve = app.add_subcommand("serve", "serve the API and dashboard on loopback");
  ServeFlags serve_flags;
  std::string& listen = serve_flags.listen;
  serve->add_option("--listen", listen, "HOST:PORT")->capture_default_str();
  serve->add_flag("--require-login", serve_flags.require_login,
                  "the read API needs a sign-in or token also on loopback (always so beyond loopback with accounts)");
  serve->add_flag("--secure-cookies", serve_flags.secure_cookies, "mark the session cookie Secure (served behind TLS)");
  serve->add_flag("--allow-remote", serve_flags.allow_remote,
                  "listen on a non-loopback address (every endpoint is open to whoever reaches it)");
  serve->add_option("--allow-host", serve_flags.allow_hosts,
                    "a Host name the server answers for, besides localhost and the listen address (repeatable)");

  auto* demo_cmd = app.add_subcommand("demo", "create the demo workspace, ingest it, and serve it");
  std::string generate_out;
  int64_t demo_items = 40000;
  uint64_t seed = 20261124;
  bool no_serve = false;
  demo_cmd->add_option("--generate", generate_out, "only write the demo items as JSON Lines to FILE (or -)");
  demo_cmd->add_option("--items", demo_items, "approximate number of items")->capture_default_str();
  demo_cmd->add_option("--seed", seed, "generator seed")->capture_default_str();
  demo_cmd->add_flag("--no-serve", no_serve, "ingest and report, do not serve");
  demo_cmd->add_option("--listen", listen, "HOST:PORT")->capture_default_str();

  auto* mig = app.add_subcommand("migrate", "copy a SQLite store into a PostgreSQL database, verifying counts");
  std::string mig_from, mig_to;
  bool mig_replace = false;
  int64_t mig_chunk = 2000;
  mig->add_option("--from", mig_from, "the SQLite store (sqlite:PATH or PATH)")->required();
  mig->add_option("--to", mig_to, "the PostgreSQL database (postgresql://…)")->required();
  mig->add_flag("--replace", mig_replace, "empty a target that already holds data, then copy");
  mig->add_option("--chunk", mig_chunk, "rows per committed chunk")->capture_default_str()->check(
      CLI::Range(int64_t{1}, int64_t{1000000}));
  mig->add_flag("--json", as_json, "print the tables' counts as JSON");

  Runner run;
  RegisterStoriesCommands(app, g, &run);
  RegisterClaimsCommands(app, g, &run);
  RegisterClassifyCommands(app, g, &run);
  RegisterDeskCommands(app, g, &run);
  RegisterOcrCommand(app, g, &run);
  RegisterReportCommand(app, g, &run);

  try {
    std::vector<std::string> args = QueryArgsLast(argc, argv);
    std::reverse(args.begin() + 1, args.end());  // CLI11 parses a reversed vector
    args.erase(args.begin());
    app.parse(args);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kUsage;
  }

  if (!g.lexicon.empty()) {
    Status s = text::LoadExtraLexicon(g.lexicon);
    if (!s.ok()) return Fail(s);
  }

  if (run) return run();
  if (init->parsed()) {
    auto st = OpenStore(g, true);
    if (!st.ok()) return Fail(st.status());
    auto key = LoadKey(g, **st, true);
    if (!key.ok()) return Fail(key.status());
    if (!retention.empty()) {
      int64_t secs;
      if (!ParseDuration(retention, &secs)) return Fail(Status::InvalidArgument("bad --retention " + retention));
      Status s = (*st)->SetSetting("retention", retention);
      if (!s.ok()) return Fail(s);
    }
    if (!init_time_zone.empty()) {
      int offset = 0;
      if (!ParseTimeZone(init_time_zone, &offset)) {
        return Fail(Status::InvalidArgument("bad --time-zone '" + init_time_zone +
                                            "': give Asia/Ho_Chi_Minh, UTC or an offset such as +07:00"));
      }
      Status s = (*st)->SetSetting("time_zone", init_time_zone);
      if (!s.ok()) return Fail(s);
    }
    std::printf("store ready: %s (schema %d), key %s\n", (*st)->Describe().c_str(), (*st)->schema_version(),
                KeyFile(g).c_str());
    return kOk;
  }
  if (ing->parsed()) {
    auto table = IngestTableOptions(ingest_maps, ingest_encoding, ingest_date_format);
    if (!table.ok()) return Fail(table.status());
    table->sheet = ingest_sheet;
    return RunIngest(g, inputs, format, source, time_zone, as_json, *table, ingest_batch, ingest_queue);
  }
  if (queue_add->parsed()) return RunQueueAdd(g, queue_inputs, queue_format, queue_source, as_json);
  if (queue_list->parsed()) return RunQueueList(g, as_json);
  if (items->parsed()) {
    if (!ParseTimeArg(since, &iq.since) || !ParseTimeArg(until, &iq.until)) {
      return Fail(Status::InvalidArgument("bad --since/--until: use RFC 3339, YYYY-MM-DD or 7d"));
    }
    if (!after.empty() && !store::DecodeItemCursor(after, &iq.after)) {
      return Fail(Status::InvalidArgument("bad --after '" + after + "': give the cursor a previous page printed"));
    }
    return RunItems(g, iq, as_json, false);
  }
  if (exp_items->parsed()) return RunItems(g, {}, true, true);
  if (stats->parsed()) {
    auto st = OpenStoreForReading(g);
    if (!st.ok()) return Fail(st.status());
    auto s = (*st)->GetStats();
    if (!s.ok()) return Fail(s.status());
    PrintStats(*s, store::ShownUri(g.db), as_json);
    return kOk;
  }
  if (srch->parsed()) {
    if (!ParseTimeArg(s_since, &so.since) || !ParseTimeArg(s_until, &so.until)) {
      return Fail(Status::InvalidArgument("bad --since/--until: use RFC 3339, YYYY-MM-DD or 7d"));
    }
    for (const std::string& part : query_parts) query += (query.empty() ? "" : " ") + part;
    return RunSearch(g, query, so, as_json);
  }
  if (norm->parsed()) return RunNormalize(mode, words_model);
  if (words_learn->parsed()) return RunWordsLearn(g, words_out);
  if (mig->parsed()) return RunMigrate(mig_from, mig_to, mig_replace, mig_chunk, as_json);
  if (purge->parsed()) return RunPurge(g, older_than, as_json);
  if (serve->parsed()) return RunServe(g, serve_flags);
  if (demo_cmd->parsed()) return RunDemo(g, generate_out, demo_items, seed, !no_serve, listen);
  return kUsage;
}

}  // namespace
}  // namespace vox::cli

int main(int argc, char** argv) {
  try {
    return vox::cli::Main(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "vox: internal error: %s\n", e.what());
    return 1;
  }
}
