#include "desk/contact.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

namespace vox::desk {
namespace {

const std::string kKeyA(32, 'a');
const std::string kKeyB(32, 'b');

// A fresh folder per test for key files, removed afterwards.
class ContactKeyFile : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = ::testing::TempDir() + "vox_contact_XXXXXX";
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    path_ = dir_ + "/store.db.contact-key";
  }
  void TearDown() override {
    unlink(path_.c_str());
    rmdir(dir_.c_str());
  }
  void WriteFile(const std::string& bytes, mode_t mode) {
    const int fd = open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(write(fd, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
    ASSERT_EQ(fchmod(fd, mode), 0);
    close(fd);
  }

  std::string dir_;
  std::string path_;
};

TEST(ContactSeal, RoundTrip) {
  ContactKey k = ContactKey::FromBytes(kKeyA);
  for (std::string plain : {std::string("Nguyễn Văn A, 0912 345 678, 12 Lê Lợi, phường Bến Nghé"), std::string(""),
                            std::string(5000, 'x')}) {
    const std::string sealed = k.Seal(plain);
    EXPECT_NE(sealed, plain);
    auto opened = k.Open(sealed);
    ASSERT_TRUE(opened.ok()) << opened.status().message();
    EXPECT_EQ(*opened, plain);
  }
}

TEST(ContactSeal, IsStandardBase64OfNonceTagAndText) {
  ContactKey k = ContactKey::FromBytes(kKeyA);
  const std::string sealed = k.Seal("abc");
  // 24-byte nonce + 16-byte tag + 3 bytes = 43 bytes -> 60 base64 characters.
  EXPECT_EQ(sealed.size(), 60u);
  EXPECT_EQ(sealed.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="),
            std::string::npos)
      << sealed;
}

TEST(ContactSeal, EachSealHasItsOwnNonce) {
  ContactKey k = ContactKey::FromBytes(kKeyA);
  EXPECT_NE(k.Seal("same text"), k.Seal("same text"));
}

TEST(ContactSeal, TamperedTextDoesNotOpen) {
  ContactKey k = ContactKey::FromBytes(kKeyA);
  const std::string sealed = k.Seal("0912 345 678");
  // Change one character in the nonce, in the tag and in the ciphertext.
  for (size_t at : {size_t{3}, size_t{40}, sealed.size() - 8}) {
    std::string bad = sealed;
    bad[at] = bad[at] == 'A' ? 'B' : 'A';
    auto opened = k.Open(bad);
    EXPECT_EQ(opened.status().code(), StatusCode::kInvalidArgument) << at;
    EXPECT_NE(opened.status().message().find("do not open"), std::string::npos) << opened.status().message();
  }
  // Cut short, or not base64 at all.
  EXPECT_EQ(k.Open(sealed.substr(0, 20)).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(k.Open("not base64 !!").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(k.Open("").status().code(), StatusCode::kInvalidArgument);
}

TEST(ContactSeal, AnotherKeyDoesNotOpen) {
  const std::string sealed = ContactKey::FromBytes(kKeyA).Seal("0912 345 678");
  auto opened = ContactKey::FromBytes(kKeyB).Open(sealed);
  EXPECT_EQ(opened.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(opened.status().message().find("another key"), std::string::npos) << opened.status().message();
}

TEST_F(ContactKeyFile, CreatedWithMode0600And32Bytes) {
  // Even with a permissive umask the file is the owner's alone.
  const mode_t old = umask(0);
  auto k = ContactKey::Load(path_, /*create=*/true);
  umask(old);
  ASSERT_TRUE(k.ok()) << k.status().message();
  struct stat sb;
  ASSERT_EQ(stat(path_.c_str(), &sb), 0);
  EXPECT_EQ(sb.st_mode & 07777, 0600u);
  EXPECT_EQ(sb.st_size, 32);
  // Loading again gives the same key.
  auto again = ContactKey::Load(path_, /*create=*/false);
  ASSERT_TRUE(again.ok()) << again.status().message();
  auto opened = again->Open(k->Seal("0912 345 678"));
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  EXPECT_EQ(*opened, "0912 345 678");
  // create=true on an existing file reads it rather than replacing it.
  auto third = ContactKey::Load(path_, /*create=*/true);
  ASSERT_TRUE(third.ok());
  EXPECT_TRUE(third->Open(k->Seal("x")).ok());
}

TEST_F(ContactKeyFile, MissingWithoutCreateIsNotFound) {
  auto k = ContactKey::Load(path_, /*create=*/false);
  EXPECT_EQ(k.status().code(), StatusCode::kNotFound);
  EXPECT_NE(k.status().message().find(path_), std::string::npos) << k.status().message();
  EXPECT_NE(access(path_.c_str(), F_OK), 0);
}

TEST_F(ContactKeyFile, ReadsAnExistingKey) {
  WriteFile(kKeyA, 0600);
  auto k = ContactKey::Load(path_, /*create=*/false);
  ASSERT_TRUE(k.ok()) << k.status().message();
  auto opened = k->Open(ContactKey::FromBytes(kKeyA).Seal("hello"));
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(*opened, "hello");
  // 0400 (read-only to its owner) is private too.
  ASSERT_EQ(chmod(path_.c_str(), 0400), 0);
  EXPECT_TRUE(ContactKey::Load(path_, false).ok());
}

TEST_F(ContactKeyFile, RefusesAFileOthersCanRead) {
  for (mode_t mode : {mode_t{0640}, mode_t{0604}, mode_t{0644}}) {
    WriteFile(kKeyA, mode);
    auto k = ContactKey::Load(path_, /*create=*/true);
    EXPECT_EQ(k.status().code(), StatusCode::kInvalidArgument) << std::oct << mode;
    EXPECT_NE(k.status().message().find("readable by others"), std::string::npos) << k.status().message();
    EXPECT_NE(k.status().message().find("chmod 600 " + path_), std::string::npos) << k.status().message();
  }
  WriteFile(kKeyA, 0620);
  auto k = ContactKey::Load(path_, false);
  EXPECT_EQ(k.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(k.status().message().find("chmod 600"), std::string::npos) << k.status().message();
}

TEST_F(ContactKeyFile, RefusesAKeyOfTheWrongSize) {
  for (size_t n : {size_t{0}, size_t{31}, size_t{33}, size_t{65}}) {
    WriteFile(std::string(n, 'k'), 0600);
    auto k = ContactKey::Load(path_, /*create=*/true);
    EXPECT_EQ(k.status().code(), StatusCode::kCorruption) << n;
    EXPECT_NE(k.status().message().find("has " + std::to_string(n) + " bytes; a contact key is exactly 32"),
              std::string::npos)
        << k.status().message();
  }
}

TEST_F(ContactKeyFile, RefusesAFolder) {
  ASSERT_EQ(mkdir(path_.c_str(), 0700), 0);
  auto k = ContactKey::Load(path_, /*create=*/true);
  EXPECT_FALSE(k.ok());
  rmdir(path_.c_str());
}

}  // namespace
}  // namespace vox::desk
