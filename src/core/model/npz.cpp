// .npz reading and writing: the ZIP container (local headers, central directory, end record,
// CRC-32) and the NPY entries inside it. See npz.h for what is accepted and refused.
//
// The reader trusts nothing in the file: every length and offset is checked against the buffer
// before use (fits()), sizes and CRCs are taken from the central directory (np.savez puts ZIP64
// extra fields in its local headers, and a streamed archive has zeros there), entries may not
// overlap (so output memory stays bounded by the input), and the NPY header is parsed by hand
// from a small grammar rather than evaluated. Not here: ZIP64, compression, encryption.
//
// [SECTION] bytes
// [SECTION] NPY entries: header text, encode, decode
// [SECTION] ZIP archive: encode, decode
// [SECTION] files
#include "core/model/npz.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <set>

#include "core/base/byte_io.h"
#include "core/base/crc32.h"
#include "core/base/file_io.h"
#include "core/base/text.h"
#include "core/tensor/tensor.h"

namespace bn {

std::string shape_repr(const std::vector<int>& shape) {
  std::string s = "(";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + (shape.size() == 1 ? ",)" : ")");
}

namespace {

// ---- [SECTION] bytes --------------------------------------------------------------------------

uint32_t rd16(const uint8_t* p) { return uint32_t{p[0]} | (uint32_t{p[1]} << 8); }
uint32_t rd32(const uint8_t* p) { return rd16(p) | (rd16(p + 2) << 16); }

// True when [offset, offset + len) lies inside a buffer of `size` bytes; written so that no sum
// of hostile values can overflow.
bool fits(size_t offset, size_t len, size_t size) { return offset <= size && len <= size - offset; }

// Names and header text from the file are shown at most this long in messages.
constexpr size_t kShownChars = 80;

std::string hex32(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08x", v);
  return buf;
}

// ---- [SECTION] NPY entries: header text, encode, decode ---------------------------------------

constexpr char kNpyMagic[] = "\x93NUMPY";
constexpr size_t kNpyMagicLen = 6;
// NumPy aligns the data to 64 bytes (ARRAY_ALIGN in numpy/lib/format.py; older versions used
// 16, the documented minimum), and leaves room for the first dimension to grow to 21 digits
// (GROWTH_AXIS_MAX_DIGITS) so its header can be rewritten in place. Matching both makes our
// entries byte-identical to np.save's, which the interop check relies on.
constexpr size_t kNpyAlign = 64;
constexpr size_t kGrowthDigits = 21;

std::vector<uint8_t> encode_npy(const NamedArray& a) {
  std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape_repr(a.shape) + ", }";
  if (!a.shape.empty()) header.append(kGrowthDigits - std::to_string(a.shape[0]).size(), ' ');
  size_t hlen = header.size() + 1;  // with the final '\n'
  size_t pad = kNpyAlign - (kNpyMagicLen + 4 + hlen) % kNpyAlign;  // 1..64, as NumPy computes it
  header.append(pad, ' ');
  header += '\n';
  ByteWriter out;
  out.buffer().reserve(kNpyMagicLen + 4 + header.size() + 4 * a.data.size());
  out.bytes(kNpyMagic, kNpyMagicLen);
  out.u8(1);  // version 1.0
  out.u8(0);
  out.u16(static_cast<uint16_t>(header.size()));
  out.bytes(header.data(), header.size());
  out.floats(a.data.data(), a.data.size());
  return std::move(out.buffer());
}

// What an NPY header dict says; descr_list is set for structured dtypes ("[('a', '<f4'), ...]").
struct NpyHeader {
  std::string descr;
  bool descr_list = false;
  bool fortran_order = false;
  std::vector<int64_t> shape;
  bool has_descr = false, has_fortran = false, has_shape = false;
};

// A parser for the one dict literal NumPy writes: {'descr': STR | LIST, 'fortran_order': BOOL,
// 'shape': (INT, ...), } with any spacing, either quote style and Python 2 'L' suffixes. It is
// iterative and never looks past `end`.
class HeaderParser {
 public:
  HeaderParser(const char* p, const char* end) : p_(p), end_(end) {}

