// Whole-file reads and writes for formats parsed from memory (MNIST idx, model files, .npz), so
// the same parsers serve bytes a browser fetched.
//
// Reads take regular files only: a FIFO or a device would block or never end, a directory
// has no bytes. Every read is bounded by a size limit checked before the bytes are read.
// Writes never destroy what is there: the output path is checked before any work starts
// (check_output_path), and the bytes go to a fresh file created exclusively beside the target
// and renamed over it, so a failed or interrupted save leaves the previous file as it was.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/base/status.h"

namespace bn {

// The file's bytes; refuses anything but a regular file, and files above `max_bytes`.
Result<std::vector<uint8_t>> read_whole_file(const std::string& path, size_t max_bytes);
// Why `path` cannot be read as a regular file (missing, a directory, a FIFO, permission), or ok.
Status check_regular_file(const std::string& path);
// True when nothing is at `path` (so a search may go on elsewhere).
bool path_missing(const std::string& path);
bool is_directory(const std::string& path);

// Refuses an output path before any work: a directory, a device, FIFO or socket, a symbolic
// link, a read-only file, a folder that is missing or not writable, the same file as one of
// `inputs` (which the write would destroy), or the same file as one of `other_outputs`.
// `flag` names the option in messages ("--save").
Status check_output_path(const std::string& path, const std::string& flag, const std::vector<std::string>& inputs,
                         const std::vector<std::string>& other_outputs = {});
// Writes through a temporary file and a rename; refuses what check_output_path refuses that
// can be seen from the path alone (a directory, device, symbolic link or read-only file there).
Status write_whole_file(const std::string& path, const std::vector<uint8_t>& bytes);

}  // namespace bn
