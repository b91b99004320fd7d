// SQLite backend of the Store. One file, WAL mode, foreign keys on, a
// versioned schema (meta.schema_version) migrated forward on open. The FTS5
// index (tokenizer "vox") is an external-content index over items kept in
// step by triggers, so it commits in the same transaction as the rows.
#include "store/sqlite/sqlite_store.h"

#include <sqlite3.h>
#include <sys/stat.h>
#include <xxhash.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <ctime>
#include <map>
#include <set>
#include <tuple>
#include <string>
#include <unordered_map>

#include "store/sqlite/fts_query.h"
#include "store/sqlite/fts_rank.h"
#include "store/sqlite/fts_tokenizer.h"
#include "store/sqlite/mem_budget.h"

namespace vox::store {
namespace {

// Migration i brings the schema from version i to i+1. Never edit a
// released migration: append a new one.
const char* const kMigrations[] = {
    // 0 -> 1
    R"sql(
CREATE TABLE sources(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  kind TEXT,
  url TEXT,
  poll_interval_s INTEGER
);
CREATE TABLE items(
  id INTEGER PRIMARY KEY,
  source_id INTEGER NOT NULL REFERENCES sources(id),
  ext_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL DEFAULT '',
  url TEXT NOT NULL DEFAULT '',
  author_key TEXT NOT NULL DEFAULT '',
  published_at INTEGER NOT NULL,
  ingested_at INTEGER NOT NULL,
  parent_id TEXT NOT NULL DEFAULT '',
  reactions INTEGER NOT NULL DEFAULT 0,
  shares INTEGER NOT NULL DEFAULT 0,
  comments INTEGER NOT NULL DEFAULT 0,
  views INTEGER NOT NULL DEFAULT 0,
  place TEXT NOT NULL DEFAULT '',
  labels TEXT NOT NULL DEFAULT '',
  categories TEXT NOT NULL DEFAULT '',
  places TEXT NOT NULL DEFAULT '',
  story_id INTEGER NOT NULL DEFAULT 0,
  content_hash INTEGER NOT NULL,
  UNIQUE(source_id, ext_id)
);
CREATE INDEX items_published ON items(published_at);
CREATE INDEX items_story ON items(story_id) WHERE story_id <> 0;
CREATE TABLE item_revisions(
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  text TEXT NOT NULL,
  replaced_at INTEGER NOT NULL
);
CREATE INDEX item_revisions_item ON item_revisions(item_id);
CREATE VIRTUAL TABLE items_fts USING fts5(
  title, text, content='items', content_rowid='id', tokenize='vox', detail='full');
CREATE TRIGGER items_fts_ai AFTER INSERT ON items BEGIN
  INSERT INTO items_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER items_fts_ad AFTER DELETE ON items BEGIN
  INSERT INTO items_fts(items_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
END;
CREATE TRIGGER items_fts_au AFTER UPDATE OF title, text ON items BEGIN
  INSERT INTO items_fts(items_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
  INSERT INTO items_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
)sql",
    // 1 -> 2: the fact-check library and item <-> fact-check matches.
    R"sql(
CREATE TABLE factchecks(
  id INTEGER PRIMARY KEY,
  ext_id TEXT NOT NULL UNIQUE,
  claim TEXT NOT NULL,
  verdict TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL DEFAULT '',
  url TEXT NOT NULL DEFAULT '',
  author TEXT NOT NULL DEFAULT '',
  published_at INTEGER NOT NULL DEFAULT 0,
  rating REAL NOT NULL DEFAULT 0,
  appearance TEXT NOT NULL DEFAULT '',
  own INTEGER NOT NULL DEFAULT 0,
  content_hash INTEGER NOT NULL
);
CREATE TABLE matches(
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  factcheck_id INTEGER NOT NULL REFERENCES factchecks(id) ON DELETE CASCADE,
  score REAL NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('suggested', 'auto', 'accepted', 'rejected')),
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (item_id, factcheck_id)
) WITHOUT ROWID;
CREATE INDEX matches_factcheck ON matches(factcheck_id);
)sql",
    // 2 -> 3: stories (src/stories/) and their persisted index state.
    R"sql(
CREATE TABLE stories(
  id INTEGER PRIMARY KEY,
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  size INTEGER NOT NULL DEFAULT 0,
  engagement INTEGER NOT NULL DEFAULT 0,
  representative INTEGER NOT NULL DEFAULT 0,
  label TEXT NOT NULL DEFAULT ''
);
CREATE INDEX stories_last_seen ON stories(last_seen);
CREATE TABLE story_state(
  story_id INTEGER PRIMARY KEY REFERENCES stories(id) ON DELETE CASCADE,
  state BLOB NOT NULL
);
)sql",
    // 3 -> 4: the search index is kept by UpsertItem/Purge instead of
    // triggers. A trigger makes every item INSERT a multi-table statement,
    // which opens a statement savepoint, which makes FTS5 flush its pending
    // terms for every single row (measured: 20% of ingest time).
    R"sql(
DROP TRIGGER items_fts_ai;
DROP TRIGGER items_fts_ad;
DROP TRIGGER items_fts_au;
)sql",
    // 4 -> 5: a fact-check's date and rating may be absent (NULL) instead of
    // 0 (read as 1970 and a rating of 0.0). SQLite cannot drop NOT NULL in
    // place, so factchecks is rebuilt; matches, which references it, is
    // copied aside and rebuilt too, so that dropping the old table cascades
    // into nothing. Until now 0 meant "not given" for both columns.
    R"sql(
CREATE TABLE factchecks_v5(
  id INTEGER PRIMARY KEY,
  ext_id TEXT NOT NULL UNIQUE,
  claim TEXT NOT NULL,
  verdict TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL DEFAULT '',
  url TEXT NOT NULL DEFAULT '',
  author TEXT NOT NULL DEFAULT '',
  published_at INTEGER,
  rating REAL,
  appearance TEXT NOT NULL DEFAULT '',
  own INTEGER NOT NULL DEFAULT 0,
  content_hash INTEGER NOT NULL
);
INSERT INTO factchecks_v5(id, ext_id, claim, verdict, body, url, author, published_at, rating, appearance, own,
                          content_hash)
  SELECT id, ext_id, claim, verdict, body, url, author, NULLIF(published_at, 0), NULLIF(rating, 0), appearance,
         own, content_hash FROM factchecks;
CREATE TABLE matches_v5_copy AS SELECT item_id, factcheck_id, score, state, updated_at FROM matches;
DROP TABLE matches;
DROP TABLE factchecks;
ALTER TABLE factchecks_v5 RENAME TO factchecks;
CREATE TABLE matches(
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  factcheck_id INTEGER NOT NULL REFERENCES factchecks(id) ON DELETE CASCADE,
  score REAL NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('suggested', 'auto', 'accepted', 'rejected')),
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (item_id, factcheck_id)
) WITHOUT ROWID;
INSERT INTO matches(item_id, factcheck_id, score, state, updated_at)
  SELECT item_id, factcheck_id, score, state, updated_at FROM matches_v5_copy;
DROP TABLE matches_v5_copy;
CREATE INDEX matches_factcheck ON matches(factcheck_id);
)sql",
    // 5 -> 6: staff labels, predicted categories and place tags become rows
    // (they were lists joined by U+001F in items), so that queries can filter
    // on them. `pos` keeps each list's order; a category's score is a number.
    // No foreign key and no CHECK: either makes every insert a statement that
    // may abort, which opens a savepoint, which makes FTS5 flush its pending
    // terms for every item (measured: +10% of ingest time). Purge deletes an
    // item's tags with it.
    R"sql(
CREATE TABLE item_tags(
  item_id INTEGER NOT NULL,
  kind INTEGER NOT NULL,
  pos INTEGER NOT NULL,
  value TEXT NOT NULL,
  score REAL,
  PRIMARY KEY (item_id, kind, pos)
) WITHOUT ROWID;
CREATE INDEX item_tags_value ON item_tags(kind, value);
WITH RECURSIVE split(item_id, kind, pos, rest, value) AS (
  SELECT id, 1, -1, labels || char(31), NULL FROM items WHERE labels <> ''
  UNION ALL
  SELECT id, 2, -1, categories || char(31), NULL FROM items WHERE categories <> ''
  UNION ALL
  SELECT id, 3, -1, places || char(31), NULL FROM items WHERE places <> ''
  UNION ALL
  SELECT item_id, kind, pos + 1, substr(rest, instr(rest, char(31)) + 1),
         substr(rest, 1, instr(rest, char(31)) - 1)
  FROM split WHERE rest <> ''
)
INSERT INTO item_tags(item_id, kind, pos, value, score)
SELECT item_id, kind, pos,
       CASE WHEN kind = 2 AND instr(value, ':') > 0 THEN substr(value, 1, instr(value, ':') - 1) ELSE value END,
       CASE WHEN kind = 2 AND instr(value, ':') > 0 THEN CAST(substr(value, instr(value, ':') + 1) AS REAL) END
FROM split WHERE pos >= 0;
ALTER TABLE items DROP COLUMN labels;
ALTER TABLE items DROP COLUMN categories;
ALTER TABLE items DROP COLUMN places;
)sql",
    // 6 -> 7: the desk (store/desk_records.h), in tables of its own that a
    // DeskStore connection writes (sqlite/sqlite_desk.cc).
    //  - Ids that staff see and the audit log names (users, units, tokens,
    //    cases, reports) are AUTOINCREMENT: a number is never given twice,
    //    so "case:12" in an old audit entry can only mean one case.
    //  - 0 means "none" in the *_id columns (unit 0 is the office itself,
    //    created_by 0 the CLI), so those carry no foreign key; rows that
    //    cannot outlive their parent (a user's sessions, a case's events and
    //    links) do.
    //  - Case lists are newest first by id with at most one of state, kind,
    //    unit as the selective filter: an index on each column (SQLite keeps
    //    the rowid at the end of every index entry, so `state = ? AND id < ?
    //    ORDER BY id DESC` is one index range read backwards, no sort).
    //    Overdue lists read cases_open_due, which holds only the open cases
    //    with a deadline, in id order; its WHERE must stay word for word the
    //    one ListCases writes, or SQLite will not use it.
    //  - An API token's name is unique among live tokens only, so that a
    //    revoked token's replacement can take its name.
    R"sql(
