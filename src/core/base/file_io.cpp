#include "core/base/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "core/base/text.h"

namespace bn {

namespace {
std::string shown(const std::string& path) { return printable(path); }

// What kind of thing a non-regular file is, for messages.
const char* kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  if (S_ISLNK(mode)) return "a symbolic link";
  return "not a regular file";
}

// Why something other than a regular file cannot be read.
Status not_a_file(const std::string& path, mode_t mode) {
  return Status::error(shown(path) + ": is " + kind_of(mode) + ", not a file" +
                       (S_ISDIR(mode) ? "; give the path of a file inside it" : "; give a regular file"));
}

// errno as advice rather than a bare strerror.
std::string open_error(const std::string& path, int err) {
  const std::string p = shown(path);
  switch (err) {
    case ENOENT: return p + ": no such file; check the path";
    case EACCES:
    case EPERM: return p + ": permission denied; check the file's permissions (and its folders')";
    case ELOOP: return p + ": too many symbolic links (a loop?); give the real path";
    case ENOTDIR: return p + ": a part of this path is a file, not a directory; check the path";
    case ENAMETOOLONG: return p + ": the path is too long";
    default: return p + ": cannot open (" + std::strerror(err) + ")";
  }
}

std::string folder_of(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string base_of(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// The refusals that depend on what is at `path` now (not on other paths).
Status check_target(const std::string& path, const std::string& flag) {
  const std::string p = flag + " " + shown(path);
  struct stat st;
  if (lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return Status::ok();
    return Status::error(p + ": " + std::strerror(errno) + "; choose another path");
  }
  if (S_ISLNK(st.st_mode))
    return Status::error(p + ": is a symbolic link; writing through it could replace a file elsewhere, so give the real path");
  if (!S_ISREG(st.st_mode))
    return Status::error(p + ": is " + kind_of(st.st_mode) + ", not a file; give the path of a file to write");
  if ((st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) == 0)
    return Status::error(p + ": the file is read-only, so it is kept; make it writable (chmod u+w) or choose another path");
  return Status::ok();
}

// The file's identity, if it exists.
bool identity(const std::string& path, dev_t& dev, ino_t& ino) {
  struct stat st;
  if (path.empty() || stat(path.c_str(), &st) != 0) return false;
  dev = st.st_dev;
  ino = st.st_ino;
  return true;
}

// A name for `path` that two spellings of the same not-yet-existing file share.
std::string canonical(const std::string& path) {
  char* dir = realpath(folder_of(path).c_str(), nullptr);
  if (!dir) return path;
  std::string out = std::string(dir) + "/" + base_of(path);
  std::free(dir);
  return out;
}
}  // namespace

Status check_regular_file(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) return Status::error(open_error(path, errno));
  if (!S_ISREG(st.st_mode)) return not_a_file(path, st.st_mode);
  return Status::ok();
}

bool path_missing(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) != 0 && (errno == ENOENT || errno == ENOTDIR);
}

bool is_directory(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

Result<std::vector<uint8_t>> read_whole_file(const std::string& path, size_t max_bytes) {
  // Checked before opening, since opening a FIFO waits for a writer (O_NONBLOCK prevents that
  // natively, but not in every wasm file system); then again on what was opened.
  BN_RETURN_IF_ERROR(check_regular_file(path));
  const int fd = open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return Status::error(open_error(path, errno));
  struct stat st;
  if (fstat(fd, &st) != 0) {
    const int err = errno;
    close(fd);
    return Status::error(open_error(path, err));
  }
  if (!S_ISREG(st.st_mode)) {
    close(fd);
    return not_a_file(path, st.st_mode);
  }
  const auto size = static_cast<unsigned long long>(st.st_size);
  if (size > max_bytes) {
    close(fd);
    return Status::error(shown(path) + ": " + std::to_string(size) + " bytes, more than the " + std::to_string(max_bytes) +
                         " allowed for this kind of file; is it the right file?");
  }
  std::vector<uint8_t> bytes(static_cast<size_t>(size));
  size_t got = 0;
  while (got < bytes.size()) {
    const ssize_t n = read(fd, bytes.data() + got, bytes.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int err = n < 0 ? errno : 0;
      close(fd);
      return Status::error(shown(path) + ": read error after " + std::to_string(got) + " of " + std::to_string(size) +
                           " bytes" + (err ? std::string(" (") + std::strerror(err) + ")" : " (the file shrank)"));
    }
    got += static_cast<size_t>(n);
  }
  close(fd);
  return bytes;
}

Status check_output_path(const std::string& path, const std::string& flag, const std::vector<std::string>& inputs,
                         const std::vector<std::string>& other_outputs) {
  if (path.empty()) return Status::error(flag + ": give a file name");
  const std::string p = flag + " " + shown(path);
  if (path.back() == '/') return Status::error(p + ": names a directory; give a file name");
  BN_RETURN_IF_ERROR(check_target(path, flag));
  dev_t dev, in_dev;
  ino_t ino, in_ino;
  if (identity(path, dev, ino))
    for (const std::string& in : inputs)
      if (identity(in, in_dev, in_ino) && in_dev == dev && in_ino == ino)
        return Status::error(p + ": is also the input " + shown(in) +
                             ", which writing would replace; choose another output path");
  const std::string me = canonical(path);
  for (const std::string& other : other_outputs)
    if (!other.empty() && canonical(other) == me)
      return Status::error(p + ": is also the path of another output (" + shown(other) +
                           "); give each output its own file");
  // The folder must exist and take a new file: try one, so a bad path fails now and not after
  // an hour of training.
  const std::string folder = folder_of(path);
  struct stat st;
  if (stat(folder.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
    return Status::error(p + ": the folder " + shown(folder) + " does not exist; create it first");
  std::string probe = path + ".probe-XXXXXX";
  const int fd = mkstemp(&probe[0]);
  if (fd < 0)
    return Status::error(p + ": cannot create files in " + shown(folder) + " (" + std::strerror(errno) +
                         "); choose a writable folder");
  close(fd);
  unlink(probe.c_str());
  return Status::ok();
}

Status write_whole_file(const std::string& path, const std::vector<uint8_t>& bytes) {
  BN_RETURN_IF_ERROR(check_target(path, "writing"));
  // A fresh name, created exclusively: an existing file or link there is never followed.
  std::string tmp = path + ".partial-XXXXXX";
  const int fd = mkstemp(&tmp[0]);
  if (fd < 0)
    return Status::error(shown(path) + ": cannot write (" + std::strerror(errno) +
                         "); check the directory exists and is writable");
  bool ok = true;
  for (size_t done = 0; ok && done < bytes.size();) {
    const ssize_t n = write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) done += static_cast<size_t>(n);
  }
  const int err = errno;
  ok = close(fd) == 0 && ok;
  // mkstemp makes the file owner-only; give it the mode an ordinary new file gets.
  struct stat old;
  const mode_t mode = stat(path.c_str(), &old) == 0 ? (old.st_mode & 07777) : 0644;
  if (!ok || chmod(tmp.c_str(), mode) != 0 || std::rename(tmp.c_str(), path.c_str()) != 0) {
    const int e = ok ? errno : err;
    unlink(tmp.c_str());
    return Status::error(shown(path) + ": writing failed (" + std::strerror(e) + "); is the disk full? The previous file, if any, is unchanged");
  }
  return Status::ok();
}

}  // namespace bn