  // Empty on success, else what was wrong.
  std::string parse(NpyHeader& h) {
    skip_space();
    if (!eat('{')) return "it does not start with '{'";
    for (;;) {
      skip_space();
      if (eat('}')) break;
      std::string key;
      if (!string(key)) return "expected a quoted key";
      skip_space();
      if (!eat(':')) return "expected ':' after '" + key + "'";
      skip_space();
      if (key == "descr" && !h.has_descr) {
        h.has_descr = true;
        if (peek() == '[') {
          h.descr_list = true;
          if (!skip_list()) return "unterminated descr list";
        } else if (!string(h.descr)) {
          return "descr is not a string";
        }
      } else if (key == "fortran_order" && !h.has_fortran) {
        h.has_fortran = true;
        if (word("True")) h.fortran_order = true;
        else if (!word("False")) return "fortran_order is not True or False";
      } else if (key == "shape" && !h.has_shape) {
        h.has_shape = true;
        std::string why = tuple(h.shape);
        if (!why.empty()) return why;
      } else {
        return "unexpected or repeated key '" + key + "'";
      }
      skip_space();
      if (eat('}')) break;
      if (!eat(',')) return "expected ',' or '}' after '" + key + "'";
    }
    skip_space();
    if (p_ != end_) return "text after the closing '}'";
    if (!h.has_descr || !h.has_fortran || !h.has_shape) return "one of the keys descr, fortran_order, shape is missing";
    return "";
  }

 private:
  char peek() const { return p_ < end_ ? *p_ : '\0'; }
  bool eat(char c) {
    if (peek() != c) return false;
    ++p_;
    return true;
  }
  void skip_space() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\t' || *p_ == '\r')) ++p_;
  }
  bool word(const char* w) {
    size_t n = std::strlen(w);
    if (static_cast<size_t>(end_ - p_) < n || std::memcmp(p_, w, n) != 0) return false;
    p_ += n;
    return true;
  }
  bool string(std::string& out) {
    char q = peek();
    if (q != '\'' && q != '"') return false;
    const char* start = ++p_;
    while (p_ < end_ && *p_ != q) ++p_;
    if (p_ == end_) return false;
    out.assign(start, p_++);
    return true;
  }
  // Skips a structured descr list by bracket depth, ignoring brackets inside quotes; a counter,
  // not recursion, so a hostile nesting depth costs nothing.
  bool skip_list() {
    size_t depth = 0;
    char quote = 0;
    for (; p_ < end_; ++p_) {
      char c = *p_;
      if (quote) {
        if (c == quote) quote = 0;
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '[' || c == '(') {
        ++depth;
      } else if ((c == ']' || c == ')') && --depth == 0) {
        ++p_;
        return true;
      }
    }
    return false;
  }
  std::string tuple(std::vector<int64_t>& shape) {
    if (!eat('(')) return "shape is not a tuple";
    for (;;) {
      skip_space();
      if (eat(')')) return "";
      if (peek() < '0' || peek() > '9') return "shape holds something other than non-negative integers";
      int64_t v = 0;
      while (peek() >= '0' && peek() <= '9') {
        v = v * 10 + (*p_++ - '0');
        if (v > std::numeric_limits<int>::max()) return "a dimension of the shape is larger than 2^31 - 1";
      }
      eat('L');
      shape.push_back(v);
      skip_space();
      if (eat(')')) return "";
      if (!eat(',')) return "expected ',' or ')' in the shape";
    }
  }

