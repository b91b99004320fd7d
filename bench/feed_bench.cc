// Feed reader speed: items/s and MB/s of ReadBuffer(kRss) on an RSS document,
// median of several rounds.
//
//   bench_feed [--rounds N] [--dump FILE] [FEED.rss ...]
//
// Without files it builds two feeds from the development corpus's 1,327 news
// articles (unc-dev.jsonl, see unc_corpus.h) in the shapes Vietnamese papers
// publish: "summary" (VnExpress-style: a linked thumbnail, </br>, the lead
// sentence, in CDATA) and "full" (content:encoded with the whole article in
// <p> paragraphs, a figure with caption, inline <strong>/<a>, &nbsp; and
// numeric references, and a script the reader must drop). --dump writes
// every item's title and text, so two builds can be compared for identical
// output.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "ingest/reader.h"

namespace {

struct Article {
  std::string url, title;
  std::vector<std::string> sentences;
};

std::vector<Article> LoadArticles() {
  std::vector<Article> out;
  const char* env = std::getenv("VOX_UNC_DEV");
  std::ifstream f(env ? env : "/work/shared/data/unc-dev.jsonl");
  std::string line;
  while (std::getline(f, line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded()) continue;
    Article a;
    a.url = j.value("url", "");
    a.title = j.value("title", "");
    for (const auto& s : j["sentences"]) a.sentences.push_back(s.get<std::string>());
    out.push_back(std::move(a));
  }
  return out;
}

std::string XmlEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else out += c;
  }
  return out;
}

// A sentence as an editor's HTML writes it: the first quote as &quot;, the
// first "%" as a numeric reference, a non-breaking space after the first
// comma.
std::string HtmlSentence(const std::string& s) {
  std::string out;
  bool quot = false, pct = false, comma = false;
  for (char c : s) {
    if (c == '"' && !quot) {
      out += "&quot;";
      quot = true;
    } else if (c == '%' && !pct) {
      out += "&#37;";
      pct = true;
    } else if (c == ',' && !comma) {
      out += ",&nbsp;";
      comma = true;
    } else if (c == '<') {
      out += "&lt;";
    } else if (c == '&') {
      out += "&amp;";
    } else {
      out += c;
    }
  }
  return out;
}

std::string MakeFeed(const std::vector<Article>& articles, bool full) {
  std::string x =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">\n<channel>\n"
      "<title>Báo Ví Dụ - Tin mới</title>\n<link>https://baovidu.example/</link>\n"
      "<pubDate>Tue, 10 Feb 2026 10:00:00 +0700</pubDate>\n";
  for (size_t i = 0; i < articles.size(); ++i) {
    const Article& a = articles[i];
    if (a.sentences.empty()) continue;
    x += "<item>\n<title>" + XmlEscape(a.title) + "</title>\n<link>" + XmlEscape(a.url) + "</link>\n";
    x += "<guid>" + XmlEscape(a.url) + "</guid>\n";
    x += "<pubDate>Tue, 10 Feb 2026 0" + std::to_string(i % 10) + ":25:00 +0700</pubDate>\n";
    x += "<description><![CDATA[<a href=\"" + a.url + "\"><img width=130 height=100 src=\"https://i.baovidu.example/" +
         std::to_string(i) + "_180x108.jpg\" ></a></br>" + HtmlSentence(a.sentences[0]) + "]]></description>\n";
    if (full) {
      std::string body = "<div class=\"detail\"><p class=\"lead\"><strong>" + HtmlSentence(a.sentences[0]) +
                         "</strong></p>\n<figure><img src=\"https://i.baovidu.example/" + std::to_string(i) +
                         ".jpg\" alt=\"ảnh\"><figcaption>Ảnh: <em>Báo Ví Dụ</em></figcaption></figure>\n";
      for (size_t k = 1; k < a.sentences.size(); ++k) {
        if (k % 3 == 1) body += "<p>";
        body += HtmlSentence(a.sentences[k]);
        body += k % 3 == 0 || k + 1 == a.sentences.size() ? "</p>\n" : " ";
        if (k == 2) body += "<p>Xem thêm: <a href=\"https://baovidu.example/lien-quan.html\">tin liên quan</a></p>\n";
      }
      body += "<script>window.ads = window.ads || []; ads.push({slot: \"<p>\"});</script></div>";
      x += "<content:encoded><![CDATA[" + body + "]]></content:encoded>\n";
    }
    x += "</item>\n";
  }
  x += "</channel>\n</rss>\n";
  return x;
}

struct Run {
  size_t items = 0;
  size_t text_bytes = 0;
  double seconds = 0;
};

Run ReadOnce(const std::string& feed, std::vector<vox::Item>* keep) {
  vox::ingest::ReadOptions opts;
  opts.input_name = "bench.rss";
  opts.now = 1770700000;
  Run r;
  const auto t0 = std::chrono::steady_clock::now();
  vox::Status st = vox::ingest::ReadBuffer(
      vox::ingest::Format::kRss, feed, opts,
      [&](vox::Item&& item) {
        ++r.items;
        r.text_bytes += item.text.size();
        if (keep) keep->push_back(std::move(item));
        return true;
      },
      [](const vox::ingest::Rejection&) {});
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!st.ok()) std::fprintf(stderr, "read failed: %s\n", st.message().c_str());
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = 9;
  std::string dump;
  std::vector<std::pair<std::string, std::string>> feeds;  // name, content
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--rounds" && i + 1 < argc) {
      rounds = std::max(1, std::atoi(argv[++i]));
    } else if (a == "--dump" && i + 1 < argc) {
      dump = argv[++i];
    } else {
      std::ifstream f(a, std::ios::binary);
      std::stringstream ss;
      ss << f.rdbuf();
      feeds.emplace_back(a, ss.str());
    }
  }
  if (feeds.empty()) {
    const std::vector<Article> articles = LoadArticles();
    if (articles.empty()) {
      std::fprintf(stderr, "no articles (set VOX_UNC_DEV or name a feed file)\n");
      return 1;
    }
    feeds.emplace_back("summary", MakeFeed(articles, false));
    feeds.emplace_back("full", MakeFeed(articles, true));
  }
  std::ofstream out;
  if (!dump.empty()) out.open(dump, std::ios::binary);
  for (const auto& [name, feed] : feeds) {
    std::vector<vox::Item> items;
    Run first = ReadOnce(feed, dump.empty() ? nullptr : &items);
    for (const vox::Item& it : items) out << it.id << '\t' << it.title << '\t' << it.text << "\n\x1e\n";
    std::vector<double> secs;
    for (int r = 0; r < rounds; ++r) secs.push_back(ReadOnce(feed, nullptr).seconds);
    std::sort(secs.begin(), secs.end());
    const double med = secs[secs.size() / 2];
    std::printf("%-8s %6zu items %7.2f MB feed %7.2f MB text  median %.1f ms: %9.0f items/s %7.1f MB/s"
                "  (best %.1f ms, worst %.1f ms)\n",
                name.c_str(), first.items, feed.size() / 1e6, first.text_bytes / 1e6, med * 1e3, first.items / med,
                feed.size() / 1e6 / med, secs.front() * 1e3, secs.back() * 1e3);
  }
  return 0;
}
