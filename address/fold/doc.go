// Package fold holds the two things every reader of Vietnamese addresses
// in this module shares: the folding of text into matching keys, and the
// one table of the type words of units, streets and alleys.
//
//   - [Key] folds a text to lower-case ASCII letters and digits without
//     diacritics ("Thành phố Hồ Chí Minh" -> "thanh pho ho chi minh");
//     [AppendWord] is the key of one word without spaces, [AppendLower]
//     the letters as written in lower case, [AppendForms] both at once,
//     and [Plain] the text without diacritics, case kept, for display.
//   - [TypeWords] yields each way of writing a type word ("Phường", "P",
//     "F"; "Đường", "Đ.", "Đg."; "Quốc lộ", "QL"; "Ngõ"…) with its [Kind]
//     and [Class]; [CutType] cuts one from the start of a key and
//     [NameKey] gives the key a street or an alley is matched by.
//
// Package admin matches unit names, package address reads addresses,
// package numbering reads alley numbers and OpenStreetMap names, and
// package registry finds streets from text, all with these functions and
// this table: a word added here is known everywhere. It is public so that
// a program keying addresses of its own (a deduplication, an index) gets
// the very keys the library matches with. Keys are for comparing and
// indexing only; the text the user gave is never replaced by one.
// Everything here is immutable and safe for concurrent use; the Append
// functions allocate nothing for text in NFC when dst has the room.
package fold
