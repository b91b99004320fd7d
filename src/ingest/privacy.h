// The privacy rules for every field of an item, applied once at ingest before
// anything is stored (docs/privacy.md). `text` is not the only place personal
// data arrives in: a phone number in a link's query string, an e-mail in a
// place, a label or a title, a complaint log whose ids are phone numbers.
//
//   title, text, place  masked like text (text::MaskPii).
//   labels              a label in which anything had to be masked is dropped:
//                       a category never legitimately holds personal data.
//   url                 only absolute http(s) links are kept (javascript:,
//                       data:, file:, relative and unparseable ones are
//                       dropped); user:password@ is removed; tracking
//                       parameters and parameters named for personal data
//                       (phone, email, token, ...) are removed; personal
//                       data in the path, another parameter or the fragment
//                       is masked in place (percent-encoded).
//   id, parent_id       an id that is personal data (it holds a phone number
//                       or an e-mail address, or is a 12-digit number starting
//                       with 0, the shape of a CCCD) is replaced by a keyed
//                       hash "pid-<32 hex>" of itself: the same input always
//                       gives the same id (re-ingest stays idempotent, replies
//                       still find their parent), and the raw value is never
//                       stored. Other numeric ids (platform ids, 9-digit ones)
//                       are kept: they identify posts, not people.
//   author              replaced by its pseudonym (pseudonym.h).
#pragma once

#include <string>
#include <string_view>

#include "common/item.h"
#include "ingest/pseudonym.h"

namespace vox::ingest {

struct PrivacyCounts {
  int masked = 0;         // personal-data spans masked or removed, all fields
  int url_dropped = 0;    // links dropped as not http(s)
};

// Applies the rules above to every field except text and title (which the
// pipeline canonicalizes and masks itself). `item->author` is left alone.
PrivacyCounts MaskItemFields(const Pseudonymizer& pseudo, Item* item);

// The link as stored: "" when it is not an absolute http(s) link. *masked
// counts what was removed or masked.
std::string SafeUrl(std::string_view url, int* masked);

// The id as stored (see above). *personal is set when it was replaced.
std::string SafeId(const Pseudonymizer& pseudo, std::string_view id, bool* personal);

}  // namespace vox::ingest
