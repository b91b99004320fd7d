// Facebook and Zalo exports read from a stream (ReadJsonExportStream) give
// what the whole-buffer reader (ReadBuffer) gives on the same input: the
// whole reader is the oracle, on well-formed and malformed inputs alike, in
// pieces of every size, from a stream that can seek (a file) and from one
// that cannot (a pipe).
#include <gtest/gtest.h>

#include <sstream>
#include <streambuf>

#include "ingest/reader.h"
#include "ingest/reader_internal.h"
#include "ingest/reader_test_util.h"

namespace vox::ingest {
namespace {

using testing::Named;
using testing::Read;

// A stream that cannot seek, as stdin from a pipe or a URL's body.
class PipeBuf : public std::streambuf {
 public:
  explicit PipeBuf(std::string s) : s_(std::move(s)) { setg(s_.data(), s_.data(), s_.data() + s_.size()); }

 private:
  std::string s_;
};

struct Streamed {
  testing::Collected c;
  int64_t bytes = 0;
};

Streamed ReadStreamed(Format format, std::string_view data, size_t head_bytes, size_t piece, bool seekable,
                      ReadOptions opts) {
  Streamed s;
  opts.on_skip = [&s](const Rejection& r) { s.c.skips.push_back(r); };
  std::string head(data.substr(0, std::min(head_bytes, data.size())));
  const std::string rest(data.substr(head.size()));
  std::istringstream file(rest);
  PipeBuf pipe_buf(rest);
  std::istream pipe(&pipe_buf);
  s.c.status = ReadJsonExportStream(
      format, head, seekable ? static_cast<std::istream&>(file) : pipe, opts,
      [&s](Item&& item) {
        s.c.items.push_back(std::move(item));
        return true;
      },
      [&s](const Rejection& r) { s.c.rejects.push_back(r); }, piece, &s.bytes);
  return s;
}

std::vector<std::string> Describe(const testing::Collected& c) {
  std::vector<std::string> out;
  out.push_back("status " + std::to_string(static_cast<int>(c.status.code())) + " " + c.status.message());
  for (const Item& it : c.items) {
    out.push_back("item " + it.kind + " " + it.source + "/" + it.id + " parent " + it.parent_id + " by " + it.author +
                  " at " + std::to_string(it.published_at) + " " + it.text + " | " + it.title + " | " + it.url + " r" +
                  std::to_string(it.metrics.reactions) + " s" + std::to_string(it.metrics.shares) + " c" +
                  std::to_string(it.metrics.comments));
  }
  for (const Rejection& r : c.rejects) out.push_back("reject " + r.where + " [" + r.field + "] " + r.reason);
  for (const Rejection& r : c.skips) out.push_back("skip " + r.where + " " + r.reason + " (" + r.category + ")");
  return out;
}

// Every way of streaming `data` gives what the whole reader gives.
void ExpectStreamedAsWhole(Format format, const std::string& data, const ReadOptions& opts) {
  const auto whole = Describe(Read(format, data, opts));
  for (size_t head : {size_t{4}, size_t{37}, data.size()}) {
    for (size_t piece : {size_t{1}, size_t{5}, size_t{64}, size_t{1} << 20}) {
      for (bool seekable : {true, false}) {
        const Streamed s = ReadStreamed(format, data, head, piece, seekable, opts);
        EXPECT_EQ(Describe(s.c), whole) << "head " << head << " piece " << piece << " seekable " << seekable;
        EXPECT_EQ(s.bytes, static_cast<int64_t>(data.size()));
      }
    }
  }
}

// How StreamRecords took the input: "whole" when it read it whole.
std::string HowRead(std::string_view data, std::string_view wrapper_key, size_t piece, size_t max_value = 0,
                    std::vector<std::string>* seen = nullptr) {
  ReadOptions opts = Named("x.json");
  std::istringstream in{std::string(data)};
  bool whole = false;
  size_t records = 0;
  const auto source = internal::StreamRecords("", in, opts, piece, nullptr, &whole, max_value);
  Status s = source(
      wrapper_key, "record",
      [&](const Rejection& r) {
        if (seen != nullptr) seen->push_back("reject " + r.where + " " + r.reason);
      },
      [&](simdjson::dom::element e, const std::string& where) {
        ++records;
        if (seen != nullptr) seen->push_back("record " + where + " " + simdjson::minify(e));
        return true;
      },
      {});
  return (whole ? "whole " : "streamed ") + std::to_string(records) + (s.ok() ? "" : " refused");
}

std::string Post(int i, const std::string& extra = "") {
  return R"({"id":"1001_)" + std::to_string(2000 + i) + R"(","message":"Bài )" + std::to_string(i) +
         R"( về cắt nước","created_time":"2026-10-01T08:30:00+0000","from":{"id":"9)" + std::to_string(i) +
         R"("},"comments":{"data":[{"id":")" + std::to_string(2000 + i) +
         R"(_1","message":"Khi nào có nước lại?","created_time":"2026-10-01T09:00:00+0000","like_count":2}]})" + extra +
         "}";
}

