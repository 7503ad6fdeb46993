# ctest helper: fails unless PNG (a path) is a PNG file of exactly WIDTH x HEIGHT pixels.
#   cmake -DPNG=shot.png -DWIDTH=1280 -DHEIGHT=800 -P check_png.cmake
# Reads only the signature and the IHDR chunk; whether the picture shows anything is checked by
# bottleneck-desktop itself when it saves it.
if(NOT EXISTS "${PNG}")
  message(FATAL_ERROR "${PNG}: missing; bottleneck-desktop --screenshot did not write it (see the test before this one)")
endif()
file(READ "${PNG}" head LIMIT 24 HEX)
string(SUBSTRING "${head}" 0 32 signature)  # 8-byte signature, IHDR length, "IHDR"
if(NOT signature STREQUAL "89504e470d0a1a0a0000000d49484452")
  message(FATAL_ERROR "${PNG}: not a PNG file (first bytes ${head})")
endif()
string(SUBSTRING "${head}" 32 8 w_hex)
string(SUBSTRING "${head}" 40 8 h_hex)
math(EXPR w "0x${w_hex}")
math(EXPR h "0x${h_hex}")
if(NOT w EQUAL WIDTH OR NOT h EQUAL HEIGHT)
  message(FATAL_ERROR "${PNG}: ${w}x${h} pixels, expected ${WIDTH}x${HEIGHT} (the window's size under Xvfb)")
endif()
message(STATUS "${PNG}: PNG, ${w}x${h}")
