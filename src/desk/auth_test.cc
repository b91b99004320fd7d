#include "desk/auth.h"

#include <gtest/gtest.h>

#include <cctype>
#include <set>
#include <string>

namespace vox::desk {
namespace {

TEST(Roles, NamesRoundTrip) {
  for (Role r : {Role::kAdmin, Role::kEditor, Role::kAnalyst, Role::kCollaborator, Role::kViewer}) {
    auto back = ParseRole(RoleName(r));
    ASSERT_TRUE(back.has_value()) << RoleName(r);
    EXPECT_EQ(*back, r);
  }
  EXPECT_EQ(RoleName(Role::kAdmin), "admin");
  EXPECT_EQ(RoleName(Role::kCollaborator), "collaborator");
  EXPECT_FALSE(ParseRole("root").has_value());
  EXPECT_FALSE(ParseRole("Admin").has_value());
  EXPECT_FALSE(ParseRole("").has_value());
}

TEST(CheckPassword, CountsCharactersNotBytes) {
  EXPECT_TRUE(CheckPassword("0123456789").ok());
  Status st = CheckPassword("012345678");
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(st.message().find("9 characters"), std::string::npos) << st.message();
  // "mậtkhẩuđẹ": 9 code points in 14 bytes: too short although over 10 bytes.
  EXPECT_FALSE(CheckPassword("m\xe1\xba\xad" "tkh\xe1\xba\xa9u\xc4\x91\xe1\xba\xb9").ok());
  // "mậtkhẩuđẹp": 10 code points.
  EXPECT_TRUE(CheckPassword("m\xe1\xba\xad" "tkh\xe1\xba\xa9u\xc4\x91\xe1\xba\xb9p").ok());
}

TEST(CheckPassword, RefusesInvalidUtf8) {
  for (std::string bad : {
           std::string("abcdefghij\xff"),          // never valid
           std::string("abcdefghij\xc3"),          // truncated sequence
           std::string("abcdefghij\xc0\xaf"),      // overlong '/'
           std::string("abcdefghij\xed\xa0\x80"),  // a UTF-16 surrogate
           std::string("abcdefghij\xf4\x90\x80\x80"),  // past U+10FFFF
           std::string("abcdefghij\x80"),          // a lone continuation byte
       }) {
    Status st = CheckPassword(bad);
    EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
    EXPECT_NE(st.message().find("UTF-8"), std::string::npos) << st.message();
  }
}

TEST(CheckPassword, RefusesMoreThan1024Bytes) {
  EXPECT_TRUE(CheckPassword(std::string(1024, 'a')).ok());
  Status st = CheckPassword(std::string(1025, 'a'));
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(st.message().find("1024"), std::string::npos) << st.message();
}

TEST(Passwords, HashVerifies) {
  auto h = HashPassword("correct horse battery");
  ASSERT_TRUE(h.ok()) << h.status().message();
  EXPECT_EQ(h->rfind("$argon2id$", 0), 0u) << *h;
  EXPECT_TRUE(VerifyPassword(*h, "correct horse battery"));
  EXPECT_FALSE(VerifyPassword(*h, "correct horse batterY"));
  EXPECT_FALSE(VerifyPassword(*h, ""));
  // A fresh salt each time.
  auto h2 = HashPassword("correct horse battery");
  ASSERT_TRUE(h2.ok());
  EXPECT_NE(*h, *h2);
}

TEST(Passwords, HashRefusesWhatCheckRefuses) {
  auto h = HashPassword("short");
  EXPECT_EQ(h.status().code(), StatusCode::kInvalidArgument);
}

TEST(Passwords, GarbageHashNeverVerifies) {
  EXPECT_FALSE(VerifyPassword("", "anything at all"));
  EXPECT_FALSE(VerifyPassword("not a hash", "not a hash"));
  EXPECT_FALSE(VerifyPassword(std::string(500, '$'), "anything at all"));
}

TEST(Passwords, GeneratedOnesPassTheRulesAndAvoidLookAlikes) {
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    std::string p = GeneratePassword();
    EXPECT_EQ(p.size(), 20u);
    EXPECT_TRUE(CheckPassword(p).ok()) << p;
    EXPECT_EQ(p.find_first_of("0O1lIio"), std::string::npos) << p;
    for (char c : p) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c))) << p;
    seen.insert(p);
  }
  EXPECT_EQ(seen.size(), 50u);
}

TEST(Tokens, RandomTokenIs43Base64UrlCharacters) {
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    std::string t = RandomToken();
    EXPECT_EQ(t.size(), 43u);
    EXPECT_EQ(t.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
              std::string::npos)
        << t;
    seen.insert(t);
  }
  EXPECT_EQ(seen.size(), 50u);
}

TEST(Tokens, HashIsHexBlake2b256) {
  // RFC 7693 BLAKE2b with a 32-byte digest (Python: hashlib.blake2b(digest_size=32)).
  EXPECT_EQ(HashToken(""), "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
  EXPECT_EQ(HashToken("abc"), "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
  std::string t = RandomToken();
  EXPECT_EQ(HashToken(t), HashToken(t));
  EXPECT_NE(HashToken(t), HashToken(RandomToken()));
}

TEST(Tokens, SameSecret) {
  EXPECT_TRUE(SameSecret("abcdef", "abcdef"));
  EXPECT_FALSE(SameSecret("abcdef", "abcdeg"));
  EXPECT_FALSE(SameSecret("abcdef", "abcde"));
  // An empty secret matches nothing, not even another empty one.
  EXPECT_FALSE(SameSecret("", ""));
}

}  // namespace
}  // namespace vox::desk