TEST(JsonExportStream, FacebookTestdataReadsAsTheWholeInput) {
  for (const char* name :
       {"facebook_page.json", "facebook_comments_edge.json", "facebook_conversations.json", "facebook_webhooks.json"}) {
    SCOPED_TRACE(name);
    ExpectStreamedAsWhole(Format::kFacebook, testing::ReadTestdata(name), Named(name));
  }
}

TEST(JsonExportStream, ZaloTestdataReadsAsTheWholeInput) {
  ReadOptions opts = Named("zalo.jsonl");
  opts.now = 1790900000;
  const std::string lines = testing::ReadTestdata("zalo_events.jsonl");
  ExpectStreamedAsWhole(Format::kZalo, lines, opts);
  // The same events as an array, and wrapped in {"events": [...]}.
  std::string array = "[\n";
  std::istringstream in(lines);
  std::string line;
  bool first = true;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    array += (first ? "" : ",\n") + line;
    first = false;
  }
  array += "\n]\n";
  ExpectStreamedAsWhole(Format::kZalo, array, opts);
  ExpectStreamedAsWhole(Format::kZalo, "{\"oa_id\":\"oa1\",\"events\":" + array + ",\"count\":9}", opts);
}

// The paging URL comes after the data: its edge (comments of 1001_2001)
// still decides what the records are and which post they hang from.
TEST(JsonExportStream, PagingAfterTheDataStillNamesTheEdge) {
  const std::string data =
      R"({"data":[{"id":"2001_1","message":"Bao giờ có nước?","created_time":"2026-10-01T09:00:00+0000"},)"
      R"({"id":"2001_2","message":"Nhà tôi cũng mất","created_time":"2026-10-01T09:05:00+0000"}],)"
      R"("paging":{"next":"https://graph.facebook.com/v19.0/1001_2001/comments?after=x"}})";
  const auto whole = Read(Format::kFacebook, data, Named("c.json"));
  ASSERT_EQ(whole.items.size(), 2u);
  EXPECT_EQ(whole.items[0].kind, "comment");
  EXPECT_EQ(whole.items[0].parent_id, "1001_2001");
  const Streamed s = ReadStreamed(Format::kFacebook, data, 16, 8, false, Named("c.json"));
  EXPECT_EQ(Describe(s.c), Describe(whole));
  EXPECT_EQ(HowRead(data, "data", 8), "streamed 2");
}

TEST(JsonExportStream, PageExportOfManyPostsStreamsRecordByRecord) {
  std::string data = "\xEF\xBB\xBF{\n  \"data\": [\n";
  for (int i = 0; i < 200; ++i) data += (i ? ",\n    " : "    ") + Post(i);
  // A repeated post, one without text, one without a date, one too nested.
  data += ",\n" + Post(7) + ",\n" + R"({"id":"1001_9","created_time":"2026-10-01T08:30:00+0000"})";
  data += ",\n" + std::string(R"({"id":"1001_10","message":"không ngày"})");
  data += ",\n" + std::string(R"({"id":"1001_11","message":"x","created_time":"2026-10-01T08:30:00+0000",)"
                              R"("comments":{"data":"no"}})");
  data += "\n  ],\n  \"paging\": {\"cursors\": {\"before\": \"a\", \"after\": \"b\"}}\n}\n";
  const ReadOptions opts = Named("page.json");
  const auto whole = Read(Format::kFacebook, data, opts);
  ASSERT_TRUE(whole.status.ok());
  EXPECT_EQ(whole.items.size(), 400u);
  EXPECT_EQ(whole.rejects.size(), 2u);
  EXPECT_EQ(whole.rejects[0].where, "page.json: post 203");
  EXPECT_EQ(whole.rejects[0].field, "created_time");
  ExpectStreamedAsWhole(Format::kFacebook, data, opts);
  EXPECT_EQ(HowRead(data, "data", 256), "streamed 204");
}

