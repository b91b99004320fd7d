// Matching terms (see terms.h): text engine tokens, with the claims lexicon's
// abbreviations expanded and numbers read as values.
#include "claims/terms.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unordered_map>

#include "text/text.h"

namespace vox::claims::internal {
namespace {

// The claims lexicon: abbreviations of administrative, business and school
// news as people write them, keyed by the written form lower-cased and
// accent-folded ('&' written as '-'), to the folded long form. Only forms the
// text engine's own table (data/teencode.tsv) lacks or reads otherwise ("ĐT"
// is điện thoại there, "KH" không). Deliberately left out as too ambiguous:
// "ns" (nói / nghệ sĩ), "ck" (chồng / chứng khoán), "cp" (cổ phiếu / chính phủ),
// "nh" (nhà / ngân hàng), "cd" (cao đẳng / CD), "hp" (Hải Phòng / học phí).
struct Abbrev {
  const char* key;
  const char* expansion;
};
constexpr Abbrev kAbbreviations[] = {
    // ministries and sectors, written with '-' or '&' or run together
    {"gd-dt", "giao duc va dao tao"},
    {"gddt", "giao duc va dao tao"},
    {"bgd-dt", "bo giao duc va dao tao"},
    {"kh-dt", "ke hoach va dau tu"},
    {"khdt", "ke hoach va dau tu"},
    {"ld-tb-xh", "lao dong thuong binh va xa hoi"},
    {"ldtbxh", "lao dong thuong binh va xa hoi"},
    {"tn-mt", "tai nguyen va moi truong"},
    {"nn-ptnt", "nong nghiep va phat trien nong thon"},
    {"vh-tt-dl", "van hoa the thao va du lich"},
    {"vhttdl", "van hoa the thao va du lich"},
    {"kh-cn", "khoa hoc va cong nghe"},
    {"khcn", "khoa hoc va cong nghe"},
    {"tt-tt", "thong tin va truyen thong"},
    {"gt-vt", "giao thong van tai"},
    {"tc-kt", "tai chinh ke toan"},
    // places and institutions
    {"vn", "viet nam"},
    {"tq", "trung quoc"},
    {"tg", "the gioi"},
    {"qg", "quoc gia"},
    {"dhqg", "dai hoc quoc gia"},
    {"nhnn", "ngan hang nha nuoc"},
    {"hdqt", "hoi dong quan tri"},
    {"dhcd", "dai hoi dong co dong"},
    {"ctcp", "cong ty co phan"},
    {"cty", "cong ty"},
    {"tnhh", "trach nhiem huu han"},
    {"bds", "bat dong san"},
    {"xk", "xuat khau"},
    {"nk", "nhap khau"},
    {"sxkd", "san xuat kinh doanh"},
    {"qltt", "quan ly thi truong"},
    // people
    {"hs", "hoc sinh"},
    {"sv", "sinh vien"},
    {"gv", "giao vien"},
    {"hlv", "huan luyen vien"},
    {"ptt", "pho thu tuong"},
    {"gs", "giao su"},
    {"pgs", "pho giao su"},
    {"ts", "tien si"},
    {"ths", "thac si"},
    {"bs", "bac si"},
    {"tngt", "tai nan giao thong"},
};

// Multipliers read after a number (folded): "6 nghìn", "500 tr", "97 tỷ".
double Multiplier(std::string_view folded) {
  if (folded == "k" || folded == "nghin" || folded == "ngan") return 1e3;
  if (folded == "tr" || folded == "trieu") return 1e6;
  if (folded == "ty" || folded == "ti") return 1e9;
  return 0;
}

// Units named one way after a number. `norm` keeps diacritics, so "3 độ"
// (degrees) is not "3 đô" (dollars) and "2 kỳ" is not "2 ký".
const char* UnitName(std::string_view norm) {
  if (norm == "đô" || norm == "usd" || norm == "$") return "usd";
  if (norm == "ký" || norm == "kí" || norm == "kg" || norm == "kilogam" || norm == "kilôgam") return "kg";
  if (norm == "đồng" || norm == "đ" || norm == "vnđ" || norm == "vnd") return "dong";
  return nullptr;
}

const std::unordered_map<std::string, std::vector<std::string>>& Lexicon() {
  static const auto* table = [] {
    auto* m = new std::unordered_map<std::string, std::vector<std::string>>();
    for (const Abbrev& a : kAbbreviations) {
      std::vector<std::string> words;
      std::string_view e = a.expansion;
      while (!e.empty()) {
        size_t sp = e.find(' ');
        words.emplace_back(e.substr(0, sp));
        e = sp == std::string_view::npos ? std::string_view() : e.substr(sp + 1);
      }
      (*m)[a.key] = std::move(words);
    }
    return m;
  }();
  return *table;
}

// Opposed expressions (terms.h, OppositeHeads / OppositePhrases): general
// administrative and news Vietnamese, written as people write them and read
// through Terms() once, so they meet posts in every typing. Each pair is read
// both ways.
struct Opposition {
  const char* a;
  const char* b;
};
// Heads: the syllable turns the word after it one way or the other.
constexpr Opposition kOpposedHeads[] = {
    {"tăng", "giảm"},   // giá, lương, lãi suất, học phí
    {"tăng", "hạ"},     // lãi suất, giá
    {"tăng", "sụt"},    // sụt giảm
    {"lên", "xuống"},   //
    {"mở", "đóng"},     // cửa, đường bay
    {"nhập", "xuất"},   // khẩu, cảnh, viện
    {"mua", "bán"},     //
    {"miễn", "thu"},    // phí, thuế
    {"thắng", "thua"},  // kiện, trận
    {"trên", "dưới"},   // 18 tuổi, 50 %
    {"cao", "thấp"},    // nhất, hơn
    {"nhiều", "ít"},    // nhất, hơn
    {"trước", "sau"},   // Tết, khi
};
// Phrases: two syllables, opposed as a whole.
constexpr Opposition kOpposedPhrases[] = {
    {"đồng ý", "từ chối"},        {"chấp thuận", "từ chối"},  {"chấp thuận", "bác bỏ"},
    {"phê duyệt", "bác bỏ"},      {"đồng ý", "phản đối"},     {"ủng hộ", "phản đối"},
    {"khẳng định", "bác bỏ"},     {"xác nhận", "bác bỏ"},     {"xác nhận", "phủ nhận"},
    {"khẳng định", "phủ nhận"},   {"cho phép", "nghiêm cấm"}, {"được phép", "bị cấm"},
    {"hợp pháp", "trái phép"},    {"bắt giữ", "phóng thích"}, {"tăng trưởng", "suy giảm"},
    {"tăng trưởng", "suy thoái"}, {"báo lãi", "báo lỗ"},      {"lãi ròng", "lỗ ròng"},
    {"lợi nhuận", "thua lỗ"},     {"đạt chuẩn", "không đạt"}, {"đạt yêu", "không đạt"},
    {"bắt đầu", "kết thúc"},      {"tiếp tục", "tạm dừng"},   {"tiếp tục", "dừng lại"},
    {"kết hôn", "ly hôn"},        {"thành công", "thất bại"}, {"chiến thắng", "thất bại"},
    {"âm tính", "dương tính"},    {"sống sót", "tử vong"},
};
// Negators: the word after them is negated.
constexpr const char* kNegators[] = {"không", "chưa", "chẳng"};

using OppositeTable = std::unordered_map<std::string, std::vector<std::string>>;

// An expression as Terms() reads it, its terms joined by one space.
std::string TermsForm(std::string_view text) {
  std::vector<Term> terms;
  Terms(text, &terms);
  std::string out;
  for (const Term& t : terms) {
    if (!out.empty()) out += ' ';
    out += t.text;
  }
  return out;
}

template <size_t N>
OppositeTable MakeOpposites(const Opposition (&pairs)[N]) {
  OppositeTable t;
  for (const Opposition& p : pairs) {
    const std::string a = TermsForm(p.a), b = TermsForm(p.b);
    t[a].push_back(b);
    t[b].push_back(a);
  }
  return t;
}

const std::vector<std::string>& Find(const OppositeTable& t, std::string_view key) {
  static const std::vector<std::string> kNone;
  auto it = t.find(std::string(key));
  return it == t.end() ? kNone : it->second;
}

std::vector<std::pair<std::string, std::string>> BothWays(const OppositeTable& t) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [k, v] : t) {
    for (const std::string& o : v) out.emplace_back(k, o);
  }
  std::sort(out.begin(), out.end());
  return out;
}