  const char* p_;
  const char* end_;
};

// "int32" for '<i4', for messages; empty when there is no simpler name.
std::string dtype_name(const std::string& descr) {
  bool digits = descr.size() == 3 || (descr.size() == 4 && descr[3] >= '0' && descr[3] <= '9');
  digits = digits && descr[2] >= '0' && descr[2] <= '9';
  if (!digits) return "";
  int bits = 8 * std::atoi(descr.c_str() + 2);
  switch (descr[1]) {
    case 'f': return "float" + std::to_string(bits);
    case 'i': return "int" + std::to_string(bits);
    case 'u': return "uint" + std::to_string(bits);
    case 'c': return "complex" + std::to_string(bits);
    case 'b': return "bool";
    default: return "";
  }
}

// The NPY header for a message, without its padding.
std::string header_excerpt(const char* p, size_t n) {
  while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\n')) --n;
  return printable(std::string(p, n), kShownChars);
}

// Bytes per element of the dtypes we read ('<f4', '<f8'); any other is refused with the NumPy
// call that converts it.
Status item_size(const NpyHeader& h, const std::string& at, size_t& item) {
  if (h.descr_list)
    return Status::error(at + ": structured dtype (a record of fields); save each field as its own float32 array");
  if (h.descr == "<f4" || h.descr == "<f8") {
    item = h.descr == "<f4" ? 4 : 8;
    return Status::ok();
  }
  std::string dtype = "dtype '" + printable(h.descr, kShownChars) + "'";
  if (h.descr == ">f4" || h.descr == ">f8")
    return Status::error(at + ": " + dtype + " is big-endian; save arr.astype('<f4') instead");
  if (h.descr == "|O")
    return Status::error(at + ": " + dtype + " is an object array (Python objects, not numbers); save "
                              "np.asarray(arr, dtype=np.float32) instead");
  std::string name = dtype_name(h.descr);
  return Status::error(at + ": " + dtype + (name.empty() ? "" : " (" + name + ")") +
                       " is not supported, only float32 '<f4' and float64 '<f8' are; save arr.astype(np.float32) instead");
}

// One NPY file of `n` bytes at `p`, the entry of array `name`; `at` opens every message.
Result<NamedArray> decode_npy(const uint8_t* p, size_t n, const std::string& at, const std::string& name) {
  if (n < kNpyMagicLen + 4 || std::memcmp(p, kNpyMagic, kNpyMagicLen) != 0)
    return Status::error(at + ": not an NPY array (no \\x93NUMPY magic); the file is corrupt or was not written by np.savez");
  int major = p[6], minor = p[7];
  size_t hlen, hstart;
  if (major == 1 && minor == 0) {
    hlen = rd16(p + 8);
    hstart = 10;
  } else if ((major == 2 || major == 3) && minor == 0) {
    if (n < 12) return Status::error(at + ": the NPY header is cut short; the file is corrupt");
    hlen = rd32(p + 8);
    hstart = 12;
  } else {
    return Status::error(at + ": NPY format version " + std::to_string(major) + "." + std::to_string(minor) +
                         " is not supported (1.0, 2.0 and 3.0 are); save the array with np.savez");
  }
  if (!fits(hstart, hlen, n))
    return Status::error(at + ": the NPY header says it is " + std::to_string(hlen) + " bytes but the entry holds " +
                         std::to_string(n - hstart) + "; the file is corrupt");
  const char* htext = reinterpret_cast<const char*>(p + hstart);
  NpyHeader h;
  std::string why = HeaderParser(htext, htext + hlen).parse(h);
  if (!why.empty())
    return Status::error(at + ": cannot read the NPY header (" + why + "): \"" + header_excerpt(htext, hlen) +
                         "\"; the file is corrupt or was not written by np.savez");

  size_t item = 0;
  BN_RETURN_IF_ERROR(item_size(h, at, item));
  if (h.fortran_order)
    return Status::error(at + ": stored in Fortran order (column-major); save np.ascontiguousarray(arr) instead");

  std::vector<int> shape(h.shape.begin(), h.shape.end());
  if (shape.size() > static_cast<size_t>(kMaxRank))
    return Status::error(at + ": shape " + shape_repr(shape) + " has rank " + std::to_string(shape.size()) +
                         ", at most " + std::to_string(kMaxRank) + " is supported; reshape it before saving");
  // Element count, checked against the bytes present before anything is allocated. It saturates
  // at 2^32 instead of overflowing: a dimension is below 2^31, so no step can wrap, and a later
  // dimension of 0 still gives 0.
  const uint64_t cap = uint64_t{1} << 32;
  uint64_t count = 1;
  for (int d : shape) count = std::min(cap, count * static_cast<uint64_t>(d));
  size_t data_bytes = n - hstart - hlen;
  if (count * item != data_bytes)
    return Status::error(at + ": shape " + shape_repr(shape) + " of '" + h.descr + "' needs " +
                         (count == cap ? "over 16 GiB" : std::to_string(count * item) + " bytes") +
                         " of data but the entry holds " + std::to_string(data_bytes) + " bytes; the file is corrupt");

  NamedArray a{name, std::move(shape), std::vector<float>(static_cast<size_t>(count))};
  const uint8_t* d = p + hstart + hlen;
  for (size_t i = 0; i < a.data.size(); ++i) {
    if (item == 4) {
      uint32_t bits = rd32(d + 4 * i);
      std::memcpy(&a.data[i], &bits, 4);
      continue;
    }
    uint64_t bits = rd32(d + 8 * i) | (uint64_t{rd32(d + 8 * i + 4)} << 32);
    double v;
    std::memcpy(&v, &bits, 8);
    // Narrowing a finite value past float32's range would silently make it infinite.
    if (std::isfinite(v) && std::fabs(v) > std::numeric_limits<float>::max()) {
      char value[32];
      std::snprintf(value, sizeof value, "%g", v);
      return Status::error(at + ": value " + std::string(value) + " at flat index " + std::to_string(i) +
                           " does not fit in float32; clip or rescale the array before saving");
    }
    a.data[i] = static_cast<float>(v);
  }
  return a;
}

// ---- [SECTION] ZIP archive: encode, decode ----------------------------------------------------

constexpr uint32_t kLocalSig = 0x04034b50, kCentralSig = 0x02014b50, kEndSig = 0x06054b50;
constexpr uint32_t kZip64LocatorSig = 0x07064b50;
constexpr size_t kLocalLen = 30, kCentralLen = 46, kEndLen = 22, kZip64LocatorLen = 20;
constexpr uint16_t kVersion = 20;                 // zip 2.0: stored entries, as np.savez writes
constexpr uint16_t kMadeBy = (3 << 8) | kVersion;  // Unix, so unzip honours the file mode below
constexpr uint16_t kDosDate = (0 << 9) | (1 << 5) | 1;  // 1980-01-01, np.savez's date too
constexpr uint32_t kFileMode = 0100644;           // regular file, rw-r--r--
constexpr uint16_t kFlagEncrypted = 0x0001, kFlagStrongEncryption = 0x0040, kFlagUtf8 = 0x0800;
constexpr size_t kMaxEntries = 0xfffe;            // 0xffff in the end record means ZIP64
constexpr size_t kNpySuffixLen = 4;               // ".npy"

// The general-purpose flags for an entry name: UTF-8 when it has non-ASCII bytes, so Python's
// zipfile decodes it as UTF-8 instead of cp437.
uint16_t name_flags(const std::string& entry) {
  for (char c : entry)
    if (static_cast<unsigned char>(c) >= 0x80) return kFlagUtf8;
  return 0;
}

std::string zip64_message(const std::string& what) {
  return what + ": ZIP64 archive (over 4 GiB or 65535 arrays), which is not supported; save fewer or smaller arrays";
}

std::string corrupt(const std::string& what, const std::string& detail) {
  return what + ": " + detail + "; the file is corrupt, write it again with np.savez";
}

// Where an entry's data lies, from the central directory.
struct Entry {
  std::string name;  // without ".npy"
  size_t header = 0, data = 0, size = 0;
  uint32_t crc = 0;
};

// The end-of-central-directory record: the last 22 bytes plus a comment of its stated length.
// Returns size when there is none.
size_t find_end_record(const uint8_t* b, size_t size) {
  if (size < kEndLen) return size;
  size_t lowest = size - kEndLen > 0xffff ? size - kEndLen - 0xffff : 0;
  for (size_t pos = size - kEndLen + 1; pos-- > lowest;)
    if (rd32(b + pos) == kEndSig && pos + kEndLen + rd16(b + pos + 20) == size) return pos;
  return size;
}

// Where the central directory lies and how many entries it has, from the end record.
struct Directory {
  size_t offset = 0, end = 0;
  uint32_t count = 0;
};

Status read_end_record(const uint8_t* b, size_t size, const std::string& what, Directory& dir) {
  if (size >= kNpyMagicLen && std::memcmp(b, kNpyMagic, kNpyMagicLen) == 0)
    return Status::error(what + ": a single .npy array (np.save), not an .npz archive; save with np.savez(file, name=arr)");
  size_t end = find_end_record(b, size);
  if (end == size) {
    if (size >= 4 && rd32(b) == kLocalSig)
      return Status::error(corrupt(what, "the zip archive has no end-of-central-directory record (truncated?)"));
    return Status::error(what + ": not a zip archive (no end-of-central-directory record); an .npz file is written by np.savez");
  }
  const uint8_t* e = b + end;
  uint32_t count = rd16(e + 10), cd_size = rd32(e + 12), cd_offset = rd32(e + 16);
  if ((end >= kZip64LocatorLen && rd32(b + end - kZip64LocatorLen) == kZip64LocatorSig) || count == 0xffff ||
      cd_size == 0xffffffffu || cd_offset == 0xffffffffu)
    return Status::error(zip64_message(what));
  if (rd16(e + 4) != 0 || rd16(e + 6) != 0 || rd16(e + 8) != count)
    return Status::error(what + ": a zip archive split across several parts; join them into one file with np.savez");
  if (!fits(cd_offset, cd_size, end))
    return Status::error(corrupt(what, "the central directory lies outside the file"));
  dir = {cd_offset, size_t{cd_offset} + cd_size, count};
  return Status::ok();
}

// The central directory entry at `at` (advanced past it), checked against its local header.
Status read_entry(const uint8_t* b, const Directory& dir, size_t& at, const std::string& what, Entry& out) {
  std::string damaged = "central directory entry at byte " + std::to_string(at) + " is damaged";
  if (!fits(at, kCentralLen, dir.end) || rd32(b + at) != kCentralSig) return Status::error(corrupt(what, damaged));
  const uint8_t* c = b + at;
  uint32_t flags = rd16(c + 8), method = rd16(c + 10), crc = rd32(c + 16);
  uint32_t csize = rd32(c + 20), usize = rd32(c + 24), header = rd32(c + 42);
  size_t nlen = rd16(c + 28), vlen = size_t{rd16(c + 30)} + rd16(c + 32);
  if (!fits(at + kCentralLen, nlen + vlen, dir.end)) return Status::error(corrupt(what, damaged));
  std::string entry(reinterpret_cast<const char*>(c + kCentralLen), nlen);
  at += kCentralLen + nlen + vlen;

  std::string shown = printable(entry, kShownChars), at_entry = what + ": entry '" + shown + "'";
  if (flags & (kFlagEncrypted | kFlagStrongEncryption))
    return Status::error(at_entry + " is encrypted; save the arrays with np.savez, without a password");
  if (method == 8) return Status::error(at_entry + " is compressed; save with np.savez, not np.savez_compressed");
  if (method != 0)
    return Status::error(at_entry + " uses zip compression method " + std::to_string(method) +
                         "; save with np.savez, which stores entries uncompressed");
  if (csize == 0xffffffffu || usize == 0xffffffffu || header == 0xffffffffu) return Status::error(zip64_message(what));
  if (csize != usize) return Status::error(corrupt(what, "entry '" + shown + "' is stored but its sizes differ"));
  if (entry.size() <= kNpySuffixLen || entry.compare(entry.size() - kNpySuffixLen, kNpySuffixLen, ".npy") != 0)
    return Status::error(at_entry + " is not a .npy array; an .npz holds only arrays, as np.savez writes them");

  // The local header only locates the data: its sizes may be ZIP64 placeholders or zeros.
  if (!fits(header, kLocalLen, dir.offset) || rd32(b + header) != kLocalSig)
    return Status::error(corrupt(what, "the local header of entry '" + shown + "' is missing"));
  size_t lnlen = rd16(b + header + 26), lxlen = rd16(b + header + 28);
  if (lnlen != nlen || !fits(header + kLocalLen, lnlen, dir.offset) ||
      std::memcmp(b + header + kLocalLen, entry.data(), nlen) != 0)
    return Status::error(corrupt(what, "the local header of entry '" + shown + "' names another entry"));
  size_t data = header + kLocalLen + lnlen + lxlen;
  if (!fits(data, csize, dir.offset))
    return Status::error(corrupt(what, "the data of entry '" + shown + "' runs past the end of the archive (truncated?)"));
  out = {entry.substr(0, entry.size() - kNpySuffixLen), header, data, csize, crc};
  return Status::ok();
}

// Entries that overlap could make a small file decode into unbounded memory.
Status check_no_overlap(const std::vector<Entry>& entries, const std::string& what) {
  std::vector<const Entry*> by_offset;
  for (const Entry& e : entries) by_offset.push_back(&e);
  std::sort(by_offset.begin(), by_offset.end(), [](const Entry* x, const Entry* y) { return x->header < y->header; });
  for (size_t i = 1; i < by_offset.size(); ++i) {
    const Entry& before = *by_offset[i - 1];
    if (by_offset[i]->header < before.data + before.size)
      return Status::error(corrupt(what, "entries '" + printable(before.name, kShownChars) + ".npy' and '" +
                                             printable(by_offset[i]->name, kShownChars) + ".npy' overlap"));
  }
  return Status::ok();
}

// Every entry of the archive, in directory order, located and checked but not yet decoded.
Status read_directory(const uint8_t* b, size_t size, const std::string& what, std::vector<Entry>& entries) {
  Directory dir;
  BN_RETURN_IF_ERROR(read_end_record(b, size, what, dir));
  std::set<std::string> names;
  size_t at = dir.offset;
  for (uint32_t i = 0; i < dir.count; ++i) {
    Entry e;
    BN_RETURN_IF_ERROR(read_entry(b, dir, at, what, e));
    if (!names.insert(e.name).second)
      return Status::error(what + ": two arrays are named '" + printable(e.name, kShownChars) + "'; save each name once");
    entries.push_back(std::move(e));
  }
  if (at != dir.end) return Status::error(corrupt(what, "the central directory is longer than its entries"));
  return check_no_overlap(entries, what);
}

}  // namespace

