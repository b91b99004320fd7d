// Keyed pseudonyms for authors. The raw author string goes in, a 128-bit
// HMAC-SHA256 tag (hex) comes out; without the store's key the tag cannot be
// tied back to a person, and with it a tag can only be used to count distinct
// voices. The key lives in a file of its own (mode 0600, beside the store
// file by default), never in the store: a copy of the database alone does
// not let anyone test guesses of who wrote what.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "common/status.h"

namespace vox::ingest {

class Pseudonymizer {
 public:
  // Reads the key file; with create=true makes a new random key when the file
  // is missing.
  static Result<Pseudonymizer> FromKeyFile(const std::string& path, bool create);

  std::string Pseudonym(std::string_view author) const;  // "" for an empty author
  // Short public fingerprint of the key, stored in the store to detect a
  // mismatched key file.
  std::string Fingerprint() const;

 private:
  std::array<unsigned char, 32> key_{};
};

// Default key file for a --db value: "<path>.key" beside a store file
// (store::FileBeside); "vox.key" in the working folder for a server database.
std::string DefaultKeyFile(const std::string& db_uri);

}  // namespace vox::ingest
