// The plain `fasttext` command, run as a subprocess on the same split as the
// model, so that `vox classify train` (and the benchmark) show what an
// office would get without Vox: lower-cased raw text and the usual flags.
#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "classify/classify.h"

extern char** environ;

namespace vox::classify {

namespace {

bool Executable(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && access(path.c_str(), X_OK) == 0;
}

// Runs argv with stdout to `out_path` (or /dev/null) and stderr to
// /dev/null; returns the exit status (-1 when it could not start).
int RunProcess(const std::vector<std::string>& argv, const std::string& out_path) {
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, out_path.empty() ? "/dev/null" : out_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, argv[0].c_str(), &fa, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) return -1;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string LabelToken(const std::string& l) {
  std::string out = "__label__";
  for (char c : l) out.push_back(c == ' ' || c == '\t' || c == '\n' || c == '\r' ? '_' : c);
  return out;
}

}  // namespace

std::string FindFastTextCommand() {
  if (const char* env = std::getenv("VOX_FASTTEXT"); env && *env) {
    std::string v = env;
    if (v == "none") return "";
    return Executable(v) ? v : "";
  }
  const char* path = std::getenv("PATH");
  std::string dirs = path && *path ? path : "/usr/local/bin:/usr/bin:/bin";
  std::istringstream in(dirs);
  std::string dir;
  while (std::getline(in, dir, ':')) {
    if (dir.empty()) continue;
    std::string p = dir + "/fasttext";
    if (Executable(p)) return p;
  }
  return "";
}

Result<PeerReport> RunFastTextCommand(const std::string& exe, const std::vector<LabelledText>& train,
                                      const std::vector<LabelledText>& test) {
  auto t0 = std::chrono::steady_clock::now();
  std::error_code ec;
  std::string tmpl = std::filesystem::temp_directory_path(ec).string() + "/vox-fasttext-XXXXXX";
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (!mkdtemp(buf.data())) return Status::IoError("cannot create a temporary directory for the fasttext command");
  std::string dir = buf.data();
  struct Cleanup {
    std::string dir;
    ~Cleanup() {
      std::error_code e;
      std::filesystem::remove_all(dir, e);
    }
  } cleanup{dir};

  auto write = [](const std::string& path, const std::vector<LabelledText>& items, bool shuffle) {
    std::ofstream f(path, std::ios::binary);
    std::vector<size_t> order = TrainingOrder(items.size(), 0);  // the order Vox's own training uses
    if (!shuffle) {
      for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    }
    for (size_t i : order) {
      const LabelledText& it = items[i];
      if (it.labels.empty()) continue;
      for (const auto& l : it.labels) f << LabelToken(l) << ' ';
      f << PeerText(it.text) << '\n';
    }
    return static_cast<bool>(f);
  };
  if (!write(dir + "/train.txt", train, true) || !write(dir + "/test.txt", test, false)) {
    return Status::IoError("cannot write the fasttext command's input in " + dir);
  }
  PeerReport rep;
  std::vector<std::string> args = {exe,    "supervised", "-input", dir + "/train.txt", "-output", dir + "/peer",
                                   "-epoch", "25",       "-lr",    "0.5",              "-wordNgrams", "2",
                                   "-dim",   "50"};
  rep.command = "fasttext supervised -input TRAIN -output MODEL -epoch 25 -lr 0.5 -wordNgrams 2 -dim 50";
  int rc = RunProcess(args, "");
  if (rc != 0) return Status::Internal("the fasttext command failed (exit " + std::to_string(rc) + ")");
  rc = RunProcess({exe, "predict", dir + "/peer.bin", dir + "/test.txt"}, dir + "/pred.txt");
  if (rc != 0) return Status::Internal("fasttext predict failed (exit " + std::to_string(rc) + ")");
  std::ifstream pred(dir + "/pred.txt");
  std::vector<std::vector<std::string>> labels;
  std::vector<std::string> predicted;
  std::string line;
  for (const auto& it : test) {
    if (it.labels.empty()) continue;
    std::vector<std::string> ls;
    for (const auto& l : it.labels) ls.push_back(LabelToken(l).substr(9));
    labels.push_back(std::move(ls));
    std::string p;
    if (std::getline(pred, line)) {
      std::istringstream words(line);
      words >> p;
      if (p.rfind("__label__", 0) == 0) p = p.substr(9);
    }
    predicted.push_back(p);
  }
  rep.eval = EvaluatePredictions(labels, predicted);
  rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return rep;
}

}  // namespace vox::classify