Status check_npz_arrays(const std::vector<NamedArray>& arrays, const std::string& what) {
  if (arrays.size() > kMaxEntries)
    return Status::error(what + ": " + std::to_string(arrays.size()) + " arrays, at most " + std::to_string(kMaxEntries) +
                         " fit in an .npz without ZIP64; merge some of them");
  std::set<std::string> names;
  uint64_t total = kEndLen;
  for (const NamedArray& a : arrays) {
    std::string at = what + ": array '" + printable(a.name, kShownChars) + "'";
    if (a.name.empty() || a.name.find('\0') != std::string::npos || a.name.size() + kNpySuffixLen > 0xffff)
      return Status::error(at + ": a name must be 1 to 65531 bytes without NUL; rename it");
    if (!names.insert(a.name).second) return Status::error(at + ": the name is used twice; give each array its own");
    if (a.shape.size() > static_cast<size_t>(kMaxRank))
      return Status::error(at + ": rank " + std::to_string(a.shape.size()) + ", at most " + std::to_string(kMaxRank) + " is supported");
    // Saturates at 2^40 instead of overflowing: past that the 4 GiB check below fails anyway.
    const uint64_t cap = uint64_t{1} << 40;
    uint64_t count = 1;
    for (int d : a.shape) {
      if (d < 0) return Status::error(at + ": shape " + shape_repr(a.shape) + " has a negative dimension");
      count = d != 0 && count > cap / static_cast<uint64_t>(d) ? cap : count * static_cast<uint64_t>(d);
    }
    if (count != a.data.size())
      return Status::error(at + ": shape " + shape_repr(a.shape) + " holds " + std::to_string(count) + " values but " +
                           std::to_string(a.data.size()) + " were given");
    total += kLocalLen + kCentralLen + 2 * (a.name.size() + kNpySuffixLen) + 256 + 4 * count;
  }
  if (total >= 0xffffffffu)
    return Status::error(what + ": the arrays add up to over 4 GiB, which needs ZIP64 (not supported); save fewer values");
  return Status::ok();
}

