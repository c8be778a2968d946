// Package fold holds what every reader of Vietnamese addresses in this
// module shares: the folding of text into matching keys, and the one table
// of the type words of units, streets and alleys.
//
//   - [Key] folds a text to lower-case ASCII letters and digits ("Thành
//     phố Hồ Chí Minh" -> "thanh pho ho chi minh"); [AppendWord] is the key
//     of a word without spaces, [AppendLower] its letters in lower case,
//     [AppendForms] both at once; [Plain] drops diacritics for display.
//   - [TypeWords] yields each way of writing a type word ("Phường", "P",
//     "F"; "Đường", "Đ."; "Quốc lộ", "QL"; "Ngõ"…) with its [Kind] and
//     [Class]; [CutType] cuts one from the start of a key, and [NameKey]
//     gives the key a street or an alley is matched by.
//
// Keys are for comparing and indexing only, never shown in place of the
// text the user gave. Everything here is immutable and safe for concurrent
// use; the Append functions allocate nothing for NFC text when dst has the
// room. What the table holds and why is in the [design note].
//
// [design note]: https://github.com/diachi-vn/diachi/blob/main/docs/design.md#addressfold
package fold