CREATE TABLE users(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  unit_id INTEGER NOT NULL DEFAULT 0,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE sessions(
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_last_seen ON sessions(last_seen);
CREATE TABLE api_tokens(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL,
  created_by INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  last_used INTEGER NOT NULL DEFAULT 0,
  revoked INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX api_tokens_live_name ON api_tokens(name) WHERE revoked = 0;
CREATE TABLE login_failures(
  address TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX login_failures_address ON login_failures(address, at);
CREATE INDEX login_failures_at ON login_failures(at);
CREATE TABLE units(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE cases(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  version INTEGER NOT NULL,
  kind TEXT NOT NULL,
  state TEXT NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  origin TEXT NOT NULL DEFAULT '',
  origin_ref TEXT NOT NULL DEFAULT '',
  category TEXT NOT NULL DEFAULT '',
  place TEXT NOT NULL DEFAULT '',
  unit_id INTEGER NOT NULL DEFAULT 0,
  assignee_id INTEGER NOT NULL DEFAULT 0,
  due_at INTEGER NOT NULL DEFAULT 0,
  duplicate_of INTEGER NOT NULL DEFAULT 0,
  responsible_body TEXT NOT NULL DEFAULT '',
  internal_answer TEXT NOT NULL DEFAULT '',
  public_answer TEXT NOT NULL DEFAULT '',
  answer_approved_by INTEGER NOT NULL DEFAULT 0,
  contact_sealed TEXT NOT NULL DEFAULT '',
  created_by INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL DEFAULT 0,
  first_response_at INTEGER NOT NULL DEFAULT 0,
  answered_at INTEGER NOT NULL DEFAULT 0,
  closed_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX cases_state ON cases(state);
CREATE INDEX cases_kind ON cases(kind);
CREATE INDEX cases_unit ON cases(unit_id);
CREATE INDEX cases_open_due ON cases(id, due_at)
  WHERE due_at > 0 AND state NOT IN ('answered', 'published', 'closed', 'duplicate', 'not_responsible', 'referred');
CREATE TABLE case_events(
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  at INTEGER NOT NULL,
  actor_id INTEGER NOT NULL DEFAULT 0,
  action TEXT NOT NULL,
  from_state TEXT NOT NULL DEFAULT '',
  to_state TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_events_case ON case_events(case_id);
CREATE TABLE case_links(
  case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  ref TEXT NOT NULL,
  PRIMARY KEY (case_id, kind, ref)
) WITHOUT ROWID;
CREATE TABLE reports(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  created_by INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  text TEXT NOT NULL DEFAULT '',
  link TEXT NOT NULL DEFAULT '',
  place TEXT NOT NULL DEFAULT '',
  concern TEXT NOT NULL DEFAULT '',
  case_id INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX reports_created_by ON reports(created_by);
CREATE TABLE audit(
  seq INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL DEFAULT '',
  before TEXT NOT NULL DEFAULT '',
  after TEXT NOT NULL DEFAULT '',
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_actor ON audit(actor);
CREATE INDEX audit_target ON audit(target);
CREATE INDEX audit_at ON audit(at);
)sql",
    // 7 -> 8: the outbox. case_replies holds where a case's answer goes back
    // (sealed with the contact key; one per case, gone with the case);
    // outbox holds one row per send, unique by its idempotency key, so that
    // publishing the same answer twice queues it once. outbox_due serves
    // the sender's "what needs work now" read.
    R"sql(
CREATE TABLE case_replies(
  case_id INTEGER PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
  sealed TEXT NOT NULL
);
CREATE TABLE outbox(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  channel TEXT NOT NULL,
  target_sealed TEXT NOT NULL,
  text TEXT NOT NULL,
  idempotency_key TEXT NOT NULL UNIQUE,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  attempt_key TEXT NOT NULL DEFAULT '',
  next_at INTEGER NOT NULL DEFAULT 0,
  platform_id TEXT NOT NULL DEFAULT '',
  error TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL DEFAULT 0,
  sent_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX outbox_case ON outbox(case_id);
CREATE INDEX outbox_state ON outbox(state);
CREATE INDEX outbox_due ON outbox(next_at, id) WHERE state IN ('queued', 'sending', 'retrying');
)sql",
    // 8 -> 9: hourly rollups (Store::ForEachHourCount), filled from the
    // items already stored; each GROUP BY sorts through SQLite's sorter,
    // which spills to temporary files, so memory stays bounded whatever the
    // store's size. items_story_voices lets a story's voices and sources be
    // counted from the index alone; items_story_time (which replaces
    // items_story) gives a story's first or newest members without sorting
    // all of them (a story of 30,000 items: 230 ms -> 17 ms); cases_open_unit
    // counts the open cases per unit for the overview from the index alone.
    R"sql(
CREATE TABLE item_counts(
  kind INTEGER NOT NULL,
  key TEXT NOT NULL,
  hour INTEGER NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (kind, key, hour)
) WITHOUT ROWID;
CREATE INDEX item_counts_hour ON item_counts(kind, hour);
INSERT INTO item_counts(kind, key, hour, n)
  SELECT 0, s.name, i.published_at / 3600 - (i.published_at % 3600 < 0), count(*)
  FROM items i JOIN sources s ON s.id = i.source_id GROUP BY 2, 3;
INSERT INTO item_counts(kind, key, hour, n)
  SELECT 1, CAST(story_id AS TEXT), published_at / 3600 - (published_at % 3600 < 0), count(*)
  FROM items WHERE story_id <> 0 GROUP BY story_id, 3;
INSERT INTO item_counts(kind, key, hour, n)
  SELECT 2, t.value, i.published_at / 3600 - (i.published_at % 3600 < 0), count(*)
  FROM item_tags t JOIN items i ON i.id = t.item_id WHERE t.kind = 2 GROUP BY 2, 3;
INSERT INTO item_counts(kind, key, hour, n)
  SELECT 3, v, h, count(*) FROM (
    SELECT DISTINCT t.item_id, t.value AS v, i.published_at / 3600 - (i.published_at % 3600 < 0) AS h
    FROM item_tags t JOIN items i ON i.id = t.item_id
    WHERE t.value <> '' AND (t.kind = 1 OR (t.kind = 2 AND CAST(printf('%.2f', t.score) AS REAL) >= 0.5)))
  GROUP BY v, h;
CREATE INDEX items_story_voices ON items(story_id, author_key, source_id) WHERE story_id <> 0;
CREATE INDEX items_story_time ON items(story_id, published_at) WHERE story_id <> 0;
DROP INDEX items_story;
CREATE INDEX cases_open_unit ON cases(unit_id, due_at)
  WHERE state NOT IN ('answered', 'published', 'closed', 'duplicate', 'not_responsible', 'referred');
)sql",
    // 9 -> 10: PostgreSQL partitions its items by month from this version;
    // the SQLite store is unchanged (one version for both backends).
    "",
    // 10 -> 11: where short links lead (Store::GetLinkTarget) and the text of
    // the news pages article items link to (Store::GetLinkPage).
    R"sql(
CREATE TABLE link_targets(
  url TEXT PRIMARY KEY,
  target TEXT NOT NULL,
  resolved_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE link_pages(
  url TEXT PRIMARY KEY,
  text TEXT NOT NULL,
  fetched_at INTEGER NOT NULL
);
)sql",
    // 11 -> 12: the reach of answers posted on the Page, read on a schedule
    // (docs/channels.md "Reach"): counts only, gone with the case (and so
    // with its sends: send_id names one, without a key of its own, since the
    // outbox is kept on SQLite only for now).
    R"sql(
CREATE TABLE reach_snapshots(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  send_id INTEGER NOT NULL,
  taken_at INTEGER NOT NULL,
  reactions INTEGER NOT NULL DEFAULT -1,
  comments INTEGER NOT NULL DEFAULT -1,
  shares INTEGER NOT NULL DEFAULT -1,
  impressions INTEGER NOT NULL DEFAULT -1,
  error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX reach_snapshots_case ON reach_snapshots(case_id, taken_at);
CREATE INDEX reach_snapshots_send ON reach_snapshots(send_id, taken_at);
)sql",
};
constexpr int kNumMigrations = sizeof(kMigrations) / sizeof(kMigrations[0]);
static_assert(kNumMigrations == kSchemaVersion, "one migration per schema version");

// item_tags.kind
constexpr int kTagLabel = 1;     // staff labels (Item::labels)
constexpr int kTagCategory = 2;  // predicted categories (StoredItem::categories)
constexpr int kTagPlace = 3;     // place tags (StoredItem::places)

// Lists read back from item_tags arrive joined by U+001F.
std::vector<std::string> SplitList(const char* s) {
  std::vector<std::string> out;
  if (s == nullptr || *s == 0) return out;
  std::string cur;
  for (const char* p = s; *p; ++p) {
    if (*p == '\x1f') {
      out.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(*p);
    }
  }
  out.push_back(cur);
  return out;
}

// The tags of every kind in one list, each value prefixed by its kind's
// digit (ForEachItem's counts_only), into the three lists SplitList gives
// for one kind each: in the same order, and none for a kind whose only
// value is empty (SplitList's "" is no value).
void SplitTags(const char* s, std::vector<std::string>* labels, std::vector<std::string>* categories,
               std::vector<std::string>* places) {
  labels->clear();
  categories->clear();
  places->clear();
  for (const std::string& v : SplitList(s)) {
    if (v.empty()) continue;
    std::vector<std::string>* out = v[0] == '0' + kTagLabel      ? labels
                                    : v[0] == '0' + kTagCategory ? categories
                                    : v[0] == '0' + kTagPlace    ? places
                                                                 : nullptr;
    if (out != nullptr) out->push_back(v.substr(1));
  }
  for (auto* list : {labels, categories, places}) {
    if (list->size() == 1 && list->front().empty()) list->clear();
  }
}

std::string JoinList(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out.push_back('\x1f');
    out += s;
  }
  return out;
}


uint64_t ContentHash(const Item& it) {
  XXH3_state_t* st = XXH3_createState();
  XXH3_64bits_reset(st);
  auto add = [&](const std::string& s) {
    uint64_t n = s.size();
    XXH3_64bits_update(st, &n, sizeof n);
    XXH3_64bits_update(st, s.data(), s.size());
  };
  add(it.kind);
  add(it.title);
  add(it.text);
  add(it.url);
  add(it.author_pseudonym);
  add(it.parent_id);
  add(it.place);
  add(JoinList(it.labels));
  int64_t nums[] = {it.published_at, it.metrics.reactions, it.metrics.shares, it.metrics.comments,
                    it.metrics.views};
  XXH3_64bits_update(st, nums, sizeof nums);
  uint64_t h = XXH3_64bits_digest(st);
  XXH3_freeState(st);
  return h;
}

const char* Col(sqlite3_stmt* s, int i) {
  const unsigned char* t = sqlite3_column_text(s, i);
  return t ? reinterpret_cast<const char*>(t) : "";
}

// The hour (since the epoch, UTC) a time falls in.
int64_t FloorHour(int64_t t) { return t >= 0 ? t / 3600 : (t - 3599) / 3600; }

// A category's score as trends read it: printed with two decimals by
// SQLite's printf (ForEachItem's "name:0.73"), then read back.
double TrendScore(double score) {
  char* txt = sqlite3_mprintf("%.2f", score);
  const double d = txt ? std::strtod(txt, nullptr) : score;
  sqlite3_free(txt);
  return d;
}

// Counts the rollups of one hour again from the items (and, with
// drop_before, deletes every row of an earlier hour): the purge's boundary.
Status RecountHours(sqlite3* db, int64_t hour, bool drop_before) {
  const char* const kSql[] = {
      "DELETE FROM item_counts WHERE hour < ?1 AND ?3",
      "DELETE FROM item_counts WHERE hour = ?1",
      "INSERT INTO item_counts(kind, key, hour, n) SELECT 0, s.name, ?1, count(*)"
      " FROM items i JOIN sources s ON s.id = i.source_id WHERE i.published_at >= ?1 * 3600"
      " AND i.published_at < ?2 * 3600 GROUP BY 2",
      "INSERT INTO item_counts(kind, key, hour, n) SELECT 1, CAST(story_id AS TEXT), ?1, count(*)"
      " FROM items WHERE published_at >= ?1 * 3600 AND published_at < ?2 * 3600 AND story_id <> 0 GROUP BY story_id",
      "INSERT INTO item_counts(kind, key, hour, n) SELECT 2, t.value, ?1, count(*)"
      " FROM items i JOIN item_tags t ON t.item_id = i.id AND t.kind = 2"
      " WHERE i.published_at >= ?1 * 3600 AND i.published_at < ?2 * 3600 GROUP BY 2",
      "INSERT INTO item_counts(kind, key, hour, n) SELECT 3, v, ?1, count(*) FROM ("
      " SELECT DISTINCT t.item_id, t.value AS v FROM items i JOIN item_tags t ON t.item_id = i.id"
      " WHERE i.published_at >= ?1 * 3600 AND i.published_at < ?2 * 3600 AND t.value <> ''"
      " AND (t.kind = 1 OR (t.kind = 2 AND CAST(printf('%.2f', t.score) AS REAL) >= 0.5))) GROUP BY v",
  };
  for (const char* sql : kSql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) != SQLITE_OK) {
      return Status::IoError(std::string("SQLite: ") + sqlite3_errmsg(db) + " (recounting the hourly rollups)");
    }
    sqlite3_bind_int64(s, 1, hour);
    if (sqlite3_bind_parameter_count(s) >= 2) sqlite3_bind_int64(s, 2, hour + 1);
    if (sqlite3_bind_parameter_count(s) >= 3) sqlite3_bind_int(s, 3, drop_before ? 1 : 0);
    const int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
      return Status::IoError(std::string("SQLite: ") + sqlite3_errmsg(db) + " (recounting the hourly rollups)");
    }
  }
  return Status::Ok();
}

}  // namespace

const char* SqliteStore::MigrationSql(int version) {
  return version >= 0 && version < kNumMigrations ? kMigrations[version] : nullptr;
}

SqliteStore::~SqliteStore() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  if (db_) sqlite3_close_v2(db_);
}