const OppositeTable& HeadTable() {
  static const auto* t = new OppositeTable(MakeOpposites(kOpposedHeads));
  return *t;
}
const OppositeTable& PhraseTable() {
  static const auto* t = new OppositeTable(MakeOpposites(kOpposedPhrases));
  return *t;
}

// The written form of a span, lower-cased and accent-folded ("ĐHQG" -> "dhqg").
void SurfaceKey(std::string_view span, std::string* key) {
  key->clear();
  bool ascii = true;
  for (char c : span) ascii &= static_cast<unsigned char>(c) < 0x80;
  if (ascii) {
    key->assign(span);
  } else {
    *key = text::FoldAccents(text::Canonicalize(span));
  }
  for (char& c : *key) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
}

// A run of tokens from one source span (a teencode expansion gives several).
struct Unit {
  size_t first, last;  // token range [first, last)
  uint32_t begin, end;
  bool number;
  std::string key;  // SurfaceKey of the span ("" when the span is long)
};

constexpr size_t kMaxKeySpan = 12;  // bytes; abbreviations are short

// Framing: what people wrap around a claim they pass on, which says nothing
// about which claim it is ("Nghe nói …", "Mọi người ơi, …", "… đúng không?").
// Dropped only at the very start (kLeadingFraming, up to two in a row) and
// the very end (kTrailingFraming) of a text, where framing lives: inside a
// sentence "không biết" or "chia sẻ" are ordinary words. Folded terms, after
// teencode ("mn" is mọi người, "ko" không).
constexpr const char* kLeadingFraming[] = {
    "nghe noi", "nghe don", "nghe dau", "nghe bao", "thay bao", "thay noi", "moi nguoi oi", "ca nha oi",
    "co ai biet khong", "ai biet khong", "tin nong", "tin soc", "chia se", "cho hoi", "co phai", "tin tu nguoi quen",
};
constexpr const char* kTrailingFraming[] = {
    "khong biet co dung khong", "co dung khong", "dung khong", "that khong vay", "that khong", "phai khong",
    "moi nguoi chia se giup", "chia se giup", "moi nguoi oi", "ca nha oi", "khong vay", "khong",
};

