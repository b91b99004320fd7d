// Short links (bit.ly, tinyurl and the like) resolved to where they lead.
//
// People share an article, and a scam, through a short link as often as
// through its own address; a short link names nothing until it is followed.
// ShortLinks asks the shortener where a link leads — one HEAD request per
// hop, redirects read and never followed into the page itself — and keeps
// the answer in the store (Store::GetLinkTarget), so a link is asked once
// and rebuilding stories later joins what ingest joined.
//
// Off unless the office turns it on (setting links.expand): it is the one
// place where ingest reaches out to the network on a sender's behalf.
// Only the shortener's host is contacted; addresses on the machine or a
// private network are refused (links.allow_private turns that off, for
// tests against a local server); a link that fails is remembered as failed
// and asked again after retry_seconds. docs/stories.md.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/item.h"
#include "common/status.h"
#include "store/store.h"

namespace vox::ingest {

struct LinkOptions {
  bool fetch = false;          // ask shorteners over the network (else: only what the store knows)
  bool fetch_pages = false;    // fetch the news pages article items link to (LinkPages)
  bool allow_private = false;  // allow loopback and private addresses (tests)
  // Hosts treated as shorteners besides the built-in list (links.shorteners:
  // comma- or space-separated, "host" or "host:port").
  std::vector<std::string> extra_hosts;
  long timeout_seconds = 5;    // per hop
  int max_hops = 5;
  int64_t retry_seconds = 86400;  // a failed link is asked again after this
};

// The options the store's settings give: links.expand (on/off),
// links.fetch_pages (on/off), links.shorteners, links.allow_private. An unknown value is an error
// naming the setting.
Result<LinkOptions> LinkOptionsFromSettings(store::Store& st);

// True when the canonical link's host is a shortener (built-in list or extra).
bool IsShortLink(std::string_view url, const std::vector<std::string>& extra_hosts = {});

class ShortLinks {
 public:
  ShortLinks(store::Store& st, LinkOptions opts);

  // Where `url` leads when it is a short link whose target is known or can
  // be asked now; "" otherwise (not a short link, expansion off, or it
  // failed). A target found is written to the store (inside the caller's
  // transaction, when there is one).
  std::string Target(std::string_view url);

  int64_t asked() const { return asked_; }      // network resolutions tried
  int64_t failed() const { return failed_; }    // ... of which failed

 private:
  // Follows the redirects of `url` over HTTP HEAD requests; the first
  // location outside the shorteners is the target.
  Result<std::string> Ask(const std::string& url);

  store::Store& st_;
  LinkOptions opts_;
  std::map<std::string, std::string, std::less<>> memo_;  // this process's answers
  int64_t asked_ = 0;
  int64_t failed_ = 0;
};

// The text of the news pages that article items (a news feed's items, kind
// "article", with a link) come from. A feed often carries an article's lead
// alone, and people quote its body: with the page's paragraphs (ArticleText)
// the article's story knows what they quote. Off unless links.fetch_pages is
// on; the same network rules as ShortLinks (http(s) only, private addresses
// refused, at most 2 MiB, redirects followed at most 5 times, each checked);
// each page is fetched once and kept in the store (Store::GetLinkPage); a
// failed fetch is tried again after retry_seconds. The item itself is kept
// as it came.
class LinkPages {
 public:
  LinkPages(store::Store& st, LinkOptions opts);

  // The page text for `item` when it is an article with an http(s) link and
  // the text is known or can be fetched now; "" otherwise.
  std::string Text(const Item& item);

  int64_t fetched() const { return fetched_; }  // fetches tried
  int64_t failed() const { return failed_; }    // ... of which failed

 private:
  store::Store& st_;
  LinkOptions opts_;
  int64_t fetched_ = 0;
  int64_t failed_ = 0;
};

// One GET with the rules above; the body (at most max_bytes) when the answer
// is 200 with an HTML or text type. Exposed for tests.
Result<std::string> FetchPage(const std::string& url, const LinkOptions& opts, size_t max_bytes = 2u << 20);

}  // namespace vox::ingest