Status SqliteStore::Error(const std::string& what) const {
  return Status::IoError(what + ": " + (db_ ? sqlite3_errmsg(db_) : "no database") + " (" + path_ + ")");
}

Status SqliteStore::Exec(const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    return Status::IoError("SQLite: " + msg + " (" + path_ + ")");
  }
  return Status::Ok();
}

sqlite3_stmt* SqliteStore::Prepare(const char* sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) {
    sqlite3_reset(it->second);
    sqlite3_clear_bindings(it->second);
    return it->second;
  }
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK) {
    return nullptr;
  }
  cache_.emplace(sql, stmt);
  return stmt;
}

Result<std::unique_ptr<Store>> SqliteStore::Open(const std::string& path, const OpenOptions& opts) {
  struct stat sb;
  bool exists = stat(path.c_str(), &sb) == 0;
  if (!exists && !opts.create) {
    return Status::NotFound("no store at " + path + " (run `vox init` first, or pass --db)");
  }
  InstallMemoryBudget();  // before the process's first connection
  auto store = std::unique_ptr<SqliteStore>(new SqliteStore());
  store->path_ = path;
  store->clock_ = opts.clock != nullptr ? opts.clock : &DefaultClock();
  int flags = (opts.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | (opts.create ? SQLITE_OPEN_CREATE : 0)) |
              SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &store->db_, flags, nullptr) != SQLITE_OK) {
    return store->Error("cannot open store");
  }
  // The store holds author pseudonyms: only its owner reads it. SQLite gives
  // the -wal and -shm files the database file's mode.
  if (!exists) chmod(path.c_str(), 0600);
  sqlite3_busy_timeout(store->db_, 10000);
  sqlite3_extended_result_codes(store->db_, 1);
  VOX_RETURN_IF_ERROR(RegisterVoxTokenizer(store->db_));
  VOX_RETURN_IF_ERROR(RegisterVoxRank(store->db_, &store->doc_lengths_));
  if (opts.read_only) {
    // Read-only handles serve one request at a time, one per server worker:
    // a smaller page cache each (the file is also mapped), so that the
    // server's memory stays small with many workers.
    VOX_RETURN_IF_ERROR(store->Exec("PRAGMA temp_store=MEMORY; PRAGMA cache_size=-8192; PRAGMA mmap_size=268435456;"));
    auto version = store->GetSetting("schema_version");
    if (!version.ok()) return version.status();
    const int v = version->has_value() ? std::atoi((*version)->c_str()) : 0;
    if (v != kSchemaVersion) {
      return Status::Corruption("store " + path + " has schema version " + std::to_string(v) + ", this vox uses " +
                                std::to_string(kSchemaVersion) + ": run `vox init` to migrate it first");
    }
    store->schema_version_ = v;
    return std::unique_ptr<Store>(std::move(store));
  }
  VOX_RETURN_IF_ERROR(store->Exec(
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
      "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-65536; PRAGMA mmap_size=268435456;"));
  VOX_RETURN_IF_ERROR(store->Migrate());
  return std::unique_ptr<Store>(std::move(store));
}

Status SqliteStore::Migrate() {
  // A migration's sorts (the rollups' GROUP BY over every item) spill to
  // temporary files rather than memory: 1.5M items take 25 MB, not 140 MB.
  // (The setting cannot change inside a transaction.)
  VOX_RETURN_IF_ERROR(Exec("PRAGMA temp_store=FILE"));
  Status done = MigrateSteps();
  Status back = Exec("PRAGMA temp_store=MEMORY");
  return done.ok() ? back : done;
}

Status SqliteStore::MigrateSteps() {
  VOX_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
  Status st = [&]() -> Status {
    VOX_RETURN_IF_ERROR(Exec("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)"));
    int version = 0;
    {
      sqlite3_stmt* s = Prepare("SELECT value FROM meta WHERE key='schema_version'");
      if (!s) return Error("reading schema version");
      if (sqlite3_step(s) == SQLITE_ROW) version = std::atoi(Col(s, 0));
      sqlite3_reset(s);
    }
    if (version > kSchemaVersion) {
      return Status::Corruption("store " + path_ + " has schema version " + std::to_string(version) +
                                ", newer than this vox understands (" + std::to_string(kSchemaVersion) +
                                "); upgrade vox");
    }
    for (int v = version; v < kSchemaVersion; ++v) {
      VOX_RETURN_IF_ERROR(Exec(kMigrations[v]));
    }
    schema_version_ = kSchemaVersion;
    if (version != kSchemaVersion) {
      VOX_RETURN_IF_ERROR(SetSetting("schema_version", std::to_string(kSchemaVersion)));
    }
    return Status::Ok();
  }();
  if (!st.ok()) {
    Exec("ROLLBACK").PermitUncheckedError();
    return st;
  }
  return Exec("COMMIT");
}

Result<std::optional<std::string>> SqliteStore::GetSetting(const std::string& key) {
  sqlite3_stmt* s = Prepare("SELECT value FROM meta WHERE key=?1");
  if (!s) return Error("reading setting");
  sqlite3_bind_text(s, 1, key.data(), static_cast<int>(key.size()), SQLITE_TRANSIENT);
  std::optional<std::string> out;
  int rc = sqlite3_step(s);
  if (rc == SQLITE_ROW) out = Col(s, 0);
  else if (rc != SQLITE_DONE) return Error("reading setting " + key);
  sqlite3_reset(s);
  return out;
}

Status SqliteStore::SetSetting(const std::string& key, const std::string& value) {
  sqlite3_stmt* s = Prepare("INSERT INTO meta(key, value) VALUES(?1, ?2) "
                            "ON CONFLICT(key) DO UPDATE SET value=excluded.value");
  if (!s) return Error("writing setting");
  sqlite3_bind_text(s, 1, key.data(), static_cast<int>(key.size()), SQLITE_TRANSIENT);
  sqlite3_bind_text(s, 2, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  if (sqlite3_step(s) != SQLITE_DONE) return Error("writing setting " + key);
  sqlite3_reset(s);
  return Status::Ok();
}

Result<std::optional<Store::LinkTarget>> SqliteStore::GetLinkTarget(const std::string& url) {
  sqlite3_stmt* s = Prepare("SELECT target, resolved_at FROM link_targets WHERE url=?1");
  if (!s) return Error("reading a link's target");
  sqlite3_bind_text(s, 1, url.data(), static_cast<int>(url.size()), SQLITE_TRANSIENT);
  std::optional<LinkTarget> out;
  int rc = sqlite3_step(s);
  if (rc == SQLITE_ROW) out = LinkTarget{Col(s, 0), sqlite3_column_int64(s, 1)};
  else if (rc != SQLITE_DONE) return Error("reading the target of " + url);
  sqlite3_reset(s);
  return out;
}

Status SqliteStore::PutLinkTarget(const std::string& url, const LinkTarget& t) {
  sqlite3_stmt* s = Prepare("INSERT INTO link_targets(url, target, resolved_at) VALUES(?1, ?2, ?3) "
                            "ON CONFLICT(url) DO UPDATE SET target=excluded.target, resolved_at=excluded.resolved_at");
  if (!s) return Error("writing a link's target");
  sqlite3_bind_text(s, 1, url.data(), static_cast<int>(url.size()), SQLITE_TRANSIENT);
  sqlite3_bind_text(s, 2, t.target.data(), static_cast<int>(t.target.size()), SQLITE_TRANSIENT);
  sqlite3_bind_int64(s, 3, t.resolved_at);
  if (sqlite3_step(s) != SQLITE_DONE) return Error("writing the target of " + url);
  sqlite3_reset(s);
  return Status::Ok();
}

Result<std::optional<Store::LinkPage>> SqliteStore::GetLinkPage(const std::string& url) {
  sqlite3_stmt* s = Prepare("SELECT text, fetched_at FROM link_pages WHERE url=?1");
  if (!s) return Error("reading a page's text");
  sqlite3_bind_text(s, 1, url.data(), static_cast<int>(url.size()), SQLITE_TRANSIENT);
  std::optional<LinkPage> out;
  int rc = sqlite3_step(s);
  if (rc == SQLITE_ROW) out = LinkPage{Col(s, 0), sqlite3_column_int64(s, 1)};
  else if (rc != SQLITE_DONE) return Error("reading the text of " + url);
  sqlite3_reset(s);
  return out;
}

Status SqliteStore::PutLinkPage(const std::string& url, const LinkPage& p) {
  sqlite3_stmt* s = Prepare("INSERT INTO link_pages(url, text, fetched_at) VALUES(?1, ?2, ?3) "
                            "ON CONFLICT(url) DO UPDATE SET text=excluded.text, fetched_at=excluded.fetched_at");
  if (!s) return Error("writing a page's text");
  sqlite3_bind_text(s, 1, url.data(), static_cast<int>(url.size()), SQLITE_TRANSIENT);
  sqlite3_bind_text(s, 2, p.text.data(), static_cast<int>(p.text.size()), SQLITE_TRANSIENT);
  sqlite3_bind_int64(s, 3, p.fetched_at);
  if (sqlite3_step(s) != SQLITE_DONE) return Error("writing the text of " + url);
  sqlite3_reset(s);
  return Status::Ok();
}

Status SqliteStore::Begin() {
  // Writers take turns: a second ingest (or purge) waits for the first one's
  // batch to commit. Each attempt waits the busy timeout (10 s); a batch can
  // hold the lock longer than that, so the wait is retried for up to ten
  // minutes before giving up with a message that says why.
  for (int attempt = 0;; ++attempt) {
    if (sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK) return Status::Ok();
    const int rc = sqlite3_extended_errcode(db_) & 0xff;
    if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) return Error("starting a transaction");
    if (attempt == 60) {
      return Status::IoError("another process has been writing to " + path_ +
                             " for ten minutes; try again when it has finished");
    }
  }
}
Status SqliteStore::Commit() {
  if (Status st = FlushCounts(); !st.ok()) {
    Rollback().PermitUncheckedError();
    return st;
  }
  // Another writer (a second ingest, purge, the server) can hold the lock a
  // moment longer than the busy timeout: the commit is retried, never lost.
  for (int attempt = 0;; ++attempt) {
    fresh_rowid_ = 0;
    if (sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK) return Status::Ok();
    const int rc = sqlite3_extended_errcode(db_) & 0xff;
    if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || attempt == 20) return Error("commit");
    sqlite3_sleep(100);
  }
}
Status SqliteStore::Rollback() {
  // Sources added in the rolled-back transaction are gone: forget every
  // cached id (they are looked up again on first use).
  source_ids_.clear();
  fresh_rowid_ = 0;
  fresh_facts_.clear();
  facts_before_.clear();
  return Exec("ROLLBACK");
}

Result<int64_t> SqliteStore::SourceId(const std::string& name) {
  auto it = source_ids_.find(name);
  if (it != source_ids_.end()) return it->second;
  sqlite3_stmt* s = Prepare("INSERT INTO sources(name) VALUES(?1) ON CONFLICT(name) DO NOTHING");
  if (!s) return Error("preparing source insert");
  sqlite3_bind_text(s, 1, name.data(), static_cast<int>(name.size()), SQLITE_TRANSIENT);
  if (sqlite3_step(s) != SQLITE_DONE) return Error("adding source " + name);
  s = Prepare("SELECT id FROM sources WHERE name=?1");
  sqlite3_bind_text(s, 1, name.data(), static_cast<int>(name.size()), SQLITE_TRANSIENT);
  if (sqlite3_step(s) != SQLITE_ROW) return Error("reading source " + name);
  int64_t id = sqlite3_column_int64(s, 0);
  sqlite3_reset(s);
  source_ids_.emplace(name, id);
  return id;
}

