// The audit log: every state-changing action (logins, users and roles,
// units, tokens, cases, answers, settings, purges) appended to a hash chain.
// Each entry's hash covers the previous entry's hash and the entry's own
// fields, so an edit, a deletion or a reordering made directly in the
// database is found by VerifyAudit, which names the first bad entry.
// The log records staff actions; never a citizen's identity.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/status.h"
#include "store/desk_store.h"

namespace vox::desk {

// The bytes hashed for an entry (every field but the hashes, length-prefixed).
std::string CanonicalAudit(const store::AuditEntry& e);
// Hex BLAKE2b-256 of prev_hash || CanonicalAudit(e).
std::string ChainHash(const std::string& prev_hash, const store::AuditEntry& e);

// Appends an entry after the last one (seq, at from the store's clock,
// prev_hash and hash filled in). Call inside the transaction that makes the
// change, so that the change and its record commit together.
Status AppendAudit(store::DeskStore& ds, const std::string& actor, const std::string& action,
                   const std::string& target, const std::string& before, const std::string& after);

struct AuditBreak {
  int64_t seq = 0;        // the first entry that does not verify
  std::string why;        // "hash does not match its fields", "seq 7 missing", ...
};
struct AuditCheck {
  int64_t entries = 0;
  std::optional<AuditBreak> first_break;
};
// Walks the whole chain. Ok with first_break empty when intact.
Result<AuditCheck> VerifyAudit(store::DeskStore& ds);

}  // namespace vox::desk
