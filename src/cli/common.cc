#include "cli/common.h"

#include <cstdio>

namespace vox::cli {

void PrintRejection(const ingest::Rejection& r) {
  std::fprintf(stderr, "%s: %s%s%s\n", r.where.c_str(), r.field.empty() ? "" : "field '",
               r.field.empty() ? "" : (r.field + "': ").c_str(), r.reason.c_str());
}

int Fail(const Status& st) {
  std::fprintf(stderr, "vox: %s\n", st.message().c_str());
  return st.code() == StatusCode::kInvalidArgument || st.code() == StatusCode::kLimitExceeded ? kUsage : kFailure;
}

std::string KeyFile(const Globals& g) {
  return g.key_file.empty() ? ingest::DefaultKeyFile(g.db) : g.key_file;
}

Result<std::string> ContactKeyFile(const Globals& g) {
  if (!g.contact_key_file.empty()) return g.contact_key_file;
  return store::FileBeside(g.db, ".contact-key");
}

Result<std::unique_ptr<store::Store>> OpenStore(const Globals& g, bool create) {
  return store::Store::Open(g.db, {.create = create});
}

Result<std::unique_ptr<store::Store>> OpenStoreForReading(const Globals& g) {
  return store::Store::Open(g.db, {.read_only = true});
}

Result<ingest::Pseudonymizer> LoadKey(const Globals& g, store::Store& st, bool create) {
  auto p = ingest::Pseudonymizer::FromKeyFile(KeyFile(g), create);
  if (!p.ok()) return p.status();
  auto fp = st.GetSetting("key_fingerprint");
  if (!fp.ok()) return fp.status();
  if (!fp->has_value()) {
    Status s = st.SetSetting("key_fingerprint", p->Fingerprint());
    if (!s.ok()) return s;
  } else if (**fp != p->Fingerprint()) {
    return Status::Corruption("key file " + KeyFile(g) + " does not belong to the store " +
                              store::ShownUri(g.db) +
                              " (pseudonyms would not match); pass the right --key-file");
  }
  return p;
}

}  // namespace vox::cli
