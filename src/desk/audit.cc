// The audit chain. Entry k's hash is BLAKE2b-256(prev_hash || canonical(k))
// with prev_hash the hash of entry k-1 ("" for entry 1), so every hash
// depends on every entry before it. The canonical form writes each field as
// a netstring ("<length>:<bytes>,"), which no concatenation of other field
// values can imitate: ("ab", "c") and ("a", "bc") hash differently.
//
// VerifyAudit reads the chain oldest first and checks, for each entry, in
// this order: its seq follows the previous one (a gap is a deletion), its
// prev_hash is the previous entry's hash (a mismatch is a reordering or a
// removal before it), and its hash is that of its own fields (a mismatch is
// an edit). The first failure is reported; the walk goes on only to count.
#include "desk/audit.h"

#include <sodium.h>

#include "desk/auth.h"

namespace vox::desk {
namespace {

void AppendField(std::string* out, std::string_view field) {
  *out += std::to_string(field.size());
  *out += ':';
  *out += field;
  *out += ',';
}

}  // namespace

std::string CanonicalAudit(const store::AuditEntry& e) {
  std::string out;
  out.reserve(64 + e.actor.size() + e.action.size() + e.target.size() + e.before.size() + e.after.size());
  AppendField(&out, std::to_string(e.seq));
  AppendField(&out, std::to_string(e.at));
  AppendField(&out, e.actor);
  AppendField(&out, e.action);
  AppendField(&out, e.target);
  AppendField(&out, e.before);
  AppendField(&out, e.after);
  return out;
}

std::string ChainHash(const std::string& prev_hash, const store::AuditEntry& e) {
  InitCrypto().PermitUncheckedError();  // BLAKE2b needs no random source
  const std::string canonical = CanonicalAudit(e);
  unsigned char h[32];
  crypto_generichash_state st;
  crypto_generichash_init(&st, nullptr, 0, sizeof h);
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(prev_hash.data()), prev_hash.size());
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(canonical.data()), canonical.size());
  crypto_generichash_final(&st, h, sizeof h);
  char hex[2 * sizeof h + 1];
  sodium_bin2hex(hex, sizeof hex, h, sizeof h);
  return std::string(hex);
}

Status AppendAudit(store::DeskStore& ds, const std::string& actor, const std::string& action,
                   const std::string& target, const std::string& before, const std::string& after) {
  Result<store::AuditEntry> last = ds.LastAudit();
  if (!last.ok()) return last.status();
  store::AuditEntry e;
  e.seq = last->seq + 1;
  e.at = ds.clock().Now();
  e.actor = actor;
  e.action = action;
  e.target = target;
  e.before = before;
  e.after = after;
  e.prev_hash = last->hash;
  e.hash = ChainHash(e.prev_hash, e);
  return ds.AppendAudit(e);
}

Result<AuditCheck> VerifyAudit(store::DeskStore& ds) {
  AuditCheck check;
  int64_t prev_seq = 0;
  std::string prev_hash;
  auto fail = [&check](int64_t seq, std::string why) {
    check.first_break = AuditBreak{seq, "entry " + std::to_string(seq) + ": " + std::move(why)};
  };
  Status st = ds.ForEachAudit(store::AuditQuery{}, [&](const store::AuditEntry& e) {
    ++check.entries;
    if (check.first_break) return true;
    if (e.seq != prev_seq + 1) {
      if (prev_seq == 0 && e.seq > 1) {
        fail(e.seq, "the log starts at seq " + std::to_string(e.seq) + " (the entries before it were deleted)");
      } else if (e.seq > prev_seq) {
        fail(e.seq, "seq jumps from " + std::to_string(prev_seq) + " to " + std::to_string(e.seq) +
                        " (an entry was deleted)");
      } else {
        fail(e.seq, "seq " + std::to_string(e.seq) + " follows " + std::to_string(prev_seq) +
                        " (entries were renumbered or duplicated)");
      }
    } else if (e.prev_hash != prev_hash) {
      fail(e.seq, prev_seq == 0 ? std::string("the first entry has a prev_hash (an entry before it was removed)")
                                : "prev_hash is not the hash of entry " + std::to_string(prev_seq) +
                                      " (reordered or an entry before it was removed)");
    } else if (e.hash != ChainHash(e.prev_hash, e)) {
      fail(e.seq, "hash does not match (its fields were edited)");
    }
    prev_seq = e.seq;
    prev_hash = e.hash;
    return true;
  });
  if (!st.ok()) return st;
  return check;
}

}  // namespace vox::desk
