// Inputs read a piece at a time: the machinery the streaming readers share.
//
// PieceReader holds one buffer of bytes not yet parsed and refills it from a
// std::istream; the JSON Lines and CSV readers cut it at their own unit ends
// (line ends, record ends) and ask for more when a unit runs past the end.
//
// TextStream turns an input's bytes into UTF-8 text as a std::istream, so
// that a reader of text never sees the encoding: UTF-16/32 code units go
// through DecodeWide, 8-bit text through an ICU converter and NFC. Both
// steps keep back what a chunk ends in the middle of — an incomplete code
// unit, a high surrogate, and, for NFC, everything after the last character
// that has a normalization boundary before it (ICU's hasBoundaryBefore: the
// text before it and the text from it on normalize independently) — so the
// output does not depend on where the raw reads were cut.
#include <unicode/normalizer2.h>
#include <unicode/ucnv.h>
#include <unicode/unistr.h>

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <istream>
#include <ostream>
#include <streambuf>
#include <vector>

#include "ingest/reader_internal.h"

namespace vox::ingest::internal {
namespace {

// The first read into an empty buffer, at most.
constexpr size_t kFirstRead = 64 << 10;

}  // namespace

PieceReader::PieceReader(std::string head, std::istream& in, size_t piece_bytes, size_t padding)
    : in_(in), buf_(std::move(head)), piece_bytes_(std::max<size_t>(piece_bytes, 1)), padding_(padding) {
  size_ = buf_.size();
  bytes_read_ = static_cast<int64_t>(size_);
  buf_.resize(size_ + padding_);
}

Status PieceReader::Fill(size_t min_size) {
  if (start_ > 0) {
    std::memmove(buf_.data(), buf_.data() + start_, size_ - start_);
    size_ -= start_;
    start_ = 0;
  }
  const size_t target = std::max(piece_bytes_, min_size);
  while (!at_end_ && size_ < target) {
    size_t want = target - size_;
    if (buf_.size() < size_ + want + padding_) {
      // Grow at most twofold a read, so that a short input never costs a
      // whole piece of memory.
      want = std::min(want, std::max<size_t>(size_, kFirstRead));
      if (buf_.size() < size_ + want + padding_) buf_.resize(size_ + want + padding_);
    }
    in_.read(buf_.data() + size_, static_cast<std::streamsize>(want));
    const auto got = static_cast<size_t>(in_.gcount());
    size_ += got;
    bytes_read_ += static_cast<int64_t>(got);
    if (!in_) {
      if (in_.bad()) return Status::IoError("read failed");
      at_end_ = true;
    }
  }
  return Status::Ok();
}

Status OpenScratchFile(std::fstream* file, std::string_view prefix) {
  const char* dir = std::getenv("TMPDIR");
  std::string path = std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") + "/" + std::string(prefix) + "-XXXXXX";
  const int fd = mkstemp(path.data());
  if (fd < 0) {
    return Status::IoError("cannot create a temporary file in " + path.substr(0, path.rfind('/')) + ": " +
                           std::strerror(errno));
  }
  file->open(path, std::ios::in | std::ios::out | std::ios::binary | std::ios::trunc);
  unlink(path.c_str());
  close(fd);
  if (!*file) return Status::IoError("cannot open a temporary file in " + path.substr(0, path.rfind('/')));
  return Status::Ok();
}

bool FirstOfEachId::operator()(Item&& item, const std::string& where) {
  if (!seen_.Insert(item.source, item.id, where, &first_)) {
    if (opts_.on_skip) opts_.on_skip(DuplicateSkip(item, where, first_));
    return true;
  }
  return on_item_(std::move(item));
}

namespace {

// Thrown out of underflow() to fail the stream: std::istream catches it and
// sets badbit (the standard's rule for an exception during input); the
// reason is kept in TextSource::status_. Never leaves this file's streams.
struct StreamFailure {};

class TextSource final : public TextStream, private std::streambuf {
 public:
  TextSource(std::string_view head, std::istream* rest, const TextDecoding& decoding, size_t chunk_bytes,
             std::ostream* copy)
      : head_(head),
        rest_(rest),
        copy_(copy),
        decoding_(decoding),
        chunk_bytes_(std::max<size_t>(chunk_bytes, 1)),
        stream_(this) {
    if (decoding_.codepage != nullptr) {
      UErrorCode status = U_ZERO_ERROR;
      converter_ = ucnv_open(decoding_.codepage, &status);
      if (U_FAILURE(status)) {
        converter_ = nullptr;
        status_ = Status::Internal(std::string("the ") + decoding_.codepage + " converter is not available");
      }
      nfc_ = icu::Normalizer2::getNFCInstance(status);
      if (U_FAILURE(status)) status_ = Status::Internal("ICU's NFC data is not available");
    }
  }
  ~TextSource() override {
    if (converter_ != nullptr) ucnv_close(converter_);
  }

  std::istream& stream() override { return stream_; }
  int64_t bytes_read() const override { return bytes_read_; }
  Status status() const override { return status_; }

 private:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    out_.clear();
    while (out_.empty() && !done_) Decode();
    if (out_.empty()) return traits_type::eof();
    setg(out_.data(), out_.data(), out_.data() + out_.size());
    return traits_type::to_int_type(*gptr());
  }

  [[noreturn]] void Fail(Status why) {
    status_ = std::move(why);
    done_ = true;
    throw StreamFailure{};
  }

