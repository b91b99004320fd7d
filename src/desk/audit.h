// The audit log: every state-changing action (logins, users and roles,
// units, tokens, cases, answers, settings, purges) appended to a hash chain.
// Each entry's hash covers the previous entry's hash and the entry's own
// fields, so an edit, a deletion or a reordering made directly in the
// database is found by VerifyAudit, which names the first bad entry.
// The log records staff actions; never a citizen's identity.
//
// What the chain alone cannot show:
//  - the removal of the newest entries: a log cut after entry k is a valid
//    chain of k entries. Only a copy of the last seq and hash kept elsewhere
//    (a backup, a printed report, a log shipped off the machine) tells;
//  - a rewrite of the whole chain from some entry on: the hash has no key,
//    so whoever can write the database can recompute every later hash. The
//    chain shows edits made without recomputing, not a determined rewrite.
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
  std::string why;        // "entry 6: seq jumps from 4 to 6 (an entry was deleted)", ...
};
struct AuditCheck {
  int64_t entries = 0;
  std::optional<AuditBreak> first_break;
};
// Walks the whole chain. Ok with first_break empty when intact.
Result<AuditCheck> VerifyAudit(store::DeskStore& ds);

}  // namespace vox::desk