// A framing phrase split into its words, once.
using Phrase = std::vector<std::string>;
template <size_t N>
std::vector<Phrase> Split(const char* const (&phrases)[N]) {
  std::vector<Phrase> out;
  for (const char* p : phrases) {
    Phrase words;
    std::string_view v = p;
    while (!v.empty()) {
      size_t sp = v.find(' ');
      words.emplace_back(v.substr(0, sp));
      v = sp == std::string_view::npos ? std::string_view() : v.substr(sp + 1);
    }
    out.push_back(std::move(words));
  }
  return out;
}

// Number of terms of `out` ending at (backwards) or starting at `at` that
// spell `words`, or 0.
size_t PhraseAt(const std::vector<Term>& out, size_t at, const Phrase& words, bool backwards) {
  if (words.size() > (backwards ? at : out.size() - at)) return 0;
  const size_t first = backwards ? at - words.size() : at;
  for (size_t k = 0; k < words.size(); ++k) {
    if (out[first + k].number || out[first + k].text != words[k]) return 0;
  }
  return words.size();
}

// Drops framing at both ends; keeps at least kKeepTerms terms.
// Synonyms of news and administrative language, in terms form (folded):
// each written phrase is read as its canonical one, the same way for posts
// and fact-checks, so a post saying "chết" meets a fact-check saying "tử
// vong". Only words with one meaning once folded ("chet" is only chết).
struct Synonym {
  const char* written;
  const char* canonical;
};
constexpr Synonym kSynonyms[] = {
    {"chet", "tu vong"},        {"qua doi", "tu vong"},    {"thiet mang", "tu vong"},
    {"mat mang", "tu vong"},    {"vaccine", "vac xin"},    {"vacxin", "vac xin"},
    {"vaccin", "vac xin"},      {"xe hoi", "o to"},        {"oto", "o to"},
    {"nguoi benh", "benh nhan"},
};

