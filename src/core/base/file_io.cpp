#include "core/base/file_io.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace bn {

Result<std::vector<uint8_t>> read_whole_file(const std::string& path, size_t max_bytes) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return Status::error(path + ": cannot open (" + std::strerror(errno) + ")");
  std::vector<uint8_t> bytes;
  long size = std::fseek(f, 0, SEEK_END) == 0 ? std::ftell(f) : -1;
  bool failed = size < 0 || std::fseek(f, 0, SEEK_SET) != 0;
  if (!failed && static_cast<unsigned long>(size) > max_bytes) {
    std::fclose(f);
    return Status::error(path + ": " + std::to_string(size) + " bytes, more than the " + std::to_string(max_bytes) +
                         " allowed for this kind of file");
  }
  if (!failed) {
    bytes.resize(static_cast<size_t>(size));
    failed = std::fread(bytes.data(), 1, bytes.size(), f) != bytes.size();
  }
  std::fclose(f);
  if (failed) return Status::error(path + ": read error (" + std::strerror(errno) + ")");
  return bytes;
}

Status write_whole_file(const std::string& path, const std::vector<uint8_t>& bytes) {
  // Write beside the target and rename, so a failure never leaves half a file in its place.
  const std::string tmp = path + ".partial";
  FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) return Status::error(path + ": cannot write (" + std::strerror(errno) + "); check the directory exists and is writable");
  bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  ok = std::fclose(f) == 0 && ok;
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return Status::error(path + ": writing failed (" + std::strerror(errno) + "); is the disk full?");
  }
  return Status::ok();
}

}  // namespace bn
