# Turns a file into a C++ header holding its bytes, so the binary carries its own default
# configuration (systemd/missionwatch.toml) without a second copy in the source tree.
# Run at build time by daemon/CMakeLists.txt:
#   cmake -DINPUT=<file> -DOUTPUT=<header> -DSYMBOL=<name> -P embed_file.cmake
# The header defines `inline constexpr unsigned char <SYMBOL>[]` (no trailing NUL). Bytes are
# written as numbers, so any content (quotes, UTF-8, ")delimiter\"") is safe.
file(READ "${INPUT}" hex HEX)
string(LENGTH "${hex}" hex_length)
if(hex_length EQUAL 0)
  message(FATAL_ERROR "embed_file: ${INPUT} is empty")
endif()
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
# Break the initializer into lines of 16 bytes so compilers and diffs stay comfortable.
string(REGEX REPLACE "((0x[0-9a-f][0-9a-f],){16})" "\\1\n" bytes "${bytes}")
file(WRITE "${OUTPUT}.tmp"
     "// Generated from ${INPUT} by daemon/embed_file.cmake. Do not edit.\n"
     "#pragma once\n\nnamespace mw {\n\ninline constexpr unsigned char ${SYMBOL}[] = {\n"
     "${bytes}\n};\n\n}  // namespace mw\n")
# Only touch the header when the bytes changed, so unrelated builds do not recompile config.cpp.
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
