// Sealed contact details. A seal is base64 (standard alphabet, padded) of a
// fresh 24-byte random nonce followed by crypto_secretbox_easy's output
// (16-byte tag, then the ciphertext). With 24-byte nonces drawn at random a
// repeat is negligible however many seals one key makes, so no counter has to
// be kept. The key file holds exactly the 32 raw key bytes and must be private
// to its owner: anyone who can read it can open every case's contact.
#include "desk/contact.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "desk/auth.h"

namespace vox::desk {
namespace {

constexpr size_t kKeyBytes = crypto_secretbox_KEYBYTES;
constexpr size_t kNonceBytes = crypto_secretbox_NONCEBYTES;
constexpr size_t kTagBytes = crypto_secretbox_MACBYTES;
constexpr int kBase64 = sodium_base64_VARIANT_ORIGINAL;

static_assert(kKeyBytes == 32, "the key file format is 32 raw bytes");

std::string Errno() { return std::strerror(errno); }

// Writes a new key file. *exists is set when the file appeared meanwhile
// (another process made it first): that one is then read like any other.
Status CreateKeyFile(const std::string& path, bool* exists) {
  *exists = false;
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    *exists = errno == EEXIST;
    return Status::IoError("cannot create contact key file " + path + ": " + Errno());
  }
  unsigned char key[kKeyBytes];
  randombytes_buf(key, sizeof key);
  // The umask can only take bits away from 0600; fchmod makes it exactly 0600
  // so that a restrictive umask cannot leave a file its owner cannot read.
  const bool ok = fchmod(fd, 0600) == 0 && write(fd, key, sizeof key) == static_cast<ssize_t>(sizeof key) &&
                  fsync(fd) == 0;
  const std::string err = ok ? "" : Errno();
  sodium_memzero(key, sizeof key);
  close(fd);
  if (!ok) {
    unlink(path.c_str());  // a partial key would be refused on the next start anyway
    return Status::IoError("cannot write contact key file " + path + ": " + err);
  }
  return Status::Ok();
}

}  // namespace

Result<ContactKey> ContactKey::Load(const std::string& path, bool create) {
  VOX_RETURN_IF_ERROR(InitCrypto());
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT && create) {
    bool exists = false;
    Status made = CreateKeyFile(path, &exists);
    if (!made.ok() && !exists) return made;
    fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  }
  if (fd < 0) {
    if (errno == ENOENT) {
      return Status::NotFound("contact key file " + path + " does not exist (`vox init` creates it)");
    }
    return Status::IoError("cannot read contact key file " + path + ": " + Errno());
  }
  struct stat sb;
  if (fstat(fd, &sb) != 0) {
    const std::string err = Errno();
    close(fd);
    return Status::IoError("cannot read contact key file " + path + ": " + err);
  }
  if (!S_ISREG(sb.st_mode)) {
    close(fd);
    return Status::InvalidArgument("contact key file " + path + " is not a regular file");
  }
  if ((sb.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    close(fd);
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(sb.st_mode & 07777));
    const char* what = (sb.st_mode & (S_IRGRP | S_IROTH)) != 0 ? "readable by" : "open to";
    return Status::InvalidArgument("contact key file " + path + " is " + what + " others (mode " + mode +
                                   "): chmod 600 " + path);
  }
  if (sb.st_size != static_cast<off_t>(kKeyBytes)) {
    close(fd);
    return Status::Corruption("contact key file " + path + " has " + std::to_string(sb.st_size) +
                              " bytes; a contact key is exactly " + std::to_string(kKeyBytes) +
                              " (was it replaced by another file?)");
  }
  ContactKey k;
  k.key_.assign(kKeyBytes, '\0');
  const ssize_t n = read(fd, k.key_.data(), kKeyBytes);
  close(fd);
  if (n != static_cast<ssize_t>(kKeyBytes)) {
    return Status::IoError("cannot read the " + std::to_string(kKeyBytes) + " bytes of contact key file " + path);
  }
  return k;
}

ContactKey ContactKey::FromBytes(std::string_view key32) {
  if (key32.size() != kKeyBytes) {
    std::fprintf(stderr, "vox: internal error: a contact key is %zu bytes, not %zu\n", kKeyBytes, key32.size());
    std::abort();
  }
  ContactKey k;
  k.key_ = std::string(key32);
  return k;
}

std::string ContactKey::Tag(std::string_view purpose, std::string_view message, size_t bytes) const {
  if (!InitCrypto().ok()) std::abort();
  unsigned char out[16];
  bytes = bytes > sizeof out ? sizeof out : bytes;
  crypto_generichash_state st;
  crypto_generichash_init(&st, reinterpret_cast<const unsigned char*>(key_.data()), key_.size(), sizeof out);
  const unsigned char zero = 0;
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(purpose.data()), purpose.size());
  crypto_generichash_update(&st, &zero, 1);
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(message.data()), message.size());
  crypto_generichash_final(&st, out, sizeof out);
  return std::string(reinterpret_cast<const char*>(out), bytes);
}

std::string ContactKey::Seal(std::string_view plain) const {
  // Without a random source there is no safe nonce; stop rather than reuse one.
  if (!InitCrypto().ok()) std::abort();
  std::string box(kNonceBytes + kTagBytes + plain.size(), '\0');
  auto* out = reinterpret_cast<unsigned char*>(box.data());
  randombytes_buf(out, kNonceBytes);
  crypto_secretbox_easy(out + kNonceBytes, reinterpret_cast<const unsigned char*>(plain.data()), plain.size(), out,
                        reinterpret_cast<const unsigned char*>(key_.data()));
  std::string b64(sodium_base64_ENCODED_LEN(box.size(), kBase64), '\0');
  sodium_bin2base64(b64.data(), b64.size(), out, box.size(), kBase64);
  b64.resize(b64.size() - 1);  // the terminating NUL
  return b64;
}

Result<std::string> ContactKey::Open(std::string_view sealed) const {
  VOX_RETURN_IF_ERROR(InitCrypto());
  std::string box(sealed.size() / 4 * 3 + 3, '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(box.data()), box.size(), sealed.data(), sealed.size(),
                        nullptr, &len, nullptr, kBase64) != 0) {
    return Status::InvalidArgument("sealed contact details are not base64");
  }
  if (len < kNonceBytes + kTagBytes) return Status::InvalidArgument("sealed contact details are too short");
  const auto* in = reinterpret_cast<const unsigned char*>(box.data());
  std::string plain(len - kNonceBytes - kTagBytes, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()), in + kNonceBytes, len - kNonceBytes,
                                 in, reinterpret_cast<const unsigned char*>(key_.data())) != 0) {
    return Status::InvalidArgument(
        "sealed contact details do not open with this key (sealed with another key, or altered)");
  }
  return plain;
}

}  // namespace vox::desk
