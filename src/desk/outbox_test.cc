// The outbox: how platform answers are classified, the backoff, and the
// sender against a scripted transport on a real SQLite store.
#include "desk/outbox.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <deque>
#include <map>
#include <optional>
#include <string_view>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "common/clock.h"
#include "desk/desk.h"
#include "store/store.h"

namespace vox::desk {
namespace {

HttpAnswer Answer(int status, std::string body, std::map<std::string, std::string> headers = {}) {
  HttpAnswer a;
  a.status = status;
  a.body = std::move(body);
  a.headers = std::move(headers);
  return a;
}

HttpAnswer Timeout() {
  HttpAnswer a;
  a.timed_out = true;
  a.error = "Timeout was reached";
  return a;
}

TEST(ClassifyZalo, SuccessCarriesTheMessageId) {
  Classified c = ClassifyZalo(Answer(200, R"({"error":0,"message":"Success","data":{"message_id":"a1b2"}})"));
  EXPECT_EQ(c.verdict, Verdict::kSent);
  EXPECT_EQ(c.platform_id, "a1b2");
}

TEST(ClassifyZalo, ServerErrorsTimeoutsAndTooManyRequestsAreRetried) {
  EXPECT_EQ(ClassifyZalo(Answer(500, "oops")).verdict, Verdict::kRetry);
  EXPECT_EQ(ClassifyZalo(Answer(503, "")).verdict, Verdict::kRetry);
  EXPECT_EQ(ClassifyZalo(Timeout()).verdict, Verdict::kRetry);
  Classified c = ClassifyZalo(Answer(429, "", {{"retry-after", "120"}}));
  EXPECT_EQ(c.verdict, Verdict::kRetry);
  EXPECT_EQ(c.min_wait_seconds, 120);
}

TEST(ClassifyZalo, NegativeErrorsStopWithThePlatformsMessage) {
  Classified c = ClassifyZalo(Answer(200, R"({"error":-216,"message":"Access token is invalid"})"));
  EXPECT_EQ(c.verdict, Verdict::kPermanent);
  EXPECT_NE(c.message.find("Access token is invalid"), std::string::npos);
  EXPECT_NE(c.message.find("-216"), std::string::npos);
  EXPECT_EQ(ClassifyZalo(Answer(200, R"({"error":-230,"message":"User has not interacted"})")).verdict,
            Verdict::kPermanent);
}

TEST(ClassifyGraph, SuccessForCommentsAndMessenger) {
  Classified c = ClassifyGraph(Answer(200, R"({"id":"123_456"})"));
  EXPECT_EQ(c.verdict, Verdict::kSent);
  EXPECT_EQ(c.platform_id, "123_456");
  c = ClassifyGraph(Answer(200, R"({"recipient_id":"99","message_id":"m_abc"})"));
  EXPECT_EQ(c.platform_id, "m_abc");
}

TEST(ClassifyGraph, RateLimitCodesWaitForTheTimeToRegainAccess) {
  for (int code : {4, 17, 32, 613}) {
    const std::string body =
        R"({"error":{"message":"limit","type":"OAuthException","code":)" + std::to_string(code) + "}}";
    Classified c = ClassifyGraph(Answer(
        400, body,
        {{"x-business-use-case-usage",
          R"({"112":[{"type":"pages","call_count":100,"total_cputime":10,"total_time":10,"estimated_time_to_regain_access":7}]})"}}));
    EXPECT_EQ(c.verdict, Verdict::kRetry) << code;
    EXPECT_EQ(c.min_wait_seconds, 7 * 60) << code;
  }
}

TEST(ClassifyGraph, ExpiredTokenPermissionAndWindowAreFinal) {
  Classified c = ClassifyGraph(Answer(
      400,
      R"({"error":{"message":"Error validating access token: Session has expired","type":"OAuthException","code":190,"error_subcode":463}})"));
  EXPECT_EQ(c.verdict, Verdict::kPermanent);
  EXPECT_NE(c.message.find("Session has expired"), std::string::npos);
  EXPECT_EQ(ClassifyGraph(Answer(403, R"({"error":{"message":"Permissions error","code":200}})")).verdict,
            Verdict::kPermanent);
  EXPECT_EQ(ClassifyGraph(
                Answer(400, R"({"error":{"message":"outside of allowed window","code":10,"error_subcode":2018278}})"))
                .verdict,
            Verdict::kPermanent);
}

TEST(ClassifyGraph, DuplicatePostAndServerErrors) {
  EXPECT_EQ(ClassifyGraph(Answer(400, R"({"error":{"message":"Duplicate status message","code":506}})")).verdict,
            Verdict::kDuplicate);
  EXPECT_EQ(ClassifyGraph(Answer(500, "<html>")).verdict, Verdict::kRetry);
  EXPECT_EQ(ClassifyGraph(Answer(500, R"({"error":{"message":"unknown","code":1,"is_transient":true}})")).verdict,
            Verdict::kRetry);
  EXPECT_EQ(ClassifyGraph(Timeout()).verdict, Verdict::kRetry);
}

TEST(RegainAccess, TakesTheLongestAndIgnoresGarbage) {
  EXPECT_EQ(RegainAccessSeconds(
                R"({"1":[{"estimated_time_to_regain_access":2}],"2":[{"estimated_time_to_regain_access":5}]})"),
            300);
  EXPECT_EQ(RegainAccessSeconds("not json"), 0);
  EXPECT_EQ(RegainAccessSeconds(""), 0);
}

TEST(Backoff, DoublesWithJitterWithinBoundsAndHonoursTheMinimum) {
  BackoffOptions b;
  b.base_seconds = 30;
  b.max_seconds = 3600;
  for (uint64_t r : {uint64_t{0}, uint64_t{7}, ~uint64_t{0}}) {
    for (int n = 1; n <= 10; ++n) {
      int64_t d = 30;
      for (int i = 1; i < n && d < 3600; ++i) d *= 2;
      d = std::min<int64_t>(d, 3600);
      const int64_t w = BackoffSeconds(b, n, 0, r);
      EXPECT_GE(w, d / 2) << n;
      EXPECT_LE(w, d) << n;
    }
  }
  EXPECT_EQ(BackoffSeconds(b, 1, 0, 0), 15);
  EXPECT_EQ(BackoffSeconds(b, 1, 0, 15), 30);
  EXPECT_EQ(BackoffSeconds(b, 1, 420, 0), 420);  // the platform's time to regain access wins
  EXPECT_EQ(BackoffSeconds(b, 40, 0, 3600 - 1800), 3600);
}

TEST(ReplyAddress, RoundTripsAndRefusesOtherChannels) {
  ReplyAddress r{"zalo", "2468", "msg-1"};
  auto back = ReplyAddress::Decode(r.Encode());
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->recipient, "2468");
  EXPECT_EQ(back->quote, "msg-1");
  EXPECT_FALSE(ReplyAddress::Decode(R"({"channel":"sms","recipient":"1"})").ok());
  EXPECT_FALSE(ReplyAddress::Decode(R"({"channel":"zalo","recipient":""})").ok());
}

// A transport that answers from a script and records every call.
class Scripted final : public Transport {
 public:
  std::deque<HttpAnswer> posts, gets;
  std::vector<std::pair<std::string, std::string>> posted;  // url, body
  std::vector<HttpHeaders> posted_headers;
  std::vector<std::string> got;  // urls
  HttpAnswer Post(const std::string& url, const HttpHeaders& headers, const std::string&, const std::string& body,
                  int) override {
    posted.emplace_back(url, body);
    posted_headers.push_back(headers);
    HttpAnswer a = posts.empty() ? Answer(500, "script ran out") : posts.front();
    if (!posts.empty()) posts.pop_front();
    return a;
  }
  HttpAnswer Get(const std::string& url, const HttpHeaders&, int) override {
    got.push_back(url);
    HttpAnswer a = gets.empty() ? Answer(500, "") : gets.front();
    if (!gets.empty()) gets.pop_front();
    return a;
  }
};

class OutboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("vox_outbox_test_" + std::to_string(getpid()) + "_" +
                                                     ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    const std::string db = (dir_ / "vox.db").string();
    ASSERT_TRUE(store::Store::Open(db, {.clock = &clock_, .create = true}).ok());
    ds_ = std::move(store::DeskStore::Open(db, {.clock = &clock_})).value();
    DeskOptions o;
    o.contact_key = &key_;
    o.publish_targets = {};  // replies alone, unless a test names targets
    desk_ = std::make_unique<Desk>(*ds_, o);
    ch_.zalo_api_url = "http://zalo.test";
    ch_.zalo_access_token = "tok";
    ch_.facebook_graph_url = "http://graph.test";
    ch_.facebook_page_token = "ptok";
    ch_.facebook_page_id = "777";
    opts_.backoff.base_seconds = 10;
    opts_.timeout_seconds = 5;
    editor_.name = "editor";
    editor_.role = Role::kEditor;
    editor_.user_id = desk_->AddUser(Actor::Cli(), "editor", "editor", "mật khẩu biên tập", 0).value().id;
    unit_ = desk_->AddUnit(Actor::Cli(), "Điện lực phường", "agency").value().id;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // A case opened by a channel's webhook, answered, approved and published.
  store::Case Published(const ReplyAddress* reply, const std::string& origin_ref = "",
                        std::optional<std::vector<std::string>> publish_to = std::nullopt,
                        const std::string& kind = "question") {
    CaseDraft d;
    d.kind = kind;
    d.title = "Hỏi về lịch cắt điện";
    d.origin = reply != nullptr ? "message" : "item";
    d.origin_ref = origin_ref;
    if (reply != nullptr) d.reply = reply->Encode();
    auto c = desk_->OpenCase(reply != nullptr ? Actor::Channel(reply->channel) : Actor::Cli(), d);
    EXPECT_TRUE(c.ok()) << c.status().message();
    CasePatch p;
    p.version = c->version;
    p.public_answer = "Lịch cắt điện đã được đăng trên trang của phường.";
    p.approve_answer = true;
    auto a = desk_->ChangeCase(editor_, c->id, p);
    EXPECT_TRUE(a.ok()) << a.status().message();
    CasePatch assign;
    assign.version = a->version;
    assign.unit_id = unit_;
    a = desk_->ChangeCase(editor_, c->id, assign);
    EXPECT_TRUE(a.ok()) << a.status().message();
    for (const char* st : {"answered", "published"}) {
      CasePatch s;
      s.version = a->version;
      s.state = st;
      if (std::string_view(st) == "published") s.publish_to = publish_to;
      a = desk_->ChangeCase(editor_, c->id, s);
      EXPECT_TRUE(a.ok()) << st << ": " << a.status().message();
    }
    return *a;
  }
  std::vector<store::OutboxSend> Sends() { return desk_->ListSends(Actor::Cli(), store::OutboxQuery{}).value(); }

  std::filesystem::path dir_;
  FixedClock clock_{1'780'000'000};
  ContactKey key_ = ContactKey::FromBytes(std::string(32, 'k'));
  std::unique_ptr<store::DeskStore> ds_;
  std::unique_ptr<Desk> desk_;
  ChannelSettings ch_;
  OutboxOptions opts_;
  Actor editor_;
  int64_t unit_ = 0;
  Scripted http_;
};

TEST_F(OutboxTest, PublishingQueuesOneSendWithTheRecipientSealed) {
  ReplyAddress to{"zalo", "1234567890123456789", "mid-1"};
  store::Case c = Published(&to);
  auto sends = Sends();
  ASSERT_EQ(sends.size(), 1u);
  EXPECT_EQ(sends[0].state, "queued");
  EXPECT_EQ(sends[0].channel, "zalo");
  EXPECT_EQ(sends[0].target_sealed.find("1234567890123456789"), std::string::npos);
  EXPECT_EQ(sends[0].idempotency_key, "case:" + std::to_string(c.id) + ":v" + std::to_string(c.version));
}

TEST_F(OutboxTest, StaffCannotNameARecipient) {
  CaseDraft d;
  d.kind = "question";
  d.title = "x";
  d.origin = "message";
  d.reply = ReplyAddress{"zalo", "1", ""}.Encode();
  EXPECT_EQ(desk_->OpenCase(Actor::Cli(), d).status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(desk_->OpenCase(Actor::Tipline(), d).status().code(), StatusCode::kPermissionDenied);
}

TEST_F(OutboxTest, RetriesAfterA500AndATimeoutThenSendsOnce) {
  ReplyAddress to{"zalo", "42", "mid-1"};
  Published(&to);
  http_.posts = {Answer(500, "boom"), Timeout(), Answer(200, R"({"error":0,"data":{"message_id":"zm-1"}})")};
  Outbox box(*ds_, key_, ch_, http_, opts_);
  ASSERT_TRUE(box.RunOne().value());
  EXPECT_EQ(Sends()[0].state, "retrying");
  EXPECT_FALSE(box.RunOne().value());  // not yet due
  clock_.Advance(11);
  ASSERT_TRUE(box.RunOne().value());
  EXPECT_EQ(Sends()[0].state, "retrying");
  EXPECT_NE(Sends()[0].error.find("timeout"), std::string::npos);
  clock_.Advance(21);
  ASSERT_TRUE(box.RunOne().value());
  auto s = Sends()[0];
  EXPECT_EQ(s.state, "sent");
  EXPECT_EQ(s.platform_id, "zm-1");
  EXPECT_EQ(s.attempts, 3);
  ASSERT_EQ(http_.posted.size(), 3u);
  EXPECT_EQ(http_.posted[2].first, "http://zalo.test/v3.0/oa/message/cs");
  auto body = nlohmann::json::parse(http_.posted[2].second);
  EXPECT_EQ(body["recipient"]["user_id"], "42");
  clock_.Advance(100000);
  EXPECT_FALSE(box.RunOne().value());
  EXPECT_EQ(http_.posted.size(), 3u);
}

TEST_F(OutboxTest, AnExpiredTokenStopsAtOnceOnTheCase) {
  ReplyAddress to{"zalo", "42", ""};
  store::Case c = Published(&to);
  http_.posts = {Answer(200, R"({"error":-216,"message":"Access token is invalid"})")};
  Outbox box(*ds_, key_, ch_, http_, opts_);
  ASSERT_TRUE(box.RunOne().value());
  auto s = Sends()[0];
  EXPECT_EQ(s.state, "failed");
  EXPECT_NE(s.error.find("Access token is invalid"), std::string::npos);
  clock_.Advance(100000);
  EXPECT_FALSE(box.RunOne().value());
  auto events = desk_->Events(Actor::Cli(), c.id).value();
  EXPECT_NE(events.back().note.find("Access token is invalid"), std::string::npos);
  // An editor retries it once the token is renewed.
  ASSERT_TRUE(desk_->RetrySend(editor_, s.id).ok());
  http_.posts = {Answer(200, R"({"error":0,"data":{"message_id":"zm-2"}})")};
  ASSERT_TRUE(box.RunOne().value());
  EXPECT_EQ(Sends()[0].state, "sent");
}

TEST_F(OutboxTest, AnInterruptedSendFoundOnThePlatformIsNotSentAgain) {
  ReplyAddress to{"zalo", "42", ""};
  Published(&to);
  auto s = Sends()[0];
  s.state = "sending";  // as a process killed mid-call leaves it
  s.attempts = 1;
  s.next_at = clock_.Now() - 1;
  ASSERT_TRUE(ds_->UpdateSend(s).ok());
  http_.gets = {Answer(
      200,
      nlohmann::json{
          {"error", 0},
          {"data", {{{"src", 0}, {"time", (clock_.Now() + 1) * 1000}, {"message_id", "zm-9"}, {"message", s.text}}}}}
          .dump())};
  Outbox box(*ds_, key_, ch_, http_, opts_);
  ASSERT_TRUE(box.RunOne().value());
  EXPECT_EQ(Sends()[0].state, "sent");
  EXPECT_EQ(Sends()[0].platform_id, "zm-9");
  EXPECT_TRUE(http_.posted.empty());
}

TEST_F(OutboxTest, AnInterruptedSendNotOnThePlatformIsSent) {
  ReplyAddress to{"zalo", "42", ""};
  Published(&to);
  auto s = Sends()[0];
  s.state = "sending";
  s.attempts = 1;
  s.next_at = clock_.Now() - 1;
  ASSERT_TRUE(ds_->UpdateSend(s).ok());
  http_.gets = {Answer(200, R"({"error":0,"data":[]})")};
  http_.posts = {Answer(200, R"({"error":0,"data":{"message_id":"zm-3"}})")};
  Outbox box(*ds_, key_, ch_, http_, opts_);
  ASSERT_TRUE(box.RunOne().value());
  EXPECT_EQ(Sends()[0].state, "sent");
  EXPECT_EQ(http_.posted.size(), 1u);
}

TEST_F(OutboxTest, AnInterruptedMessengerSendStopsForAPersonToCheck) {
  ReplyAddress to{"messenger", "7000123456", ""};
  Published(&to);
  auto s = Sends()[0];
  s.state = "sending";
  s.attempts = 1;
  s.next_at = clock_.Now() - 1;
  ASSERT_TRUE(ds_->UpdateSend(s).ok());
  Outbox box(*ds_, key_, ch_, http_, opts_);
  ASSERT_TRUE(box.RunOne().value());
  EXPECT_EQ(Sends()[0].state, "failed");
  EXPECT_NE(Sends()[0].error.find("unknown"), std::string::npos);
  EXPECT_TRUE(http_.posted.empty());
}

TEST_F(OutboxTest, AMessengerReplyGoesToThePsidAsAResponse) {
  ReplyAddress to{"messenger", "7000123456", ""};
  Published(&to);
  http_.posts = {Answer(200, R"({"recipient_id":"7000123456","message_id":"m_1"})")};
  Outbox box(*ds_, key_, ch_, http_, opts_);
  ASSERT_TRUE(box.RunOne().value());
  EXPECT_EQ(Sends()[0].state, "sent");
  ASSERT_EQ(http_.posted.size(), 1u);
  EXPECT_EQ(http_.posted[0].first, "http://graph.test/777/messages");
  auto body = nlohmann::json::parse(http_.posted[0].second);
  EXPECT_EQ(body["recipient"]["id"], "7000123456");
  EXPECT_EQ(body["messaging_type"], "RESPONSE");
}

TEST_F(OutboxTest, AMessengerReplyAfterADayCarriesTheHumanAgentTagAndAfterAWeekIsRefused) {
  ReplyAddress to{"messenger", "7000123456", ""};
  Published(&to);
  clock_.Advance(2 * 24 * 3600);  // answered two days after the person wrote
  http_.posts = {Answer(200, R"({"recipient_id":"7000123456","message_id":"m_2"})")};
  Outbox box(*ds_, key_, ch_, http_, opts_);
  ASSERT_TRUE(box.RunOne().value());
  EXPECT_EQ(Sends()[0].state, "sent");
  ASSERT_EQ(http_.posted.size(), 1u);
  auto body = nlohmann::json::parse(http_.posted[0].second);
  EXPECT_EQ(body["messaging_type"], "MESSAGE_TAG");
  EXPECT_EQ(body["tag"], "HUMAN_AGENT");

  ReplyAddress late{"messenger", "7000999999", ""};
  store::Case c = Published(&late);
  clock_.Advance(8 * 24 * 3600);
  ASSERT_TRUE(box.RunOne().value());
  EXPECT_EQ(Sends()[0].state, "failed");
  EXPECT_NE(Sends()[0].error.find("more than 7 days ago"), std::string::npos);
  EXPECT_EQ(http_.posted.size(), 1u);  // nothing sent
  auto events = desk_->Events(Actor::Cli(), c.id).value();
  EXPECT_NE(events.back().note.find("cannot reply on Messenger"), std::string::npos);
}

TEST_F(OutboxTest, GivesUpAfterMaxAttempts) {
  ReplyAddress to{"zalo", "42", ""};
  Published(&to);
  opts_.backoff.max_attempts = 2;
  http_.posts = {Answer(503, ""), Answer(503, "")};
  Outbox box(*ds_, key_, ch_, http_, opts_);
  ASSERT_TRUE(box.RunOne().value());
  clock_.Advance(100);
  ASSERT_TRUE(box.RunOne().value());
  EXPECT_EQ(Sends()[0].state, "failed");
  EXPECT_NE(Sends()[0].error.find("gave up after 2 attempts"), std::string::npos);
}

TEST_F(OutboxTest, APageCommentIsAnsweredUnderIt) {
  Published(nullptr, "item:facebook/111_222");
  http_.posts = {Answer(200, R"({"id":"111_333"})")};
  Outbox box(*ds_, key_, ch_, http_, opts_);
  ASSERT_TRUE(box.RunOne().value());
  EXPECT_EQ(Sends()[0].state, "sent");
  ASSERT_EQ(http_.posted.size(), 1u);
  EXPECT_EQ(http_.posted[0].first, "http://graph.test/111_222/comments");
  EXPECT_EQ(http_.posted[0].second.rfind("message=", 0), 0u);
}

TEST_F(OutboxTest, ACaseWithNowhereToAnswerQueuesNothing) {
  Published(nullptr, "item:rss/abc");
  EXPECT_TRUE(Sends().empty());
  // A Messenger item opened by hand has no sealed address: nothing is sent.
  Published(nullptr, "item:facebook/m_AbC123xyz");
  EXPECT_TRUE(Sends().empty());
}

// RFC 4231, test case 2.
TEST(WebhookSignature, IsHexHmacSha256OfTheBody) {
  EXPECT_EQ(WebhookSignature("Jefe", "what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

std::string HeaderOf(const HttpHeaders& h, const std::string& name) {
  for (const auto& [k, v] : h)
    if (k == name) return v;
  return "";
}

TEST_F(OutboxTest, PublishingToTargetsQueuesEachOnceAndTheFeedAtOnce) {
  store::Case c = Published(nullptr, "item:rss/abc", std::vector<std::string>{"feed", "webhook", "facebook_page", "feed"});
  auto sends = Sends();
  ASSERT_EQ(sends.size(), 3u);
  std::map<std::string, store::OutboxSend> by;
  for (const auto& s : sends) by[s.channel] = s;
  EXPECT_EQ(by["feed"].state, "sent");
  EXPECT_EQ(by["feed"].platform_id, "/tra-loi/" + std::to_string(c.id));
  EXPECT_EQ(by["webhook"].state, "queued");
  EXPECT_EQ(by["facebook_page"].state, "queued");
  EXPECT_TRUE(by["webhook"].target_sealed.empty());  // no person
  EXPECT_EQ(by["webhook"].idempotency_key, "case:" + std::to_string(c.id) + ":v" + std::to_string(c.version) + ":webhook");
  store::OutboxQuery q;
  q.channel = "feed";
  EXPECT_EQ(desk_->ListSends(Actor::Cli(), q).value().size(), 1u);
}

TEST_F(OutboxTest, TheDefaultTargetsApplyWhenTheEditorNamesNone) {
  DeskOptions o;
  o.contact_key = &key_;
  o.publish_targets = {"feed"};
  desk_ = std::make_unique<Desk>(*ds_, o);
  Published(nullptr, "item:rss/abc");
  auto sends = Sends();
  ASSERT_EQ(sends.size(), 1u);
  EXPECT_EQ(sends[0].channel, "feed");
}

TEST_F(OutboxTest, PublishToIsCheckedAndOnlyWithPublishing) {
  CaseDraft d;
  d.kind = "question";
  d.title = "x";
  auto c = desk_->OpenCase(Actor::Cli(), d).value();
  CasePatch p;
  p.version = c.version;
  p.publish_to = std::vector<std::string>{"feed"};
  auto r = desk_->ChangeCase(editor_, c.id, p);
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("publish_to"), std::string::npos);
  p.state = "published";
  p.publish_to = std::vector<std::string>{"twitter"};
  EXPECT_NE(desk_->ChangeCase(editor_, c.id, p).status().message().find("'twitter' is not a target"), std::string::npos);
  EXPECT_FALSE(ParsePublishTargets("feed, sms").ok());
  EXPECT_EQ(ParsePublishTargets(" feed ,webhook,feed").value(), (std::vector<std::string>{"feed", "webhook"}));
}

TEST_F(OutboxTest, TheWebhookIsSignedRetriedThenDeliveredOnce) {
  ch_.webhook_url = "http://hook.test/in";
  ch_.webhook_secret = "s3cret";
  ch_.public_base_url = "https://ubnd.example.vn";
  store::Case c = Published(nullptr, "item:rss/abc", std::vector<std::string>{"webhook"});
  http_.posts = {Answer(503, "busy"), Answer(204, "")};
  Outbox box(*ds_, key_, ch_, http_, opts_);
  ASSERT_TRUE(box.RunOne().value());
  EXPECT_EQ(Sends()[0].state, "retrying");
  EXPECT_NE(Sends()[0].error.find("HTTP 503"), std::string::npos);
  clock_.Advance(11);
  ASSERT_TRUE(box.RunOne().value());
  EXPECT_EQ(Sends()[0].state, "sent");
  ASSERT_EQ(http_.posted.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(http_.posted[i].first, "http://hook.test/in");
    EXPECT_EQ(HeaderOf(http_.posted_headers[i], "X-Vox-Signature-256"), WebhookSignature("s3cret", http_.posted[i].second));
    EXPECT_EQ(HeaderOf(http_.posted_headers[i], "X-Vox-Delivery"), Sends()[0].idempotency_key);
  }
  auto body = nlohmann::json::parse(http_.posted[1].second);
  EXPECT_EQ(body["event"], "answer.published");
  EXPECT_EQ(body["case"]["id"], c.id);
  EXPECT_EQ(body["answer"], "Lịch cắt điện đã được đăng trên trang của phường.");
  EXPECT_EQ(body["url"], "https://ubnd.example.vn/tra-loi/" + std::to_string(c.id));
  EXPECT_FALSE(body.dump().find("Hỏi về lịch") != std::string::npos);  // never the case's title
  clock_.Advance(100000);
  EXPECT_FALSE(box.RunOne().value());
}

TEST_F(OutboxTest, AWebhookThatRefusesOrIsNotSetStopsOnTheCase) {
  store::Case c = Published(nullptr, "item:rss/abc", std::vector<std::string>{"webhook"});
  Outbox unset(*ds_, key_, ch_, http_, opts_);
  ASSERT_TRUE(unset.RunOne().value());
  EXPECT_EQ(Sends()[0].state, "failed");
  EXPECT_EQ(Sends()[0].error, "webhook.url is not set");
  EXPECT_TRUE(http_.posted.empty());
  ch_.webhook_url = "http://hook.test/in";
  ch_.webhook_secret = "s3cret";
  ASSERT_TRUE(desk_->RetrySend(editor_, Sends()[0].id).ok());
  http_.posts = {Answer(401, "bad signature")};
  Outbox box(*ds_, key_, ch_, http_, opts_);
  ASSERT_TRUE(box.RunOne().value());
  EXPECT_EQ(Sends()[0].state, "failed");
  EXPECT_NE(Sends()[0].error.find("HTTP 401: bad signature"), std::string::npos);
  auto events = desk_->Events(Actor::Cli(), c.id).value();
  EXPECT_NE(events.back().note.find("answer not published to the outgoing webhook"), std::string::npos);
}

TEST_F(OutboxTest, APagePostLinksTheAnswerAndAnInterruptedOneIsNotPostedTwice) {
  ch_.public_base_url = "https://ubnd.example.vn";
  store::Case c = Published(nullptr, "item:rss/abc", std::vector<std::string>{"facebook_page"});
  http_.posts = {Answer(200, R"({"id":"777_9001"})")};
  Outbox box(*ds_, key_, ch_, http_, opts_);
  ASSERT_TRUE(box.RunOne().value());
  EXPECT_EQ(Sends()[0].state, "sent");
  EXPECT_EQ(Sends()[0].platform_id, "777_9001");
  ASSERT_EQ(http_.posted.size(), 1u);
  EXPECT_EQ(http_.posted[0].first, "http://graph.test/777/feed");
  EXPECT_NE(http_.posted[0].second.find("&link=https%3A%2F%2Fubnd.example.vn%2Ftra-loi%2F" + std::to_string(c.id)),
            std::string::npos);

  // A second case whose post went out but whose process died before it was
  // recorded: found among the Page's posts, not posted again.
  store::Case c2 = Published(nullptr, "item:rss/def", std::vector<std::string>{"facebook_page"});
  store::OutboxSend s = Sends()[0];
  ASSERT_EQ(s.case_id, c2.id);
  s.state = "sending";
  s.attempts = 1;
  s.next_at = clock_.Now() - 1;
  ASSERT_TRUE(ds_->UpdateSend(s).ok());
  const std::string posted = s.text + "\n\nhttps://ubnd.example.vn/tra-loi/" + std::to_string(c2.id);
  http_.gets = {Answer(200, nlohmann::json({{"data", {{{"id", "777_9002"}, {"message", posted}}}}}).dump())};
  ASSERT_TRUE(box.RunOne().value());
  EXPECT_EQ(Sends()[0].state, "sent");
  EXPECT_EQ(Sends()[0].platform_id, "777_9002");
  EXPECT_EQ(http_.posted.size(), 1u);
  ASSERT_EQ(http_.got.size(), 1u);
  EXPECT_EQ(http_.got[0], "http://graph.test/777/posts?fields=id,message&limit=25");
}

TEST_F(OutboxTest, AZaloArticleIsCreatedThenVerifiedAndNeverCreatedTwice) {
  store::Case c = Published(nullptr, "item:rss/abc", std::vector<std::string>{"zalo_article"});
  Outbox no_cover(*ds_, key_, ch_, http_, opts_);
  ASSERT_TRUE(no_cover.RunOne().value());
  EXPECT_EQ(Sends()[0].state, "failed");
  EXPECT_NE(Sends()[0].error.find("zalo.article_cover_url"), std::string::npos);
  EXPECT_TRUE(http_.posted.empty());

  ch_.zalo_article_cover_url = "https://ubnd.example.vn/logo.png";
  ch_.zalo_article_author = "UBND phường An Hòa";
  ch_.public_base_url = "https://ubnd.example.vn";
  store::Case c2 = Published(nullptr, "item:rss/def", std::vector<std::string>{"zalo_article"});
  // The create answers a token; the verify fails once (5xx), then answers the id.
  http_.posts = {Answer(200, R"({"error":0,"message":"Success","data":{"token":"tk-1"}})"),
                 Answer(503, "busy"), Answer(200, R"({"error":0,"message":"Success","data":{"id":"art-42"}})")};
  Outbox box(*ds_, key_, ch_, http_, opts_);
  ASSERT_TRUE(box.RunOne().value());
  store::OutboxSend s = Sends()[0];
  ASSERT_EQ(s.case_id, c2.id);
  EXPECT_EQ(s.state, "retrying");
  EXPECT_EQ(s.platform_id, "token:tk-1") << "the token is kept for the next try";
  ASSERT_EQ(http_.posted.size(), 2u);
  EXPECT_EQ(http_.posted[0].first, "http://zalo.test/v2.0/article/create");
  auto article = nlohmann::json::parse(http_.posted[0].second);
  EXPECT_EQ(article["type"], "normal");
  EXPECT_EQ(article["title"].get<std::string>().rfind("Trả lời: ", 0), 0u);
  EXPECT_EQ(article.dump().find(c2.title), std::string::npos) << "never the case's title";
  EXPECT_LE(article["description"].get<std::string>().size(), 300u);
  EXPECT_EQ(article["author"], "UBND phường An Hòa");
  EXPECT_EQ(article["cover"]["photo_url"], "https://ubnd.example.vn/logo.png");
  EXPECT_EQ(article["body"][1]["content"], "https://ubnd.example.vn/tra-loi/" + std::to_string(c2.id));
  EXPECT_EQ(http_.posted_headers[0].at(0).second, "tok");
  EXPECT_EQ(http_.posted[1].first, "http://zalo.test/v2.0/article/verify");
  EXPECT_EQ(nlohmann::json::parse(http_.posted[1].second)["token"], "tk-1");
  clock_.Advance(3600);
  ASSERT_TRUE(box.RunOne().value());
  EXPECT_EQ(Sends()[0].state, "sent");
  EXPECT_EQ(Sends()[0].platform_id, "art-42");
  EXPECT_EQ(http_.posted.size(), 3u) << "verified again, not created again";
  EXPECT_EQ(http_.posted[2].first, "http://zalo.test/v2.0/article/verify");

  // A sender that died before the create's answer came: it cannot tell
  // whether an article exists, so it stops instead of making a second one.
  store::Case c3 = Published(nullptr, "item:rss/ghi", std::vector<std::string>{"zalo_article"});
  s = Sends()[0];
  ASSERT_EQ(s.case_id, c3.id);
  s.state = "sending";
  s.attempts = 1;
  s.next_at = clock_.Now() - 1;
  ASSERT_TRUE(ds_->UpdateSend(s).ok());
  ASSERT_TRUE(box.RunOne().value());
  EXPECT_EQ(Sends()[0].state, "failed");
  EXPECT_NE(Sends()[0].error.find("look at the OA's articles"), std::string::npos);
  EXPECT_EQ(http_.posted.size(), 3u);
  (void)c;
}

TEST_F(OutboxTest, ReachIsReadOnScheduleForThePagesAnswersAndStoredAsSnapshots) {
  store::Case c = Published(nullptr, "item:rss/abc", std::vector<std::string>{"facebook_page"});
  Published(nullptr, "item:rss/old");  // no Page post: never read
  http_.posts = {Answer(200, R"({"id":"777_9001"})")};
  Outbox box(*ds_, key_, ch_, http_, opts_);
  ASSERT_TRUE(box.RunOne().value());
  ASSERT_EQ(Sends().back().state, "sent");
  auto engagement = [](int reactions) {
    return Answer(200, nlohmann::json({{"id", "777_9001"},
                                       {"reactions", {{"data", nlohmann::json::array()}, {"summary", {{"total_count", reactions}}}}},
                                       {"comments", {{"summary", {{"total_count", 4}}}}},
                                       {"shares", {{"count", 2}}}})
                          .dump());
  };
  auto insights = [](const char* metric, int value) {
    return Answer(200, nlohmann::json({{"data", {{{"name", metric}, {"period", "lifetime"},
                                                   {"values", {{{"value", value}}}}}}}})
                          .dump());
  };
  ReachPollOptions ro;
  ro.interval_seconds = 3600;
  // The first pass: the newer metric is refused (an older Graph version), the
  // one it replaces answers.
  http_.gets = {engagement(10), Answer(400, R"({"error":{"message":"(#100) The value must be a valid insights metric","code":100}})"),
                insights("post_impressions_unique", 350)};
  EXPECT_EQ(PollReach(*ds_, ch_, http_, clock_.Now(), ro).value(), 1);
  ASSERT_EQ(http_.got.size(), 3u);
  EXPECT_EQ(http_.got[0],
            "http://graph.test/777_9001?fields=reactions.summary(total_count),comments.summary(true),shares");
  EXPECT_EQ(http_.got[1], "http://graph.test/777_9001/insights/post_total_media_view_unique");
  EXPECT_EQ(http_.got[2], "http://graph.test/777_9001/insights/post_impressions_unique");
  // Not due again before the interval has passed.
  clock_.Advance(1800);
  EXPECT_EQ(PollReach(*ds_, ch_, http_, clock_.Now(), ro).value(), 0);
  EXPECT_EQ(http_.got.size(), 3u);
  clock_.Advance(1800);
  http_.gets = {engagement(25), insights("post_total_media_view_unique", 900)};
  EXPECT_EQ(PollReach(*ds_, ch_, http_, clock_.Now(), ro).value(), 1);
  // Graph down: a snapshot that says so (the next is an interval later).
  clock_.Advance(3600);
  http_.gets = {Answer(503, "")};
  EXPECT_EQ(PollReach(*ds_, ch_, http_, clock_.Now(), ro).value(), 1);
  auto h = desk_->ReachHistory(Actor::Cli(), c.id, 100);
  ASSERT_TRUE(h.ok()) << h.status().message();
  ASSERT_EQ(h->size(), 3u);
  EXPECT_EQ((*h)[0].reactions, 10);
  EXPECT_EQ((*h)[0].comments, 4);
  EXPECT_EQ((*h)[0].shares, 2);
  EXPECT_EQ((*h)[0].impressions, 350);
  EXPECT_EQ((*h)[1].reactions, 25);
  EXPECT_EQ((*h)[1].impressions, 900);
  EXPECT_EQ((*h)[1].taken_at - (*h)[0].taken_at, 3600);
  EXPECT_EQ((*h)[2].reactions, -1);
  EXPECT_FALSE((*h)[2].error.empty());
  // Older than max_age: no longer read; no Page token or interval 0: nothing.
  clock_.Advance(3600);
  ro.max_age_seconds = 3600;
  EXPECT_EQ(PollReach(*ds_, ch_, http_, clock_.Now(), ro).value(), 0);
  ro.max_age_seconds = 30 * 86400;
  ro.interval_seconds = 0;
  EXPECT_EQ(PollReach(*ds_, ch_, http_, clock_.Now(), ro).value(), 0);
  ro.interval_seconds = 3600;
  ch_.facebook_page_token.clear();
  EXPECT_EQ(PollReach(*ds_, ch_, http_, clock_.Now(), ro).value(), 0);
  EXPECT_EQ(desk_->ReachHistory(Actor::Cli(), c.id, 100)->size(), 3u);
}

TEST(ReachSetting, IntervalIsMinutesFromZeroToAWeek) {
  EXPECT_TRUE(IsOutboxSetting("reach.interval_minutes"));
  EXPECT_TRUE(CheckOutboxSetting("reach.interval_minutes", "0").ok());
  EXPECT_TRUE(CheckOutboxSetting("reach.interval_minutes", "10080").ok());
  EXPECT_FALSE(CheckOutboxSetting("reach.interval_minutes", "10081").ok());
  EXPECT_FALSE(CheckOutboxSetting("reach.interval_minutes", "-5").ok());
  EXPECT_EQ(OutboxOptions{}.reach_interval_minutes, 60);
}

}  // namespace
}  // namespace vox::desk