void ReadSynonyms(std::vector<Term>* out) {
  static const auto* table = [] {
    auto* t = new std::vector<std::pair<Phrase, Phrase>>();
    for (const Synonym& syn : kSynonyms) {
      Phrase w, c;
      for (auto [text, dst] : {std::pair{syn.written, &w}, std::pair{syn.canonical, &c}}) {
        std::string_view v = text;
        while (!v.empty()) {
          const size_t sp = v.find(' ');
          dst->emplace_back(v.substr(0, sp));
          v = sp == std::string_view::npos ? std::string_view() : v.substr(sp + 1);
        }
      }
      t->emplace_back(std::move(w), std::move(c));
    }
    return t;
  }();
  // The phrase of the table starting at out[i], or nullptr.
  auto phrase_at = [&](size_t i) -> const std::pair<Phrase, Phrase>* {
    const Term& term = (*out)[i];
    if (term.number) return nullptr;
    for (const auto& entry : *table) {
      if (term.text == entry.first[0] && PhraseAt(*out, i, entry.first, false)) return &entry;
    }
    return nullptr;
  };
  size_t first = 0;
  while (first < out->size() && !phrase_at(first)) ++first;
  if (first == out->size()) return;  // the common case: nothing to rewrite, nothing copied
  std::vector<Term> read;
  read.reserve(out->size() + 4);
  for (size_t i = 0; i < first; ++i) read.push_back(std::move((*out)[i]));
  for (size_t i = first; i < out->size();) {
    const auto* entry = phrase_at(i);
    if (entry) {
      for (const std::string& word : entry->second) read.push_back(Term{word, false, (*out)[i].begin});
      i += entry->first.size();
    } else {
      read.push_back(std::move((*out)[i++]));
    }
  }
  out->swap(read);
}

void StripFraming(std::vector<Term>* out) {
  constexpr size_t kKeepTerms = 4;
  static const std::vector<Phrase> leading = Split(kLeadingFraming), trailing = Split(kTrailingFraming);
  size_t begin = 0, end = out->size();
  for (int round = 0; round < 2; ++round) {
    for (const Phrase& p : leading) {
      const size_t n = PhraseAt(*out, begin, p, false);
      if (n && end - begin - n >= kKeepTerms) {
        begin += n;
        break;
      }
    }
  }
  for (const Phrase& p : trailing) {
    const size_t n = PhraseAt(*out, end, p, true);
    if (n && end - begin - n >= kKeepTerms) {
      end -= n;
      break;
    }
  }
  if (begin == 0 && end == out->size()) return;
  out->erase(out->begin() + end, out->end());
  out->erase(out->begin(), out->begin() + begin);
}

}  // namespace

