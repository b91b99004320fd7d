#include "ingest/pipeline.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace vox::ingest {
namespace {

class PipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("vox_pipeline_test_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    db_ = (dir_ / "vox.db").string();
    auto st = store::Store::Open(db_, {.create = true});
    ASSERT_TRUE(st.ok()) << st.status().message();
    store_ = std::move(st).value();
    auto p = Pseudonymizer::FromKeyFile(db_ + ".key", true);
    ASSERT_TRUE(p.ok()) << p.status().message();
    pseudo_ = *p;
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  IngestReport Ingest(const std::string& data, std::vector<Rejection>* rejects = nullptr) {
    IngestOptions opts;
    opts.format = Format::kJsonl;
    opts.batch_size = 2;
    auto r = IngestBuffer(*store_, pseudo_, data, "in.jsonl", opts, [&](const Rejection& rj) {
      if (rejects) rejects->push_back(rj);
    });
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? *r : IngestReport{};
  }

  std::string ReadAllBytes() {
    std::string all;
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::ifstream f(db_ + suffix, std::ios::binary);
      std::stringstream ss;
      ss << f.rdbuf();
      all += ss.str();
    }
    return all;
  }

  std::filesystem::path dir_;
  std::string db_;
  std::unique_ptr<store::Store> store_;
  Pseudonymizer pseudo_;
};

std::string ReadTestFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

const char kTwo[] =
    R"({"id":"a1","source":"fb","text":"Mất điện từ sáng ở phường An Hòa","published_at":"2026-10-01T08:00:00+07:00","author":"Nguyễn Văn Tèo"})"
    "\n"
    R"({"id":"a2","source":"fb","text":"Liên hệ 0912 345 678 hoặc teo.nguyen@example.com","published_at":"2026-10-01T09:00:00+07:00","author":"fb-user-100042"})"
    "\n";

TEST_F(PipelineTest, SecondIngestOfSameInputAddsNothing) {
  IngestReport a = Ingest(kTwo);
  EXPECT_EQ(a.added, 2);
  IngestReport b = Ingest(kTwo);
  EXPECT_EQ(b.added, 0);
  EXPECT_EQ(b.unchanged, 2);
  EXPECT_EQ(store_->GetStats()->items, 2);
}

TEST_F(PipelineTest, ChangedTextUpdatesAndKeepsRevision) {
  Ingest(kTwo);
  std::string changed = kTwo;
  changed.replace(changed.find("từ sáng"), std::string("từ sáng").size(), "từ trưa");
  IngestReport r = Ingest(changed);
  EXPECT_EQ(r.updated, 1);
  EXPECT_EQ(r.unchanged, 1);
  EXPECT_EQ(store_->GetStats()->revisions, 1);
}

TEST_F(PipelineTest, BadRecordsAreRejectedAndTheRestKept) {
  std::string data = std::string(kTwo) + "{not json\n" +
                     R"({"id":"a3","source":"fb","text":"ok","published_at":"yesterday"})" + "\n" +
                     R"({"id":"a4","source":"fb","text":"vẫn giữ","published_at":"2026-10-02T09:00:00Z"})" + "\n";
  std::vector<Rejection> rejects;
  IngestReport r = Ingest(data, &rejects);
  EXPECT_EQ(r.added, 3);
  EXPECT_EQ(r.rejected, 2);
  ASSERT_EQ(rejects.size(), 2u);
  EXPECT_EQ(rejects[0].where, "in.jsonl:3");
  EXPECT_EQ(rejects[1].where, "in.jsonl:4");
  EXPECT_EQ(rejects[1].field, "published_at");
}

TEST_F(PipelineTest, RawAuthorsAndPersonalDataAreNowhereInTheDatabaseFiles) {
  Ingest(kTwo);
  std::string bytes = ReadAllBytes();
  ASSERT_GT(bytes.size(), 1000u);
  for (const char* secret : {"Nguyễn Văn Tèo", "fb-user-100042", "0912 345 678", "912345678",
                             "teo.nguyen@example.com", "example.com"}) {
    EXPECT_EQ(bytes.find(secret), std::string::npos) << secret << " found in the store";
  }
  store_.reset();  // checkpoint the WAL into the main file, then look again
  bytes = ReadAllBytes();
  EXPECT_EQ(bytes.find("Nguyễn Văn Tèo"), std::string::npos);
  EXPECT_EQ(bytes.find("0912 345 678"), std::string::npos);
}

