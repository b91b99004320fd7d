#include "ingest/pseudonym.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "store/store.h"

namespace vox::ingest {
namespace {

std::string Hex(const unsigned char* p, size_t n) {
  static const char* d = "0123456789abcdef";
  std::string out(2 * n, '0');
  for (size_t i = 0; i < n; ++i) {
    out[2 * i] = d[p[i] >> 4];
    out[2 * i + 1] = d[p[i] & 15];
  }
  return out;
}

}  // namespace

Result<Pseudonymizer> Pseudonymizer::FromKeyFile(const std::string& path, bool create) {
  if (sodium_init() < 0) return Status::Internal("libsodium failed to initialize");
  Pseudonymizer p;
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT && create) {
    randombytes_buf(p.key_.data(), p.key_.size());
    std::string hex = Hex(p.key_.data(), p.key_.size()) + "\n";
    int w = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (w < 0) return Status::IoError("cannot create key file " + path + ": " + std::strerror(errno));
    bool ok = write(w, hex.data(), hex.size()) == static_cast<ssize_t>(hex.size()) && fsync(w) == 0;
    close(w);
    if (!ok) return Status::IoError("cannot write key file " + path);
    return p;
  }
  if (fd < 0) {
    return Status::IoError("cannot read key file " + path + ": " + std::strerror(errno) +
                           " (it is created by `vox init`; pass --key-file if it lives elsewhere)");
  }
  // Anyone who can read the key can test guesses of who wrote what.
  struct stat sb;
  if (fstat(fd, &sb) == 0 && (sb.st_mode & (S_IROTH | S_IWOTH)) != 0) {
    close(fd);
    return Status::InvalidArgument("key file " + path + " can be read or written by every user of this machine; " +
                                   "make it private first: chmod 600 " + path);
  }
  if (fstat(fd, &sb) == 0 && (sb.st_mode & (S_IRGRP | S_IWGRP)) != 0) {
    std::fprintf(stderr, "vox: warning: key file %s is readable by its group; chmod 600 %s\n", path.c_str(),
                 path.c_str());
  }
  char buf[128];
  ssize_t n = read(fd, buf, sizeof buf);
  close(fd);
  size_t bin_len = 0;
  if (n < 64 || sodium_hex2bin(p.key_.data(), p.key_.size(), buf, static_cast<size_t>(n), "\n\r ", &bin_len,
                               nullptr) != 0 || bin_len != 32) {
    return Status::Corruption("key file " + path + " is not a 64-hex-digit key");
  }
  return p;
}

std::string Pseudonymizer::Pseudonym(std::string_view author) const {
  if (author.empty()) return {};
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, key_.data(), key_.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(author.data()), author.size());
  crypto_auth_hmacsha256_final(&st, mac);
  return Hex(mac, 16);
}

std::string Pseudonymizer::Fingerprint() const {
  unsigned char h[crypto_generichash_BYTES];
  static const unsigned char kContext[] = "vox key fingerprint";
  crypto_generichash(h, sizeof h, kContext, sizeof kContext - 1, key_.data(), key_.size());
  return Hex(h, 8);
}

std::string DefaultKeyFile(const std::string& db_uri) {
  auto path = store::FileBeside(db_uri, ".key");
  return path.ok() ? *path : "vox.key";
}

}  // namespace vox::ingest