std::string CanonicalNumber(std::string_view folded, double multiplier, std::string* suffix) {
  size_t n = 0;
  while (n < folded.size() && ((folded[n] >= '0' && folded[n] <= '9') || folded[n] == '.' || folded[n] == ',')) ++n;
  suffix->assign(folded.substr(n));
  std::string_view digits = folded.substr(0, n);
  while (!digits.empty() && (digits.back() == '.' || digits.back() == ',')) digits.remove_suffix(1);
  // Anything but digits and separators (dates "1/10", ranges): as written.
  if (digits.empty() || (!suffix->empty() && ((*suffix)[0] < 'a' || (*suffix)[0] > 'z'))) {
    suffix->clear();
    return std::string(folded);
  }
  // Vietnamese writing: '.' groups thousands, ',' is the decimal mark
  // ("1.234.567,5"); a '.' that does not group thousands is a decimal point
  // ("3.5").
  const size_t comma = digits.find(',');
  std::string_view whole = digits.substr(0, comma);
  bool grouped = whole.find('.') != std::string_view::npos;
  {
    size_t run = 0, groups = 0;
    for (size_t i = 0; i <= whole.size() && grouped; ++i) {
      if (i == whole.size() || whole[i] == '.') {
        if (groups == 0 ? (run < 1 || run > 3) : run != 3) grouped = false;
        ++groups;
        run = 0;
      } else {
        ++run;
      }
    }
  }
  std::string s;
  for (char c : whole) {
    if (c != '.' || !grouped) s += c;
  }
  if (comma != std::string_view::npos) {
    std::string_view frac = digits.substr(comma + 1);
    if (frac.find(',') != std::string_view::npos || frac.find('.') != std::string_view::npos) {
      return std::string(folded);
    }
    s += '.';
    s += frac;
  }
  if (std::count(s.begin(), s.end(), '.') > 1) return std::string(folded);
  double v = std::strtod(s.c_str(), nullptr) * multiplier;
  char buf[48];
  if (std::fabs(v) < 1e15 && v == std::floor(v)) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
  } else {
    std::snprintf(buf, sizeof buf, "%.12g", v);
  }
  return buf;
}

