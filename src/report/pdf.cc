// RenderPdf: the report's HTML printed by Debian's chromium. The browser runs
// as a child process with a profile directory of its own (removed after), so
// that it neither needs a writable home nor meets another chromium's lock; it
// is killed when it runs past the timeout.
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "report/report.h"

namespace vox::report {

Result<std::string> FindChromium() {
  const char* path = std::getenv("PATH");
  std::string p = path ? path : "/usr/bin:/bin";
  size_t start = 0;
  while (start <= p.size()) {
    size_t end = p.find(':', start);
    if (end == std::string::npos) end = p.size();
    std::string dir = p.substr(start, end - start);
    if (dir.empty()) dir = ".";
    const std::string cand = dir + "/chromium";
    if (access(cand.c_str(), X_OK) == 0) return cand;
    start = end + 1;
  }
  return Status::NotFound(
      "chromium is not on PATH: the PDF is printed by Debian's chromium (apt-get install chromium, or "
      "scripts/install-deps.sh); write the report as .html instead");
}

Status RenderPdf(const std::string& html, const std::string& pdf_path, const PdfOptions& opts) {
  std::string browser = opts.chromium;
  if (browser.empty()) {
    auto found = FindChromium();
    if (!found.ok()) return found.status();
    browser = *found;
  }
  char tmpl[] = "/tmp/vox-report-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) return Status::IoError("cannot make a temporary directory in /tmp");
  const std::filesystem::path dir = tmpl;
  struct Cleanup {
    std::filesystem::path dir;
    ~Cleanup() {
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
    }
  } cleanup{dir};
  const std::string page = (dir / "report.html").string();
  {
    std::ofstream out(page, std::ios::binary);
    out << html;
    if (!out) return Status::IoError("cannot write " + page);
  }
  const std::string out_arg = "--print-to-pdf=" + pdf_path;
  const std::string profile = "--user-data-dir=" + (dir / "profile").string();
  const std::string url = "file://" + page;
  std::vector<std::string> args = {browser,  "--headless",     "--no-sandbox", "--disable-gpu",
                                   "--no-pdf-header-footer", "--disable-extensions", "--no-first-run",
                                   profile,  out_arg,          url};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::error_code ec;
  std::filesystem::remove(pdf_path, ec);
  const pid_t pid = fork();
  if (pid < 0) return Status::IoError("cannot start chromium (fork failed)");
  if (pid == 0) {
    // The browser's chatter stays out of the caller's output.
    FILE* null = std::fopen("/dev/null", "w");
    if (null) {
      dup2(fileno(null), STDOUT_FILENO);
      dup2(fileno(null), STDERR_FILENO);
    }
    setenv("HOME", dir.c_str(), 1);
    execv(browser.c_str(), argv.data());
    _exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(opts.timeout_seconds);
  int status = 0;
  for (;;) {
    const pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) break;
    if (r < 0) return Status::IoError("lost track of chromium");
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return Status::IoError("chromium did not finish printing within " + std::to_string(opts.timeout_seconds) + " s");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return Status::IoError("chromium failed to print the report (exit status " +
                           std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + ")");
  struct stat sb{};
  if (stat(pdf_path.c_str(), &sb) != 0 || sb.st_size == 0)
    return Status::IoError("chromium wrote no PDF at " + pdf_path);
  return Status::Ok();
}

}  // namespace vox::report