Status SqliteStore::IndexItem(int64_t rowid, const std::string& title, const std::string& text, bool remove) {
  sqlite3_stmt* s = remove
      ? Prepare("INSERT INTO items_fts(items_fts, rowid, title, text) VALUES('delete', ?1, ?2, ?3)")
      : Prepare("INSERT INTO items_fts(rowid, title, text) VALUES(?1, ?2, ?3)");
  if (!s) return Error("preparing index write");
  doc_lengths_.Forget(rowid);
  sqlite3_bind_int64(s, 1, rowid);
  sqlite3_bind_text(s, 2, title.data(), static_cast<int>(title.size()), SQLITE_STATIC);
  sqlite3_bind_text(s, 3, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
  if (sqlite3_step(s) != SQLITE_DONE) return Error("writing the search index");
  sqlite3_reset(s);
  return Status::Ok();
}

Result<Upsert> SqliteStore::UpsertItem(const Item& item, int64_t* rowid_out) {
  auto src = SourceId(item.source);
  if (!src.ok()) return src.status();
  const int64_t hash = static_cast<int64_t>(ContentHash(item));
  sqlite3_stmt* s = Prepare("SELECT id, content_hash, title, text FROM items WHERE source_id=?1 AND ext_id=?2");
  if (!s) return Error("preparing item lookup");
  sqlite3_bind_int64(s, 1, *src);
  sqlite3_bind_text(s, 2, item.id.data(), static_cast<int>(item.id.size()), SQLITE_STATIC);
  int rc = sqlite3_step(s);
  int64_t rowid = 0;
  bool text_changed = false;
  if (rc == SQLITE_ROW) {
    rowid = sqlite3_column_int64(s, 0);
    if (sqlite3_column_int64(s, 1) == hash) {
      sqlite3_reset(s);
      if (rowid_out) *rowid_out = rowid;
      return Upsert::kUnchanged;
    }
    std::string old_title = Col(s, 2), old_text = Col(s, 3);
    text_changed = old_title != item.title || old_text != item.text;
    sqlite3_reset(s);
    VOX_RETURN_IF_ERROR(NoteChange(rowid));
    if (text_changed) {
      VOX_RETURN_IF_ERROR(IndexItem(rowid, old_title, old_text, /*remove=*/true));
      sqlite3_stmt* r = Prepare("INSERT INTO item_revisions(item_id, title, text, replaced_at) VALUES(?1,?2,?3,?4)");
      sqlite3_bind_int64(r, 1, rowid);
      sqlite3_bind_text(r, 2, old_title.data(), static_cast<int>(old_title.size()), SQLITE_TRANSIENT);
      sqlite3_bind_text(r, 3, old_text.data(), static_cast<int>(old_text.size()), SQLITE_TRANSIENT);
      sqlite3_bind_int64(r, 4, clock_->Now());
      if (sqlite3_step(r) != SQLITE_DONE) return Error("writing revision");
    }
  } else if (rc != SQLITE_DONE) {
    return Error("looking up item");
  } else {
    sqlite3_reset(s);
  }

  const char* sql = rowid == 0
      ? "INSERT INTO items(source_id, ext_id, kind, title, text, url, author_key, published_at, ingested_at,"
        " parent_id, reactions, shares, comments, views, place, content_hash)"
        " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?17)"
      : "UPDATE items SET kind=?3, title=?4, text=?5, url=?6, author_key=?7, published_at=?8, ingested_at=?9,"
        " parent_id=?10, reactions=?11, shares=?12, comments=?13, views=?14, place=?15,"
        " content_hash=?17 WHERE source_id=?1 AND ext_id=?2";
  s = Prepare(sql);
  if (!s) return Error("preparing item write");
  auto text = [&](int i, const std::string& v) {
    sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
  };
  sqlite3_bind_int64(s, 1, *src);
  text(2, item.id);
  text(3, item.kind);
  text(4, item.title);
  text(5, item.text);
  text(6, item.url);
  text(7, item.author_pseudonym);
  sqlite3_bind_int64(s, 8, item.published_at);
  sqlite3_bind_int64(s, 9, clock_->Now());
  text(10, item.parent_id);
  sqlite3_bind_int64(s, 11, item.metrics.reactions);
  sqlite3_bind_int64(s, 12, item.metrics.shares);
  sqlite3_bind_int64(s, 13, item.metrics.comments);
  sqlite3_bind_int64(s, 14, item.metrics.views);
  text(15, item.place);
  sqlite3_bind_int64(s, 17, hash);
  if (sqlite3_step(s) != SQLITE_DONE) return Error("writing item " + item.source + "/" + item.id);
  sqlite3_reset(s);
  const int64_t id = rowid ? rowid : sqlite3_last_insert_rowid(db_);
  // A new row has no tags yet: the stages that tag it next skip the delete.
  fresh_rowid_ = rowid == 0 ? id : 0;
  fresh_kinds_ = 0;
  if (rowid == 0) {
    CountFacts& f = fresh_facts_[id];
    f.hour = FloorHour(item.published_at);
    f.source = item.source;
  } else if (auto it = fresh_facts_.find(id); it != fresh_facts_.end()) {
    it->second.hour = FloorHour(item.published_at);  // inserted earlier in this transaction
  }
  if (rowid == 0 || text_changed) VOX_RETURN_IF_ERROR(IndexItem(id, item.title, item.text, /*remove=*/false));
  // Labels given with the item replace the stored ones; none given keeps them.
  if (!item.labels.empty()) VOX_RETURN_IF_ERROR(ReplaceTags(id, kTagLabel, item.labels));
  VOX_RETURN_IF_ERROR(FlushIfAutocommit());
  if (rowid_out) *rowid_out = id;
  return rowid == 0 ? Upsert::kAdded : Upsert::kUpdated;
}

Status SqliteStore::ForEachItem(const ItemQuery& q, const std::function<bool(const StoredItem&)>& fn) {
  // counts_only: no texts, no revision count, and the tags of every kind in
  // one look-up (each prefixed by its kind's digit, split below) rather than
  // one per kind.
  std::string sql = q.counts_only
      ? "SELECT i.id, s.name, i.ext_id, i.kind, '', '', '', i.author_key, i.published_at,"
        " i.ingested_at, '', i.reactions, i.shares, i.comments, i.views, i.place,"
        " (SELECT group_concat(v, char(31)) FROM (SELECT kind || value ||"
        "   CASE WHEN kind = 2 THEN ':' || printf('%.2f', score) ELSE '' END AS v FROM item_tags"
        "   WHERE item_id = i.id AND kind IN (1, 2, 3) ORDER BY kind, pos)),"
        " NULL, NULL, i.story_id, 0"
        " FROM items i JOIN sources s ON s.id = i.source_id WHERE 1"
      : "SELECT i.id, s.name, i.ext_id, i.kind, i.title, i.text, i.url, i.author_key, i.published_at,"
        " i.ingested_at, i.parent_id, i.reactions, i.shares, i.comments, i.views, i.place,"
        " (SELECT group_concat(v, char(31)) FROM (SELECT value AS v FROM item_tags"
        "   WHERE item_id = i.id AND kind = 1 ORDER BY pos)),"
        " (SELECT group_concat(v, char(31)) FROM (SELECT value || ':' || printf('%.2f', score) AS v FROM item_tags"
        "   WHERE item_id = i.id AND kind = 2 ORDER BY pos)),"
        " (SELECT group_concat(v, char(31)) FROM (SELECT value AS v FROM item_tags"
        "   WHERE item_id = i.id AND kind = 3 ORDER BY pos)),"
        " i.story_id,"
        " (SELECT count(*) FROM item_revisions r WHERE r.item_id = i.id)"
        " FROM items i JOIN sources s ON s.id = i.source_id WHERE 1";
  if (!q.source.empty()) sql += " AND s.name = ?1";
  if (!q.kind.empty()) sql += " AND i.kind = ?2";
  if (q.since) sql += " AND i.published_at >= ?3";
  if (q.until) sql += " AND i.published_at < ?4";
  // "<> 0" lets SQLite use the partial index items_story_time (WHERE story_id <> 0):
  // with a bound parameter alone it cannot know the index applies, and walks
  // items_published for the ORDER BY instead — a scan of the whole store for a
  // story's first members (ListStories' labels, the reports' places).
  if (q.story_id) sql += " AND i.story_id = ?5 AND i.story_id <> 0";
  if (!q.ext_id.empty()) sql += " AND i.ext_id = ?7";
  if (!q.label.empty()) sql += " AND i.id IN (SELECT item_id FROM item_tags WHERE kind = 1 AND value = ?8)";
  if (!q.category.empty()) sql += " AND i.id IN (SELECT item_id FROM item_tags WHERE kind = 2 AND value = ?9)";
  if (!q.place.empty()) sql += " AND i.id IN (SELECT item_id FROM item_tags WHERE kind = 3 AND value = ?10)";
  if (q.after.rowid != 0) {
    sql += q.newest_first ? " AND (i.published_at, i.id) < (?11, ?12)" : " AND (i.published_at, i.id) > (?11, ?12)";
  }
  sql += q.newest_first ? " ORDER BY i.published_at DESC, i.id DESC" : " ORDER BY i.published_at, i.id";
  if (q.limit > 0) sql += " LIMIT ?6";
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) return Error("listing items");
  sqlite3_bind_text(s, 1, q.source.data(), static_cast<int>(q.source.size()), SQLITE_STATIC);
  sqlite3_bind_text(s, 2, q.kind.data(), static_cast<int>(q.kind.size()), SQLITE_STATIC);
  sqlite3_bind_int64(s, 3, q.since);
  sqlite3_bind_int64(s, 4, q.until);
  sqlite3_bind_int64(s, 5, q.story_id);
  sqlite3_bind_int64(s, 6, q.limit);
  sqlite3_bind_text(s, 7, q.ext_id.data(), static_cast<int>(q.ext_id.size()), SQLITE_STATIC);
  sqlite3_bind_text(s, 8, q.label.data(), static_cast<int>(q.label.size()), SQLITE_STATIC);
  sqlite3_bind_text(s, 9, q.category.data(), static_cast<int>(q.category.size()), SQLITE_STATIC);
  sqlite3_bind_text(s, 10, q.place.data(), static_cast<int>(q.place.size()), SQLITE_STATIC);
  sqlite3_bind_int64(s, 11, q.after.published_at);
  sqlite3_bind_int64(s, 12, q.after.rowid);
  int rc;
  StoredItem si;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    si.rowid = sqlite3_column_int64(s, 0);
    Item& it = si.item;
    it.source = Col(s, 1);
    it.id = Col(s, 2);
    it.kind = Col(s, 3);
    it.title = Col(s, 4);
    it.text = Col(s, 5);
    it.url = Col(s, 6);
    it.author.clear();
    it.author_pseudonym = Col(s, 7);
    it.published_at = sqlite3_column_int64(s, 8);
    si.ingested_at = sqlite3_column_int64(s, 9);
    it.parent_id = Col(s, 10);
    it.metrics = {sqlite3_column_int64(s, 11), sqlite3_column_int64(s, 12), sqlite3_column_int64(s, 13),
                  sqlite3_column_int64(s, 14)};
    it.place = Col(s, 15);
    if (q.counts_only) {
      SplitTags(Col(s, 16), &it.labels, &si.categories, &si.places);
    } else {
      it.labels = SplitList(Col(s, 16));
      si.categories = SplitList(Col(s, 17));
      si.places = SplitList(Col(s, 18));
    }
    si.story_id = sqlite3_column_int64(s, 19);
    si.revisions = sqlite3_column_int(s, 20);
    if (!fn(si)) break;
  }
  bool failed = rc != SQLITE_ROW && rc != SQLITE_DONE;
  sqlite3_finalize(s);
  return failed ? Error("reading items") : Status::Ok();
}

Status SqliteStore::ReadChangeMarks(ChangeMarks* m) {
  sqlite3_stmt* s = Prepare(
      "SELECT (SELECT min(id) FROM items), (SELECT max(id) FROM items),"
      " (SELECT max(rowid) FROM item_revisions), (SELECT value FROM meta WHERE key = 'purges')");
  if (!s) return Error("reading the store's change marks");
  *m = ChangeMarks();
  if (sqlite3_step(s) == SQLITE_ROW) {
    m->min_rowid = sqlite3_column_int64(s, 0);
    m->max_rowid = sqlite3_column_int64(s, 1);
    m->revision = sqlite3_column_int64(s, 2);
    m->purges = sqlite3_column_int64(s, 3);
  }
  sqlite3_reset(s);
  return Status::Ok();
}

