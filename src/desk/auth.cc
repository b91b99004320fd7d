// Staff secrets with libsodium only: Argon2id password hashes in the
// self-describing crypto_pwhash_str form (algorithm, limits and salt travel
// with the hash, so raising the limits later leaves old hashes verifiable),
// random tokens from the OS generator, and BLAKE2b for what the store keeps of
// a token. Nothing here keeps a secret in a global; the only shared state is
// the once-only libsodium initialization.
#include "desk/auth.h"

#include <sodium.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <string>

namespace vox::desk {
namespace {

constexpr size_t kMinPasswordChars = 10;
constexpr size_t kMaxPasswordBytes = 1024;
constexpr size_t kTokenBytes = 32;
constexpr size_t kGeneratedPasswordChars = 20;
// No 0/O/o, 1/l/I/i: a generated password is often read aloud or copied by hand.
constexpr std::string_view kPasswordAlphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

struct RoleEntry {
  Role role;
  std::string_view name;
};
constexpr std::array<RoleEntry, 5> kRoles = {{
    {Role::kAdmin, "admin"},
    {Role::kEditor, "editor"},
    {Role::kAnalyst, "analyst"},
    {Role::kCollaborator, "collaborator"},
    {Role::kViewer, "viewer"},
}};

// Counts the code points of strictly valid UTF-8 (no overlong forms, no
// surrogates, nothing past U+10FFFF); false on the first invalid sequence.
bool CountUtf8(std::string_view s, size_t* count) {
  size_t n = 0;
  size_t i = 0;
  while (i < s.size()) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    size_t len = 0;
    uint32_t cp = 0;
    uint32_t min = 0;
    if (b0 < 0x80) {
      ++i;
      ++n;
      continue;
    } else if ((b0 & 0xE0) == 0xC0) {
      len = 2;
      cp = b0 & 0x1Fu;
      min = 0x80;
    } else if ((b0 & 0xF0) == 0xE0) {
      len = 3;
      cp = b0 & 0x0Fu;
      min = 0x800;
    } else if ((b0 & 0xF8) == 0xF0) {
      len = 4;
      cp = b0 & 0x07u;
      min = 0x10000;
    } else {
      return false;  // a continuation byte first, or 0xF8..0xFF
    }
    if (i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (b & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
    ++n;
  }
  *count = n;
  return true;
}

const unsigned char* Bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

}  // namespace

std::string_view RoleName(Role r) {
  for (const auto& e : kRoles) {
    if (e.role == r) return e.name;
  }
  return "viewer";  // unreachable: every enumerator is in kRoles
}

std::optional<Role> ParseRole(std::string_view name) {
  for (const auto& e : kRoles) {
    if (e.name == name) return e.role;
  }
  return std::nullopt;
}

Status InitCrypto() {
  static std::once_flag once;
  static bool ok = false;
  // sodium_init is itself idempotent, but call_once also makes the result
  // visible to every thread without a data race on `ok`.
  std::call_once(once, [] { ok = sodium_init() >= 0; });
  return ok ? Status::Ok() : Status::Internal("libsodium failed to initialize (no usable random source?)");
}

Status CheckPassword(std::string_view password) {
  if (password.size() > kMaxPasswordBytes) {
    return Status::InvalidArgument("the password is " + std::to_string(password.size()) + " bytes long; at most " +
                                   std::to_string(kMaxPasswordBytes) + " are accepted");
  }
  size_t chars = 0;
  if (!CountUtf8(password, &chars)) return Status::InvalidArgument("the password is not valid UTF-8");
  if (chars < kMinPasswordChars) {
    return Status::InvalidArgument("the password has " + std::to_string(chars) + " characters; at least " +
                                   std::to_string(kMinPasswordChars) + " are needed");
  }
  return Status::Ok();
}

Result<std::string> HashPassword(std::string_view password) {
  VOX_RETURN_IF_ERROR(InitCrypto());
  VOX_RETURN_IF_ERROR(CheckPassword(password));
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    // The only documented failure is running out of memory for Argon2's 64 MiB.
    return Status::Internal("cannot hash the password: out of memory");
  }
  return std::string(out);
}

bool VerifyPassword(const std::string& hash, std::string_view password) {
  if (!InitCrypto().ok()) return false;
  // A stored hash is always shorter than the buffer crypto_pwhash_str fills;
  // anything longer is not one of ours.
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string GeneratePassword() {
  // Without libsodium there is no random source to draw from; stopping is
  // better than handing out a predictable password.
  if (!InitCrypto().ok()) std::abort();
  std::string out;
  out.reserve(kGeneratedPasswordChars);
  for (size_t i = 0; i < kGeneratedPasswordChars; ++i) {
    // randombytes_uniform has no modulo bias.
    out += kPasswordAlphabet[randombytes_uniform(static_cast<uint32_t>(kPasswordAlphabet.size()))];
  }
  return out;
}

std::string RandomToken() {
  if (!InitCrypto().ok()) std::abort();
  unsigned char raw[kTokenBytes];
  randombytes_buf(raw, sizeof raw);
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  char b64[sodium_base64_ENCODED_LEN(kTokenBytes, kVariant)];
  sodium_bin2base64(b64, sizeof b64, raw, sizeof raw, kVariant);
  sodium_memzero(raw, sizeof raw);
  return std::string(b64);
}

std::string HashToken(std::string_view token) {
  InitCrypto().PermitUncheckedError();  // BLAKE2b needs no random source
  unsigned char h[32];
  crypto_generichash(h, sizeof h, Bytes(token), token.size(), nullptr, 0);
  char hex[2 * sizeof h + 1];
  sodium_bin2hex(hex, sizeof hex, h, sizeof h);
  return std::string(hex);
}

bool SameSecret(std::string_view a, std::string_view b) {
  // Lengths are not secret (tokens and hashes have fixed sizes). An empty
  // secret never matches: a missing cookie compared with a missing CSRF value
  // must not pass.
  if (a.size() != b.size() || a.empty()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace vox::desk
