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

#include "common/status.h"
#include "store/store.h"

namespace vox::ingest {

struct LinkOptions {
  bool fetch = false;          // ask shorteners over the network (else: only what the store knows)
  bool allow_private = false;  // allow loopback and private addresses (tests)
  // Hosts treated as shorteners besides the built-in list (links.shorteners:
  // comma- or space-separated, "host" or "host:port").
  std::vector<std::string> extra_hosts;
  long timeout_seconds = 5;    // per hop
  int max_hops = 5;
  int64_t retry_seconds = 86400;  // a failed link is asked again after this
};

// The options the store's settings give: links.expand (on/off),
// links.shorteners, links.allow_private. An unknown value is an error
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

}  // namespace vox::ingest
