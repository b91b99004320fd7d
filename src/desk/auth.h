// Staff accounts' secrets: passwords, session and API tokens, roles.
//
// Passwords are hashed with Argon2id at libsodium's interactive limits
// (crypto_pwhash_str); tokens are 32 random bytes shown once (base64url) and
// kept only as their BLAKE2b hash, so a copy of the database opens no session.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace vox::desk {

enum class Role { kAdmin, kEditor, kAnalyst, kCollaborator, kViewer };

std::string_view RoleName(Role r);              // "admin", "editor", ...
std::optional<Role> ParseRole(std::string_view name);

// Initializes libsodium once (thread-safe); every function below calls it.
Status InitCrypto();

// A password staff may choose: at least 10 characters (code points), at
// most 1024 bytes, valid UTF-8. InvalidArgument naming what is wrong.
Status CheckPassword(std::string_view password);
// Checks the password first (CheckPassword), so every stored hash belongs to
// a password the rules accept.
Result<std::string> HashPassword(std::string_view password);
bool VerifyPassword(const std::string& hash, std::string_view password);
// A generated password: 20 characters from an alphabet without look-alikes.
std::string GeneratePassword();

// 32 random bytes, base64url without padding (43 characters).
std::string RandomToken();
// Hex BLAKE2b-256 of a token: what the store keeps.
std::string HashToken(std::string_view token);
// Constant-time comparison of two strings of the same length. False when
// the lengths differ or the strings are empty: an empty secret matches nothing.
bool SameSecret(std::string_view a, std::string_view b);

}  // namespace vox::desk
