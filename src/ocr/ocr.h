// Text read from a screenshot (docs/channels.md "Screenshots"): Tesseract's
// LSTM engine with the Vietnamese model, on the image bytes as received.
//
// Rumours travel as screenshots of posts and chats. The text read joins the
// item (marked as read from an image) so that it is searched, joins stories
// and is matched against fact-checks like any text; the image itself is not
// kept. Limits come first: an image that is not PNG, JPEG, WebP, GIF, BMP or
// TIFF by its first bytes, is larger than `max_bytes`, or whose header says
// it is wider or taller than `max_side` pixels is refused before it is
// decoded (a decompression bomb never reaches the decoder).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "common/status.h"

namespace vox::ocr {

struct Options {
  std::string languages = "vie";      // Tesseract's model names ("vie+eng")
  std::string tessdata;               // empty: the system's (TESSDATA_PREFIX, else Debian's path)
  size_t max_bytes = 10 << 20;        // the encoded image
  int max_side = 8000;                // pixels, either side
};

struct Reading {
  std::string text;        // a paragraph per line (its wrapped lines joined by a space)
  int confidence = 0;      // Tesseract's mean word confidence, 0-100
  int width = 0, height = 0;
  bool inverted = false;   // light text on a dark background was inverted first
};

// The image's type by its first bytes ("png", "jpeg", "webp", "gif", "bmp",
// "tiff"), or "" when it is none of them.
std::string_view ImageType(std::string_view bytes);

// Checks the limits and decodes the image, as ReadText does before reading
// it: its width and height (the fuzz target's entry: no recognition).
Result<std::pair<int, int>> DecodeImage(std::string_view bytes, const Options& opts = {});

// Reads the text of one image. InvalidArgument for an image refused by the
// limits or that cannot be decoded; Unavailable-like IoError when the model
// cannot be loaded (the language data is not installed). Thread-safe: each
// thread keeps its own engine, loaded on its first call.
Result<Reading> ReadText(std::string_view image_bytes, const Options& opts = {});

// Character accuracy of `read` against `truth`: 1 − (Levenshtein distance
// over code points) / (code points of truth), floored at 0, after both are
// NFC-normalized with every run of white space made one space. How OCR
// quality is measured (bench/ocr_eval.cc).
double CharAccuracy(std::string_view truth, std::string_view read);

}  // namespace vox::ocr