std::vector<uint8_t> encode_npz(const std::vector<NamedArray>& arrays) {
  BN_ASSERT(check_npz_arrays(arrays, "encode_npz").is_ok());
  ByteWriter out, directory;
  for (const NamedArray& a : arrays) {
    std::string entry = a.name + ".npy";
    std::vector<uint8_t> npy = encode_npy(a);
    const uint32_t crc = crc32(npy.data(), npy.size()), size = static_cast<uint32_t>(npy.size());
    const auto offset = static_cast<uint32_t>(out.buffer().size());
    const auto nlen = static_cast<uint16_t>(entry.size()), flags = name_flags(entry);

    out.u32(kLocalSig);
    for (uint16_t v : {kVersion, flags, uint16_t{0} /* stored */, uint16_t{0} /* time */, kDosDate}) out.u16(v);
    for (uint32_t v : {crc, size, size}) out.u32(v);
    out.u16(nlen);
    out.u16(0);  // no extra field
    out.bytes(entry.data(), entry.size());
    out.bytes(npy.data(), npy.size());

    directory.u32(kCentralSig);
    for (uint16_t v : {kMadeBy, kVersion, flags, uint16_t{0}, uint16_t{0}, kDosDate}) directory.u16(v);
    for (uint32_t v : {crc, size, size}) directory.u32(v);
    // name length, extra, comment, disk, internal attributes
    for (uint16_t v : {nlen, uint16_t{0}, uint16_t{0}, uint16_t{0}, uint16_t{0}}) directory.u16(v);
    directory.u32(kFileMode << 16);
    directory.u32(offset);
    directory.bytes(entry.data(), entry.size());
  }
  const auto cd_offset = static_cast<uint32_t>(out.buffer().size());
  const auto cd_size = static_cast<uint32_t>(directory.buffer().size());
  const auto count = static_cast<uint16_t>(arrays.size());
  out.bytes(directory.buffer().data(), directory.buffer().size());
  out.u32(kEndSig);
  for (uint16_t v : {uint16_t{0}, uint16_t{0}, count, count}) out.u16(v);  // disk, directory disk, entries here, in all
  out.u32(cd_size);
  out.u32(cd_offset);
  out.u16(0);  // no comment
  return std::move(out.buffer());
}