Result<std::string> SqliteStore::ContentVersion() {
  // Rowids only grow until a purge, every change of an item logs a revision,
  // and every purge bumps the counter: a few index look-ups.
  ChangeMarks m;
  VOX_RETURN_IF_ERROR(ReadChangeMarks(&m));
  return std::to_string(m.max_rowid) + ":" + std::to_string(m.revision) + ":" + std::to_string(m.purges);
}

Result<Stats> SqliteStore::GetStats() {
  Stats st;
  st.schema_version = schema_version_;
  auto one = [&](const char* sql, int64_t* out) -> Status {
    sqlite3_stmt* s = Prepare(sql);
    if (!s) return Error("stats");
    if (sqlite3_step(s) == SQLITE_ROW) *out = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    return Status::Ok();
  };
  VOX_RETURN_IF_ERROR(one("SELECT count(*) FROM items", &st.items));
  VOX_RETURN_IF_ERROR(one("SELECT count(*) FROM item_revisions", &st.revisions));
  VOX_RETURN_IF_ERROR(one("SELECT count(DISTINCT author_key) FROM items WHERE author_key <> ''", &st.voices));
  VOX_RETURN_IF_ERROR(one("SELECT coalesce(min(published_at),0) FROM items", &st.first_published));
  VOX_RETURN_IF_ERROR(one("SELECT coalesce(max(published_at),0) FROM items", &st.last_published));
  VOX_RETURN_IF_ERROR(one("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()", &st.db_bytes));
  sqlite3_stmt* s = Prepare(
      "SELECT s.name, count(i.id) FROM sources s LEFT JOIN items i ON i.source_id = s.id "
      "GROUP BY s.id ORDER BY count(i.id) DESC, s.name");
  if (!s) return Error("stats");
  while (sqlite3_step(s) == SQLITE_ROW) st.sources.push_back({Col(s, 0), sqlite3_column_int64(s, 1)});
  sqlite3_reset(s);
  s = Prepare("SELECT kind, count(*) FROM items GROUP BY kind ORDER BY count(*) DESC, kind");
  if (!s) return Error("stats");
  while (sqlite3_step(s) == SQLITE_ROW) st.kinds.emplace_back(Col(s, 0), sqlite3_column_int64(s, 1));
  sqlite3_reset(s);
  return st;
}

Result<PurgeCounts> SqliteStore::Purge(int64_t cutoff) {
  PurgeCounts pc;
  doc_lengths_.Clear();
  VOX_RETURN_IF_ERROR(Begin());
  sqlite3_stmt* s = Prepare(
      "SELECT count(*) FROM item_revisions WHERE item_id IN (SELECT id FROM items WHERE published_at < ?1)");
  sqlite3_bind_int64(s, 1, cutoff);
  if (sqlite3_step(s) == SQLITE_ROW) pc.revisions = sqlite3_column_int64(s, 0);
  sqlite3_reset(s);
  s = Prepare("INSERT INTO items_fts(items_fts, rowid, title, text)"
              " SELECT 'delete', id, title, text FROM items WHERE published_at < ?1");
  sqlite3_bind_int64(s, 1, cutoff);
  if (sqlite3_step(s) != SQLITE_DONE) {
    Status err = Error("purging the search index");
    Rollback().PermitUncheckedError();
    return err;
  }
  sqlite3_reset(s);
  // The stories the purged items belonged to, to recount after the delete.
  if (Status st = Exec("CREATE TEMP TABLE IF NOT EXISTS purged_stories(id INTEGER PRIMARY KEY)"); !st.ok()) {
    Rollback().PermitUncheckedError();
    return st;
  }
  s = Prepare("INSERT OR IGNORE INTO purged_stories SELECT story_id FROM items WHERE published_at < ?1 AND story_id <> 0");
  sqlite3_bind_int64(s, 1, cutoff);
  if (!s || sqlite3_step(s) != SQLITE_DONE) {
    Status err = Error("purging stories");
    Rollback().PermitUncheckedError();
    return err;
  }
  sqlite3_reset(s);
  s = Prepare("DELETE FROM item_tags WHERE item_id IN (SELECT id FROM items WHERE published_at < ?1)");
  sqlite3_bind_int64(s, 1, cutoff);
  if (sqlite3_step(s) != SQLITE_DONE) {
    Status err = Error("purging tags");
    Rollback().PermitUncheckedError();
    return err;
  }
  sqlite3_reset(s);
  s = Prepare("DELETE FROM items WHERE published_at < ?1");
  sqlite3_bind_int64(s, 1, cutoff);
  if (sqlite3_step(s) != SQLITE_DONE) {
    Status err = Error("purging items");
    Rollback().PermitUncheckedError();
    return err;
  }
  pc.items = sqlite3_changes64(db_);
  sqlite3_reset(s);
  // The rollups: hours before the cutoff's go, the cutoff's hour is counted again.
  if (Status st = RecountHours(db_, FloorHour(cutoff), /*drop_before=*/true); !st.ok()) {
    Rollback().PermitUncheckedError();
    return st;
  }
  // A story left without items goes (its state with it); the others are
  // recounted from the items they keep, and a purged representative is
  // replaced by the story's oldest remaining item.
  bool first = true;
  for (const char* sql : {
           "DELETE FROM stories WHERE id IN (SELECT id FROM purged_stories)"
           " AND NOT EXISTS (SELECT 1 FROM items i WHERE i.story_id = stories.id)",
           "UPDATE stories SET"
           " size = (SELECT count(*) FROM items i WHERE i.story_id = stories.id),"
           " engagement = (SELECT coalesce(sum(reactions + shares + comments), 0) FROM items i"
           "               WHERE i.story_id = stories.id),"
           " first_seen = (SELECT min(published_at) FROM items i WHERE i.story_id = stories.id),"
           " last_seen = (SELECT max(published_at) FROM items i WHERE i.story_id = stories.id),"
           " representative = CASE WHEN EXISTS (SELECT 1 FROM items i WHERE i.id = stories.representative)"
           "   THEN representative ELSE (SELECT min(id) FROM items i WHERE i.story_id = stories.id) END"
           " WHERE id IN (SELECT id FROM purged_stories)",
           "DELETE FROM purged_stories"}) {
    s = Prepare(sql);
    if (!s || sqlite3_step(s) != SQLITE_DONE) {
      Status err = Error("recounting stories after the purge");
      Rollback().PermitUncheckedError();
      return err;
    }
    if (first) pc.stories = sqlite3_changes64(db_);
    first = false;
    sqlite3_reset(s);
  }
  // Rowids of purged items and revisions can be reused: handles that
  // remember row lengths (Search) watch this counter.
  s = Prepare("INSERT INTO meta(key, value) VALUES('purges', 1)"
              " ON CONFLICT(key) DO UPDATE SET value = value + 1");
  if (!s || sqlite3_step(s) != SQLITE_DONE) {
    Status err = Error("counting the purge");
    Rollback().PermitUncheckedError();
    return err;
  }
  sqlite3_reset(s);
  VOX_RETURN_IF_ERROR(Commit());
  // Give the space back and make sure deleted text is not left in free pages.
  VOX_RETURN_IF_ERROR(Exec("INSERT INTO items_fts(items_fts) VALUES('optimize')"));
  VOX_RETURN_IF_ERROR(Exec("PRAGMA wal_checkpoint(TRUNCATE); VACUUM;"));
  return pc;
}

Result<double> SqliteStore::PhraseIdf(const std::string& expr, int64_t rows, int64_t max_rowid) {
  // Document frequency from a sample: the rowid of the phrase's kSample-th
  // newest match tells what share of the newest rows hold it (rowids are
  // dense: items are never renumbered). Fewer matches than that: counted.
  // Cached per store handle until the store grows or shrinks by a tenth.
  constexpr int64_t kSample = 128;
  auto it = idf_cache_.find(expr);
  if (it != idf_cache_.end() && rows <= it->second.rows + it->second.rows / 10 &&
      rows >= it->second.rows - it->second.rows / 10) {
    return it->second.idf;
  }
  sqlite3_stmt* s = Prepare(
      "SELECT rowid FROM items_fts WHERE items_fts MATCH ?1 ORDER BY rowid DESC LIMIT 1 OFFSET ?2");
  if (!s) return Error("search");
  sqlite3_bind_text(s, 1, expr.data(), static_cast<int>(expr.size()), SQLITE_STATIC);
  sqlite3_bind_int64(s, 2, kSample - 1);
  int rc = sqlite3_step(s);
  double docs = 0;
  if (rc == SQLITE_ROW) {
    const int64_t span = std::max<int64_t>(1, max_rowid - sqlite3_column_int64(s, 0) + 1);
    docs = std::min<double>(static_cast<double>(rows), static_cast<double>(kSample) * rows / span);
  }
  sqlite3_reset(s);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return Status::InvalidArgument("search: " + std::string(sqlite3_errmsg(db_)));
  if (rc == SQLITE_DONE) {
    sqlite3_stmt* c = Prepare("SELECT count(*) FROM items_fts WHERE items_fts MATCH ?1");
    if (!c) return Error("search");
    sqlite3_bind_text(c, 1, expr.data(), static_cast<int>(expr.size()), SQLITE_STATIC);
    if (sqlite3_step(c) == SQLITE_ROW) docs = static_cast<double>(sqlite3_column_int64(c, 0));
    sqlite3_reset(c);
  }
  const double idf = Bm25Idf(static_cast<double>(rows), docs);
  if (idf_cache_.size() > 20000) idf_cache_.clear();  // bounded per handle: a server has one per worker
  idf_cache_[expr] = {idf, rows};
  return idf;
}

namespace {

// Stops the statements of one search once its deadline has passed. SQLite
// calls the handler every kSteps virtual-machine steps, so the check costs
// nothing measurable; one step that runs long (an FTS5 prefix merge inside a
// single xFilter call) is stopped by the MemoryBudget's clock instead, at its
// next allocation (mem_budget.h), and search/ also bounds the number and
// length of prefixes.
class SearchDeadline {
 public:
  SearchDeadline(sqlite3* db, int64_t ms) : db_(ms > 0 ? db : nullptr), ms_(ms) {
    if (!db_) return;
    until_ = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    sqlite3_progress_handler(db_, kSteps, &SearchDeadline::Check, this);
  }
  ~SearchDeadline() {
    if (db_) sqlite3_progress_handler(db_, 0, nullptr, nullptr);
  }
  SearchDeadline(const SearchDeadline&) = delete;
  SearchDeadline& operator=(const SearchDeadline&) = delete;

  bool expired() const { return expired_; }
  Status Error() const {
    return Status::LimitExceeded("search took longer than its limit of " + std::to_string(ms_) +
                                 " ms: make the query more specific (fewer or longer prefixes, a shorter "
                                 "phrase, a source or a period)");
  }

 private:
  static constexpr int kSteps = 1000;
  static int Check(void* self) {
    auto* d = static_cast<SearchDeadline*>(self);
    if (std::chrono::steady_clock::now() < d->until_) return 0;
    d->expired_ = true;
    return 1;
  }
  sqlite3* db_;
  int64_t ms_;
  std::chrono::steady_clock::time_point until_{};
  bool expired_ = false;
};

}  // namespace

