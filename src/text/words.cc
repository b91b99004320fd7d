#include "text/words.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "text/text.h"

namespace vox::text {
namespace {

std::string PairKey(std::string_view a, std::string_view b) {
  std::string k;
  k.reserve(a.size() + b.size() + 1);
  k.append(a);
  k.push_back('\t');
  k.append(b);
  return k;
}

// Runs of word tokens with only white space between them (a teencode
// expansion's tokens share one span and stay together).
template <typename Fn>
void ForEachRun(std::string_view text, const std::vector<Token>& toks, Fn fn) {
  std::vector<size_t> run;
  auto flush = [&] {
    if (!run.empty()) fn(run);
    run.clear();
  };
  for (size_t i = 0; i < toks.size(); ++i) {
    const Token& t = toks[i];
    if (t.kind != TokenKind::kWord) {
      flush();
      continue;
    }
    if (!run.empty()) {
      const Token& p = toks[run.back()];
      bool adjacent = p.begin == t.begin;  // same span: one expansion
      if (!adjacent && t.begin >= p.end) {
        adjacent = true;
        for (size_t k = p.end; k < t.begin; ++k) {
          const char c = text[k];
          if (c != ' ' && c != '\t') {
            adjacent = false;
            break;
          }
        }
      }
      if (!adjacent) flush();
    }
    run.push_back(i);
  }
  flush();
}

bool Capitalized(std::string_view raw) {
  if (raw.empty()) return false;
  UChar32 cp = 0;
  int32_t i = 0;
  U8_NEXT(reinterpret_cast<const uint8_t*>(raw.data()), i, static_cast<int32_t>(raw.size()), cp);
  return cp > 0 && u_isupper(cp);
}

}  // namespace

void WordModel::LearnRun(const std::vector<std::string>& syllables) {
  for (size_t i = 0; i < syllables.size(); ++i) {
    ++unigrams_[syllables[i]];
    ++total_;
    if (i + 1 < syllables.size()) ++pairs_[PairKey(syllables[i], syllables[i + 1])];
  }
}

void WordModel::Learn(std::string_view text) {
  std::vector<Token> toks;
  Tokenize(text, &toks);
  std::vector<std::string> syl;
  ForEachRun(text, toks, [&](const std::vector<size_t>& run) {
    syl.clear();
    for (size_t i : run) syl.push_back(toks[i].norm);
    LearnRun(syl);
  });
}

double WordModel::Npmi(std::string_view a, std::string_view b) const {
  if (total_ == 0) return -1;
  auto p = pairs_.find(PairKey(a, b));
  if (p == pairs_.end() || p->second < opts_.min_count) return -1;
  auto ua = unigrams_.find(std::string(a)), ub = unigrams_.find(std::string(b));
  if (ua == unigrams_.end() || ub == unigrams_.end()) return -1;
  const double n = static_cast<double>(total_);
  const double pab = p->second / n, pa = ua->second / n, pb = ub->second / n;
  if (pab >= 1.0) return 1.0;
  return std::log(pab / (pa * pb)) / -std::log(pab);
}

namespace {

std::vector<std::pair<size_t, size_t>> SegmentNormalized(const WordModel& m, const std::vector<std::string>& norm,
                                                         const std::vector<bool>& cap) {
  const size_t n = norm.size();
  std::vector<double> bind(n, -1.0);
  for (size_t i = 0; i + 1 < n; ++i) bind[i] = m.Npmi(norm[i], norm[i + 1]);
  std::vector<std::pair<size_t, size_t>> out;
  size_t i = 0;
  while (i < n) {
    if (i > 0 && i + 1 < n && cap[i] && cap[i + 1]) {  // a name, not the sentence's first word
      size_t j = i + 1;
      while (j + 1 < n && cap[j + 1]) ++j;
      out.emplace_back(i, j + 1);
      i = j + 1;
      continue;
    }
    if (i + 1 < n && bind[i] > m.options().threshold && (i + 2 >= n || bind[i] >= bind[i + 1])) {
      out.emplace_back(i, i + 2);
      i += 2;
    } else {
      out.emplace_back(i, i + 1);
      ++i;
    }
  }
  return out;
}

}  // namespace

std::vector<std::pair<size_t, size_t>> WordModel::Segment(const std::vector<std::string>& syllables) const {
  std::vector<std::string> norm;
  std::vector<bool> cap;
  for (const std::string& s : syllables) {
    norm.push_back(Normalize(s));
    cap.push_back(Capitalized(s));
  }
  return SegmentNormalized(*this, norm, cap);
}

std::string WordModel::Annotate(std::string_view text) const {
  std::vector<Token> toks;
  Tokenize(text, &toks);
  std::vector<std::string> join(toks.size(), " ");  // separator after token i
  ForEachRun(text, toks, [&](const std::vector<size_t>& run) {
    std::vector<std::string> norm;
    std::vector<bool> cap;
    for (size_t i : run) {
      norm.push_back(toks[i].norm);
      cap.push_back(Capitalized(text.substr(toks[i].begin, toks[i].end - toks[i].begin)));
    }
    for (const auto& [b, e] : SegmentNormalized(*this, norm, cap)) {
      for (size_t k = b; k + 1 < e; ++k) join[run[k]] = "_";
    }
  });
  std::string out;
  for (size_t i = 0; i < toks.size(); ++i) {
    out += toks[i].norm;
    if (i + 1 < toks.size()) out += join[i];
  }
  return out;
}

Status WordModel::Save(const std::string& path) const {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (!f) return Status::IoError("cannot write " + path);
  f << "# vox word model: 0<TAB>syllables, 1<TAB>syllable<TAB>count, 2<TAB>a<TAB>b<TAB>count\n";
  f << "# threshold " << opts_.threshold << " min_count " << opts_.min_count << "\n";
  f << "0\t" << total_ << '\n';
  // Only what Npmi reads: the kept pairs and their syllables. Rare syllables
  // and pairs (a name seen once, say) stay out of the file.
  std::unordered_map<std::string, uint32_t> kept;
  for (const auto& [k, c] : pairs_) {
    if (c < opts_.min_count) continue;
    f << "2\t" << k << '\t' << c << '\n';
    const size_t tab = k.find('\t');
    for (std::string syl : {k.substr(0, tab), k.substr(tab + 1)}) {
      auto u = unigrams_.find(syl);
      if (u != unigrams_.end()) kept.emplace(std::move(syl), u->second);
    }
  }
  for (const auto& [syl, c] : kept) f << "1\t" << syl << '\t' << c << '\n';
  f.flush();
  if (!f) return Status::IoError("cannot write " + path);
  return Status::Ok();
}

Result<WordModel> WordModel::Load(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return Status::IoError("cannot open word model " + path);
  WordModel m;
  uint64_t total_line = 0;  // files from Save say it; else the syllables listed
  std::string line;
  size_t lineno = 0;
  while (std::getline(f, line)) {
    ++lineno;
    if (line.empty()) continue;
    if (line[0] == '#') {  // "# threshold 0.45 min_count 2" keeps the options Save wrote
      double threshold = 0;
      unsigned min_count = 0;
      if (std::sscanf(line.c_str(), "# threshold %lf min_count %u", &threshold, &min_count) == 2 &&
          threshold > -1 && threshold < 1 && min_count > 0) {
        m.opts_ = {threshold, min_count};
      }
      continue;
    }
    std::vector<std::string> fields;
    std::stringstream ss(line);
    std::string field;
    while (std::getline(ss, field, '\t')) fields.push_back(field);
    const bool total = fields.size() == 2 && fields[0] == "0";
    const bool uni = fields.size() == 3 && fields[0] == "1";
    const bool pair = fields.size() == 4 && fields[0] == "2";
    char* end = nullptr;
    const unsigned long long count =
        (total || uni || pair) ? std::strtoull(fields.back().c_str(), &end, 10) : 0;
    if ((!total && !uni && !pair) || end == nullptr || *end != '\0' || count == 0 ||
        (!total && count > UINT32_MAX)) {
      return Status::InvalidArgument(path + ":" + std::to_string(lineno) +
                                     ": expected 0<TAB>syllables, 1<TAB>syllable<TAB>count or 2<TAB>a<TAB>b<TAB>count");
    }
    if (total) {
      total_line = count;
    } else if (uni) {
      uint32_t& c = m.unigrams_[fields[1]];
      m.total_ += count - c;  // a repeated line replaces, as for pairs
      c = static_cast<uint32_t>(count);
    } else {
      m.pairs_[PairKey(fields[1], fields[2])] = static_cast<uint32_t>(count);
    }
  }
  if (total_line != 0) m.total_ = total_line;
  return m;
}

}  // namespace vox::text