TEST_F(PipelineTest, PseudonymsCountVoicesWithoutRevealingThem) {
  Ingest(kTwo);
  auto stats = store_->GetStats();
  EXPECT_EQ(stats->voices, 2);
  std::vector<std::string> keys;
  ASSERT_TRUE(store_->ForEachItem({}, [&](const store::StoredItem& si) {
    EXPECT_TRUE(si.item.author.empty());
    EXPECT_EQ(si.item.author_pseudonym.size(), 32u);
    keys.push_back(si.item.author_pseudonym);
    return true;
  }).ok());
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_NE(keys[0], keys[1]);
  EXPECT_EQ(keys[0], pseudo_.Pseudonym("Nguyễn Văn Tèo"));
}

TEST_F(PipelineTest, KeyFileIsReusedAndPrivate) {
  auto again = Pseudonymizer::FromKeyFile(db_ + ".key", false);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->Fingerprint(), pseudo_.Fingerprint());
  EXPECT_EQ(again->Pseudonym("x"), pseudo_.Pseudonym("x"));
  auto perms = std::filesystem::status(db_ + ".key").permissions();
  EXPECT_EQ(perms & (std::filesystem::perms::group_all | std::filesystem::perms::others_all),
            std::filesystem::perms::none);
  auto other = Pseudonymizer::FromKeyFile((dir_ / "other.key").string(), true);
  ASSERT_TRUE(other.ok());
  EXPECT_NE(other->Pseudonym("x"), pseudo_.Pseudonym("x"));
}

TEST_F(PipelineTest, RepeatedIdsInOneInputKeepTheFirstAndReRunsChangeNothing) {
  const std::string data =
      R"({"id":"7","source":"fb","text":"Mất điện phường An Hòa","published_at":"2026-10-01T08:00:00+07:00"})" "\n"
      R"({"id":"7","source":"fb","text":"Có điện lại rồi","published_at":"2026-10-01T09:00:00+07:00"})" "\n"
      R"({"id":"8","text":"không nguồn","published_at":"2026-10-01T09:00:00+07:00"})" "\n"
      R"({"id":"8","source":"default","text":"nguồn mặc định","published_at":"2026-10-01T09:00:00+07:00"})" "\n";
  IngestOptions opts;
  opts.format = Format::kJsonl;
  std::vector<Rejection> skips;
  opts.on_skip = [&](const Rejection& r) { skips.push_back(r); };
  for (int run = 0; run < 3; ++run) {
    skips.clear();
    auto r = IngestBuffer(*store_, pseudo_, data, "dir/dup.jsonl", opts, nullptr);
    ASSERT_TRUE(r.ok()) << r.status().message();
    EXPECT_EQ(r->added, run == 0 ? 2 : 0) << run;
    EXPECT_EQ(r->updated, 0) << run;
    EXPECT_EQ(r->unchanged, run == 0 ? 0 : 2) << run;
    EXPECT_EQ(r->rejected, 0);
    EXPECT_EQ(r->skipped, 2);
    EXPECT_EQ(r->skipped_by, (std::map<std::string, int64_t>{{"duplicate id", 2}}));
    ASSERT_EQ(skips.size(), 2u);
    EXPECT_EQ(skips[0].where, "dup.jsonl:2");
    EXPECT_NE(skips[0].reason.find("dup.jsonl:1"), std::string::npos) << skips[0].reason;
    EXPECT_EQ(skips[1].where, "dup.jsonl:4");
  }
  EXPECT_EQ(store_->GetStats()->items, 2);
  EXPECT_EQ(store_->GetStats()->revisions, 0);
}

TEST_F(PipelineTest, SkippedEventsAreCountedByKind) {
  const std::string data = ReadTestFile("src/ingest/testdata/zalo_events.jsonl") +
      R"({"event_name":"follow","follower":{"id":"4009"},"timestamp":"1790818200000"})" "\n";
  IngestOptions opts;  // format auto: Zalo by its "event_name"
  auto r = IngestBuffer(*store_, pseudo_, data, "zalo.jsonl", opts, nullptr);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->added, 3);
  EXPECT_EQ(r->rejected, 1);
  EXPECT_EQ(r->skipped, 5);
  EXPECT_EQ(r->skipped_by, (std::map<std::string, int64_t>{{"follow event", 2},
                                                            {"oa_send_text event", 1},
                                                            {"user_seen_message event", 1},
                                                            {"user_send_image event without text", 1}}));
}

TEST_F(PipelineTest, SkipCategoriesAreBounded) {
  std::string data;
  for (int i = 0; i < 40; ++i) {
    data += R"({"event_name":"event_)" + std::to_string(i) + R"("})" "\n";
  }
  IngestOptions opts;
  opts.format = Format::kZalo;
  auto r = IngestBuffer(*store_, pseudo_, data, "z.jsonl", opts, nullptr);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->skipped, 40);
  EXPECT_LE(r->skipped_by.size(), kMaxSkipCategories + 1);
  EXPECT_EQ(r->skipped_by["other record"], 40 - static_cast<int64_t>(kMaxSkipCategories));
}