Result<std::vector<SearchRow>> SqliteStore::Search(const SearchRequest& req) {
  SearchDeadline deadline(db_, req.deadline_ms);
  const auto until = req.deadline_ms > 0
                         ? std::chrono::steady_clock::now() + std::chrono::milliseconds(req.deadline_ms)
                         : std::chrono::steady_clock::time_point{};
  Result<std::vector<SearchRow>> result = std::vector<SearchRow>{};
  bool out_of_memory = false;
  bool out_of_time = false;
  {
    MemoryBudget budget(req.memory_limit_bytes, until);
    result = SearchWithin(req);
    out_of_memory = budget.memory_exceeded();
    out_of_time = budget.time_exceeded();
  }
  if (result.ok()) return result;
  if (deadline.expired() || out_of_time) return deadline.Error();
  if (out_of_memory) {
    return Status::LimitExceeded("search needed more than its memory limit of " +
                                 std::to_string(req.memory_limit_bytes >> 20) +
                                 " MiB: make the query more specific (fewer or longer prefixes, a shorter phrase, "
                                 "a source or a period)");
  }
  return result;
}

Result<std::vector<SearchRow>> SqliteStore::SearchWithin(const SearchRequest& req) {
  // One pass over the matches, newest first, stopping after `window` of them;
  // each is scored by voxrank (fts_rank.h) and the best `limit` are kept.
  // Without filters the FTS5 table is queried alone; filters join the items.
  std::string filters;
  if (!req.source.empty()) filters += " AND s.name = ?2";
  if (!req.kind.empty()) filters += " AND i.kind = ?3";
  if (req.since) filters += " AND i.published_at >= ?4";
  if (req.until) filters += " AND i.published_at < ?5";
  const std::string from = filters.empty()
      ? std::string(" FROM items_fts f WHERE items_fts MATCH ?1")
      : " FROM items_fts f JOIN items i ON i.id = f.rowid JOIN sources s ON s.id = i.source_id"
        " WHERE items_fts MATCH ?1" + filters;
  auto rendered = RenderFts5(req.query);
  if (!rendered.ok()) return rendered.status();
  const FtsQuery& fq = *rendered;
  auto fail = [&](sqlite3_stmt* s) -> Status {
    std::string err = sqlite3_errmsg(db_);
    sqlite3_finalize(s);
    return Status::InvalidArgument("search: " + err);
  };

  // Store size for the frequencies: rowids are dense (see PhraseIdf).
  ChangeMarks marks;
  VOX_RETURN_IF_ERROR(ReadChangeMarks(&marks));
  const int64_t min_rowid = marks.min_rowid, max_rowid = marks.max_rowid, revision = marks.revision,
                purges = marks.purges;
  // Remembered row lengths: forget rows rewritten since the last search (each
  // rewrite logs a revision), and everything after a purge (rowids of purged
  // items and revisions can be reused) or when the highest rowid shrank.
  if (revision < seen_revision_ || max_rowid < seen_max_rowid_ || purges != seen_purges_) {
    doc_lengths_.Clear();
  } else if (revision > seen_revision_ && seen_revision_ >= 0) {
    sqlite3_stmt* s = Prepare("SELECT item_id FROM item_revisions WHERE rowid > ?1");
    if (!s) return Error("search");
    sqlite3_bind_int64(s, 1, seen_revision_);
    while (sqlite3_step(s) == SQLITE_ROW) doc_lengths_.Forget(sqlite3_column_int64(s, 0));
    sqlite3_reset(s);
  }
  seen_revision_ = revision;
  seen_max_rowid_ = max_rowid;
  seen_purges_ = purges;
  const int64_t rows_est = max_rowid >= min_rowid && max_rowid > 0 ? max_rowid - min_rowid + 1 : 0;
  std::vector<RankPhrase> ranks;
  for (const FtsPhrase& p : fq.phrases) {
    RankPhrase r;
    r.exact_mask = p.exact_mask;
    if (p.ranked && rows_est > 0) {
      auto idf = PhraseIdf(p.expr, rows_est, max_rowid);
      if (!idf.ok()) return idf.status();
      r.idf = *idf;
    }
    ranks.push_back(r);
  }
  const std::string blob = EncodeRankPhrases(ranks);

  std::string sql = "SELECT f.rowid, voxrank(items_fts, ?7)" + from + " ORDER BY f.rowid DESC" +
                    (req.window > 0 ? " LIMIT ?6" : "");
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) return fail(s);
  sqlite3_bind_text(s, 1, fq.match.data(), static_cast<int>(fq.match.size()), SQLITE_STATIC);
  if (!filters.empty()) {
    sqlite3_bind_text(s, 2, req.source.data(), static_cast<int>(req.source.size()), SQLITE_STATIC);
    sqlite3_bind_text(s, 3, req.kind.data(), static_cast<int>(req.kind.size()), SQLITE_STATIC);
    sqlite3_bind_int64(s, 4, req.since);
    sqlite3_bind_int64(s, 5, req.until);
  }
  if (req.window > 0) sqlite3_bind_int64(s, 6, req.window);
  sqlite3_bind_blob(s, 7, blob.data(), static_cast<int>(blob.size()), SQLITE_STATIC);
  struct Scored {
    int64_t rowid;
    double score;
  };
  std::vector<Scored> scored;
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    scored.push_back({sqlite3_column_int64(s, 0), sqlite3_column_double(s, 1)});
  }
  if (rc != SQLITE_DONE) return fail(s);
  sqlite3_finalize(s);
  // Best first; among equals the newer (rows arrive newest first).
  const size_t keep = std::min(scored.size(), static_cast<size_t>(std::max<int64_t>(req.limit, 0)));
  std::partial_sort(scored.begin(), scored.begin() + keep, scored.end(), [](const Scored& a, const Scored& b) {
    return a.score != b.score ? a.score > b.score : a.rowid > b.rowid;
  });
  std::vector<SearchRow> rows(keep);
  for (size_t i = 0; i < keep; ++i) {
    rows[i].rowid = scored[i].rowid;
    rows[i].score = scored[i].score;
  }
  sqlite3_stmt* get = Prepare(
      "SELECT s.name, i.ext_id, i.title, i.text, i.published_at FROM items i"
      " JOIN sources s ON s.id = i.source_id WHERE i.id = ?1");
  if (!get) return Error("search");
  for (auto& r : rows) {
    sqlite3_bind_int64(get, 1, r.rowid);
    if (sqlite3_step(get) == SQLITE_ROW) {
      r.source = Col(get, 0);
      r.id = Col(get, 1);
      r.title = Col(get, 2);
      r.text = Col(get, 3);
      r.published_at = sqlite3_column_int64(get, 4);
    }
    sqlite3_reset(get);
  }
  return rows;
}

Result<Upsert> SqliteStore::UpsertFactCheck(const FactCheck& fc) {
  XXH3_state_t* h = XXH3_createState();
  XXH3_64bits_reset(h);
  for (const std::string* f : {&fc.claim, &fc.verdict, &fc.body, &fc.url, &fc.author, &fc.appearance}) {
    uint64_t n = f->size();
    XXH3_64bits_update(h, &n, sizeof n);
    XXH3_64bits_update(h, f->data(), f->size());
  }
  // An absent date or rating hashes apart from any value, 0 included.
  const double nums[] = {fc.published_at.has_value() ? 1.0 : 0.0, static_cast<double>(fc.published_at.value_or(0)),
                         fc.rating.has_value() ? 1.0 : 0.0, fc.rating.value_or(0), fc.own ? 1.0 : 0.0};
  XXH3_64bits_update(h, nums, sizeof nums);
  const int64_t hash = static_cast<int64_t>(XXH3_64bits_digest(h));
  XXH3_freeState(h);
  sqlite3_stmt* s = Prepare("SELECT content_hash FROM factchecks WHERE ext_id=?1");
  if (!s) return Error("preparing fact-check lookup");
  sqlite3_bind_text(s, 1, fc.id.data(), static_cast<int>(fc.id.size()), SQLITE_STATIC);
  int rc = sqlite3_step(s);
  bool exists = rc == SQLITE_ROW;
  bool same = exists && sqlite3_column_int64(s, 0) == hash;
  sqlite3_reset(s);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return Error("looking up fact-check");
  if (same) return Upsert::kUnchanged;
  s = Prepare(
      "INSERT INTO factchecks(ext_id, claim, verdict, body, url, author, published_at, rating, appearance, own,"
      " content_hash) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11) ON CONFLICT(ext_id) DO UPDATE SET"
      " claim=excluded.claim, verdict=excluded.verdict, body=excluded.body, url=excluded.url,"
      " author=excluded.author, published_at=excluded.published_at, rating=excluded.rating,"
      " appearance=excluded.appearance, own=excluded.own, content_hash=excluded.content_hash");
  if (!s) return Error("preparing fact-check write");
  auto text = [&](int i, const std::string& v) {
    sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
  };
  text(1, fc.id);
  text(2, fc.claim);
  text(3, fc.verdict);
  text(4, fc.body);
  text(5, fc.url);
  text(6, fc.author);
  if (fc.published_at) {
    sqlite3_bind_int64(s, 7, *fc.published_at);
  } else {
    sqlite3_bind_null(s, 7);
  }
  if (fc.rating) {
    sqlite3_bind_double(s, 8, *fc.rating);
  } else {
    sqlite3_bind_null(s, 8);
  }
  text(9, fc.appearance);
  sqlite3_bind_int(s, 10, fc.own ? 1 : 0);
  sqlite3_bind_int64(s, 11, hash);
  if (sqlite3_step(s) != SQLITE_DONE) return Error("writing fact-check " + fc.id);
  sqlite3_reset(s);
  return exists ? Upsert::kUpdated : Upsert::kAdded;
}

namespace {
FactCheck ReadFactCheck(sqlite3_stmt* s) {
  FactCheck fc;
  fc.id = Col(s, 0);
  fc.claim = Col(s, 1);
  fc.verdict = Col(s, 2);
  fc.body = Col(s, 3);
  fc.url = Col(s, 4);
  fc.author = Col(s, 5);
  if (sqlite3_column_type(s, 6) != SQLITE_NULL) fc.published_at = sqlite3_column_int64(s, 6);
  if (sqlite3_column_type(s, 7) != SQLITE_NULL) fc.rating = sqlite3_column_double(s, 7);
  fc.appearance = Col(s, 8);
  fc.own = sqlite3_column_int(s, 9) != 0;
  return fc;
}
constexpr char kFactCheckCols[] =
    "SELECT ext_id, claim, verdict, body, url, author, published_at, rating, appearance, own FROM factchecks";
}  // namespace

Result<std::optional<FactCheck>> SqliteStore::GetFactCheck(const std::string& id) {
  static const std::string sql = std::string(kFactCheckCols) + " WHERE ext_id=?1";
  sqlite3_stmt* s = Prepare(sql.c_str());
  if (!s) return Error("reading fact-check");
  sqlite3_bind_text(s, 1, id.data(), static_cast<int>(id.size()), SQLITE_STATIC);
  std::optional<FactCheck> out;
  if (sqlite3_step(s) == SQLITE_ROW) out = ReadFactCheck(s);
  sqlite3_reset(s);
  return out;
}

Status SqliteStore::ForEachFactCheck(const std::function<bool(const FactCheck&)>& fn) {
  static const std::string sql = std::string(kFactCheckCols) + " ORDER BY id";
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) return Error("listing fact-checks");
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    if (!fn(ReadFactCheck(s))) break;
  }
  bool failed = rc != SQLITE_ROW && rc != SQLITE_DONE;
  sqlite3_finalize(s);
  return failed ? Error("reading fact-checks") : Status::Ok();
}

const char* MatchStateName(MatchState st) {
  switch (st) {
    case MatchState::kSuggested: return "suggested";
    case MatchState::kAuto: return "auto";
    case MatchState::kAccepted: return "accepted";
    case MatchState::kRejected: return "rejected";
  }
  return "suggested";
}

bool ParseMatchState(const std::string& name, MatchState* out) {
  for (MatchState st : {MatchState::kSuggested, MatchState::kAuto, MatchState::kAccepted, MatchState::kRejected}) {
    if (name == MatchStateName(st)) {
      *out = st;
      return true;
    }
  }
  return false;
}

