#include "ocr/ocr.h"

#include <leptonica/allheaders.h>
#include <tesseract/baseapi.h>

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

namespace vox::ocr {
namespace {

struct PixFree {
  void operator()(PIX* p) const { pixDestroy(&p); }
};
using PixPtr = std::unique_ptr<PIX, PixFree>;

// One engine per thread and language set: loading the LSTM model costs a
// few hundred milliseconds, reading an image less.
struct Engine {
  std::unique_ptr<tesseract::TessBaseAPI> api;
  std::string key;
};

Result<tesseract::TessBaseAPI*> ThreadEngine(const Options& o) {
  thread_local Engine e;
  const std::string key = o.tessdata + "|" + o.languages;
  if (e.api && e.key == key) return e.api.get();
  e.api = std::make_unique<tesseract::TessBaseAPI>();
  e.key.clear();
  // Tesseract's own chatter goes nowhere: Vox reports what matters.
  e.api->SetVariable("debug_file", "/dev/null");
  if (e.api->Init(o.tessdata.empty() ? nullptr : o.tessdata.c_str(), o.languages.c_str(),
                  tesseract::OEM_LSTM_ONLY) != 0) {
    e.api.reset();
    return Status::IoError("the OCR model '" + o.languages +
                           "' cannot be loaded (install tesseract-ocr-vie, or set TESSDATA_PREFIX)");
  }
  e.api->SetPageSegMode(tesseract::PSM_AUTO);
  e.key = key;
  return e.api.get();
}

bool Starts(std::string_view b, std::string_view magic, size_t at = 0) {
  return b.size() >= at + magic.size() && b.substr(at, magic.size()) == magic;
}

}  // namespace

std::string_view ImageType(std::string_view b) {
  if (Starts(b, "\x89PNG\r\n\x1a\n")) return "png";
  if (Starts(b, "\xff\xd8\xff")) return "jpeg";
  if (Starts(b, "RIFF") && Starts(b, "WEBP", 8)) return "webp";
  if (Starts(b, "GIF87a") || Starts(b, "GIF89a")) return "gif";
  if (Starts(b, "BM")) return "bmp";
  if (Starts(b, "II*\0", 0) || Starts(b, std::string_view("MM\0*", 4))) return "tiff";
  return "";
}

namespace {
// The limits, then the decoder: an image as Leptonica holds it.
Result<PixPtr> Decode(std::string_view bytes, const Options& o) {
  // Leptonica's own messages ("Error in pixReadMemPng") would go to the
  // server's output on every bad upload: the Status says what matters.
  static std::once_flag quiet;
  std::call_once(quiet, [] { setMsgSeverity(L_SEVERITY_NONE); });
  if (bytes.size() > o.max_bytes)
    return Status::InvalidArgument("image: " + std::to_string(bytes.size()) + " bytes, more than the limit of " +
                                   std::to_string(o.max_bytes));
  const std::string_view type = ImageType(bytes);
  if (type.empty()) return Status::InvalidArgument("image: not PNG, JPEG, WebP, GIF, BMP or TIFF");
  const auto* data = reinterpret_cast<const l_uint8*>(bytes.data());
  l_int32 format = 0, w = 0, h = 0, bps = 0, spp = 0, cmap = 0;
  if (pixReadHeaderMem(data, bytes.size(), &format, &w, &h, &bps, &spp, &cmap) != 0 || w <= 0 || h <= 0)
    return Status::InvalidArgument(std::string("image: a ") + std::string(type) + " whose header cannot be read");
  if (w > o.max_side || h > o.max_side)
    return Status::InvalidArgument("image: " + std::to_string(w) + "×" + std::to_string(h) +
                                   " pixels, more than " + std::to_string(o.max_side) + " on a side");
  PixPtr pix(pixReadMem(data, bytes.size()));
  // The header and the data may disagree: the decoded size is checked too.
  if (!pix) return Status::InvalidArgument(std::string("image: a ") + std::string(type) + " that cannot be decoded");
  if (pixGetWidth(pix.get()) > o.max_side || pixGetHeight(pix.get()) > o.max_side)
    return Status::InvalidArgument("image: larger than its header said");
  return pix;
}
}  // namespace

Result<std::pair<int, int>> DecodeImage(std::string_view bytes, const Options& o) {
  auto pix = Decode(bytes, o);
  if (!pix.ok()) return pix.status();
  return std::pair<int, int>(pixGetWidth(pix->get()), pixGetHeight(pix->get()));
}

Result<Reading> ReadText(std::string_view bytes, const Options& o) {
  auto decoded = Decode(bytes, o);
  if (!decoded.ok()) return decoded.status();
  PixPtr pix = std::move(decoded).value();
  const int w = pixGetWidth(pix.get()), h = pixGetHeight(pix.get());
  PixPtr gray(pixConvertTo8(pix.get(), 0));
  if (!gray) return Status::InvalidArgument("image: its pixels cannot be read");
  Reading r;
  r.width = w;
  r.height = h;
  // Dark mode: the model reads dark text on a light ground.
  l_float32 mean = 255;
  if (pixGetAverageMasked(gray.get(), nullptr, 0, 0, 1, L_MEAN_ABSVAL, &mean) == 0 && mean < 110) {
    pixInvert(gray.get(), gray.get());
    r.inverted = true;
  }
  // A phone screenshot at one pixel per CSS pixel has letters ~8 px high;
  // the model reads best at two or three times that. Phones take
  // screenshots at 2-3 pixels per CSS pixel (780-1290 px wide): those are
  // read as they are or doubled.
  const float scale = w < 500 ? 3.0f : w < 900 ? 2.0f : 1.0f;
  PixPtr work(scale != 1.0f ? pixScaleGrayLI(gray.get(), scale, scale) : pixClone(gray.get()));
  if (!work) return Status::InvalidArgument("image: too large to scale");
  auto engine = ThreadEngine(o);
  if (!engine.ok()) return engine.status();
  tesseract::TessBaseAPI* api = *engine;
  api->SetImage(work.get());
  api->SetSourceResolution(static_cast<int>(96 * scale * 2));
  std::unique_ptr<char[]> text(api->GetUTF8Text());
  r.confidence = api->MeanTextConf();
  api->Clear();
  if (!text) return r;
  // A paragraph's lines are one line of text (a sentence wrapped on the
  // screen is one sentence); paragraphs are separated by '\n'.
  std::string_view all(text.get());
  size_t start = 0;
  bool gap = false;
  while (start < all.size()) {
    size_t nl = all.find('\n', start);
    if (nl == std::string_view::npos) nl = all.size();
    std::string_view line = all.substr(start, nl - start);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.remove_suffix(1);
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    if (line.empty()) {
      gap = true;
    } else {
      if (!r.text.empty()) r.text += gap ? '\n' : ' ';
      r.text.append(line);
      gap = false;
    }
    start = nl + 1;
  }
  return r;
}

namespace {
std::u32string CodePoints(std::string_view s) {
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(err);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  if (nfc != nullptr && U_SUCCESS(err)) u = nfc->normalize(u, err);
  std::u32string out;
  bool space = true;  // drops leading space
  for (int32_t i = 0; i < u.length();) {
    const UChar32 c = u.char32At(i);
    i += U16_LENGTH(c);
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == 0xA0) {
      if (!space) out.push_back(U' ');
      space = true;
      continue;
    }
    out.push_back(static_cast<char32_t>(c));
    space = false;
  }
  while (!out.empty() && out.back() == U' ') out.pop_back();
  return out;
}
}  // namespace

double CharAccuracy(std::string_view truth, std::string_view read) {
  const std::u32string a = CodePoints(truth), b = CodePoints(read);
  if (a.empty()) return b.empty() ? 1.0 : 0.0;
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return std::max(0.0, 1.0 - static_cast<double>(prev[b.size()]) / static_cast<double>(a.size()));
}

}  // namespace vox::ocr