TEST_F(PipelineTest, ADirectoryIsAClearError) {
  IngestOptions opts;
  for (const std::string& dir : {dir_.string(), dir_.string() + "/"}) {
    auto r = IngestInput(*store_, pseudo_, dir, opts, nullptr);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.status().message().find(dir + " is a directory"), std::string::npos)
        << r.status().message();
  }
  auto missing = IngestInput(*store_, pseudo_, (dir_ / "nope.jsonl").string(), opts, nullptr);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("no such file"), std::string::npos);
}

TEST_F(PipelineTest, Utf16FilesAreDetectedAndRead) {
  // "\xFF\xFE" then UTF-16LE: what Notepad and PowerShell write as "Unicode".
  std::string data = "\xFF\xFE";
  for (char16_t u : std::u16string(
           u"{\"id\":\"u1\",\"source\":\"fb\",\"text\":\"Mất điện\",\"published_at\":\"2026-10-01T08:00:00Z\"}\r\n")) {
    data += static_cast<char>(u & 0xFF);
    data += static_cast<char>(u >> 8);
  }
  const std::string path = (dir_ / "unicode.txt").string();
  std::ofstream(path, std::ios::binary) << data;
  IngestOptions opts;  // format auto
  auto r = IngestInput(*store_, pseudo_, path, opts, nullptr);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->added, 1);
  EXPECT_EQ(r->rejected, 0);
}

TEST_F(PipelineTest, FeedItemsWithoutADateAreNotedAndLocalTimesAreOfficeTime) {
  IngestOptions opts;  // format auto: RSS by its root
  opts.now = 1796601600;
  auto r = IngestBuffer(*store_, pseudo_, ReadTestFile("src/ingest/testdata/feed_rss091.xml"),
                        "p.xml", opts, nullptr);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->added, 2);
  EXPECT_EQ(r->skipped, 0);
  EXPECT_EQ(r->notes, (std::map<std::string, int64_t>{{kNoteChannelDate, 2}}));
  // Read again later, after the channel's date moved (and with no date at
  // all): the items keep the date they were stored with, nothing changes.
  std::string moved = ReadTestFile("src/ingest/testdata/feed_rss091.xml");
  moved.replace(moved.find("Mon, 23 Nov 2026 17:00"), 22, "Fri, 27 Nov 2026 17:00");
  opts.now = 1796601600 + 86400;
  auto again = IngestBuffer(*store_, pseudo_, moved, "p.xml", opts, nullptr);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->unchanged, 2);
  EXPECT_EQ(again->updated, 0);
  EXPECT_EQ(again->notes, (std::map<std::string, int64_t>{{kNoteChannelDate, 2}}));
  auto kept = store_->GetItem("Phường Thạch Thang - Thông báo",
                              "https://thachthang.example/tb/lich-tiep-cong-dan");
  ASSERT_TRUE(kept.ok()) << kept.status().message();
  EXPECT_EQ(kept->item.published_at, 1795428000);  // 2026-11-23T17:00:00+07:00
  const std::string dateless =
      "<rss><channel><title>T</title><item><guid>g</guid><title>t</title></item></channel></rss>";
  opts.now = 1796601600;
  ASSERT_TRUE(IngestBuffer(*store_, pseudo_, dateless, "d.xml", opts, nullptr).ok());
  opts.now = 1796601600 + 3600;
  auto later = IngestBuffer(*store_, pseudo_, dateless, "d.xml", opts, nullptr);
  ASSERT_TRUE(later.ok());
  EXPECT_EQ(later->unchanged, 1);
  EXPECT_EQ(later->notes, (std::map<std::string, int64_t>{{kNoteReadTime, 1}}));
  // Offset-less times: the office's zone, +07:00 unless told otherwise.
  const std::string line =
      R"({"id":"t1","text":"x","published_at":"2026-10-01 08:30:00"})" "\n";
  auto a = IngestBuffer(*store_, pseudo_, line, "a.jsonl", {}, nullptr);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->added, 1);
  EXPECT_TRUE(a->notes.empty());
  auto item = store_->GetItem("default", "t1");
  ASSERT_TRUE(item.ok()) << item.status().message();
  EXPECT_EQ(item->item.published_at, 1790818200);  // 2026-10-01T08:30:00+07:00
  IngestOptions utc;
  utc.local_offset_seconds = 0;
  auto b = IngestBuffer(*store_, pseudo_, line, "a.jsonl", utc, nullptr);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->updated, 1);
}

