// Package vnenc reads the legacy Vietnamese text encodings still found in
// spreadsheets, CSV exports and .dbf attribute tables, and turns them into
// NFC Unicode text.
//
// Each [Encoding] is one of [UTF8], [Windows1258] (code page 1258), [TCVN3]
// (TCVN 5712:1993 VN3, the "ABC" encoding of the .VnTime fonts) and [VNI]
// (the VNI-Windows fonts). [Decode] and [AppendDecode] convert and report
// unmapped bytes as errors wrapping [ErrInvalid], never silently; [Encode]
// goes the other way. [Detect] guesses the encoding of a sample, and says
// [Unknown] when the sample cannot tell.
//
// Everything here is pure and safe for concurrent use. How detection
// scores a sample, and what TCVN3 cannot say, are in the [design note].
//
// [design note]: https://github.com/diachi-vn/diachi/blob/main/docs/design.md#addressvnenc
package vnenc