// Malformed records: the whole reader decides (the input is read whole,
// then as the whole reader reads it), so the errors name the same places.
TEST(JsonExportStream, MalformedInputsGiveTheWholeReadersErrors) {
  const std::vector<std::string> inputs = {
      "{\"data\":[" + Post(1) + "," + Post(2) + ",{\"id\":\"3\",\"message\":\"x\",}]}",  // a trailing comma
      "{\"data\":[" + Post(1) + "," + Post(2) + "]",                                     // never closed
      "[" + Post(1) + ",\n" + Post(2) + ",\n{broken\n]",                                 // a broken element
      "[" + Post(1) + "\n" + Post(2) + "]",                                              // no comma
      "[" + Post(1) + ",]",                                                              // a trailing comma
      Post(1) + "\n" + Post(2) + "\nnot json\n" + Post(3) + "\n",                        // JSON Lines with a bad line
      Post(1) + "\n{\"id\":\"2\",\"message\":\"bad \xff utf8\"}\n",                      // bad UTF-8
      "{\"data\":[" + Post(1) + "]} trailing",                                           // text after
      "{\"d\\u0061ta\":[" + Post(1) + "," + Post(2) + "]}",                              // an escaped key
      "{\"data\":{\"id\":\"x\"},\"data\":[" + Post(1) + "]}",                            // data twice
      "{\"data\":[" + Post(1) + "],\"data\":[" + Post(2) + "]}",                         // data twice, arrays
      "{\"data\":[]}",
      "[]",
      "[]\n[]",
      "   \n",
      "",
      "\"just a string\"",
      "<html><body>not an export</body></html>",
      "{\"object\":\"page\",\"entry\":[{\"id\":\"1\",\"changes\":[]}]}",
      "{\"data\":[" + Post(1) + "]}\n{\"data\":[" + Post(2) + "]}\n",
      "[" + Post(1) + "]" + Post(2),
  };
  for (const std::string& data : inputs) {
    SCOPED_TRACE(data.substr(0, 120));
    ExpectStreamedAsWhole(Format::kFacebook, data, Named("bad.json"));
    ReadOptions opts = Named("bad.json");
    opts.now = 1790900000;
    ExpectStreamedAsWhole(Format::kZalo, data, opts);
  }
  // A malformed record in {"data": [...]}: the document is one span of
  // JsonDocumentSplitter's, malformed and alone, so the input is refused as
  // a whole, as the whole reader refuses it; in a top-level array each
  // element is a span: the malformed one is rejected, the others read.
  EXPECT_EQ(HowRead("{\"data\":[{\"a\":1},{\"a\":}]}", "data", 4), "streamed 0 refused");
  EXPECT_EQ(HowRead("[{\"a\":1},\n{\"a\":},\n{\"a\":3}]", "data", 4), "streamed 2");
  EXPECT_EQ(HowRead("{\"data\":[{\"a\":1},{\"a\":2}]}", "data", 4), "streamed 2");
  // Documents one after another, each with its records.
  EXPECT_EQ(HowRead("{\"data\":[{\"a\":1},{\"a\":2}]}\n{\"data\":[{\"a\":3}]}\n", "data", 4), "streamed 3");
  // JSON Lines with a malformed line: line by line.
  EXPECT_EQ(HowRead("{\"a\":1}\n{broken\n\n{\"data\":[{\"a\":2},{\"a\":3}]}\n", "data", 4), "streamed 3");
  // No comma between elements: what only the survey refuses (a parser
  // refuses it too, but JsonDocumentSplitter does not): read whole.
  EXPECT_EQ(HowRead("[{\"a\":1},\n{\"a\":2}\n{\"a\":3}]", "data", 4), "whole 3");
  // One object with no array to split: one record, read whole.
  EXPECT_EQ(HowRead("{\"object\":\"page\",\"entry\":[]}", "data", 4), "whole 1");
}

TEST(JsonExportStream, DeeplyNestedRecordsAreTheWholeReadersToJudge) {
  // Nested as deep as a parser allows on its own, but two levels deeper inside {"data": [...]}.
  const size_t depth = simdjson::DEFAULT_MAX_DEPTH - 1;
  const std::string deep = std::string(depth, '[') + std::string(depth, ']');
  ExpectStreamedAsWhole(Format::kFacebook, "{\"data\":[" + Post(1) + "," + deep + "]}", Named("deep.json"));
  ExpectStreamedAsWhole(Format::kFacebook, "[" + deep + "]\n[" + Post(1) + "]", Named("deep.json"));
}

