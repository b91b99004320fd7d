// A story's headline: a sentence a person can read, taken from one member —
// an article's title when the story has one, else the representative's (or
// another member's) first sentence — with links, hashtags, mentions and
// emoji cut out, diacritics restored from the members typed with them when
// the chosen sentence has none, and cut at a word boundary.
//
// Choice. Every member proposes its title, or the first sentence of its text
// (up to the first '.', '!', '?' or line break after 24 bytes). A proposal
// scores: +4 an article's title, +2 the representative, +2 typed with
// diacritics, +1 for each other member proposing the same folded sentence
// (capped at 3), and -3 when it has fewer than 4 words. Ties go to the
// earliest member.
//
// Restoring diacritics. When the chosen sentence has none, each word takes
// the accented form the accented members use for it: first by the pair it
// forms with its neighbour ("ban hanh" -> "ban hành"), else alone when one
// form has at least two thirds of the uses; otherwise it stays as typed.
// Capitalization of each word's first letter is kept, and the headline
// starts with a capital letter.
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <map>
#include <unordered_map>

#include "stories/stories.h"
#include "text/text.h"

namespace vox::stories {
namespace {

constexpr int kMinSentenceBytes = 24;

// The first sentence of s (whole s when it has no sentence end).
std::string_view FirstSentence(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\n' || s.front() == '\t')) s.remove_prefix(1);
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\n' && i >= 1) {
      if (i >= static_cast<size_t>(kMinSentenceBytes)) return s.substr(0, i);
      continue;
    }
    if ((c == '.' || c == '!' || c == '?') && i >= static_cast<size_t>(kMinSentenceBytes) &&
        (i + 1 == s.size() || s[i + 1] == ' ' || s[i + 1] == '\n')) {
      return s.substr(0, i + 1);
    }
  }
  return s;
}

std::string CollapseSpaces(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

// Upper-cases the first letter of w (Vietnamese letters included).
std::string CapitalizeFirst(const std::string& w) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(w);
  if (u.isEmpty()) return w;
  const UChar32 c = u.char32At(0);
  u.replace(0, U16_LENGTH(c), icu::UnicodeString(static_cast<UChar32>(u_toupper(c))));
  std::string out;
  u.toUTF8String(out);
  return out;
}

bool StartsUpper(std::string_view w) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(w);
  return !u.isEmpty() && u_isupper(u.char32At(0));
}

struct Forms {
  std::unordered_map<std::string, std::map<std::string, int>> one;   // folded word -> norm form -> uses
  std::unordered_map<std::string, std::map<std::string, int>> pair;  // "a b" folded -> "á b" norm -> uses
};

std::string Best(const std::map<std::string, int>& forms, double share) {
  int total = 0, best = 0;
  std::string form;
  for (const auto& [f, n] : forms) {
    total += n;
    if (n > best) {
      best = n;
      form = f;
    }
  }
  return best >= share * total ? form : std::string();
}

// Cuts links, hashtags, mentions and emoji out of s; restores diacritics
// from `forms` when s has none.
std::string Clean(std::string_view s, const Forms* forms) {
  std::vector<text::Token> toks;
  text::Tokenize(s, &toks);
  const bool restore = forms != nullptr && !text::HasDiacritics(s);
  std::string out;
  size_t at = 0;
  for (size_t i = 0; i < toks.size(); ++i) {
    const text::Token& t = toks[i];
    if (t.begin < at) continue;  // a teencode expansion: several tokens, one span
    out.append(s.substr(at, t.begin - at));
    at = t.end;
    std::string_view span = s.substr(t.begin, t.end - t.begin);
    switch (t.kind) {
      case text::TokenKind::kUrl:
      case text::TokenKind::kHashtag:
      case text::TokenKind::kMention:
      case text::TokenKind::kEmoji:
        continue;
      case text::TokenKind::kWord: {
        if (!restore) break;
        std::string form;
        // The pair with the next or the previous word, then the word alone.
        auto pair_form = [&](size_t a, size_t b, bool first) -> std::string {
          if (b >= toks.size() || toks[a].kind != text::TokenKind::kWord || toks[b].kind != text::TokenKind::kWord) {
            return {};
          }
          auto it = forms->pair.find(toks[a].folded + " " + toks[b].folded);
          if (it == forms->pair.end()) return {};
          std::string f = Best(it->second, 0.5);
          const size_t sp = f.find(' ');
          if (f.empty() || sp == std::string::npos) return {};
          return first ? f.substr(0, sp) : f.substr(sp + 1);
        };
        form = pair_form(i, i + 1, true);
        if (form.empty() && i > 0) form = pair_form(i - 1, i, false);
        if (form.empty()) {
          auto it = forms->one.find(t.folded);
          if (it != forms->one.end()) form = Best(it->second, 2.0 / 3);
        }
        // Only a word that is one token of its span and folds back to it.
        if (form.empty() || (i + 1 < toks.size() && toks[i + 1].begin < t.end)) break;
        out += StartsUpper(span) ? CapitalizeFirst(form) : form;
        continue;
      }
      default:
        break;
    }
    out.append(span);
  }
  out.append(s.substr(std::min(at, s.size())));
  std::string c = CollapseSpaces(out);
  // Separators left dangling at either end ("Tin nóng 👉", "| ...").
  auto junk = [](char ch) { return ch == '|' || ch == '-' || ch == ':' || ch == ',' || ch == ' ' || ch == '>'; };
  while (!c.empty() && junk(c.back())) c.pop_back();
  size_t lead = 0;
  while (lead < c.size() && junk(c[lead])) ++lead;
  return c.substr(lead);
}

