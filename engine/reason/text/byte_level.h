#pragma once
// Byte-level BPE plumbing shared by the tokenizer and the streaming decoder: GPT-2's reversible
// byte <-> printable-character map, and UTF-8 decoding that replaces bad bytes exactly as
// Python's bytes.decode("utf-8", errors="replace") does (one U+FFFD per maximal ill-formed
// subpart), so decoded text matches the original tokenizer character for character.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace mr::reason::bytelevel {

// The character (as UTF-8) that stands for byte b inside vocabulary tokens.
const std::array<std::string, 256>& byteToChars();

// Maps a vocabulary token written with the byte characters back to its raw bytes. Characters that
// are not byte characters are kept as their UTF-8 bytes (they only occur in added tokens).
std::string tokenToBytes(std::string_view token);

// Length of the longest prefix of `bytes` that can be decoded now: complete characters and
// definitely ill-formed bytes are decodable; an incomplete but so-far valid sequence at the very
// end is not (more bytes may complete it).
size_t decodablePrefix(std::string_view bytes);

// Appends `bytes` decoded as UTF-8 to `out`, replacing ill-formed parts with U+FFFD like Python.
void appendUtf8Replacing(std::string& out, std::string_view bytes);
std::string utf8Replacing(std::string_view bytes);

}  // namespace mr::reason::bytelevel