// A complaint log without an id column (Vietnamese header, ';', Windows-1258
// bytes, dd/mm/yyyy): ids come from the rows' content, so importing the same
// export again changes nothing; the table options reach the reader.
TEST_F(PipelineTest, TableWithoutIdsReimportsUnchanged) {
  // "Ngày gửi;Nội dung;Phường" in Windows-1258, two rows.
  const std::string data =
      "Ng\xE0y g\xFD\xD2i;N\xF4\xF2i dung;Ph\xFD\xF5\xCCng\r\n"
      "13/03/2026 08:00;\xD0\xFD\xF5\xCCng ng\xE2\xF2p;Ph\xFD\xF5\xCCng 1\r\n"
      "02/03/2026 09:30;R\xE1\x63 th\xE1\xD2i;Ph\xFD\xF5\xCCng 2\r\n";
  IngestOptions opts;
  opts.source = "phan-anh";
  auto run = [&](const IngestOptions& o) {
    auto r = IngestBuffer(*store_, pseudo_, data, "so-lieu.csv", o, [](const Rejection& rj) {
      ADD_FAILURE() << rj.where << " " << rj.field << " " << rj.reason;
    });
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? *r : IngestReport{};
  };
  IngestReport a = run(opts);
  EXPECT_EQ(a.added, 2);
  IngestReport b = run(opts);
  EXPECT_EQ(b.added, 0);
  EXPECT_EQ(b.unchanged, 2);
  // --date-format mm/dd/yyyy: "13/03/2026" is no date then.
  IngestOptions us = opts;
  us.table.date_format = "mm/dd/yyyy";
  int64_t rejected = 0;
  auto r = IngestBuffer(*store_, pseudo_, data, "so-lieu.csv", us,
                        [&](const Rejection&) { ++rejected; });
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(rejected, 1);
}

// JSON Lines from a file stream in pieces: the same report, rejections at
// the same lines and the same stored items as the whole buffer gives; a
// file that is not JSON Lines (an array) is read whole and still works.
TEST_F(PipelineTest, JsonLinesFromAFileStreamInPiecesWithTheSameResults) {
  std::string data;
  for (int i = 1; i <= 40; ++i) {
    if (i == 17) data += "{broken\n";
    data += "{\"id\":\"s" + std::to_string(i % 35) + "\",\"text\":\"mất điện khu " + std::to_string(i) +
            "\",\"published_at\":\"2026-10-01T08:00:00+07:00\"}\n";
  }
  const std::string path = (dir_ / "many.jsonl").string();
  std::ofstream(path, std::ios::binary) << data;
  IngestOptions opts;
  opts.batch_size = 3;
  opts.piece_bytes = 100;  // a few lines a piece
  std::vector<Rejection> streamed_rejects;
  auto streamed = IngestInput(*store_, pseudo_, path, opts, [&](const Rejection& r) { streamed_rejects.push_back(r); });
  ASSERT_TRUE(streamed.ok()) << streamed.status().message();
  EXPECT_EQ(streamed->added, 35);
  EXPECT_EQ(streamed->rejected, 1);
  EXPECT_EQ(streamed->skipped, 5);  // s1..s5 again
  EXPECT_EQ(streamed->bytes, static_cast<int64_t>(data.size()));
  ASSERT_EQ(streamed_rejects.size(), 1u);
  EXPECT_EQ(streamed_rejects[0].where, "many.jsonl:17");
  EXPECT_EQ(store_->GetStats()->items, 35);
  // The whole buffer into a second store gives the same report.
  std::vector<Rejection> whole_rejects;
  auto other = store::Store::Open((dir_ / "other.db").string(), {.create = true});
  ASSERT_TRUE(other.ok());
  opts.format = Format::kJsonl;
  auto whole = IngestBuffer(**other, pseudo_, data, path, opts, [&](const Rejection& r) { whole_rejects.push_back(r); });
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(whole->added, streamed->added);
  EXPECT_EQ(whole->skipped, streamed->skipped);
  ASSERT_EQ(whole_rejects.size(), 1u);
  EXPECT_EQ(whole_rejects[0].where, streamed_rejects[0].where);
  // Again: nothing changes.
  opts.format = Format::kAuto;
  auto again = IngestInput(*store_, pseudo_, path, opts, nullptr);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->unchanged, 35);
  // A JSON array is not JSON Lines: read whole, one record per element.
  const std::string array_path = (dir_ / "array.json").string();
  std::ofstream(array_path, std::ios::binary)
      << "[\n{\"id\":\"arr1\",\"text\":\"x\",\"published_at\":\"2026-10-01T08:00:00Z\"},\n"
         "{\"id\":\"arr2\",\"text\":\"y\",\"published_at\":\"2026-10-01T08:00:00Z\"}\n]\n";
  auto arr = IngestInput(*store_, pseudo_, array_path, opts, nullptr);
  ASSERT_TRUE(arr.ok()) << arr.status().message();
  EXPECT_EQ(arr->added, 2);
}

}  // namespace
}  // namespace vox::ingest
