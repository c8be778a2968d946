// Package clean is the cleaning job for a whole list of addresses typed by
// people (a land, police or postal office's CSV): every row is read with
// [address.ParseWith], checked and converted, and written back with the
// input's columns first, unchanged, then the columns of [AddedColumns]
// (the parts read, the units with their codes, the official and legacy
// forms, the postcode, status, candidates, repairs, duplicate_of, error).
//
// A [Cleaner] ([New]) turns the cells of a row into a [Row]; a [Reader]
// reads CSV or TSV as spreadsheets export it and keeps a bad row as a
// [RowError] in place; a [Dedup] points each later row with the same
// address ([Row.Key]) to the first; a [Summary] counts the run. Bad rows
// stay in place as error rows with their reason: the output has one row per
// input row.
//
// A Cleaner serves any number of goroutines; a Dedup and a Reader do not.
// The decisions, the same for every runner of the job, are in the
// [design note].
//
// [design note]: https://github.com/diachi-vn/diachi/blob/main/docs/design.md#addressclean
package clean
