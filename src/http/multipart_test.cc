#include "http/multipart.h"

#include <gtest/gtest.h>

#include <string>

namespace vox::http {
namespace {

constexpr const char* kType = "multipart/form-data; boundary=----vox42";

std::string Body(std::initializer_list<std::string> parts) {
  std::string b;
  for (const std::string& p : parts) b += "------vox42\r\n" + p + "\r\n";
  return b + "------vox42--\r\n";
}

TEST(Multipart, BoundaryFromContentType) {
  EXPECT_EQ(MultipartBoundary("multipart/form-data; boundary=----WebKitFormBoundaryAbC"), "----WebKitFormBoundaryAbC");
  EXPECT_EQ(MultipartBoundary("Multipart/Form-Data;boundary=\"a b'c\""), "a b'c");
  EXPECT_EQ(MultipartBoundary("multipart/form-data; charset=utf-8; boundary=x"), "x");
  EXPECT_EQ(MultipartBoundary("multipart/mixed; boundary=x"), "");
  EXPECT_EQ(MultipartBoundary("multipart/form-data"), "");
  EXPECT_EQ(MultipartBoundary("multipart/form-data; boundary="), "");
  EXPECT_EQ(MultipartBoundary("multipart/form-data; boundary=" + std::string(71, 'a')), "");
  EXPECT_EQ(MultipartBoundary("multipart/form-data; boundary=\"ends in space \""), "");
  EXPECT_EQ(MultipartBoundary("multipart/form-data; boundary=a; boundary=b"), "");
  EXPECT_EQ(MultipartBoundary("multipart/form-data; boundary=\"a\\\"b\""), "");
}

TEST(Multipart, FieldsAndAFile) {
  const std::string body = Body({"Content-Disposition: form-data; name=\"text\"\r\n\r\nCống bị tắc\r\nở đường Lê Lợi",
                                 "Content-Disposition: form-data; name=\"place\"\r\n\r\n",
                                 "Content-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\n"
                                 "Content-Type: image/PNG\r\n\r\n\x89PNG\r\n\x1a\n--not-a-boundary"});
  const MultipartResult r = ParseMultipart(body, kType);
  ASSERT_TRUE(r.ok()) << r.error;
  ASSERT_EQ(r.parts.size(), 3u);
  EXPECT_EQ(r.parts[0].name, "text");
  EXPECT_EQ(r.parts[0].data, "Cống bị tắc\r\nở đường Lê Lợi");
  EXPECT_FALSE(r.parts[0].has_filename);
  EXPECT_EQ(r.parts[1].name, "place");
  EXPECT_EQ(r.parts[1].data, "");
  EXPECT_TRUE(r.parts[2].has_filename);
  EXPECT_EQ(r.parts[2].filename, "a.png");
  EXPECT_EQ(r.parts[2].content_type, "image/png");
  EXPECT_EQ(r.parts[2].data, std::string("\x89PNG\r\n\x1a\n--not-a-boundary"));
}

TEST(Multipart, NoFileChosenIsAnEmptyFilePart) {
  const MultipartResult r = ParseMultipart(
      Body({"Content-Disposition: form-data; name=\"image\"; filename=\"\"\r\nContent-Type: application/octet-stream\r\n\r\n"}),
      kType);
  ASSERT_TRUE(r.ok()) << r.error;
  ASSERT_EQ(r.parts.size(), 1u);
  EXPECT_TRUE(r.parts[0].has_filename);
  EXPECT_TRUE(r.parts[0].data.empty());
}

TEST(Multipart, ClosingBoundaryWithoutTrailingCrlf) {
  std::string body = Body({"Content-Disposition: form-data; name=\"a\"\r\n\r\n1"});
  body.resize(body.size() - 2);
  EXPECT_TRUE(ParseMultipart(body, kType).ok());
}

TEST(Multipart, MalformedIs400) {
  const std::string ok_part = "Content-Disposition: form-data; name=\"a\"\r\n\r\n1";
  struct Case {
    const char* what;
    std::string body;
  } cases[] = {
      {"no closing boundary", "------vox42\r\n" + ok_part + "\r\n"},
      {"a preamble", "hello\r\n" + Body({ok_part})},
      {"data after the close", Body({ok_part}) + "more"},
      {"LF line ends", "------vox42\nContent-Disposition: form-data; name=\"a\"\n\n1\n------vox42--"},
      {"no disposition", Body({"Content-Type: text/plain\r\n\r\n1"})},
      {"not form-data", Body({"Content-Disposition: attachment; name=\"a\"\r\n\r\n1"})},
      {"no name", Body({"Content-Disposition: form-data; filename=\"a\"\r\n\r\n1"})},
      {"an empty name", Body({"Content-Disposition: form-data; name=\"\"\r\n\r\n1"})},
      {"an unknown parameter", Body({"Content-Disposition: form-data; name=\"a\"; size=3\r\n\r\n1"})},
      {"filename*", Body({"Content-Disposition: form-data; name=\"a\"; filename*=UTF-8''x\r\n\r\n1"})},
      {"an unterminated quote", Body({"Content-Disposition: form-data; name=\"a\r\n\r\n1"})},
      {"another header", Body({"Content-Disposition: form-data; name=\"a\"\r\nContent-Transfer-Encoding: base64\r\n\r\n1"})},
      {"two dispositions", Body({"Content-Disposition: form-data; name=\"a\"\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\n1"})},
      {"nested multipart", Body({"Content-Disposition: form-data; name=\"a\"\r\nContent-Type: multipart/mixed; boundary=z\r\n\r\n1"})},
      {"a head without its end", "------vox42\r\nContent-Disposition: form-data; name=\"a\"\r\n" + std::string(2000, 'x')},
      {"a head over 1 KiB", Body({"Content-Disposition: form-data; name=\"a\"\r\nContent-Type: text/" + std::string(1100, 'x') + "\r\n\r\n1"})},
      {"an empty body", ""},
  };
  for (const Case& c : cases) {
    const MultipartResult r = ParseMultipart(c.body, kType);
    EXPECT_EQ(r.status, 400) << c.what << ": " << r.error;
    EXPECT_FALSE(r.error.empty()) << c.what;
  }
  EXPECT_EQ(ParseMultipart(Body({ok_part}), "application/x-www-form-urlencoded").status, 400);
}

TEST(Multipart, LimitsAre413) {
  MultipartLimits lim;
  lim.max_parts = 2;
  lim.max_field_bytes = 10;
  lim.max_file_bytes = 20;
  lim.max_total_bytes = 400;
  const std::string field = "Content-Disposition: form-data; name=\"a\"\r\n\r\n";
  const std::string file = "Content-Disposition: form-data; name=\"f\"; filename=\"x.png\"\r\n\r\n";
  EXPECT_TRUE(ParseMultipart(Body({field + std::string(10, 'x'), file + std::string(20, 'y')}), kType, lim).ok());
  EXPECT_EQ(ParseMultipart(Body({field + std::string(11, 'x')}), kType, lim).status, 413);
  EXPECT_EQ(ParseMultipart(Body({file + std::string(21, 'y')}), kType, lim).status, 413);
  EXPECT_EQ(ParseMultipart(Body({field, field, field}), kType, lim).status, 413);
  EXPECT_EQ(ParseMultipart(Body({field + std::string(500, 'x')}), kType, lim).status, 413);  // the total first
}

}  // namespace
}  // namespace vox::http