  // Reads the next raw chunk into raw_; sets raw_end_ at the input's end.
  void ReadRaw() {
    raw_.clear();
    if (head_pos_ < head_.size()) {
      const size_t n = std::min(chunk_bytes_, head_.size() - head_pos_);
      raw_.assign(head_.substr(head_pos_, n));
      head_pos_ += n;
    } else if (rest_ != nullptr && *rest_) {
      if (chunk_ == nullptr) chunk_ = std::make_unique<char[]>(chunk_bytes_);
      rest_->read(chunk_.get(), static_cast<std::streamsize>(chunk_bytes_));
      raw_.assign(chunk_.get(), static_cast<size_t>(rest_->gcount()));
      if (rest_->bad()) Fail(Status::IoError("read failed"));
      if (copy_ != nullptr && !raw_.empty()) {
        copy_->write(raw_.data(), static_cast<std::streamsize>(raw_.size()));
        if (!*copy_) Fail(Status::IoError("cannot write the temporary copy of the input (disk full?)"));
      }
    }
    bytes_read_ += static_cast<int64_t>(raw_.size());
    raw_end_ = raw_.empty() && (head_pos_ >= head_.size()) && (rest_ == nullptr || !*rest_);
  }

  // One chunk through every step into out_; sets done_ after the last.
  void Decode() {
    if (status_.code() != StatusCode::kOk) Fail(status_);
    ReadRaw();
    const bool end = raw_end_;
    std::string text;
    if (decoding_.wide != TextEncoding::kUtf8) {
      wide_.append(raw_);
      size_t from = 0;
      if (!wide_started_) {
        // The byte order mark, once a whole code unit is there.
        const size_t unit =
            decoding_.wide == TextEncoding::kUtf32Le || decoding_.wide == TextEncoding::kUtf32Be ? 4 : 2;
        if (wide_.size() < unit && !end) return;
        wide_started_ = true;
        std::string first;
        if (wide_.size() >= unit) DecodeWide(decoding_.wide, std::string_view(wide_).substr(0, unit), true, &first);
        if (first == "\xEF\xBB\xBF") from = unit;
      }
      const size_t used = DecodeWide(decoding_.wide, std::string_view(wide_).substr(from), end, &text);
      wide_.erase(0, from + used);
    } else {
      text.swap(raw_);
    }
    if (!bom_checked_) {
      // A leading UTF-8 byte order mark, once three bytes are there.
      bom_.append(text);
      if (bom_.size() < 3 && !end) return;
      bom_checked_ = true;
      text = std::string(StripBom(bom_));
      bom_.clear();
    }
    if (converter_ != nullptr) {
      Convert(text, end);
    } else if (out_.empty()) {
      out_.swap(text);
    } else {
      out_.append(text);
    }
    if (end) done_ = true;
  }

  // 8-bit text to NFC UTF-8 in out_, keeping back the text after the last
  // normalization boundary until more comes (or the end).
  void Convert(std::string_view bytes, bool end) {
    UErrorCode status = U_ZERO_ERROR;
    std::vector<UChar> units(bytes.size() + 16);
    const char* src = bytes.data();
    const char* src_end = bytes.data() + bytes.size();
    while (true) {
      UChar* dst = units.data();
      ucnv_toUnicode(converter_, &dst, units.data() + units.size(), &src, src_end, nullptr, end, &status);
      pending_.append(units.data(), static_cast<int32_t>(dst - units.data()));
      if (status == U_BUFFER_OVERFLOW_ERROR) {
        status = U_ZERO_ERROR;
        continue;
      }
      break;
    }
    if (U_FAILURE(status)) Fail(Status::Internal(std::string("converting from ") + decoding_.codepage + " failed"));
    int32_t cut = pending_.length();
    if (!end) {
      cut = 0;
      for (int32_t i = pending_.length(); i > 0;) {
        i = pending_.moveIndex32(i, -1);
        if (nfc_->hasBoundaryBefore(pending_.char32At(i))) {
          cut = i;
          break;
        }
      }
      if (cut == 0) return;
    }
    const icu::UnicodeString done = nfc_->normalize(pending_.tempSubString(0, cut), status);
    if (U_FAILURE(status)) Fail(Status::Internal("NFC normalization failed"));
    done.toUTF8String(out_);
    pending_.remove(0, cut);
  }

  std::string_view head_;
  size_t head_pos_ = 0;
  std::istream* rest_;
  std::ostream* copy_;
  TextDecoding decoding_;
  size_t chunk_bytes_;
  std::istream stream_;
  Status status_;
  int64_t bytes_read_ = 0;
  std::unique_ptr<char[]> chunk_;  // what a read of rest_ lands in
  std::string raw_;
  bool raw_end_ = false;
  bool done_ = false;
  std::string wide_;  // UTF-16/32 bytes not yet decoded
  bool wide_started_ = false;
  std::string bom_;  // the first bytes, until a byte order mark is ruled out
  bool bom_checked_ = false;
  UConverter* converter_ = nullptr;
  const icu::Normalizer2* nfc_ = nullptr;
  icu::UnicodeString pending_;  // converted, not yet normalized
  std::string out_;             // the get area
};

}  // namespace

std::unique_ptr<TextStream> OpenTextStream(std::string_view head, std::istream* rest, const TextDecoding& decoding,
                                           size_t chunk_bytes, std::ostream* copy) {
  return std::make_unique<TextSource>(head, rest, decoding, chunk_bytes, copy);
}

}  // namespace vox::ingest::internal