Status SqliteStore::PutMatch(const Match& m) {
  sqlite3_stmt* s = Prepare(
      "INSERT INTO matches(item_id, factcheck_id, score, state, updated_at)"
      " SELECT ?1, f.id, ?3, ?4, ?5 FROM factchecks f WHERE f.ext_id = ?2"
      " ON CONFLICT(item_id, factcheck_id) DO UPDATE SET score=excluded.score, state=excluded.state,"
      " updated_at=excluded.updated_at WHERE matches.state IN ('suggested', 'auto')");
  if (!s) return Error("preparing match write");
  sqlite3_bind_int64(s, 1, m.item_rowid);
  sqlite3_bind_text(s, 2, m.factcheck_id.data(), static_cast<int>(m.factcheck_id.size()), SQLITE_STATIC);
  sqlite3_bind_double(s, 3, m.score);
  sqlite3_bind_text(s, 4, MatchStateName(m.state), -1, SQLITE_STATIC);
  sqlite3_bind_int64(s, 5, m.updated_at ? m.updated_at : clock_->Now());
  if (sqlite3_step(s) != SQLITE_DONE) return Error("writing match");
  sqlite3_reset(s);
  return Status::Ok();
}

Status SqliteStore::ClearMachineMatches(int64_t item_rowid) {
  sqlite3_stmt* s = Prepare("DELETE FROM matches WHERE item_id=?1 AND state IN ('suggested', 'auto')");
  if (!s) return Error("preparing match delete");
  sqlite3_bind_int64(s, 1, item_rowid);
  if (sqlite3_step(s) != SQLITE_DONE) return Error("deleting matches");
  sqlite3_reset(s);
  return Status::Ok();
}

Status SqliteStore::DecideMatch(const std::string& item_source, const std::string& item_id,
                                const std::string& factcheck_id, MatchState state, double score) {
  auto item = GetItem(item_source, item_id);
  if (!item.ok()) return item.status();
  auto fc = GetFactCheck(factcheck_id);
  if (!fc.ok()) return fc.status();
  if (!fc->has_value()) return Status::NotFound("no fact-check with id " + factcheck_id);
  sqlite3_stmt* s = Prepare(
      "INSERT INTO matches(item_id, factcheck_id, score, state, updated_at)"
      " SELECT ?1, f.id, ?3, ?4, ?5 FROM factchecks f WHERE f.ext_id = ?2"
      " ON CONFLICT(item_id, factcheck_id) DO UPDATE SET state=excluded.state, updated_at=excluded.updated_at");
  if (!s) return Error("preparing decision");
  sqlite3_bind_int64(s, 1, item->rowid);
  sqlite3_bind_text(s, 2, factcheck_id.data(), static_cast<int>(factcheck_id.size()), SQLITE_STATIC);
  sqlite3_bind_double(s, 3, score);
  sqlite3_bind_text(s, 4, MatchStateName(state), -1, SQLITE_STATIC);
  sqlite3_bind_int64(s, 5, clock_->Now());
  if (sqlite3_step(s) != SQLITE_DONE) return Error("recording decision");
  sqlite3_reset(s);
  return Status::Ok();
}

Status SqliteStore::ForEachMatch(const std::function<bool(const Match&)>& fn) {
  sqlite3_stmt* s = nullptr;
  const char* sql =
      "SELECT m.item_id, src.name, i.ext_id, f.ext_id, m.score, m.state, m.updated_at FROM matches m"
      " JOIN items i ON i.id = m.item_id JOIN sources src ON src.id = i.source_id"
      " JOIN factchecks f ON f.id = m.factcheck_id ORDER BY m.item_id, m.score DESC";
  if (sqlite3_prepare_v2(db_, sql, -1, &s, nullptr) != SQLITE_OK) return Error("listing matches");
  int rc;
  Match m;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    m.item_rowid = sqlite3_column_int64(s, 0);
    m.item_source = Col(s, 1);
    m.item_id = Col(s, 2);
    m.factcheck_id = Col(s, 3);
    m.score = sqlite3_column_double(s, 4);
    ParseMatchState(Col(s, 5), &m.state);
    m.updated_at = sqlite3_column_int64(s, 6);
    if (!fn(m)) break;
  }
  bool failed = rc != SQLITE_ROW && rc != SQLITE_DONE;
  sqlite3_finalize(s);
  return failed ? Error("reading matches") : Status::Ok();
}

Status SqliteStore::ReplaceTags(int64_t item_rowid, int kind, const std::vector<std::string>& values) {
  // The item just inserted has no tags of a kind not written since: nothing
  // to delete (at ingest that is every item, and the delete was half the cost).
  const unsigned bit = 1u << kind;
  const bool fresh = item_rowid == fresh_rowid_ && (fresh_kinds_ & bit) == 0;
  CountFacts* facts = nullptr;  // the rollups' view of a row inserted in this transaction
  if (kind == kTagLabel || kind == kTagCategory) {
    auto it = fresh_facts_.find(item_rowid);
    if (it != fresh_facts_.end()) {
      facts = &it->second;
      if (kind == kTagLabel) facts->labels.clear();
      else facts->categories.clear();
    } else {
      VOX_RETURN_IF_ERROR(NoteChange(item_rowid));
    }
  }
  if (item_rowid == fresh_rowid_) fresh_kinds_ |= bit;
  if (!fresh) {
    sqlite3_stmt* del = Prepare("DELETE FROM item_tags WHERE item_id = ?1 AND kind = ?2");
    if (!del) return Error("preparing tag write");
    sqlite3_bind_int64(del, 1, item_rowid);
    sqlite3_bind_int(del, 2, kind);
    if (sqlite3_step(del) != SQLITE_DONE) return Error("writing tags");
    sqlite3_reset(del);
  }
  if (values.empty()) return Status::Ok();
  sqlite3_stmt* ins = Prepare("INSERT INTO item_tags(item_id, kind, pos, value, score) VALUES(?1, ?2, ?3, ?4, ?5)");
  if (!ins) return Error("preparing tag write");
  int pos = 0;
  for (const std::string& v : values) {
    // A category comes as "name:score" (classify's form); the score is kept as a number.
    std::string_view value = v;
    std::optional<double> score;
    if (kind == kTagCategory) {
      const size_t colon = v.rfind(':');
      if (colon != std::string::npos) {
        char* end = nullptr;
        const double d = std::strtod(v.c_str() + colon + 1, &end);
        if (end != v.c_str() + colon + 1 && *end == '\0') {
          score = d;
          value = value.substr(0, colon);
        }
      }
      if (!score) score = 1.0;
      if (facts) facts->categories.emplace_back(std::string(value), *score);
    } else if (kind == kTagLabel && facts) {
      facts->labels.push_back(v);
    }
    sqlite3_bind_int64(ins, 1, item_rowid);
    sqlite3_bind_int(ins, 2, kind);
    sqlite3_bind_int(ins, 3, pos++);
    sqlite3_bind_text(ins, 4, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
    if (score) {
      sqlite3_bind_double(ins, 5, *score);
    } else {
      sqlite3_bind_null(ins, 5);
    }
    if (sqlite3_step(ins) != SQLITE_DONE) return Error("writing tags");
    sqlite3_reset(ins);
  }
  return Status::Ok();
}

Status SqliteStore::SetItemAnnotations(int64_t item_rowid, const std::vector<std::string>& categories,
                                       const std::vector<std::string>& places) {
  VOX_RETURN_IF_ERROR(ReplaceTags(item_rowid, kTagCategory, categories));
  VOX_RETURN_IF_ERROR(ReplaceTags(item_rowid, kTagPlace, places));
  return FlushIfAutocommit();
}

Status SqliteStore::SetItemLabels(const std::string& source, const std::string& id,
                                  const std::vector<std::string>& labels) {
  sqlite3_stmt* s = Prepare("SELECT id FROM items WHERE ext_id=?2 AND source_id=(SELECT id FROM sources WHERE name=?1)");
  if (!s) return Error("preparing label write");
  sqlite3_bind_text(s, 1, source.data(), static_cast<int>(source.size()), SQLITE_STATIC);
  sqlite3_bind_text(s, 2, id.data(), static_cast<int>(id.size()), SQLITE_STATIC);
  const int rc = sqlite3_step(s);
  const int64_t rowid = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
  sqlite3_reset(s);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return Error("looking up item");
  if (rowid == 0) return Status::NotFound("no item " + id + " in source " + source);
  VOX_RETURN_IF_ERROR(ReplaceTags(rowid, kTagLabel, labels));
  return FlushIfAutocommit();
}

Result<StoredItem> SqliteStore::GetItem(const std::string& source, const std::string& id) {
  std::optional<StoredItem> found;
  ItemQuery q;
  q.source = source;
  q.ext_id = id;
  Status st = ForEachItem(q, [&](const StoredItem& si) {
    found = si;
    return false;
  });
  if (!st.ok()) return st;
  if (!found) return Status::NotFound("no item " + id + " in source " + source);
  return *found;
}

// ---- Stories (src/stories/) ------------------------------------------------

namespace {
// Binds ?1..?7 = id, first_seen, last_seen, size, engagement, representative, label.
void BindStory(sqlite3_stmt* s, const Story& st) {
  sqlite3_bind_int64(s, 1, st.id);
  sqlite3_bind_int64(s, 2, st.first_seen);
  sqlite3_bind_int64(s, 3, st.last_seen);
  sqlite3_bind_int64(s, 4, st.size);
  sqlite3_bind_int64(s, 5, st.engagement);
  sqlite3_bind_int64(s, 6, st.representative);
  sqlite3_bind_text(s, 7, st.label.data(), static_cast<int>(st.label.size()), SQLITE_STATIC);
}
}  // namespace

Status SqliteStore::InsertStory(const Story& st) {
  sqlite3_stmt* s = Prepare(
      "INSERT INTO stories(id, first_seen, last_seen, size, engagement, representative, label)"
      " VALUES(?1,?2,?3,?4,?5,?6,?7)");
  if (!s) return Error("preparing story insert");
  BindStory(s, st);
  if (sqlite3_step(s) != SQLITE_DONE) return Error("writing story " + std::to_string(st.id));
  sqlite3_reset(s);
  return Status::Ok();
}

Status SqliteStore::UpdateStory(const Story& st) {
  sqlite3_stmt* s = Prepare(
      "UPDATE stories SET first_seen=?2, last_seen=?3, size=?4, engagement=?5, representative=?6, label=?7"
      " WHERE id=?1");
  if (!s) return Error("preparing story update");
  BindStory(s, st);
  if (sqlite3_step(s) != SQLITE_DONE) return Error("updating story " + std::to_string(st.id));
  sqlite3_reset(s);
  if (sqlite3_changes(db_) == 0) return Status::NotFound("no story " + std::to_string(st.id));
  return Status::Ok();
}

Status SqliteStore::PutStoryState(int64_t story_id, const std::string& state) {
  sqlite3_stmt* s = Prepare(
      "INSERT INTO story_state(story_id, state) VALUES(?1, ?2)"
      " ON CONFLICT(story_id) DO UPDATE SET state=excluded.state");
  if (!s) return Error("preparing story state write");
  sqlite3_bind_int64(s, 1, story_id);
  sqlite3_bind_blob(s, 2, state.data(), static_cast<int>(state.size()), SQLITE_STATIC);
  if (sqlite3_step(s) != SQLITE_DONE) return Error("writing story state");
  sqlite3_reset(s);
  return Status::Ok();
}

namespace {
Story ReadStory(sqlite3_stmt* s, bool with_counts) {
  Story st;
  st.id = sqlite3_column_int64(s, 0);
  st.first_seen = sqlite3_column_int64(s, 1);
  st.last_seen = sqlite3_column_int64(s, 2);
  st.size = sqlite3_column_int64(s, 3);
  st.engagement = sqlite3_column_int64(s, 4);
  st.representative = sqlite3_column_int64(s, 5);
  st.label = Col(s, 6);
  if (with_counts) {
    st.voices = sqlite3_column_int64(s, 8);
    st.sources = sqlite3_column_int64(s, 9);
  }
  return st;
}
}  // namespace

Status SqliteStore::ForEachStory(const StoryQuery& q,
                                 const std::function<bool(const Story&, const std::string& state)>& fn) {
  std::string sql =
      "SELECT st.id, st.first_seen, st.last_seen, st.size, st.engagement, st.representative, st.label,"
      " ss.state";
  if (q.with_counts) {
    sql +=
        // "story_id <> 0" makes the partial index items_story_voices usable; without
        // it each count is a scan of every item (seconds per story at 1M items).
        ", (SELECT count(DISTINCT i.author_key) FROM items i"
        "   WHERE i.story_id = st.id AND i.story_id <> 0 AND i.author_key <> ''),"
        " (SELECT count(DISTINCT i.source_id) FROM items i WHERE i.story_id = st.id AND i.story_id <> 0)";
  }
  sql += " FROM stories st LEFT JOIN story_state ss ON ss.story_id = st.id WHERE st.id >= ?2";
  if (q.since) sql += " AND st.last_seen >= ?1";
  sql += q.newest_first ? " ORDER BY st.last_seen DESC, st.id DESC" : " ORDER BY st.id";
  if (q.limit > 0) sql += " LIMIT ?3";
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) return Error("listing stories");
  sqlite3_bind_int64(s, 1, q.since);
  sqlite3_bind_int64(s, 2, q.min_id);
  sqlite3_bind_int64(s, 3, q.limit);
  int rc;
  std::string state;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    Story st = ReadStory(s, q.with_counts);
    const void* blob = sqlite3_column_blob(s, 7);
    state.assign(blob ? static_cast<const char*>(blob) : "", static_cast<size_t>(sqlite3_column_bytes(s, 7)));
    if (!fn(st, state)) break;
  }
  bool failed = rc != SQLITE_ROW && rc != SQLITE_DONE;
  sqlite3_finalize(s);
  return failed ? Error("reading stories") : Status::Ok();
}

