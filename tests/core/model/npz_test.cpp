// Tests src/core/model/npz: round trips keep names, shapes and float bits; our .npy entries are
// byte-identical to NumPy's; files written by real NumPy (tests/data/npz, made by
// make_fixtures.py) read back with the values that script prints; every truncation and byte flip
// of a valid file is handled without reading out of bounds; hand-made corrupt files are refused
// with their exact messages; and natively, np.load reads what we write
// (tests/interop/npz_numpy_check.py).
//
// Zero-size arrays and scalars (rank 0) round-trip: NumPy has them, and refusing them is the
// importer's business, not the format's.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include <unistd.h>

#include "core/model/npz.h"
#include "support/test_support.h"

namespace bn {

namespace {

const std::string kFixtures = "tests/data/npz/";

std::vector<uint8_t> file_bytes(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

float from_bits(uint32_t bits) {
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

uint32_t to_bits(float f) {
  uint32_t bits;
  std::memcpy(&bits, &f, 4);
  return bits;
}

// Bit by bit, no table: an independent check of the table-driven CRC in npz.cpp.
uint32_t crc32_bitwise(const uint8_t* p, size_t n) {
  uint32_t c = 0xffffffffu;
  for (size_t i = 0; i < n; ++i) {
    c ^= p[i];
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
  }
  return ~c;
}

uint32_t get16(const std::vector<uint8_t>& b, size_t at) { return b[at] | (b[at + 1] << 8); }
uint32_t get32(const std::vector<uint8_t>& b, size_t at) { return get16(b, at) | (get16(b, at + 2) << 16); }
void set16(std::vector<uint8_t>& b, size_t at, uint32_t v) {
  b[at] = static_cast<uint8_t>(v);
  b[at + 1] = static_cast<uint8_t>(v >> 8);
}
void set32(std::vector<uint8_t>& b, size_t at, uint32_t v) {
  set16(b, at, v & 0xffff);
  set16(b, at + 2, v >> 16);
}

// Replaces every occurrence of `from` by `to` (same length); returns how many there were.
int replace_all(std::vector<uint8_t>& b, const std::string& from, const std::string& to) {
  REQUIRE(from.size() == to.size());
  // As bytes: a char above 0x7f is negative and would never equal a uint8_t.
  const std::vector<uint8_t> f(from.begin(), from.end()), t(to.begin(), to.end());
  int n = 0;
  for (auto it = b.begin(); (it = std::search(it, b.end(), f.begin(), f.end())) != b.end(); ++n)
    it = std::copy(t.begin(), t.end(), it);
  return n;
}

// Central directory offsets of each entry of a file without a comment.
std::vector<size_t> directory(const std::vector<uint8_t>& b) {
  size_t end = b.size() - 22, at = get32(b, end + 16);
  std::vector<size_t> entries;
  for (uint32_t i = 0; i < get16(b, end + 10); ++i) {
    entries.push_back(at);
    at += 46 + get16(b, at + 28) + get16(b, at + 30) + get16(b, at + 32);
  }
  return entries;
}

// After editing entry data by hand: recomputes every CRC, in the local and central headers.
void fix_crcs(std::vector<uint8_t>& b) {
  for (size_t cd : directory(b)) {
    size_t local = get32(b, cd + 42), data = local + 30 + get16(b, local + 26) + get16(b, local + 28);
    uint32_t crc = crc32_bitwise(b.data() + data, get32(b, cd + 20));
    set32(b, cd + 16, crc);
    set32(b, local + 14, crc);
  }
}

std::vector<NamedArray> small_arrays() { return {{"w", {2, 3}, {1, 2, 3, 4, 5, 6}}}; }

// decode_npz on an exact-size heap copy, so that a read past the end is a read past the block.
Result<std::vector<NamedArray>> decode_copy(const std::vector<uint8_t>& bytes, size_t n, const std::string& what = "m.npz") {
  std::vector<uint8_t> copy(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n));
  return decode_npz(copy.data(), copy.size(), what);
}

void require_same(const std::vector<NamedArray>& got, const std::vector<NamedArray>& want) {
  REQUIRE(got.size() == want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    INFO(want[i].name);
    REQUIRE(got[i].name == want[i].name);
    REQUIRE(got[i].shape == want[i].shape);
    REQUIRE(got[i].data.size() == want[i].data.size());
    for (size_t k = 0; k < want[i].data.size(); ++k) REQUIRE(to_bits(got[i].data[k]) == to_bits(want[i].data[k]));
  }
}

// Arrays of every rank, nested and UTF-8 names, an empty array and a scalar, random values plus the float
// values a careless conversion would change (-0, infinities, NaN payloads, subnormals).
std::vector<NamedArray> varied_arrays() {
  std::vector<NamedArray> arrays = {
      {"encoder/dense_0/kernel", {7, 5}, {}}, {"encoder/dense_0/bias", {5}, {}},
      {"conv/kernel", {3, 3, 2, 4}, {}},     {"decoder/x", {2, 1, 3}, {}},
      {"scale", {}, {}},                      {"empty", {0}, {}},
      {"empty/inner", {2, 0, 3}, {}},         {"d\xc3\xa9" "codeur/kernel", {2, 2}, {}},
  };
  Rng rng(7);
  for (NamedArray& a : arrays) {
    size_t n = 1;
    for (int d : a.shape) n *= static_cast<size_t>(d);
    a.data.resize(n);
    test::fill_uniform(a.data.data(), n, rng, -3.f, 3.f);
  }
  arrays.push_back({"special", {10},
                    {-0.f, std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity(),
                     from_bits(0x7fc00123), from_bits(0xffa00001), from_bits(0x00000001), from_bits(0x807fffff),
                     std::numeric_limits<float>::max(), std::numeric_limits<float>::lowest(), 1.f / 3.f}});
  return arrays;
}

// A fresh directory under the system temp dir, removed with everything in it when the test case
// ends, passed or not. The pid and clock keep the native and wasm runs, which ctest may start
// together, apart.
class TempDir {
 public:
  TempDir() {
    auto tick = std::chrono::steady_clock::now().time_since_epoch().count();
    path_ = std::filesystem::temp_directory_path() /
            ("bn_npz_test_" + std::to_string(getpid()) + "_" + std::to_string(tick));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace

TEST_CASE("npz entries carry the zip CRC-32 of their bytes", "[model][npz]") {
  // The standard check value of CRC-32 (ISO-HDLC), then a file with a known CRC.
  const char* check = "123456789";
  REQUIRE(crc32_bitwise(reinterpret_cast<const uint8_t*>(check), 9) == 0xcbf43926u);
  std::vector<uint8_t> b = encode_npz(small_arrays());
  size_t data = 30 + get16(b, 26);
  REQUIRE(get32(b, 14) == crc32_bitwise(b.data() + data, get32(b, 18)));
}

TEST_CASE("npz round trip keeps names, shapes and every float bit", "[model][npz]") {
  std::vector<NamedArray> arrays = varied_arrays();
  REQUIRE(check_npz_arrays(arrays, "m.npz").is_ok());
  std::vector<uint8_t> bytes = encode_npz(arrays);
  auto back = decode_npz(bytes.data(), bytes.size(), "m.npz");
  REQUIRE(back.is_ok());
  require_same(back.value(), arrays);
  // Same arrays, same bytes: entry dates are fixed.
  REQUIRE(encode_npz(arrays) == bytes);

  auto none = decode_npz(encode_npz({}).data(), 22, "m.npz");
  REQUIRE(none.is_ok());
  REQUIRE(none.value().empty());

  TempDir dir;
  std::string path = dir.file("round_trip.npz");
  REQUIRE(write_npz(path, arrays).is_ok());
  auto read = read_npz(path);
  REQUIRE(read.is_ok());
  require_same(read.value(), arrays);
  REQUIRE(read_npz(path + ".missing").message() == path + ".missing: no such file; check the path");
}

TEST_CASE("npz entries are laid out as NumPy lays them out", "[model][npz]") {
  std::vector<uint8_t> b = encode_npz({{"encoder/kernel", {2, 3}, {1, 2, 3, 4, 5, 6}}});
  const std::string entry = "encoder/kernel.npy";
  REQUIRE(std::string(b.begin() + 30, b.begin() + 30 + static_cast<std::ptrdiff_t>(entry.size())) == entry);
  size_t npy = 30 + entry.size();
  size_t hlen = get16(b, npy + 8);
  std::string header(b.begin() + static_cast<std::ptrdiff_t>(npy + 10), b.begin() + static_cast<std::ptrdiff_t>(npy + 10 + hlen));
  // The dict, 20 spaces so the first dimension can grow to 21 digits, padding to 64, '\n'.
  REQUIRE(header.rfind("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }" + std::string(20, ' '), 0) == 0);
  REQUIRE(header.back() == '\n');
  REQUIRE((10 + hlen) % 64 == 0);
  REQUIRE(get32(b, npy + 10 + hlen + 4) == to_bits(2.f));  // little-endian float32, C order

  // Our .npy entries appear verbatim inside the files NumPy wrote (whose zip headers differ).
  std::vector<uint8_t> numpy_file = file_bytes(kFixtures + "numpy_f4.npz");
  if (numpy_file.empty()) FAIL(kFixtures << "numpy_f4.npz not found; run the tests from the repository root");
  auto fixture = decode_npz(numpy_file.data(), numpy_file.size(), "numpy_f4.npz");
  REQUIRE(fixture.is_ok());
  for (const NamedArray& a : fixture.value()) {
    INFO(a.name);
    std::vector<uint8_t> ours = encode_npz({a});
    size_t start = 30 + a.name.size() + 4, size = get32(ours, 18);
    auto first = ours.begin() + static_cast<std::ptrdiff_t>(start);
    REQUIRE(std::search(numpy_file.begin(), numpy_file.end(), first, first + static_cast<std::ptrdiff_t>(size)) != numpy_file.end());
  }
}

TEST_CASE("npz files written by NumPy are read with their names, shapes and values", "[model][npz]") {
  // Expected values as tests/data/npz/make_fixtures.py prints them.
  const float third = 0.33333334f;
  const std::vector<std::pair<std::string, std::vector<NamedArray>>> fixtures = {
      {"numpy_f4.npz",
       {{"encoder/kernel", {2, 3}, {-0.625f, -0.375f, -0.125f, 0.125f, 0.375f, 0.625f}},
        {"encoder/bias", {3}, {third, -1e-08f, 3.4e+38f}},
        {"conv/kernel", {1, 2, 2, 1}, {0.5f, -0.25f, 2.0f, 0.001f}}}},
      {"numpy_f8.npz",
       {{"w", {2, 2}, {0.1f, -2.5f, 0.001f, 7.0f}}, {"b", {1}, {3.1415927f}}}},
      {"numpy_v2_v3.npz", {{"v2", {2}, {1.5f, -1.5f}}, {"v3", {2, 1}, {4.0f, 8.0f}}}},
      {"numpy_streamed.npz", {{"x", {3}, {1.0f, 2.0f, 3.0f}}}},
  };
  for (const auto& [file, want] : fixtures) {
    INFO(file << ": regenerate with python3 tests/data/npz/make_fixtures.py, run from the repository root");
    auto got = read_npz(kFixtures + file);
    INFO(got.message());
    REQUIRE(got.is_ok());
    require_same(got.value(), want);
  }
}

TEST_CASE("npz files NumPy writes but we cannot use are refused, saying what to do", "[model][npz]") {
  const std::pair<const char*, const char*> cases[] = {
      {"numpy_compressed.npz", "entry 'x.npy' is compressed; save with np.savez, not np.savez_compressed"},
      {"numpy_int32.npz",
       "array 'x': dtype '<i4' (int32) is not supported, only float32 '<f4' and float64 '<f8' are; save "
       "arr.astype(np.float32) instead"},
      {"numpy_big_endian.npz", "array 'x': dtype '>f4' is big-endian; save arr.astype('<f4') instead"},
      {"numpy_fortran.npz",
       "array 'x': stored in Fortran order (column-major); save np.ascontiguousarray(arr) instead"},
  };
  for (const auto& [file, message] : cases) {
    auto got = read_npz(kFixtures + file);
    REQUIRE_FALSE(got.is_ok());
    REQUIRE(got.message() == kFixtures + file + ": " + message);
  }
}

TEST_CASE("every truncation and byte flip of an npz is handled without reading out of bounds", "[model][npz]") {
  std::vector<uint8_t> valid = encode_npz({{"a/b", {2, 2}, {1, 2, 3, 4}}, {"c", {}, {5}}});
  REQUIRE(decode_copy(valid, valid.size()).is_ok());
  for (size_t n = 0; n < valid.size(); ++n) {
    INFO("truncated to " << n << " of " << valid.size() << " bytes");
    auto r = decode_copy(valid, n);
    REQUIRE_FALSE(r.is_ok());
    REQUIRE(r.message().find("m.npz: ") == 0);
  }
  // A flipped byte in a field nobody checks (a date, the file mode) still decodes; one inside an
  // entry's .npy bytes never does, as the CRC covers them. Nothing may crash either way.
  std::vector<bool> in_entry(valid.size(), false);
  for (size_t cd : directory(valid)) {
    size_t local = get32(valid, cd + 42), data = local + 30 + get16(valid, local + 26) + get16(valid, local + 28);
    std::fill(in_entry.begin() + static_cast<std::ptrdiff_t>(data),
              in_entry.begin() + static_cast<std::ptrdiff_t>(data + get32(valid, cd + 20)), true);
  }
  for (size_t i = 0; i < valid.size(); ++i) {
    for (uint8_t mask : {0x01, 0x80, 0xff}) {
      INFO("byte " << i << " ^= " << int{mask});
      std::vector<uint8_t> b = valid;
      b[i] ^= mask;
      auto r = decode_copy(b, b.size());
      if (in_entry[i]) REQUIRE_FALSE(r.is_ok());
      if (r.is_ok()) REQUIRE(r.value().size() == 2);
    }
  }
}

TEST_CASE("corrupt npz inputs are refused with a message that names the problem", "[model][npz]") {
  const std::vector<uint8_t> valid = encode_npz(small_arrays());
  const std::vector<uint8_t> two = encode_npz({{"a", {2}, {1, 2}}, {"b", {1}, {3}}});
  const size_t cd = directory(valid)[0], end = valid.size() - 22;
  auto edit = [](std::vector<uint8_t> b, auto f) {
    f(b);
    return b;
  };
  auto patch = [&](const std::string& from, const std::string& to, bool crc = true) {
    return edit(valid, [&](std::vector<uint8_t>& b) {
      INFO("patching " << from);
      REQUIRE(replace_all(b, from, to) > 0);
      if (crc) fix_crcs(b);
    });
  };
  // The shape, its closing brace and the 20 spaces NumPy leaves for it to grow.
  const std::string padded_shape = "(2, 3), }" + std::string(20, ' ');
  auto pad = [&](std::string s) {
    s.resize(padded_shape.size(), ' ');
    return s;
  };
  std::vector<uint8_t> npy_only(valid.begin() + 35, valid.begin() + static_cast<std::ptrdiff_t>(cd));
  std::vector<uint8_t> not_zip = {'h', 'e', 'l', 'l', 'o'};
  not_zip.resize(100, ' ');

  struct Case {
    const char* what;
    std::vector<uint8_t> bytes;
    std::string message;
  };
  const Case cases[] = {
      {"empty", {}, "m.npz: not a zip archive (no end-of-central-directory record); an .npz file is written by np.savez"},
      {"not a zip", not_zip, "m.npz: not a zip archive (no end-of-central-directory record); an .npz file is written by np.savez"},
      {"a bare .npy", npy_only, "m.npz: a single .npy array (np.save), not an .npz archive; save with np.savez(file, name=arr)"},
      {"truncated", std::vector<uint8_t>(valid.begin(), valid.end() - 1),
       "m.npz: the zip archive has no end-of-central-directory record (truncated?); the file is corrupt, write it again with np.savez"},
      {"trailing bytes", edit(valid, [](std::vector<uint8_t>& b) { b.push_back(0); }),
       "m.npz: the zip archive has no end-of-central-directory record (truncated?); the file is corrupt, write it again with np.savez"},
      {"flipped data byte", edit(valid, [](std::vector<uint8_t>& b) { b[b.size() / 2] ^= 1; }), ""},
      {"compressed entry", edit(valid, [&](std::vector<uint8_t>& b) { set16(b, cd + 10, 8); }),
       "m.npz: entry 'w.npy' is compressed; save with np.savez, not np.savez_compressed"},
      {"bzip2 entry", edit(valid, [&](std::vector<uint8_t>& b) { set16(b, cd + 10, 12); }),
       "m.npz: entry 'w.npy' uses zip compression method 12; save with np.savez, which stores entries uncompressed"},
      {"encrypted", edit(valid, [&](std::vector<uint8_t>& b) { set16(b, cd + 8, 1); }),
       "m.npz: entry 'w.npy' is encrypted; save the arrays with np.savez, without a password"},
      {"ZIP64 sizes", edit(valid, [&](std::vector<uint8_t>& b) { set32(b, cd + 24, 0xffffffffu); }),
       "m.npz: ZIP64 archive (over 4 GiB or 65535 arrays), which is not supported; save fewer or smaller arrays"},
      {"ZIP64 end record", edit(valid, [&](std::vector<uint8_t>& b) { set32(b, end + 16, 0xffffffffu); }),
       "m.npz: ZIP64 archive (over 4 GiB or 65535 arrays), which is not supported; save fewer or smaller arrays"},
      {"split archive", edit(valid, [&](std::vector<uint8_t>& b) { set16(b, end + 4, 1); }),
       "m.npz: a zip archive split across several parts; join them into one file with np.savez"},
      {"damaged directory entry", edit(valid, [&](std::vector<uint8_t>& b) { set32(b, cd, 0); }),
       "m.npz: central directory entry at byte " + std::to_string(cd) +
           " is damaged; the file is corrupt, write it again with np.savez"},
      {"directory past the end", edit(valid, [&](std::vector<uint8_t>& b) { set32(b, end + 16, static_cast<uint32_t>(end)); }),
       "m.npz: the central directory lies outside the file; the file is corrupt, write it again with np.savez"},
      {"local header moved", edit(valid, [&](std::vector<uint8_t>& b) { set32(b, cd + 42, 1); }),
       "m.npz: the local header of entry 'w.npy' is missing; the file is corrupt, write it again with np.savez"},
      {"entry size past the directory", edit(valid, [&](std::vector<uint8_t>& b) { set32(b, cd + 20, 5000); set32(b, cd + 24, 5000); }),
       "m.npz: the data of entry 'w.npy' runs past the end of the archive (truncated?); the file is corrupt, write it again with np.savez"},
      {"not .npy", patch("w.npy", "w.txt", false),
       "m.npz: entry 'w.txt' is not a .npy array; an .npz holds only arrays, as np.savez writes them"},
      {"duplicate names", edit(two, [](std::vector<uint8_t>& b) { replace_all(b, "b.npy", "a.npy"); }),
       "m.npz: two arrays are named 'a'; save each name once"},
      {"overlapping entries", edit(two, [](std::vector<uint8_t>& b) {
         size_t a = directory(b)[0], cd_offset = get32(b, b.size() - 22 + 16);
         set32(b, a + 20, static_cast<uint32_t>(cd_offset - 35));  // entry a now spans entry b
         set32(b, a + 24, static_cast<uint32_t>(cd_offset - 35));
       }),
       "m.npz: entries 'a.npy' and 'b.npy' overlap; the file is corrupt, write it again with np.savez"},
      {"bad NPY magic", patch("\x93NUMPY", "\x93NUMPX"),
       "m.npz: array 'w': not an NPY array (no \\x93NUMPY magic); the file is corrupt or was not written by np.savez"},
      {"NPY version 4", patch("NUMPY\x01", "NUMPY\x04"),
       "m.npz: array 'w': NPY format version 4.0 is not supported (1.0, 2.0 and 3.0 are); save the array with np.savez"},
      {"big-endian", patch("'<f4'", "'>f4'"), "m.npz: array 'w': dtype '>f4' is big-endian; save arr.astype('<f4') instead"},
      {"int32", patch("'<f4'", "'<i4'"),
       "m.npz: array 'w': dtype '<i4' (int32) is not supported, only float32 '<f4' and float64 '<f8' are; save "
       "arr.astype(np.float32) instead"},
      {"unicode", patch("'<f4'", "'<U1'"),
       "m.npz: array 'w': dtype '<U1' is not supported, only float32 '<f4' and float64 '<f8' are; save "
       "arr.astype(np.float32) instead"},
      {"escape sequence in a name", edit(valid, [](std::vector<uint8_t>& b) {
         REQUIRE(replace_all(b, "w.npy", "\x1b.npy") == 2);
         REQUIRE(replace_all(b, "'<f4'", "'<i4'") == 1);
         fix_crcs(b);
       }),
       "m.npz: array '\\x1B': dtype '<i4' (int32) is not supported, only float32 '<f4' and float64 '<f8' are; save "
       "arr.astype(np.float32) instead"},
      {"object", patch("'<f4'", "'|O' "),
       "m.npz: array 'w': dtype '|O' is an object array (Python objects, not numbers); save "
       "np.asarray(arr, dtype=np.float32) instead"},
      {"structured", patch("'<f4'", "[()] "),
       "m.npz: array 'w': structured dtype (a record of fields); save each field as its own float32 array"},
      {"Fortran order", patch("False", "True "),
       "m.npz: array 'w': stored in Fortran order (column-major); save np.ascontiguousarray(arr) instead"},
      {"shape too big for the data", patch("(2, 3)", "(2, 4)"),
       "m.npz: array 'w': shape (2, 4) of '<f4' needs 32 bytes of data but the entry holds 24 bytes; the file is "
       "corrupt"},
      {"huge shape", patch(padded_shape, pad("(2147483647, 2147483647), }")),
       "m.npz: array 'w': shape (2147483647, 2147483647) of '<f4' needs over 16 GiB of data but the entry holds "
       "24 bytes; "
       "the file is corrupt"},
      {"rank 5", patch(padded_shape, pad("(1, 1, 1, 2, 3), }")),
       "m.npz: array 'w': shape (1, 1, 1, 2, 3) has rank 5, at most 4 is supported; reshape it before saving"},
      {"negative dimension", patch("(2, 3)", "(-2, 3"),
       "m.npz: array 'w': cannot read the NPY header (shape holds something other than non-negative integers): "
       "\"{'descr': '<f4', 'fortran_order': False, 'shape': (-2, 3, }\"; the file is corrupt or "
       "was not written by np.savez"},
      {"missing key", patch("'fortran_order'", "'fortran_ordex'"),
       "m.npz: array 'w': cannot read the NPY header (unexpected or repeated key 'fortran_ordex'): \"{'descr': "
       "'<f4', 'fortran_ordex': False, 'shape': (2, 3), }\"; the file is corrupt or was not "
       "written by np.savez"},
      {"float64 out of float32 range", edit(encode_npz({{"w", {2}, {0.f, from_bits(0x47f00000)}}}), [](std::vector<uint8_t>& b) {
         REQUIRE(replace_all(b, "'<f4'", "'<f8'") == 1);
         REQUIRE(replace_all(b, "(2,)", "(1,)") == 1);
         fix_crcs(b);
       }),
       "m.npz: array 'w': value 3.40282e+38 at flat index 0 does not fit in float32; clip or rescale the array "
       "before saving"},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    auto r = decode_copy(c.bytes, c.bytes.size());
    REQUIRE_FALSE(r.is_ok());
    if (std::string(c.what) == "flipped data byte") {
      REQUIRE(r.message().rfind("m.npz: entry 'w.npy' fails its CRC-32 check (stored 0x", 0) == 0);
      REQUIRE(r.message().find("; the file is corrupt, write it again with np.savez") != std::string::npos);
    } else {
      REQUIRE(r.message() == c.message);
    }
  }
}

TEST_CASE("npz arrays that cannot be written are refused before encoding", "[model][npz]") {
  const std::pair<std::vector<NamedArray>, std::string> cases[] = {
      {{{"", {1}, {1}}}, "out.npz: array '': a name must be 1 to 65531 bytes without NUL; rename it"},
      {{{"a", {1}, {1}}, {"a", {1}, {2}}}, "out.npz: array 'a': the name is used twice; give each array its own"},
      {{{"a", {1, 1, 1, 1, 1}, {1}}}, "out.npz: array 'a': rank 5, at most 4 is supported"},
      {{{"a", {-1}, {}}}, "out.npz: array 'a': shape (-1,) has a negative dimension"},
      {{{"a", {2, 3}, {1, 2}}}, "out.npz: array 'a': shape (2, 3) holds 6 values but 2 were given"},
  };
  for (const auto& [arrays, message] : cases) {
    REQUIRE(check_npz_arrays(arrays, "out.npz").message() == message);
    REQUIRE(write_npz("out.npz", arrays).message() == message);
  }
  REQUIRE(write_npz("/nonexistent-dir/out.npz", small_arrays()).message() ==
          "/nonexistent-dir/out.npz: cannot write (No such file or directory); check the directory exists and is writable");
}

TEST_CASE("np.load reads what write_npz writes (python3 with numpy)", "[model][npz]") {
  std::vector<NamedArray> arrays = varied_arrays();
  TempDir dir;
  std::string npz = dir.file("for_numpy.npz"), json = dir.file("for_numpy.json");
  REQUIRE(write_npz(npz, arrays).is_ok());
  REQUIRE(read_npz(npz).is_ok());
#if defined(__EMSCRIPTEN__)
  SUCCEED("the np.load check runs in the native test binary; Node cannot start python3");
#else
  // The expected arrays as JSON; %.9g gives back the same float32, and the checker reads
  // integers as floats so -0 keeps its sign.
  {
    FILE* f = std::fopen(json.c_str(), "w");
    REQUIRE(f);
    std::fprintf(f, "{\"arrays\": [");
    for (size_t i = 0; i < arrays.size(); ++i) {
      std::fprintf(f, "%s\n {\"name\": \"%s\", \"shape\": [", i ? "," : "", arrays[i].name.c_str());
      for (size_t d = 0; d < arrays[i].shape.size(); ++d) std::fprintf(f, "%s%d", d ? ", " : "", arrays[i].shape[d]);
      std::fprintf(f, "], \"values\": [");
      for (size_t k = 0; k < arrays[i].data.size(); ++k) {
        float v = arrays[i].data[k];
        const char* sep = k ? ", " : "";
        if (std::isnan(v)) std::fprintf(f, "%sNaN", sep);
        else if (std::isinf(v)) std::fprintf(f, "%s%sInfinity", sep, v < 0 ? "-" : "");
        else std::fprintf(f, "%s%.9g", sep, static_cast<double>(v));
      }
      std::fprintf(f, "]}");
    }
    std::fprintf(f, "\n]}\n");
    REQUIRE(std::fclose(f) == 0);
  }
  const std::string script = "tests/interop/npz_numpy_check.py";
  if (!std::ifstream(script).good()) FAIL(script << " not found; run the tests from the repository root");

  // The first interpreter that can import numpy: $BN_PYTHON, then python3 on PATH, then the
  // system one (a pyenv python3 first on PATH often lacks the Debian package).
  std::vector<std::string> candidates;
  if (const char* env = std::getenv("BN_PYTHON")) candidates.push_back(env);
  candidates.insert(candidates.end(), {"python3", "/usr/bin/python3"});
  std::string python;
  for (const std::string& c : candidates)
    if (std::system(("'" + c + "' -c 'import numpy' >/dev/null 2>&1").c_str()) == 0) {
      python = c;
      break;
    }
  if (python.empty())
    FAIL("no python3 with numpy (tried $BN_PYTHON, python3, /usr/bin/python3): install it with "
         "apt-get install -y python3-numpy, or set BN_PYTHON to a python that has numpy");
  std::string command = "'" + python + "' " + script + " '" + npz + "' '" + json + "' --same-bytes-as-numpy";
  INFO(command);
  REQUIRE(std::system(command.c_str()) == 0);
#endif
}

}  // namespace bn
