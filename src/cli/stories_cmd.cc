// `vox stories [--since T] [--until T] [--source S] [--concern C] [--place P] [--min-size N] [--rising]
// [--limit N] [--sort recent|size|rising] [--with-items] [--json]` and
// `vox trends [--window 24h] [--json]`.
#include "cli/stories_cmd.h"

#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/util.h"
#include "query/query.h"
#include "ingest/links.h"
#include "stories/stories.h"

namespace vox::cli {
namespace {

using json = nlohmann::json;

struct StoriesArgs {
  std::string since;
  std::string until;
  std::string source, concern, place;
  int64_t min_size = 0;
  bool rising = false;
  int64_t limit = 50;
  std::string sort = "recent";
  bool with_items = false;
  bool as_json = false;
};

struct RebuildArgs {
  bool keep_existing = false;
  bool as_json = false;
};

struct TrendsArgs {
  std::string window = "24h";
  std::string now;
  int64_t limit = 20;
  bool as_json = false;
};

int RunStories(const Globals& g, const StoriesArgs& a) {
  stories::StoryListOptions opts;
  if (!ParseTimeArg(a.since, &opts.since)) {
    return Fail(Status::InvalidArgument("bad --since " + a.since + ": use RFC 3339, YYYY-MM-DD or 7d"));
  }
  if (!a.until.empty() && !ParseTimeArg(a.until, &opts.until)) {
    return Fail(Status::InvalidArgument("bad --until " + a.until + ": use RFC 3339 or YYYY-MM-DD"));
  }
  if (opts.until != 0 && opts.since >= opts.until) return Fail(Status::InvalidArgument("--until must be later than --since"));
  opts.source = a.source;
  opts.category = a.concern;
  opts.place = a.place;
  opts.min_size = a.min_size;
  opts.rising_only = a.rising;
  opts.limit = a.limit;
  opts.with_items = a.with_items;
  if (!query::ParseStorySort(a.sort, &opts.sort)) {
    return Fail(Status::InvalidArgument("bad --sort " + a.sort + ": use recent, size or rising"));
  }
  auto st = OpenStore(g);
  if (!st.ok()) return Fail(st.status());
  auto list = stories::ListStories(**st, opts);
  if (!list.ok()) return Fail(list.status());
  if (a.as_json) {
    std::cout << Dump(query::StoriesJson(*list, a.with_items)) << "\n";
    return kOk;
  }
  for (const auto& s : *list) {
    std::printf("%6lld  %5lld items  %4lld voices  %s .. %s  %s\n", static_cast<long long>(s.story.id),
                static_cast<long long>(s.story.size), static_cast<long long>(s.story.voices),
                FormatTimestamp(s.story.first_seen).c_str(), FormatTimestamp(s.story.last_seen).c_str(),
                s.label.c_str());
    if (a.with_items) {
      for (const auto& id : s.items) std::printf("        %s\n", id.c_str());
    }
  }
  if (list->empty()) std::printf("no stories\n");
  return kOk;
}

int RunRebuild(const Globals& g, const RebuildArgs& a) {
  auto st = OpenStore(g);
  if (!st.ok()) return Fail(st.status());
  stories::RebuildOptions opts;
  opts.keep_existing = a.keep_existing;
  // Short links lead where ingest found they lead (and, with links.expand
  // on, ones it never asked are asked now).
  auto link_opts = ingest::LinkOptionsFromSettings(**st);
  if (!link_opts.ok()) return Fail(link_opts.status());
  ingest::ShortLinks links(**st, *link_opts);
  ingest::LinkPages pages(**st, *link_opts);
  opts.options.link_target = [&links](std::string_view url) { return links.Target(url); };
  opts.options.page_text = [&pages](const Item& item) { return pages.Text(item); };
  const bool tty = isatty(fileno(stderr)) != 0;
  int64_t last_shown = 0;
  auto progress = [&](int64_t done, int64_t total) {
    if (!tty || done - last_shown < 50000) return;
    last_shown = done;
    std::fprintf(stderr, "\rstories: %lld / %lld items", static_cast<long long>(done), static_cast<long long>(total));
  };
  auto rep = stories::RebuildStories(**st, opts, progress);
  if (tty && last_shown > 0) std::fprintf(stderr, "\n");
  if (!rep.ok()) return Fail(rep.status());
  if (a.as_json) {
    json j = {{"items", rep->items}, {"assigned", rep->assigned}, {"stories", rep->stories}};
    std::cout << Dump(j) << "\n";
    return kOk;
  }
  std::printf("%lld items read, %lld assigned to stories; %lld stories\n", static_cast<long long>(rep->items),
              static_cast<long long>(rep->assigned), static_cast<long long>(rep->stories));
  return kOk;
}

int RunTrends(const Globals& g, const TrendsArgs& a) {
  stories::TrendOptions opts;
  if (!ParseDuration(a.window, &opts.window) || opts.window < 3600) {
    return Fail(Status::InvalidArgument("bad --window " + a.window + ": use e.g. 3h, 24h, 7d (at least 1h)"));
  }
  if (!ParseTimeArg(a.now, &opts.now)) return Fail(Status::InvalidArgument("bad --now " + a.now));
  opts.limit = a.limit;
  auto st = OpenStore(g);
  if (!st.ok()) return Fail(st.status());
  auto trends = stories::ComputeTrends(**st, opts);
  if (!trends.ok()) return Fail(trends.status());
  if (a.as_json) {
    std::cout << Dump(query::TrendsJson(*trends)) << "\n";
    return kOk;
  }
  for (const auto& t : *trends) {
    std::string who = t.kind == "story" ? "story " + std::to_string(t.story_id) : "concern";
    std::printf("%6.1f  %-12s %s — %s\n", t.score, who.c_str(), t.key.c_str(), t.explanation.c_str());
  }
  if (trends->empty()) std::printf("nothing rising\n");
  return kOk;
}

}  // namespace

void RegisterStoriesCommands(CLI::App& app, Globals& g, Runner* run) {
  auto sa = std::make_shared<StoriesArgs>();
  auto* stories_cmd = app.add_subcommand("stories", "groups of near-identical or same-event items, newest first");
  stories_cmd->add_option("--since", sa->since, "stories seen at or after (RFC 3339, YYYY-MM-DD or 7d ago)");
  stories_cmd->add_option("--limit", sa->limit, "at most N stories (0: all)")->capture_default_str();
  stories_cmd->add_option("--sort", sa->sort,
                          "recent: last seen first; size: largest first; rising: most members in the last 24 h")
      ->capture_default_str();
  stories_cmd->add_option("--until", sa->until, "stories with a member published before (RFC 3339 or YYYY-MM-DD)");
  stories_cmd->add_option("--source", sa->source, "stories with a member from this source (in the period)");
  stories_cmd->add_option("--concern", sa->concern, "stories with a member of this concern (its id)");
  stories_cmd->add_option("--place", sa->place, "stories with a member tagged with this place (ward, commune)");
  stories_cmd->add_option("--min-size", sa->min_size, "stories of at least N members")->check(CLI::NonNegativeNumber);
  stories_cmd->add_flag("--rising", sa->rising, "only the stories rising in the last 24 hours");
  stories_cmd->add_flag("--with-items", sa->with_items, "list the member items' ids");
  stories_cmd->add_flag("--json", sa->as_json, "print [{id, size, voices, label, key_phrases, first_seen, last_seen, items?}]");
  auto ra = std::make_shared<RebuildArgs>();
  auto* rebuild_cmd = stories_cmd->add_subcommand(
      "rebuild", "assign stories again to every item, in published order (or, with --continue, to items without one)");
  rebuild_cmd->add_flag("--continue", ra->keep_existing,
                        "keep the stories there are; assign only items without a story (an interrupted rebuild, "
                        "items ingested before stories existed)");
  rebuild_cmd->add_flag("--json", ra->as_json, "print {items, assigned, stories}");
  rebuild_cmd->callback([&g, ra, run] { *run = [&g, ra] { return RunRebuild(g, *ra); }; });
  stories_cmd->callback([&g, sa, run, rebuild_cmd] {
    if (rebuild_cmd->parsed()) return;
    *run = [&g, sa] { return RunStories(g, *sa); };
  });

  auto ta = std::make_shared<TrendsArgs>();
  auto* trends_cmd = app.add_subcommand("trends", "rising stories and concerns, with the counts behind them");
  trends_cmd->add_option("--window", ta->window, "look for rises in the last DURATION")->capture_default_str();
  trends_cmd->add_option("--now", ta->now, "the end of the window (default: the newest item)");
  trends_cmd->add_option("--limit", ta->limit, "at most N trends")->capture_default_str();
  trends_cmd->add_flag("--json", ta->as_json, "print [{kind, story_id, key, count, voices, hours, expected, score, explanation}]");
  trends_cmd->callback([&g, ta, run] { *run = [&g, ta] { return RunTrends(g, *ta); }; });
}

}  // namespace vox::cli