Result<std::vector<NamedArray>> decode_npz(const uint8_t* bytes, size_t size, const std::string& what) {
  std::vector<Entry> entries;
  BN_RETURN_IF_ERROR(read_directory(bytes, size, what, entries));
  std::vector<NamedArray> arrays;
  arrays.reserve(entries.size());
  for (const Entry& e : entries) {
    uint32_t crc = crc32(bytes + e.data, e.size);
    if (crc != e.crc)
      return Status::error(corrupt(what, "entry '" + printable(e.name, kShownChars) + ".npy' fails its CRC-32 check (stored " + hex32(e.crc) +
                                             ", computed " + hex32(crc) + ")"));
    Result<NamedArray> a =
        decode_npy(bytes + e.data, e.size, what + ": array '" + printable(e.name, kShownChars) + "'", e.name);
    if (!a) return a.status();
    arrays.push_back(a.take());
  }
  return arrays;
}

// ---- [SECTION] files --------------------------------------------------------------------------

Status write_npz(const std::string& path, const std::vector<NamedArray>& arrays) {
  BN_RETURN_IF_ERROR(check_npz_arrays(arrays, path));
  return write_whole_file(path, encode_npz(arrays));
}

Result<std::vector<NamedArray>> read_npz(const std::string& path) {
  // A model's weights alone; the same cap as model files, which also hold optimiser state.
  constexpr size_t kMaxNpzBytes = size_t{512} << 20;
  Result<std::vector<uint8_t>> bytes = read_whole_file(path, kMaxNpzBytes);
  if (!bytes) return bytes.status();
  return decode_npz(bytes.value().data(), bytes.value().size(), path);
}

}  // namespace bn
