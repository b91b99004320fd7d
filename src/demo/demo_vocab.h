// Private to src/demo: the fictional town and the vocabulary the generator
// writes with. Every name, street, template and sentence here was written for
// Vox; none of it describes a real place.
//
// Template syntax (see demo_text.h): "[a|b|]" picks one alternative (empty =
// optional), "{slot}" is filled by the generator (ward, street, date, hours,
// figures, phone numbers, links...).
#pragma once

#include <span>

namespace vox::demo::internal {

using Bank = std::span<const char* const>;

struct Ward {
  const char* type;        // "phường" or "xã"
  const char* name;        // "Vân Hà"
  const char* streets[3];  // as written in notices ("đường Lê Lợi")
  const char* landmark;
  int weight;              // relative activity
};

extern const std::span<const Ward> kWards;

// Concerns, in the order of the staff labels.
enum Concern : int {
  kDatDai = 0,
  kNgapMoiTruong,
  kDienNuoc,
  kGiaoThong,
  kGiaCa,
  kYTe,
  kGiaoDuc,
  kThuTuc,
  kAnNinh,
  kLuaDao,
  kChung,  // no concern
  kConcernCount
};
extern const char* const kConcernLabel[kConcernCount];

// Per-concern banks.
struct ConcernVocab {
  Bank posts;        // community-group posts by citizens
  Bank comments;     // comments reacting to the concern
  Bank zalo;         // citizen messages to the office's Zalo OA
  Bank news_titles;  // article titles
  Bank news_body;    // article sentences (3-8 are drawn)
  Bank office;       // office announcements on the concern
};
extern const ConcernVocab kVocab[kConcernCount];

// Shared banks.
extern const Bank kGenericComments;
extern const Bank kQuestionComments;
extern const Bank kQuoteReactions;
extern const Bank kOfficeReplies;
extern const Bank kEmoji;
extern const Bank kHashtags;
extern const Bank kSharePrefixes;
extern const Bank kSurnames;
extern const Bank kMiddleNames;
extern const Bank kGivenNames;
extern const Bank kNicknames;
extern const Bank kReporters;
extern const Bank kSchools;
extern const Bank kKids;
extern const Bank kScamLinks;
extern const Bank kPowerReasons;
extern const Bank kWaterReasons;
extern const Bank kZaloOpen;
extern const Bank kZaloClose;

// Scheduled events: same template, different dates/wards/figures.
extern const Bank kPowerCutOffice;
extern const Bank kPowerCutRepost;
extern const Bank kPowerCutComments;
extern const Bank kPowerCutZalo;
extern const Bank kPowerCutNewsTitle;
extern const Bank kPowerCutNewsBody;
extern const Bank kWaterCutOffice;
extern const Bank kWaterCutComments;
extern const Bank kRainOffice;
extern const Bank kFloodPosts;
extern const Bank kFloodComments;
extern const Bank kFloodNewsTitle;
extern const Bank kFloodNewsBody;
extern const Bank kFuelNewsTitle;
extern const Bank kFuelNewsBody;
extern const Bank kFuelPosts;
extern const Bank kAccidentNewsTitle;
extern const Bank kAccidentNewsBody;
extern const Bank kAccidentPosts;
extern const Bank kAccidentComments;
// Slow stories.
extern const Bank kPotholePosts;
extern const Bank kPotholeComments;
extern const Bank kPotholeOfficeAnswer;
extern const Bank kCompensationPosts;
extern const Bank kCompensationComments;
extern const Bank kCompensationOffice;
extern const Bank kCompensationNewsTitle;
extern const Bank kCompensationNewsBody;
extern const Bank kDenguePosts;
extern const Bank kDengueOffice;
extern const Bank kDengueNewsTitle;
extern const Bank kDengueNewsBody;
extern const Bank kScamWarningOffice;

// Rumours. Each has its fact-check in kFactChecks (same index).
struct RumourVocab {
  const char* key;
  Concern concern;
  double day_fraction;  // where in the period the burst happens
  int burst_hour;       // local hour the burst starts
  Bank claims;          // repost variants
  Bank comments;
  Bank zalo;
  Bank office_debunk;   // the office's answer
  Bank news_title;
  Bank news_body;
};
extern const std::span<const RumourVocab> kRumours;

struct FactCheckVocab {
  const char* slug;
  const char* claim;
  const char* verdict;
  const char* body;
  int rumour;  // index into kRumours, -1 for the rest of the library
};
extern const std::span<const FactCheckVocab> kFactChecks;

}  // namespace vox::demo::internal
