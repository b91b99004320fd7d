#include "ingest/pipeline.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <iostream>
#include <new>
#include <optional>
#include <sstream>

#include "ingest/privacy.h"
#include "text/text.h"

namespace vox::ingest {
namespace {

using Clock = std::chrono::steady_clock;

Result<std::string> ReadStream(std::istream& in, const std::string& input) {
  try {
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
  } catch (const std::bad_alloc&) {
    return Status::IoError("cannot read " + input + ": too large to hold in memory");
  }
}

bool IsUrl(const std::string& input) {
  return input.rfind("http://", 0) == 0 || input.rfind("https://", 0) == 0;
}

// A directory opens as a stream on Linux and reports a nonsense size, and
// a pipe or device (/dev/stdin, <(cmd)) cannot seek: look first.
Status StatInput(const std::string& input, struct stat* sb) {
  if (::stat(input.c_str(), sb) != 0) {
    const int err = errno;
    return Status::IoError("cannot read " + input + ": " +
                           (err == ENOENT ? std::string("no such file") : std::strerror(err)));
  }
  if (S_ISDIR(sb->st_mode)) {
    return Status::IoError(input + " is a directory (give the files in it, e.g. " +
                           (input.empty() || input.back() != '/' ? input + "/" : input) +
                           "*.jsonl)");
  }
  return Status::Ok();
}

Result<std::string> ReadInput(const std::string& input, const FetchOptions& fetch) {
  if (IsUrl(input)) return FetchUrl(input, fetch);
  std::string data;
  if (input == "-") return ReadStream(std::cin, input);
  struct stat sb;
  VOX_RETURN_IF_ERROR(StatInput(input, &sb));
  if (!S_ISREG(sb.st_mode)) {
    std::ifstream f(input, std::ios::binary);
    if (!f) return Status::IoError("cannot read " + input + ": not readable");
    return ReadStream(f, input);
  }
  std::ifstream f(input, std::ios::binary);
  if (!f) return Status::IoError("cannot read " + input + ": not readable");
  f.seekg(0, std::ios::end);
  auto size = f.tellg();
  if (size < 0) return Status::IoError("cannot read " + input);
  try {
    data.resize(static_cast<size_t>(size));
  } catch (const std::bad_alloc&) {
    return Status::IoError("cannot read " + input + ": too large to hold in memory");
  }
  f.seekg(0);
  f.read(data.data(), size);
  if (!f) return Status::IoError("cannot read " + input + ": read failed");
  return data;
}

std::string BaseName(const std::string& input) {
  auto slash = input.find_last_of('/');
  return slash == std::string::npos ? input : input.substr(slash + 1);
}

class Progress {
 public:
  Progress(bool enabled, int64_t total) : enabled_(enabled), total_(total), start_(Clock::now()) {}
  void Tick(int64_t done) {
    if (!enabled_ || (done & 1023) != 0) return;
    auto now = Clock::now();
    if (now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    double secs = std::chrono::duration<double>(now - start_).count();
    double rate = secs > 0 ? done / secs : 0;
    if (total_ > 0) {
      double pct = std::min(100.0, 100.0 * static_cast<double>(done) / static_cast<double>(total_));
      double left = rate > 0 ? (total_ - done) / rate : 0;
      std::fprintf(stderr, "\r  %lld items  %.0f items/s  %.0f%%  %.0fs left   ", static_cast<long long>(done),
                   rate, pct, left);
    } else {
      std::fprintf(stderr, "\r  %lld items  %.0f items/s   ", static_cast<long long>(done), rate);
    }
  }
  void Done() {
    if (enabled_ && last_ != Clock::time_point()) std::fprintf(stderr, "\r%60s\r", "");
  }

 private:
  bool enabled_;
  int64_t total_;
  Clock::time_point start_, last_{};
};

}  // namespace

int PrepareItem(const Pseudonymizer& pseudo, Item* item) {
  item->author_pseudonym = pseudo.Pseudonym(item->author);
  // Overwrite, not just clear, so the raw value does not linger in memory.
  std::fill(item->author.begin(), item->author.end(), '\0');
  item->author.clear();
  int masked = 0, n = 0;
  item->text = text::MaskPii(text::Canonicalize(item->text), &n);
  masked += n;
  item->title = text::MaskPii(text::Canonicalize(item->title), &n);
  masked += n;
  masked += MaskItemFields(pseudo, item).masked;
  return masked;
}

namespace {

// The format of an input that starts with `data` (at least its first 4096
// bytes, or all of it).
Format InputFormat(std::string_view data, const std::string& input_name, const IngestOptions& opts) {
  if (opts.format != Format::kAuto) return opts.format;
  // Sniff UTF-16/32 input as the text it holds (ReadBuffer converts it all).
  std::string head;
  if (!DecodeText(data.substr(0, 4096), &head)) head = data.substr(0, 4096);
  return DetectFormat(head, input_name);
}

// Reads the input with the options, sinks and (for the progress line) the
// expected number of records it is given.
using ReadFn = std::function<Status(const ReadOptions&, const ItemSink&, const RejectSink&)>;

// The pipeline around a reader: privacy and text rules, batches of
// opts.batch_size items per transaction, observers, counts.
Result<IngestReport> Ingest(store::Store& store, const Pseudonymizer& pseudo, Format format,
                            const std::string& input_name, int64_t total, const IngestOptions& opts,
                            const RejectSink& on_reject, const ReadFn& read) {
  auto t0 = Clock::now();
  ReadOptions ro;
  ro.default_source = opts.source;
  if (ro.default_source.empty() && (format == Format::kFacebook || format == Format::kZalo)) {
    ro.default_source = FormatName(format);
  }
  // Items without a source are stored under "default" (see the sink): name
  // it for the reader too, so that its duplicate check keys them as stored.
  // Feeds keep an empty default: their channel title is the source.
  if (ro.default_source.empty() && (format == Format::kJsonl || format == Format::kCsv)) {
    ro.default_source = "default";
  }
  ro.input_name = BaseName(input_name);
  ro.max_text_bytes = opts.max_text_bytes;
  ro.dates.local_offset_seconds = opts.local_offset_seconds;
  ro.now = opts.now != 0 ? opts.now : store.clock().Now();
  ro.table = opts.table;
  if (input_name.rfind("http://", 0) == 0 || input_name.rfind("https://", 0) == 0) {
    ro.base_url = input_name;
  }

  Progress progress(opts.progress, total);

  IngestReport rep;
  Status failure;
  size_t in_batch = 0;
  int64_t seen = 0;
  std::optional<store::Transaction> txn;
  auto flush = [&]() -> Status {
    if (!txn) return Status::Ok();
    in_batch = 0;
    Status c = txn->Commit();  // rolls back when it fails
    txn.reset();
    if (!c.ok()) return c;
    for (ItemObserver* obs : opts.observers) obs->OnCommit(store);
    return Status::Ok();
  };
  bool rolled_back = false;  // a batch the observers saw never reached the store
  // A reader notes an item whose date it supplied (a feed item without one)
  // just before handing it on; ReadBuffer then passes it on or skips it as
  // a repeat. Such an item keeps the date it was first stored with, so that
  // reading the feed again does not move it (and add a revision) each time.
  bool supplied_date = false;
  auto sink = [&](Item&& item) -> bool {
    if (item.source.empty()) item.source = ro.default_source.empty() ? "default" : ro.default_source;
    if (supplied_date) {
      supplied_date = false;
      auto stored = store.GetItem(item.source, item.id);
      if (stored.ok()) item.published_at = stored->item.published_at;
    }
    rep.masked += PrepareItem(pseudo, &item);
    if (!txn) {
      auto t = store::Transaction::Begin(store);
      if (!t.ok()) {
        failure = t.status();
        return false;
      }
      txn.emplace(std::move(*t));
    }
    int64_t rowid = 0;
    auto up = store.UpsertItem(item, &rowid);
    if (!up.ok()) {
      failure = up.status();
      return false;
    }
    if (*up != store::Upsert::kUnchanged) {
      for (ItemObserver* obs : opts.observers) {
        failure = obs->OnItem(store, rowid, item);
        if (!failure.ok()) return false;
      }
    }
    switch (*up) {
      case store::Upsert::kAdded: ++rep.added; break;
      case store::Upsert::kUpdated: ++rep.updated; break;
      case store::Upsert::kUnchanged: ++rep.unchanged; break;
    }
    progress.Tick(++seen);
    if (++in_batch >= opts.batch_size) {
      failure = flush();
      rolled_back = !failure.ok();
      if (!failure.ok()) return false;
    }
    return true;
  };
  auto reject = [&](const Rejection& r) {
    ++rep.rejected;
    progress.Tick(++seen);
    if (on_reject) on_reject(r);
  };
  ro.on_skip = [&](const Rejection& r) {
    supplied_date = false;
    ++rep.skipped;
    std::string category = r.category.empty() ? "other record" : r.category;
    if (rep.skipped_by.size() >= kMaxSkipCategories && !rep.skipped_by.count(category)) {
      category = "other record";
    }
    ++rep.skipped_by[category];
    progress.Tick(++seen);
    if (opts.on_skip) opts.on_skip(r);
  };
  ro.on_note = [&](const Rejection& r) {
    supplied_date = r.category == kNoteChannelDate || r.category == kNoteReadTime;
    if (rep.notes.size() < kMaxSkipCategories || rep.notes.count(r.category)) ++rep.notes[r.category];
  };
  Status st = read(ro, sink, reject);
  progress.Done();
  if (failure.ok()) {
    failure = flush();
    rolled_back = !failure.ok();
  }
  if (!failure.ok()) {
    if (txn) {
      txn->Rollback().PermitUncheckedError();
      txn.reset();
      rolled_back = true;
    }
    if (rolled_back) {
      for (ItemObserver* obs : opts.observers) {
        Status again = obs->OnRollback(store);
        if (!again.ok()) {
          return Status::Internal(failure.message() + "; then, reloading after the rollback: " + again.message());
        }
      }
    }
    return failure;
  }
  if (!st.ok()) return st;
  rep.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  return rep;
}

// The first bytes read from a file or stdin to choose how to read the rest.
constexpr size_t kHeadBytes = 1 << 20;

}  // namespace

Result<IngestReport> IngestBuffer(store::Store& store, const Pseudonymizer& pseudo, std::string_view data,
                                  const std::string& input_name, const IngestOptions& opts,
                                  const RejectSink& on_reject) {
  const Format format = InputFormat(data, input_name, opts);
  int64_t total = 0;
  if (opts.progress && (format == Format::kJsonl || format == Format::kCsv)) {
    total = std::count(data.begin(), data.end(), '\n');
  }
  auto rep = Ingest(store, pseudo, format, input_name, total, opts, on_reject,
                    [&](const ReadOptions& ro, const ItemSink& sink, const RejectSink& reject) {
                      return ReadBuffer(format, data, ro, sink, reject);
                    });
  if (rep.ok()) rep->bytes = static_cast<int64_t>(data.size());
  return rep;
}

Result<IngestReport> IngestInput(store::Store& store, const Pseudonymizer& pseudo, const std::string& input,
                                 const IngestOptions& opts, const RejectSink& on_reject) {
  if (opts.format != Format::kAuto && opts.format != Format::kJsonl && opts.format != Format::kCsv &&
      opts.format != Format::kFacebook && opts.format != Format::kZalo && opts.format != Format::kXlsx &&
      opts.format != Format::kXls && opts.format != Format::kRss && opts.format != Format::kAtom) {
    auto data = ReadInput(input, opts.fetch);
    if (!data.ok()) return data.status();
    return IngestBuffer(store, pseudo, *data, input, opts, on_reject);
  }
  // A file, stdin or a URL: JSON Lines, JSON arrays and objects one after
  // another (UTF-8), Facebook and Zalo exports (UTF-8) and CSV/TSV stream in
  // pieces (memory bounded by a piece and the longest line or record);
  // workbooks are read from the file where it lies (stdin and URLs from a
  // scratch copy on disk) a row at a time, feeds larger than the first MiB
  // an item at a time; every other input is read whole.
  std::ifstream file;
  std::unique_ptr<UrlBody> body;
  struct stat sb {};
  if (IsUrl(input)) {
    auto opened = OpenUrl(input, opts.fetch);
    if (!opened.ok()) return opened.status();
    body = std::move(*opened);
  } else if (input != "-") {
    VOX_RETURN_IF_ERROR(StatInput(input, &sb));
    file.open(input, std::ios::binary);
    if (!file) return Status::IoError("cannot read " + input + ": not readable");
  }
  std::istream& in = body != nullptr ? body->stream() : input == "-" ? std::cin : file;
  // A failed read of a URL says why (the size limit, a timeout...).
  auto read_error = [&](Status s) { return body != nullptr && !body->status().ok() ? body->status() : s; };
  std::string head(kHeadBytes, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(in.gcount()));
  if (in.bad()) return read_error(Status::IoError("cannot read " + input + ": read failed"));
  const bool complete = !in;  // the end came within the head
  const Format format = InputFormat(head, input, opts);
  if (format == Format::kJsonl && IsStreamableJsonl(head, complete)) {
    int64_t bytes = 0;
    auto rep =
        Ingest(store, pseudo, format, input, 0, opts, on_reject,
               [&](const ReadOptions& ro, const ItemSink& sink, const RejectSink& reject) {
                 return read_error(ReadJsonlStream(std::move(head), in, ro, sink, reject, opts.piece_bytes, &bytes));
               });
    if (rep.ok()) rep->bytes = bytes;
    return rep;
  }
  if (format == Format::kJsonl && IsStreamableJsonDocuments(head, complete)) {
    int64_t bytes = 0;
    auto rep = Ingest(store, pseudo, format, input, 0, opts, on_reject,
                      [&](const ReadOptions& ro, const ItemSink& sink, const RejectSink& reject) {
                        return read_error(
                            ReadJsonDocumentsStream(std::move(head), in, ro, sink, reject, opts.piece_bytes, &bytes));
                      });
    if (rep.ok()) rep->bytes = bytes;
    return rep;
  }
  if ((format == Format::kFacebook || format == Format::kZalo) && IsStreamableJsonExport(head, complete)) {
    int64_t bytes = 0;
    auto rep = Ingest(store, pseudo, format, input, 0, opts, on_reject,
                      [&](const ReadOptions& ro, const ItemSink& sink, const RejectSink& reject) {
                        return read_error(ReadJsonExportStream(format, std::move(head), in, ro, sink, reject,
                                                               opts.piece_bytes, &bytes));
                      });
    if (rep.ok()) rep->bytes = bytes;
    return rep;
  }
  if (format == Format::kCsv) {
    int64_t bytes = 0;
    StreamOptions stream;
    stream.piece_bytes = opts.piece_bytes;
    auto rep = Ingest(store, pseudo, format, input, 0, opts, on_reject,
                      [&](const ReadOptions& ro, const ItemSink& sink, const RejectSink& reject) {
                        return read_error(ReadCsvStream(std::move(head), in, ro, sink, reject, stream, &bytes));
                      });
    if (rep.ok()) rep->bytes = bytes;
    return rep;
  }
  if (format == Format::kXlsx || format == Format::kXls) {
    int64_t bytes = 0;
    const std::string path = body == nullptr && input != "-" && S_ISREG(sb.st_mode) ? input : "";
    auto rep = Ingest(store, pseudo, format, input, 0, opts, on_reject,
                      [&](const ReadOptions& ro, const ItemSink& sink, const RejectSink& reject) {
                        return read_error(ReadWorkbookStream(format, path, std::move(head), in, ro, sink, reject,
                                                             &bytes));
                      });
    if (rep.ok()) rep->bytes = bytes;
    return rep;
  }
  if (complete) return IngestBuffer(store, pseudo, head, input, opts, on_reject);
  if ((format == Format::kRss || format == Format::kAtom) && IsStreamableFeed(head)) {
    // A feed larger than the first MiB (published feeds are smaller, and
    // are read whole above).
    int64_t bytes = 0;
    auto rep = Ingest(store, pseudo, format, input, 0, opts, on_reject,
                      [&](const ReadOptions& ro, const ItemSink& sink, const RejectSink& reject) {
                        return read_error(ReadFeedStream(std::move(head), in, ro, sink, reject, &bytes));
                      });
    if (rep.ok()) rep->bytes = bytes;
    return rep;
  }
  if (body == nullptr && input != "-" && S_ISREG(sb.st_mode)) {
    // Read whole at its size, as before (no growing buffer).
    file.close();
    head = std::string();
    auto data = ReadInput(input, opts.fetch);
    if (!data.ok()) return data.status();
    return IngestBuffer(store, pseudo, *data, input, opts, on_reject);
  }
  auto rest = ReadStream(in, input);
  if (!rest.ok()) return rest.status();
  if (in.bad() || (body != nullptr && !body->status().ok())) {
    return read_error(Status::IoError("cannot read " + input + ": read failed"));
  }
  head += *rest;
  rest->clear();
  return IngestBuffer(store, pseudo, head, input, opts, on_reject);
}

}  // namespace vox::ingest
