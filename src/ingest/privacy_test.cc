#include "ingest/privacy.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

namespace vox::ingest {
namespace {

Pseudonymizer TestKey() {
  const auto path = std::filesystem::temp_directory_path() / ("vox_privacy_test_" + std::to_string(getpid()) + ".key");
  auto p = Pseudonymizer::FromKeyFile(path.string(), true);
  EXPECT_TRUE(p.ok());
  std::filesystem::remove(path);
  return *p;
}

std::string Url(std::string_view in) {
  int n = 0;
  return SafeUrl(in, &n);
}

TEST(SafeUrl, KeepsOrdinaryLinks) {
  EXPECT_EQ(Url("https://vnexpress.net/mat-dien-dien-rong-4567891.html"),
            "https://vnexpress.net/mat-dien-dien-rong-4567891.html");
  EXPECT_EQ(Url("http://example.vn/a?page=2&q=ng%E1%BA%ADp"), "http://example.vn/a?page=2&q=ng%E1%BA%ADp");
  EXPECT_EQ(Url("//example.vn/x"), "https://example.vn/x");
  EXPECT_EQ(Url("https://example.vn/van-ban/13-2023-nd-cp"), "https://example.vn/van-ban/13-2023-nd-cp");
}

TEST(SafeUrl, DropsWhatIsNotHttp) {
  EXPECT_EQ(Url("javascript:alert(1)"), "");
  EXPECT_EQ(Url("JaVaScRiPt://%0aalert(1)"), "");
  EXPECT_EQ(Url("data:text/html;base64,PHNjcmlwdD4="), "");
  EXPECT_EQ(Url("file:///etc/passwd"), "");
  EXPECT_EQ(Url("ftp://example.vn/a"), "");
  EXPECT_EQ(Url("/relative/path"), "");
  EXPECT_EQ(Url("https://"), "");
}

TEST(SafeUrl, RemovesPersonalDataAndTracking) {
  int n = 0;
  EXPECT_EQ(SafeUrl("https://example.vn/lien-he?sdt=0912345678&page=1&utm_source=fb", &n),
            "https://example.vn/lien-he?page=1");
  EXPECT_EQ(n, 1);
  EXPECT_EQ(Url("https://example.vn/form?Email=a.b@gmail.com"), "https://example.vn/form");
  EXPECT_EQ(Url("https://user:secret@example.vn/a"), "https://example.vn/a");
  // Personal data inside the path, a slug or another parameter's value.
  EXPECT_EQ(Url("https://example.vn/u/0912345678"), "https://example.vn/u/[SĐT]");
  EXPECT_EQ(Url("https://rao.vn/ban-nha-lien-he-0912-345-678"), "https://rao.vn/ban-nha-lien-he-[SĐT]");
  EXPECT_EQ(Url("https://example.vn/u/nguyenvana%40gmail.com/posts"), "https://example.vn/u/[EMAIL]/posts");
  EXPECT_EQ(Url("https://example.vn/s?q=goi+0912345678"), "https://example.vn/s?q=goi%20[SĐT]");
  EXPECT_EQ(Url("https://example.vn/a#0912345678"), "https://example.vn/a#[SĐT]");
}

TEST(SafeId, PersonalIdsBecomeStableHashes) {
  const Pseudonymizer key = TestKey();
  bool personal = false;
  const std::string a = SafeId(key, "0912345678", &personal);
  EXPECT_TRUE(personal);
  EXPECT_EQ(a.rfind("pid-", 0), 0u);
  EXPECT_EQ(a.find("0912345678"), std::string::npos);
  EXPECT_EQ(SafeId(key, "0912345678", &personal), a) << "re-ingest must give the same id";
  EXPECT_NE(SafeId(key, "0987654321", &personal), a);
  EXPECT_NE(a.substr(4), key.Pseudonym("0912345678")) << "ids and authors hash apart";
  EXPECT_TRUE(SafeId(key, "ticket-a.b@gmail.com", &personal) != "ticket-a.b@gmail.com" && personal);
  EXPECT_TRUE((SafeId(key, "001203004567", &personal), personal)) << "CCCD-shaped";
}

TEST(SafeId, PlatformIdsAreKept) {
  const Pseudonymizer key = TestKey();
  bool personal = true;
  for (const char* id : {"123456789012345_987654321098765", "1234567890", "123456789", "msg-4f2a9c",
                         "https://vnexpress.net/a-4567891.html", "r-2026-0001", "100012345678"}) {
    EXPECT_EQ(SafeId(key, id, &personal), id);
    EXPECT_FALSE(personal) << id;
  }
}

TEST(MaskItemFields, EveryFreeTextField) {
  const Pseudonymizer key = TestKey();
  Item it;
  it.id = "0912345678";
  it.parent_id = "0987654321";
  it.place = "Phường 3, gọi 0912 345 678";
  it.labels = {"ngập lụt", "0912345678", "giá cả"};
  it.url = "https://example.vn/x?phone=0912345678";
  const PrivacyCounts c = MaskItemFields(key, &it);
  EXPECT_EQ(it.place, "Phường 3, gọi [SĐT]");
  EXPECT_EQ(it.labels, (std::vector<std::string>{"ngập lụt", "giá cả"}));
  EXPECT_EQ(it.url, "https://example.vn/x");
  EXPECT_EQ(it.id.rfind("pid-", 0), 0u);
  EXPECT_EQ(it.parent_id.rfind("pid-", 0), 0u);
  EXPECT_EQ(c.masked, 5);
}

}  // namespace
}  // namespace vox::ingest
