// Errors are values between stages. A Status says whether an operation
// succeeded and, if not, what kind of failure and a message a person can act
// on. Result<T> carries either a value or a failed Status. Exceptions never
// cross a stage boundary; they are caught at the CLI and HTTP edges.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <utility>

namespace vox {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // bad input from a user or a file
  kNotFound,
  kIoError,          // file, network or database failure
  kCorruption,       // the store is in a state this version cannot use
  kUnsupported,
  kInternal,
  kLimitExceeded,    // a request past a documented bound (query size, time); HTTP 422
  kConflict,         // a write based on a stale version, or a name already taken; HTTP 409
  kUnauthenticated,  // no valid session or token, or a failed login; HTTP 401
  kPermissionDenied, // the actor's role may not do this; HTTP 403
};

class [[nodiscard]] Status {
 public:
  Status() = default;
  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string msg) { return {StatusCode::kInvalidArgument, std::move(msg)}; }
  static Status NotFound(std::string msg) { return {StatusCode::kNotFound, std::move(msg)}; }
  static Status IoError(std::string msg) { return {StatusCode::kIoError, std::move(msg)}; }
  static Status Corruption(std::string msg) { return {StatusCode::kCorruption, std::move(msg)}; }
  static Status Unsupported(std::string msg) { return {StatusCode::kUnsupported, std::move(msg)}; }
  static Status Internal(std::string msg) { return {StatusCode::kInternal, std::move(msg)}; }
  static Status LimitExceeded(std::string msg) { return {StatusCode::kLimitExceeded, std::move(msg)}; }
  static Status Conflict(std::string msg) { return {StatusCode::kConflict, std::move(msg)}; }
  static Status Unauthenticated(std::string msg) { return {StatusCode::kUnauthenticated, std::move(msg)}; }
  static Status PermissionDenied(std::string msg) { return {StatusCode::kPermissionDenied, std::move(msg)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  std::string ToString() const { return ok() ? "OK" : message_; }
  // Explicitly ignore a status; greppable.
  void PermitUncheckedError() const {}

 private:
  Status(StatusCode c, std::string m) : code_(c), message_(std::move(m)) {}
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Status status) : status_(std::move(status)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  // Reading the value of a failed Result is a bug in the caller: it stops the
  // process with the error's message instead of reading an empty optional.
  T& value() & { return Checked(); }
  const T& value() const& { return Checked(); }
  T&& value() && { return std::move(Checked()); }
  T* operator->() { return &Checked(); }
  const T* operator->() const { return &Checked(); }
  T& operator*() { return Checked(); }
  const T& operator*() const { return Checked(); }

 private:
  T& Checked() {
    if (!value_) FailedValueAccess(status_);
    return *value_;
  }
  const T& Checked() const {
    if (!value_) FailedValueAccess(status_);
    return *value_;
  }
  [[noreturn]] static void FailedValueAccess(const Status& st) {
    std::fprintf(stderr, "vox: internal error: value of a failed Result read (%s)\n", st.message().c_str());
    std::abort();
  }
  Status status_;
  std::optional<T> value_;
};

#define VOX_RETURN_IF_ERROR(expr)      \
  do {                                 \
    ::vox::Status _st = (expr);        \
    if (!_st.ok()) return _st;         \
  } while (0)

}  // namespace vox
