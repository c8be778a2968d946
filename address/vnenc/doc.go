// Package vnenc reads the legacy Vietnamese text encodings still found in
// spreadsheets, CSV exports and .dbf attribute tables, and turns them into
// NFC Unicode text.
//
// The encodings are [UTF8] (with or without a byte order mark),
// [Windows1258] (code page 1258: base letters followed by combining tone
// marks), [TCVN3] (TCVN 5712:1993 VN3, the single-byte "ABC" encoding of the
// .VnTime fonts) and [VNI] (the VNI-Windows fonts: an ASCII vowel followed
// by one mark byte, with single bytes for đ, ơ, ư, ỵ and the toned i).
// [Decode] and [AppendDecode] convert and report unmapped bytes as errors
// wrapping [ErrInvalid]; [Encode] goes the other way.
//
// [Detect] guesses the encoding of a sample: valid UTF-8 wins outright;
// otherwise each legacy encoding decodes the sample and is scored by the
// share of words that come out as well-formed Vietnamese syllables. Short
// or ASCII-only samples are undecidable, since all four encodings agree on
// ASCII: Detect then says [Unknown]. TCVN3 has no toned capitals: they were
// typed in separate "H" fonts at the lower-case byte values, so Decode
// returns those letters in lower case and cannot do better without the
// font name.
package vnenc
