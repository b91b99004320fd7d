// vox ocr FILE... [--lang vie] [--json]: reads each image's text. Needs no
// store. Exit 3 when some images were refused (each named), 1 when none
// could be read.
#include "cli/ocr_cmd.h"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>

#include "ocr/ocr.h"

namespace vox::cli {
namespace {

struct OcrArgs {
  std::vector<std::string> files;
  std::string lang = "vie";
  bool as_json = false;
};

int Run(const OcrArgs& a) {
  ocr::Options o;
  o.languages = a.lang;
  int read = 0, refused = 0;
  nlohmann::json out = nlohmann::json::array();
  for (const std::string& path : a.files) {
    std::ifstream f(path, std::ios::binary);
    std::string bytes;
    if (f) {
      // Never more than the limit plus one byte: a huge file is refused unread.
      bytes.resize(o.max_bytes + 1);
      f.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
      bytes.resize(static_cast<size_t>(f.gcount()));
    }
    auto r = f || !bytes.empty() ? ocr::ReadText(bytes, o) : Result<ocr::Reading>(Status::IoError("cannot be read"));
    if (!r.ok()) {
      ++refused;
      std::fprintf(stderr, "vox: %s: %s\n", path.c_str(), r.status().message().c_str());
      if (r.status().code() == StatusCode::kIoError && r.status().message().find("model") != std::string::npos)
        return kFailure;  // no model: nothing else will read either
      continue;
    }
    ++read;
    if (a.as_json) {
      out.push_back({{"file", path}, {"text", r->text}, {"confidence", r->confidence}, {"width", r->width},
                     {"height", r->height}, {"inverted", r->inverted}});
    } else {
      if (a.files.size() > 1) std::printf("== %s (confidence %d)\n", path.c_str(), r->confidence);
      std::printf("%s\n", r->text.c_str());
    }
  }
  if (a.as_json) std::printf("%s\n", Dump(out).c_str());
  if (read == 0) return kFailure;
  return refused > 0 ? kPartial : kOk;
}

}  // namespace

void RegisterOcrCommand(CLI::App& app, Globals&, Runner* run) {
  auto a = std::make_shared<OcrArgs>();
  auto* cmd = app.add_subcommand("ocr", "read the text of screenshots (PNG, JPEG, WebP, GIF, BMP, TIFF)");
  cmd->add_option("files", a->files, "image files")->required();
  cmd->add_option("--lang", a->lang, "Tesseract models, e.g. vie or vie+eng")->capture_default_str();
  cmd->add_flag("--json", a->as_json, "print a JSON array: file, text, confidence, width, height, inverted");
  cmd->callback([a, run] { *run = [a] { return Run(*a); }; });
}

}  // namespace vox::cli