Result<std::optional<Story>> SqliteStore::GetStory(int64_t id, bool with_counts) {
  std::optional<Story> out;
  StoryQuery q;
  q.with_counts = with_counts;
  q.min_id = id;
  q.newest_first = false;
  q.limit = 1;
  Status st = ForEachStory(q, [&](const Story& s, const std::string&) {
    if (s.id == id) out = s;
    return false;
  });
  if (!st.ok()) return st;
  return out;
}

Result<int64_t> SqliteStore::MaxStoryId() {
  sqlite3_stmt* s = Prepare(
      "SELECT max(coalesce((SELECT max(id) FROM stories), 0),"
      " coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key='stories.last_id'), 0))");
  if (!s) return Error("reading story ids");
  int64_t id = 0;
  if (sqlite3_step(s) == SQLITE_ROW) id = sqlite3_column_int64(s, 0);
  sqlite3_reset(s);
  return id;
}

Status SqliteStore::DeleteStory(int64_t id) {
  // Its id stays used (MaxStoryId) when it was the highest.
  auto last = MaxStoryId();
  if (!last.ok()) return last.status();
  VOX_RETURN_IF_ERROR(SetSetting("stories.last_id", std::to_string(*last)));
  for (const char* sql : {"DELETE FROM story_state WHERE story_id=?1", "DELETE FROM stories WHERE id=?1"}) {
    sqlite3_stmt* s = Prepare(sql);
    if (!s) return Error("preparing story delete");
    sqlite3_bind_int64(s, 1, id);
    const int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) return Error("deleting story " + std::to_string(id));
  }
  return Status::Ok();
}

Status SqliteStore::ClearStories() {
  auto last = MaxStoryId();
  if (!last.ok()) return last.status();
  VOX_RETURN_IF_ERROR(SetSetting("stories.last_id", std::to_string(*last)));
  VOX_RETURN_IF_ERROR(FlushCounts());
  return Exec(
      "UPDATE items SET story_id = 0 WHERE story_id <> 0; DELETE FROM story_state; DELETE FROM stories;"
      " DELETE FROM item_counts WHERE kind = 1;");
}

Result<int64_t> SqliteStore::ItemStory(int64_t item_rowid) {
  sqlite3_stmt* s = Prepare("SELECT story_id FROM items WHERE id=?1");
  if (!s) return Error("reading item story");
  sqlite3_bind_int64(s, 1, item_rowid);
  int64_t id = 0;
  int rc = sqlite3_step(s);
  if (rc == SQLITE_ROW) id = sqlite3_column_int64(s, 0);
  sqlite3_reset(s);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return Error("reading item story");
  return id;
}

Status SqliteStore::SetItemStory(int64_t item_rowid, int64_t story_id) {
  if (auto it = fresh_facts_.find(item_rowid); it != fresh_facts_.end()) {
    it->second.story = story_id;
  } else {
    VOX_RETURN_IF_ERROR(NoteChange(item_rowid));
  }
  sqlite3_stmt* s = Prepare("UPDATE items SET story_id=?2 WHERE id=?1");
  if (!s) return Error("preparing item story write");
  sqlite3_bind_int64(s, 1, item_rowid);
  sqlite3_bind_int64(s, 2, story_id);
  if (sqlite3_step(s) != SQLITE_DONE) return Error("writing item story");
  sqlite3_reset(s);
  return FlushIfAutocommit();
}


// ---- hourly rollups

Result<std::optional<SqliteStore::CountFacts>> SqliteStore::ReadFacts(int64_t item_rowid) {
  sqlite3_stmt* s = Prepare(
      "SELECT i.published_at, s.name, i.story_id FROM items i JOIN sources s ON s.id = i.source_id WHERE i.id = ?1");
  if (!s) return Error("preparing the rollups' read");
  sqlite3_bind_int64(s, 1, item_rowid);
  int rc = sqlite3_step(s);
  if (rc == SQLITE_DONE) {
    sqlite3_reset(s);
    return std::optional<CountFacts>();
  }
  if (rc != SQLITE_ROW) return Error("reading an item for the rollups");
  CountFacts f;
  f.hour = FloorHour(sqlite3_column_int64(s, 0));
  f.source = Col(s, 1);
  f.story = sqlite3_column_int64(s, 2);
  sqlite3_reset(s);
  s = Prepare("SELECT kind, value, score FROM item_tags WHERE item_id = ?1 AND kind IN (1, 2) ORDER BY kind, pos");
  if (!s) return Error("preparing the rollups' read");
  sqlite3_bind_int64(s, 1, item_rowid);
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    if (sqlite3_column_int(s, 0) == kTagLabel) f.labels.push_back(Col(s, 1));
    else f.categories.emplace_back(Col(s, 1), sqlite3_column_double(s, 2));
  }
  sqlite3_reset(s);
  if (rc != SQLITE_DONE) return Error("reading an item's tags for the rollups");
  return std::optional<CountFacts>(std::move(f));
}

Status SqliteStore::NoteChange(int64_t item_rowid) {
  if (fresh_facts_.count(item_rowid) || facts_before_.count(item_rowid)) return Status::Ok();
  auto f = ReadFacts(item_rowid);
  if (!f.ok()) return f.status();
  facts_before_.emplace(item_rowid, std::move(*f));
  return Status::Ok();
}

Status SqliteStore::FlushIfAutocommit() {
  return sqlite3_get_autocommit(db_) ? FlushCounts() : Status::Ok();
}

Status SqliteStore::FlushCounts() {
  if (fresh_facts_.empty() && facts_before_.empty()) return Status::Ok();
  std::map<std::tuple<int, std::string, int64_t>, int64_t> delta;
  auto add = [&](const CountFacts& f, int64_t sign) {
    delta[{0, f.source, f.hour}] += sign;
    if (f.story != 0) delta[{1, std::to_string(f.story), f.hour}] += sign;
    std::set<std::string> concerns;
    for (const auto& [name, score] : f.categories) {
      delta[{2, name, f.hour}] += sign;
      if (!name.empty() && TrendScore(score) >= 0.5) concerns.insert(name);
    }
    for (const std::string& l : f.labels) {
      if (!l.empty()) concerns.insert(l);
    }
    for (const std::string& c : concerns) delta[{3, c, f.hour}] += sign;
  };
  for (const auto& [rowid, f] : fresh_facts_) add(f, +1);
  for (const auto& [rowid, before] : facts_before_) {
    auto now = ReadFacts(rowid);
    if (!now.ok()) return now.status();
    if (before) add(*before, -1);
    if (*now) add(**now, +1);
  }
  fresh_facts_.clear();
  facts_before_.clear();
  sqlite3_stmt* up = Prepare(
      "INSERT INTO item_counts(kind, key, hour, n) VALUES(?1, ?2, ?3, ?4)"
      " ON CONFLICT(kind, key, hour) DO UPDATE SET n = n + excluded.n");
  sqlite3_stmt* del = Prepare("DELETE FROM item_counts WHERE kind = ?1 AND key = ?2 AND hour = ?3 AND n <= 0");
  if (!up || !del) return Error("preparing the rollups' write");
  for (const auto& [k, n] : delta) {
    if (n == 0) continue;
    const auto& [kind, key, hour] = k;
    for (sqlite3_stmt* s : {up, del}) {
      if (s == del && n > 0) continue;
      sqlite3_bind_int(s, 1, kind);
      sqlite3_bind_text(s, 2, key.data(), static_cast<int>(key.size()), SQLITE_STATIC);
      sqlite3_bind_int64(s, 3, hour);
      if (s == up) sqlite3_bind_int64(s, 4, n);
      const int rc = sqlite3_step(s);
      sqlite3_reset(s);
      if (rc != SQLITE_DONE) return Error("writing the hourly rollups");
    }
  }
  return Status::Ok();
}

Status SqliteStore::ForEachHourCount(const HourCountQuery& q, const std::function<bool(const HourCount&)>& fn) {
  const int kind = static_cast<int>(q.kind);
  std::vector<HourCount> rows;
  auto step = [&](sqlite3_stmt* s, bool by_hour) -> Status {
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
      HourCount c;
      c.hour = by_hour ? sqlite3_column_int64(s, 0) : q.from_hour;
      c.key = Col(s, 1);
      c.n = sqlite3_column_int64(s, 2);
      if (c.n > 0) rows.push_back(std::move(c));
    }
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? Status::Ok() : Error("reading the hourly rollups");
  };
  if (q.keys.empty()) {
    sqlite3_stmt* s = Prepare(
        q.by_hour ? "SELECT hour, key, n FROM item_counts WHERE kind = ?1 AND hour >= ?2 AND hour < ?3 ORDER BY hour, key"
                  : "SELECT 0, key, sum(n) FROM item_counts WHERE kind = ?1 AND hour >= ?2 AND hour < ?3"
                    " GROUP BY key ORDER BY key");
    if (!s) return Error("preparing the rollups' read");
    sqlite3_bind_int(s, 1, kind);
    sqlite3_bind_int64(s, 2, q.from_hour);
    sqlite3_bind_int64(s, 3, q.to_hour);
    VOX_RETURN_IF_ERROR(step(s, q.by_hour));
  } else {
    // One look-up per key (the primary key's order): a few stories among
    // hundreds of thousands read only their own rows.
    std::set<std::string> keys(q.keys.begin(), q.keys.end());
    sqlite3_stmt* s = Prepare(
        q.by_hour ? "SELECT hour, key, n FROM item_counts WHERE kind = ?1 AND key = ?4 AND hour >= ?2 AND hour < ?3"
                    " ORDER BY hour"
                  : "SELECT 0, key, sum(n) FROM item_counts WHERE kind = ?1 AND key = ?4 AND hour >= ?2 AND hour < ?3"
                    " GROUP BY key");
    if (!s) return Error("preparing the rollups' read");
    for (const std::string& key : keys) {
      sqlite3_bind_int(s, 1, kind);
      sqlite3_bind_int64(s, 2, q.from_hour);
      sqlite3_bind_int64(s, 3, q.to_hour);
      sqlite3_bind_text(s, 4, key.data(), static_cast<int>(key.size()), SQLITE_STATIC);
      VOX_RETURN_IF_ERROR(step(s, q.by_hour));
    }
    if (q.by_hour) {
      std::stable_sort(rows.begin(), rows.end(), [](const HourCount& a, const HourCount& b) {
        return a.hour != b.hour ? a.hour < b.hour : a.key < b.key;
      });
    }
  }
  for (const HourCount& c : rows) {
    if (!fn(c)) break;
  }
  return Status::Ok();
}

}  // namespace vox::store
