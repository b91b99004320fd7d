// How a store URI names its backend, shared by Store::Open and
// DeskStore::Open so that both read the same --db value the same way.
// store/'s own business: callers above pass the URI through unchanged.
#pragma once

#include <string>

namespace vox::store::internal {

// "postgresql://..." or "postgres://...".
bool IsServerUri(const std::string& uri);
// The file of an embedded store ("sqlite:" prefix optional).
std::string FilePath(const std::string& uri);

}  // namespace vox::store::internal