void Terms(std::string_view text, std::vector<Term>* out) {
  thread_local std::vector<text::Token> tokens;
  thread_local std::vector<Unit> units;
  tokens.clear();
  out->clear();
  text::Tokenize(text, &tokens);
  units.clear();
  for (size_t i = 0; i < tokens.size();) {
    const text::Token& t = tokens[i];
    if (t.kind != text::TokenKind::kWord && t.kind != text::TokenKind::kNumber) {
      ++i;
      continue;
    }
    size_t j = i + 1;
    while (j < tokens.size() && tokens[j].begin == t.begin && tokens[j].end == t.end) ++j;
    Unit& u = units.emplace_back();
    u.first = i;
    u.last = j;
    u.begin = t.begin;
    u.end = t.end;
    u.number = t.kind == text::TokenKind::kNumber;
    u.key.clear();
    // The written form matters only for short spans; a single token that is
    // no expansion (its folded form is no longer than what was written) is
    // its own key, without re-reading the span.
    const uint32_t span = t.end - t.begin;
    if (span <= kMaxKeySpan && t.end <= text.size()) {
      if (j == i + 1 && t.folded.size() <= span && t.kind == text::TokenKind::kWord) {
        u.key = t.folded;
      } else {
        SurfaceKey(text.substr(t.begin, span), &u.key);
      }
    }
    i = j;
  }
  const auto& lex = Lexicon();
  uint32_t begin = 0;  // the current unit's byte offset
  auto push = [&](std::string_view s, bool number) {
    if (s.empty()) return;  // a lone combining mark folds to nothing
    Term& term = out->emplace_back();
    term.text.assign(s);
    term.number = number;
    term.begin = begin;
  };
  // Separator between units a and a+1 when it is exactly "-" or "&" (else 0).
  auto joined = [&](size_t a) -> char {
    if (a + 1 >= units.size() || units[a].key.empty() || units[a + 1].key.empty()) return 0;
    if (units[a + 1].begin != units[a].end + 1) return 0;
    const char c = text[units[a].end];
    return c == '-' || c == '&' ? '-' : 0;
  };
  std::string key, suffix;
  for (size_t i = 0; i < units.size();) {
    const Unit& u = units[i];
    begin = u.begin;
    // Compounds of three, then two units ("LĐ-TB&XH", "GD-ĐT").
    bool done = false;
    for (size_t len = 3; len >= 2 && !done; --len) {
      if (i + len > units.size()) continue;
      key = u.key;
      bool ok = true;
      for (size_t k = 0; k + 1 < len && ok; ++k) {
        const char sep = joined(i + k);
        ok = sep != 0;
        if (ok) (key += sep) += units[i + k + 1].key;
      }
      if (!ok) continue;
      auto it = lex.find(key);
      if (it == lex.end()) continue;
      for (const std::string& w : it->second) push(w, false);
      i += len;
      done = true;
    }
    if (done) continue;
    if (u.number) {
      const std::string& folded = tokens[u.first].folded;
      // Multipliers and a unit right after the number (or glued to it).
      double mult = 1;
      size_t next = i + 1;
      CanonicalNumber(folded, 1, &suffix);
      const std::string glued = suffix;
      const char* unit = nullptr;
      if (!glued.empty()) {
        if (double m = Multiplier(glued)) {
          mult = m;
        } else if (glued == "d" || glued == "vnd") {
          unit = "dong";
        }
      }
      while (next < units.size() && units[next].last - units[next].first == 1) {
        const text::Token& nt = tokens[units[next].first];
        if (double m = Multiplier(units[next].key); m && nt.kind == text::TokenKind::kWord) {
          mult *= m;
          ++next;
          continue;
        }
        break;
      }
      if (!unit && next < units.size() && units[next].last - units[next].first == 1) {
        const text::Token& nt = tokens[units[next].first];
        if ((unit = UnitName(nt.norm))) {
          ++next;
          if (std::string_view(unit) == "usd" && next < units.size() && units[next].key == "la") ++next;  // đô la
        }
      }
      // A range written as one token ("2022-2027", "6–7"): its two ends.
      size_t dash = folded.find('-');
      size_t dash_len = 1;
      if (dash == std::string::npos && (dash = folded.find("\xe2\x80\x93")) != std::string::npos) dash_len = 3;
      if (dash != std::string::npos && dash > 0 && dash + dash_len < folded.size() && !unit) {
        push(CanonicalNumber(folded.substr(0, dash), mult, &suffix), true);
        std::string value = CanonicalNumber(folded.substr(dash + dash_len), mult, &suffix);
        push(value, true);
        i = next;
        continue;
      }
      std::string value = CanonicalNumber(folded, mult, &suffix);
      push(value, true);
      if (unit) {
        push(unit, false);
      } else if (!suffix.empty() && !Multiplier(suffix)) {
        push(suffix, false);  // "24h", "5g": the letters as a word
      }
      i = next;
      continue;
    }
    if (!u.key.empty()) {
      auto it = lex.find(u.key);
      if (it != lex.end()) {
        for (const std::string& w : it->second) push(w, false);
        ++i;
        continue;
      }
    }
    for (size_t k = u.first; k < u.last; ++k) push(tokens[k].folded, false);
    ++i;
  }
  StripFraming(out);
  ReadSynonyms(out);
}

const std::vector<std::string>& OppositeHeads(std::string_view head) { return Find(HeadTable(), head); }
const std::vector<std::string>& OppositePhrases(std::string_view phrase) { return Find(PhraseTable(), phrase); }
std::vector<std::pair<std::string, std::string>> OpposedHeadPairs() { return BothWays(HeadTable()); }
std::vector<std::pair<std::string, std::string>> OpposedPhrasePairs() { return BothWays(PhraseTable()); }

const std::vector<std::string>& Negators() {
  static const auto* v = [] {
    auto* out = new std::vector<std::string>();
    for (const char* n : kNegators) out->push_back(TermsForm(n));
    return out;
  }();
  return *v;
}

bool IsNegator(std::string_view folded) {
  const auto& n = Negators();
  return std::find(n.begin(), n.end(), folded) != n.end();
}

}  // namespace vox::claims::internal