// Accented forms of words and word pairs, from the members typed with
// diacritics (only needed when the chosen sentence has none).
Forms AccentedForms(const std::vector<LabelMember>& members) {
  Forms forms;
  std::vector<text::Token> toks;
  for (const LabelMember& lm : members) {
    const std::string whole = lm.title.empty() ? lm.text : lm.title + "\n" + lm.text;
    if (!text::HasDiacritics(whole)) continue;
    toks.clear();
    text::Tokenize(whole, &toks);
    for (size_t i = 0; i < toks.size(); ++i) {
      if (toks[i].kind != text::TokenKind::kWord) continue;
      ++forms.one[toks[i].folded][toks[i].norm];
      if (text::HasDiacritics(toks[i].norm) && i + 1 < toks.size() && toks[i + 1].kind == text::TokenKind::kWord) {
        ++forms.pair[toks[i].folded + " " + toks[i + 1].folded][toks[i].norm + " " + toks[i + 1].norm];
      }
    }
  }
  return forms;
}

// At most max_chars code points, cut at a space, with "…" when cut.
std::string Cut(const std::string& s, size_t max_chars) {
  size_t chars = 0, i = 0, last_space = std::string::npos;
  for (; i < s.size(); ++chars) {
    if (chars == max_chars) break;
    if (s[i] == ' ') last_space = i;
    const unsigned char c = static_cast<unsigned char>(s[i]);
    i += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  }
  if (i >= s.size()) return s;
  std::string out = s.substr(0, last_space != std::string::npos && last_space > 0 ? last_space : i);
  while (!out.empty() && (out.back() == ',' || out.back() == ':' || out.back() == ' ')) out.pop_back();
  return out + "…";
}

int Words(std::string_view s) {
  int n = 0;
  bool in = false;
  for (char c : s) {
    const bool sp = c == ' ';
    n += !sp && !in;
    in = !sp;
  }
  return n;
}

}  // namespace

std::string HeadlineFor(const std::vector<LabelMember>& members, size_t max_chars) {
  struct Proposal {
    std::string text;
    std::string folded;
    int score = 0;
    size_t order = 0;
  };
  std::vector<Proposal> props;
  for (size_t m = 0; m < members.size(); ++m) {
    const LabelMember& lm = members[m];
    const bool has_title = !lm.title.empty();
    std::string_view src = has_title ? std::string_view(lm.title) : FirstSentence(lm.text);
    Proposal p;
    p.text = Clean(src, nullptr);
    if (p.text.empty() && has_title) p.text = Clean(FirstSentence(lm.text), nullptr);
    if (p.text.empty()) continue;
    p.folded = text::FoldAccents(text::Normalize(p.text));
    const bool accented = text::HasDiacritics(p.text);
    p.score = (has_title && lm.kind == "article" ? 4 : 0) + (lm.representative ? 2 : 0) + (accented ? 2 : 0) -
              (Words(p.text) < 4 ? 3 : 0);
    p.order = m;
    props.push_back(std::move(p));
  }
  if (props.empty()) return "";
  std::unordered_map<std::string, int> same;
  for (const Proposal& p : props) ++same[p.folded];
  const Proposal* best = nullptr;
  int best_score = 0;
  for (const Proposal& p : props) {
    const int score = p.score + std::min(3, same[p.folded] - 1);
    if (!best || score > best_score) {
      best = &p;
      best_score = score;
    }
  }
  std::string text = best->text;
  if (!text::HasDiacritics(text)) {
    // The same sentence typed with diacritics by another member, else word
    // by word.
    for (const Proposal& p : props) {
      if (p.folded == best->folded && text::HasDiacritics(p.text)) {
        text = p.text;
        break;
      }
    }
    if (!text::HasDiacritics(text)) {
      const Forms forms = AccentedForms(members);
      text = Clean(text, &forms);
    }
  }
  return Cut(CapitalizeFirst(text), max_chars);
}

}  // namespace vox::stories
