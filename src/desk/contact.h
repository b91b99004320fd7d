// Citizens' contact details, given with consent, live only on their case,
// sealed with a key kept beside the pseudonym key (`<store>.contact-key`,
// 0600): XSalsa20-Poly1305 (crypto_secretbox_easy), a random nonce per seal.
// They never reach item text, exports, the audit log or any list.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace vox::desk {

class ContactKey {
 public:
  // Reads the key file, creating it (0600, 32 random bytes) when missing and
  // create is true. Refuses a key file with any group or other permission
  // bit, and one that is not exactly 32 bytes.
  static Result<ContactKey> Load(const std::string& path, bool create);
  static ContactKey FromBytes(std::string_view key32);  // tests

  // base64 of nonce || ciphertext.
  std::string Seal(std::string_view plain) const;
  // InvalidArgument when the text was not sealed with this key.
  Result<std::string> Open(std::string_view sealed) const;
  // A keyed BLAKE2b tag of `message` under `purpose` (domain separation),
  // `bytes` long (16 at most): what makes a tipline reference unguessable.
  std::string Tag(std::string_view purpose, std::string_view message, size_t bytes) const;

 private:
  std::string key_;
};

}  // namespace vox::desk