// A webhook log whose writer stopped mid-line, then went on.
TEST(JsonExportStream, WebhookLogWithACutLineStreamsLineByLine) {
  ReadOptions opts = Named("zalo.log");
  opts.now = 1790900000;
  const std::string lines = testing::ReadTestdata("zalo_events.jsonl");
  const std::string cut = lines.substr(0, lines.find('\n', lines.find("user_send_text")) - 20) + "\n" + lines;
  const auto whole = Read(Format::kZalo, cut, opts);
  ASSERT_EQ(whole.rejects.size(), 1u + Read(Format::kZalo, lines, opts).rejects.size());
  EXPECT_EQ(whole.rejects[0].where, "zalo.log:2");
  ExpectStreamedAsWhole(Format::kZalo, cut, opts);
  EXPECT_EQ(HowRead(cut, "events", 64).rfind("streamed", 0), 0u);
}

// A value longer than the survey holds is skimmed for its end: never
// closed (a line cut short, the lines after it inside its brackets) the
// input is malformed for certain and streams line by line; closed, it is
// read whole. Either way the records are the whole reader's.
TEST(JsonExportStream, ValuesLongerThanTheSurveyHoldsAreSkimmed) {
  const std::string cut = "{\"a\":1}\n{\"a\":{\"b\":\"x\\\"}{\"\n" + std::string(50, ' ') + "\n";
  std::string lines = cut;
  for (int i = 0; i < 40; ++i) lines += "{\"a\":[" + std::to_string(i) + ",\"]\\\\\"]}\n";
  std::string long_record = "{\"data\":[{\"a\":\"" + std::string(300, 'y') + "\"},{\"a\":2}]}";
  std::string long_string = "{\"data\":[{\"a\":1}],\"note\":\"" + std::string(300, 'z') + "\"}";
  std::string long_number = "[1," + std::string(300, '7') + "]";
  for (const std::string* data : {&lines, &long_record, &long_string, &long_number}) {
    std::vector<std::string> whole_seen;
    ReadOptions opts = Named("x.json");
    Status ws = internal::BufferRecords(*data, opts)(
        "data", "record", [&](const Rejection& r) { whole_seen.push_back("reject " + r.where + " " + r.reason); },
        [&](simdjson::dom::element e, const std::string& where) {
          whole_seen.push_back("record " + where + " " + simdjson::minify(e));
          return true;
        },
        {});
    for (size_t piece : {size_t{1}, size_t{16}, size_t{4096}}) {
      std::vector<std::string> seen;
      HowRead(*data, "data", piece, 64, &seen);
      EXPECT_EQ(seen, whole_seen) << data->substr(0, 40) << " piece " << piece;
    }
  }
  EXPECT_EQ(HowRead(lines, "data", 16, 64), "streamed 41");
  EXPECT_EQ(HowRead(long_record, "data", 16, 64), "whole 2");
  EXPECT_EQ(HowRead(long_record, "data", 16), "streamed 2");
  EXPECT_EQ(HowRead(long_string, "data", 16, 64), "whole 1");
  EXPECT_EQ(HowRead(long_number, "data", 16, 64), "whole 1");  // 10^300 is no int64: the whole reader rejects it
}

TEST(JsonExportStream, StopsWhenTheSinkSaysSo) {
  std::string data = "{\"data\":[";
  for (int i = 0; i < 10; ++i) data += (i ? "," : "") + Post(i);
  data += "]}";
  std::istringstream in(data);
  int items = 0;
  Status s = ReadJsonExportStream(
      Format::kFacebook, "", in, Named("p.json"), [&](Item&&) { return ++items < 3; }, [](const Rejection&) {}, 64);
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(items, 3);
}

TEST(JsonExportStream, OnlyUtf8HeadsStream) {
  EXPECT_TRUE(IsStreamableJsonExport("{\"data\":[", false));
  EXPECT_TRUE(IsStreamableJsonExport("[]", true));
  EXPECT_FALSE(IsStreamableJsonExport("[]", false));  // too short to tell
  EXPECT_FALSE(IsStreamableJsonExport(std::string("\xFF\xFE{\0\"\0", 6), false));
  EXPECT_FALSE(IsStreamableJsonExport(std::string("{\0\"\0d\0", 6), false));
}

}  // namespace
}  // namespace vox::ingest
